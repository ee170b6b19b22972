"""The documentation's examples and its demo blog, built by the extension.

Every snippet shown in the reference pages lives in ``docs/examples/``; each is built
here as the body of a post in a throw-away Jekyll site (STYLE.md, "Docs examples are
test inputs"). The demo blog in ``docs/demo/`` must build without a warning.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path
import shutil
from typing import TYPE_CHECKING

from bs4 import BeautifulSoup
from conftest import callout
from docutils import nodes
import pytest

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from sphinx.testing.util import SphinxTestApp

DOCS = Path(__file__).parent.parent / "docs"
EXAMPLES = sorted((DOCS / "examples").glob("*.txt"))
DEMO = DOCS / "demo"
POST = "_posts/2025-01-02-example"

CONFIG = """\
title: Examples
author: Docs
timezone: "Asia/Seoul"
permalink: /:year-:month-:day-:title/
kramdown:
  input: GFM
"""
FRONT_MATTER = "---\nlayout: post\ntitle: Example\nmathjax: true\n---\n\n"


def example_site(tmp_path: Path, body: str) -> Path:
    """A Jekyll site with one post whose body is ``body``, and the demo's image."""
    src = tmp_path / "src"
    (src / "_posts").mkdir(parents=True)
    (src / "conf.py").write_text(
        'extensions = ["sphinx_jekyllposts"]\nhtml_theme = "basic"\n', encoding="utf-8"
    )
    (src / "_config.yml").write_text(CONFIG, encoding="utf-8")
    (src / "index.md").write_text(
        "# Examples\n\n```{postlist}\n```\n", encoding="utf-8"
    )
    (src / f"{POST}.md").write_text(FRONT_MATTER + body, encoding="utf-8")
    shutil.copytree(DEMO / "assets", src / "assets")
    return src


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_builds_cleanly(
    example: Path, make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = example_site(tmp_path, example.read_text(encoding="utf-8"))
    app = make_app("html", srcdir=src, builddir=tmp_path / "build")
    app.build()
    assert app.warning.getvalue() == ""
    text = app.env.get_doctree(POST).astext()
    for leftover in ("{:", "{%", "%}", "markdown=", "<summary>"):
        assert leftover not in text, leftover


def test_every_example_is_shown_in_the_docs() -> None:
    pages = "".join(p.read_text(encoding="utf-8") for p in DOCS.rglob("*.md"))
    unused = [p.name for p in EXAMPLES if f"examples/{p.name}" not in pages]
    assert unused == []


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SphinxTestApp]:
    """The demo blog, built once for this module (``make_app`` is function-scoped)."""
    from sphinx.testing.util import SphinxTestApp

    tmp = tmp_path_factory.mktemp("demo")
    src = tmp / "src"
    shutil.copytree(DEMO, src, ignore=shutil.ignore_patterns("_build"))
    app = SphinxTestApp("html", srcdir=src, builddir=tmp / "build", status=StringIO())
    try:
        app.build()
        yield app
    finally:
        app.cleanup()


def test_demo_builds_without_warnings(demo_app: SphinxTestApp) -> None:
    assert demo_app.warning.getvalue() == ""


def test_demo_posts_are_ablog_posts(demo_app: SphinxTestApp) -> None:
    posts = demo_app.env.ablog_posts  # type: ignore[attr-defined]
    assert len(posts) == len(list((DEMO / "_posts").glob("*.md")))


def test_demo_shows_every_template_construct(demo_app: SphinxTestApp) -> None:
    doctrees = [demo_app.env.get_doctree(doc) for doc in demo_app.env.ablog_posts]  # type: ignore[attr-defined]
    kinds = {
        type(node).__name__ for tree in doctrees for node in tree.findall(nodes.Element)
    }
    kinds |= {
        callout(node)[0] for tree in doctrees for node in tree.findall(nodes.Admonition)
    }
    assert {"tip", "note", "warning", "error", "table", "math", "math_block"} <= kinds
    images = [n for t in doctrees for n in t.findall(nodes.image)]
    assert any(image.get("align") == "center" for image in images)
    blocks = [n for t in doctrees for n in t.findall(nodes.literal_block)]
    assert any(b.get("linenos") for b in blocks)
    assert any(b.get("language") == "javascript" for b in blocks)
    html = BeautifulSoup(
        (
            Path(demo_app.outdir) / "_posts/2025-10-19-three-ways-to-show-code.html"
        ).read_text(encoding="utf-8"),
        "html.parser",
    )
    assert html.select_one("details.sd-dropdown") is not None


def test_demo_note_after_a_list_is_a_callout(demo_app: SphinxTestApp) -> None:
    doctree = demo_app.env.get_doctree("_posts/2025-09-14-planning-a-bike-tour")
    notes = [callout(n) for n in doctree.findall(nodes.Admonition)]
    text = "the campsite sells water but no food after six in the evening."
    assert ("note", "Note", text) in notes


def test_demo_footnotes_have_kramdown_numbers_and_ids(demo_app: SphinxTestApp) -> None:
    page = Path(demo_app.outdir) / "_posts/2025-09-14-planning-a-bike-tour.html"
    html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    notes = html.select("aside.footnote")
    # defined in the other order: listed, and numbered, as first referenced
    assert [n["id"] for n in notes] == ["fn:oranges", "fn:water"]
    [first] = html.select('a.footnote-reference[href="#fn:oranges"]')
    assert (first["id"], first.get_text().strip("[]")) == ("fnref:oranges", "1")


def test_demo_math_is_processed_by_mathjax(demo_app: SphinxTestApp) -> None:
    page = Path(demo_app.outdir) / "_posts/2025-10-02-근의-공식.html"
    html = page.read_text(encoding="utf-8")
    assert "mathjax_ignore" not in html or "processHtmlClass" in html
