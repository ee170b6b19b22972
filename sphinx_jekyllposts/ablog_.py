"""ABlog, set up for Jekyll posts: excerpts, sidebars for pydata-sphinx-theme."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
    app.add_transform(SetPostExcerpt)
    app.connect("config-inited", on_config_inited, priority=450)


def on_config_inited(app: Sphinx, config: Config) -> None:
    """Give pydata-sphinx-theme ABlog's sidebars on post pages, unless the user chose."""
    from .extension import get_state

    if config.html_theme != "pydata_sphinx_theme" or config.html_sidebars:
        return
    prefix = get_state(app).site_prefix
    config.html_sidebars = {
        f"{prefix}_posts/**": PYDATA_SIDEBARS,
        f"{prefix}**/_posts/**": PYDATA_SIDEBARS,
        f"{config.blog_path}/**": PYDATA_SIDEBARS,
        config.blog_path: PYDATA_SIDEBARS,
    }


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
