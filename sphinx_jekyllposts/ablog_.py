"""ABlog, set up for Jekyll posts: excerpts, sidebars, stable defaults, cached archives."""

from __future__ import annotations

import functools
from html.parser import HTMLParser
import re
from typing import TYPE_CHECKING, Any
import unicodedata

from ablog.post import PostNode, UpdateNode
from docutils import nodes
from sphinx.search.en import SearchEnglish
import yaml

from .config import user_set
from .transforms import PostTransform

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from pathlib import Path

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

__all__ = [
    "PYDATA_SIDEBARS",
    "SearchKorean",
    "SetFeedSummary",
    "SetPostExcerpt",
    "archive_slug",
    "drop_dead_feed_links",
    "setup_ablog",
]

#: ABlog's sidebars for pydata-sphinx-theme, as its blog example configures them.
PYDATA_SIDEBARS = [
    "ablog/postcard.html",
    "ablog/recentposts.html",
    "ablog/tagcloud.html",
    "ablog/categories.html",
    "ablog/archives.html",
]


def setup_ablog(app: Sphinx) -> None:
    """Register the transform and the configuration defaults of this module."""
    _compose_archive_slugs()
    from ._cache import setup_cache

    app.add_transform(SetPostExcerpt)
    app.add_transform(SetFeedSummary)
    app.add_search_language(SearchKorean)
    app.connect("config-inited", on_config_inited, priority=450)
    app.connect("config-inited", stable_defaults, priority=450)
    app.connect("env-updated", share_archive_names)
    app.connect("write-started", register_blog_posts)
    app.connect("html-page-context", drop_dead_feed_links)  # after ABlog's own
    app.connect("html-page-context", load_mathjax_for_excerpts, priority=400)
    setup_cache(app)


def share_archive_names(app: Sphinx, env: BuildEnvironment) -> None:
    """Tags (and categories) that share an archive page share one name.

    ``Python`` and ``python``, ``big data`` and ``Big-Data`` have one ABlog slug, so
    one page, which listed the posts of only one of the names (which one depended on
    the order posts were read): a post's tag linked a page without the post. Each
    such group takes its most used name (then the first in order) in ABlog's records,
    from the posts' own names each build, so that a rebuild gives a clean build's
    pages. Liquid's ``site.tags`` and ``feed.xml`` keep every name as written.
    """
    from ablog.blog import slugify

    from .extension import get_state

    slug = functools.cache(slugify)  # a name is slugified once per build, not per post
    records = getattr(env, "ablog_posts", {})
    ours = get_state(app).posts_by_docname
    domain = env.domains.get("jekyllposts")
    documents = domain.data["documents"] if domain else {}
    for key in ("tags", "category"):
        names: dict[str, list[str]] = {}
        for docname, infos in records.items():
            record = documents.get(docname, {}) if docname in ours else {}
            own = record.get("ablog", {}).get(key)
            for info in infos:
                names[docname] = list(info.get(key) or [] if own is None else own)
        uses: dict[str, dict[str, int]] = {}
        for post_names in names.values():
            for name in dict.fromkeys(post_names):
                group = uses.setdefault(slug(name), {})
                group[name] = group.get(name, 0) + 1
        shared = {
            name: min(group, key=lambda n: (-group[n], n))
            for group in uses.values()
            for name in group
        }
        for docname in ours.keys() & records.keys():
            for info in records[docname]:
                info[key] = list(dict.fromkeys(shared[n] for n in names[docname]))


def register_blog_posts(app: Sphinx, builder: object) -> None:
    """Fill ABlog's blog before any page is written, not when the first post is.

    ABlog registers the posts of the environment when a document is resolved
    (``process_postlist``, ``ablog/post.py``) or its archive pages are collected. A
    rebuild that writes no document (nothing changed) writes ``genindex`` before
    either, and its ABlog sidebars came out empty: unlike a clean build's.
    """
    import ablog
    from ablog.blog import Blog
    from ablog.post import register_posts

    if ablog.builder_support(app) and not Blog(app):
        register_posts(app)


def drop_dead_feed_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Advertise a page's ABlog feed only where ABlog writes it.

    An archive page links ``<collection>/atom.xml`` in its head (and by its title
    with Font Awesome), set by ``generate_archive_pages`` whether or not the feed is
    written: ABlog writes no feed without ``blog_baseurl`` (a site without ``url``),
    and none named ``atom.xml`` when ``blog_feed_templates`` has no ``atom``.
    """
    import ablog
    from ablog.blog import Blog

    if "feed_path" not in context or not ablog.builder_support(app):
        return
    blog = Blog(app)
    if not blog.blog_baseurl or "atom" not in (blog.blog_feed_templates or {}):
        context.pop("feed_path")
        context.pop("feed_title", None)
        context["archive_feed"] = False


def stable_defaults(app: Sphinx, config: Config) -> None:
    """Defaults set at ``config-inited``, so that the stored configuration is stable.

    pydata-sphinx-theme sets ABlog's ``fontawesome_included`` at ``builder-inited``
    when ABlog is listed in ``extensions`` (``pydata_sphinx_theme/__init__.py``,
    ``update_config``): after the environment compared the configuration with the
    stored one, which held ``True``, the value from ``conf.py`` being ``False``; ABlog
    registers the value with ``rebuild="env"`` (``ablog/blog.py`` ``CONFIG``), so every
    build re-read every document ("config changed"). Set here, the value the
    environment compares is the one the theme would set.

    ABlog's archive feeds (per tag, category, year) are on unless the user chose.

    The search index follows the site's ``lang`` when neither ``language`` nor
    ``html_search_language`` is set: Sphinx has no Korean search language and
    otherwise indexes a Korean blog with the English stemmer.
    """
    from .extension import get_state

    if config.html_theme == "pydata_sphinx_theme" and not user_set(
        config, "fontawesome_included"
    ):
        config.fontawesome_included = True
    if not user_set(config, "blog_feed_archives"):
        # a feed per tag, category and year, as Jekyll readers subscribe to them
        # (jekyll-feed's `tags:`/`categories:`); excerpt feeds, cached (_cache.py)
        config.blog_feed_archives = True
    if user_set(config, "language") or user_set(config, "html_search_language"):
        return
    lang = str(get_state(app).site.config.get("lang") or "").replace("-", "_")
    if lang and not lang.lower().startswith("en"):
        config.html_search_language = lang


class SearchKorean(SearchEnglish):
    """Korean posts, with English words in them: Hangul words are not stemmed.

    The index and the search page's stemmer stay the English ones (the JavaScript
    stemmer leaves Hangul alone as well); each distinct word is stemmed once.
    """

    lang = "ko"
    language_name = "English"  # names the JavaScript stemmer, ``EnglishStemmer``

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self._stems: dict[str, str] = {}

    def stem(self, word: str) -> str:
        """The English stem of a Latin-script word; other words, lower-cased."""
        stem = self._stems.get(word)
        if stem is None:
            lower = word.lower()
            stem = self.stemmer.stemWord(lower) if lower.isascii() else lower
            self._stems[word] = stem
        return stem


def on_config_inited(app: Sphinx, config: Config) -> None:
    """Give pydata-sphinx-theme ABlog's sidebars on post pages, unless the user chose."""
    from .extension import get_state
    from .urls import base_url

    state = get_state(app)
    site = state.site.config
    if not config.blog_authors:
        config.blog_authors = _site_authors(state.site.root / "_data")
    if not config.blog_title or config.blog_title == "Blog":
        config.blog_title = state.site.title or "Blog"
    if not config.blog_baseurl:  # ABlog writes its Atom feeds only with a base URL
        config.blog_baseurl = base_url(config.html_baseurl, site)
    minima = site.get("minima")
    date_format = site.get("date_format") or (
        minima.get("date_format") if isinstance(minima, dict) else None
    )
    if isinstance(date_format, str) and not user_set(config, "post_date_format"):
        config.post_date_format = date_format
    if not user_set(config, "post_date_format_short"):  # lists show the year too,
        config.post_date_format_short = config.post_date_format  # as themes do
    if config.html_theme != "pydata_sphinx_theme" or config.html_sidebars:
        return
    prefix = state.site_prefix
    config.html_sidebars = {
        f"{prefix}_posts/**": PYDATA_SIDEBARS,
        f"{prefix}**/_posts/**": PYDATA_SIDEBARS,
        f"{config.blog_path}/**": PYDATA_SIDEBARS,
        config.blog_path: PYDATA_SIDEBARS,
    }


def _site_authors(data_dir: Path) -> dict[str, tuple[str, str | None]]:
    """ABlog's ``blog_authors`` from ``_data/authors.yml`` (minimal-mistakes, Chirpy)."""
    from .site import load_yaml

    for name in ("authors.yml", "authors.yaml"):
        try:
            data = load_yaml((data_dir / name).read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        if not isinstance(data, dict):
            return {}
        authors: dict[str, tuple[str, str | None]] = {}
        for key, entry in data.items():
            info = entry if isinstance(entry, dict) else {}
            url = info.get("url") or info.get("web") or info.get("uri")
            authors[str(key)] = (
                str(info.get("name") or key),
                str(url) if url else None,
            )
        return authors
    return {}


def _compose_archive_slugs() -> None:
    """Make ABlog's archive slugs NFC, as URLs are written and typed, and distinct.

    ABlog's ``slugify`` decomposes (NFKD) to drop accents, which also splits Hangul
    syllables into jamo: ``태그`` becomes a folder named with six jamo that no typed or
    shared URL matches. It also drops punctuation and symbols, so that ``C++`` and
    ``C#`` share the page ``tag/c`` (with the tag ``c``), and ``#`` or ``...`` get
    ``tag/.html``. ABlog offers no hook for slugs, so its ``slugify`` is wrapped (once)
    to compose the result again (accents stay dropped) and to name what it dropped
    (:func:`archive_slug`).
    """
    import ablog.blog
    import ablog.post

    original = ablog.blog.slugify
    if getattr(original, "__wrapped__", None) is not None:
        return

    @functools.wraps(original)
    def slugify(string: str) -> str:
        return archive_slug(str(string), original)

    ablog.blog.slugify = slugify
    ablog.post.slugify = slugify


#: What ABlog's ``slugify`` drops (after NFKD): neither word, space nor dash.
_DROPPED = re.compile(r"[^\w\s-]")


def archive_slug(name: str, ablog_slugify: Callable[[str], str]) -> str:
    """ABlog's slug of ``name`` in NFC, and the code points of what it dropped.

    ``python`` → ``python``, ``태그`` → ``태그``, ``C++`` → ``c--2b2b``, ``C#`` →
    ``c--23``, ``#`` → ``--23``. The slug depends on the name alone (it does not
    change when other tags come and go) and never equals that of a name without
    symbols: ABlog's own slugs have no ``--``. Accents (combining marks) are not
    symbols: ``café`` stays ``cafe``.
    """
    slug = unicodedata.normalize("NFC", ablog_slugify(name))
    dropped = "".join(
        f"{ord(c):x}"
        for c in _DROPPED.findall(unicodedata.normalize("NFKD", name))
        if unicodedata.category(c)[0] != "M"
    )
    return f"{slug}--{dropped}" if dropped else slug


class SetPostExcerpt(PostTransform):
    """Give ABlog the post's Jekyll excerpt: what comes before ``excerpt_separator``.

    ``<PostNode>`` → ``<PostNode exclude="True"><paragraph/>…`` (copies of the nodes
    before the separator line; ``exclude`` keeps them out of the page a second time).
    A front-matter ``excerpt:`` becomes one paragraph. Without either, the excerpt is
    the first block, as Jekyll's default separator gives: a list, a table or code as
    much as a paragraph (ABlog would look for the first paragraph, even one inside
    them); a heading is its text, a ``{:toc}`` is passed over (``post_auto_excerpt``
    blocks, one by default).
    """

    # After callouts (500) so the excerpt shows final nodes; before ABlog (doctree-read).
    default_priority = 700

    def apply_to_post(self, record: dict[str, Any]) -> None:
        """Fill the post node of a converted post."""
        post_node = next(iter(self.document.findall(PostNode)), None)
        if post_node is None:
            return
        excerpt: list[nodes.Node] = []
        if record.get("excerpt_text"):
            excerpt = [nodes.paragraph("", record["excerpt_text"])]
        elif record.get("excerpt_line"):
            excerpt = _excerpt_nodes(self, record["excerpt_line"])
        else:  # Jekyll's default separator: the first block(s), whatever they are
            excerpt = _first_blocks(self.document, self.config.post_auto_excerpt)
            if not excerpt:
                return
        # Copies only where needed: Sphinx's collectors see them before ABlog drops them.
        post_node.extend(excerpt)
        post_node["exclude"] = True


class SetFeedSummary(PostTransform):
    """Keep the text of the post's Jekyll excerpt, jekyll-feed's ``<summary>``.

    ``excerpt | strip_html``: headings in, images' alt text out. With Jekyll's
    default separator the excerpt is the first block, whatever it is. The record's
    ``excerpt_plain`` gets the text; the doctree is not changed.
    """

    # After Sphinx's SmartQuotes (750): kramdown's excerpt has typographic quotes.
    default_priority = 760

    def apply_to_post(self, record: dict[str, Any]) -> None:
        """Set ``record["excerpt_plain"]`` for a converted post."""
        if next(iter(self.document.findall(PostNode)), None) is None:
            return
        if record.get("excerpt_text"):
            record["excerpt_plain"] = " ".join(str(record["excerpt_text"]).split())
        elif record.get("excerpt_line"):
            excerpt = _excerpt_nodes(self, record["excerpt_line"], titles=True)
            record["excerpt_plain"] = _plain_text(excerpt)
        elif _own_separator(self):  # not in the post: Jekyll's excerpt is all of it
            top = next(iter(self.document.findall(nodes.section)), None)
            record["excerpt_plain"] = _plain_text(
                [c for c in top.children if not isinstance(c, _NOT_THE_TEXT)]
                if top is not None
                else []
            )
        else:  # a {:toc} first gives no text, as jekyll-feed's summary has none
            record["excerpt_plain"] = _plain_text(
                _first_blocks(self.document, 1, toc=True)
            )


#: A post's section holds these besides its text: the title, the subtitle, ABlog's.
_NOT_THE_TEXT = (nodes.title, nodes.rubric, PostNode, UpdateNode)


def _own_separator(transform: PostTransform) -> bool:
    """Whether the post or the site sets an ``excerpt_separator`` of its own."""
    separator = _separator(transform)
    return isinstance(separator, str) and bool(separator.strip())


def _separator(transform: PostTransform) -> object:
    """The post's ``excerpt_separator``, else the site's."""
    from .extension import get_state

    state = get_state(transform.app)
    post = state.posts_by_docname.get(transform.env.docname)
    data = post.data if post is not None else {}
    return data.get("excerpt_separator", state.site.config.get("excerpt_separator"))


#: ``UpdateNode``: ``last_modified_at``'s note, which ABlog reads after the excerpt.
_NOT_IN_EXCERPTS = (
    nodes.transition, nodes.footnote, nodes.target, nodes.comment, UpdateNode,
)  # fmt: skip


def _plain_text(excerpt: list[nodes.Node]) -> str:
    """The words of ``excerpt``, as ``strip_html`` leaves them (no image's alt)."""
    blocks = []
    for node in excerpt:
        for block in node.findall(nodes.TextElement):
            if _in_contents(block):
                continue  # a {:toc}: built from the whole post, no excerpt's text
            if isinstance(block, nodes.raw) and "html" in block.get("format", ""):
                blocks.append(_html_text(block.astext()))
            elif not isinstance(block, nodes.Inline):
                blocks.append("".join(t.astext() for t in block.findall(nodes.Text)))
    return " ".join(" ".join(blocks).split())


def _in_contents(node: nodes.Node) -> bool:
    """Whether ``node`` is part of a contents list (``{:toc}``)."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.topic) and "contents" in parent["classes"]:
            return True
        parent = parent.parent
    return False


class _HtmlText(HTMLParser):
    """Liquid's ``strip_html``: the text of an HTML fragment, scripts and styles out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hidden += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("script", "style") and self.hidden > 0

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def _html_text(html: str) -> str:
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def _excerpt_nodes(
    transform: PostTransform, line: int, *, titles: bool = False
) -> list[nodes.Node]:
    """Copies of what comes before the post's ``excerpt_separator`` (at ``line``)."""
    separator = _separator(transform)
    found = _nodes_before(transform.document, line, titles=titles)
    if isinstance(separator, str):
        cut = _cut_at_separator(transform.document, line, separator.strip())
        if cut is not None:
            found.append(cut)
    return found


def _cut_at_separator(
    document: nodes.document, line: int, separator: str
) -> nodes.paragraph | None:
    """The start of the paragraph that holds the separator inside it, up to it.

    Jekyll cuts the excerpt at the separator (``text <!--more--> text``): the first
    part of that paragraph is the excerpt's last paragraph. (``_nodes_before``
    takes the paragraphs that start before the separator's line.)
    """
    if not separator:
        return None
    for paragraph in document.findall(nodes.paragraph):
        marks = [
            r
            for r in paragraph.children
            if isinstance(r, nodes.raw) and r.astext().strip() == separator
        ]
        if not marks or (paragraph.line or 0) > line:
            continue
        cut = paragraph.deepcopy()
        for child in cut.children[paragraph.index(marks[0]) :]:
            cut.remove(child)
        last = cut.children[-1] if cut.children else None
        if isinstance(last, nodes.Text):
            cut.replace(last, nodes.Text(last.astext().rstrip()))
        return cut if cut.astext().strip() else None
    return None


def _nodes_before(
    document: nodes.document, line: int, *, titles: bool = False
) -> list[nodes.Node]:
    """Copies of the body blocks that start before ``line``, sections flattened;
    with ``titles``, the headings of the sections too (not the post's title)."""
    found: list[nodes.Node] = []

    def visit(parent: nodes.Element) -> None:
        for child in parent.children:
            if isinstance(child, nodes.section):
                visit(child)
            elif (
                titles
                and isinstance(child, nodes.title)
                and parent.parent is not document
                and (child.line or parent.line or 0) < line
            ):
                found.append(child.deepcopy())
            elif isinstance(child, (nodes.title, PostNode)) or (
                isinstance(child, nodes.Element)
                and "subtitle" in child.get("classes", [])
            ):
                continue
            elif isinstance(child, _NOT_IN_EXCERPTS) or child.line is None:
                continue  # rules, footnotes and targets belong to the page
            elif isinstance(child, nodes.Element) and child.line < line:
                found.append(child.deepcopy())

    visit(document)
    return found


def load_mathjax_for_excerpts(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """An ABlog archive page whose excerpts hold math loads MathJax, as their posts do.

    Sphinx's ``install_mathjax`` (priority 500) loads it where the page's own
    document has math; an archive page has none of its own.
    """
    if doctree is not None or context.get("has_maths_elements"):
        return
    collections = [context.get("collection"), *(context.get("catalog") or ())]
    posts = [post for c in collections if c is not None for post in c]
    if any(_has_math(tuple(getattr(post, "excerpt", None) or ())) for post in posts):
        context["has_maths_elements"] = True


@functools.lru_cache(maxsize=4096)  # a post is listed on many pages of one build
def _has_math(excerpt: tuple[nodes.Node, ...]) -> bool:
    def is_math(node: nodes.Node) -> bool:
        return isinstance(node, (nodes.math, nodes.math_block))

    return any(
        next(node.findall(is_math), None) is not None
        for node in excerpt
        if isinstance(node, nodes.Element)
    )


def _first_blocks(
    document: nodes.document, count: object, *, toc: bool = False
) -> list[nodes.Node]:
    """Copies of the first ``count`` blocks of the post's text: a heading (as a
    paragraph of its words), a paragraph, a list, a table…; with ``toc``, a
    ``{:toc}`` counts as a block, else it is passed over."""
    top = next(iter(document.findall(nodes.section)), None)
    wanted = count if isinstance(count, int) and count > 0 else 1
    found: list[nodes.Node] = []

    def visit(children: Iterable[nodes.Node]) -> None:
        for child in children:
            if len(found) >= wanted:
                return
            if isinstance(child, nodes.section):
                title = child.next_node(nodes.title)
                if title is not None:  # a heading: its words
                    found.append(nodes.paragraph("", "", *title.deepcopy().children))
                visit(child.children)
            elif isinstance(child, nodes.Element) and not _skipped(child, toc=toc):
                found.append(child.deepcopy())

    if top is not None:
        visit(
            c
            for c in top.children
            if not isinstance(c, (nodes.title, nodes.rubric, PostNode))
        )
    return found


def _skipped(node: nodes.Element, *, toc: bool) -> bool:
    """Not a block of the excerpt: a target, a comment, a rule (a ``{:toc}`` too,
    unless ``toc``)."""
    if isinstance(node, _NOT_IN_EXCERPTS):
        return True
    return not toc and isinstance(node, nodes.topic) and "contents" in node["classes"]
