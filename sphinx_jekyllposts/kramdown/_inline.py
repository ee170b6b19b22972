"""Code-aware rewriting of kramdown span syntax into MyST, one block's text at a time.

A left-to-right scanner, like kramdown's span parser: code spans, autolinks and
raw HTML are copied untouched (but for tags kramdown shows as text: end tags
that close nothing, block elements' tags); everything else may be rewritten::

    ![a](b){: .c}        ->  ![a](b){.c}                 (span IAL, attrs_inline)
    *em*{: .c}           ->  [*em*]{.c}                  (MyST: attributes on a span)
    $$x$$                ->  {math}`x`                   (kramdown inline math)
    \\(x\\)              ->  {math}`x`                   (MathJax, when math is on)
    $5                   ->  \\$5                        (dollarmath must not see it)
    a\\\\⏎               ->  a\\⏎                       (kramdown's hard line break)
    ~~old~~              ->  <del>old</del>              (GFM strikethrough, as kramdown)
    [a](my file.png)     ->  [a](<my file.png>)          (kramdown allows blanks)
    {::comment}x{:/}     ->  (dropped)
    {::nomarkdown}x{:/}  ->  x                           (kept as raw HTML)
    HTML                 ->  {abbr}`HTML (Hyper …)`      (a defined abbreviation)
    [^nowhere]           ->  \\[^nowhere]                 (a footnote nobody defines)
    << a >>              ->  «\u00a0a\u00a0»                (kramdown's typographic symbols)
    这是**「重要」**です    ->  这是{strong}`「重要」`です       (emphasis CommonMark leaves)
"""

from __future__ import annotations

from dataclasses import dataclass, field
import re
import string
from typing import TYPE_CHECKING
import unicodedata

from markdown_it.common.html_re import HTML_TAG_RE
from markdown_it.common.utils import normalizeReference

from ..warnings_ import Diagnostic, JekyllpostsWarning
from ._abbr import Abbreviations, AbbrWriter
from ._attrs import (
    SPAN_IAL_RE,
    Attrs,
    ElementAttrs,
    parse_attribute_list,
    resolve,
    to_myst,
)
from ._rawhtml import BLOCK_ELEMENTS, VOID_ELEMENTS

if TYPE_CHECKING:
    from ._footnotes import Footnotes

__all__ = [
    "STRAIGHT_DOUBLE", "STRAIGHT_SINGLE", "InlineContext", "math_role", "rewrite_inline",
    "unescape",
]  # fmt: skip

_PLAIN = re.compile(r"[^\\`<${]+")
#: text without these is left as it is (``_PLAIN`` runs with no ``>>`` or ``*``)
_SPAN_SYNTAX = re.compile(
    r"[\\`<${*]|>>|~~|\]\([^)\s]* |\][ \t]+\[|&(?:quot|QUOT|apos|#)"
)
#: A quote written as an entity (``&quot;``), or a link destination to leave alone.
_QUOTE_ENTITY = re.compile(
    r"\]\([^)]*\)|&(?:(?P<double>quot|QUOT|#0*34|#[xX]0*22)|apos|#0*39|#[xX]0*27);"
)
#: Quotes kramdown's smart quotes leave straight (written as entities), kept from
#: docutils' smart quotes through the build (:class:`.transforms.KeepStraightQuotes`).
STRAIGHT_DOUBLE = "\ufdd2"
STRAIGHT_SINGLE = "\ufdd3"
_STAND_INS = str.maketrans({'"': STRAIGHT_DOUBLE, "'": STRAIGHT_SINGLE})
#: a link or image destination with blanks in it, which kramdown takes (up to a
#: title or the closing parenthesis) and CommonMark takes only inside ``<…>``
_SPACED_REFERENCE = re.compile(r"\][ \t]+\[(?P<id>[^\[\]\n]+)\]")
_SPACED_DESTINATION = re.compile(
    r"(?<=\]\()(?P<url>[^\s()<>\"']+(?: +[^\s()<>\"']+)+)"
    r"(?=(?: +(?P<quote>[\"']).*?(?P=quote))? *\))"
)
#: ``~~struck~~`` (``STRIKETHROUGH_DELIM`` in kramdown-parser-gfm's parser/gfm.rb)
_STRIKETHROUGH = re.compile(r"~~(?![\s~])(?P<body>.*?[^\s~])~~", re.DOTALL)
_HTML = re.compile(HTML_TAG_RE.pattern.removeprefix("^"))
_TAG_NAME = re.compile(r"<(?P<end>/)?(?P<name>[A-Za-z][A-Za-z0-9-]*)")
#: kramdown's ``markdown`` attribute on an HTML tag (``markdown="1"``).
_MD_ATTR = re.compile(
    r"""\s+markdown\s*=\s*(["']?)(?P<mode>0|1|block|span)\1(?=[\s/>])""", re.IGNORECASE
)
#: What Markdown reads in text (a backslash before any of them makes it a character).
_MARKDOWN_CHARS = re.compile(r"[\\`*_\[\]{}()#+\-.!|~$<>]")
_AUTOLINK = re.compile(
    r"<(?:[A-Za-z][A-Za-z0-9.+-]{1,31}:[^<>\x00-\x20]*"
    r"|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-.]*[A-Za-z0-9])?)>"
)
_MYST_ROLE = re.compile(r"\{[A-Za-z0-9_+:.-]+\}`")
#: Roles `_Scanner._star_emphasis` writes (they read no file).
_OWN_ROLES = frozenset({"{emphasis}`", "{strong}`"})
_SPAN_EXT = re.compile(
    r"\{::(?P<name>\w+)(?:\s(?P<body>(?:\\\}|[^}])*?)|)(?P<close>/)?\}"
)
_LINK_END = re.compile(r"\](?:\((?:[^()\n]|\([^()\n]*\))*\)|\[[^\]\n]*\])?$")
#: the MyST attribute blocks an element's span IALs became (``{.a}{.b}``)
_ATTRS_END = re.compile(r"(?:\{[^{}\n]*\})+$")
_LINK_DESTINATION = re.compile(r"\]\((?P<inside>(?:[^()\n]|\([^()\n]*\))*)\)$")
_EMPHASIS_END = re.compile(r"(?<=\S)(\*{1,3}|_{1,3})$")
_KEEP_REFS: frozenset[str] = frozenset()
_QUOTE_MARKERS = re.compile(r"(?:[ \t>]|[-*+][ \t]|\d{1,9}[.)][ \t])*")
_RAQUO = re.compile(
    r"(?P<role>\{abbr\}(`+).*?(?<!`)\2(?!`))|(?P<space> )?>>", re.DOTALL
)
_FOOTNOTE_NAME = re.compile(r"\w[\w-]*")  # kramdown ALD_ID_NAME
#: ``*em*`` / ``**strong**`` of plain text on one line and in one table cell
#: (kramdown's ``*`` emphasis needs no flanking: only no blank inside the delimiters)
_STAR_EMPHASIS = re.compile(
    r"(?<![*\\])(?P<run>\*\*?)(?=[^\s*])(?P<body>[^*`\[\]<>\\${}\n_|]+?)(?<=[^\s*])"
    r"(?P=run)(?!\*)"
)


@dataclass(slots=True)
class InlineContext:
    """What the scanner needs besides the text."""

    math: bool
    line: int
    alds: dict[str, Attrs] = field(default_factory=dict)
    abbreviations: Abbreviations | None = None
    footnotes: Footnotes | None = None
    #: the labels of the post's link definitions (markdown-it's normalised form)
    references: frozenset[str] = frozenset()
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: HTML attributes of the block's images and links (MyST keeps ids, classes)
    elements: list[ElementAttrs] = field(default_factory=list)
    #: kramdown-parser-gfm reads the text (it also escapes ``~``)
    gfm: bool = True


def math_role(content: str) -> str:
    """A MyST ``{math}`` role holding ``content`` (backtick-safe)."""
    longest = max((len(r) for r in re.findall(r"`+", content)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if content.startswith("`") or content.endswith("`") else ""
    return f"{{math}}{ticks}{pad}{content}{pad}{ticks}"


_ASCII_PUNCTUATION = frozenset(string.punctuation)
#: kramdown's ``ESCAPED_CHARS`` (parser/kramdown/escaped_chars.rb); kramdown-parser-gfm
#: adds ``~``
_ESCAPED = frozenset("\\.*_+-`()[]{}#!:|\"'$=<>")
_ESCAPED_GFM = _ESCAPED | {"~"}


def _escaped(*, gfm: bool) -> frozenset[str]:
    """The characters a backslash escapes in kramdown."""
    return _ESCAPED_GFM if gfm else _ESCAPED


def _in_destination(src: str, pos: int) -> bool:
    """Whether ``pos`` is inside a link's or image's destination (``](url``)."""
    start = src.rfind("](", 0, pos)
    if start < 0:
        return False
    depth = 0
    for char in src[start + 2 : pos]:
        if char.isspace():
            return False  # past the destination (a title) or not one
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                return False
            depth -= 1
    return True


def unescape(text: str, *, gfm: bool) -> str:
    """Text with kramdown's escapes read (``x\\_1`` → ``x_1``): what MathJax
    finds between ``\\(`` and ``\\)`` on the Jekyll page."""
    escaped = _escaped(gfm=gfm)
    return re.sub(
        r"\\(.)",
        lambda m: m[1] if m[1] in escaped else m.group(),
        text,
        flags=re.DOTALL,
    )


def _punctuation(char: str) -> bool:
    """CommonMark's punctuation: Unicode P and S categories."""
    return bool(char) and unicodedata.category(char)[0] in "PS"


def _flanking(inside: str, outside: str) -> bool:
    """Whether a run with ``inside`` next to it and ``outside`` beyond it flanks
    ``inside`` (the spec's left- or right-flanking; ``inside`` is no blank)."""
    return (
        not _punctuation(inside)
        or not outside
        or outside.isspace()
        or _punctuation(outside)
    )


_HTML_TAG_OR_TEXT = re.compile(r"(<[^<>]*>)")
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]{}()#+!|~$-])")


def _verbatim(body: str) -> str:
    """``{::nomarkdown}`` content, shown as written: its HTML tags stay HTML, and
    Markdown's punctuation between them is escaped, so MyST reads no emphasis."""
    parts = _HTML_TAG_OR_TEXT.split(body)
    return "".join(
        part if index % 2 else _MARKDOWN_PUNCTUATION.sub(r"\\\1", part)
        for index, part in enumerate(parts)
    )


def _destination(done: str) -> str | None:
    """The URL of the inline link or image ``done`` ends with (``](url "title")``)."""
    match = _LINK_DESTINATION.search(done)
    inside = match["inside"].strip() if match else ""
    if inside.startswith("<"):
        return inside[1 : inside.find(">")] if ">" in inside else None
    return inside.split()[0] if inside else None


def rewrite_inline(src: str, ctx: InlineContext) -> str:
    """Rewrite the span-level kramdown syntax of ``src`` (one block's lines)."""
    if (
        ctx.abbreviations is None
        and ctx.footnotes is None
        and not _SPAN_SYNTAX.search(src)
    ):
        return src  # nothing the scanner rewrites
    return _Scanner(src, ctx).run()


def _straight_quote(match: re.Match[str]) -> str:
    """``&quot;`` → a straight quote's stand-in (not in a link's destination)."""
    if match.group().startswith("]"):
        return match.group()
    return STRAIGHT_DOUBLE if match["double"] else STRAIGHT_SINGLE


class _Scanner:
    """One pass over a block's text; ``last`` is the kind of the previous element."""

    def __init__(self, src: str, ctx: InlineContext) -> None:
        self.src = src
        self.ctx = ctx
        self.pos = 0
        self.out: list[str] = []
        self.last = "text"
        self.open_tags: list[str] = []
        abbreviations = ctx.abbreviations
        self.abbr = AbbrWriter.create(abbreviations, src) if abbreviations else None

    def run(self) -> str:
        handlers = {
            "\\": self._backslash,
            "`": self._code,
            "<": self._angle,
            "$": self._dollar,
            "{": self._brace,
        }
        while self.pos < len(self.src):
            plain = _PLAIN.match(self.src, self.pos)
            if plain:
                text = plain.group()
                if self.abbr is not None:
                    text = self.abbr.apply(plain.start(), plain.end())
                if self.ctx.footnotes is not None:
                    text = self._footnotes(text, self.ctx.footnotes)
                if ">>" in text:
                    text = self._raquo(text, plain.start())
                if "*" in text:
                    text = self._star_emphasis(text, plain.start(), plain.end())
                if "](" in text:
                    text = _SPACED_DESTINATION.sub(r"<\g<url>>", text)
                if "] " in text or "]\t" in text:
                    text = _SPACED_REFERENCE.sub(self._joined_reference, text)
                if "~~" in text:  # kramdown-parser-gfm's STRIKETHROUGH
                    text = _STRIKETHROUGH.sub(r"<del>\g<body></del>", text)
                if "&" in text:
                    text = _QUOTE_ENTITY.sub(_straight_quote, text)
                self._emit(text, "text")
                self.pos = plain.end()
                continue
            handlers[self.src[self.pos]]()
        return "".join(self.out)

    def _joined_reference(self, match: re.Match[str]) -> str:
        """``[text] [id]``: kramdown's reference link (white space allowed before the
        ``[id]`` of a defined link), which CommonMark reads as two brackets."""
        if normalizeReference(match["id"]) in self.ctx.references:
            return f"][{match['id']}]"
        return match.group()

    def _emit(self, text: str, kind: str) -> None:
        self.out.append(text)
        self.last = kind

    def _raquo(self, text: str, start: int) -> str:
        """kramdown's ``>>`` → ``»`` and `` >>`` → no-break space and ``»``.

        Not in the markers of quotes (``>>`` starting a line) nor in roles.
        """
        first = _QUOTE_MARKERS.match(self.src, self.src.rfind("\n", 0, start) + 1)
        first_end = first.end() - start if first else 0

        def sub(match: re.Match[str]) -> str:
            if match["role"]:
                return match.group()
            # container markers are never rewritten, so offsets within them hold
            line = text.rfind("\n", 0, match.start()) + 1
            markers = _QUOTE_MARKERS.match(text, line) if line else None
            end = markers.end() if markers else first_end
            if match.start() < end:
                return match.group()
            return "\u00a0\u00bb" if match["space"] else "\u00bb"

        return _RAQUO.sub(sub, text)

    def _star_emphasis(self, text: str, start: int, end: int) -> str:
        """``*`` emphasis kramdown pairs but CommonMark does not → a MyST role.

        CommonMark opens (closes) emphasis only at a left- (right-) flanking run:
        ``**「重要」**です`` or ``*a.*b`` put punctuation between the run and a
        letter, and stay text; kramdown reads them as emphasis.
        """
        before = self.src[start - 1] if start else ""
        after = self.src[end] if end < len(self.src) else ""

        def sub(match: re.Match[str]) -> str:
            prev = text[match.start() - 1] if match.start() else before
            nxt = text[match.end()] if match.end() < len(text) else after
            body = match["body"]
            if _flanking(body[0], prev) and _flanking(body[-1], nxt):
                return match.group()  # CommonMark reads the same emphasis
            role = "strong" if len(match["run"]) == 2 else "emphasis"
            return f"{{{role}}}`{body}`"

        return _STAR_EMPHASIS.sub(sub, text)

    def _footnotes(self, text: str, footnotes: Footnotes) -> str:
        """kramdown reads a reference to a footnote nobody defines as text."""
        text, escaped = footnotes.escape(text)
        for offset, label in escaped:
            if not _FOOTNOTE_NAME.fullmatch(label):
                continue  # not footnote syntax to kramdown: no warning
            line = text.count("\n", 0, offset)
            message = f"no definition for footnote {label!r}; left as text"
            self._warn(message, line)
        return text

    def _warn(self, message: str, below: int = 0) -> None:
        line = self.ctx.line + self.src.count("\n", 0, self.pos) + below + 1
        self.ctx.diagnostics.append(
            Diagnostic(JekyllpostsWarning.KRAMDOWN, message, line)
        )

    def _backslash(self) -> None:
        src, pos = self.src, self.pos
        if self.ctx.math and src.startswith(("\\\\(", "\\\\["), pos):
            closer = "\\\\)" if src[pos + 2] == "(" else "\\\\]"
            end = src.find(closer, pos + 3)
            if end >= 0:
                tex = unescape(src[pos + 3 : end], gfm=self.ctx.gfm)
                self._emit(math_role(tex), "math")
                self.pos = end + 3
                return
        char = src[pos + 1 : pos + 2]
        if char in _ASCII_PUNCTUATION and _in_destination(src, pos):
            # kramdown reads a URL as written: no escapes, every parenthesis counts
            self._emit("\\\\" + char, "text")
        elif src.startswith("\\\\\n", pos):
            # kramdown's line break (`LINE_BREAK`, two backslashes before the end
            # of a line); CommonMark breaks at one
            self._emit("\\", "text")
        elif char and char in "\"'":
            # an escaped quote is a quote kramdown's smart quotes pass by
            self._emit(char.translate(_STAND_INS), "text")
        elif char in _ASCII_PUNCTUATION and char not in _escaped(gfm=self.ctx.gfm):
            # kramdown escapes fewer characters than CommonMark; the rest keep
            # their backslash (`\;` is `\;`)
            self._emit("\\\\" + char, "text")
        else:
            self._emit(src[pos : pos + 2], "text")
        self.pos += 2

    def _code(self) -> None:
        run = re.match(r"`+", self.src[self.pos :])
        ticks = run.group() if run else "`"
        closer = re.compile(rf"(?<!`){ticks}(?!`)")
        end = closer.search(self.src, self.pos + len(ticks))
        if end is None:
            self._emit(ticks, "text")
            self.pos += len(ticks)
            return
        self._emit(self.src[self.pos : end.end()], "code")
        self.pos = end.end()

    def _angle(self) -> None:
        if self.src.startswith("<<", self.pos):  # kramdown: « (before any tag)
            space = self.src.startswith("<< ", self.pos)
            self._emit("\u00ab\u00a0" if space else "\u00ab", "text")
            self.pos += 3 if space else 2
            return
        autolink = _AUTOLINK.match(self.src, self.pos)
        match = autolink or _HTML.match(self.src, self.pos)
        text = match.group() if match else "<"
        if match and not self._span_tag(text):
            # kramdown shows the tag as text, its quotes as they are
            self._emit("\\" + text.translate(_STAND_INS), "text")
        elif match and not autolink and (mode := _MD_ATTR.search(text)):
            self._markdown_attribute(text, mode)
            return
        else:
            kind = "autolink" if autolink else "html" if match else "text"
            self._emit(text, kind)
        self.pos += len(text)

    def _markdown_attribute(self, tag: str, mode: re.Match[str]) -> None:
        """kramdown's ``markdown`` attribute of a span element goes; with ``"0"`` the
        element's content is raw, not Markdown.

        ``<span markdown="1">*x*</span>`` → ``<span>*x*</span>`` (emphasis);
        ``<span markdown="0">*x*</span>`` → ``<span>\\*x\\*</span>`` (text)
        """
        start = tag[: mode.start()] + tag[mode.end() :]
        self._emit(start, "html")
        self.pos += len(tag)
        name = _TAG_NAME.match(tag)
        if mode["mode"] != "0" or name is None or tag.endswith("/>"):
            return
        end = re.compile(rf"</{re.escape(name['name'])}\s*>", re.IGNORECASE)
        close = end.search(self.src, self.pos)
        if close is None:
            return
        raw = self.src[self.pos : close.start()]
        parts = _HTML.split(raw)
        tags = _HTML.findall(raw)
        escaped = [_MARKDOWN_CHARS.sub(r"\\\g<0>", part) for part in parts]
        self._emit(
            "".join(p + t for p, t in zip(escaped, [*tags, ""], strict=True)), "text"
        )
        self._emit(close.group(), "html")
        if self.open_tags and self.open_tags[-1] == name["name"].lower():
            self.open_tags.pop()
        self.pos = close.end()

    def _span_tag(self, text: str) -> bool:
        """Whether kramdown's span parser reads the tag ``text`` as HTML.

        An end tag closes an element opened before it in the same block, else it
        is text; a block element's start tag (``<div>``, ``<p>``) is text too.
        """
        tag = _TAG_NAME.match(text)
        if tag is None:  # an autolink, a comment, a declaration
            return True
        name = tag["name"].lower()
        if tag["end"]:
            if name not in self.open_tags:
                return False
            del self.open_tags[self.open_tags.index(name) :]
            return True
        if name in BLOCK_ELEMENTS:
            return False
        if not text.endswith("/>") and name not in VOID_ELEMENTS:
            self.open_tags.append(name)
        return True

    def _dollar(self) -> None:
        src, pos = self.src, self.pos
        if not src.startswith("$$", pos):
            self._emit("\\$", "text")  # a price, not math: dollarmath must not pair it
            self.pos += 1
            return
        end = src.find("$$", pos + 2)
        if end < 0:
            self._emit("\\$\\$", "text")
            self.pos += 2
            return
        content = src[pos + 2 : end]
        self._emit(math_role(content) if content.strip() else "", "math")
        self.pos = end + 2

    def _brace(self) -> None:
        ext = _SPAN_EXT.match(self.src, self.pos)
        if ext:
            self._extension(ext)
            return
        ial = SPAN_IAL_RE.match(self.src, self.pos)
        if ial:
            self._span_ial(ial)
            return
        # ``{name}`x``` is text in kramdown but a MyST role (``{download}``,
        # ``{include}``… could read files): the escaped brace keeps it text; the
        # emphasis roles this stage writes itself stay roles (idempotent output)
        role = _MYST_ROLE.match(self.src, self.pos)
        own = role is not None and role.group() in _OWN_ROLES
        self._emit("\\{" if role and not own else "{", "text")
        self.pos += 1

    def _extension(self, match: re.Match[str]) -> None:
        name, body = match["name"], ""
        end = match.end()
        if not match["close"]:
            stop = re.compile(r"\{:/(?:" + re.escape(name) + r")?\}")
            found = stop.search(self.src, end)
            if found is None:
                self._warn(f"no stop tag for kramdown extension {name!r}; left as text")
                self._emit("{", "text")
                self.pos += 1
                return
            body, end = self.src[end : found.start()], found.end()
        if name not in {"comment", "nomarkdown", "options"}:
            self._warn(f"unknown kramdown extension {name!r}; left as text")
            self._emit("{", "text")
            self.pos += 1
            return
        self._emit(_verbatim(body) if name == "nomarkdown" else "", "html")
        self.pos = end

    def _span_ial(self, match: re.Match[str]) -> None:
        text = match.group()
        attrs = parse_attribute_list(match["body"])
        done = "".join(self.out)
        if attrs is not None and self.last == "autolink":
            self._as_link(self.out.pop())  # MyST gives attributes to [text](url) links
            done = "".join(self.out)
        if attrs is None:
            self._warn(f"no attributes in kramdown span IAL {text!r}; left as text")
        elif self.last in {"code", "attrs"} or _LINK_END.search(done):
            # (after another IAL: MyST merges attribute blocks, as kramdown does)
            resolved = self._resolved(attrs)
            uri = (
                _destination(_ATTRS_END.sub("", done)) if self.last != "code" else None
            )
            if uri is not None and resolved.pairs:
                self.ctx.elements.append(
                    ElementAttrs(tuple(resolved.pairs.items()), uri)
                )
            self._emit(to_myst(resolved), "attrs")
            self.pos = match.end()
            return
        elif emphasis := _EMPHASIS_END.search(done):
            self._wrap_emphasis(done, emphasis.group(), attrs)
            self.pos = match.end()
            return
        elif self.last in {"html", "math"}:
            self._warn(f"kramdown span IAL {text!r} after raw HTML or math; dropped")
            self.pos = match.end()
            return
        else:
            self._warn(f"kramdown span IAL {text!r} after plain text; left as text")
        self._emit(text, "text")
        self.pos = match.end()

    def _as_link(self, autolink: str) -> None:
        """``<https://x.org>`` as ``[https://x.org](https://x.org)``; an e-mail
        address gets its ``mailto:``."""
        target = autolink[1:-1]
        text = re.sub(r"([\\`*_\[\]<>{}])", r"\\\1", target)
        if ":" not in target:
            target = "mailto:" + target
        self._emit(f"[{text}](<{target}>)", "text")

    def _resolved(self, attrs: Attrs) -> Attrs:
        return resolve(attrs, self.ctx.alds, keep=_KEEP_REFS)

    def _wrap_emphasis(self, done: str, delimiter: str, attrs: Attrs) -> None:
        """``*em*{: .c}`` → ``[*em*]{.c}``: MyST takes attributes on spans only."""
        start = done.rfind(delimiter, 0, len(done) - len(delimiter))
        if start < 0:
            self._warn("kramdown span IAL after emphasis without a start; dropped")
            return
        self.out = [done[:start], "[", done[start:], "]"]
        self._emit(to_myst(self._resolved(attrs)), "attrs")
