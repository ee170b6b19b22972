"""The Liquid stage: Jekyll's tags, filters and context on python-liquid.

A pure stage (no Sphinx, no logging): :func:`render_post` returns the rendered
Markdown, a line map back to the post body, diagnostics and the files it read.
"""

from __future__ import annotations

from .environment import JekyllEnvironment, make_environment
from .render import LiquidResult, render_post

__all__ = ["JekyllEnvironment", "LiquidResult", "make_environment", "render_post"]
