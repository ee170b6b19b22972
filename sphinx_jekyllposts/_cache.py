"""ABlog's archive pages and feeds, written only when what they show changed.

ABlog connects two ``html-collect-pages`` handlers that redo all their work on every
build, a no-op one included (``ablog/__init__.py`` ``setup``,
``ablog/post.py`` ``generate_archive_pages`` and ``generate_atom_feeds``): every archive
page renders the excerpt of each of its posts again, and every feed renders each of
its posts again, deep copy, reference resolution and HTML translation, once per feed
the post is in (``Post.to_html``, ``ablog/blog.py``).

This module replaces those two listeners (``app.disconnect``/``app.connect``, the
same priority) by wrappers around ABlog's own functions:

- archive pages: ABlog's generator still decides which pages there are and with
  what context; a page whose key (its posts' metadata and excerpts, the blog-wide
  metadata its sidebars show, the HTML configuration) is the one of the last build,
  and whose file exists, is not handed to Sphinx again. The pages handed over list
  their posts as :class:`ListedPost`, whose ``to_html`` (which ``collection.html``
  calls for each post it lists) renders an excerpt once for every page where its
  HTML is the same;
- feeds: written as ``generate_atom_feeds`` writes them (the same entries, in the
  same order, with the same ``FeedGenerator`` calls), but a feed whose key is
  unchanged is not written again, and each post is rendered once per build for
  all the feeds it is in when its HTML does not depend on the feed's location
  (no cross-references or downloads, which are resolved relative to the feed).

Keys are kept in the environment: a signature of each post, computed when the
document is read (``doctree-read``, after ABlog), purged and merged with it; the
keys of the pages and feeds last written are kept in the doctree directory.
:func:`unchanged_output` offers the same keys to this package's own writers
(``feed.xml``, redirect pages).

Two more savings for every rebuild: ABlog's records of our posts are kept small
(:func:`lighten_post_records`) and compiled templates are kept
(:func:`keep_compiled_templates`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
import hashlib
from pathlib import Path
import pickle
import posixpath
from typing import TYPE_CHECKING, Any, NamedTuple

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

__all__ = ["setup_cache", "unchanged_output"]

logger = logging.getLogger(__name__)

#: Attribute of the environment: docname → a :class:`Signature` of each of its posts.
SIGNATURES = "jekyllposts_ablog_signatures"
#: Attribute of the environment: a digest of what ABlog's sidebars showed when the
#: documents were last written.
SIDEBARS = "jekyllposts_ablog_sidebars"
_KEYS_FILE = "jekyllposts-ablog-pages.pickle"
_KEYS_VERSION = 3

Page = tuple[str, dict[str, Any], str]
#: How ``Post.to_html`` is asked to render: ``(fulltext, img_url, drop_h1)``.
_View = tuple[bool, bool, "bool | int"]


def setup_cache(app: Sphinx) -> None:
    """Sign posts as they are read; wrap ABlog's page and feed writers."""
    app.connect("doctree-read", sign_posts, priority=900)  # after ABlog's (500)
    app.connect("doctree-read", lighten_post_records, priority=950)  # after signing
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-updated", pages_showing_changed_sidebars)
    app.connect("builder-inited", _take_over_ablog_pages, priority=900)
    app.connect("builder-inited", keep_compiled_templates, priority=950)
    app.connect("build-finished", _save_keys, priority=900)  # after the writers


def keep_compiled_templates(app: Sphinx) -> None:
    """Keep the HTML templates Jinja compiles in the doctree directory.

    Every ``sphinx-build`` process compiles each template it renders again, a
    rebuild that writes only ``genindex`` and ``search`` included (pydata-sphinx-theme's
    layout and ABlog's sidebars: 0.15 s of a no-op rebuild). Jinja checks each cached
    template against its source; the folder is keyed on what else shapes the compiled
    code (the versions of Jinja, Sphinx and this package, the environment's options).
    """
    import jinja2
    import sphinx

    from . import __version__

    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if not isinstance(environment, jinja2.Environment) or environment.bytecode_cache:
        return
    shape = _digest(
        jinja2.__version__, sphinx.__version__, __version__,
        sorted(environment.extensions), repr(environment.autoescape),
        environment.block_start_string, environment.variable_start_string,
    )  # fmt: skip
    folder = Path(app.doctreedir) / "jekyllposts-templates" / shape[:16]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    environment.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))


# -- signatures kept in the environment ---------------------------------------


class Signature(NamedTuple):
    """What an ABlog post's pages and feeds show of it, digested when it is read."""

    meta: str
    """Its metadata (title, dates, tags, …)."""
    excerpt: str
    """Its excerpt."""
    content: str
    """Its excerpt and full text."""
    excerpt_reach: tuple[int, int]
    """Where its excerpt's HTML is the same (:func:`_reach`), with absolute and with
    relative image paths."""
    content_reach: tuple[int, int]
    """Where its full text's HTML is the same, the same way."""

    def text(self, *, fulltext: bool) -> str:
        """The digest of what a rendering with or without the full text shows."""
        return self.content if fulltext else self.excerpt

    def reach(self, *, fulltext: bool, img_url: bool) -> int:
        """Where one rendering (ABlog's ``to_html`` arguments) serves every page."""
        return (self.content_reach if fulltext else self.excerpt_reach)[not img_url]


def _signatures(env: BuildEnvironment) -> dict[str, list[Signature]]:
    found: dict[str, list[Signature]] | None = getattr(env, SIGNATURES, None)
    if found is None:
        found = {}
        setattr(env, SIGNATURES, found)
    return found


def _digest(*parts: object) -> str:
    return hashlib.sha1(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _tree_digest(trees: Iterable[nodes.Node]) -> str:
    return hashlib.sha1(
        "\0".join(t.pformat() for t in trees).encode("utf-8", "surrogatepass")
    ).hexdigest()


#: How far the same HTML of a post's nodes reaches (:func:`_reach`): every page of
#: the site, the pages of one folder, or one page.
ANYWHERE, SAME_FOLDER, SAME_PAGE = 0, 1, 2


def _reach(trees: Iterable[nodes.Node]) -> tuple[int, int]:
    """Where the HTML of these nodes, rendered for one page, is the same: with
    absolute image URLs, and with image paths relative to the page.

    Cross-references, downloads, our own ``jekyllposts-…:`` links (also in raw HTML)
    and relative image paths are resolved relative to the page (or the feed): the
    same for every page of one folder. A post list is made for its page. Anything
    else renders the same everywhere.
    """
    reach = images = ANYWHERE
    for tree in trees:
        for node in tree.findall(nodes.Element):
            if type(node).__name__ == "PostList":
                return SAME_PAGE, SAME_PAGE
            if (
                isinstance(node, (addnodes.pending_xref, addnodes.download_reference))
                or str(node.get("refuri", "")).startswith("jekyllposts-")
                or (isinstance(node, nodes.raw) and "jekyllposts-" in node.astext())
            ):
                reach = SAME_FOLDER
            elif isinstance(node, nodes.image):
                images = SAME_FOLDER
    return reach, max(reach, images)


def _sign(info: Mapping[str, Any]) -> Signature:
    meta = _digest(
        *(
            info.get(k)
            for k in (
                "section", "order", "date", "update", "title", "tags", "author",
                "category", "location", "language", "redirect", "nocomments", "image",
                "exclude", "canonical_link", "external_link",
            )
        )
    )  # fmt: skip
    excerpt = info.get("excerpt") or []
    doctree = info.get("doctree")
    trees = [*excerpt, *([doctree] if doctree is not None else [])]
    return Signature(
        meta, _tree_digest(excerpt), _tree_digest(trees),
        _reach(excerpt), _reach(trees),
    )  # fmt: skip


def sign_posts(app: Sphinx, doctree: nodes.document) -> None:
    """Keep a signature of each ABlog post of the document just read."""
    env = app.env
    posts = getattr(env, "ablog_posts", {}).get(env.docname)
    signatures = _signatures(env)
    if posts:
        signatures[env.docname] = [_sign(info) for info in posts]
    else:
        signatures.pop(env.docname, None)


def lighten_post_records(app: Sphinx, doctree: nodes.document) -> None:
    """Keep ABlog's records of our posts small in the environment every build loads.

    ABlog records each post with copies of its excerpt and of its whole doctree
    (``env.ablog_posts[…]``, ``ablog/post.py`` ``process_posts``), and docutils'
    ``Element.copy`` keeps a reference to the document copied from, so each record
    also holds the complete document just read: together most of the pickled
    environment of a large blog (at N = 500, 13 of its 15 MB). The excerpt is
    detached from that document, and the doctree copy dropped: its only reader,
    ``Post.to_html(fulltext=True)``, gets the post's doctree from the doctree
    directory instead (:func:`_to_html`). The post's signature is taken before.
    """
    from .extension import get_state

    env = app.env
    if env.docname not in get_state(app).posts_by_docname:
        return
    for info in getattr(env, "ablog_posts", {}).get(env.docname, []):
        for tree in info.get("excerpt") or []:
            for node in tree.findall(include_self=True):
                vars(node).pop("_document", None)  # back to the class default, None
        info["doctree"] = None


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _signatures(env).pop(docname, None)


def _merge(
    app: Sphinx, env: BuildEnvironment, docnames: Iterable[str], other: BuildEnvironment
) -> None:
    mine, theirs = _signatures(env), _signatures(other)
    for docname in docnames:
        if docname in theirs:
            mine[docname] = theirs[docname]


def pages_showing_changed_sidebars(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The documents to write again (not read) because ABlog's sidebars on them
    would show other posts than they do (``env-updated``).

    ABlog's recent posts, tags, categories and archives are in the sidebar of every
    page ``html_sidebars`` gives them, but Sphinx writes only the documents it read:
    after one post's new title or tag, every other page would show the old lists
    until a clean build.
    """
    from sphinx.util.matching import patmatch

    shown = _digest(
        sorted((d, [s.meta for s in signed]) for d, signed in _signatures(env).items())
    )
    before = getattr(env, SIDEBARS, None)
    setattr(env, SIDEBARS, shown)
    if before is None or before == shown or app.builder.format != "html":
        return []
    patterns = [
        pattern
        for pattern, names in dict(app.config.html_sidebars or {}).items()
        if any(
            str(name).startswith("ablog/")
            for name in ([names] if isinstance(names, str) else names)
        )
    ]
    return sorted(d for d in env.all_docs if any(patmatch(d, p) for p in patterns))


def _post_signature(app: Sphinx, post: Any) -> Signature:
    """The signature of an ABlog ``Post`` (computed now if the environment lacks it)."""
    signed = _signatures(app.env).get(post.docname) or []
    index = int(post.order or 1) - 1
    if 0 <= index < len(signed):
        return signed[index]
    return _sign({**post.options, "excerpt": post.excerpt, "doctree": post.doctree})


# -- the pages and feeds of this build -----------------------------------------


class _Keys:
    """The keys of the pages and feeds written by the last build and by this one."""

    def __init__(self, app: Sphinx) -> None:
        self.doctreedir = str(app.doctreedir)
        self.path = Path(self.doctreedir) / _KEYS_FILE
        self.old: dict[str, str] = {}
        self.new: dict[str, str] = {}
        self.skipped = self.written = 0
        self.rendered: dict[tuple[str, int, str, _View], str] = {}
        """This build's renderings: ``(docname, order, page or "", view)`` → HTML."""
        self.entries: dict[tuple[str, int, str | None], Any] = {}
        """This build's ``FeedEntry`` of each post and content, shared by its feeds."""
        self.old_html: dict[tuple[str, int, _View], tuple[str, str]] = {}
        self.new_html: dict[tuple[str, int, _View], tuple[str, str]] = {}
        """Shared renderings across builds: ``(docname, order, view)`` → key, HTML."""
        self._blog: str | None = None
        try:
            with self.path.open("rb") as f:
                version, old, old_html = pickle.load(f)
            if version == _KEYS_VERSION and isinstance(old, dict):
                self.old, self.old_html = old, old_html
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
            self.old, self.old_html = {}, {}

    def unchanged(self, name: str, key: str, *outputs: Path) -> bool:
        """Record ``key`` for ``name``; whether it is last build's and every output
        file exists."""
        self.new[name] = key
        same = self.old.get(name) == key and all(o.is_file() for o in outputs)
        if same:
            self.skipped += 1
        else:
            self.written += 1
        return same

    def group_unchanged(
        self, group: str, key: str, prefix: str, outputs: Iterable[Path]
    ) -> bool:
        """:meth:`unchanged` for a whole group of outputs (all the archive pages, all
        the feeds): when it is, the last build's key of each output named ``prefix…``
        is kept for the next build too."""
        earlier = {n: k for n, k in self.old.items() if n.startswith(prefix)}
        same = self.unchanged(group, key, *outputs) and bool(earlier)
        if same:
            self.new.update(earlier)
        return same

    def blog_key(self, app: Sphinx) -> str:
        """What every page shows besides its own posts: sidebars, navigation, config."""
        if self._blog is None:
            from ablog.blog import Blog

            blog = Blog(app)
            signatures = sorted(
                (docname, [s.meta for s in signed])
                for docname, signed in _signatures(app.env).items()
            )
            titles = sorted((d, t.astext()) for d, t in app.env.titles.items())
            build_info = getattr(app.builder, "build_info", None)
            templates = getattr(app.builder, "templates", None)
            newest = getattr(templates, "newest_template_mtime", None)
            self._blog = _digest(
                signatures,
                titles,
                sorted(app.env.toctree_includes.items()),
                sorted((k, repr(v)) for k, v in blog.config.items()),
                getattr(build_info, "config_hash", ""),
                getattr(build_info, "tags_hash", ""),
                newest() if callable(newest) else 0,
                _KEYS_VERSION,
            )
        return self._blog


_KEYS: dict[int, _Keys] = {}


def _keys(app: Sphinx) -> _Keys:
    keys = _KEYS.get(id(app))
    if keys is None or keys.doctreedir != str(app.doctreedir):
        keys = _KEYS[id(app)] = _Keys(app)
    return keys


def unchanged_output(app: Sphinx, name: str, shows: object, *outputs: Path) -> bool:
    """Whether the files of ``name`` were written by the last build from the same
    ``shows`` (a value with a stable ``repr``) and are all still there."""
    return _keys(app).unchanged(name, _digest(shows, _KEYS_VERSION), *outputs)


def _take_over_ablog_pages(app: Sphinx) -> None:
    """Put the cached writers in place of ABlog's ``html-collect-pages`` listeners."""
    import ablog
    from ablog.post import generate_archive_pages, generate_atom_feeds

    if not ablog.builder_support(app):
        return
    _KEYS.pop(id(app), None)
    replacements = {
        generate_archive_pages: archive_pages,
        generate_atom_feeds: atom_feeds,
    }
    for listener in list(app.events.listeners.get("html-collect-pages", [])):
        replacement = replacements.get(listener.handler)
        if replacement is not None:
            app.disconnect(listener.id)
            app.connect("html-collect-pages", replacement, priority=listener.priority)


def _describe(app: Sphinx, value: Any) -> Any:
    """A comparable description of a value of an archive page's context."""
    from ablog.blog import Catalog, Collection, Post

    if isinstance(value, Post):
        return ("post", value.docname, _post_signature(app, value)[:2])
    if isinstance(value, Collection):
        return (
            "collection", str(value), value.docname,
            [(p.docname, _post_signature(app, p)[:2]) for p in value],
        )  # fmt: skip
    if isinstance(value, Catalog):
        return ("catalog", str(value), [_describe(app, c) for c in value])
    if isinstance(value, Mapping):
        return sorted((str(k), _describe(app, v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [_describe(app, v) for v in value]
    return repr(value)


def archive_pages(app: Sphinx) -> Iterator[Page]:
    """ABlog's archive pages, without those that would be written unchanged."""
    from ablog.post import generate_archive_pages

    keys = _keys(app)
    blog = keys.blog_key(app)
    # the pages show the posts' metadata and excerpts: the same for all, the same pages
    excerpts = sorted(
        (docname, [s.excerpt for s in signed])
        for docname, signed in _signatures(app.env).items()
    )
    outputs = [
        Path(app.builder.get_outfilename(n.removeprefix("page:")))  # type: ignore[attr-defined]
        for n in keys.old
        if n.startswith("page:")
    ]
    if keys.group_unchanged("archive pages", _digest(blog, excerpts), "page:", outputs):
        return
    for pagename, context, template in generate_archive_pages(app):
        key = _digest(blog, pagename, template, _describe(app, context))
        output = Path(app.builder.get_outfilename(pagename))  # type: ignore[attr-defined]
        if keys.unchanged(f"page:{pagename}", key, output):
            continue
        yield pagename, _listing(app, context), template


def _listing(app: Sphinx, context: dict[str, Any]) -> dict[str, Any]:
    """An archive page's context, its collection's posts listed as :class:`ListedPost`."""
    if "collection" not in context:
        return context
    return {**context, "collection": Listing(app, context["collection"])}


def _render(
    app: Sphinx,
    post: Any,
    pagename: str,
    *,
    fulltext: bool,
    img_url: bool,
    drop_h1: bool | int = True,
) -> str:
    """``post.to_html`` for a feed or an archive page: once per build for all the
    pages where the HTML is the same (:meth:`Signature.reach`), and, when that is
    every page, kept for the next builds while the post and the blog are unchanged."""
    keys = _keys(app)
    signature = _post_signature(app, post)
    reach = signature.reach(fulltext=fulltext, img_url=img_url)
    order = int(post.order or 1)
    view = (fulltext, img_url, drop_h1)
    memo = (post.docname, order, _location(app, pagename, reach), view)
    html = keys.rendered.get(memo)
    if html is not None:
        return html
    if reach == ANYWHERE:
        kept = (post.docname, order, view)
        key = _digest(signature.text(fulltext=fulltext), keys.blog_key(app))
        old = keys.old_html.get(kept)
        html = old[1] if old is not None and old[0] == key else None
        if html is None:
            html = _to_html(app, post, pagename, view)
        keys.new_html[kept] = (key, html)
    else:
        html = _to_html(app, post, pagename, view)
    keys.rendered[memo] = html
    return html


def _location(app: Sphinx, pagename: str, reach: int) -> str:
    """What of the page a rendering of this ``reach`` depends on.

    A relative URL from a page depends on the page's folder only, but for a link to
    the page itself; a page that is no document of the build is no link's target.
    """
    if reach == ANYWHERE:
        return ""
    if reach == SAME_FOLDER and pagename not in app.env.all_docs:
        return "folder:" + posixpath.dirname(app.builder.get_target_uri(pagename))
    return "page:" + pagename


def _to_html(app: Sphinx, post: Any, pagename: str, view: _View) -> str:
    """``post.to_html``; for the full text of a post whose copy was dropped
    (:func:`lighten_post_records`), with its doctree read afresh from the doctree
    directory, which ``to_html`` may resolve in place instead of copying it first."""
    fulltext, img_url, drop_h1 = view
    if not fulltext or post.doctree is not None:
        return str(post.to_html(pagename, fulltext, drop_h1, img_url))
    doctree = app.env.get_doctree(post.docname)  # unpickled afresh: ours alone
    # ABlog resolves a deep copy of the post's doctree; this one needs no copy
    doctree.deepcopy = lambda: doctree  # type: ignore[method-assign]
    post.doctree = doctree
    try:
        return str(post.to_html(pagename, fulltext, drop_h1, img_url))
    finally:
        post.doctree = None


class _Wrapper:
    """An ABlog object as a template sees it: its attributes, text, equality and hash
    are the wrapped object's."""

    __slots__ = ("_app", "_wrapped")

    def __init__(self, app: Sphinx, wrapped: Any) -> None:
        self._app, self._wrapped = app, wrapped

    def __getattr__(self, name: str) -> Any:
        return getattr(self._wrapped, name)

    def __str__(self) -> str:
        return str(self._wrapped)

    def __repr__(self) -> str:
        return repr(self._wrapped)

    def __eq__(self, other: object) -> bool:
        return bool(self._wrapped == _unwrapped(other))

    def __hash__(self) -> int:
        return hash(self._wrapped)


def _unwrapped(value: object) -> object:
    return value._wrapped if isinstance(value, _Wrapper) else value


class ListedPost(_Wrapper):
    """An ABlog ``Post`` as an archive page lists it: the same post, but its
    ``to_html`` (which ABlog's ``collection.html`` calls for every post it lists)
    goes through :func:`_render`, so an excerpt shown on many pages is rendered once."""

    __slots__ = ()

    def to_html(
        self,
        pagename: str,
        fulltext: bool = False,
        drop_h1: bool | int = True,
        img_url: bool = False,
    ) -> str:
        """ABlog's ``Post.to_html``, rendered through :func:`_render`."""
        return _render(
            self._app, self._wrapped, pagename,
            fulltext=bool(fulltext), img_url=bool(img_url), drop_h1=drop_h1,
        )  # fmt: skip

    def __lt__(self, other: object) -> bool:
        return bool(self._wrapped < _unwrapped(other))


class Listing(_Wrapper):
    """An ABlog ``Collection`` on its archive page: the same collection, whose posts
    are :class:`ListedPost`."""

    __slots__ = ()

    def _listed(self, item: Any) -> Any:
        from ablog.blog import Post

        return ListedPost(self._app, item) if isinstance(item, Post) else item

    def __iter__(self) -> Iterator[Any]:
        return (self._listed(post) for post in self._wrapped)

    def __getitem__(self, key: Any) -> Any:
        return self._listed(self._wrapped[key])

    def __len__(self) -> int:
        return len(self._wrapped)

    def __contains__(self, item: object) -> bool:
        return _unwrapped(item) in self._wrapped


def _feed_shows(app: Sphinx, post: Any, fulltext: bool) -> tuple[str, str]:
    """What a feed entry shows of ``post``: its metadata, and its text."""
    signature = _post_signature(app, post)
    return signature.meta, signature.text(fulltext=fulltext)


def atom_feeds(app: Sphinx) -> Iterator[Page]:
    """Write ABlog's feeds as ``ablog.post.generate_atom_feeds`` does, when changed."""
    import ablog
    from ablog.blog import Blog, os_path_join
    from ablog.post import _, register_posts

    if not ablog.builder_support(app):
        return
    blog = Blog(app)
    if not blog:
        register_posts(app)
    base_url = blog.blog_baseurl
    if not base_url:
        return
    outdir = Path(app.builder.outdir)
    feeds = [
        (
            blog.posts, blog.blog_path,
            str(outdir / blog.blog_path / f"{feed_root}.xml"),
            blog.blog_title, os_path_join(base_url, blog.blog_path, feed_root + ".xml"),
            feed_templates,
        )
        for feed_root, feed_templates in blog.blog_feed_templates.items()
    ]  # fmt: skip
    if blog.blog_feed_archives:
        for header, catalog in [
            (_("Posts by"), blog.author),
            (_("Posts from"), blog.location),
            (_("Posts in"), blog.language),
            (_("Posts in"), blog.category),
            (_("Posted in"), blog.archive),
            (_("Posts tagged"), blog.tags),
        ]:
            for coll in catalog:
                if not len(coll):
                    continue
                folder = outdir / coll.path
                folder.mkdir(parents=True, exist_ok=True)
                for feed_root, feed_templates in blog.blog_feed_templates.items():
                    feeds.append((
                        coll, coll.path, str(folder / f"{feed_root}.xml"),
                        blog.blog_title + " - " + header + " " + str(coll),
                        os_path_join(base_url, coll.path, feed_root + ".xml"),
                        feed_templates,
                    ))  # fmt: skip
    keys = _keys(app)
    blog_key = keys.blog_key(app)
    if _feeds_unchanged(app, keys, blog_key, feeds, bool(blog.blog_feed_fulltext)):
        return
    for feed_posts, pagename, feed_path, feed_title, feed_url, templates in feeds:
        posts = sorted(feed_posts, key=lambda post: post.date, reverse=True)
        posts = posts[: blog.blog_feed_length] if blog.blog_feed_length else posts
        key = _digest(
            blog_key, pagename, feed_title, feed_url, repr(templates), app.config.language,
            [(p.docname, *_feed_shows(app, p, bool(blog.blog_feed_fulltext)))
             for p in posts],
        )  # fmt: skip
        if keys.unchanged(f"feed:{feed_path}", key, Path(feed_path)):
            continue
        _write_feed(
            app, blog, posts, pagename, feed_path, feed_title, feed_url, templates
        )
    yield from ()


def _feeds_unchanged(
    app: Sphinx, keys: _Keys, blog_key: str, feeds: list[Any], fulltext: bool
) -> bool:
    """Whether every feed is the last build's: the same feeds, of posts showing the
    same metadata and text (one key for all, instead of one per feed)."""
    shown = sorted(
        (docname, [(s.meta, s.text(fulltext=fulltext)) for s in signed])
        for docname, signed in _signatures(app.env).items()
    )
    names = [(f[1], f[2], f[3], f[4], repr(f[5])) for f in feeds]  # the same feeds
    key = _digest(blog_key, shown, names, app.config.language)
    return keys.group_unchanged("feeds", key, "feed:", [Path(f[2]) for f in feeds])


def _write_feed(  # noqa: PLR0917 - the columns of ABlog's feed table
    app: Sphinx,
    blog: Any,
    posts: list[Any],
    pagename: str,
    feed_path: str,
    feed_title: str,
    feed_url: str,
    feed_templates: Mapping[str, str],
) -> None:
    """One feed, entry by entry as ``generate_atom_feeds`` writes it."""
    import ablog
    from feedgen.entry import FeedEntry
    from feedgen.feed import FeedGenerator

    base_url = blog.blog_baseurl
    feed = FeedGenerator()
    feed.id(blog.blog_baseurl)
    feed.title(feed_title)
    feed.link(href=base_url)
    feed.subtitle(blog.blog_feed_subtitle)
    feed.link(href=feed_url, rel="self")
    feed.language(app.config.language)
    feed.generator("ABlog", ablog.__version__, "https://ablog.readthedocs.io/")
    keys = _keys(app)
    fulltext = bool(blog.blog_feed_fulltext)
    for post in posts:
        content = (
            None
            if blog.blog_feed_titles
            else _render(app, post, pagename, fulltext=fulltext, img_url=True)
        )
        if feed_templates:  # their values may differ from feed to feed
            names = {
                "pagename": pagename, "feed_path": feed_path,
                "feed_title": feed_title, "feed_url": feed_url,
            }  # fmt: skip
            _fill_entry(app, blog, post, content, feed.add_entry(order="append"),
                        feed, feed_templates, names)  # fmt: skip
            continue
        memo = (post.docname, int(post.order or 1), content)
        entry = keys.entries.get(memo)
        if entry is None:
            entry = keys.entries[memo] = _fill_entry(
                app, blog, post, content, FeedEntry(), feed, feed_templates, {}
            )
        feed.add_entry(entry, order="append")
    Path(feed_path).parent.mkdir(parents=True, exist_ok=True)
    with Path(feed_path).open("w", encoding="utf-8") as out:
        out.write(feed.atom_str(pretty=True).decode())


def _fill_entry(  # noqa: PLR0917 - ABlog's loop body
    app: Sphinx,
    blog: Any,
    post: Any,
    content: str | None,
    feed_entry: Any,
    feed: Any,
    feed_templates: Mapping[str, str],
    names: dict[str, Any],
) -> Any:
    """Set the fields of one feed entry as ``generate_atom_feeds`` sets them."""
    from ablog.blog import os_path_join
    import jinja2

    base_url = blog.blog_baseurl
    post_url = os_path_join(base_url, app.builder.get_target_uri(post.docname))
    if post.section:
        post_url += "#" + post.section
    feed_entry.id(post_url)
    feed_entry.link(href=post_url)
    authors = [author.name for author in post.author]  # ABlog: the last author
    feed_entry.author({"name": authors[-1]} if authors else {})
    feed_entry.pubDate(post.date.astimezone())
    feed_entry.updated(post.update.astimezone())
    for tag in sorted(post.tags):
        feed_entry.category(
            {"term": tag.name.strip().replace(" ", ""), "label": tag.label}
        )
    title = post.title
    summary = "".join(paragraph.astext() for paragraph in post.excerpt)
    template_values: dict[str, str] = {}
    names = {
        **names, "app": app, "blog": blog, "post": post, "post_url": post_url,
        "title": title, "summary": summary, "content": content, "feed": feed,
        "feed_entry": feed_entry, "base_url": base_url,
    }  # fmt: skip
    for element in ("title", "summary", "content"):
        if element in feed_templates:
            template = jinja2.Template(feed_templates[element])
            template_values[element] = template.render(**names)
    feed_entry.title(template_values.get("title", title))
    summary = template_values.get("summary", summary)
    if summary:
        feed_entry.summary(summary)
    content = template_values.get("content", content)
    if content:
        feed_entry.content(content=content, type="html")
    return feed_entry


def _save_keys(app: Sphinx, exception: BaseException | None) -> None:
    """Keep this build's keys for the next one (not after a failed build)."""
    keys = _KEYS.pop(id(app), None)
    if keys is None or exception is not None or not keys.new:
        return
    logger.verbose(
        "jekyllposts: %d archive pages and feeds written, %d unchanged",
        keys.written,
        keys.skipped,
    )
    posts = _signatures(app.env)
    kept = {k: v for k, v in keys.old_html.items() if k[0] in posts}
    kept.update(keys.new_html)
    if keys.new == keys.old and kept == keys.old_html:
        return  # nothing changed: the file holds these keys already
    try:
        with keys.path.open("wb") as f:
            pickle.dump((_KEYS_VERSION, keys.new, kept), f)
    except OSError:
        pass
