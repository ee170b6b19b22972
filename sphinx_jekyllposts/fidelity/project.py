"""A throw-away Sphinx project around a copy of a Jekyll site, and its builds."""

from __future__ import annotations

import io
import shutil
from typing import TYPE_CHECKING

from .reference import IGNORED_NAMES

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["BUILDERS", "build", "prepare_project"]

#: The two builders whose URLs are checked: ``page.html`` and ``page/index.html``.
BUILDERS = ("html", "dirhtml")

_CONF = """\
# Written by sphinx_jekyllposts.fidelity for a fidelity report.
extensions = ["sphinx_jekyllposts"]
html_theme = "basic"
exclude_patterns = ["_build", "README.md", "README.markdown", "LICENSE*", "CHANGELOG*"]
jekyllposts_drafts = {drafts!r}
jekyllposts_future = {future!r}
jekyllposts_unpublished = {unpublished!r}
"""
_INDEX = "# {title}\n\n```{{postlist}}\n```\n"


def prepare_project(
    site: Path,
    srcdir: Path,
    *,
    drafts: bool = False,
    future: bool = False,
    unpublished: bool = False,
    title: str = "Blog",
) -> Path:
    """Copy ``site`` to ``srcdir`` and add ``conf.py`` and ``index.md``.

    A ``conf.py`` or ``index.md`` of the site's own is replaced in the copy.
    """
    shutil.copytree(site, srcdir, ignore=shutil.ignore_patterns(*IGNORED_NAMES))
    for name in ("index.markdown", "index.html"):
        (srcdir / name).unlink(missing_ok=True)
    conf = _CONF.format(drafts=drafts, future=future, unpublished=unpublished)
    (srcdir / "conf.py").write_text(conf, encoding="utf-8")
    (srcdir / "index.md").write_text(_INDEX.format(title=title), encoding="utf-8")
    return srcdir


def build(srcdir: Path, builddir: Path, builder: str) -> tuple[Path, list[str]]:
    """Build ``srcdir`` with ``builder`` into ``builddir/<builder>``.

    Builders share ``builddir/doctrees``, so a second builder does not read again.

    :return: the output folder and the warnings Sphinx printed
    """
    from sphinx.application import Sphinx
    from sphinx.util.console import strip_colors
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    outdir, warnings = builddir / builder, io.StringIO()
    with patch_docutils(srcdir), docutils_namespace():
        app = Sphinx(
            srcdir, srcdir, outdir, builddir / "doctrees", builder,
            status=None, warning=warnings, freshenv=False,
        )  # fmt: skip
        app.build()
    text = strip_colors(warnings.getvalue())
    return outdir, [line for line in text.splitlines() if line.strip()]
