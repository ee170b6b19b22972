"""The ``jekyllposts_*`` configuration values, validated once per build."""

from __future__ import annotations

import dataclasses as dc
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from .themes import DEFAULT_CALLOUTS
from .warnings_ import WARNING_TYPE, JekyllpostsWarning

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

__all__ = [
    "DEFAULT_CALLOUTS",
    "JekyllpostsConfig",
    "get_config",
    "register_config",
    "user_set",
    "validate_config",
]

logger = logging.getLogger(__name__)


@dc.dataclass(frozen=True)
class JekyllpostsConfig:
    """Every ``jekyllposts_<field>`` value (the docs render this table)."""

    site_dir: str = dc.field(
        default="",
        metadata={
            "help": "The Jekyll site (``_config.yml``, ``_posts/``), "
            "relative to the source directory",
            "types": (str,),
        },
    )
    drafts: bool | None = dc.field(
        default=None,
        metadata={
            "help": "Build ``_drafts/``; ``None`` follows ``show_drafts`` "
            "in ``_config.yml``",
            "types": (bool, type(None)),
        },
    )
    future: bool | None = dc.field(
        default=None,
        metadata={
            "help": "Build posts dated in the future; ``None`` follows "
            "``future`` in ``_config.yml``",
            "types": (bool, type(None)),
        },
    )
    unpublished: bool = dc.field(
        default=False,
        metadata={"help": "Build posts marked ``published: false``", "types": (bool,)},
    )
    callouts: dict[str, str] = dc.field(
        default_factory=dict,
        metadata={
            "help": "Extra or changed callout classes: class name to "
            "admonition type (``note``, ``warning``, ``danger``, ``tip``, ...)",
            "types": (dict,),
        },
    )
    include_dirs: list[str] = dc.field(
        default_factory=list,
        metadata={
            "help": "Theme include directories searched after the site's "
            "``_includes/`` (relative to the source directory)",
            "types": (list, tuple),
        },
    )
    line_numbers: str = dc.field(
        default="table",
        metadata={
            "help": "How numbered code blocks show their numbers: ``table`` "
            "(Rouge's gutter column, as Jekyll's pages) or ``inline`` (Sphinx's)",
            "types": (str,),
        },
    )

    @property
    def callout_map(self) -> dict[str, str]:
        """The default callout map with the user's entries applied."""
        return {**DEFAULT_CALLOUTS, **self.callouts}


_FIELDS = {field.name: field for field in dc.fields(JekyllpostsConfig)}
_ADMONITIONS = {
    "attention", "caution", "danger", "error", "hint", "important", "note", "tip",
    "warning", "seealso",
}  # fmt: skip


def register_config(app: Sphinx) -> None:
    """Add every field as ``jekyllposts_<name>`` (all change doctrees)."""
    defaults = JekyllpostsConfig()
    for name, field in _FIELDS.items():
        app.add_config_value(
            f"jekyllposts_{name}",
            getattr(defaults, name),
            "env",
            types=Any,  # checked by validate_config, with a suppressible warning
            description=field.metadata["help"],
        )


def validate_config(app: Sphinx, config: Config) -> JekyllpostsConfig:
    """Read and check the values; a bad one falls back to its default with a warning."""
    defaults = JekyllpostsConfig()
    values: dict[str, Any] = {}
    for name, field in _FIELDS.items():
        value = getattr(config, f"jekyllposts_{name}")
        if bool in field.metadata["types"] and isinstance(value, str):
            value = _FLAGS.get(value.strip().lower(), value)  # from ``-D name=1``
        if not isinstance(value, field.metadata["types"]) or not _valid(name, value):
            logger.warning(
                "invalid value %r for jekyllposts_%s; using the default %r",
                value,
                name,
                getattr(defaults, name),
                type=WARNING_TYPE,
                subtype=JekyllpostsWarning.CONFIG.value,
            )
            continue
        values[name] = list(value) if name == "include_dirs" else value
    return JekyllpostsConfig(**values)


_FLAGS = {"1": True, "0": False, "true": True, "false": False, "yes": True, "no": False}


def _valid(name: str, value: Any) -> bool:
    if name == "callouts":
        return all(
            isinstance(k, str) and isinstance(v, str) and v in _ADMONITIONS
            for k, v in value.items()
        )
    if name == "include_dirs":
        return all(isinstance(v, str) for v in value)
    if name == "line_numbers":
        return value in {"table", "inline"}
    return True


def user_set(config: Config, name: str) -> bool:
    """Whether ``conf.py`` or ``-D`` set ``name`` (pydata-sphinx-theme's own test)."""
    return name in config._raw_config or name in config.overrides


def get_config(app: Sphinx) -> JekyllpostsConfig:
    """The validated configuration of this build."""
    from .extension import get_state

    return get_state(app).config
