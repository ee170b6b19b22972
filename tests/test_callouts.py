"""Callout boxes: the kind from the theme's class, the title from the post's lead-in."""

from __future__ import annotations

from pathlib import Path

from conftest import build_posts, callout, write_site
from docutils import nodes
import pytest

CASES = {
    "**Note:** the box names itself.": ("note", "Note", "the box names itself."),
    "**Heads up**: colon after the bold.": (
        "note",
        "Heads up",
        "colon after the bold.",
    ),
    "**주의:** 한국어 라벨.": ("note", "주의", "한국어 라벨."),
    "**注意\uff1a**中文全角冒号。": ("note", "注意", "中文全角冒号。"),
    "**警告**\uff1aラベルの後のコロン。": ("note", "警告", "ラベルの後のコロン。"),
    "No label at all.": ("note", None, "No label at all."),
    "**Bold** words, no colon.": ("note", None, "Bold words, no colon."),
    "**Only a label:**": ("note", None, "Only a label:"),
    "**Note:** `code` first.": ("note", "Note", "code first."),
    "**Tip:** [a link](https://example.org) first.": ("note", "Tip", "a link first."),
    "**Note:** *emphasis* first.": ("note", "Note", "emphasis first."),
    f"**{'Long ' * 10}:** text.": ("note", None, f"{'Long ' * 10}: text.".strip()),
}


@pytest.mark.parametrize("text", list(CASES))
def test_a_bold_lead_in_titles_the_callout(make_app, tmp_path: Path, text: str) -> None:  # type: ignore[no-untyped-def]
    post = f"---\ntitle: Box\n---\n\n{{: .box-note}}\n{text}\n"
    site = write_site(tmp_path / "site", {"2024-01-01-box.md": post})
    app = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app.build()
    assert app.warning.getvalue() == ""
    doctree = app.env.get_doctree("_posts/2024-01-01-box")
    [found] = [callout(n) for n in doctree.findall(nodes.Admonition)]
    kind, title, body = CASES[text]
    assert found[:2] == (kind, title)
    assert " ".join(found[2].split()) == " ".join(body.split())


def test_the_site_language_titles_only_untitled_callouts(  # type: ignore[no-untyped-def]
    make_app, tmp_path: Path
) -> None:
    """``lang: ko``: Sphinx's own "Note" is said in Korean; a bold lead-in stays the
    post's own title."""
    from bs4 import BeautifulSoup

    post = (
        "---\ntitle: Boxes\n---\n\n{: .box-note}\n**Note:** the post's label.\n\n"
        "{: .box-warning}\nNo label here.\n"
    )
    site = write_site(tmp_path / "site", {"2024-01-01-boxes.md": post})
    (site / "_config.yml").write_text("lang: ko\n", encoding="utf-8")
    app = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app.build()
    assert app.warning.getvalue() == ""
    page = (app.outdir / "_posts" / "2024-01-01-boxes.html").read_text("utf-8")
    soup = BeautifulSoup(page, "html.parser")
    titles = [p.get_text() for p in soup.select("p.admonition-title")]
    assert titles == ["Note", "경고"]
    assert soup.html["lang"] == "ko"


@pytest.mark.parametrize(("lang", "note"), [("de", "Bemerkung"), ("ja", "注釈")])
def test_the_site_language_leaves_kramdowns_quotes(  # type: ignore[no-untyped-def]
    make_app, tmp_path: Path, lang: str, note: str
) -> None:
    """kramdown's quotes are English ones in every language (docutils' German ones
    are low-high, and Sphinx leaves Japanese quotes ASCII); Sphinx's labels are
    translated."""
    from bs4 import BeautifulSoup

    post = "---\ntitle: Q\n---\n\nSaid \"hello\" and 'bye' -- fine...\n\n{: .box-note}\nBox.\n"
    site = write_site(tmp_path / "site", {"2024-01-01-q.md": post})
    (site / "_config.yml").write_text(f"lang: {lang}\n", encoding="utf-8")
    app = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app.build()
    assert app.warning.getvalue() == ""
    page = (app.outdir / "_posts" / "2024-01-01-q.html").read_text("utf-8")
    soup = BeautifulSoup(page, "html.parser")
    assert soup.find("p").get_text() == (
        "Said \u201chello\u201d and \u2018bye\u2019 \u2013 fine\u2026"
    )
    assert soup.select_one("p.admonition-title").get_text() == note


@pytest.mark.parametrize(
    ("config", "text"),
    [
        ("theme: jekyll-text-theme\n", True),
        ("remote_theme: kitian616/jekyll-TeXt-theme\n", True),
        ("text_skin: forest\n", True),
        ("theme: minima\n", False),
    ],
)
def test_text_alerts_are_tinted_paragraphs_not_callouts(
    make_app, tmp_path: Path, config: str, text: bool
) -> None:  # type: ignore[no-untyped-def]
    """TeXt's ``{:.info}`` & co. are boxes the style sheet tints, on TeXt sites."""
    post = (
        "---\ntitle: Glazes\n---\n\nFire it slowly.\n{:.warning}\n\n"
        "Cone 6 is enough.\n{:.info}\n\nPlain words.\n"
    )
    site = write_site(tmp_path / "site", {"2024-01-01-glazes.md": post})
    (site / "_config.yml").write_text(config, encoding="utf-8")
    app = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app.build()
    assert app.warning.getvalue() == ""
    doctree = app.env.get_doctree("_posts/2024-01-01-glazes")
    assert not list(doctree.findall(nodes.Admonition))
    classes = {p.astext(): p["classes"] for p in doctree.findall(nodes.paragraph)}
    marked = ["jekyllposts-text-alert"] if text else []
    assert classes["Fire it slowly."] == ["warning", *marked]
    assert classes["Cone 6 is enough."] == ["info", *marked]
    assert classes["Plain words."] == []
    css = (Path(app.outdir) / "_static" / "jekyllposts.css").read_text(encoding="utf-8")
    assert "p.jekyllposts-text-alert.warning" in css


def test_bootstrap_alerts_and_callout_classes_are_callouts(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """The most specific class decides the kind (``callout callout-danger``); beside
    a class that names only a box (``alert``, ``callout``), a kind word does."""
    post = (
        "---\ntitle: Boxes\n---\n\n{: .callout}\nA plain callout.\n\n"
        '<div class="alert alert-warning" markdown="1">\nMind the *gap*.\n</div>\n\n'
        '<p class="callout callout-danger">Hot surface.</p>\n\n'
        "{: .alert-success}\nIt worked.\n\n"
        '<div class="alert warning">A box of the blog\'s own style.</div>\n\n'
        "{: .callout.tip}\nA kind named beside the box class.\n"
    )
    site = write_site(tmp_path / "site", {"2024-01-01-boxes.md": post})
    app = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app.build()
    assert app.warning.getvalue() == ""
    doctree = app.env.get_doctree("_posts/2024-01-01-boxes")
    found = [callout(n)[::2] for n in doctree.findall(nodes.Admonition)]
    assert found == [
        ("note", "A plain callout."),
        ("warning", "Mind the gap."),
        ("danger", "Hot surface."),
        ("tip", "It worked."),
        ("warning", "A box of the blog's own style."),
        ("tip", "A kind named beside the box class."),
    ]


def test_a_raw_html_box_with_a_bold_label_is_titled_by_it(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    post = (
        "---\ntitle: Boxes\n---\n\n"
        '<div class="notice">\n  <p><strong>Tip:</strong> a multimeter helps.</p>\n'
        "  <p>Second.</p>\n</div>\n\n"
        '<div class="notice--warning"><p><b>Careful</b>: hot.</p></div>\n\n'
        '<div class="notice"><p><strong>Bold</strong> but no label.</p></div>\n'
    )
    site = write_site(tmp_path / "site", {"2024-01-01-boxes.md": post})
    app = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app.build()
    assert app.warning.getvalue() == ""
    doctree = app.env.get_doctree("_posts/2024-01-01-boxes")
    found = [callout(n)[:2] for n in doctree.findall(nodes.Admonition)]
    assert found == [("note", "Tip"), ("warning", "Careful"), ("note", None)]
    page = (Path(app.outdir) / "_posts" / "2024-01-01-boxes.html").read_text("utf-8")
    assert "<p>a multimeter helps.</p>" in page
    assert "<p>hot.</p>" in page
    assert "<strong>Bold</strong> but no label." in page


def test_an_ial_inside_a_quote_makes_that_quote_a_callout(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """``> {: .prompt-tip }`` ends the quote's paragraph: each quote keeps its own
    class, and quotes a blank line apart stay apart."""
    post = (
        "---\ntitle: Q\n---\n\n> **Tip:** shorter builds.\n> {: .prompt-tip }\n\n"
        "> **Info:** version two.\n> {: .prompt-info }\n"
    )
    app = build_posts(make_app, tmp_path, {"2024-01-01-q.md": post})
    assert app.warning.getvalue() == ""
    doctree = app.env.get_doctree("_posts/2024-01-01-q")
    found = [callout(n) for n in doctree.findall(nodes.Admonition)]
    assert found == [
        ("tip", "Tip", "shorter builds."),
        ("note", "Info", "version two."),
    ]
    assert len(list(doctree.findall(nodes.block_quote))) == 2
