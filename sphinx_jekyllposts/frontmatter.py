"""Read a Jekyll post: split and parse its front matter, apply defaults, date and slug."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
import datetime as dt
import json
from pathlib import PurePosixPath
import re
from typing import Any

import yaml

from ._timeparse import iso_date_text
from .site import Site, load_yaml, yaml_error_line
from .warnings_ import Diagnostic, JekyllpostsWarning

__all__ = ["FrontMatter", "Post", "read_post", "read_post_file", "split_front_matter"]

# Jekyll's Document::YAML_FRONT_MATTER_REGEXP, applied after BOM and CRLF are dealt with.
_FRONT_MATTER = re.compile(
    r"\A---[ \t]*\n(.*?\n)??(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL
)
# Jekyll's Document::DATE_FILENAME_MATCHER: one- or two-digit months and days occur.
# Years a datetime holds in every time zone.
_MIN_YEAR, _MAX_YEAR = 1, 9999
_TOP_LEVEL_KEY = re.compile(r"""^["']?([^\s#'"][^:]*?)["']?\s*:(?:\s|$)""")
_OPENING = re.compile(r"\A---[ \t]*\n")
# Characters XML (the feeds) and HTML forbid; they are replaced with U+FFFD.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_POST_NAME = re.compile(r"^(\d{2,4}-\d{1,2}-\d{1,2})-(.*)(\.[^.]+)$")
_DRAFT_NAME = re.compile(r"^(.*)(\.[^.]+)$")
_DATE_TEXT = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[ Tt]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?"
    r"\s*(Z|[+-]\d{1,2}(?::?\d{2})?)?\s*$"
)


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The front matter block of a file, split from its body.

    :param data: the parsed mapping (empty when absent or unreadable)
    :param present: whether the file starts with a front matter block at all
    :param body: the text after the block
    :param body_line: the 1-based line of the file where ``body`` starts
    """

    data: Mapping[str, Any]
    present: bool
    body: str
    body_line: int
    diagnostics: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True, slots=True)
class Post:
    """A Jekyll post, with the values Jekyll derives from its name and front matter."""

    path: str
    """The source path relative to the site root, with ``/``."""
    slug: str
    date: dt.datetime
    """Aware: in the site's time zone unless the front matter gave an offset."""
    title: str
    body: str
    body_line: int
    front_matter_lines: int
    data: Mapping[str, Any] = field(default_factory=dict)
    """Every front-matter key after ``defaults`` were merged in."""
    subtitle: str | None = None
    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    published: bool = True
    draft: bool = False
    excerpt: str | None = None
    permalink: str | None = None
    redirect_from: tuple[str, ...] = ()
    key_lines: Mapping[str, int] = field(default_factory=dict)
    """The 1-based line of each top-level front-matter key in the file."""

    @property
    def id_path(self) -> str:
        """The path without extension, used as a Sphinx docname below the site."""
        return str(PurePosixPath(self.path).with_suffix(""))


def normalise_newlines(text: str) -> str:
    """Drop a BOM and turn CRLF/CR line ends into LF (Jekyll reads both)."""
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str) -> FrontMatter:
    """Split the YAML front matter from the body and parse it safely.

    Bad YAML is reported at its line; the body is kept, as Jekyll does. A block that
    is never closed is no front matter at all: Jekyll reads the whole file as the body.
    """
    text = normalise_newlines(text)
    match = _FRONT_MATTER.match(text)
    if match is None:
        diagnostics: tuple[Diagnostic, ...] = ()
        if _OPENING.match(text):
            message = (
                "front matter is never closed (no '---' line after it); "
                "the whole file is read as the body, as Jekyll does"
            )
            diagnostics = (Diagnostic(JekyllpostsWarning.FRONTMATTER, message, 1),)
        return FrontMatter({}, False, text, 1, diagnostics)
    yaml_text = match.group(1) or ""
    body = text[match.end() :]
    body_line = text.count("\n", 0, match.end()) + 1
    if not match.group(0).endswith("\n"):
        body_line = text.count("\n", 0, match.end()) + 2
    data, diagnostics = _parse_yaml(yaml_text)
    return FrontMatter(data, True, body, body_line, diagnostics)


def _parse_yaml(yaml_text: str) -> tuple[dict[str, Any], tuple[Diagnostic, ...]]:
    """The mapping of a front matter block (which starts on line 2 of the file)."""
    try:
        data = load_yaml(yaml_text)
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        found = yaml_error_line(exc, yaml_text)
        last = yaml_text.count("\n") + 1  # the closing line, when at the very end
        line = min(found, last) + 1 if found is not None else 2
        message = f"invalid YAML front matter ({problem}); values ignored"
        return {}, (Diagnostic(JekyllpostsWarning.FRONTMATTER, message, line),)
    if data is None:
        return {}, ()
    if not isinstance(data, Mapping):
        message = f"front matter is a {type(data).__name__}, not a mapping; ignored"
        return {}, (Diagnostic(JekyllpostsWarning.FRONTMATTER, message, 2),)
    return {str(k): v for k, v in data.items()}, ()


def read_post(site: Site, path: str, text: str, *, draft: bool = False) -> Post | None:
    """Read the post at ``path`` (relative to the site root) as Jekyll would.

    :return: the post, or ``None`` when Jekyll would not build it
    """
    return read_post_file(site, path, text, draft=draft)[0]


def read_post_file(
    site: Site,
    path: str,
    text: str,
    *,
    draft: bool = False,
    modified: dt.datetime | None = None,
) -> tuple[Post | None, list[Diagnostic]]:
    """Read the post at ``path`` (relative to the site root) as Jekyll would.

    A draft without ``date:`` is dated by ``modified``, the file's modification time.
    Never raises: every problem is a diagnostic at a 1-based line of the file.

    :return: the post, or ``None`` when Jekyll would not build it (no date in the
        name, or an invalid one), and the problems found
    """
    name = PurePosixPath(path).name
    match = (_DRAFT_NAME if draft else _POST_NAME).match(name)
    if match is None:
        return None, []
    text, diagnostics = clean_text(text)
    fm = split_front_matter(text)
    diagnostics.extend(fm.diagnostics)
    data = site.defaults_for(path, "drafts" if draft else "posts")
    categories = _merged_categories(data.get("categories"), fm.data.get("categories"))
    data.update(fm.data)
    if categories is not None:
        data["categories"] = categories
    data = _clean_values(data, text, diagnostics)
    tz = site.timezone
    if draft:
        date = (
            (modified or dt.datetime.now(dt.UTC)).astimezone(tz).replace(microsecond=0)
        )
    else:
        date_or_none = _file_name_date(match.group(1), tz, diagnostics)
        if date_or_none is None:
            return None, diagnostics
        date = date_or_none
    if data.get("date") is not None:
        date = _front_matter_date(data["date"], tz, text, diagnostics) or date
    slug = match.group(1) if draft else match.group(2)
    if "slug" in data and data["slug"] not in (None, ""):
        slug = str(data["slug"])
    post = _post(site, path, slug, date, fm, data, text, draft=draft)
    if not text.strip():
        message = f"the file is empty; built as an empty post titled {post.title!r}"
        diagnostics.append(Diagnostic(JekyllpostsWarning.SOURCE, message, 1))
    return post, diagnostics


def _post(  # noqa: PLR0917 - the pieces read_post_file gathered
    site: Site,
    path: str,
    slug: str,
    date: dt.datetime,
    fm: FrontMatter,
    data: dict[str, Any],
    text: str,
    *,
    draft: bool,
) -> Post:
    title = _text(data.get("title"))
    return Post(
        path=path,
        slug=slug,
        date=date,
        title=title if title else clean_text(titleize_slug(slug))[0],
        body=fm.body,
        body_line=fm.body_line,
        front_matter_lines=fm.body_line - 1,
        data=data,
        subtitle=_text(data.get("subtitle")) or None,
        tags=_tags(data),
        categories=_categories(site, path, data),
        authors=_author_list(data.get("author", data.get("authors"))),
        published=data.get("published", True) is not False,
        draft=draft,
        excerpt=_text(data.get("excerpt")) or None,
        permalink=_text(data.get("permalink")) or None,
        redirect_from=_string_list(data.get("redirect_from")),
        key_lines=_key_lines(fm, text),
    )


def _key_lines(fm: FrontMatter, text: str) -> dict[str, int]:
    """Where each top-level key of the front matter block starts."""
    lines: dict[str, int] = {}
    head = normalise_newlines(text).split("\n", fm.body_line) if fm.present else []
    block = head[1 : fm.body_line - 1]
    for number, line in enumerate(block, start=2):
        key = _TOP_LEVEL_KEY.match(line)
        if key is not None and key.group(1) in fm.data:
            lines.setdefault(key.group(1), number)
    return lines


def clean_text(text: str) -> tuple[str, list[Diagnostic]]:
    """Replace characters that HTML and XML forbid (C0 controls but tab and line
    ends, DEL, lone surrogates, U+FFFE/U+FFFF) with U+FFFD.

    Jekyll copies them to its pages; Sphinx's pages and the feeds cannot hold them.

    :return: the clean text, and a diagnostic at the first such character's line
    """
    found = _CONTROL.search(text)
    if found is None:
        return text, []
    chars = "".join(sorted(set(_CONTROL.findall(text))))
    line = normalise_newlines(text[: found.start()]).count("\n") + 1
    message = f"control characters {chars!r} in the file; replaced with U+FFFD"
    diagnostic = Diagnostic(JekyllpostsWarning.SOURCE, message, line)
    return _CONTROL.sub("\ufffd", text), [diagnostic]


def _clean_values(
    data: dict[str, Any], text: str, diagnostics: list[Diagnostic]
) -> dict[str, Any]:
    """Front-matter values with control characters (YAML escapes such as ``"\\a"``)
    cleaned like the text of the file."""
    cleaned: dict[str, Any] = {}
    for key, value in data.items():
        new = _clean_value(value)
        if new is not value and new != value:
            line = _key_line(text, key)
            message = f"control characters in {key!r}; replaced with U+FFFD"
            diagnostics.append(
                Diagnostic(JekyllpostsWarning.FRONTMATTER, message, line)
            )
        cleaned[key] = new
    return cleaned


def _clean_value(value: Any) -> Any:
    """``value`` with every string in it cleaned (the loader bounds the size)."""
    if isinstance(value, str):
        return _CONTROL.sub("\ufffd", value) if _CONTROL.search(value) else value
    if isinstance(value, Mapping):
        return {_clean_value(k): _clean_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean_value(v) for v in value]
    return value


def _file_name_date(
    text: str, tz: dt.tzinfo | None, diagnostics: list[Diagnostic]
) -> dt.datetime | None:
    """The date of a post's file name, or ``None`` (reported) if there is none."""
    parsed = parse_date(text, tz)
    if not isinstance(parsed, str):
        return parsed
    rolled = _rolled_over(text, tz)
    if rolled is None:
        message = f"invalid date {text!r} in the file name; post skipped"
        diagnostics.append(Diagnostic(JekyllpostsWarning.DATE, message, 1))
        return None
    message = (
        f"date {text!r} in the file name does not exist; "
        f"read as {rolled:%Y-%m-%d}, as Jekyll does"
    )
    diagnostics.append(Diagnostic(JekyllpostsWarning.DATE, message, 1))
    return rolled


def _front_matter_date(
    value: Any, tz: dt.tzinfo | None, text: str, diagnostics: list[Diagnostic]
) -> dt.datetime | None:
    """The front matter's ``date:``, or ``None`` (reported) if it is unusable.

    Jekyll reads the date from its text form (``Utils.parse_date(date.to_s)``),
    which has no fraction of a second.
    """
    parsed = parse_date(value, tz)
    if not isinstance(parsed, str):
        return parsed.replace(microsecond=0)
    line = _key_line(text, "date")
    rolled = _rolled_over(value, tz)
    if rolled is not None:
        message = (
            f"date {value!r} does not exist; read as {rolled:%Y-%m-%d}, as Jekyll does"
        )
        diagnostics.append(Diagnostic(JekyllpostsWarning.DATE, message, line))
        return rolled
    message = f"invalid date {value!r} in the front matter; using the file name's date"
    diagnostics.append(Diagnostic(JekyllpostsWarning.DATE, message, line))
    return None


def _rolled_over(value: Any, tz: dt.tzinfo | None) -> dt.datetime | None:
    """Ruby's ``Time`` reads the 29th to 31st of a shorter month as days of the next
    one (``2024-02-30`` is 1 March); Jekyll publishes the post on that day."""
    match = _DATE_TEXT.match(str(value)) if isinstance(value, str) else None
    if match is None:
        return None
    year, month, day = (int(match.group(i)) for i in (1, 2, 3))
    if not (1 <= month <= 12 and 29 <= day <= 31 and _MIN_YEAR < year < _MAX_YEAR):
        return None
    first = dt.date(year, month, 1) + dt.timedelta(days=day - 1)
    rest = match.group(0).strip()[match.end(3) - match.start(0) :]
    result = parse_date(f"{first:%Y-%m-%d}{rest}", tz)
    return None if isinstance(result, str) else result


def parse_date(
    value: Any, tz: dt.tzinfo | None, *, keep_offset: bool = False
) -> dt.datetime | str:
    """Read a Jekyll date (YAML date/datetime or text) as an aware datetime.

    Text and dates without an offset are in ``tz`` (the site's zone, else the
    machine's), and every date is shown in that zone, as Jekyll shows it. A YAML
    timestamp without an offset is UTC, as Ruby's YAML reads it
    (``date: 2023-12-10 09:05:00`` is 18:05 in Seoul; quoted, it is 09:05).

    :param keep_offset: show a text written with an offset in that offset (Liquid's
        ``date`` filter: ``Time.parse`` without ``localtime``)
    :return: the datetime, or an error text
    """
    if isinstance(value, dt.datetime):
        result = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    elif isinstance(value, dt.date):
        result = dt.datetime(value.year, value.month, value.day)
    else:
        match = _DATE_TEXT.match(str(value)) or _lenient_date(str(value))
        if match is None:
            return f"cannot read {value!r} as a date"
        year, month, day, hour, minute, second, fraction, offset = match.groups()
        try:
            result = dt.datetime(
                int(year),
                int(month),
                int(day),
                int(hour or 0),
                int(minute or 0),
                int(second or 0),
                int((fraction or "0")[:6].ljust(6, "0")),
                tzinfo=_offset(offset) if offset else None,
            )
        except ValueError as exc:
            return str(exc)
    # Jekyll shows every date in the site's zone, else in the machine's, whatever
    # offset it was written with: ``Time.parse(input).localtime`` (utils.rb)
    try:
        if result.tzinfo is None:
            result = _local(result, tz) if tz else result.astimezone()
        elif keep_offset and not isinstance(value, (dt.date, dt.datetime)):
            return result
        return result.astimezone(tz)
    except (OverflowError, ValueError):  # a zone pushed it past year 9999
        return f"{value!r} is out of range"


def _local(naive: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """A wall-clock time in ``tz`` as Ruby's ``Time.local`` reads it: a time the
    clocks skipped moves on by the gap (02:30 → 03:30), a time they show twice takes
    the later, standard offset."""
    first, second = naive.replace(tzinfo=tz), naive.replace(tzinfo=tz, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first
    shown = first.astimezone(dt.UTC).astimezone(tz)
    return second if shown.replace(tzinfo=None) == naive else shown


def _lenient_date(text: str) -> re.Match[str] | None:
    """Ruby's ``Time.parse`` reads a date, a time and an offset wherever they are."""
    canonical = iso_date_text(text)
    return None if canonical is None else _DATE_TEXT.match(canonical)


def titleize_slug(slug: str) -> str:
    """Jekyll's ``Utils.titleize_slug``: ``my-first-post`` → ``My First Post``."""
    return " ".join(word[:1].upper() + word[1:].lower() for word in slug.split("-"))


def _offset(text: str) -> dt.timezone:
    if text in ("Z", "z"):
        return dt.UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:-2] or 0), int(digits[-2:])
    if len(digits) <= 2:
        hours, minutes = int(digits), 0
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


def _text(value: Any) -> str:
    if value is None or isinstance(value, (Mapping, list)):
        return ""
    return str(value).strip()


def _word_list(value: Any) -> tuple[str, ...]:
    """Jekyll's tags: a string split on white space, or a list, flattened."""
    if isinstance(value, str):
        return tuple(value.split())
    return _flat_list(value)


def _tags(data: Mapping[str, Any]) -> tuple[str, ...]:
    """``tag:`` if given (its words kept together), else ``tags:``.

    Jekyll's ``Utils.pluralized_array_from_hash(data, "tag", "tags")``.
    """
    if _given(data.get("tag")):
        return _flat_list(data["tag"])
    return _word_list(data.get("tags"))


def _given(value: Any) -> bool:
    """Whether Ruby would take the value (``nil`` and ``false`` are not)."""
    return value is not None and value is not False


def _flat_list(value: Any) -> tuple[str, ...]:
    """A value, or the values of nested lists, as Ruby's ``Array#flatten`` gives."""
    if isinstance(value, (list, tuple)):
        return tuple(item for v in value for item in _flat_list(v))
    text = _to_s(value).strip()
    return (text,) if text else ()


def _to_s(value: Any) -> str:
    """Ruby's ``to_s`` of a YAML value: ``nil`` is empty, a list shows its items."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, Mapping)):
        return _inspect(value)
    return str(value)


def _inspect(value: Any) -> str:
    """Ruby's ``inspect`` of a YAML value: ``["a", 1, nil]``, ``{"k"=>true}``."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(map(_inspect, value)) + "]"
    if isinstance(value, Mapping):
        pairs = (f"{_inspect(k)}=>{_inspect(v)}" for k, v in value.items())
        return "{" + ", ".join(pairs) + "}"
    return _to_s(value) if value is not None else "nil"


def _string_list(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value if v is not None)
    return (str(value),)


def _author_list(value: Any) -> tuple[str, ...]:
    if isinstance(value, Mapping):
        value = value.get("name")
    if isinstance(value, (list, tuple)):
        return tuple(_text(v) for v in value if _text(v))
    return (_text(value),) if _text(value) else ()


def _merged_categories(defaults: Any, own: Any) -> list[Any] | None:
    """Jekyll's ``Document#merge_categories!``: a post's ``categories`` join those
    its ``defaults`` give (``defaults | own``); ``None`` where one is no list."""
    if isinstance(own, str):
        own = own.split()
    if not isinstance(defaults, list) or not isinstance(own, list):
        return None
    merged: list[Any] = []
    for category in (*defaults, *own):
        if category not in merged:  # items may be lists: no set
            merged.append(category)
    return merged


def _categories(site: Site, path: str, data: Mapping[str, Any]) -> tuple[str, ...]:
    """Folders above ``_posts/`` (below ``collections_dir``), then front matter."""
    parts = PurePosixPath(path).parts
    skip = len(site.collections_dir.parts) if str(site.collections_dir) != "." else 0
    folders: tuple[str, ...] = ()
    for marker in ("_posts", "_drafts"):
        if marker in parts:
            folders = tuple(p for p in parts[skip : parts.index(marker)] if p != ".")
            break
    # Document#populate_categories: each listed item's to_s (a nested list shows
    # as ``["a", "b"]``), then ``category`` (or the list again) flattened
    raw = data.get("categories")
    listed = raw.split() if isinstance(raw, str) else raw
    if not isinstance(listed, list):
        listed = [] if raw is None else [raw]
    declared = (
        *(_to_s(c).strip() for c in listed),
        *_flat_list(data["category"] if _given(data.get("category")) else listed),
    )
    seen: dict[str, None] = dict.fromkeys(folders)
    seen.update(dict.fromkeys(c for c in declared if c))
    return tuple(seen)


def _key_line(text: str, key: str) -> int | None:
    for number, line in enumerate(normalise_newlines(text).split("\n"), start=1):
        if line.startswith((f"{key}:", f"{key} :")):
            return number
    return None
