"""kramdown rules that need a whole build: raw HTML callouts, images, code lines."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bs4 import BeautifulSoup
from docutils import nodes
import pytest

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

POST = "_posts/2024-03-02-bench-notes"


@pytest.fixture
def app(make_app, rootdir: Path, tmp_path: Path) -> SphinxTestApp:  # type: ignore[no-untyped-def]
    app = make_app("html", srcdir=rootdir / "test-kramdown-html", builddir=tmp_path)
    app.build()
    return app


def test_builds_without_warnings(app: SphinxTestApp) -> None:
    assert app.warning.getvalue() == ""


def test_raw_html_callout_is_an_admonition(app: SphinxTestApp) -> None:
    doctree = app.env.get_doctree(POST)
    [warning] = doctree.findall(nodes.warning)
    [raw] = warning.findall(nodes.raw)
    assert "<h4>Glue</h4>" in raw.astext()
    assert "notice--warning" not in raw.astext()


def test_raw_html_with_blank_lines_is_one_block(app: SphinxTestApp) -> None:
    doctree = app.env.get_doctree(POST)
    tables = [r for r in doctree.findall(nodes.raw) if "<table>" in r.astext()]
    assert len(tables) == 1
    assert "<td>Tue</td>" in tables[0].astext()
    assert not [b for b in doctree.findall(nodes.literal_block) if "Tue" in b.astext()]


def test_sized_image_is_not_linked(app: SphinxTestApp) -> None:
    page = Path(app.outdir) / f"{POST}.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    [image] = soup.select("div.body img")
    assert image.find_parent("a") is None


def test_rouge_line_numbers_number_highlighted_blocks(app: SphinxTestApp) -> None:
    doctree = app.env.get_doctree(POST)
    blocks = {b.astext().strip(): b for b in doctree.findall(nodes.literal_block)}
    assert blocks['puts "sanded"'].get("linenos") is True
    assert not blocks["no language here"].get("linenos")
