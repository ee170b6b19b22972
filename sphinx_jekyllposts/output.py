"""What the HTML builds write beside Sphinx's pages: old Jekyll URLs, ``feed.xml``."""

from __future__ import annotations

from dataclasses import dataclass
import functools
import hashlib
import html
import json
import os
from pathlib import Path
import pickle
import posixpath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

from sphinx.util import logging

from .posts import plan_urls, unsafe_url_path, url_files
from .urls import base_url, sanitize_url, slugify
from .warnings_ import WARNING_TYPE, JekyllpostsWarning

if TYPE_CHECKING:
    import datetime as dt

    from sphinx.application import Sphinx

    from .extension import BuildState
    from .frontmatter import Post

__all__ = ["setup_output"]

logger = logging.getLogger(__name__)

_HTML_BUILDERS = ("html", "dirhtml")
_MARKER = "<!-- jekyllposts: redirect -->"
#: The feed's bodies of the posts (``feed_body``), kept for rebuilds that write no post.
_BODIES = "jekyllposts-feed-bodies.pickle"
#: Bodies rendered by parallel writer processes (``-j``), collected at build-finished.
_WORKER_BODIES = "jekyllposts-worker-bodies"
_MAIN_PROCESS = [os.getpid()]
# jekyll-redirect-from's redirect.html, with a marker so rebuilds may replace it.
_REDIRECT = """<!DOCTYPE html>
<html lang="{lang}">
{marker}
<meta charset="utf-8">
<title>Redirecting&hellip;</title>
<link rel="canonical" href="{canonical}">
<script>{script}</script>
<meta http-equiv="refresh" content="0; url={target}">
<meta name="robots" content="noindex">
<h1>Redirecting&hellip;</h1>
<a href="{target}">Click here if you are not redirected.</a>
</html>
"""


def setup_output(app: Sphinx) -> None:
    """Register the handlers of this module."""
    app.connect("builder-inited", on_builder_inited)
    app.connect("html-page-context", on_html_page_context)
    app.connect("build-finished", on_build_finished)


@dataclass(frozen=True, slots=True)
class Redirect:
    """A file to write at an old URL, pointing at a page of the Sphinx build."""

    path: str
    """Relative to the output directory, with ``/``."""
    docname: str
    post: Post | None = None
    """The post that claimed the URL (archive pages have none)."""
    fragments: tuple[tuple[str, str], ...] = ()
    """An archive's ``#name`` → the docname of that name's own page (``/tags/#python``
    leads to the tag's page, not the top of the list)."""


def on_builder_inited(app: Sphinx) -> None:
    """Load the post bodies that earlier builds rendered (for the feed)."""
    from .extension import get_state

    state = get_state(app)
    state.bodies = {}
    _MAIN_PROCESS[0] = os.getpid()
    cache = Path(app.doctreedir) / _BODIES
    if app.builder.name in _HTML_BUILDERS and cache.is_file():
        try:
            with cache.open("rb") as f:
                state.bodies = dict(pickle.load(f))
        except (OSError, pickle.UnpicklingError, EOFError, TypeError, ValueError):
            state.bodies = {}
    state.bodies_loaded = dict(state.bodies)


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Keep the rendered body of each post for the feed (without the page's chrome)."""
    from ._feedbody import feed_body
    from .extension import get_state

    state = get_state(app)
    if pagename in state.posts_by_docname and "body" in context:
        base = _base_url(app)
        url = base + quote(app.builder.get_target_uri(pagename), safe="/#%")
        state.bodies[pagename] = feed_body(str(context["body"]), url if base else "")
        if os.getpid() != _MAIN_PROCESS[0]:  # a parallel writer: hand the body over
            folder = Path(app.doctreedir) / _WORKER_BODIES
            folder.mkdir(exist_ok=True)
            name = hashlib.sha1(pagename.encode()).hexdigest()
            with (folder / name).open("wb") as f:
                pickle.dump((pagename, state.bodies[pagename]), f)


def _collect_worker_bodies(app: Sphinx, state: BuildState) -> None:
    """Take the bodies that parallel writer processes rendered (``-j``)."""
    folder = Path(app.doctreedir) / _WORKER_BODIES
    for path in sorted(folder.glob("*")) if folder.is_dir() else ():
        try:
            with path.open("rb") as f:
                pagename, body = pickle.load(f)
            state.bodies[str(pagename)] = str(body)
            path.unlink()
        except (OSError, pickle.UnpicklingError, EOFError, TypeError, ValueError):
            continue


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    """Write redirect pages for every old URL, ``feed.xml`` and ``.nojekyll``."""
    from ._cache import unchanged_output
    from .extension import get_state
    from .feed import write_feed
    from .paths import copy_static_files

    if exception is not None or app.builder.name not in _HTML_BUILDERS:
        return
    state = get_state(app)
    outdir = Path(app.outdir)
    _collect_worker_bodies(app, state)
    bodies = {d: b for d, b in state.bodies.items() if d in state.posts_by_docname}
    if bodies != state.bodies_loaded:  # a no-op rebuild leaves the file alone
        try:
            with (Path(app.doctreedir) / _BODIES).open("wb") as f:
                pickle.dump(bodies, f)
        except OSError:
            pass  # the next build renders the feed from the posts it writes
    posts = redirects(app, state)
    claimed = {r.path for r in posts}
    archives = [r for r in archive_redirects(app, state) if r.path not in claimed]
    every = [*posts, *archives]
    shows = (
        _base_url(app),
        app.config.language,
        [(r.path, app.builder.get_target_uri(r.docname), r.fragments) for r in every],
    )
    if not unchanged_output(app, "redirects", shows, *(outdir / r.path for r in every)):
        pages = _pages_of_the_build(app)
        for redirect in every:
            problem = _unsafe(app, redirect.path)
            if problem is None and (
                redirect.path in pages
                or (
                    redirect.path.endswith(".xml") and (outdir / redirect.path).exists()
                )
            ):  # a page or a feed (ABlog's) of the build
                problem = f"URL path {redirect.path!r} is a page of the build"
            if problem is None:
                _write_redirect(app, outdir, redirect)
            elif redirect.post is not None:
                own = url_files(state.jekyll_url(redirect.post))
                key = "permalink" if redirect.path in own else "redirect_from"
                _warn(state, redirect.post, key, f"{problem}; no redirect written")
    if app.config.root_doc != "index":  # the site's front page, "/", still answers
        _write_redirect(app, outdir, Redirect("index.html", app.config.root_doc))
    write_feed(app, state, bodies)
    copy_static_files(app, state)
    (outdir / ".nojekyll").touch()


def _pages_of_the_build(app: Sphinx) -> set[str]:
    """The files of the build's documents and of the pages ABlog writes (its
    archives, ``generate_archive_pages``): no redirect page is written over them."""
    import ablog
    from ablog.blog import Blog

    names = set(app.env.all_docs)
    if ablog.builder_support(app):
        blog = Blog(app)
        names.update({blog.posts.docname, blog.drafts.docname})
        for catalog in [*blog.catalogs.values(), blog.archive]:
            if catalog:  # ABlog writes no page for an empty one
                names.add(catalog.docname)
                names.update(c.docname for c in catalog if c)
    return {
        path
        for name in names
        for path in url_files("/" + app.builder.get_target_uri(name))
    }


def redirects(app: Sphinx, state: BuildState) -> list[Redirect]:
    """Every old URL of every post, as files to write.

    Unsafe and clashing URLs were reported when the site was read (the same
    :func:`.posts.plan_urls` gives ``jekyllposts check`` its messages); symbolic
    links in the output directory are looked at when the pages are written.
    """
    docnames = {post.path: docname for docname, post in state.posts_by_docname.items()}
    plan = state.scan.urls or plan_urls(
        state.site, list(state.posts_by_docname.values())
    )
    return [
        Redirect(path, docnames[post.path], post) for path, post in plan.files.items()
    ]


#: Pages themes served for all tags, categories and years, and ABlog's equivalents.
_THEME_ARCHIVES = {
    "beautiful-jekyll": {"/tags": "tags"},
    "minimal-mistakes": {
        "/tags/": "tags", "/categories/": "category", "/year-archive/": "archive",
    },
    "chirpy": {"/tags/": "tags", "/categories/": "category", "/archives/": "archive"},
}  # fmt: skip
#: Words in a page's ``layout`` or ``permalink`` that name an archive of the blog.
_ARCHIVE_WORDS = {
    "tag": "tags", "tags": "tags", "category": "category", "categories": "category",
    "archive": "archive", "archives": "archive", "year-archive": "archive",
}  # fmt: skip
#: jekyll-archives' default permalinks (https://github.com/jekyll/jekyll-archives).
_ARCHIVE_PERMALINKS = {
    "year": "/:year/",
    "month": "/:year/:month/",
    "day": "/:year/:month/:day/",
    "tag": "/tag/:name/",
    "category": "/category/:name/",
}
#: ``enabled:`` names and their ``permalinks:`` keys.
_ARCHIVE_KINDS = {
    "year": "year", "month": "month", "day": "day", "tags": "tag",
    "categories": "category",
}  # fmt: skip


def archive_redirects(app: Sphinx, state: BuildState) -> list[Redirect]:
    """Theme archive pages and jekyll-archives pages, pointed at ABlog's archives."""
    from ablog.blog import Blog

    blog = Blog(app)
    catalogs = {"tags": blog.tags, "category": blog.category, "archive": blog.archive}
    found: dict[str, Redirect] = {}
    for url, catalog in _archive_pages(state).items():
        for path in url_files(url):
            if unsafe_url_path(path) is None:
                found[path] = Redirect(
                    path, catalogs[catalog].docname, None, _fragments(catalogs[catalog])
                )
    config = state.site.config.get("jekyll-archives")
    if not isinstance(config, dict):  # themes pull the plugin in without `plugins:`
        return list(found.values())
    # jekyll-archives' ``enabled?``: true, "all", or a list of kinds
    enabled = config.get("enabled")
    if enabled is True or enabled == "all":
        enabled = list(_ARCHIVE_KINDS)
    elif isinstance(enabled, list):
        enabled = list(_ARCHIVE_KINDS) if "all" in enabled else enabled
    else:
        enabled = []
    own = config.get("permalinks")
    permalinks = {**_ARCHIVE_PERMALINKS, **(own if isinstance(own, dict) else {})}
    mode = str(config.get("slug_mode") or "default")
    for kind in enabled:
        if kind not in _ARCHIVE_KINDS:
            continue
        template = str(permalinks[_ARCHIVE_KINDS[kind]])
        for url, docname in _archive_urls(state, blog, kind, template, mode):
            for path in url_files(url):
                if unsafe_url_path(path) is None:
                    found[path] = Redirect(path, docname)
    return list(found.values())


def _fragments(catalog: Any) -> tuple[tuple[str, str], ...]:
    """Each name of an ABlog catalog as a theme's archive page anchors it: as
    written (Beautiful Jekyll's ``/tags#name``) and slugified (Minimal Mistakes'
    ``/tags/#{{ tag | slugify }}``), with the name's page."""
    pairs: dict[str, str] = {}
    for collection in catalog:
        name = str(collection.name)
        for fragment in (name, slugify(name)):
            pairs.setdefault(fragment, collection.docname)
    return tuple(sorted(pairs.items()))


def _archive_pages(state: BuildState) -> dict[str, str]:
    """URL → ABlog catalog of the archive pages the Jekyll site served.

    Those of a known theme (its gem brings them), and the site's own pages whose
    ``layout`` or ``permalink`` names an archive (``layout: tags``, ``/categories/``).
    """
    from .frontmatter import split_front_matter
    from .site import page_files
    from .urls import page_url

    theme = state.site.theme
    pages = {
        url: catalog
        for name, urls in _THEME_ARCHIVES.items()
        if name in theme
        for url, catalog in urls.items()
    }
    for path in page_files(state.site):
        text = (state.site.root / path).read_text(encoding="utf-8", errors="replace")
        data = split_front_matter(text).data
        url = page_url(state.site, path, data)
        words = {str(data.get("layout") or ""), url.strip("/").rsplit("/", 1)[-1]}
        kind = next(
            (_ARCHIVE_WORDS[w] for w in sorted(words) if w in _ARCHIVE_WORDS), None
        )
        if kind is not None:
            pages[url] = kind
    return pages


def _archive_urls(
    state: BuildState, blog: Any, kind: str, template: str, mode: str
) -> list[tuple[str, str]]:
    """jekyll-archives' URLs of one kind and the ABlog page each one shows.

    Tags whose slugs are equal (``C++`` and ``C#`` are both ``c``) shared one page
    in Jekyll, the one written last: that of the name last seen in ``site.tags``
    (posts oldest first, each post's names in order). The URL still answers, with
    that name's page.
    """
    from .urls import slugify

    if kind in ("tags", "categories"):
        catalog = blog.tags if kind == "tags" else blog.category
        posts = sorted(state.posts_by_docname.values(), key=lambda p: (p.date, p.path))
        names = dict.fromkeys(
            name
            for post in posts
            for name in (post.tags if kind == "tags" else post.categories)
        )
        found = [(name, catalog.collections.get(name)) for name in names]
        return [
            (sanitize_url(template.replace(":name", slugify(name, mode))), c.docname)
            for name, c in found
            if c is not None
        ]
    urls = []
    for collection in blog.archive:
        for post in collection:
            date = post.date
            url = template.replace(":year", f"{date.year:04d}")
            url = url.replace(":month", f"{date.month:02d}")
            url = url.replace(":day", f"{date.day:02d}")
            urls.append((url, collection.docname))
    return urls


def _unsafe(app: Sphinx, path: str) -> str | None:
    """:func:`.posts.unsafe_url_path`, and whether ``path`` stays in the output
    directory once symbolic links there are followed."""
    problem = unsafe_url_path(path)
    if problem is not None:
        return problem
    if _leaves(Path(app.outdir), path.rpartition("/")[0]):
        return f"URL path {path!r} leaves the output directory"
    return None


@functools.lru_cache(maxsize=8192)
def _leaves(outdir: Path, folder: str) -> bool:
    """Whether ``outdir / folder`` lies outside ``outdir`` once symbolic links are
    followed (one ``lstat`` per folder, each parent asked once: rebuilds stay cheap)."""
    if not folder:
        return False
    if _leaves(outdir, folder.rpartition("/")[0]):
        return True
    here = outdir / folder
    if not here.is_symlink():
        return False
    real, root = here.resolve(), outdir.resolve()
    return real != root and root not in real.parents


def _write_redirect(app: Sphinx, outdir: Path, redirect: Redirect) -> None:
    target_file = outdir / redirect.path
    existing = _read(target_file)
    if existing is not None and _MARKER not in existing:
        return  # a page of the Sphinx build answers this URL itself
    target = app.builder.get_target_uri(redirect.docname)
    written = outdir / unquote(target)
    if not (written.is_file() or (written / "index.html").is_file()):
        return  # e.g. ABlog writes no category page for a blog without categories
    start = posixpath.dirname(redirect.path)
    relative = _relative(target, start)
    base = _base_url(app)
    canonical = base + quote(target, safe="/#%") if base else relative
    script = f"location={json.dumps(relative)}+location.hash"  # #section links live
    if redirect.fragments:  # the name after "#" leads to its own page, if it has one
        pages = {
            name: _relative(app.builder.get_target_uri(docname), start)
            for name, docname in redirect.fragments
        }
        script = (
            f"var pages={json.dumps(pages, ensure_ascii=False)};"
            "var name=decodeURIComponent(location.hash.slice(1));"
            f"location=pages[name]||pages[name.toLowerCase()]||{json.dumps(relative)}"
        )
    page = _REDIRECT.format(
        lang=html.escape(str(app.config.language or "en")),
        marker=_MARKER,
        canonical=html.escape(canonical),
        script=script.replace("</", "<\\/"),
        target=html.escape(relative),
    )
    write_if_changed(target_file, page.encode(), existing)


def _relative(target: str, start: str) -> str:
    """The URL of ``target`` (a target URI of the builder) from the folder ``start``."""
    relative = quote(posixpath.relpath(target or ".", start or "."), safe="/#%")
    if target.endswith("/") and not relative.endswith("/"):
        relative += "/"
    return relative


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def write_if_changed(path: Path, content: bytes, existing: str | None = None) -> None:
    """Write ``content`` unless the file holds it already (rebuilds stay cheap)."""
    if existing is None:
        existing = _read(path)
    if existing is not None and existing.encode() == content:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def _base_url(app: Sphinx) -> str:
    """The absolute URL of the output directory, if it is known."""
    from .extension import get_state

    return base_url(app.config.html_baseurl, get_state(app).site.config)


def _warn(state: BuildState, post: Post, key: str, message: str) -> None:
    from .frontmatter import _key_line

    path = state.site.root / post.path
    try:
        line = _key_line(path.read_text(encoding="utf-8-sig"), key) or 1
    except OSError:
        line = 1
    logger.warning(
        message,
        type=WARNING_TYPE,
        subtype=JekyllpostsWarning.URL.value,
        location=f"{path}:{line}",
        extra={"jekyllposts_located": True},
    )


def local_date(post: Post, state: BuildState) -> dt.datetime:
    """The post's date in the site's time zone, as Jekyll shows it."""
    tz = state.site.timezone
    return post.date.astimezone(tz) if tz else post.date
