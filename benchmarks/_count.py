"""A Sphinx extension the benchmark loads: counts documents read and pages written.

Writes ``{"read": …, "written": …, "pages": …, "config": …, "convert": …}`` to the
file named by ``JEKYLLPOSTS_BENCH_COUNT`` at ``build-finished``: documents read,
documents written as HTML, other pages written (archives, indices), why Sphinx
re-read everything (its ``config_status``, empty when the configuration was
unchanged), and the seconds the build spent in the conversion stages (the scan of
the site's posts, and Liquid and kramdown for each post read).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
import time
from typing import Any

_COUNTS: dict[str, Any] = {
    "read": 0, "written": 0, "pages": 0, "config": "", "convert": 0.0,
}  # fmt: skip


def _timed(module: Any, name: str) -> None:
    """Add the time spent in ``module.name`` to the ``convert`` count."""
    function = getattr(module, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            _COUNTS["convert"] += time.perf_counter() - start

    setattr(module, name, timed)


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
    """Connect the counters; time our conversion stages where the build calls them."""
    try:
        from sphinx_jekyllposts import convert, extension
    except ImportError:
        pass
    else:
        _timed(extension, "_scan")  # looked up when called, so the wrappers count
        _timed(convert, "convert_post")
    app.connect("env-before-read-docs", _before_read)
    app.connect("html-page-context", _page)
    app.connect("builder-inited", _env_status)
    app.connect("build-finished", _finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
