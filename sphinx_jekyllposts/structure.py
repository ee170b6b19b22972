"""kramdown's document structure where docutils' rules differ.

kramdown puts a table of contents, a horizontal rule or a heading wherever the
post does; docutils has rules of its own for each (a local ``contents`` lists one
section and stands in no other block, a transition stands between body elements
of a section, a heading inside a block is a rubric). kramdown's tables need no
header and may hold separator lines; its footnotes are numbered in the order they
are first referenced, whatever their names. These transforms keep what Jekyll
renders.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.transforms.parts import Contents
from sphinx.transforms.post_transforms import SphinxPostTransform

from .kramdown import HEADERLESS_TABLE, OUTSIDE_TOC_LEVELS, SEPARATOR_LINE, TOC_MARKER
from .kramdown._tables import CELL_PIPE
from .transforms import PostTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

__all__ = [
    "BuildHeaderlessTables",
    "DropNoTocHeadings",
    "DropTableRuleRows",
    "HideMisplacedRules",
    "KeepNestedHeadingLevels",
    "ListWholePostInToc",
    "NumberFootnotesAsKramdown",
    "PostContents",
    "RestoreRules",
    "drop_no_toc_from_page_toc",
    "setup_structure",
]

#: Where a hidden rule waits (in a stand-in comment) while docutils checks rules.
_HIDDEN_RULE = "jekyllposts-hidden-rule"
_NOT_BEFORE_A_RULE = (
    nodes.title,
    nodes.subtitle,
    nodes.meta,
    nodes.decoration,
    nodes.transition,
)


def setup_structure(app: Sphinx) -> None:
    """Register the transforms of this module."""
    app.add_transform(ListWholePostInToc)
    app.add_transform(DropNoTocHeadings)
    app.add_transform(KeepNestedHeadingLevels)
    app.add_transform(BuildHeaderlessTables)
    app.add_transform(DropTableRuleRows)
    app.add_transform(HideMisplacedRules)
    app.add_transform(RestoreRules)
    app.add_transform(NumberFootnotesAsKramdown)
    app.add_post_transform(WriteTocAsText)
    # after Sphinx's TocTreeCollector (500) has built the page's entries
    app.connect("doctree-read", drop_no_toc_from_page_toc, priority=600)


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


#: The class of a post's ``{:toc}`` in the HTML (docutils' ``contents`` would make
#: it a ``<nav>``).
TOC_CLASS = "jekyllposts-toc"


class WriteTocAsText(SphinxPostTransform):
    """kramdown's ``{:toc}`` is a list in the post's text, ``<ul id="markdown-toc">``:
    HTML builders write it as part of the text (a ``div``, boxed by the theme as
    a contents list is), not as page navigation, and with kramdown's id, so that a
    post's ``[back to the top](#markdown-toc)`` lands on it.

    ``<topic classes="contents local" ids="contents">`` →
    ``<topic classes="jekyllposts-toc local" ids="markdown-toc contents">``
    """

    default_priority = 900
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        """Rename the contents lists of a post."""
        domain = self.env.domains.get("jekyllposts")
        if domain is None or self.env.docname not in domain.data["documents"]:
            return
        taken = set(self.document.ids)
        for topic in self.document.findall(nodes.topic):
            if "contents" not in topic["classes"]:
                continue
            topic["classes"] = [
                TOC_CLASS if c == "contents" else c for c in topic["classes"]
            ]
            if "markdown-toc" not in taken:
                topic["ids"].insert(0, "markdown-toc")
                taken.add("markdown-toc")


class DropNoTocHeadings(PostTransform):
    """Headings with kramdown's ``no_toc`` class are left out of the contents,
    and those of levels its ``toc_levels`` leaves out.

    Their sub-headings stay, one level up; a contents list left empty goes.
    ``<topic classes="contents"><bullet_list><list_item>no_toc…`` →
    ``<topic classes="contents"><bullet_list>(its sub-entries)``
    """

    # Right after docutils built the contents list (Contents, 720).
    default_priority = 721

    def apply_to_post(self, record: dict[str, Any]) -> None:
        hidden = set()
        for section in self.document.findall(nodes.section):
            title = section.children[0]
            if not isinstance(title, nodes.title) or not section["ids"]:
                continue
            if OUTSIDE_TOC_LEVELS in title["classes"]:  # only for this transform
                title["classes"].remove(OUTSIDE_TOC_LEVELS)
                hidden.add(section["ids"][0])
            elif "no_toc" in title["classes"]:
                hidden.add(section["ids"][0])
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


def drop_no_toc_from_page_toc(app: Sphinx, doctree: nodes.document) -> None:
    """Leave ``no_toc`` headings out of the page's own table of contents too.

    Themes show it beside the post (pydata-sphinx-theme's "On this page", from
    ``env.tocs`` through Sphinx's ``toc`` context); kramdown leaves the heading out
    of ``{:toc}``, so it stays out there as well, its sub-headings one level up.
    """
    env = app.env
    docname = env.current_document.docname
    domain = env.domains.get("jekyllposts")
    if domain is None or docname not in domain.data["documents"]:
        return
    hidden = {
        "#" + section["ids"][0]
        for section in doctree.findall(nodes.section)
        if section["ids"]
        and isinstance(section.children[0], nodes.title)
        and "no_toc" in section.children[0]["classes"]
    }
    toc = _page_toc(env, docname)
    if not hidden or toc is None:
        return
    for item in list(toc.findall(nodes.list_item)):
        reference = item.next_node(nodes.reference)
        if reference is not None and reference.get("anchorname") in hidden:
            lists = [c for c in item.children if isinstance(c, nodes.bullet_list)]
            item.replace_self([i for sub in lists for i in sub.children])
    for empty in list(toc.findall(nodes.bullet_list)):
        if not empty.children and empty.parent is not None:
            empty.parent.remove(empty)


def _page_toc(env: BuildEnvironment, docname: str) -> nodes.bullet_list | None:
    toc = env.tocs.get(docname)
    return toc if isinstance(toc, nodes.bullet_list) else None


class KeepNestedHeadingLevels(PostTransform):
    """A heading inside a quote, list or container stays a heading.

    MyST makes it a rubric (no section can start there) and keeps its level;
    Sphinx writes a rubric with a ``heading-level`` as ``<hN class="rubric">``,
    as kramdown writes ``<hN>``.
    ``<rubric level="5">`` → ``<rubric level="5" heading-level="5">``
    """

    # Any time after parsing; the writers read it.
    default_priority = 500

    def apply_to_post(self, record: dict[str, Any]) -> None:
        for rubric in self.document.findall(nodes.rubric):
            level = rubric.get("level")
            if isinstance(level, int) and "heading-level" not in rubric:
                rubric["heading-level"] = min(max(level, 1), 6)


class HideMisplacedRules(PostTransform):
    """Hide the horizontal rules docutils' ``Transitions`` check would reject.

    A rule may stand anywhere in kramdown (right after a heading, in a quote,
    last in the post, next to another); docutils warns unless it stands between
    body elements of a section. Such rules wait in a stand-in comment while the
    check runs, and :class:`RestoreRules` puts them back, so every builder
    writes them where Jekyll does.
    ``<title/><transition/>`` → ``<title/><comment jekyllposts-hidden-rule/>``
    """

    # Just before docutils' Transitions (830).
    default_priority = 829

    def apply_to_post(self, record: dict[str, Any]) -> None:
        for rule in list(self.document.findall(nodes.transition)):
            if _misplaced(rule):
                stand_in = nodes.comment()
                stand_in[_HIDDEN_RULE] = rule
                rule.replace_self(stand_in)


def _misplaced(rule: nodes.transition) -> bool:
    parent = rule.parent
    if not isinstance(parent, (nodes.document, nodes.section)):
        return True
    index = parent.index(rule)
    if index == 0 or isinstance(parent[index - 1], _NOT_BEFORE_A_RULE):
        return True
    node: nodes.Element = rule
    while node.parent is not None:  # last in the document?
        if node.parent.index(node) != len(node.parent) - 1:
            return False
        node = node.parent
    return True


class RestoreRules(PostTransform):
    """Put back the rules :class:`HideMisplacedRules` hid.

    ``<comment jekyllposts-hidden-rule/>`` → ``<transition/>``
    """

    # Right after docutils' Transitions (830).
    default_priority = 831

    def apply_to_post(self, record: dict[str, Any]) -> None:
        for stand_in in list(self.document.findall(nodes.comment)):
            rule = stand_in.get(_HIDDEN_RULE)
            if isinstance(rule, nodes.transition):
                stand_in.replace_self(rule)


_CELL_SPLIT = re.compile(r"(\||\n)")


class BuildHeaderlessTables(PostTransform):
    """A paragraph of ``|`` rows the kramdown stage marked becomes a table.

    kramdown needs no header or separator line; every row is a body row.
    ``<paragraph classes="jekyllposts-table">| a | b |`` →
    ``<table><tgroup cols="2"><tbody><row><entry><paragraph>a…``
    """

    # After the side-channel classes (ApplyKramdownAttributes, 200), before
    # Sphinx's SmartQuotes (750) and anything that reads tables.
    default_priority = 220

    def apply_to_post(self, record: dict[str, Any]) -> None:
        for paragraph in list(self.document.findall(nodes.paragraph)):
            if HEADERLESS_TABLE in paragraph["classes"]:
                table = _table(paragraph)
                paragraph.replace_self(table)  # the table takes its ids and classes
                table["classes"].remove(HEADERLESS_TABLE)


def _table(paragraph: nodes.paragraph) -> nodes.table:
    rows = [_trimmed(row) for row in _split_rows(paragraph)]
    width = max(len(row) for row in rows)
    table = nodes.table()
    group = nodes.tgroup(cols=width)
    table += group
    for column in range(width):  # as wide as its widest cell, as reST's tables
        texts = [
            "".join(n.astext() for n in r[column]) for r in rows if column < len(r)
        ]
        group += nodes.colspec(colwidth=max(1, *map(len, texts)))
    body = nodes.tbody()
    group += body
    for cells in rows:
        row = nodes.row()
        for cell in [*cells, *[[]] * (width - len(cells))]:  # kramdown pads rows
            row += nodes.entry("", nodes.paragraph("", "", *cell))
        body += row
    table.source, table.line = paragraph.source, paragraph.line
    for text in list(table.findall(nodes.Text)):
        if CELL_PIPE in text:
            text.parent.replace(text, nodes.Text(text.replace(CELL_PIPE, "|")))
    return table


def _split_rows(paragraph: nodes.paragraph) -> list[list[list[nodes.Node]]]:
    """The paragraph's inline nodes, cut into rows at line ends, cells at ``|``."""
    rows: list[list[list[nodes.Node]]] = [[[]]]
    for child in paragraph.children:
        if not isinstance(child, nodes.Text):
            rows[-1][-1].append(child.deepcopy())
            continue
        for piece in _CELL_SPLIT.split(str(child)):
            if piece == "|":
                rows[-1].append([])
            elif piece == "\n":
                rows.append([[]])
            elif piece:
                rows[-1][-1].append(nodes.Text(piece))
    return rows


def _trimmed(row: list[list[nodes.Node]]) -> list[list[nodes.Node]]:
    """Cells without the empty ones the leading and trailing ``|`` make, stripped."""
    if row and not "".join(n.astext() for n in row[0]).strip():
        row = row[1:]
    if len(row) > 1 and not "".join(n.astext() for n in row[-1]).strip():
        row = row[:-1]
    for cell in row:
        for index in (0, -1):
            if cell and isinstance(cell[index], nodes.Text):
                text = str(cell[index])
                cell[index] = nodes.Text(text.lstrip() if index == 0 else text.rstrip())
    return row


class DropTableRuleRows(PostTransform):
    """Separator and footer lines inside a kramdown table are not rows.

    kramdown starts a new ``<tbody>`` at a ``|---|`` line and the ``<tfoot>`` at
    a ``|===|`` line; CommonMark reads both as rows of dashes. The rows go (the
    footer's rows stay in the body).
    ``<row><entry>---</entry><entry>:-:</entry></row>`` → (nothing)
    """

    # Before Sphinx's SmartQuotes (750) makes the dashes typographic.
    default_priority = 225

    def apply_to_post(self, record: dict[str, Any]) -> None:
        for body in list(self.document.findall(nodes.tbody)):
            for row in list(body.children):
                # (CommonMark pads a ``|---+---|`` line with empty cells)
                cells = [entry.astext().strip() for entry in row.children]
                filled = [cell for cell in cells if cell]
                if filled and all(SEPARATOR_LINE.fullmatch(c) for c in filled):
                    body.remove(row)


class NumberFootnotesAsKramdown(PostTransform):
    """Footnotes numbered, listed and identified as kramdown does.

    kramdown numbers every footnote in the order of its first reference and lists
    them in that order; docutils keeps a numeric label (``[^2]`` shows 2) and
    numbers the others around it. Each footnote's id is ``fn:<name>``, each
    reference's ``fnref:<name>`` (then ``fnref:<name>:1``, … for the repeats), so
    links into an old post's notes still land.
    """

    # after docutils numbers the footnotes (620) and MyST moves them to the end (623)
    default_priority = 625

    def apply_to_post(self, record: dict[str, Any]) -> None:
        ids = self.document.ids
        order: dict[str, list[nodes.footnote_reference]] = {}
        for reference in self.document.findall(nodes.footnote_reference):
            footnote = ids.get(reference.get("refid", ""))
            if isinstance(footnote, nodes.footnote) and footnote["names"]:
                order.setdefault(footnote["ids"][0], []).append(reference)
        end = None
        for number, references in enumerate(order.values(), start=1):
            footnote = ids[references[0]["refid"]]
            assert isinstance(footnote, nodes.footnote)
            name = footnote["names"][0]
            self._identify(footnote, f"fn:{name}")
            backrefs = []
            for repeat, reference in enumerate(references):
                suffix = f":{repeat}" if repeat else ""
                self._identify(reference, f"fnref:{name}{suffix}")
                reference["refid"] = f"fn:{name}"
                reference[:] = [nodes.Text(str(number))]
                backrefs.append(reference["ids"][0])
            footnote["backrefs"] = backrefs
            if footnote.children and isinstance(footnote[0], nodes.label):
                footnote[0][:] = [nodes.Text(str(number))]
            if footnote.parent is self.document:
                # in reference order after the last one placed (MyST put them last)
                if end is not None:
                    footnote.parent.remove(footnote)
                    end.parent.insert(end.parent.index(end) + 1, footnote)
                end = footnote

    def _identify(self, node: nodes.Element, new_id: str) -> None:
        """Make ``new_id`` the node's only id, also for the names that led to it."""
        document = self.document
        for old in node["ids"]:
            if document.ids.get(old) is node:
                del document.ids[old]
                for name, target in document.nameids.items():
                    if target == old:
                        document.nameids[name] = new_id
        node["ids"] = [new_id]
        document.ids[new_id] = node
