"""What a Jekyll layout showed around a post: update note, meta tags, ``redirect_to``."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["AddUpdateNote", "meta_tags", "setup_chrome"]

#: Front-matter keys themes use for "last updated" (jekyll-last-modified-at, Chirpy,
#: Beautiful Jekyll).
UPDATE_KEYS = ("last_modified_at", "last-updated", "last_updated", "updated")


_CSS = "jekyllposts.css"


def setup_chrome(app: Sphinx) -> None:
    """Register the transform, handlers and style sheet of this module."""
    app.add_transform(AddUpdateNote)
    app.connect("html-page-context", on_html_page_context)
    app.connect("builder-inited", on_builder_inited)
    app.add_css_file(_CSS)


def on_builder_inited(app: Sphinx) -> None:
    """Write the style sheet into ``_static`` (no change to ``html_static_path``)."""
    if app.builder.format != "html":
        return
    source = Path(__file__).parent / "_static" / _CSS
    target = Path(app.outdir) / "_static" / _CSS
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.is_file() or target.read_bytes() != source.read_bytes():
        target.write_bytes(source.read_bytes())


class AddUpdateNote(SphinxTransform):
    """``last_modified_at`` becomes an "Updated on" line at the end of the post.

    ``<section>…`` → ``<section>…<rubric classes="jekyllposts-updated">`` — a line
    of page chrome as themes show it, not a callout, and not a paragraph that ABlog
    could take for the excerpt.
    """

    # After the title section exists (300).
    default_priority = 710

    def apply(self, **kwargs: Any) -> None:
        """Add the line when the post has an update date."""
        from .extension import get_state
        from .frontmatter import parse_date

        state = get_state(self.app)
        post = state.posts_by_docname.get(self.env.docname)
        section = next(iter(self.document.findall(nodes.section)), None)
        if post is None or section is None:
            return
        value = next((post.data[k] for k in UPDATE_KEYS if post.data.get(k)), None)
        date = parse_date(value, state.site.timezone) if value is not None else None
        if not isinstance(date, dt.datetime):
            return
        text = f"Updated on {date.strftime(self.config.post_date_format)}"
        section += nodes.rubric("", text, classes=["jekyllposts-updated"])


def meta_tags(data: dict[str, Any], title: str, site_url: str) -> str:
    """Meta description and Open Graph tags for a post's front matter."""
    description = data.get("description") or data.get("subtitle") or data.get("excerpt")
    image = data.get("share-img") or data.get("image")
    if isinstance(image, dict):
        image = image.get("path") or image.get("feature")
    tags = [f'<meta property="og:title" content="{html.escape(title)}">']
    tags.append('<meta property="og:type" content="article">')
    if description:
        text = html.escape(" ".join(str(description).split()))
        tags.append(f'<meta name="description" content="{text}">')
        tags.append(f'<meta property="og:description" content="{text}">')
    if isinstance(image, str) and image:
        url = (
            image if "://" in image else site_url.rstrip("/") + "/" + image.lstrip("/")
        )
        tags.append(f'<meta property="og:image" content="{html.escape(url)}">')
    return "\n".join(tags) + "\n"


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Add meta tags to post pages; turn ``redirect_to`` posts into redirects."""
    from .extension import get_state
    from .output import _base_url

    state = get_state(app)
    post = state.posts_by_docname.get(pagename)
    if post is None:
        return
    extra = meta_tags(dict(post.data), post.title, _base_url(app))
    target = post.data.get("redirect_to")
    if isinstance(target, list):
        target = target[0] if target else None
    if isinstance(target, str) and target:
        url = html.escape(target)
        extra += f'<meta http-equiv="refresh" content="0; url={url}">\n'
        extra += f'<link rel="canonical" href="{url}">\n'
    context["metatags"] = context.get("metatags", "") + extra
