"""Find a site's posts, decide which Jekyll would build, and map them onto ABlog posts."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
import datetime as dt
import functools
import os
from pathlib import Path, PurePosixPath
import posixpath
from stat import S_ISLNK
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from .frontmatter import Post, normalise_newlines, read_post_file, split_front_matter
from .urls import jekyll_url, sanitize_url
from .warnings_ import Diagnostic, JekyllpostsWarning

if TYPE_CHECKING:
    from .site import Site

__all__ = [
    "ABLOG_KEYS",
    "HTML_SUFFIXES",
    "MARKDOWN_SUFFIXES",
    "MAX_POST_BYTES",
    "POST_SUFFIXES",
    "KnownFiles",
    "PostFile",
    "SiteScan",
    "UrlPlan",
    "ablog_options",
    "decode_post",
    "plan_urls",
    "scan_site",
    "unsafe_url_path",
    "url_files",
]

#: Post files larger than this are reported and skipped: Jekyll builds them, but a
#: post this size is a mistake (a pasted log, an inlined image), and the reading,
#: Liquid, Markdown and search-index stages of a build all grow with it.
MAX_POST_BYTES = 2_000_000

#: Jekyll's default ``markdown_ext`` list.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkdown", ".mkdn", ".mkd")
#: Posts may also be HTML (old blogs, ``jekyll-import``): Liquid, but no Markdown.
HTML_SUFFIXES = (".html", ".htm")
POST_SUFFIXES = MARKDOWN_SUFFIXES + HTML_SUFFIXES

#: How each ABlog ``post`` option is filled from Jekyll's front matter
#: (rendered in the docs' front-matter reference).
ABLOG_KEYS: Mapping[str, str] = {
    "date": "file name date, overridden by ``date:``; in the site's ``timezone``",
    "title": "``title:``, else the file name's slug, titleized as Jekyll does",
    "tags": "``tag:`` if given, else ``tags:`` (a list, or a string split on spaces)",
    "category": (
        "folders above ``_posts/``, then the ``defaults``' ``categories:``, then the "
        "post's ``categories:`` and ``category:``"
    ),
    "excerpt": (
        "``excerpt:``, else the text before ``excerpt_separator`` (``<!--more-->``), "
        "else the post's first block, as Jekyll's default excerpt"
    ),
    "author": "``author:`` (a string, a list, or a mapping with ``name``)",
    "language": "``lang:`` of the post",
    "nocomments": "``comments: false``",
}


_REPOSITORY_FILES = frozenset(
    {"README", "LICENSE", "CHANGELOG", "CONTRIBUTING", "CODE_OF_CONDUCT", "SECURITY"}
)
_PAGE_KEYS = ("layout", "permalink", "redirect_from", "sitemap", "published")
#: front-matter keys of Sphinx, MyST, ABlog and Jupytext: such a file is written for Sphinx
_SPHINX_KEYS = frozenset({
    "blogpost", "myst", "html_meta", "orphan", "nocomments", "nosearch", "tocdepth",
    "jupytext", "kernelspec", "file_format", "sd_hide_title",
})  # fmt: skip


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
    undecodable: bytes | None = None
    """The file's bytes when they are not valid UTF-8 (Sphinx must still open it)."""


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
    urls: UrlPlan | None = None
    """The old URLs of the posts that are built (:func:`plan_urls`)."""
    read_key: str = ""
    """A digest of what the scan read: the configuration it read with, and each post
    file's path, size, time and inode (the build's scan sets it; empty: unknown)."""

    @property
    def posts(self) -> list[Post]:
        """The posts that are built, newest first (Jekyll's ``site.posts`` order)."""
        built = [f.post for f in self.files if f.post is not None and not f.skipped]
        return sorted(built, key=lambda p: (p.date, p.path), reverse=True)


#: What the post files of an earlier scan became, by path, draft or not, size,
#: modification time and inode (see :func:`scan_site`).
KnownFiles = dict[tuple[str, bool, int, int, int], "PostFile"]


def scan_site(
    site: Site,
    *,
    drafts: bool,
    future: bool,
    unpublished: bool,
    now: dt.datetime | None = None,
    known: KnownFiles | None = None,
    earlier_urls: UrlPlan | None = None,
) -> SiteScan:
    """Read every post file of ``site`` and decide what Jekyll would build.

    :param known: post files an earlier scan of the same site (same configuration)
        read; a file whose size, time and inode are unchanged is not read again.
        Updated in place to hold the files of this scan.
    :param earlier_urls: that scan's URL plan, kept when it was made for the same
        posts.
    """
    now = now or dt.datetime.now(dt.UTC)
    files: list[PostFile] = []
    pages: list[str] = []
    others: list[str] = []
    ignored: list[str] = []
    seen: KnownFiles = {}
    folders: dict[Path, Path] = {}
    for path, kind in _walk(site, ignored):
        if kind != "other":
            draft = kind == "_drafts"
            read = _read(site, path, draft, known or {}, seen, folders)
            files.append(_decide(read, draft, drafts, future, unpublished, now))
        elif _is_jekyll_page(site, path):
            pages.append(path)
        else:
            others.append(path)
    if known is not None:
        known.clear()
        known.update(seen)
    files = _one_file_per_document(files)
    built = [f.post for f in files if f.post is not None and not f.skipped]
    if earlier_urls is not None and earlier_urls.posts == tuple(built):
        urls = earlier_urls
    else:
        urls = plan_urls(site, built)
    files = [
        replace(f, diagnostics=(*f.diagnostics, *urls.diagnostics[f.path]))
        if f.path in urls.diagnostics
        else f
        for f in files
    ]
    return SiteScan(tuple(files), tuple(pages), tuple(others), tuple(ignored), urls)


def _one_file_per_document(files: list[PostFile]) -> list[PostFile]:
    """Skip a post whose path differs from another's only by its extension: both
    would be one Sphinx document (and Jekyll writes both to one URL)."""
    first: dict[str, str] = {}
    result: list[PostFile] = []
    for file in files:
        if file.post is None or file.skipped:
            result.append(file)
            continue
        other = first.setdefault(file.post.id_path, file.path)
        if other == file.path:
            result.append(file)
            continue
        message = (
            f"same document name as {other!r} (only the extension differs); skipped"
        )
        diagnostic = Diagnostic(JekyllpostsWarning.URL, message, 1)
        result.append(
            replace(
                file, skipped="duplicate", diagnostics=(*file.diagnostics, diagnostic)
            )
        )
    return result


@dataclass(frozen=True, slots=True)
class UrlPlan:
    """The files that answer the old URLs of posts, and the URLs that cannot."""

    files: Mapping[str, Post]
    """Output path (relative, with ``/``) → the post it redirects to."""
    diagnostics: Mapping[str, tuple[Diagnostic, ...]]
    """Post path → problems with its permalink and ``redirect_from`` URLs."""
    permalinks: Mapping[str, str]
    """Post path → the URL Jekyll served the post at."""
    posts: tuple[Post, ...] = ()
    """The posts planned for, in the order given."""


def plan_urls(site: Site, posts: list[Post]) -> UrlPlan:
    """Every old URL of every post as a file to write; unsafe and clashing ones are
    reported.

    Jekyll writes the redirect pages first and the posts after them, oldest first:
    a URL two posts claim shows the newer one, and a post's own URL wins over any
    ``redirect_from``.
    """
    claimed: dict[str, Post] = {}
    problems: dict[str, list[Diagnostic]] = {}
    permalinks = {post.path: jekyll_url(post, site) for post in posts}
    newest_first = sorted(posts, key=lambda p: (p.date, p.id_path), reverse=True)

    def claim(post: Post, key: str, url: str) -> None:
        for path in url_files(url):
            owner = claimed.get(path)
            if owner is post:
                continue  # the post's own URLs name one file twice
            problem = unsafe_url_path(path)
            if problem is None and owner is not None:
                problem = f"URL {url!r} is also claimed by {owner.path!r}"
            if problem:
                message = f"{problem}; no redirect written"
                line = post.key_lines.get(key, 1)
                diagnostic = Diagnostic(JekyllpostsWarning.URL, message, line)
                found = problems.setdefault(post.path, [])
                if diagnostic not in found:
                    found.append(diagnostic)
                return
            claimed[path] = post

    for post in newest_first:
        claim(post, "permalink", permalinks[post.path])
    for post in newest_first:
        for url in post.redirect_from:
            claim(post, "redirect_from", sanitize_url(unquote(url)))
    diagnostics = {k: tuple(v) for k, v in problems.items()}
    return UrlPlan(claimed, diagnostics, permalinks, tuple(posts))


def url_files(url: str) -> list[str]:
    """The files a static server answers ``url`` from (Jekyll's destinations)."""
    rel = url.partition("#")[0].partition("?")[0].lstrip("/")
    if not rel or rel.endswith("/"):
        return [rel + "index.html"]
    if posixpath.splitext(rel)[1]:
        return [rel]
    return [rel + ".html", rel + "/index.html"]


def unsafe_url_path(path: str) -> str | None:
    """Why the output file ``path`` (relative, with ``/``) must not be written."""
    parts = path.split("/")
    if any(p in ("..", ".") for p in parts) or "\\" in path or "\0" in path:
        return f"URL path {path!r} leaves the site"
    if any(ord(c) < 32 or ord(c) == 127 for c in path):
        return f"URL path {path!r} has control characters"
    if ":" in parts[0] or any(len(p.encode("utf-8", "replace")) > 255 for p in parts):
        return f"URL path {path!r} is not a file name"
    if path in {"index.html", "genindex.html", "search.html"}:
        return f"URL path {path!r} is one of Sphinx's own pages"
    return None


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
    front = split_front_matter(head)
    if not front.present:
        return False
    if declares_jekyll_page(front.data):
        return True
    # Jekyll renders every file with front matter, even an empty one
    return not any(k in _SPHINX_KEYS or k.startswith("html_theme.") for k in front.data)


def declares_jekyll_page(data: Mapping[str, Any]) -> bool:
    """Whether front matter names a page's layout or URL (``layout:``, ``permalink:``…)."""
    return any(key in data for key in _PAGE_KEYS)


def _read(  # noqa: PLR0917 - one call site
    site: Site,
    path: str,
    draft: bool,
    known: KnownFiles,
    seen: KnownFiles,
    folders: dict[Path, Path],
) -> PostFile:
    """What the file is, read from disk unless ``known`` has it unchanged."""
    located = _locate(site, path, folders)
    if isinstance(located, str):
        diagnostic = Diagnostic(JekyllpostsWarning.SOURCE, located, 1)
        return PostFile(path, None, "unreadable", (diagnostic,))
    real, stat = located
    key = (path, draft, stat.st_size, stat.st_mtime_ns, stat.st_ino)
    found = known.get(key)
    if found is None:
        found = _parse(site, path, draft, real, stat.st_mtime)
    if found.skipped != "unreadable":
        seen[key] = found
    return found


def _parse(site: Site, path: str, draft: bool, real: Path, mtime: float) -> PostFile:
    try:
        raw = real.read_bytes()
    except OSError as exc:
        problem = (
            f"cannot read the file ({exc.strerror or type(exc).__name__}); skipped"
        )
        diagnostic = Diagnostic(JekyllpostsWarning.SOURCE, problem, 1)
        return PostFile(path, None, "unreadable", (diagnostic,))
    text, diagnostics = decode_post(raw)
    undecodable = raw if diagnostics else None
    modified = dt.datetime.fromtimestamp(mtime, dt.UTC)
    post, found = read_post_file(site, path, text, draft=draft, modified=modified)
    diagnostics.extend(found)
    if post is None:
        return PostFile(path, None, "not a post", tuple(diagnostics))
    return PostFile(path, post, None, tuple(diagnostics), undecodable)


def _decide(  # noqa: PLR0917 - one call site
    file: PostFile,
    draft: bool,
    drafts: bool,
    future: bool,
    unpublished: bool,
    now: dt.datetime,
) -> PostFile:
    """Whether Jekyll builds the post of ``file``, or why not."""
    post = file.post
    if post is None:
        return file
    skipped = None
    if draft and not drafts:
        skipped = "draft"
    elif not post.published and not unpublished:
        skipped = "unpublished"
    elif post.date > now and not future:
        skipped = "future"
    return replace(file, skipped=skipped) if skipped else file


def _locate(
    site: Site, path: str, folders: dict[Path, Path]
) -> tuple[Path, os.stat_result] | str:
    """The real path and status of a post file inside the site, or why not.

    ``folders`` holds the real paths of the folders this scan has seen.
    """
    try:
        own = os.lstat(site.root / path)
        if S_ISLNK(own.st_mode):
            real = Path(os.path.realpath(site.root / path, strict=True))
            stat = real.stat()
        else:  # not a link itself: only its folders may be
            folder = (site.root / path).parent
            if folder not in folders:
                folders[folder] = folder.resolve(strict=True)
            real, stat = folders[folder] / path.rpartition("/")[2], own
        if not real.is_relative_to(_real(site.root)):
            return "the file links outside the site; skipped"
    except (OSError, RuntimeError) as exc:
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        return f"cannot read the file ({reason}); skipped"
    if stat.st_size > MAX_POST_BYTES:
        size = f"{stat.st_size / 1e6:.1f} MB"
        limit = f"{MAX_POST_BYTES / 1e6:g} MB"
        return f"the file is {size}, over the {limit} limit; skipped"
    return real, stat


@functools.lru_cache(maxsize=16)
def _real(folder: Path) -> Path:
    """``folder`` with symbolic links resolved (once per site, not once per post)."""
    return folder.resolve(strict=True)


def decode_post(raw: bytes) -> tuple[str, list[Diagnostic]]:
    """The text of a post file: UTF-8 (a BOM is dropped), undecodable bytes replaced.

    :return: the text and, if bytes were replaced, a diagnostic at the first one
    """
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8-sig", errors="replace")
        line = normalise_newlines(before).count("\n") + 1
        message = "the file is not valid UTF-8; undecodable bytes replaced with U+FFFD"
        diagnostic = Diagnostic(JekyllpostsWarning.SOURCE, message, line)
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
        keep = sorted(d for d in dirnames if _is_read(d) and _inside(site, here / d))
        ignored.extend((rel / d).as_posix() for d in sorted(set(dirnames) - set(keep)))
        dirnames[:] = keep
        for name in sorted(filenames):
            path = (rel / name).as_posix()
            if kind and in_collections and name.endswith(POST_SUFFIXES):
                yield path, kind
            elif not kind and name.endswith(MARKDOWN_SUFFIXES):
                yield path, "other"


def _inside(site: Site, folder: Path) -> bool:
    """Whether ``folder`` (maybe a symlink) stays inside the site; Sphinx follows
    symlinks, so one that leads out is excluded from the build too."""
    try:
        return folder.resolve().is_relative_to(site.root.resolve())
    except (OSError, RuntimeError):
        return False


def _is_read(folder: str) -> bool:
    if folder in ("_posts", "_drafts"):
        return True
    return not folder.startswith(("_", ".")) and folder not in (
        "node_modules",
        "vendor",
    )


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
