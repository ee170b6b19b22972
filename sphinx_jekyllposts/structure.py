"""kramdown's document structure where docutils' rules differ.

kramdown puts a table of contents wherever the post does and lists every heading
in it; a local ``contents`` lists one section and stands in no other block.
These transforms keep what Jekyll renders.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.transforms.parts import Contents

from .kramdown import TOC_MARKER
from .transforms import PostTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = [
    "DropNoTocHeadings",
    "ListWholePostInToc",
    "PostContents",
    "setup_structure",
]


def setup_structure(app: Sphinx) -> None:
    """Register the transforms of this module."""
    app.add_transform(ListWholePostInToc)
    app.add_transform(DropNoTocHeadings)


class PostContents(Contents):
    """docutils' ``contents`` transform for kramdown's ``{:toc}``.

    kramdown lists every heading of the post, wherever the list stands (often
    in a "Contents" section of its own), links no heading back to it, and gives
    it no title.
    """

    def apply(self, **kwargs: Any) -> None:
        """Replace the pending node with the list of the post's sections."""
        pending = self.startnode
        assert isinstance(pending, nodes.pending)
        topic = pending.parent
        self.toc_id = topic["ids"][0]
        self.backlinks = None
        for title in [c for c in topic.children if isinstance(c, nodes.title)]:
            topic.remove(title)
        if "local" not in topic["classes"]:
            topic["classes"].append("local")
        contents = self.build_contents(_post_section(pending, self.document))
        if isinstance(contents, nodes.Node) and len(contents):
            pending.replace_self(contents)
        else:
            topic.parent.remove(topic)


def _post_section(node: nodes.Node, document: nodes.document) -> nodes.Element:
    """The outermost section holding ``node``: the post's own (its title's)."""
    outermost: nodes.Element = document
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.section):
            outermost = parent
        parent = parent.parent
    return outermost


class ListWholePostInToc(PostTransform):
    """The post's ``contents`` lists are built by :class:`PostContents`.

    Every ``contents`` directive of a post stands for kramdown's ``{:toc}`` (a
    post has no other way to write one). The transform is queued when the
    directive runs, so the queue's entry is what changes. A ``{:toc}`` inside
    another block, where docutils allows no directive, came as a marker:
    ``<raw>TOC_MARKER</raw>`` → ``<topic classes="contents local"><pending/>``
    """

    # Before docutils builds the contents lists (Contents, 720).
    default_priority = 715

    def apply_to_post(self, record: dict[str, Any]) -> None:
        transformer = self.document.transformer
        transformer.transforms = [
            (priority, PostContents if kind is Contents else kind, pending, kwargs)
            for priority, kind, pending, kwargs in transformer.transforms
        ]
        for raw in list(self.document.findall(nodes.raw)):
            if raw.astext().strip() == TOC_MARKER:
                topic = nodes.topic(classes=["contents", "local"], names=["contents"])
                self.document.note_implicit_target(topic)
                pending = nodes.pending(PostContents)
                topic += pending
                self.document.note_pending(pending)
                raw.replace_self(topic)


class DropNoTocHeadings(PostTransform):
    """Headings with kramdown's ``no_toc`` class are left out of the contents.

    Their sub-headings stay, one level up; a contents list left empty goes.
    ``<topic classes="contents"><bullet_list><list_item>no_toc…`` →
    ``<topic classes="contents"><bullet_list>(its sub-entries)``
    """

    # Right after docutils built the contents list (Contents, 720).
    default_priority = 721

    def apply_to_post(self, record: dict[str, Any]) -> None:
        hidden = {
            section["ids"][0]
            for section in self.document.findall(nodes.section)
            if isinstance(section.children[0], nodes.title)
            and "no_toc" in section.children[0]["classes"]
            and section["ids"]
        }
        if not hidden:
            return
        for topic in list(self.document.findall(nodes.topic)):
            if "contents" not in topic["classes"]:
                continue
            for item in list(topic.findall(nodes.list_item)):
                reference = item.next_node(nodes.reference)
                if reference is not None and reference.get("refid") in hidden:
                    lists = [
                        c for c in item.children if isinstance(c, nodes.bullet_list)
                    ]
                    item.replace_self([i for sub in lists for i in sub.children])
            for empty in list(topic.findall(nodes.bullet_list)):
                if not empty.children:
                    empty.parent.remove(empty)
            if not list(topic.findall(nodes.list_item)):
                topic.parent.remove(topic)
