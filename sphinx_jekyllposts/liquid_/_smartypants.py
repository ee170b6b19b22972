"""``smartify``: kramdown's SmartyPants quotes and typographic symbols.

Ported from kramdown 2.4 ``lib/kramdown/parser/kramdown/smart_quotes.rb`` (``SQ_RULES``)
and ``typographic_symbol.rb`` (MIT, Thomas Leitner). Jekyll's ``smartify`` filter runs
kramdown's SmartyPants parser, which leaves HTML tags alone and converts quotes, ``--``,
``---``, ``...``, ``<<`` and ``>>`` to characters.
"""

from __future__ import annotations

import re

__all__ = ["smartypants"]

_PUNCT = r"""[!"#$%'()*+,\-./:;<=>?@\[\\\]^_`{|}~]"""
_CLOSE = r"[^ \\\t\r\n\[{(-]"
_SYMBOLS = {
    "---": "\u2014",
    "--": "\u2013",
    "...": "\u2026",
    "<< ": "\u00ab\u00a0",
    " >>": "\u00a0\u00bb",
    "<<": "\u00ab",
    ">>": "\u00bb",
}
_TOKEN = re.compile(r"<[A-Za-z/!?][^>]*>|---|--|\.\.\.|<< | >>|<<|>>|[\"']")
_LEFT = {'"': "\u201c", "'": "\u2018"}
_RIGHT = {'"': "\u201d", "'": "\u2019"}


def smartypants(text: str) -> str:
    """Replace straight quotes and ASCII symbols with typographic ones."""
    out: list[str] = []
    pos = 0
    for match in _TOKEN.finditer(text):
        out.append(text[pos : match.start()])
        token = match.group()
        pos = match.end()
        if token.startswith("<") and len(token) > 2 and token not in _SYMBOLS:
            out.append(token)
        elif token in _SYMBOLS:
            out.append(_SYMBOLS[token])
        elif match.start() > 0 and text[match.start() - 1] == "\\":
            out[-1] = out[-1][:-1] + token
        else:
            out.append(_quote(text, match.start()))
    out.append(text[pos:])
    return "".join(out)


def _quote(text: str, at: int) -> str:
    """The typographic form of the quote at ``text[at]`` (kramdown's SQ_RULES)."""
    char, before, after = text[at], text[at - 1 : at], text[at + 1 :]
    if re.match(r"[_*]{1,2}\S", after):
        return _LEFT[char]
    if re.match(rf"{_PUNCT}(?!\.\.)", after) and not _word_boundary(text, at + 1):
        return _RIGHT[char]
    if char == "'" and re.match(r"\d\ds", after):
        return _RIGHT[char]
    if before.isspace() and re.match(r"\w", after):
        return _LEFT[char]
    if before and re.match(_CLOSE, before):
        return _RIGHT[char]
    if not after or after[0].isspace() or re.match(r"s\b", after):
        return _RIGHT[char]
    return _LEFT[char]


def _word_boundary(text: str, at: int) -> bool:
    left = at > 0 and (text[at - 1].isalnum() or text[at - 1] == "_")
    right = at < len(text) and (text[at].isalnum() or text[at] == "_")
    return left != right
