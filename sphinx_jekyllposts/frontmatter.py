"""Read a Jekyll post: split and parse its front matter, apply defaults, date and slug."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
import datetime as dt
from pathlib import PurePosixPath
import re
from typing import Any

import yaml

from .site import Site, load_yaml
from .warnings_ import Diagnostic, JekyllpostsWarning

__all__ = ["FrontMatter", "Post", "read_post", "read_post_file", "split_front_matter"]

# Jekyll's Document::YAML_FRONT_MATTER_REGEXP, applied after BOM and CRLF are dealt with.
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)??(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
# Jekyll's Document::DATE_FILENAME_MATCHER: one- or two-digit months and days occur.
_DATE_PART = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
_TIME_PART = re.compile(r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?")
_OFFSET_PART = re.compile(r"(?:^|\s)(Z|[+-]\d{2}:?\d{2})\b")
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

    @property
    def id_path(self) -> str:
        """The path without extension, used as a Sphinx docname below the site."""
        return str(PurePosixPath(self.path).with_suffix(""))


def normalise_newlines(text: str) -> str:
    """Drop a BOM and turn CRLF/CR line ends into LF (Jekyll reads both)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str) -> FrontMatter:
    """Split the YAML front matter from the body and parse it safely.

    Bad YAML is reported at its line; the body is kept, as Jekyll does.
    """
    text = normalise_newlines(text)
    match = _FRONT_MATTER.match(text)
    if match is None:
        return FrontMatter({}, False, text, 1)
    yaml_text = match.group(1) or ""
    body = text[match.end() :]
    body_line = text.count("\n", 0, match.end()) + 1
    if not match.group(0).endswith("\n"):
        body_line = text.count("\n", 0, match.end()) + 2
    diagnostics: list[Diagnostic] = []
    try:
        data = load_yaml(yaml_text)
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        mark = getattr(exc, "problem_mark", None)
        if "end of stream" in problem:  # an unclosed quote or bracket: where it opened
            mark = getattr(exc, "context_mark", None) or mark
        line = mark.line + 2 if mark is not None else 1
        diagnostics.append(
            Diagnostic(
                JekyllpostsWarning.FRONTMATTER,
                f"invalid YAML front matter ({problem}); values ignored",
                line,
            )
        )
        data = {}
    except RecursionError:
        diagnostics.append(
            Diagnostic(JekyllpostsWarning.FRONTMATTER, "front matter nests too deeply", 1)
        )
        data = {}
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        diagnostics.append(
            Diagnostic(
                JekyllpostsWarning.FRONTMATTER,
                f"front matter is a {type(data).__name__}, not a mapping; ignored",
                2,
            )
        )
        data = {}
    data = {str(k): v for k, v in data.items()}
    return FrontMatter(data, True, body, body_line, tuple(diagnostics))


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

    :return: the post, or ``None`` when Jekyll would not build it (no date in the
        name, or an invalid one), and the problems found
    """
    name = PurePosixPath(path).name
    match = (_DRAFT_NAME if draft else _POST_NAME).match(name)
    if match is None:
        return None, []
    fm = split_front_matter(text)
    diagnostics = list(fm.diagnostics)
    data = site.defaults_for(path, "drafts" if draft else "posts")
    data.update(fm.data)
    slug = match.group(1) if draft else match.group(2)
    tz = site.timezone
    if draft:
        date = (modified or dt.datetime.now(dt.UTC)).astimezone(tz).replace(microsecond=0)
    else:
        date_or_error = parse_date(match.group(1), tz)
        if isinstance(date_or_error, str):
            diagnostics.append(
                Diagnostic(
                    JekyllpostsWarning.DATE,
                    f"invalid date {match.group(1)!r} in the file name; post skipped",
                    1,
                )
            )
            return None, diagnostics
        date = date_or_error
    fm_date = data.get("date")
    if fm_date is not None:
        parsed = parse_date(fm_date, tz)
        if isinstance(parsed, str):
            diagnostics.append(
                Diagnostic(
                    JekyllpostsWarning.DATE,
                    f"invalid date {fm_date!r} in the front matter; "
                    "using the file name's date",
                    _key_line(text, "date"),
                )
            )
        else:
            date = parsed
    if "slug" in data and data["slug"] not in (None, ""):
        slug = str(data["slug"])
    title = _text(data.get("title"))
    post = Post(
        path=path,
        slug=slug,
        date=date,
        title=title if title else titleize_slug(slug),
        body=fm.body,
        body_line=fm.body_line,
        front_matter_lines=fm.body_line - 1,
        data=data,
        subtitle=_text(data.get("subtitle")) or None,
        tags=_word_list(data.get("tags")),
        categories=_categories(site, path, data),
        authors=_author_list(data.get("author", data.get("authors"))),
        published=data.get("published", True) is not False,
        draft=draft,
        excerpt=_text(data.get("excerpt")) or None,
        permalink=_text(data.get("permalink")) or None,
        redirect_from=_string_list(data.get("redirect_from")),
    )
    return post, diagnostics


def parse_date(value: Any, tz: dt.tzinfo | None) -> dt.datetime | str:
    """Read a Jekyll date (YAML date/datetime or text) as an aware datetime.

    Naive values are in ``tz`` (the site's zone, else the machine's), as in Jekyll.

    :return: the datetime, or an error text
    """
    if isinstance(value, dt.datetime):
        result = value
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
    if result.tzinfo is None:
        return result.replace(tzinfo=tz) if tz else result.astimezone()
    return result


def _lenient_date(text: str) -> re.Match[str] | None:
    """Ruby's ``Time.parse`` reads a date, a time and an offset wherever they are."""
    date = _DATE_PART.search(text)
    if date is None:
        return None
    time = _TIME_PART.search(text, date.end())
    offset = _OFFSET_PART.search(text, time.end() if time else date.end())
    canonical = date.group(0)
    if time:
        canonical += " " + time.group(0)
    if offset:
        canonical += " " + offset.group(1)
    return _DATE_TEXT.match(canonical)


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
    """Jekyll's tags/categories: a list, or a string split on white space."""
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(value.split())
    if isinstance(value, (list, tuple)):
        return tuple(str(v).strip() for v in value if v is not None and str(v).strip())
    return (str(value),)


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


def _categories(site: Site, path: str, data: Mapping[str, Any]) -> tuple[str, ...]:
    """Folders above ``_posts/`` (below ``collections_dir``), then front matter."""
    parts = PurePosixPath(path).parts
    skip = len(site.collections_dir.parts) if str(site.collections_dir) != "." else 0
    folders: tuple[str, ...] = ()
    for marker in ("_posts", "_drafts"):
        if marker in parts:
            folders = tuple(p for p in parts[skip : parts.index(marker)] if p != ".")
            break
    declared = _word_list(data.get("categories"))
    if "category" in data and data["category"] is not None:
        declared = (*declared, str(data["category"]).strip())
    seen: dict[str, None] = dict.fromkeys(folders)
    seen.update(dict.fromkeys(c for c in declared if c))
    return tuple(seen)


def _key_line(text: str, key: str) -> int | None:
    for number, line in enumerate(normalise_newlines(text).split("\n"), start=1):
        if line.startswith(f"{key}:") or line.startswith(f"{key} :"):
            return number
    return None
