"""Shared fixtures: Sphinx's testing fixtures and the test roots in ``tests/roots``."""

from __future__ import annotations

import os
from pathlib import Path
import time
from typing import TYPE_CHECKING, Any

from docutils import nodes
from hypothesis import settings
import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

pytest_plugins = ["sphinx.testing.fixtures"]

settings.register_profile("default", max_examples=100, deadline=None)
# CI explores as many examples, the same ones on every run (a failure there is
# reproducible); local runs draw new ones.
settings.register_profile("ci", max_examples=1000, deadline=None, derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``@pytest.mark.sphinx(testroot=...)`` finds ``test-<name>`` roots."""
    return Path(__file__).parent / "roots"


@pytest.fixture(autouse=True)
def _restore_time_zone() -> Iterator[None]:
    """Builds set ``TZ`` to the site's zone, as Jekyll does; undo it after each test."""
    before = os.environ.get("TZ")
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    if hasattr(time, "tzset"):
        time.tzset()


@pytest.fixture(autouse=True)
def _fresh_ablog() -> None:
    """ABlog keeps one ``Blog`` per process, configured by the first build; reset it."""
    from ablog.blog import Blog

    Blog._dict.clear()


def write_site(root: Path, posts: dict[str, str]) -> Path:
    """A small Sphinx project that is a Jekyll site: ``posts`` maps names in
    ``_posts/`` to their text."""
    (root / "_posts").mkdir(parents=True)
    (root / "conf.py").write_text(
        'extensions = ["sphinx_jekyllposts"]\nhtml_theme = "basic"\n'
    )
    (root / "index.md").write_text("# Blog\n")
    for name, text in posts.items():
        (root / "_posts" / name).write_text(text, encoding="utf-8")
    return root


def build_posts(
    make_app: Any, tmp_path: Path, posts: dict[str, str], config: str | None = None
) -> Any:
    """Build :func:`write_site`'s site of ``posts`` (with ``_config.yml`` text) to
    HTML; the Sphinx test app, built."""
    site = write_site(tmp_path / "site", posts)
    if config is not None:
        (site / "_config.yml").write_text(config)
    app = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app.build()
    return app


def callout(node: nodes.Element) -> tuple[str, str | None, str]:
    """A callout as ``(kind, the title the post gave it, text)``.

    A callout whose text opened with a bold label (``**Note:** …``) is a titled
    admonition with its kind as first class; any other is the kind's own node.
    """
    if isinstance(node, nodes.admonition):
        body = "\n\n".join(child.astext() for child in node.children[1:])
        return node["classes"][0], node.children[0].astext(), body
    return type(node).__name__, None, node.astext()
