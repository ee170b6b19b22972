"""Callout boxes: the kind from the theme's class, the title from the post's lead-in."""

from __future__ import annotations

from pathlib import Path

from conftest import callout, write_site
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
    "No label at all.": ("note", None, "No label at all."),
    "**Bold** words, no colon.": ("note", None, "Bold words, no colon."),
    "**Only a label:**": ("note", None, "Only a label:"),
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
