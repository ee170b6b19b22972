"""Find a site's posts, decide which Jekyll would build, and map them onto ABlog posts."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
import datetime as dt
import os
from pathlib import Path, PurePosixPath
from typing import Any

from .frontmatter import Post, read_post_file, split_front_matter
from .site import Site
from .warnings_ import Diagnostic, JekyllpostsWarning

__all__ = [
    "ABLOG_KEYS",
    "MARKDOWN_SUFFIXES",
    "PostFile",
    "SiteScan",
    "ablog_options",
    "scan_site",
]

#: Jekyll's default ``markdown_ext`` list.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkdown", ".mkdn", ".mkd")

#: How each ABlog ``post`` option is filled from Jekyll's front matter
#: (rendered in the docs' front-matter reference).
ABLOG_KEYS: Mapping[str, str] = {
    "date": "file name date, overridden by ``date:``; in the site's ``timezone``",
    "title": "``title:``, else the file name's slug, titleized as Jekyll does",
    "tags": "``tags:`` (a list, or a string split on spaces)",
    "category": "folders above ``_posts/``, then ``categories:`` and ``category:``",
    "author": "``author:`` (a string, a list, or a mapping with ``name``)",
    "language": "``lang:`` of the post",
    "nocomments": "``comments: false``",
}


_REPOSITORY_FILES = frozenset(
    {"README", "LICENSE", "CHANGELOG", "CONTRIBUTING", "CODE_OF_CONDUCT", "SECURITY"}
)
_PAGE_KEYS = ("layout", "permalink", "redirect_from", "sitemap", "published")


@dataclass(frozen=True, slots=True)
class PostFile:
    """A file in ``_posts/`` or ``_drafts/`` and what became of it."""

    path: str
    """Relative to the site root, with ``/``."""
    post: Post | None
    """``None`` when Jekyll would not treat the file as a post."""
    skipped: str | None = None
    """Why the post is not built (unpublished, future, draft), if it is not."""
    diagnostics: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True, slots=True)
class SiteScan:
    """Every post file of a site, and the files that are not posts."""

    files: tuple[PostFile, ...]
    pages: tuple[str, ...]
    """Markdown files outside ``_posts/`` that are Jekyll pages or repository files."""
    other_sources: tuple[str, ...]
    """Markdown files outside ``_posts/`` without Jekyll front matter."""
    ignored_dirs: tuple[str, ...] = ()
    """Folders Jekyll does not read as pages: ``_layouts``, collections, dot folders."""

    @property
    def posts(self) -> list[Post]:
        """The posts that are built, newest first (Jekyll's ``site.posts`` order)."""
        built = [f.post for f in self.files if f.post is not None and not f.skipped]
        return sorted(built, key=lambda p: (p.date, p.path), reverse=True)


def scan_site(
    site: Site,
    *,
    drafts: bool,
    future: bool,
    unpublished: bool,
    now: dt.datetime | None = None,
) -> SiteScan:
    """Read every post file of ``site`` and decide what Jekyll would build."""
    now = now or dt.datetime.now(dt.UTC)
    files: list[PostFile] = []
    pages: list[str] = []
    others: list[str] = []
    ignored: list[str] = []
    for path, kind in _walk(site, ignored):
        if kind != "other":
            files.append(
                _read(site, path, kind == "_drafts", drafts, future, unpublished, now)
            )
        elif _is_jekyll_page(site, path):
            pages.append(path)
        else:
            others.append(path)
    return SiteScan(tuple(files), tuple(pages), tuple(others), tuple(ignored))


def _is_jekyll_page(site: Site, path: str) -> bool:
    """Whether Jekyll renders ``path`` as a page (or it is the repository's README)."""
    stem = PurePosixPath(path).stem
    if "/" not in path and (stem.upper() in _REPOSITORY_FILES or stem.isupper()):
        return True  # README.md, LICENSE.md, …: the repository's, not the blog's
    try:
        with (site.root / path).open(encoding="utf-8-sig", errors="replace") as f:
            head = f.read(4096)
    except OSError:
        return False
    data = split_front_matter(head).data
    return any(key in data for key in _PAGE_KEYS)


def _read(
    site: Site,
    path: str,
    draft: bool,
    drafts: bool,
    future: bool,
    unpublished: bool,
    now: dt.datetime,
) -> PostFile:
    try:
        raw = (site.root / path).read_bytes()
        mtime = (site.root / path).stat().st_mtime
    except OSError as exc:
        message = f"cannot read post file ({exc.strerror}); skipped"
        diagnostic = Diagnostic(JekyllpostsWarning.FRONTMATTER, message)
        return PostFile(path, None, "unreadable", (diagnostic,))
    text, diagnostics = _decode(raw)
    modified = dt.datetime.fromtimestamp(mtime, dt.UTC)
    post, found = read_post_file(site, path, text, draft=draft, modified=modified)
    diagnostics.extend(found)
    if post is None:
        return PostFile(path, None, "not a post", tuple(diagnostics))
    skipped = None
    if draft and not drafts:
        skipped = "draft"
    elif not post.published and not unpublished:
        skipped = "unpublished"
    elif post.date > now and not future:
        skipped = "future"
    return PostFile(path, post, skipped, tuple(diagnostics))


def _decode(raw: bytes) -> tuple[str, list[Diagnostic]]:
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        message = "the file is not valid UTF-8; undecodable bytes replaced"
        diagnostic = Diagnostic(JekyllpostsWarning.FRONTMATTER, message, line)
        return raw.decode("utf-8-sig", errors="replace"), [diagnostic]


def _walk(site: Site, ignored: list[str]) -> Iterator[tuple[str, str]]:
    """Yield ``(path, kind)``: kind ``_posts``, ``_drafts`` or ``other`` (a page).

    Folders that are skipped are added to ``ignored``.
    """
    collections = site.root / site.collections_dir
    for dirpath, dirnames, filenames in os.walk(site.root):
        here = Path(dirpath)
        rel = PurePosixPath(here.relative_to(site.root).as_posix())
        in_collections = here == collections or collections in here.parents
        kind = _folder_kind(rel)
        keep = sorted(d for d in dirnames if _is_read(d))
        ignored.extend((rel / d).as_posix() for d in sorted(set(dirnames) - set(keep)))
        dirnames[:] = keep
        for name in sorted(filenames):
            if not name.endswith(MARKDOWN_SUFFIXES):
                continue
            path = (rel / name).as_posix()
            if kind and in_collections and name.endswith(MARKDOWN_SUFFIXES):
                yield path, kind
            elif not kind:
                yield path, "other"


def _is_read(folder: str) -> bool:
    if folder in ("_posts", "_drafts"):
        return True
    return not folder.startswith(("_", ".")) and folder not in ("node_modules", "vendor")


def _folder_kind(rel: PurePosixPath) -> str:
    for part in reversed(rel.parts):
        if part in ("_posts", "_drafts"):
            return part
    return ""


def ablog_options(post: Post, site: Site) -> dict[str, Any]:
    """The options of ABlog's ``post`` directive for ``post``.

    ``date`` is naive, in the site's time zone: ABlog compares post dates with naive
    datetimes.
    """
    local = post.date.astimezone(site.timezone) if site.timezone else post.date
    options: dict[str, Any] = {
        "date": local.replace(tzinfo=None).isoformat(),
        "title": post.title,
        "tags": list(post.tags),
        "category": list(post.categories),
        "author": list(post.authors or _site_author(site)),
        "location": [],
        "language": [str(post.data["lang"])] if post.data.get("lang") else [],
        "redirect": [],
        "excerpt": 1,
        "image": None,
        "nocomments": post.data.get("comments") is False,
    }
    return options


def _site_author(site: Site) -> tuple[str, ...]:
    author = site.config.get("author")
    if isinstance(author, Mapping):
        author = author.get("name")
    return (str(author),) if isinstance(author, str) and author.strip() else ()
