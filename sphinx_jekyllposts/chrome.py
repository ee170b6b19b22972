"""What a Jekyll layout showed around a post: update note, meta tags, ``redirect_to``."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ablog.post import PostNode, UpdateNode
from sphinx.transforms import SphinxTransform

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

    from .extension import BuildState

__all__ = ["AddUpdateNote", "meta_tags", "setup_chrome"]

#: Front-matter keys themes use for "last updated" (jekyll-last-modified-at, Chirpy,
#: Beautiful Jekyll).
UPDATE_KEYS = ("last_modified_at", "last-updated", "last_updated", "updated")


_CSS = "jekyllposts.css"


def setup_chrome(app: Sphinx) -> None:
    """Register the transform, handlers and style sheet of this module."""
    app.add_transform(AddUpdateNote)
    app.connect("doctree-read", drop_update_notes)  # after ABlog's own handler
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
    """``last_modified_at`` becomes ABlog's update date, shown in the post card.

    ``<PostNode>`` → ``<PostNode><UpdateNode date="2024-06-02T00:00:00">``; ABlog
    reads the date at ``doctree-read``, then :func:`drop_update_notes` takes the node
    out of the page again: themes show the date with the post's metadata, not as a
    callout in the text.
    """

    # After the title and post node exist (300).
    default_priority = 710

    def apply(self, **kwargs: Any) -> None:
        """Add the node when the post has an update date."""
        from .extension import get_state
        from .frontmatter import parse_date

        state = get_state(self.app)
        post = state.posts_by_docname.get(self.env.docname)
        post_node = next(iter(self.document.findall(PostNode)), None)
        if post is None or post_node is None:
            return
        value = next((post.data[k] for k in UPDATE_KEYS if post.data.get(k)), None)
        date = parse_date(value, state.site.timezone) if value is not None else None
        if not isinstance(date, dt.datetime):
            return
        note = UpdateNode()
        note["date"] = (
            date.astimezone(state.site.timezone).replace(tzinfo=None).isoformat()
        )
        post_node.parent.insert(post_node.parent.index(post_node) + 1, note)


def drop_update_notes(app: Sphinx, doctree: nodes.document) -> None:
    """After ABlog read them, remove update notes from posts and ABlog's copies."""
    from .extension import get_state

    docname = app.env.docname
    if docname not in get_state(app).posts_by_docname:
        return
    trees = [doctree]
    infos = getattr(app.env, "ablog_posts", {}).get(docname, [])
    trees += [info["doctree"] for info in infos if info.get("doctree") is not None]
    for tree in trees:
        for note in list(tree.findall(UpdateNode)):
            note.parent.remove(note)


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
    """Advertise ``feed.xml``; add meta tags to post pages; turn ``redirect_to``
    posts into redirects."""
    from .extension import get_state
    from .output import _base_url

    state = get_state(app)
    feed = _feed_link(app, state, context)
    if feed:
        context["metatags"] = context.get("metatags", "") + feed
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


def _feed_link(app: Sphinx, state: BuildState, context: dict[str, Any]) -> str:
    """jekyll-feed's ``{% feed_meta %}``: the link by which readers find ``feed.xml``."""
    from .feed import feed_path
    from .output import _HTML_BUILDERS

    pathto = context.get("pathto")
    if app.builder.name not in _HTML_BUILDERS or not callable(pathto):
        return ""
    path = feed_path(app, state)
    title = state.site.title or str(app.config.project or "")
    href = html.escape(str(pathto(path, 1)))
    return (
        f'<link type="application/atom+xml" rel="alternate" href="{href}"'
        f' title="{html.escape(title)}">\n'
    )
