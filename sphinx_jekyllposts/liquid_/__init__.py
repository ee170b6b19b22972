"""The Liquid stage: Jekyll's tags, filters and context on python-liquid.

A pure stage (no Sphinx, no logging): :func:`render_post` returns the rendered
Markdown, a line map back to the post body, diagnostics and the files it read.
python-liquid is imported on first use of the environment or :func:`render_post`,
so that a build whose posts have no Liquid (:func:`unrendered`) never imports it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._result import LiquidResult, unrendered

if TYPE_CHECKING:
    from .environment import JekyllEnvironment, make_environment
    from .render import render_post

__all__ = [
    "JekyllEnvironment",
    "LiquidResult",
    "make_environment",
    "render_post",
    "unrendered",
]


def __getattr__(name: str) -> Any:
    """The names that need python-liquid, imported when first asked for."""
    if name in ("JekyllEnvironment", "make_environment"):
        from . import environment

        return getattr(environment, name)
    if name == "render_post":
        from .render import render_post

        return render_post
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)
