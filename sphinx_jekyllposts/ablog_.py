"""ABlog, set up for Jekyll posts: excerpts, sidebars for pydata-sphinx-theme."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any
import unicodedata

import yaml

from ablog.post import PostNode
from docutils import nodes
from sphinx.transforms import SphinxTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

__all__ = ["PYDATA_SIDEBARS", "SetPostExcerpt", "setup_ablog"]

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
    app.add_transform(SetPostExcerpt)
    app.connect("config-inited", on_config_inited, priority=450)


def on_config_inited(app: Sphinx, config: Config) -> None:
    """Give pydata-sphinx-theme ABlog's sidebars on post pages, unless the user chose."""
    from .extension import get_state

    state = get_state(app)
    if not config.blog_authors:
        config.blog_authors = _site_authors(state.site.root / "_data")
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
            authors[str(key)] = (str(info.get("name") or key), str(url) if url else None)
        return authors
    return {}


def _compose_archive_slugs() -> None:
    """Make ABlog's archive slugs NFC, as URLs are written and typed.

    ABlog's ``slugify`` decomposes (NFKD) to drop accents, which also splits Hangul
    syllables into jamo: ``태그`` becomes a folder named with six jamo that no typed or
    shared URL matches. ABlog offers no hook for slugs, so its ``slugify`` is wrapped
    (once) to compose the result again; accents stay dropped.
    """
    import ablog.blog
    import ablog.post

    original = ablog.blog.slugify
    if getattr(original, "__wrapped__", None) is not None:
        return

    @functools.wraps(original)
    def slugify(string: str) -> str:
        return unicodedata.normalize("NFC", original(string))

    ablog.blog.slugify = slugify
    ablog.post.slugify = slugify


class SetPostExcerpt(SphinxTransform):
    """Give ABlog the post's Jekyll excerpt: what comes before ``excerpt_separator``.

    ``<PostNode>`` → ``<PostNode exclude="True"><paragraph/>…`` (copies of the nodes
    before the separator line; ``exclude`` keeps them out of the page a second time).
    A front-matter ``excerpt:`` becomes one paragraph. Without either, the first
    paragraph of the post (not the subtitle), as Jekyll's default separator gives.
    """

    # After callouts (500) so the excerpt shows final nodes; before ABlog (doctree-read).
    default_priority = 700

    def apply(self, **kwargs: Any) -> None:
        """Fill the post node of a converted post."""
        domain = self.env.domains.get("jekyllposts")
        record = domain.data["documents"].get(self.env.docname) if domain else None
        post_node = next(iter(self.document.findall(PostNode)), None)
        if record is None or post_node is None:
            return
        excerpt: list[nodes.Node] = []
        if record.get("excerpt_text"):
            excerpt = [nodes.paragraph("", record["excerpt_text"])]
        elif record.get("excerpt_line"):
            excerpt = _nodes_before(self.document, record["excerpt_line"])
        else:  # Jekyll's default separator: the first block; we take a paragraph
            first = next(iter(self.document.findall(_is_body_paragraph)), None)
            excerpt = [first.deepcopy()] if first is not None else []
        post_node.extend(excerpt)
        post_node["exclude"] = True
        record["excerpt_plain"] = " ".join(n.astext() for n in excerpt).strip()


def _nodes_before(document: nodes.document, line: int) -> list[nodes.Node]:
    """Copies of the body blocks that start before ``line``, sections flattened."""
    found: list[nodes.Node] = []

    def visit(parent: nodes.Element) -> None:
        for child in parent.children:
            if isinstance(child, nodes.section):
                visit(child)
            elif isinstance(child, (nodes.title, PostNode)) or "subtitle" in child.get(
                "classes", []
            ):
                continue
            elif isinstance(child, nodes.Element) and (child.line or 0) < line:
                found.append(child.deepcopy())

    visit(document)
    return found


def _is_body_paragraph(node: nodes.Node) -> bool:
    return (
        isinstance(node, nodes.paragraph)
        and "subtitle" not in node["classes"]
        and not isinstance(node.parent, PostNode)
    )
