"""Jekyll's Liquid filters, with Jekyll's semantics.

Ported from Jekyll 4.3 ``lib/jekyll/filters.rb`` and ``lib/jekyll/filters/*.rb``
(MIT, Tom Preston-Werner and Jekyll contributors). The array filters (``where``,
``sort``, ``group_by``, …) live in :mod:`._array_filters`. Ruby quirks we keep on
purpose are marked with the upstream name of the method they copy.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
import datetime as dt
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, quote_plus

from liquid import is_undefined
from liquid.exceptions import FilterArgumentError
from liquid.filter import with_environment

from .. import urls
from ..frontmatter import parse_date
from . import _array_filters
from ._ruby import ruby_inspect, ruby_json, ruby_str, ruby_to_i
from ._smartypants import smartypants
from .context import jekyll_time, markdown_parser

if TYPE_CHECKING:
    from liquid import Environment

__all__ = ["JEKYLL_FILTERS", "register_filters", "slugify"]

_ABSOLUTE_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_RUBY_SPACE = re.compile(r"[ \t\n\v\f\r]+")
# The Unicode scripts of Jekyll's ``number_of_words`` cjk charset
# (\p{Han}\p{Katakana}\p{Hiragana}\p{Hangul}); Python's re has no \p{...}.
_CJK = (
    "\u1100-\u11ff\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3038-\u303b"
    "\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fd-\u30ff\u3131-\u318e"
    "\u31f0-\u31ff\u3200-\u321e\u3260-\u327e\u32d0-\u32fe\u3300-\u3357"
    "\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7a3\ud7b0-\ud7ff"
    "\uf900-\ufaff\uff66-\uff6f\uff71-\uff9d\uffa0-\uffdc\U00020000-\U0003134f"
)
_CJK_CHAR = re.compile(f"[{_CJK}]")
_NON_CJK_WORD = re.compile(rf"[^{_CJK}\s]+")
_MARKDOWN = markdown_parser()


def _config(environment: Environment) -> Mapping[str, Any]:
    return getattr(environment, "site_config", {})


def _url_of(value: Any) -> Any:
    if isinstance(value, Mapping) and "url" in value:
        return value["url"]
    return value


def _normalize_url(url: str) -> str:
    return quote(url, safe=urls.URL_SAFE)


@with_environment
def relative_url(value: Any, *, environment: Environment) -> str | None:
    """Jekyll's ``relative_url``: prefix ``baseurl`` unless the URL has a scheme."""
    if value is None or is_undefined(value):
        return None
    text = ruby_str(_url_of(value))
    if _ABSOLUTE_URL.match(text):
        return text
    baseurl = ruby_str(_config(environment).get("baseurl")).removesuffix("/")
    parts = [p if not p or p.startswith("/") else "/" + p for p in (baseurl, text)]
    return _normalize_url("".join(parts))


@with_environment
def absolute_url(value: Any, *, environment: Environment) -> str | None:
    """Jekyll's ``absolute_url``: ``site.url`` + ``relative_url``."""
    if value is None or is_undefined(value):
        return None
    text = ruby_str(_url_of(value))
    if _ABSOLUTE_URL.match(text):
        return text
    relative = relative_url(text, environment=environment)
    site_url = ruby_str(_config(environment).get("url"))
    return _normalize_url(site_url + (relative or "")) if site_url else relative


def strip_index(value: Any) -> Any:
    """Jekyll's ``strip_index``: ``/a/index.html`` → ``/a/``."""
    if value is None or is_undefined(value) or value == "":
        return None
    return re.sub(r"/index\.html?$", "/", ruby_str(value))


def _time(value: Any, environment: Environment) -> dt.datetime:
    """Jekyll's ``DateFilters#time``: any date-like value, in the site's zone."""
    tz = getattr(environment, "timezone", None)
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        moment = dt.datetime.fromtimestamp(value, dt.UTC)
    elif ruby_str(value) in ("now", "today"):
        moment = dt.datetime.now(dt.UTC)
    else:
        parsed = parse_date(ruby_str(value), tz)
        if isinstance(parsed, str):
            msg = f"invalid date {value!r}: not a valid datetime"
            raise FilterArgumentError(msg, token=None)
        moment = parsed
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz) if tz else moment.astimezone()
    return jekyll_time(moment.astimezone(tz) if tz else moment.astimezone())


_RUBY_ONLY = re.compile(r"%(?P<width>\d*)(?P<directive>L|N|:{1,2}z|v|%)")


def ruby_strftime(moment: dt.datetime, fmt: str) -> str:
    """Ruby's ``Time#strftime``: the C library's directives, plus Ruby's own
    ``%L`` (milliseconds), ``%N``/``%3N`` (fractions), ``%:z``, ``%::z``, ``%v``."""

    def ruby_only(match: re.Match[str]) -> str:
        directive, width = match["directive"], match["width"]
        if directive == "%":
            return "%%"
        if directive in ("L", "N"):
            digits = int(width) if width else (3 if directive == "L" else 9)
            return f"{moment.microsecond * 1000:09d}"[:digits].ljust(digits, "0")
        if directive == "v":
            return "%e-" + moment.strftime("%b").upper() + "-%Y"
        offset = moment.strftime("%z") or "+0000"
        hours, minutes = offset[:3], offset[3:5]
        return f"{hours}:{minutes}" + (":00" if directive == "::z" else "")

    return moment.strftime(_RUBY_ONLY.sub(ruby_only, fmt))


@with_environment
def date(value: Any, fmt: Any = None, *, environment: Environment) -> Any:
    """Liquid's ``date`` with Ruby's ``strftime``: a time and a text written with an
    offset keep their zone, ``"now"`` is in the site's; an empty format or a value
    that is no date is returned unchanged."""
    if value is None or is_undefined(value):
        return ""
    if fmt is None or is_undefined(fmt) or ruby_str(fmt) == "":
        return value
    tz = getattr(environment, "timezone", None)
    if isinstance(value, str) and value.strip() not in ("now", "today"):
        if value.strip().isdigit():  # seconds since the epoch
            moment = dt.datetime.fromtimestamp(int(value.strip()), dt.UTC)
            moment = moment.astimezone(tz) if tz else moment.astimezone()
        else:
            parsed = parse_date(value, tz, keep_offset=True)
            if isinstance(parsed, str):
                return value  # Liquid prints what it cannot read as a date
            moment = parsed
        return ruby_strftime(moment, ruby_str(fmt))
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return ruby_strftime(value, ruby_str(fmt))  # a time keeps its own zone
    try:
        moment = _time(value, environment)
    except FilterArgumentError:
        return value
    return ruby_strftime(moment, ruby_str(fmt))


def _empty(value: Any) -> bool:
    return value is None or is_undefined(value) or ruby_str(value) == ""


@with_environment
def date_to_xmlschema(value: Any, *, environment: Environment) -> Any:
    """``2011-04-24T20:34:46+08:00``."""
    if _empty(value):
        return value
    return _time(value, environment).isoformat(timespec="seconds")


@with_environment
def date_to_rfc822(value: Any, *, environment: Environment) -> Any:
    """``Sun, 24 Apr 2011 12:34:46 +0000``."""
    if _empty(value):
        return value
    return _time(value, environment).strftime("%a, %d %b %Y %H:%M:%S %z")


def _ordinal(day: int) -> str:
    if 11 <= day <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _stringify_date(
    value: Any, month: str, kind: Any, style: Any, environment: Environment
) -> Any:
    """Jekyll's ``stringify_date``."""
    if _empty(value):
        return value
    moment = _time(value, environment)
    if kind == "ordinal":
        day = f"{moment.day}{_ordinal(moment.day)}"
        if style == "US":
            return moment.strftime(f"{month} {day}, %Y")
        return moment.strftime(f"{day} {month} %Y")
    return moment.strftime(f"%d {month} %Y")


@with_environment
def date_to_string(
    value: Any, kind: Any = None, style: Any = None, *, environment: Environment
) -> Any:
    """``24 Apr 2011``, ``24th Apr 2011`` or ``Apr 24th, 2011``."""
    return _stringify_date(value, "%b", kind, style, environment)


@with_environment
def date_to_long_string(
    value: Any, kind: Any = None, style: Any = None, *, environment: Environment
) -> Any:
    """``24 April 2011``, ``24th April 2011`` or ``April 24th, 2011``."""
    return _stringify_date(value, "%B", kind, style, environment)


def xml_escape(value: Any) -> str:
    """``input.to_s.encode(xml: :attr)`` without the surrounding quotes."""
    text = ruby_str(value)
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        text = text.replace(char, entity)
    return text.replace('"', "&quot;").replace("'", "&apos;")


def cgi_escape(value: Any) -> str:
    """Ruby's ``CGI.escape``: spaces become ``+``; ``~`` stays."""
    return quote_plus(ruby_str(value), safe="~")


def uri_escape(value: Any) -> str:
    """``Addressable::URI.normalize_component``: reserved characters stay."""
    return quote(ruby_str(value), safe="!#$&'()*+,/:;=?@[]~%")


def normalize_whitespace(value: Any) -> str:
    """Runs of (ASCII) white space become one space; the ends are stripped."""
    return _RUBY_SPACE.sub(" ", ruby_str(value)).strip(" \t\n\v\f\r\0")


def number_of_words(value: Any, mode: Any = None) -> int:
    """Words split on white space; ``cjk`` counts each CJK character as a word,
    ``auto`` does so only when there are CJK characters."""
    text = ruby_str(value)
    plain = len(_RUBY_SPACE.split(text.strip(" \t\n\v\f\r\0"))) if text.strip() else 0
    if mode not in ("cjk", "auto"):
        return plain
    cjk = len(_CJK_CHAR.findall(text))
    if mode == "auto" and cjk == 0:
        return plain
    return cjk + len(_NON_CJK_WORD.findall(text))


def array_to_sentence_string(value: Any, connector: Any = "and") -> str:
    """``a, b, and c``."""
    items = [ruby_str(v) for v in (value if isinstance(value, (list, tuple)) else [])]
    conn = ruby_str(connector)
    if len(items) <= 1:
        return items[0] if items else ""
    if len(items) == 2:
        return f"{items[0]} {conn} {items[1]}"
    return f"{', '.join(items[:-1])}, {conn} {items[-1]}"


def markdownify(value: Any) -> str:
    """Markdown to HTML (markdown-it-py's CommonMark with tables, like kramdown GFM)."""
    return str(_MARKDOWN.render(ruby_str(value)))


def smartify(value: Any) -> str:
    """Straight quotes and ``--``/``...`` to typographic characters."""
    return smartypants(ruby_str(value))


def slugify(value: Any, mode: Any = None) -> str | None:
    """Jekyll's ``slugify`` filter (:func:`sphinx_jekyllposts.urls.slugify`)."""
    if value is None or is_undefined(value):
        return None
    mode = "default" if mode is None or is_undefined(mode) else str(mode)
    return urls.slugify(ruby_str(value), mode)


def jsonify(value: Any) -> str:
    """Ruby's ``to_json`` of the value (drops become objects)."""
    return ruby_json(value)


def to_integer(value: Any) -> int:
    """``true`` → 1, ``false`` → 0, else Ruby's ``to_i``."""
    return ruby_to_i(value)


def inspect(value: Any) -> str:
    """Ruby's ``inspect``, XML-escaped."""
    return xml_escape(ruby_inspect(value))


JEKYLL_FILTERS: dict[str, Callable[..., Any]] = {
    "relative_url": relative_url,
    "absolute_url": absolute_url,
    "strip_index": strip_index,
    "date": date,
    "date_to_xmlschema": date_to_xmlschema,
    "date_to_rfc822": date_to_rfc822,
    "date_to_string": date_to_string,
    "date_to_long_string": date_to_long_string,
    "xml_escape": xml_escape,
    "cgi_escape": cgi_escape,
    "uri_escape": uri_escape,
    "normalize_whitespace": normalize_whitespace,
    "number_of_words": number_of_words,
    "array_to_sentence_string": array_to_sentence_string,
    "markdownify": markdownify,
    "smartify": smartify,
    "slugify": slugify,
    "jsonify": jsonify,
    "to_integer": to_integer,
    "inspect": inspect,
    **_array_filters.ARRAY_FILTERS,
}


def register_filters(environment: Environment) -> None:
    """Add Jekyll's filters to ``environment`` (replacing Liquid's ``sort`` etc.)."""
    for name, func in JEKYLL_FILTERS.items():
        environment.add_filter(name, func)
