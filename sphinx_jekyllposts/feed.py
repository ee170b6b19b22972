"""``feed.xml`` where jekyll-feed served it: Atom (or RSS 2.0 for themes that served RSS)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
import datetime as dt
import hashlib
from pathlib import Path
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .urls import absolute_url, post_id

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .extension import BuildState
    from .frontmatter import Post
    from .site import Site

__all__ = ["DEFAULT_FEED", "feed_path", "feed_settings", "write_feed"]

#: jekyll-feed's ``path`` when the site sets none.
DEFAULT_FEED = "feed.xml"

_TAGS = re.compile(r"<[^>]+>")
#: jekyll-feed writes tag feeds only for such tags, "to keep feed path simple"
_FEED_TAG = re.compile(r"[a-zA-Z0-9_]+")
_SPACE = re.compile(r"\s+")


def feed_settings(site_config: Mapping[str, Any]) -> tuple[str, int | None]:
    """jekyll-feed's ``feed: path`` and ``feed: posts_limit`` (``None``: every post).

    jekyll-feed lists the newest 10 posts; we list every post unless the site set a
    limit, so that no post is missing from a reader's first fetch after migrating.
    """
    feed = site_config.get("feed")
    path, limit = DEFAULT_FEED, None
    if isinstance(feed, Mapping):
        path = str(feed.get("path") or path).lstrip("/")
        raw = feed.get("posts_limit")
        limit = raw if isinstance(raw, int) and raw > 0 else None
    return path, limit


@dataclass(frozen=True)
class _Entry:
    """What one entry of the feed shows."""

    id: str
    """The theme's or jekyll-feed's, so that readers know the entries they have seen."""
    link: str
    title: str
    published: dt.datetime
    updated: dt.datetime
    authors: tuple[str, ...]
    terms: tuple[str, ...]
    summary: str | None
    body: str | None


def feed_path(app: Sphinx, state: BuildState) -> str:
    """Where ``feed.xml`` is written in the output: jekyll-feed's ``path``, unless it
    would leave the output directory."""
    from .output import _unsafe

    path, _ = feed_settings(state.site.config)
    return DEFAULT_FEED if _unsafe(app, path) is not None else path


def write_feed(app: Sphinx, state: BuildState, bodies: Mapping[str, str]) -> None:
    """Write the site's feeds of posts into the output directory (where they changed):
    ``feed.xml``, and the category and tag feeds jekyll-feed's ``categories:`` and
    ``tags:`` asked for."""
    from .output import _unsafe

    main = feed_path(app, state)
    _write_one_feed(app, state, bodies, main, "", lambda post: True)
    for copy in sorted({DEFAULT_FEED, *_feed_pages(state.site)} - {main}):
        if _unsafe(app, copy) is None:
            _copy_feed(Path(app.outdir), main, copy)
    for path, name, wanted in _more_feeds(state):
        if _unsafe(app, path) is None and path != main:
            _write_one_feed(app, state, bodies, path, name, wanted)


def _feed_pages(site: Site) -> list[str]:
    """The site's own feed templates at its root (Lanyon's and Hyde's ``atom.xml``,
    an ``rss.xml``): pages with front matter that write ``<feed>`` or ``<rss>``."""
    from .site import has_front_matter

    found = []
    for path in sorted(site.root.glob("*")):
        if path.suffix not in {".xml", ".atom", ".rss"} or not has_front_matter(path):
            continue
        head = path.read_text(encoding="utf-8", errors="replace")[:4000]
        if "<feed" in head or "<rss" in head:
            found.append(path.name)
    return found


def _copy_feed(outdir: Path, path: str, copy: str) -> None:
    """The feed at ``path`` also at ``copy``: the addresses subscribers know, the
    site's own feed pages and jekyll-feed's default one (readers try it first)."""
    source, target = outdir / path, outdir / copy
    if not source.is_file():
        return
    written = source.read_bytes()
    if not target.is_file() or target.read_bytes() != written:
        target.write_bytes(written)


def _more_feeds(
    state: BuildState,
) -> list[tuple[str, str, Callable[[Post], bool]]]:
    """jekyll-feed's ``feed: categories: [...]`` (``feed/<category>.xml``) and
    ``feed: tags:`` (``feed/by_tag/<tag>.xml``, tags of letters, digits and ``_``)."""
    feed = state.site.config.get("feed")
    if not isinstance(feed, Mapping):
        return []
    found: list[tuple[str, str, Callable[[Post], bool]]] = []
    categories = feed.get("categories")
    for category in categories if isinstance(categories, list) else []:
        name = str(category)
        found.append((f"feed/{name}.xml", name, _having("categories", name)))
    tags = feed.get("tags")
    if tags is True or isinstance(tags, Mapping):
        options = tags if isinstance(tags, Mapping) else {}
        every = sorted({t for p in state.posts_by_docname.values() for t in p.tags})
        only = options.get("only")
        pool = [str(t) for t in only] if isinstance(only, list) else every
        excluded = options.get("except")
        left_out = {str(t) for t in excluded} if isinstance(excluded, list) else set()
        folder = str(options.get("path") or "/feed/by_tag/").strip("/")
        for tag in pool:
            if tag in left_out or not _FEED_TAG.fullmatch(tag):
                continue
            found.append((f"{folder}/{tag}.xml", "", _having("tags", tag)))
    return found


def _having(field: str, name: str) -> Callable[[Post], bool]:
    return lambda post: name in getattr(post, field)


def _write_one_feed(  # noqa: PLR0917 - one feed's own settings
    app: Sphinx,
    state: BuildState,
    bodies: Mapping[str, str],
    path: str,
    category: str,
    wanted: Callable[[Post], bool],
) -> None:
    """Write one Atom (or RSS) feed of the posts ``wanted`` keeps, at ``path``."""
    from ._cache import unchanged_output
    from .output import _base_url, local_date

    _, limit = feed_settings(state.site.config)
    base = _base_url(app)
    config = state.site.config
    listed = _feed_lists(state)
    posts = sorted(
        ((d, p) for d, p in state.posts_by_docname.items() if wanted(p) and listed(p)),
        key=lambda i: (i[1].date, i[0]),
        reverse=True,
    )[:limit]
    domain = app.env.domains.get("jekyllposts")
    documents: Mapping[str, dict[str, Any]] = domain.data["documents"] if domain else {}
    rss = _serves_rss(state)
    target = Path(app.outdir) / path
    build_info = getattr(app.builder, "build_info", None)
    shows = (  # what the entries are made of: the posts as read, their texts, URLs
        state.scan.read_key, path, category, base, rss, app.builder.name,
        getattr(build_info, "config_hash", ""), app.config.project, app.config.language,
        [
            (docname, _fingerprint(bodies.get(docname)),
             documents.get(docname, {}).get("excerpt_plain"))
            for docname, _ in posts
        ],
    )  # fmt: skip
    if state.scan.read_key and unchanged_output(
        app, f"jekyll-feed:{path}", shows, target
    ):
        return
    entries = [
        _entry(
            state, post, base + quote(app.builder.get_target_uri(docname), safe="/#%"),
            state.jekyll_url(post),
            None if _excerpt_only(state, post) else bodies.get(docname),
            documents.get(docname, {}).get("excerpt_plain"), rss,
        )
        for docname, post in reversed(posts)
    ]  # fmt: skip
    title = state.site.title or str(app.config.project or "Blog")
    head = (
        base + path if base else path,
        f"{title} | {category[:1].upper()}{category[1:].lower()}"
        if category
        else title,
        base or "./",
        str(config.get("description") or state.site.title or "Blog"),
        str(config.get("lang") or app.config.language or "en"),
        rss,
        max((local_date(p, state) for _, p in posts), default=None),
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(_render_feed(*head, entries))


def _feed_lists(state: BuildState) -> Callable[[Post], bool]:
    """jekyll-feed leaves out the posts whose ``draft`` is true (a ``draft: true``
    in a post's front matter), unless the site shows drafts (``show_drafts``)."""
    shown = state.config.drafts
    if shown is None:
        shown = state.site.config.get("show_drafts") is True
    if shown:
        return lambda post: True
    return lambda post: not post.draft and post.data.get("draft") is not True


def _excerpt_only(state: BuildState, post: Post) -> bool:
    """jekyll-feed's ``excerpt_only``: the post's ``feed:``, else the site's."""
    own = post.data.get("feed")
    if isinstance(own, Mapping) and "excerpt_only" in own:
        return own["excerpt_only"] is True
    site = state.site.config.get("feed")
    return isinstance(site, Mapping) and site.get("excerpt_only") is True


def _fingerprint(body: str | None) -> str | None:
    """A body's digest: a key for the feed, cheaper to compare than the body."""
    if body is None:
        return None
    return hashlib.sha1(body.encode("utf-8", "surrogatepass")).hexdigest()


def _render_feed(  # noqa: PLR0917 - the head of the feed, in order
    feed_id: str,
    title: str,
    home: str,
    description: str,
    language: str,
    rss: bool,
    newest: dt.datetime | None,
    entries: list[_Entry],
) -> bytes:
    from feedgen.feed import FeedGenerator

    generator = FeedGenerator()
    generator.id(feed_id)
    generator.title(title)
    generator.link(href=home, rel="alternate")
    generator.link(href=feed_id, rel="self")
    generator.description(description)
    generator.language(language)
    generator.updated(newest or dt.datetime.now(dt.UTC))
    generator.lastBuildDate(newest or dt.datetime.now(dt.UTC))  # not "now": stable
    for values in entries:
        entry = generator.add_entry()
        entry.guid(values.id, permalink=rss)  # RSS: the post's URL; Atom: its id
        entry.title(values.title)
        entry.link(href=values.link, rel="alternate")
        entry.published(values.published)
        entry.updated(values.updated)
        for author in values.authors:
            entry.author(name=author)
        for term in values.terms:
            entry.category(term=term)
        if values.summary is not None:
            entry.summary(values.summary)
        if values.body:
            entry.content(values.body, type="html")
    render = generator.rss_str if rss else generator.atom_str
    return bytes(render(pretty=True))


def _entry(  # noqa: PLR0917 - one call site
    state: BuildState,
    post: Post,
    link: str,
    jekyll_link: str,
    body: str | None,
    excerpt: str | None,
    rss: bool,
) -> _Entry:
    from .output import local_date

    published = local_date(post, state)
    summary = post.data.get("description") or post.excerpt or excerpt
    return _Entry(
        id=absolute_url(jekyll_link if rss else post_id(jekyll_link, post), state.site),
        link=link,
        title=post.title,
        published=published,
        updated=_updated(post, state) or published,
        authors=tuple(post.authors or _site_authors(state)),
        terms=tuple(dict.fromkeys((*post.categories, *post.tags))),
        summary=_SPACE.sub(" ", _TAGS.sub("", str(summary))).strip()
        if summary
        else None,
        body=body or None,
    )


def _updated(post: Post, state: BuildState) -> dt.datetime | None:
    from .frontmatter import parse_date

    value = post.data.get("last_modified_at") or post.data.get("last-updated")
    if value is None:
        return None
    parsed = parse_date(value, state.site.timezone)
    return parsed if isinstance(parsed, dt.datetime) else None


def _site_authors(state: BuildState) -> tuple[str, ...]:
    author = state.site.config.get("author")
    if isinstance(author, Mapping):
        author = author.get("name")
    return (str(author),) if author else ()


def _serves_rss(state: BuildState) -> bool:
    """Whether the site's own ``feed.xml`` (e.g. Beautiful Jekyll's) was RSS."""
    if "beautiful-jekyll" in state.site.theme:
        return True
    page = state.site.root / "feed.xml"
    try:
        return "<rss" in page.read_text(encoding="utf-8", errors="replace")[:2000]
    except OSError:
        return False
