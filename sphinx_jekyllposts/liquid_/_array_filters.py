"""Jekyll's array filters: ``where``, ``find``, ``group_by`` (and ``_exp``), ``sort``, …

Ported from Jekyll 4.3 ``lib/jekyll/filters.rb`` and ``filters/grouping_filters.rb``
(MIT). Expressions of the ``*_exp`` filters are parsed by python-liquid, once per
environment and expression text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
import functools
import random
import re
from typing import TYPE_CHECKING, Any

from liquid import is_undefined
from liquid.builtin.expressions import BooleanExpression, FilteredExpression, tokenize
from liquid.exceptions import FilterArgumentError
from liquid.filter import with_context
from liquid.stream import TokenStream
from liquid.stringify import to_liquid_string
from liquid.token import TOKEN_EXPRESSION, Token

from ._ruby import ruby_str, ruby_to_i

if TYPE_CHECKING:
    from liquid import Environment, RenderContext
    from liquid.expression import Expression

__all__ = ["ARRAY_FILTERS"]

# Jekyll's FLOAT_LIKE / INTEGER_LIKE (Filters#parse_sort_input).
_FLOAT_LIKE = re.compile(r"^\s*-?(?:\d+\.?\d*|\.\d+)\s*$")
_INTEGER_LIKE = re.compile(r"^\s*-?\d+\s*$")


def _items(value: Any) -> list[Any] | None:
    """The elements Jekyll iterates (a hash's values), or None if not iterable."""
    if isinstance(value, Mapping):
        return list(value.values())
    if isinstance(value, (list, tuple)):
        return list(value)
    return None


def _item_property(item: Any, prop: Any) -> Any:
    """Jekyll's ``item_property``: dotted paths, numbers read from strings."""
    value: Any = item
    for key in ruby_str(prop).split("."):
        if isinstance(value, Mapping):
            value = value.get(key)
        else:
            value = None
            break
    text = ruby_str(value)
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        if _INTEGER_LIKE.match(text):
            return int(text)
        if _FLOAT_LIKE.match(text):
            return float(text)
    return value


def _matches(prop: Any, target: Any) -> bool:
    """Jekyll's ``compare_property_vs_target``."""
    if target is None or is_undefined(target):
        return prop is None
    wanted = ruby_str(target)
    if isinstance(prop, str):
        return prop == wanted
    values = prop if isinstance(prop, (list, tuple)) else [prop]
    return any(ruby_str(v) == wanted for v in values if v is not None)


def where(value: Any, prop: Any = None, target: Any = None) -> Any:
    """Items whose ``prop`` equals ``target`` (or contains it, for arrays)."""
    items = _items(value)
    if not prop or isinstance(target, (list, tuple, Mapping)) or items is None:
        return value
    return [item for item in items if _matches(_item_property(item, prop), target)]


def find(value: Any, prop: Any = None, target: Any = None) -> Any:
    """The first item ``where`` would keep, or nil."""
    items = _items(value)
    if not prop or isinstance(target, (list, tuple, Mapping)) or items is None:
        return value
    return next(
        (item for item in items if _matches(_item_property(item, prop), target)), None
    )


@functools.lru_cache(maxsize=256)
def _condition(env: Environment, text: str) -> Expression:
    token = Token(TOKEN_EXPRESSION, text, 0, text)
    return BooleanExpression.parse(env, TokenStream(tokenize(text, token)))


@functools.lru_cache(maxsize=256)
def _expression(env: Environment, text: str) -> Expression:
    token = Token(TOKEN_EXPRESSION, text, 0, text)
    return FilteredExpression.parse(env, TokenStream(tokenize(text, token)))


def _select(
    value: Any, variable: Any, expression: Any, context: RenderContext
) -> list[Any]:
    condition = _condition(context.env, ruby_str(expression))
    kept = []
    for item in _items(value) or []:
        with context.extend({ruby_str(variable): item}):
            if condition.evaluate(context):
                kept.append(item)
    return kept


@with_context
def where_exp(
    value: Any, variable: Any, expression: Any, *, context: RenderContext
) -> Any:
    """Items for which the Liquid condition ``expression`` holds."""
    if _items(value) is None:
        return value
    return _select(value, variable, expression, context)


@with_context
def find_exp(
    value: Any, variable: Any, expression: Any, *, context: RenderContext
) -> Any:
    """The first item for which the condition holds, or nil."""
    if _items(value) is None:
        return value
    kept = _select(value, variable, expression, context)
    return kept[0] if kept else None


def _grouped(items: list[Any], key: Callable[[Any], str]) -> list[dict[str, Any]]:
    groups: dict[str, list[Any]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return [
        {"name": name, "items": members, "size": len(members)}
        for name, members in groups.items()
    ]


def group_by(value: Any, prop: Any) -> Any:
    """``[{"name", "items", "size"}]`` grouped by ``prop``."""
    items = _items(value)
    if items is None:
        return value
    return _grouped(items, lambda item: ruby_str(_item_property(item, prop)))


@with_context
def group_by_exp(
    value: Any, variable: Any, expression: Any, *, context: RenderContext
) -> Any:
    """Grouped by the rendered Liquid ``expression``."""
    items = _items(value)
    if items is None:
        return value
    parsed = _expression(context.env, ruby_str(expression))

    def key(item: Any) -> str:
        with context.extend({ruby_str(variable): item}):
            return to_liquid_string(parsed.evaluate(context), autoescape=False)

    return _grouped(items, key)


def _compare(a: Any, b: Any) -> int:
    """Ruby's ``a <=> b || a.to_s <=> b.to_s``."""
    try:
        return int(a > b) - int(a < b)
    except TypeError:
        sa, sb = ruby_str(a), ruby_str(b)
        return (sa > sb) - (sa < sb)


def _compare_keys(a: tuple[Any, Any], b: tuple[Any, Any]) -> int:
    return _compare(a[0], b[0])


def _kind(value: Any) -> str:
    """A value's kind, in Liquid's words."""
    if isinstance(value, Mapping):
        return "hash"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "object"


def sort(value: Any, prop: Any = None, nils: Any = "first") -> Any:
    """Jekyll's ``sort``: by ``prop`` with nils ``first`` or ``last``."""
    if value is None or is_undefined(value):
        raise FilterArgumentError("cannot sort a null object", token=None)
    if (prop is None or is_undefined(prop)) and isinstance(value, Mapping):
        # Ruby's Hash#sort: [key, value] pairs by key (``site.tags | sort``)
        pairs = sorted(value.items(), key=functools.cmp_to_key(_compare_keys))
        return [[k, v] for k, v in pairs]
    items = _items(value)
    if items is None:
        return value
    if prop is None or is_undefined(prop):
        try:
            return sorted(items)
        except TypeError as exc:
            kinds = " and ".join(sorted({_kind(i) for i in items}))
            msg = f"cannot sort {kinds} values without a property to sort by"
            raise FilterArgumentError(msg, token=None) from exc
    if nils not in ("first", "last"):
        msg = f"invalid nils order {nils!r}: it must be 'first' or 'last'"
        raise FilterArgumentError(msg, token=None)
    order = -1 if nils == "first" else 1
    keyed = [(_item_property(item, prop), item) for item in items]

    def cmp(a: tuple[Any, Any], b: tuple[Any, Any]) -> int:
        if a[0] is not None and b[0] is None:
            return -order
        if a[0] is None and b[0] is not None:
            return order
        return _compare(a[0], b[0])

    return [item for _, item in sorted(keyed, key=functools.cmp_to_key(cmp))]


def pop(value: Any, count: Any = 1) -> Any:
    """A copy without the last ``count`` items."""
    if not isinstance(value, list):
        return value
    n = max(ruby_to_i(count), 0)
    return value[: len(value) - n] if n else list(value)


def push(value: Any, item: Any) -> Any:
    """A copy with ``item`` appended."""
    return [*value, item] if isinstance(value, list) else value


def shift(value: Any, count: Any = 1) -> Any:
    """A copy without the first ``count`` items."""
    if not isinstance(value, list):
        return value
    return value[max(ruby_to_i(count), 0) :]


def unshift(value: Any, item: Any) -> Any:
    """A copy with ``item`` prepended."""
    return [item, *value] if isinstance(value, list) else value


def sample(value: Any, count: Any = 1) -> Any:
    """Random items; seeded by the input size so builds are reproducible."""
    if not isinstance(value, list):
        return value
    rng = random.Random(len(value))
    n = ruby_to_i(count)
    if n == 1:
        return rng.choice(value) if value else None
    return rng.sample(value, min(max(n, 0), len(value)))


ARRAY_FILTERS: dict[str, Callable[..., Any]] = {
    "where": where,
    "where_exp": where_exp,
    "find": find,
    "find_exp": find_exp,
    "group_by": group_by,
    "group_by_exp": group_by_exp,
    "sort": sort,
    "pop": pop,
    "push": push,
    "shift": shift,
    "unshift": unshift,
    "sample": sample,
}
