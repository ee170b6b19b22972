"""What a Sphinx output folder answers: Jekyll URLs, post pages and the feed."""

from __future__ import annotations

import dataclasses as dc
import datetime as dt
from pathlib import Path, PurePosixPath
import re
from urllib.parse import unquote, urljoin, urlsplit
import xml.etree.ElementTree as ET

__all__ = ["FeedEntry", "feed_entries", "page_of", "url_answers"]

_REFRESH = re.compile(
    r"""<meta[^>]+http-equiv=["']?refresh["']?[^>]*content=["'][^"']*?url=([^"'>]+)""",
    re.IGNORECASE,
)
_ATOM = "{http://www.w3.org/2005/Atom}"
_SUFFIX = re.compile(r"\.(md|markdown|mkd|mkdn|mdown|html?)$")


def page_of(outdir: Path, source_path: str) -> Path | None:
    """The page Sphinx wrote for a post (docnames are source paths), html or dirhtml."""
    stem = _SUFFIX.sub("", source_path)
    for candidate in (outdir / f"{stem}.html", outdir / stem / "index.html"):
        if candidate.is_file():
            return candidate
    return None


def url_answers(outdir: Path, url: str) -> bool:
    """Whether the Jekyll ``url`` serves a page in ``outdir``.

    It does when a file sits at that path (``/a/`` means ``/a/index.html``, and a
    static server also tries ``/a`` as ``/a/index.html`` or ``/a.html``) and it is
    either a page, or a redirect page whose target is served in turn.
    """
    path = unquote(urlsplit(url).path).lstrip("/")
    for candidate in _files_for(outdir, path):
        if candidate.is_file():
            return _redirect_ok(outdir, candidate)
    return False


def _files_for(outdir: Path, path: str) -> list[Path]:
    if not path or path.endswith("/"):
        return [outdir / path / "index.html"]
    return [outdir / path, outdir / path / "index.html", outdir / f"{path}.html"]


def _redirect_ok(outdir: Path, page: Path) -> bool:
    head = page.read_text(encoding="utf-8", errors="replace")[:4096]
    found = _REFRESH.search(head)
    if found is None:
        return True
    here = "/" + page.relative_to(outdir).as_posix()
    target = urljoin(here, found.group(1).strip())
    if urlsplit(target).scheme:
        return False  # a redirect off-site does not keep the post alive
    path = unquote(urlsplit(target).path).lstrip("/")
    return any(c.is_file() for c in _files_for(outdir, path))


@dc.dataclass(frozen=True)
class FeedEntry:
    """One post of the feed."""

    title: str
    date: str  #: ISO 8601, with offset
    terms: frozenset[str]
    link: str  #: path of the page in the output folder, unquoted
    summary: str


def feed_entries(outdir: Path, path: str = "feed.xml") -> list[FeedEntry] | None:
    """Entries of the Atom feed at ``path`` in ``outdir``; ``None`` if there is none."""
    feed = outdir / path
    if not feed.is_file():
        return None
    try:
        root = ET.parse(feed).getroot()  # our own build output
    except ET.ParseError:
        return []
    base = PurePosixPath("/", path).parent.as_posix()
    return [_entry(element, base) for element in root.iter(f"{_ATOM}entry")]


def _entry(element: ET.Element, base: str) -> FeedEntry:
    def text(name: str) -> str:
        return (element.findtext(f"{_ATOM}{name}") or "").strip()

    link = element.find(f"{_ATOM}link")
    href = link.get("href", "") if link is not None else ""
    target = unquote(urlsplit(urljoin(base.rstrip("/") + "/", href)).path).lstrip("/")
    terms = frozenset(
        c.get("term", "").strip() for c in element.iter(f"{_ATOM}category")
    )
    return FeedEntry(
        title=text("title"), date=text("published") or text("updated"),
        terms=terms, link=target, summary=text("summary"),
    )  # fmt: skip


def same_minute(left: str, right: str) -> bool:
    """Two ISO 8601 dates name the same minute with the same UTC offset."""
    try:
        a = dt.datetime.fromisoformat(left)
        b = dt.datetime.fromisoformat(right)
    except ValueError:
        return left == right
    same_offset = a.utcoffset() == b.utcoffset()
    return same_offset and a.replace(second=0, microsecond=0) == b.replace(
        second=0, microsecond=0
    )
