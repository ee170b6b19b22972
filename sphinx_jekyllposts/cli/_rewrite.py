"""The body of a converted post: the transforms' work written as MyST syntax.

Tokens come from MyST's own markdown-it setup; blocks are rewritten by their line
ranges (``token.map``), so nothing inside code is touched. Colon-fence directives
(containers, dropdowns) are rewritten recursively, since MyST parses their content
later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import functools
import html
from html.parser import HTMLParser
import posixpath
import re
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlsplit

from ..kramdown import MYST_EXTENSIONS, SPLIT_MARK, STRAIGHT_DOUBLE, STRAIGHT_SINGLE
from ..kramdown._tables import CELL_PIPE
from ..liquid_.tags.highlight import opens_like_options
from ..rouge import code_language
from ..themes import unnumbered_code
from ..urls import served_path, site_path

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    from ..kramdown import BlockAttrs
    from ..site import Site

__all__ = ["STATIC_DIR", "RewriteContext", "map_destination", "rewrite_body"]

#: Where the converted project keeps the files Jekyll copied as they are.
STATIC_DIR = "static"
#: Image helper classes of Bootstrap and Jekyll themes (the extension's table).
_ALIGN = {
    "mx-auto": "center", "center": "center", "centered": "center",
    "align-center": "center", "text-center": "center", "float-left": "left",
    "pull-left": "left", "align-left": "left", "left": "left",
    "float-right": "right", "pull-right": "right", "align-right": "right",
    "right": "right",
}  # fmt: skip
_ATTRS_LINE = re.compile(r"^ {0,3}\{[^{}]*\}[ \t]*$")
_DESTINATION = re.compile(
    r"(!?)\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*(<[^>\n]*>|[^)\s]+)"
)  # ![text](destination or [text](destination, one level of [] in the text
#: ``![alt]()``: an image without an address (kramdown's ``<img src="">``)
_EMPTY_IMAGE = re.compile(r"!\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*(?:<>)?\s*\)")
_OPTION_LINE = re.compile(r"^:[\w-]+:(?:\s.*)?$")
_QUOTE_MARK = re.compile(r"^ {0,3}> ?")
_SOURCE_SCHEME = "jekyllposts-source:"
#: The kramdown stage's stand-ins, written back as MyST reads them.
_UNMARKED = str.maketrans(
    {CELL_PIPE: "\\|", STRAIGHT_DOUBLE: "&quot;", STRAIGHT_SINGLE: "&#39;"}
)


@dataclass(frozen=True, slots=True)
class RewriteContext:
    """What the rewrite needs to know about the site and the post."""

    site: Site
    post_path: str
    callouts: Mapping[str, str]
    post_urls: Mapping[str, str]
    heading_ids: Mapping[int, str] = field(default_factory=dict)
    block_attrs: Mapping[int, BlockAttrs] = field(default_factory=dict)
    linked_ids: frozenset[str] = frozenset()
    media_subpath: str = ""
    """Chirpy's ``media_subpath`` (``img_path``): where relative images live."""
    line_numbers: int | None = None
    """The first line number when Rouge numbers every code block, else ``None``."""
    post_url: str = ""
    """The post's Jekyll URL, against which the browser read its relative images."""


@functools.cache
def _parser() -> MarkdownIt:
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    config = MdParserConfig(enable_extensions=set(MYST_EXTENSIONS))
    return create_md_parser(config, RendererHTML)


def rewrite_body(
    text: str,
    context: RewriteContext,
    origin: Sequence[int] = (),
    *,
    nested: bool = False,
) -> str:
    """Write the transforms' work into ``text``.

    :param origin: for each line of ``text``, its line in the kramdown output
        (1-based; 0 for a line added here), which ids and attributes refer to
    :param nested: ``text`` is a directive's content, not the post's sections
    """
    lines = text.translate(_UNMARKED).split("\n")  # \|, &quot; again
    numbers = list(origin) or list(range(1, len(lines) + 1))
    _end_split_html(lines, numbers)
    _rewrite_fences(lines, numbers, context, nested=nested)
    tokens = _parser().parse("\n".join(lines))
    for token in tokens:
        if token.type == "inline" and token.map:
            _rewrite_destinations(lines, token, context)
    edits: list[tuple[int, int, list[str]]] = []
    for index, token in enumerate(tokens):
        if token.level != 0 or token.map is None or token.nesting == -1:
            continue
        edit = _edit(tokens, index, lines, context, numbers)
        if edit is not None:
            edits.append(edit)
    for first, last, new in sorted(edits, reverse=True):
        lines[first:last] = new
    return "\n".join(lines)


def _end_split_html(lines: list[str], numbers: list[int]) -> None:
    """An HTML element the kramdown stage split line by line (:data:`SPLIT_MARK`)
    is one block again, and a blank line after it ends it where kramdown does."""
    index = 0
    while index < len(lines):
        line = lines[index]
        if SPLIT_MARK not in line:
            index += 1
            continue
        lines[index] = line.replace(SPLIT_MARK, "", 1)
        index += 1
        if index == len(lines) or SPLIT_MARK not in lines[index]:
            quote = line[: line.index(SPLIT_MARK)]
            lines.insert(index, "".join(c for c in quote if c == ">"))
            numbers.insert(index, 0)
            index += 1


def _rewrite_fences(
    lines: list[str], numbers: list[int], context: RewriteContext, *, nested: bool
) -> None:
    """Rewrite code fences at any depth, tables of contents and misplaced rules
    first (they gain or lose lines)."""
    tokens = _parser().parse("\n".join(lines))
    edits = _rule_edits(tokens, lines, nested=nested)
    headings = 0
    for token in tokens:
        headings += token.type == "heading_open"
        if token.info.strip() == "{contents}" and token.map and headings:
            # kramdown's {:toc} lists the whole post; docutils' :local: contents
            # would list only the sections below the one it stands in
            start, end = token.map
            body = [line for line in lines[start:end] if line.strip() != ":local:"]
            edits.append((start, end, body))
        elif token.type == "fence" and token.map is not None:
            attrs = context.block_attrs.get(numbers[token.map[0]])
            edit = _fence(token, lines, attrs, context)
            if edit is not None:
                edits.append(edit)
    for first, last, new in sorted(edits, reverse=True):
        lines[first:last] = new
        numbers[first:last] = [0] * (len(new) - 1) + numbers[last - 1 : last]


_RULE = re.compile(r"(?:[-*_][ \t]*){3,}$")
_CONTAINER_MARKS = re.compile(r"[^>]")


def _rule_edits(
    tokens: list[Token], lines: list[str], *, nested: bool
) -> list[tuple[int, int, list[str]]]:
    """Rules docutils rejects become HTML ``<hr>`` lines (the extension hides them
    while docutils checks): first in a section, next to another rule, last in the
    post, or in a list, a quote or a directive. kramdown allows a rule anywhere.
    ``## Title`` / ``***`` → ``## Title`` / ``<hr>``
    """
    blocks = [
        (t.type, t.map[0]) for t in tokens if not t.level and t.nesting != -1 and t.map
    ]
    misplaced = [
        line
        for index, (kind, line) in enumerate(blocks)
        if kind == "hr"
        and (
            nested
            or index == 0
            or blocks[index - 1][0] in {"heading_open", "hr"}
            or index == len(blocks) - 1
        )
    ]
    misplaced += [t.map[0] for t in tokens if t.type == "hr" and t.level and t.map]
    edits = []
    for line in misplaced:
        rule = _RULE.search(lines[line])
        if rule is None:
            continue
        prefix = lines[line][: rule.start()]
        new = [prefix + "<hr>"]
        # an HTML block runs to a blank line: the text below stays Markdown
        below = lines[line + 1] if line + 1 < len(lines) else ""
        if below.strip(" \t>"):
            new.append(_CONTAINER_MARKS.sub("", prefix))
        edits.append((line, line + 1, new))
    return edits


def _edit(
    tokens: list[Token], index: int, lines: list[str], context: RewriteContext,
    numbers: Sequence[int],
) -> tuple[int, int, list[str]] | None:  # fmt: skip
    token = tokens[index]
    assert token.map is not None
    start, end = token.map
    attrs = context.block_attrs.get(numbers[start]) if numbers[start] else None
    classes = [*str(token.attrs.get("class") or "").split()]
    if attrs is not None:
        classes += [c for c in attrs.classes if c not in classes]
    first = _attrs_start(lines, start)
    if token.type == "heading_open":
        return _heading(start, context, numbers[start])
    if token.type == "colon_fence":
        return _colon_fence(token, lines, context, numbers, attrs)
    if token.type == "html_block":
        return _html_callout(token, lines, context)
    kind = next((context.callouts[c] for c in classes if c in context.callouts), None)
    if token.type == "paragraph_open":
        if kind is not None:
            rest = [c for c in classes if c not in context.callouts]
            return first, end, _admonition(kind, rest, lines[start:end])
        image = _aligned_image(tokens[index + 1], classes, context)
        if image is not None:
            return first, end, image
    if token.type == "blockquote_open" and kind is not None:
        inner = [_QUOTE_MARK.sub("", line, count=1) for line in lines[start:end]]
        rest = [c for c in classes if c not in context.callouts]
        return first, end, _admonition(kind, rest, inner)
    if attrs is not None and token.type.endswith("_open"):
        return start, start, [_attrs_line(attrs)]
    return None


def _attrs_start(lines: list[str], start: int) -> int:
    """The first of the ``{...}`` attribute lines right above line ``start``."""
    while start > 0 and _ATTRS_LINE.match(lines[start - 1]):
        start -= 1
    return start


def _attrs_line(attrs: BlockAttrs) -> str:
    parts = [f"#{i}" for i in attrs.ids] + [f".{c}" for c in attrs.classes]
    parts += [f'{k}="{v}"' for k, v in attrs.attributes if '"' not in str(v)]
    return "{" + " ".join(parts) + "}"


def _fence_for(body: Sequence[str], least: int = 3) -> str:
    """A colon fence longer than any colon fence inside ``body``."""
    longest = max((len(m.group(1)) for m in map(_COLONS.match, body) if m), default=0)
    return ":" * max(least, longest + 1)


_COLONS = re.compile(r"^\s*(:{3,})")


#: A bold label opening a callout: ``**Note:** text`` or ``**Note**: text``.
_LEAD_IN = re.compile(
    r"^(?P<indent>\s*)(?P<mark>\*\*|__)(?P<label>[^*_\n]{1,40}?)"
    r"(?::(?P=mark)|(?P=mark):)[ \t]+(?P<rest>\S.*)$"
)


def _admonition(kind: str, classes: Sequence[str], body: Sequence[str]) -> list[str]:
    """A MyST admonition; one whose text opens with a bold label takes it as its
    title, as the build does (:func:`.callouts._titled_by_lead_in`)."""
    fence = _fence_for(body)
    first = next((i for i, line in enumerate(body) if line.strip()), None)
    lead = _LEAD_IN.match(body[first]) if first is not None else None
    if lead is None or not lead["label"].strip():
        options = [f":class: {' '.join(classes)}"] if classes else []
        return [f"{fence}{{{kind}}}", *options, *body, fence]
    assert first is not None
    text = [*body[:first], lead["indent"] + lead["rest"], *body[first + 1 :]]
    options = [f":class: {' '.join([kind, *classes])}"]
    return [f"{fence}{{admonition}} {lead['label'].strip()}", *options, *text, fence]


def _heading(
    start: int, context: RewriteContext, number: int
) -> tuple[int, int, list[str]] | None:
    """Keep a kramdown id that a link of the post points at.

    Only linked ids are written: MyST makes every ``{#id}`` a project-wide label,
    and kramdown's ids (``introduction``) repeat from post to post.
    """
    heading_id = context.heading_ids.get(number)
    if heading_id is None or heading_id not in context.linked_ids:
        return None
    return start, start, ["{#" + heading_id + "}"]


def _colon_fence(
    token: Token,
    lines: list[str],
    context: RewriteContext,
    numbers: Sequence[int],
    attrs: BlockAttrs | None,
) -> tuple[int, int, list[str]] | None:
    """A ``:::{container} box-note`` becomes an admonition; the content is rewritten."""
    assert token.map is not None
    start, end = token.map
    opening = lines[start]
    marker = _COLONS.match(opening)
    if marker is None or end - start < 2:
        return None
    body_start = start + 1
    while body_start < end - 1 and _OPTION_LINE.match(lines[body_start]):
        body_start += 1
    body = rewrite_body(
        "\n".join(lines[body_start : end - 1]),
        context,
        numbers[body_start : end - 1],
        nested=True,
    ).split("\n")
    name, _, argument = token.info.strip().partition(" ")
    classes = argument.split() + list(attrs.classes if attrs else ())
    kind = next((context.callouts[c] for c in classes if c in context.callouts), None)
    if name == "{container}" and kind is not None:
        rest = [c for c in classes if c not in context.callouts]
        return start, end, _admonition(kind, rest, body)
    fence = _fence_for(body, len(marker.group(1)))
    head = fence + opening.strip()[len(marker.group(1)) :]
    return start, end, [head, *lines[start + 1 : body_start], *body, fence]


def _fence(
    token: Token, lines: list[str], attrs: BlockAttrs | None, context: RewriteContext
) -> tuple[int, int, list[str]] | None:
    """Code in a language Rouge has no lexer for is plain text, as Jekyll shows it
    (:func:`.rouge.code_language`).

    When Rouge numbers every block, highlighted fences become numbered code blocks.
    """
    assert token.map is not None
    start = token.map[0]
    info = token.info.strip()
    directive = info.startswith("{")
    _, _, language = info.partition(" ") if directive else ("", "", info)
    language = language.split()[0] if language.split() else ""
    new = [lines[start]]
    shown, highlighted = code_language(language or None)
    unknown = not directive and not highlighted
    if language and shown != language:
        new[0] = new[0].replace(language, shown, 1)
        language = shown
    marker = re.match(r"(.*?)(`{3,}|~{3,})", new[0])
    numbers = None if directive or unknown else context.line_numbers
    language = language or "text"
    site = context.site
    # Jekyll's guess_lang has Rouge highlight (so number) plain text too; numbers
    # the theme hides are left out.
    if language == "text" and not site.kramdown_option("guess_lang"):
        numbers = None
    if unnumbered_code(site.theme, language, attrs.classes if attrs else ()):
        numbers = None
    # Rouge shows code its lexer cannot read as it lexes; Sphinx warns unless forced
    force = not directive and highlighted and not _lexes(token.content, language)
    if (numbers is not None or force) and marker:
        indent = re.sub(r"[^>\s]", " ", marker.group(1))
        new = [f"{marker.group()}{{code-block}} {language}"]
        if numbers is not None:
            new.append(f"{indent}:linenos:")
            if numbers != 1:
                new.append(f"{indent}:lineno-start: {numbers}")
        if force:
            new.append(f"{indent}:force:")
        if opens_like_options(token.content):
            new.append(indent.rstrip())  # the code's first line is not an option
    added = [_attrs_line(attrs)] if attrs is not None and not directive else []
    if new == [lines[start]] and not added:
        return None
    return start, start + 1, [*added, *new]


def _lexes(code: str, language: str) -> bool:
    """Whether Pygments reads ``code`` as ``language`` without an error token (what
    Sphinx requires of a block that is not forced)."""
    from pygments.filters import ErrorToken
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        lexer = get_lexer_by_name(language, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return True  # shown as text
    lexer.add_filter("raiseonerror")
    try:
        for _ in lexer.get_tokens(code):
            pass
    except ErrorToken:
        return False
    return True


class _StartTag(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.classes: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.classes is None:
            self.classes = (dict(attrs).get("class") or "").split()


def _html_callout(
    token: Token, lines: list[str], context: RewriteContext
) -> tuple[int, int, list[str]] | None:
    """``<div class="notice">…</div>`` alone in a block becomes an admonition."""
    from ..kramdown._rawhtml import element_end

    assert token.map is not None
    text = token.content.strip()
    end = element_end(text) if text.startswith("<") else None
    if end is None or end.offset != len(text):
        return None
    parser = _StartTag()
    parser.feed(text[: end.content[0]])
    classes = parser.classes or []
    kind = next((context.callouts[c] for c in classes if c in context.callouts), None)
    if kind is None:
        return None
    inner = text[end.content[0] : end.content[1]].strip("\n").split("\n")
    rest = [c for c in classes if c not in context.callouts]
    return token.map[0], token.map[1], _admonition(kind, rest, inner)


def _aligned_image(
    inline: Token, classes: Sequence[str], context: RewriteContext
) -> list[str] | None:
    """A paragraph that is one image with a helper class becomes an image directive."""
    children = [c for c in inline.children or [] if c.type != "softbreak"]
    if len(children) != 1 or children[0].type != "image":
        return None
    image = children[0]
    image_classes = [*str(image.attrs.get("class") or "").split(), *classes]
    align = next((_ALIGN[c] for c in image_classes if c in _ALIGN), None)
    if align is None:
        return None
    src = unquote(str(image.attrs.get("src") or ""))
    src = map_destination(src, context, image=True) or src
    lines = [f":::{{image}} {src}", f":align: {align}"]
    alt = " ".join(image.content.split())
    if alt:
        lines.append(f":alt: {alt}")
    lines += [
        f":{k}: {image.attrs[k]}" for k in ("width", "height") if image.attrs.get(k)
    ]
    rest = [c for c in image_classes if c not in _ALIGN]
    if rest:
        lines.append(f":class: {' '.join(rest)}")
    return [*lines, ":::"]


# -- links and images ---------------------------------------------------------------


def _rewrite_destinations(
    lines: list[str], inline: Token, context: RewriteContext
) -> None:
    """Point site paths, links to posts and static files at the converted project.

    An image without an address is written as the ``<img src="">`` kramdown wrote
    (Sphinx would read the empty path as the post's folder).
    """
    assert inline.map is not None
    start, end = inline.map
    images = [c for c in inline.children or () if c.type == "image"]
    if any(not c.attrs.get("src") for c in images):
        for number in range(start, end):
            lines[number] = _EMPTY_IMAGE.sub(_empty_image, lines[number])
    for match in _DESTINATION.finditer(inline.content):
        raw = match.group(2)
        destination = raw[1:-1] if raw.startswith("<") else raw
        new = map_destination(destination, context, image=bool(match.group(1)))
        if new is None or new == destination:
            continue
        written = f"<{new}>" if " " in new else new
        old, replacement = f"]({raw}", f"]({written}"
        for number in range(start, end):
            lines[number] = lines[number].replace(old, replacement)


def _empty_image(match: re.Match[str]) -> str:
    return f'<img src="" alt="{html.escape(" ".join(match[1].split()))}">'


def map_destination(uri: str, context: RewriteContext, *, image: bool) -> str | None:
    """The converted project's address for a link or image of the post, if it moves.

    Images are paths from the source root (``/static/…``); links are relative to
    the post's HTML page, as the extension's build writes them.
    """
    if uri.startswith(_SOURCE_SCHEME):
        path, _, fragment = unquote(uri[len(_SOURCE_SCHEME) :]).partition("#")
        return _page_link(path, fragment, context)
    parts = urlsplit(uri)
    if parts.scheme or parts.netloc or uri.startswith("#"):
        local = (
            site_path(context.site, uri) if parts.scheme in ("http", "https") else None
        )
    elif uri.startswith("/"):
        local = site_path(context.site, uri)
    elif image and context.media_subpath:
        local = site_path(context.site, posixpath.join("/", context.media_subpath, uri))
    else:
        here = posixpath.dirname(context.post_path)
        from_file = posixpath.normpath(posixpath.join(here, unquote(parts.path)))
        local = None if from_file.startswith("..") else from_file
        if local is None and image and context.post_url:
            # out of the site from the post's file: where its URL led the browser
            local = served_path(context.site, context.post_url, parts.path)
    if local is None:
        return None
    target = context.post_urls.get("/" + local) or context.post_urls.get(
        "/" + local + "/"
    )
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    if target is not None and not image:
        return _page_link(target, parts.fragment, context)
    if not local or not (context.site.root / local).is_file():
        return "/" + local if image and local else None
    if image:
        return f"/{STATIC_DIR}/{local}"
    here = posixpath.dirname(context.post_path) or "."
    return quote(posixpath.relpath(local, here)) + fragment


def _page_link(path: str, fragment: str, context: RewriteContext) -> str:
    page = posixpath.splitext(path)[0] + ".html"
    here = posixpath.dirname(context.post_path) or "."
    link = quote(posixpath.relpath(page, here))
    return link + (f"#{fragment}" if fragment else "")
