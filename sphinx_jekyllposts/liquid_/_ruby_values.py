"""Liquid's standard filters and output with the values Ruby's Liquid gives them.

python-liquid stringifies with Python's ``str`` inside filters (``True``, ``None``,
``{'a': 1}``) and reads ``"12px"`` as no number; Ruby's Liquid, which Jekyll runs,
prints ``true``, nothing and ``{"a"=>1}``, and reads ``12``. The standard filters
are kept and their arguments converted first; ``round`` and ``join`` are Liquid 5's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
import decimal
import functools
import operator
import re
from typing import TYPE_CHECKING, Any, TextIO

from liquid import is_undefined
from liquid.builtin.output import Output, OutputNode
from liquid.exceptions import FilterArgumentError
from liquid.stringify import to_liquid_string

from ._ruby import ruby_inspect, ruby_str, ruby_to_i
from .context import Drop

if TYPE_CHECKING:
    from liquid import Environment, RenderContext

__all__ = ["register_ruby_values", "ruby_output"]

#: standard filters whose input and arguments are strings
_STRING_FILTERS = (
    "append", "prepend", "capitalize", "downcase", "upcase", "remove", "remove_first",
    "remove_last", "replace", "replace_first", "replace_last", "strip", "lstrip",
    "rstrip", "split", "strip_html", "strip_newlines", "newline_to_br", "escape",
    "escape_once", "url_encode", "url_decode",
)  # fmt: skip
#: standard filters whose input and arguments are numbers
_NUMBER_FILTERS = (
    "plus", "minus", "times", "divided_by", "modulo", "abs", "ceil", "floor",
    "at_least", "at_most",
)  # fmt: skip
_DECIMAL = re.compile(r"\A-?\d+\.\d+\Z")


def ruby_output(value: Any) -> str:
    """What ``{{ value }}`` prints in Ruby's Liquid: arrays are joined flat,
    hashes inspected, ``nil`` is empty."""
    if isinstance(value, str):
        return value
    if is_undefined(value):  # python-liquid's Undefined is a Mapping
        return str(value)
    if isinstance(value, (list, tuple)):
        return "".join(ruby_output(v) for v in value)
    if isinstance(value, Mapping) and not isinstance(value, Drop):
        return ruby_inspect(value)
    return ruby_str(value)


class RubyOutputNode(OutputNode):
    """``{{ … }}``, printed as Ruby's Liquid prints it."""

    __slots__ = ()

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        value = self.expression.evaluate(context)
        if context.autoescape:
            return buffer.write(to_liquid_string(value, autoescape=True))
        return buffer.write(ruby_output(value))


class RubyOutput(Output):
    """The output statement, registered as Liquid's own is."""

    node_class = RubyOutputNode


def _ruby_string(value: Any) -> Any:
    if value is None or is_undefined(value) or isinstance(value, bool):
        return ruby_str(value)
    if isinstance(value, (list, tuple, Mapping)) and not isinstance(value, Drop):
        return ruby_str(value)
    return value


def _slice_input(value: Any) -> Any:
    """``slice`` cuts an array as an array, anything else as its string."""
    if isinstance(value, Sequence) and not isinstance(value, str):
        return value
    return _ruby_string(value)


def ruby_number(value: Any) -> Any:
    """Liquid's ``Utils.to_number``: ``"1.5"`` is a decimal, ``"12px"`` is 12."""
    if isinstance(value, str):
        text = value.strip()
        return float(text) if _DECIMAL.match(text) else ruby_to_i(text)
    return value


def _converting(
    func: Callable[..., Any],
    convert: Callable[[Any], Any],
    *,
    arguments: bool = True,
) -> Any:
    """``func`` with its input converted, and its arguments too unless not
    ``arguments``."""

    @functools.wraps(func)  # keeps python-liquid's with_context/with_environment marks
    def converted(value: Any, *args: Any, **kwargs: Any) -> Any:
        if arguments:
            args = tuple(convert(a) for a in args)
        return func(convert(value), *args, **kwargs)

    return converted


def round_(value: Any, digits: Any = 0) -> int | float:
    """Liquid's ``round``: half away from zero, on the decimal the number prints as."""
    number = ruby_number(value)
    if not isinstance(number, (int, float)) or isinstance(number, bool):
        number = 0
    places = ruby_to_i(ruby_number(digits))
    if isinstance(number, int) and places >= 0:
        return number
    exact = decimal.Decimal(repr(number))
    step = decimal.Decimal(1).scaleb(-places)
    rounded = exact.quantize(step, rounding=decimal.ROUND_HALF_UP)
    return int(rounded) if places <= 0 else float(rounded)


def truncate(value: Any, length: Any = 50, ellipsis: Any = "...") -> str | None:
    """Liquid 5's ``truncate``: the ellipsis counts in the length, which may leave
    nothing but the ellipsis."""
    if value is None or is_undefined(value):
        return None
    text, end = ruby_str(value), ruby_str(ellipsis)
    limit = ruby_to_i(ruby_number(length))
    if len(text) <= limit:
        return text
    return text[: max(limit - len(end), 0)] + end


#: Ruby's ``split(" ")`` splits at ASCII whitespace only.
_RUBY_SPACE = re.compile(r"[ \t\n\v\f\r]+")


def truncatewords(value: Any, words: Any = 15, ellipsis: Any = "...") -> str | None:
    """Liquid 5's ``truncatewords``: a text of ``words`` words or fewer is returned
    as it is (no ellipsis, its spacing kept)."""
    if value is None or is_undefined(value):
        return None
    text = ruby_str(value)
    count = max(ruby_to_i(ruby_number(words)), 1)
    wordlist = _RUBY_SPACE.split(text.lstrip(" \t\n\v\f\r"), maxsplit=count)
    if len(wordlist) <= count:
        return text
    return " ".join(wordlist[:-1]) + ruby_str(ellipsis)


def _nil_for_missing(func: Callable[..., Any]) -> Any:
    """``map``: an item without the key gives ``nil``, which ``compact`` removes."""

    @functools.wraps(func)
    def mapped(*args: Any, **kwargs: Any) -> Any:
        result = func(*args, **kwargs)
        if not isinstance(result, list):
            return result
        # python-liquid's own null equals None
        return [None if operator.eq(item, None) else item for item in result]

    return mapped


def _array_argument(func: Callable[..., Any]) -> Any:
    """``concat``: a second value that is no array is Liquid's argument error
    (python-liquid's own message for it fails to build)."""

    @functools.wraps(func)
    def checked(value: Any, other: Any, *args: Any, **kwargs: Any) -> Any:
        if not isinstance(other, (list, tuple)):
            msg = "concat filter requires an array argument"
            raise FilterArgumentError(msg, token=None)
        return func(value, other, *args, **kwargs)

    return checked


def join(value: Any, glue: Any = " ") -> str:
    """Liquid 5's ``join``: ``nil`` is no item, nested arrays are flattened."""
    if value is None or is_undefined(value):
        return ""
    items = value if isinstance(value, (list, tuple)) else [value]
    return ruby_str(glue).join(ruby_output(v) for v in _flat(items))


def _flat(items: Any) -> list[Any]:
    flat: list[Any] = []
    for item in items:
        flat.extend(_flat(item) if isinstance(item, (list, tuple)) else [item])
    return flat


def register_ruby_values(environment: Environment) -> None:
    """Replace the output statement, ``round`` and ``join``; convert the arguments
    of the standard string and number filters."""
    environment.add_tag(RubyOutput)
    for name in _STRING_FILTERS:
        if name in environment.filters:
            environment.filters[name] = _converting(
                environment.filters[name], _ruby_string
            )
    for name in _NUMBER_FILTERS:
        if name in environment.filters:
            environment.filters[name] = _converting(
                environment.filters[name], ruby_number
            )
    if "slice" in environment.filters:
        environment.filters["slice"] = _converting(
            environment.filters["slice"], _slice_input, arguments=False
        )
    environment.add_filter("round", round_)
    environment.add_filter("truncate", truncate)
    environment.add_filter("truncatewords", truncatewords)
    if "concat" in environment.filters:
        environment.filters["concat"] = _array_argument(environment.filters["concat"])
    if "map" in environment.filters:
        environment.filters["map"] = _nil_for_missing(environment.filters["map"])
    environment.add_filter("join", join)
