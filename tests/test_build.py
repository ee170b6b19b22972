"""Whole builds of small Jekyll sites: what ABlog and the HTML pages end up with."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bs4 import BeautifulSoup
from conftest import callout, write_site
from docutils import nodes
import pytest

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

THEME_POST = "_posts/2025-11-7-정원 일지"


def ablog_posts(app: SphinxTestApp) -> dict[str, dict[str, object]]:
    return {doc: posts[0] for doc, posts in app.env.ablog_posts.items()}


def html(app: SphinxTestApp, docname: str) -> BeautifulSoup:
    path = Path(app.outdir) / f"{docname}.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def theme_app(make_app, rootdir: Path, tmp_path: Path) -> SphinxTestApp:  # type: ignore[no-untyped-def]
    app = make_app("html", srcdir=rootdir / "test-theme", builddir=tmp_path)
    app.build()
    return app


def test_theme_post_builds_without_warnings(theme_app: SphinxTestApp) -> None:
    assert theme_app.warning.getvalue() == ""


def test_theme_post_is_an_ablog_post(theme_app: SphinxTestApp) -> None:
    post = ablog_posts(theme_app)[THEME_POST]
    assert post["title"] == "정원 일지, 첫 번째"
    assert post["tags"] == ["gardening", "텃밭"]
    assert post["author"] == ["Test Author"]
    assert str(post["date"]) == "2025-11-07 00:00:00"
    assert post["nocomments"] is True


def test_title_subtitle_and_nested_headings(theme_app: SphinxTestApp) -> None:
    doctree = theme_app.env.get_doctree(THEME_POST)
    top = [n for n in doctree.children if isinstance(n, nodes.section)]
    assert len(top) == 1
    assert top[0][0].astext() == "정원 일지, 첫 번째"
    subtitle = top[0][1]
    assert isinstance(subtitle, nodes.rubric)
    assert subtitle["classes"] == ["subtitle", "jekyllposts-subtitle"]
    assert subtitle.astext() == "Seeds, soil and a watering plan"
    titles = [s[0].astext() for s in top[0].findall(nodes.section) if s is not top[0]]
    assert titles == ["시작하며", "물주기 계획", "알림"]
    assert theme_app.env.titles[THEME_POST].astext() == "정원 일지, 첫 번째"


def test_kramdown_heading_ids_keep_in_page_links(theme_app: SphinxTestApp) -> None:
    soup = html(theme_app, THEME_POST)
    assert soup.find(id="물주기-계획") is not None
    link = soup.find("a", string="a link to a section of this page")
    assert link is not None
    assert link["href"] in (
        "#물주기-계획",
        "#%EB%AC%BC%EC%A3%BC%EA%B8%B0-%EA%B3%84%ED%9A%8D",
    )


def test_box_classes_become_admonitions(theme_app: SphinxTestApp) -> None:
    doctree = theme_app.env.get_doctree(THEME_POST)
    found = [callout(n) for n in doctree.findall(nodes.Admonition)]
    assert found == [  # a bold lead-in is the callout's title
        ("tip", None, "Box: everything went well this week."),  # no bold label
        ("note", "Note", "Basil hates cold nights."),
        ("warning", "Warning", "Do not overwater."),
        ("error", "Error", "The tomato plant died."),
        ("tip", None, "Water early in the morning."),
    ]
    prompt = list(doctree.findall(nodes.tip))[-1]
    assert isinstance(prompt[0], nodes.block_quote)  # Chirpy's prompt is a quote
    assert "{:" not in doctree.astext()


def test_details_becomes_a_dropdown(theme_app: SphinxTestApp) -> None:
    doctree = theme_app.env.get_doctree(THEME_POST)
    dropdowns = [
        n
        for n in doctree.findall(nodes.container)
        if n.get("design_component") == "dropdown"
    ]
    assert len(dropdowns) == 1
    assert "Click to see the harvest" in dropdowns[0].astext()
    assert next(iter(dropdowns[0].findall(nodes.emphasis))).astext() == "basil"
    details = html(theme_app, THEME_POST).select_one("details.sd-dropdown")
    assert details is not None
    assert "Click to see the harvest" in details.summary.get_text()


def test_image_helper_classes_centre_the_image(theme_app: SphinxTestApp) -> None:
    doctree = theme_app.env.get_doctree(THEME_POST)
    (image,) = doctree.findall(nodes.image)
    assert image["align"] == "center"
    assert not isinstance(image.parent, nodes.paragraph)
    soup = html(theme_app, THEME_POST)
    assert "align-center" in soup.find("img")["class"]


def test_code_blocks(theme_app: SphinxTestApp) -> None:
    doctree = theme_app.env.get_doctree(THEME_POST)
    blocks = list(doctree.findall(nodes.literal_block))
    assert [b["language"] for b in blocks] == ["text", "javascript", "javascript"]
    assert [bool(b.get("linenos")) for b in blocks] == [False, False, True]
    soup = html(theme_app, THEME_POST)
    [numbered] = soup.select("div.highlight-javascript table.rouge-table")
    assert numbered.select_one("pre.lineno").get_text() == "1\n2\n3\n4\n"
    assert numbered.select_one("td.rouge-code pre span")  # highlighted


def test_math_by_kramdown_rules(theme_app: SphinxTestApp) -> None:
    doctree = theme_app.env.get_doctree(THEME_POST)
    inline = [n.astext() for n in doctree.findall(nodes.math)]
    assert inline == [
        r"a \ne 0",
        r"ax^2 + bx + c = 0",
        r"x = {-b \pm \sqrt{b^2-4ac} \over 2a}.",
    ]
    assert not list(doctree.findall(nodes.math_block))


def test_table(theme_app: SphinxTestApp) -> None:
    soup = html(theme_app, THEME_POST)
    rows = soup.select("table.docutils tbody tr")
    assert [r.find("td").get_text(strip=True) for r in rows] == ["Basil", "상추"]


def test_code_a_lexer_cannot_read_is_shown_without_a_warning(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Rouge never fails on odd code; Pygments' strict mode would warn."""
    post = (
        '---\ntitle: X\n---\n\n{% raw %}\n```liquid\n{{ "a page" | uri_escape }}\n```\n'
    )
    site = write_site(tmp_path / "site", {"2024-01-01-x.md": post + "{% endraw %}\n"})
    app = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app.build()
    assert app.warning.getvalue() == ""
    assert "uri_escape" in (Path(app.outdir) / "_posts/2024-01-01-x.html").read_text()


def test_definition_with_several_terms(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """kramdown: each line of the paragraph before a ``:`` line is a term."""
    post = "---\ntitle: X\n---\n\nApple\n*Orange*\n: Fruits\n: Round things\n"
    site = write_site(tmp_path / "site", {"2024-01-01-x.md": post})
    app = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app.build()
    assert app.warning.getvalue() == ""
    doctree = app.env.get_doctree("_posts/2024-01-01-x")
    (item,) = doctree.findall(nodes.definition_list_item)
    assert [t.astext() for t in item.findall(nodes.term)] == ["Apple", "Orange"]
    assert len(list(item.findall(nodes.definition))) == 2


def test_titles_are_printed_as_written(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A layout prints ``page.title`` as written, where the post's text gets
    kramdown's smart quotes: the page title keeps its straight quotes."""
    post = "---\ntitle: What Didn't \"work\"\nsubtitle: It's fine\n---\n\nDon't.\n"
    site = write_site(tmp_path / "site", {"2024-01-01-q.md": post})
    app = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app.build()
    doctree = app.env.get_doctree("_posts/2024-01-01-q")
    assert doctree.next_node(nodes.title).astext() == 'What Didn\'t "work"'
    assert doctree.next_node(nodes.rubric).astext() == "It's fine"
    assert doctree.next_node(nodes.paragraph).astext() == "Don\u2019t."
