"""The Jekyll site around the posts: ``_config.yml``, ``defaults`` scopes, time zone, data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
import datetime as dt
import os
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
import zoneinfo

import yaml

from .warnings_ import Diagnostic, JekyllpostsWarning

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "JEKYLL_DEFAULTS",
    "Site",
    "has_front_matter",
    "known_zone",
    "load_site",
    "load_yaml",
    "page_files",
    "static_files",
    "yaml_error_line",
]

try:  # the C loader is much faster; both are safe loaders
    _Loader: type[yaml.CSafeLoader | yaml.SafeLoader] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

#: Jekyll's own configuration defaults that change how posts are read.
#: https://jekyllrb.com/docs/configuration/default/
JEKYLL_DEFAULTS: Mapping[str, Any] = {
    "permalink": "date",
    "timezone": None,
    "future": False,
    "show_drafts": None,
    "unpublished": False,
    "excerpt_separator": "\n\n",
    "collections_dir": "",
    "baseurl": "",
    "url": "",
    "lang": "en",
    "markdown": "kramdown",
    "liquid": {
        "error_mode": "warn",
        "strict_filters": False,
        "strict_variables": False,
    },
    "kramdown": {
        "auto_ids": True,
        "auto_id_prefix": "",
        "auto_id_stripping": False,
        "guess_lang": True,
        "input": "GFM",
        "hard_wrap": False,
        "math_engine": "mathjax",
        "smart_quotes": "lsquo,rsquo,ldquo,rdquo",
    },
    "defaults": [],
    "exclude": [],
    "include": [],
}


#: Refuse YAML larger than this (characters): front matter and ``_config.yml`` are small.
MAX_YAML_CHARS = 1_000_000
#: Refuse YAML whose aliases expand to more values than this (a "billion laughs").
MAX_YAML_NODES = 100_000


def _lenient(
    construct: Any,
) -> Any:
    """A constructor that keeps the text of a value Python cannot hold."""

    def constructor(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, TypeError, AttributeError, OverflowError):
            return loader.construct_scalar(node)  # type: ignore[arg-type]

    return constructor


class _LenientLoader(_Loader):  # type: ignore[valid-type,misc]
    """A safe loader whose timestamps and integers fall back to text."""


# ``2024-02-30`` matches YAML's timestamp pattern and a 5000-digit number the integer
# one: both stay text (reported later, e.g. as a date), not errors that lose the block.
for _tag, _construct in (
    ("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_timestamp),
    ("tag:yaml.org,2002:int", yaml.SafeLoader.construct_yaml_int),
):
    _LenientLoader.add_constructor(_tag, _lenient(_construct))


class _BoundedLoader(_LenientLoader):
    """A safe loader that refuses alias bombs before constructing anything.

    PyYAML shares aliased nodes, so a "billion laughs" document loads quickly; the
    danger comes later, when anything walks the values. The composed node graph is
    measured as if aliases were copied (each node once, with memoisation), and
    recursive aliases are refused too.
    """

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        _check_expansion(node)
        return self.construct_document(node)


def _check_expansion(root: yaml.Node) -> None:
    """Raise when ``root`` expands to more than :data:`MAX_YAML_NODES` values."""
    sizes: dict[int, int] = {}
    open_: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        children = _children(node)
        if done:
            open_.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes[id(c)] for c in children)
            if sizes[id(node)] > MAX_YAML_NODES:
                msg = f"aliases expand to more than {MAX_YAML_NODES} values"
                raise yaml.MarkedYAMLError(problem=msg, problem_mark=node.start_mark)
            continue
        if id(node) in sizes:
            continue
        if id(node) in open_:
            msg = "an alias refers to the value that contains it"
            raise yaml.MarkedYAMLError(problem=msg, problem_mark=node.start_mark)
        open_.add(id(node))
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def load_yaml(text: str) -> Any:
    """Parse YAML with a safe loader (no Python objects are ever built).

    Bounded: text over :data:`MAX_YAML_CHARS` and aliases that expand to over
    :data:`MAX_YAML_NODES` values are refused. A value Python cannot hold (an
    impossible date, an integer of thousands of digits) makes the text invalid.

    :raises yaml.YAMLError: when the text is not valid YAML or is refused
    """
    if len(text) > MAX_YAML_CHARS:
        msg = f"more than {MAX_YAML_CHARS} characters"
        raise yaml.MarkedYAMLError(problem=msg)
    try:
        # Without an alias (``*``) a text cannot expand beyond its own length.
        bounded = "*" in text or len(text) > MAX_YAML_NODES
        return yaml.load(text, Loader=_BoundedLoader if bounded else _LenientLoader)
    except yaml.YAMLError:
        raise
    except (
        ValueError,
        TypeError,
        AttributeError,
        OverflowError,
        RecursionError,
    ) as exc:
        # PyYAML's constructors raise these for values that match a YAML type's
        # pattern but not Python's ranges: ``2024-02-30``, 5000-digit integers.
        problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise yaml.MarkedYAMLError(problem=f"unreadable value: {problem}") from exc


def known_zone(name: str) -> dt.tzinfo | None:
    """The IANA zone ``name``, or ``None`` where there is no such zone file."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None  # unknown, a path, a folder of zones, not a zone file


@dataclass(frozen=True, slots=True)
class Site:
    """A Jekyll site directory and its configuration.

    :param root: the directory that holds ``_config.yml`` and ``_posts/``
    :param config: ``_config.yml`` merged over Jekyll's defaults
    """

    root: Path
    config: Mapping[str, Any] = field(default_factory=dict)

    @property
    def timezone(self) -> dt.tzinfo | None:
        """The site's ``timezone`` (IANA name), or ``None`` for the build machine's.

        An unknown name is UTC: Jekyll sets ``TZ`` to it, and the C library reads
        a zone it cannot find as UTC.
        """
        name = self.config.get("timezone")
        if not isinstance(name, str) or not name:
            return None
        return known_zone(name) or dt.UTC

    @property
    def theme(self) -> str:
        """The site's ``theme`` and ``remote_theme``, e.g. ``"daattali/beautiful-jekyll"``."""
        names = (self.config.get("theme"), self.config.get("remote_theme"))
        return " ".join(str(name) for name in names if name)

    @property
    def title(self) -> str:
        """The site's name: ``title``, else ``name`` (jekyll-now's), as jekyll-feed
        and jekyll-seo-tag read it (``site.title | default: site.name``); or ``""``."""
        for key in ("title", "name"):
            value = self.config.get(key)
            if isinstance(value, (str, int, float)) and str(value).strip():
                return " ".join(str(value).split())
        return ""

    @property
    def collections_dir(self) -> PurePosixPath:
        """Where ``_posts/`` and ``_drafts/`` live, relative to the root."""
        value = self.config.get("collections_dir") or ""
        return PurePosixPath(str(value).strip("/") or ".")

    def kramdown_option(self, name: str) -> Any:
        """A ``kramdown:`` option of ``_config.yml``, or Jekyll's default for it."""
        options = self.config.get("kramdown")
        if isinstance(options, Mapping) and name in options:
            return options[name]
        return JEKYLL_DEFAULTS["kramdown"].get(name)

    def defaults_for(self, path: str, kind: str) -> dict[str, Any]:
        """Front-matter values that ``defaults`` scopes give the file at ``path``.

        Later and more specific scopes win, as in Jekyll's ``FrontmatterDefaults#all``
        (https://github.com/jekyll/jekyll/blob/master/lib/jekyll/frontmatter_defaults.rb).

        :param path: the file's path relative to the site root, with ``/``
        :param kind: ``"posts"``, ``"drafts"`` or ``"pages"``
        """
        result: dict[str, Any] = {}
        previous: Mapping[str, Any] | None = None
        for entry in self.config.get("defaults") or []:
            if not isinstance(entry, Mapping) or not isinstance(
                entry.get("values"), Mapping
            ):
                continue
            scope = (
                entry.get("scope") if isinstance(entry.get("scope"), Mapping) else {}
            )
            assert isinstance(scope, Mapping)
            if not _scope_matches(scope, path, kind):
                continue
            if previous is None or _has_precedence(previous, scope):
                result = _deep_merge(result, entry["values"])
                previous = scope
            else:
                result = _deep_merge(dict(entry["values"]), result)
        return result


def load_site(root: Path) -> tuple[Site, list[Diagnostic]]:
    """Read ``_config.yml`` of the site at ``root``.

    A missing file gives Jekyll's defaults; an unreadable one, a diagnostic too, and
    so does a value of the wrong kind (``defaults: 5``), which keeps Jekyll's default.
    """
    diagnostics: list[Diagnostic] = []
    config: dict[str, Any] = dict(JEKYLL_DEFAULTS)
    path = root / "_config.yml"
    text = ""
    loaded: Any = None
    if path.is_file():
        try:
            text = path.read_text(encoding="utf-8-sig")
            loaded = load_yaml(text)
        except (yaml.YAMLError, UnicodeDecodeError, OSError) as exc:
            message = f"cannot read _config.yml ({_first_line(exc)}); using defaults"
            line = yaml_error_line(exc, text)
            diagnostics.append(Diagnostic(JekyllpostsWarning.CONFIG, message, line))
    if isinstance(loaded, Mapping):
        config = _deep_merge(config, _well_typed(loaded, text, diagnostics))
    elif loaded is not None:
        kind = type(loaded).__name__
        message = f"_config.yml is a {kind}, not a mapping; using defaults"
        diagnostics.append(Diagnostic(JekyllpostsWarning.CONFIG, message, 1))
    site = Site(root=root, config=config)
    tz = config.get("timezone")
    if tz and (not isinstance(tz, str) or known_zone(tz) is None):
        using = "UTC, as Jekyll does" if isinstance(tz, str) else "the build machine's"
        message = f"unknown time zone {tz!r} in _config.yml; using {using}"
        line = _key_line(text, "timezone")
        diagnostics.append(Diagnostic(JekyllpostsWarning.CONFIG, message, line))
    return site, diagnostics


def _well_typed(
    loaded: Mapping[Any, Any], text: str, diagnostics: list[Diagnostic]
) -> dict[str, Any]:
    """``loaded`` without the values whose kind differs from Jekyll's default."""
    result: dict[str, Any] = {}
    for raw_key, value in loaded.items():
        key = str(raw_key)
        default = JEKYLL_DEFAULTS.get(key)
        for kind, name in ((list, "list"), (Mapping, "mapping")):
            if isinstance(default, kind) and not isinstance(value, (kind, type(None))):
                message = (
                    f"{key!r} in _config.yml should be a {name}, not "
                    f"{type(value).__name__}; using Jekyll's default"
                )
                line = _key_line(text, key)
                diagnostics.append(Diagnostic(JekyllpostsWarning.CONFIG, message, line))
                break
        else:
            result[key] = value
    return result


def _scope_matches(scope: Mapping[str, Any], path: str, kind: str) -> bool:
    scope_type = scope.get("type")
    if (
        scope_type
        and str(scope_type) != kind
        and not (kind == "drafts" and scope_type == "posts")
    ):
        return False
    scope_path = str(scope.get("path") or "").strip("/")
    if not scope_path:
        return True
    if "*" in scope_path:
        return PurePosixPath(path).match(scope_path) or any(
            PurePosixPath(parent).match(scope_path)
            for parent in PurePosixPath(path).parents
        )
    return path == scope_path or path.startswith(scope_path + "/")


def _has_precedence(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    old_path = str(old.get("path") or "").strip("/")
    new_path = str(new.get("path") or "").strip("/")
    if len(new_path) != len(old_path):
        return len(new_path) > len(old_path)
    return bool(new.get("type")) or not old.get("type")


def _deep_merge(base: Mapping[str, Any], other: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in other.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _key_line(text: str, key: str) -> int | None:
    """The line of a top-level ``key:`` in YAML text."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith((f"{key}:", f"{key} :")):
            return number
    return None


def yaml_error_line(exc: Exception, text: str) -> int | None:
    """The 1-based line of ``text`` a YAML error is about.

    An error found at the end of the text (an unclosed quote or bracket) is about
    the line where the unclosed thing opened.
    """
    mark = getattr(exc, "problem_mark", None)
    context = getattr(exc, "context_mark", None)
    at_end = mark is not None and mark.index >= len(text.rstrip())
    if context is not None and (at_end or "end of stream" in str(exc)):
        mark = context
    if mark is None:
        return None
    height = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    line: int = mark.line + 1
    return min(line, height)


def _first_line(exc: Exception) -> str:
    text = str(getattr(exc, "problem", None) or exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__


#: Files Jekyll never copies, besides ``exclude:`` (Jekyll's default ``exclude``).
_NOT_STATIC = frozenset({
    "Gemfile", "Gemfile.lock", "node_modules", "vendor", "gemfiles", "conf.py",
    "package.json", "package-lock.json", "CHANGELOG.md", "README.md", "LICENSE",
})  # fmt: skip


def static_files(site: Site, *, skip: Path | None = None) -> Iterator[str]:
    """Site-relative paths of the files Jekyll copies to its output as they are.

    Those are the files outside ``_`` and ``.`` folders that have no front matter,
    minus ``exclude:``; ``skip`` is a folder to leave out (e.g. an output folder).
    """
    root = site.root
    excluded = {str(e).strip("/") for e in site.config.get("exclude") or []}
    included = _included(site)
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        rel = here.relative_to(root).as_posix()
        dirnames[:] = sorted(
            d
            for d in dirnames
            if (not d.startswith(("_", ".")) or d in included)
            and _copied(rel, d, excluded)
            and (skip is None or here / d != skip)
            and d not in ("_posts", "_drafts")
        )
        for name in sorted(filenames):
            hidden = name.startswith(("_", ".")) and name not in included
            if hidden or not _copied(rel, name, excluded):
                continue
            if not has_front_matter(here / name):
                yield name if rel == "." else f"{rel}/{name}"


def _included(site: Site) -> set[str]:
    """``include:`` names ``_`` and ``.`` folders and files Jekyll reads anyway."""
    names = site.config.get("include") or []
    names = [names] if isinstance(names, str) else names
    return {str(i).strip("/") for i in names if i} if isinstance(names, list) else set()


def _copied(folder: str, name: str, excluded: set[str]) -> bool:
    path = name if folder == "." else f"{folder}/{name}"
    return name not in _NOT_STATIC and path not in excluded and name not in excluded


def has_front_matter(path: Path) -> bool:
    """Jekyll renders files that start with ``---``; it copies the others."""
    try:
        with path.open("rb") as f:
            head = f.read(8).removeprefix(b"\xef\xbb\xbf")
    except OSError:
        return False
    return head.startswith(b"---") and head[3:4] in (b"\n", b"\r", b" ", b"\t")


#: Extensions Jekyll renders as pages when a file has front matter.
PAGE_SUFFIXES = (".md", ".markdown", ".mkdown", ".mkdn", ".mkd", ".html", ".htm")


def page_files(site: Site) -> Iterator[str]:
    """Site-relative paths of Jekyll's pages: files with front matter outside ``_``."""
    included = _included(site)
    for dirpath, dirnames, filenames in os.walk(site.root):
        here = Path(dirpath)
        rel = here.relative_to(site.root).as_posix()
        dirnames[:] = sorted(
            d
            for d in dirnames
            if (not d.startswith(("_", ".")) or d in included)
            and d not in _NOT_STATIC
            and d not in ("_posts", "_drafts")
        )
        for name in sorted(filenames):
            if name.endswith(PAGE_SUFFIXES) and has_front_matter(here / name):
                yield name if rel == "." else f"{rel}/{name}"
