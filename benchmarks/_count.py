"""A Sphinx extension the benchmark loads: counts documents read and pages written.

Writes ``{"read": …, "written": …, "pages": …, "config": …}`` to the file named by
``JEKYLLPOSTS_BENCH_COUNT`` at ``build-finished``: documents read, documents written
as HTML, other pages written (archives, indices), and why Sphinx re-read everything
(its ``config_status``, empty when the configuration was unchanged).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

_COUNTS: dict[str, Any] = {"read": 0, "written": 0, "pages": 0, "config": ""}


def _before_read(app: Any, env: Any, docnames: list[str]) -> None:
    _COUNTS["read"] += len(docnames)


def _page(
    app: Any, pagename: str, templatename: str, context: Any, doctree: Any
) -> None:
    key = "written" if doctree is not None else "pages"
    _COUNTS[key] += 1


def _env_status(app: Any) -> None:
    from sphinx.environment import CONFIG_CHANGED_REASON, CONFIG_OK

    status = app.env.config_status
    if status != CONFIG_OK:
        _COUNTS["config"] = (
            CONFIG_CHANGED_REASON.get(status, "") + app.env.config_status_extra
        )


def _finished(app: Any, exception: BaseException | None) -> None:
    target = os.environ.get("JEKYLLPOSTS_BENCH_COUNT")
    if target:
        Path(target).write_text(json.dumps(_COUNTS), encoding="utf-8")


def setup(app: Any) -> dict[str, Any]:
    """Connect the counters."""
    app.connect("env-before-read-docs", _before_read)
    app.connect("html-page-context", _page)
    app.connect("builder-inited", _env_status)
    app.connect("build-finished", _finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
