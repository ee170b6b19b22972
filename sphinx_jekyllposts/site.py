"""The Jekyll site around the posts: ``_config.yml``, ``defaults`` scopes, time zone, data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
import datetime as dt
from pathlib import Path, PurePosixPath
from typing import Any
import zoneinfo

import yaml

from .warnings_ import Diagnostic, JekyllpostsWarning

__all__ = ["JEKYLL_DEFAULTS", "Site", "load_site", "load_yaml"]

try:  # the C loader is much faster; both are safe loaders
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader
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
        "input": "GFM",
        "hard_wrap": False,
        "math_engine": "mathjax",
        "smart_quotes": "lsquo,rsquo,ldquo,rdquo",
    },
    "defaults": [],
    "exclude": [],
    "include": [],
}


def load_yaml(text: str) -> Any:
    """Parse YAML with a safe loader (no Python objects are ever built).

    :raises yaml.YAMLError: when the text is not valid YAML
    """
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass


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
        """The site's ``timezone`` (IANA name), or ``None`` for the build machine's."""
        name = self.config.get("timezone")
        if not isinstance(name, str) or not name:
            return None
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return None

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
            scope = entry.get("scope") if isinstance(entry.get("scope"), Mapping) else {}
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

    A missing file gives Jekyll's defaults; an unreadable one, a diagnostic too.
    """
    diagnostics: list[Diagnostic] = []
    config: dict[str, Any] = dict(JEKYLL_DEFAULTS)
    path = root / "_config.yml"
    if path.is_file():
        try:
            loaded = load_yaml(path.read_text(encoding="utf-8-sig"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            line = _yaml_error_line(exc)
            diagnostics.append(
                Diagnostic(
                    JekyllpostsWarning.CONFIG,
                    f"cannot read _config.yml ({_first_line(exc)}); using defaults",
                    line,
                )
            )
            loaded = None
        if isinstance(loaded, Mapping):
            config = _deep_merge(config, loaded)
    site = Site(root=root, config=config)
    tz = config.get("timezone")
    if tz and site.timezone is None:
        diagnostics.append(
            Diagnostic(
                JekyllpostsWarning.CONFIG,
                f"unknown time zone {tz!r} in _config.yml; using the build machine's",
            )
        )
    return site, diagnostics


def _scope_matches(scope: Mapping[str, Any], path: str, kind: str) -> bool:
    scope_type = scope.get("type")
    if scope_type and str(scope_type) != kind and not (
        kind == "drafts" and scope_type == "posts"
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


def _yaml_error_line(exc: Exception) -> int | None:
    mark = getattr(exc, "problem_mark", None)
    return mark.line + 1 if mark is not None else None


def _first_line(exc: Exception) -> str:
    text = str(getattr(exc, "problem", None) or exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__
