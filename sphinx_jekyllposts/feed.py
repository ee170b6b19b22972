"""``feed.xml`` where jekyll-feed served it: Atom (or RSS 2.0 for themes that served RSS)."""

from __future__ import annotations

from collections.abc import Mapping
import datetime as dt
from pathlib import Path
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from feedgen.feed import FeedGenerator

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .extension import BuildState
    from .frontmatter import Post

__all__ = ["feed_settings", "write_feed"]

_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def feed_settings(site_config: Mapping[str, Any]) -> tuple[str, int | None]:
    """jekyll-feed's ``feed: path`` and ``feed: posts_limit`` (``None``: every post).

    jekyll-feed lists the newest 10 posts; we list every post unless the site set a
    limit, so that no post is missing from a reader's first fetch after migrating.
    """
    feed = site_config.get("feed")
    path, limit = "feed.xml", None
    if isinstance(feed, Mapping):
        path = str(feed.get("path") or path).lstrip("/")
        raw = feed.get("posts_limit")
        limit = raw if isinstance(raw, int) and raw > 0 else None
    return path, limit


def write_feed(app: Sphinx, state: BuildState, bodies: Mapping[str, str]) -> None:
    """Write the site's feed of posts into the output directory."""
    from .output import _base_url, _unsafe, local_date, write_if_changed

    path, limit = feed_settings(state.site.config)
    if _unsafe(app, path) is not None:
        path = "feed.xml"
    base = _base_url(app)
    config = state.site.config
    generator = FeedGenerator()
    generator.id(base + path if base else path)
    generator.title(str(config.get("title") or app.config.project or "Blog"))
    generator.link(href=base or "./", rel="alternate")
    generator.link(href=base + path if base else path, rel="self")
    generator.description(
        str(config.get("description") or config.get("title") or "Blog")
    )
    generator.language(str(config.get("lang") or app.config.language or "en"))
    posts = sorted(
        state.posts_by_docname.items(), key=lambda i: (i[1].date, i[0]), reverse=True
    )[:limit]
    domain = app.env.domains.get("jekyllposts")
    documents: Mapping[str, dict[str, Any]] = domain.data["documents"] if domain else {}
    newest = max((local_date(p, state) for _, p in posts), default=None)
    generator.updated(newest or dt.datetime.now(dt.UTC))
    generator.lastBuildDate(newest or dt.datetime.now(dt.UTC))  # not "now": stable
    for docname, post in reversed(posts):
        link = base + quote(app.builder.get_target_uri(docname), safe="/#%")
        record = documents.get(docname, {})
        excerpt = record.get("excerpt_plain")
        _add_entry(generator, state, post, link, bodies.get(docname), excerpt)
    target = Path(app.outdir) / path
    target.parent.mkdir(parents=True, exist_ok=True)
    render = generator.rss_str if _serves_rss(state) else generator.atom_str
    write_if_changed(target, render(pretty=True))


def _add_entry(  # noqa: PLR0917 - one call site
    generator: FeedGenerator,
    state: BuildState,
    post: Post,
    link: str,
    body: str | None,
    excerpt: str | None,
) -> None:
    from .output import local_date

    entry = generator.add_entry()
    entry.id(link)
    entry.title(post.title)
    entry.link(href=link, rel="alternate")
    published = local_date(post, state)
    entry.published(published)
    entry.updated(_updated(post, state) or published)
    authors = post.authors or _site_authors(state)
    for author in authors:
        entry.author(name=author)
    for term in dict.fromkeys((*post.categories, *post.tags)):
        entry.category(term=term)
    summary = post.data.get("description") or post.excerpt or excerpt
    if summary:
        entry.summary(_SPACE.sub(" ", _TAGS.sub("", str(summary))).strip())
    if body:
        entry.content(body, type="html")


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
    config = state.site.config
    theme = f"{config.get('theme') or ''} {config.get('remote_theme') or ''}"
    if "beautiful-jekyll" in theme:
        return True
    page = state.site.root / "feed.xml"
    try:
        return "<rss" in page.read_text(encoding="utf-8", errors="replace")[:2000]
    except OSError:
        return False
