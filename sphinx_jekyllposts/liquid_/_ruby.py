"""Ruby's views of Python values: ``to_s``, ``inspect``, ``to_json`` and ``to_i``.

Jekyll's filters are Ruby; where their output shows Ruby's formatting (``inspect``,
``jsonify``, ``where`` comparing ``to_s``), we reproduce it here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
import datetime as dt
import json
import re
from typing import Any

from liquid import is_undefined

__all__ = ["as_plain", "ruby_inspect", "ruby_json", "ruby_str", "ruby_to_i"]

_LEADING_INT = re.compile(r"\s*([+-]?\d+)")


def ruby_str(value: Any) -> str:
    """``value.to_s``: ``nil`` is empty, booleans are lower case."""
    if value is None or is_undefined(value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (Mapping, list, tuple)) and not isinstance(value, str):
        return ruby_inspect(value)
    return str(value)


def ruby_inspect(value: Any) -> str:
    """``value.inspect``: ``"text"``, ``nil``, ``[1, "a"]``, ``{"k"=>1}``."""
    if value is None or is_undefined(value):
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Mapping):
        items = ", ".join(
            f"{ruby_inspect(k)}=>{ruby_inspect(v)}" for k, v in value.items()
        )
        return "{" + items + "}"
    if isinstance(value, Sequence):
        return "[" + ", ".join(ruby_inspect(v) for v in value) + "]"
    return str(value)


def as_plain(value: Any, depth: int = 0) -> Any:
    """Jekyll's ``as_liquid``: drops become plain mappings (cycles cut at depth 8)."""
    if depth > 8:
        return None
    if value is None or is_undefined(value):
        return None
    if isinstance(value, Mapping):
        return {str(k): _plain_item(k, v, depth) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_plain(v, depth + 1) for v in value]
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S %z").rstrip()
    if isinstance(value, dt.date):
        return str(value)
    return value


def _plain_item(key: object, value: Any, depth: int) -> Any:
    # Jekyll's DocumentDrop#hash_for_json collapses neighbours to avoid endless
    # next/previous chains; their URL is enough to identify them.
    if key in ("next", "previous") and isinstance(value, Mapping):
        return value.get("url")
    return as_plain(value, depth + 1)


def ruby_json(value: Any) -> str:
    """``value.to_json``: compact, UTF-8 kept, as Ruby's JSON generator writes it."""
    return json.dumps(
        as_plain(value), ensure_ascii=False, separators=(",", ":"), default=str
    )


def ruby_to_i(value: Any) -> int:
    """``value.to_i``: the leading integer of a string, 0 when there is none."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return int(value)
    match = _LEADING_INT.match(ruby_str(value))
    return int(match.group(1)) if match else 0
