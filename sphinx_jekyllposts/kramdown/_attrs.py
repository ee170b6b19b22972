"""kramdown attribute lists (IAL and ALD): parsing, merging, MyST rendering.

Ported from kramdown's ``lib/kramdown/parser/kramdown/extensions.rb``
(``parse_attribute_list``, ``ALD_TYPE_ANY`` and friends; gettalong/kramdown,
commit 02d5b09e, MIT licence) and ``update_attr_with_ial`` in
``lib/kramdown/parser/kramdown.rb``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import re

__all__ = [
    "ALD_LINE_RE",
    "IAL_LINE_RE",
    "SPAN_IAL_RE",
    "Attrs",
    "BlockAttrs",
    "ElementAttrs",
    "parse_attribute_list",
    "resolve",
    "to_myst",
]

# kramdown: ALD_ID_NAME = /\w[\w-]*/, ALD_ANY_CHARS = /\\\}|[^\}]/
_ID_NAME = r"\w[\w-]*"
_ANY_CHARS = r"(?:\\\}|[^}])"
_KEY_VALUE = (
    rf"(?P<key>{_ID_NAME})=(?P<q>[\"'])(?P<val>(?:\\\}}|\\(?P=q)|[^}}])*?)(?P=q)"
)
_ID_OR_CLASS = r"#[A-Za-z][\w:-]*|\.\w[\w-]*"
_ID_OR_CLASS_MULTI = rf"(?P<idcls>(?:{_ID_OR_CLASS})+)"
_REF = rf"(?P<ref>{_ID_NAME})"
_TYPE_ANY = re.compile(
    rf"(?:\A|(?<=\s))(?:{_KEY_VALUE}|{_REF}|{_ID_OR_CLASS_MULTI})(?=\s|\Z)"
)
_ONE_ID_OR_CLASS = re.compile(r"#(?P<id>[A-Za-z][\w:-]*)|\.(?P<cls>\w[\w-]*)")

#: A block IAL alone on its line (kramdown ``IAL_BLOCK_START``).
IAL_LINE_RE = re.compile(rf"^ {{0,3}}\{{:(?!:|/)(?P<body>{_ANY_CHARS}+)\}}[ \t\r]*$")
#: A span IAL ``{: ...}`` inside a line (kramdown ``SPAN_IAL``).
SPAN_IAL_RE = re.compile(r"\{:(?![:/])(?P<body>(?:\\\}|[^}\n])+)\}")
#: An attribute list definition ``{:name: ...}`` (kramdown ``ALD_START``).
ALD_LINE_RE = re.compile(
    rf"^ {{0,3}}\{{:(?P<name>{_ID_NAME}):(?P<body>{_ANY_CHARS}+)\}}[ \t\r]*$"
)


@dataclass(frozen=True, slots=True)
class BlockAttrs:
    """Attributes kramdown gives a block, for a docutils transform to apply."""

    ids: tuple[str, ...] = ()
    classes: tuple[str, ...] = ()
    attributes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class ElementAttrs:
    """HTML attributes kramdown writes on an element (``{: style="…"}``).

    MyST keeps only ids and classes; these reach the HTML through the writer.
    ``uri`` names the image or link of a block they belong to, ``None`` the block.
    """

    attributes: tuple[tuple[str, str], ...]
    uri: str | None = None


@dataclass(slots=True)
class Attrs:
    """A parsed, mutable attribute list (one IAL or ALD, or several merged)."""

    id: str | None = None
    classes: list[str] = field(default_factory=list)
    pairs: dict[str, str] = field(default_factory=dict)
    refs: list[str] = field(default_factory=list)

    def update(self, other: Attrs) -> None:
        """Merge ``other`` into this list as kramdown merges IALs (later wins)."""
        self.id = other.id or self.id
        self.classes.extend(c for c in other.classes if c not in self.classes)
        self.pairs.update(other.pairs)
        self.refs.extend(other.refs)

    def is_empty(self) -> bool:
        """Whether no attribute at all is set."""
        return not (self.id or self.classes or self.pairs or self.refs)

    def frozen(self) -> BlockAttrs:
        """The public, immutable form."""
        return BlockAttrs(
            ids=(self.id,) if self.id else (),
            classes=tuple(self.classes),
            attributes=tuple(self.pairs.items()),
        )


def parse_attribute_list(body: str) -> Attrs | None:
    """Parse the inside of ``{: ...}``; ``None`` if kramdown finds nothing in it.

    ``{: .a.b #id key="v" ref :}``: the trailing ``:`` of the ``{: ... :}`` form
    is ignored, as kramdown ignores any unmatched text.
    """
    attrs = Attrs()
    if body.strip() in {"", ":"}:
        return attrs
    found = False
    for match in _TYPE_ANY.finditer(body):
        found = True
        if match["ref"]:
            attrs.refs.append(match["ref"])
        elif match["idcls"]:
            for part in _ONE_ID_OR_CLASS.finditer(match["idcls"]):
                if part["cls"]:
                    attrs.classes.append(part["cls"])
                else:
                    attrs.id = part["id"]
        else:
            _set_pair(attrs, match["key"], _unescape(match["val"], match["q"]))
    return attrs if found else None


def _unescape(value: str, quote: str) -> str:
    """kramdown: ``val.gsub!(/\\(\\}|#{sep})/, "\\1")``."""
    return re.sub(r"\\(\}|" + re.escape(quote) + ")", r"\1", value)


def _set_pair(attrs: Attrs, key: str, value: str) -> None:
    """Store ``key="value"``; ``class`` and ``id`` keys are the HTML attributes."""
    if key == "class":
        attrs.classes.extend(c for c in value.split() if c not in attrs.classes)
    elif key == "id":
        attrs.id = value
    else:
        attrs.pairs[key] = value


def resolve(attrs: Attrs, alds: dict[str, Attrs], *, keep: frozenset[str]) -> Attrs:
    """Expand references to ALDs (refs first, then the list's own attributes).

    References named in ``keep`` (e.g. ``toc``) stay in ``refs``; unknown
    references are dropped, as kramdown drops them.
    """
    result = Attrs()
    seen: set[str] = set()

    def expand(item: Attrs) -> None:
        for ref in item.refs:
            if ref in keep:
                result.refs.append(ref)
            elif ref in alds and ref not in seen:
                seen.add(ref)
                expand(alds[ref])
        own = Attrs(item.id, list(item.classes), dict(item.pairs))
        result.update(own)

    expand(attrs)
    return result


def unknown_refs(
    attrs: Attrs, alds: dict[str, Attrs], keep: frozenset[str]
) -> list[str]:
    """References that name no ALD (kramdown ignores them silently)."""
    return [r for r in attrs.refs if r not in alds and r not in keep]


def to_myst(attrs: Attrs) -> str:
    """Render as a MyST attribute list: ``{#id .a .b key="v"}``."""
    parts: list[str] = []
    if attrs.id:
        parts.append(f"#{attrs.id}")
    parts.extend(f".{c}" for c in attrs.classes)
    for key, value in attrs.pairs.items():
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        parts.append(f'{key}="{escaped}"')
    return "{" + " ".join(parts) + "}"
