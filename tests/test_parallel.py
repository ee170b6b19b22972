"""A parallel build (``-j 2``): our handlers stay correct when Sphinx forks workers.

ABlog declares itself not parallel-read-safe, so Sphinx reads serially; it writes in
parallel (both extensions are parallel-write-safe), so ``html-page-context`` runs in
worker processes. The pages, the posts' records and ``feed.xml`` must be those of a
serial build.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from test_incremental import POSTS, write_site

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

_FEED_UPDATED = re.compile(r"<updated>[^<]*</updated>")


def _build(
    make_app: Callable[..., SphinxTestApp], src: Path, out: Path, parallel: int
) -> SphinxTestApp:
    from ablog.blog import Blog

    Blog._dict.clear()
    app = make_app("html", srcdir=src, builddir=out, parallel=parallel)
    app.build()
    assert app.statuscode == 0
    return app


def _pages(html: Path) -> dict[str, str]:
    found = {}
    for path in sorted(html.rglob("*")):
        if path.suffix in (".html", ".xml") and path.is_file():
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".xml":
                text = _FEED_UPDATED.sub("", text)
            found[path.relative_to(html).as_posix()] = text
    return found


def test_parallel_build_equals_serial_build(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    site = tmp_path / "site"
    write_site(site)
    parallel = _build(make_app, site, tmp_path / "parallel", 2)
    serial = _build(make_app, site, tmp_path / "serial", 0)
    domain = parallel.env.domains["jekyllposts"]
    assert sorted(domain.data["documents"]) == sorted(f"_posts/{n}" for n in POSTS)
    assert sorted(parallel.env.ablog_posts) == sorted(serial.env.ablog_posts)
    assert _pages(tmp_path / "parallel" / "html") == _pages(
        tmp_path / "serial" / "html"
    )
    feed = (tmp_path / "parallel" / "html" / "feed.xml").read_text(encoding="utf-8")
    assert "The first paragraph of post 1" in feed
    assert "Body text of post 1" in feed  # full text, rendered in a worker
