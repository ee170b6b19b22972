"""Theme callouts and helper classes as Sphinx nodes: admonitions and image alignment."""

from __future__ import annotations

import html
from html.parser import HTMLParser
import re
from typing import TYPE_CHECKING, Any

from docutils import nodes

from .kramdown._rawhtml import element_end
from .themes import (
    ALIGN_CLASSES,
    BOX_CLASSES,
    KIND_CLASSES,
    TEXT_ALERT_CLASSES,
    is_text_theme,
)
from .transforms import PostTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = [
    "ALIGN_CLASSES",
    "LEAD_IN_CLASS",
    "TEXT_ALERT_CLASS",
    "AlignImages",
    "ConvertBoxCallouts",
    "MarkTextAlerts",
    "setup_callouts",
]


#: The class of a callout titled with its own bold lead-in (``**Note:** …``).
LEAD_IN_CLASS = "jekyllposts-lead-in"

#: The class the style sheet tints TeXt's alert paragraphs by (with their own).
TEXT_ALERT_CLASS = "jekyllposts-text-alert"

#: Admonition names and their docutils node classes.
_ADMONITION_NODES: dict[str, type[nodes.Element]] = {
    name: getattr(nodes, name)
    for name in (
        "attention", "caution", "danger", "error", "hint", "important", "note",
        "tip", "warning",
    )
}  # fmt: skip


def setup_callouts(app: Sphinx) -> None:
    """Register the transforms of this module."""
    app.add_transform(ConvertBoxCallouts)
    app.add_transform(AlignImages)
    app.add_transform(MarkTextAlerts)


class ConvertBoxCallouts(PostTransform):
    """Blocks with a callout class become admonitions.

    ``<paragraph classes="box-note">text`` → ``<note><paragraph>text``;
    ``<block_quote classes="prompt-tip">`` → ``<tip><block_quote>`` (styled plain);
    a container with the class gives its children to the admonition.
    """

    # After InsertPostTitle (300) and kramdown attributes; before ABlog reads (800).
    default_priority = 500

    def apply_to_post(self, record: dict[str, Any]) -> None:
        from .config import get_config

        configured = get_config(self.app).callout_map
        # directives normalise class names (``notice--info`` → ``notice-info``)
        callout_map = {nodes.make_id(c): k for c, k in configured.items()}
        callout_map.update(configured)
        for raw in list(self.document.findall(nodes.raw)):
            _raw_callout(raw, callout_map)
        candidates = [
            node
            for node in self.document.findall(nodes.Element)
            if isinstance(node, (nodes.paragraph, nodes.container, nodes.block_quote))
            and any(cls in callout_map for cls in node["classes"])
        ]
        for node in candidates:
            # the most specific class decides: `callout callout-warning` is a warning
            box = max((c for c in node["classes"] if c in callout_map), key=len)
            kind = callout_map[box]
            if box in BOX_CLASSES:  # a kind beside it: `alert warning`
                words = (KIND_CLASSES.get(c) for c in node["classes"])
                kind = next((k for k in words if k), kind)
            admonition = _ADMONITION_NODES.get(kind, nodes.note)()
            admonition.source, admonition.line = node.source, node.line
            admonition["classes"] = [c for c in node["classes"] if c not in callout_map]
            admonition["ids"] = list(node["ids"])
            if isinstance(node, nodes.container):
                admonition.extend(child.deepcopy() for child in node.children)
            else:  # a quote stays a quote inside the callout, as in Chirpy's HTML
                node["classes"] = ["jekyllposts-callout-body"] * isinstance(
                    node, nodes.block_quote
                )
                node["ids"] = []
                admonition += node.deepcopy()
            label = node.get(_HTML_LABEL_KEY)
            if label:  # a raw HTML box's own bold label
                node.replace_self(_titled(admonition, kind, label))
                continue
            node.replace_self(_titled_by_lead_in(admonition, kind))


#: The colon after a label: ASCII, and the full-width one of Chinese and Japanese.
_COLONS = (":", "\uff1a")


def _titled_by_lead_in(admonition: nodes.Element, kind: str) -> nodes.Element:
    """A callout whose text opens with a bold label takes the label as its title.

    Themes draw a box without a title, so posts name the box themselves
    (``**Note:** text``); a titled admonition would say it twice. ``<note>
    <paragraph><strong>Note:</strong> text`` → ``<admonition classes="note">
    <title>Note</title><paragraph>text``, styled as the kind of callout it is.
    """
    first = admonition.children[0] if admonition.children else None
    if isinstance(first, nodes.block_quote) and first.children:
        first = first.children[0]
    if not isinstance(first, nodes.paragraph):
        return admonition
    children = first.children
    start = next(
        (
            i
            for i, c in enumerate(children)
            if not isinstance(c, nodes.Text) or c.strip()
        ),
        len(children),
    )
    lead = children[start] if start < len(children) else None
    rest = children[start + 1] if start + 1 < len(children) else None
    if not isinstance(lead, nodes.strong):
        return admonition
    label, after = (
        lead.astext().strip(),
        str(rest) if isinstance(rest, nodes.Text) else "",
    )
    if label.endswith(_COLONS):
        label = label[:-1].rstrip()
    elif after.startswith(_COLONS):
        after = after[1:]
    else:
        return admonition
    taken = start + (2 if isinstance(rest, nodes.Text) else 1)
    more = len(children) > taken  # `code`, a link, *emphasis* after the label
    if not label or len(label) > 40 or not (after.strip() or more):
        return admonition
    first.children[:taken] = []
    if after.strip():
        first.insert(0, nodes.Text(after.lstrip()))
    return _titled(admonition, kind, label)


def _titled(admonition: nodes.Element, kind: str, label: str) -> nodes.admonition:
    """``admonition`` with the post's own label as its title, styled as ``kind``."""
    classes = [kind, *admonition["classes"], LEAD_IN_CLASS]
    titled = nodes.admonition("", classes=classes)
    titled.source, titled.line, titled["ids"] = (
        admonition.source, admonition.line, admonition["ids"],
    )  # fmt: skip
    titled += nodes.title(label, label)
    titled.extend(admonition.children)
    return titled


class _StartTag(HTMLParser):
    """The name and attributes of the first start tag fed to it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attrs: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.attrs is None:
            self.attrs = {key: value or "" for key, value in attrs}


#: A raw HTML box opening with a bold label: ``<p><strong>Tip:</strong> …``.
_HTML_LABEL = re.compile(
    r"\A\s*<p>\s*<(?P<tag>strong|b)>(?P<label>[^<>:\uff1a]{1,40}?)\s*"
    r"(?P<inside>[:\uff1a])?\s*</(?P=tag)>\s*(?P<after>[:\uff1a])?\s*",
    re.IGNORECASE,
)
_HTML_LABEL_KEY = "jekyllposts_label"


def _raw_callout(node: nodes.raw, callout_map: dict[str, str]) -> None:
    """A raw HTML block that is one element with a callout class → a container.

    ``<raw format="html"><div class="notice">…</div>`` →
    ``<container classes="notice"><raw format="html">…`` (the inner HTML), which
    the callout pass then turns into an admonition, as it does for
    ``markdown="1"`` blocks.
    """
    text = node.astext().strip()
    if "html" not in node.get("format", "").split() or not text.startswith("<"):
        return
    end = element_end(text)
    if end is None or end.offset != len(text):
        return
    parser = _StartTag()
    parser.feed(text[: end.content[0]])
    classes = (parser.attrs or {}).get("class", "").split()
    if not any(cls in callout_map for cls in classes):
        return
    inner = text[end.content[0] : end.content[1]]
    container = nodes.container("", classes=classes)
    container.source, container.line = node.source, node.line
    lead = _HTML_LABEL.match(inner)
    if lead and (lead["inside"] or lead["after"]) and lead.end() < len(inner):
        container[_HTML_LABEL_KEY] = html.unescape(lead["label"]).strip()
        inner = "<p>" + inner[lead.end() :].lstrip()
    if inner.strip():
        container += nodes.raw(inner, inner, format="html")
    node.replace_self(container)


class AlignImages(PostTransform):
    """Image helper classes (``mx-auto d-block``, ``center``…) become alignment.

    ``<paragraph><image classes="mx-auto d-block">`` → ``<image align="center">``

    Jekyll never links an image to itself; Sphinx's HTML builder links every
    image given a width or height (``{: width="600"}``) unless it has the
    ``no-scaled-link`` class, so every image of a post gets it.
    """

    # With the callouts; image alignment is read only when writing.
    default_priority = 510

    def apply_to_post(self, record: dict[str, Any]) -> None:
        for image in list(self.document.findall(nodes.image)):
            if "no-scaled-link" not in image["classes"]:
                image["classes"].append("no-scaled-link")
            align = next(
                (ALIGN_CLASSES[c] for c in image["classes"] if c in ALIGN_CLASSES), None
            )
            if align is None:
                continue
            image["align"] = align
            parent = image.parent
            if (
                isinstance(parent, nodes.paragraph)
                and len(parent.children) == 1
                and not isinstance(parent.parent, nodes.Admonition)
            ):
                image.source, image.line = parent.source, parent.line
                parent.replace_self(image)


class MarkTextAlerts(PostTransform):
    """TeXt shows a paragraph with ``{:.info}`` (``success``, ``warning``,
    ``error``) as a tinted box; it is no callout, so it stays a paragraph.

    ``<paragraph classes="info">`` → ``<paragraph classes="info
    jekyllposts-text-alert">`` on TeXt sites; the style sheet tints it.
    """

    # After the callouts (500): a class the site maps to a callout is one.
    default_priority = 505

    def apply_to_post(self, record: dict[str, Any]) -> None:
        from .extension import get_state

        site = get_state(self.app).site
        if not is_text_theme(site.theme, site.config):
            return
        for node in self.document.findall(nodes.paragraph):
            if TEXT_ALERT_CLASSES & set(node["classes"]):
                node["classes"].append(TEXT_ALERT_CLASS)
