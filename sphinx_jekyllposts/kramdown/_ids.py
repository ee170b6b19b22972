"""Header ids as kramdown generates them (GFM and kramdown inputs).

* GFM input: ``generate_gfm_header_id`` in kramdown-parser-gfm's
  ``lib/kramdown/parser/gfm.rb`` (kramdown/parser-gfm, commit 0a30aae1, MIT):
  downcase, drop characters outside ``[\\p{Word}\\- \\t]``, spaces and tabs
  become ``-``, the n-th duplicate gets ``-n``. The GFM parser always turns
  ``auto_id_stripping`` on, so the text is the heading's plain text
  (``update_raw_text``: text, code spans, math, entities, typographic symbols).
* kramdown input: ``generate_id`` / ``basic_generate_id`` in kramdown's
  ``lib/kramdown/converter/base.rb`` (gettalong/kramdown, commit 039cedf9, MIT).
"""

from __future__ import annotations

from functools import cache
import re
import unicodedata

__all__ = ["HeaderIds", "typographic"]

# kramdown's TYPOGRAPHIC_SYMS (parser/kramdown/typographic_symbol.rb); the
# symbols are no word characters, so ids lose them.
_TYPOGRAPHIC = (("---", "\u2014"), ("--", "\u2013"), ("...", "\u2026"))
_TYPOGRAPHIC_RE = re.compile(r"<< |<<| >>|>>")
_ANGLE = {"<< ": "\u00ab ", "<<": "\u00ab", " >>": " \u00bb", ">>": "\u00bb"}


def typographic(text: str) -> str:
    """Apply kramdown's typographic symbols (``--`` → en dash, …) to plain text."""
    for plain, symbol in _TYPOGRAPHIC:
        text = text.replace(plain, symbol)
    return _TYPOGRAPHIC_RE.sub(lambda m: _ANGLE[m.group()], text)


@cache
def _is_gfm_kept(char: str) -> bool:
    """Onigmo's ``\\p{Word}`` (letters, marks, decimal digits, connectors), ``-``, blanks."""
    if char in "- \t":
        return True
    category = unicodedata.category(char)
    return category[0] in "LM" or category in {"Nd", "Pc"}


class HeaderIds:
    """Generates the ids of one document's headers, numbering duplicates."""

    def __init__(self, *, gfm: bool, prefix: str = "") -> None:
        """:param gfm: use kramdown-parser-gfm's algorithm, else kramdown's basic one."""
        self._gfm = gfm
        self._prefix = prefix
        self._counts: dict[str, int] = {}

    def generate(self, text: str) -> str:
        """The id of the next header whose (raw or plain) text is ``text``."""
        return self._gfm_id(text) if self._gfm else self._basic_id(text)

    def _gfm_id(self, text: str) -> str:
        result = "".join(c for c in text.lower() if _is_gfm_kept(c))
        result = result.replace(" ", "-").replace("\t", "-")
        count = self._counts.get(result, -1) + 1
        self._counts[result] = count
        suffix = f"-{count}" if count > 0 else ""
        return self._prefix + result + suffix

    def _basic_id(self, text: str) -> str:
        gen_id = re.sub(r"^[^a-zA-Z]+", "", text, flags=re.MULTILINE)
        gen_id = re.sub(r"[^a-zA-Z0-9 -]", "", gen_id).replace(" ", "-").lower()
        gen_id = gen_id or "section"
        if gen_id in self._counts:
            self._counts[gen_id] += 1
            gen_id = f"{gen_id}-{self._counts[gen_id]}"
        else:
            self._counts[gen_id] = 0
        return self._prefix + gen_id
