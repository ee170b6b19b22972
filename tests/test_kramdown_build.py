"""kramdown rules that need a whole build: raw HTML callouts, images, code lines."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from bs4 import BeautifulSoup
from conftest import build_posts, callout, write_site
from docutils import nodes
import pytest

from sphinx_jekyllposts.rouge import rouge_table

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

POST = "_posts/2024-03-02-bench-notes"


@pytest.fixture
def app(make_app, rootdir: Path, tmp_path: Path) -> SphinxTestApp:  # type: ignore[no-untyped-def]
    app: SphinxTestApp = make_app(
        "html", srcdir=rootdir / "test-kramdown-html", builddir=tmp_path
    )
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
    """Jekyll's ``guess_lang: true`` has Rouge highlight, so number, plain text too."""
    doctree = app.env.get_doctree(POST)
    blocks = {b.astext().strip(): b for b in doctree.findall(nodes.literal_block)}
    for text in ('puts "sanded"', "no language here"):
        assert isinstance(blocks[text], rouge_table)
        assert blocks[text].get("linenos") is True


JOINERY = "_posts/2024-03-09-joinery"


def test_toc_leaves_out_no_toc_headings_and_links_no_heading_back(
    app: SphinxTestApp,
) -> None:
    doctree = app.env.get_doctree(JOINERY)
    [topic] = [t for t in doctree.findall(nodes.topic) if "contents" in t["classes"]]
    entries = [r.astext() for r in topic.findall(nodes.reference)]
    assert entries == ["Dovetail", "Glue-ups"]
    assert not [t for t in doctree.findall(nodes.title) if t.get("refid")]


def test_heading_classes_go_to_the_heading(app: SphinxTestApp) -> None:
    doctree = app.env.get_doctree(JOINERY)
    titles = {t.astext(): t for t in doctree.findall(nodes.title)}
    assert "no_toc" in titles["Cuts"]["classes"]
    assert all("no_toc" not in s["classes"] for s in doctree.findall(nodes.section))


def test_table_attributes_stay_on_the_table(app: SphinxTestApp) -> None:
    doctree = app.env.get_doctree(JOINERY)
    [table] = doctree.findall(nodes.table)
    assert "wide" in table["classes"]
    assert not [p for p in table.findall(nodes.paragraph) if p["classes"]]


def test_callout_class_with_double_dash_in_a_container(app: SphinxTestApp) -> None:
    doctree = app.env.get_doctree(JOINERY)
    [tip] = [callout(n) for n in doctree.findall(nodes.Admonition)]
    assert tip[:2] == ("tip", "Tip")


FINISHING = "_posts/2024-03-16-finishing"


def test_abbreviations_are_abbr_nodes(app: SphinxTestApp) -> None:
    doctree = app.env.get_doctree(FINISHING)
    [abbr] = doctree.findall(nodes.abbreviation)
    assert (abbr.astext(), abbr["explanation"]) == ("PVA", "polyvinyl acetate")
    text = doctree.astext()
    assert "*[PVA]" not in text


def test_unreferenced_footnote_goes_quietly(app: SphinxTestApp) -> None:
    doctree = app.env.get_doctree(FINISHING)
    [footnote] = doctree.findall(nodes.footnote)
    assert "From water and from wear." in footnote.astext()
    assert "Renew it every year." in footnote.astext()
    assert "Nobody points" not in doctree.astext()


def test_korean_post_gets_kramdown_quotes_and_guillemets(app: SphinxTestApp) -> None:
    page = Path(app.outdir) / f"{FINISHING}.html"
    text = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text()
    assert "\u2018first coat\u2019" in text  # Sphinx's smartquotes, as kramdown
    assert "\u00ab\u00a0huile dure\u00a0\u00bb" in text


def test_ial_after_end_tag_and_open_details(app: SphinxTestApp) -> None:
    doctree = app.env.get_doctree(FINISHING)
    [note] = doctree.findall(nodes.note)
    assert "wide" in note["classes"]
    assert "wipe" in note["ids"]
    [dropdown] = [
        c for c in doctree.findall(nodes.container) if c.get("type") == "dropdown"
    ]
    assert dropdown["opened"] is True


CLAMPS = "_posts/2024-03-23-clamps"


def test_toc_lists_the_whole_post_wherever_it_stands(app: SphinxTestApp) -> None:
    doctree = app.env.get_doctree(CLAMPS)
    tocs = [t for t in doctree.findall(nodes.topic) if "contents" in t["classes"]]
    entries = [[r.astext() for r in t.findall(nodes.reference)] for t in tocs]
    # one in a <details>, one in a section: each lists every heading
    assert entries == [["Bar clamps", "Spring clamps"]] * 2
    assert not [t for toc in tocs for t in toc.findall(nodes.title)]


def test_summary_over_several_lines_is_the_dropdown_title(app: SphinxTestApp) -> None:
    page = Path(app.outdir) / f"{CLAMPS}.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    [summary] = soup.select("details summary")
    assert summary.get_text().strip() == "On this page"
    assert "small" in summary["class"]
    assert summary.find_parent("details").has_attr("open")


def test_rules_stay_where_kramdown_puts_them(app: SphinxTestApp) -> None:
    doctree = app.env.get_doctree(CLAMPS)
    bar = doctree.ids["bar-clamps"]
    assert isinstance(bar[1], nodes.transition)  # right below the heading
    [quote] = bar.findall(nodes.block_quote)
    assert len(list(quote.findall(nodes.transition))) == 1
    spring = doctree.ids["spring-clamps"]
    assert [type(n) for n in spring.children[-2:]] == [nodes.transition] * 2
    assert not list(doctree.findall(nodes.comment))  # no stand-in left behind


def test_heading_in_a_quote_is_a_heading(app: SphinxTestApp) -> None:
    page = Path(app.outdir) / f"{CLAMPS}.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    [heading] = soup.select("blockquote h5")
    assert heading.get_text().strip() == "Pipe clamps"


def test_math_environment_reaches_mathjax_unwrapped(app: SphinxTestApp) -> None:
    page = Path(app.outdir) / f"{CLAMPS}.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    [math] = soup.select("div.math")
    text = math.get_text().strip()
    assert text.startswith("\\[") and text.endswith("\\]")
    assert "\\begin{align*}" in text
    assert "split" not in text


def test_rows_without_a_header_and_rule_rows(app: SphinxTestApp) -> None:
    doctree = app.env.get_doctree(CLAMPS)
    rows = {
        tuple(table["classes"]): [
            [entry.astext() for entry in row.children]
            for row in table.findall(nodes.row)
        ]
        for table in doctree.findall(nodes.table)
    }
    assert rows == {
        ("sizes",): [["small", "25 mm"], ["large", "50 mm"]],
        # kramdown splits the row before it reads math; \| splits nothing
        (): [["Jaw gap: from $$", "a - b", "$$ up"]],
        ("colwidths-auto",): [
            ["clamp", "reach"],
            ["bar", "long"],
            ["spring", "short"],
            ["all", "2"],
        ],
    }
    [headerless] = [t for t in doctree.findall(nodes.table) if "sizes" in t["classes"]]
    assert not list(headerless.findall(nodes.thead))
    [in_item] = [t for t in doctree.findall(nodes.table) if not t["classes"]]
    assert isinstance(in_item.parent, nodes.list_item)
    assert "\\|L\\|" in [m.astext() for m in doctree.findall(nodes.math)]


def test_a_pipe_in_link_text_makes_a_row_of_text_cells(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """kramdown splits a row at ``|`` before it reads links: ``[Guide | Shop](url)``
    (a page title pasted as link text) is a row of two text cells, in a list item
    too, as Jekyll shows it."""
    post = (
        "---\ntitle: P\n---\n\n* [Clamp guide | Shop](https://example.com/g)\n"
        "* plain\n\nSee [a | b](https://example.com/ab) too.\n"
    )
    app = build_posts(make_app, tmp_path, {"2024-01-01-p.md": post})
    assert app.warning.getvalue() == ""
    doctree = app.env.get_doctree("_posts/2024-01-01-p")
    rows = [
        [entry.astext() for entry in row.children] for row in doctree.findall(nodes.row)
    ]
    assert rows == [
        ["[Clamp guide", "Shop](https://example.com/g)"],
        ["See [a", "b](https://example.com/ab) too."],
    ]
    assert not list(doctree.findall(nodes.reference))


def test_toc_levels_leave_other_headings_out(app: SphinxTestApp) -> None:
    doctree = app.env.get_doctree("_posts/2024-03-30-vises")
    [toc] = [t for t in doctree.findall(nodes.topic) if "contents" in t["classes"]]
    assert [r.astext() for r in toc.findall(nodes.reference)] == [
        "Bench vise",
        "Leg vise",
    ]
    assert not [t for t in doctree.findall(nodes.title) if t["classes"]]


@pytest.mark.parametrize("theme", ["jekyll-theme-chirpy", "minima"])
def test_blocks_the_theme_shows_unnumbered_stay_so(
    make_app, tmp_path: Path, theme: str
) -> None:  # type: ignore[no-untyped-def]
    """Chirpy hides Rouge's numbers on ``{: .nolineno }`` blocks and on console and
    terminal sessions; other themes show what Rouge wrote (the class is inert)."""
    post = (
        "---\ntitle: Numbers\n---\n\n```python\nprint(1)\n```\n\n"
        "```shell\necho hidden\n```\n{: .nolineno }\n\n```console\n$ ls\n```\n"
    )
    app = _numbered_site(make_app, tmp_path, theme, {"2024-01-01-numbers.md": post})
    doctree = app.env.get_doctree("_posts/2024-01-01-numbers")
    numbered = {
        b["language"]: bool(b.get("linenos"))
        for b in doctree.findall(nodes.literal_block)
    }
    chirpy = theme == "jekyll-theme-chirpy"
    assert numbered == {"python": True, "shell": not chirpy, "console": not chirpy}
    # Rouge wrote the numbers; the theme's style hides them, and so does ours.
    soup = BeautifulSoup(
        (Path(app.outdir) / "_posts/2024-01-01-numbers.html").read_text("utf-8"),
        "html.parser",
    )
    hidden = [
        next(c for c in div["class"] if c.startswith("highlight-"))
        for div in soup.select("div.jekyllposts-nolineno")
        if div.select_one("table.rouge-table td.rouge-gutter pre.lineno")
    ]
    assert hidden == (["highlight-shell", "highlight-console"] if chirpy else [])


GLUE_UP = "_posts/2024-04-06-glue-up"


def test_ordered_lists_are_numbered_as_kramdown_numbers_them(
    app: SphinxTestApp,
) -> None:
    """Lists start at 1 whatever their first number, unless an IAL says otherwise;
    ``10.`` right under a paragraph's line starts a list; ``1)`` is text."""
    doctree = app.env.get_doctree(GLUE_UP)
    lists = list(doctree.findall(nodes.enumerated_list))
    assert [len(ol.children) for ol in lists] == [2, 2, 2]
    assert [ol.get("start", 1) for ol in lists] == [1, 1, 5]
    paragraphs = [p.astext() for p in doctree.findall(nodes.paragraph)]
    assert "Then the glue:" in paragraphs
    assert "1) a note written with a parenthesis\n2) stays a sentence" in paragraphs


SHARPENING = "_posts/2024-04-06-sharpening"


def _body(app: SphinxTestApp, docname: str) -> BeautifulSoup:
    page = Path(app.outdir) / f"{docname}.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    body = soup.select_one("div.body")
    assert body is not None
    return body


def test_task_list_items_are_checkboxes(app: SphinxTestApp) -> None:
    """kramdown's GFM parser turns ``[ ]``/``[x]``/``[X]`` and a blank into a box."""
    items = _body(app, SHARPENING).select("ul > li")
    boxes = [(i.get_text(" ", strip=True), i.find("input")) for i in items]
    assert [(text, box is not None) for text, box in boxes] == [
        ("flatten the stone", True),
        ("soak the stone", True),
        ("mark the bevel with a pen", True),
        ("[ ]", False),
        ("wipe the blade", False),
    ]
    checked = [box.has_attr("checked") for _, box in boxes if box is not None]
    assert checked == [False, True, True]
    assert all(box.has_attr("disabled") for _, box in boxes if box is not None)


def test_block_and_image_attributes_reach_the_html(app: SphinxTestApp) -> None:
    """``{: style="…"}`` on a paragraph or an image is written as kramdown writes it;
    only attributes the reader sees are (no ``data-*``, no event handlers)."""
    body = _body(app, SHARPENING)
    [steady] = [p for p in body.select("p") if "steady" in p.get_text()]
    assert steady["style"] == "color: darkred"
    [strop] = [p for p in body.select("p") if "Stropping" in p.get_text()]
    assert strop.attrs.get("title") == "the last step"
    assert not {"data-step", "onclick"} & set(strop.attrs)
    [image] = body.select("img")
    assert image["style"] == "width: 40%"
    assert "shadow" in image["class"]


@pytest.mark.parametrize("theme", ["jekyll-theme-chirpy", "minima"])
def test_chirpy_file_attribute_is_the_code_caption(
    make_app, tmp_path: Path, theme: str
) -> None:  # type: ignore[no-untyped-def]
    """Chirpy titles a code block with its ``file``; its classes stay on the code."""
    post = (
        "---\ntitle: Files\n---\n\n```yaml\nkerf: 3\n```\n{: file='_data/saw.yml' }\n\n"
        "- In a list:\n\n  ```ruby\n  cut!\n  ```\n"
        '  {: .nolineno .highlight file="lib/saw.rb" }\n\n'
        '<div markdown="1">\n\n```sh\nls\n```\n{: file="run.sh"}\n\n</div>\n'
    )
    app = _numbered_site(make_app, tmp_path, theme, {"2024-01-01-files.md": post})
    assert app.warning.getvalue() == ""
    doctree = app.env.get_doctree("_posts/2024-01-01-files")
    captions = {
        b.astext().strip(): b.parent.children[0].astext()
        for b in doctree.findall(nodes.literal_block)
        if b.parent.get("literal_block")
    }
    chirpy = theme == "jekyll-theme-chirpy"
    assert captions == (
        {"kerf: 3": "_data/saw.yml", "cut!": "lib/saw.rb", "ls": "run.sh"}
        if chirpy
        else {}
    )
    [ruby] = [
        b for b in doctree.findall(nodes.literal_block) if b["language"] == "ruby"
    ]
    assert {"nolineno", "highlight"} <= set(ruby["classes"])
    assert ruby.get("linenos") is not chirpy  # the class hides them on Chirpy
    html = (Path(app.outdir) / "_posts/2024-01-01-files.html").read_text(
        encoding="utf-8"
    )
    soup = BeautifulSoup(html, "html.parser")
    shown = [
        c.get_text(strip=True) for c in soup.select(".code-block-caption .caption-text")
    ]
    assert shown == (["_data/saw.yml", "lib/saw.rb", "run.sh"] if chirpy else [])


def test_no_toc_headings_stay_out_of_the_page_toc(app: SphinxTestApp) -> None:
    """Themes list ``env.tocs`` beside the page; a ``no_toc`` heading is not there."""
    toc = app.env.tocs[JOINERY]
    entries = [r.astext() for r in toc.findall(nodes.reference)]
    assert entries == ["Joinery", "Dovetail", "Glue-ups"]


def test_no_toc_headings_stay_out_of_on_this_page(
    make_app, rootdir: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """pydata-sphinx-theme's secondary sidebar ("On this page") leaves them out."""
    app = make_app(
        "html",
        srcdir=rootdir / "test-kramdown-html",
        builddir=tmp_path,
        confoverrides={"html_theme": "pydata_sphinx_theme"},
    )
    app.build()
    page = Path(app.outdir) / f"{JOINERY}.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    links = [a.get_text(strip=True) for a in soup.select("nav.page-toc a")]
    assert links == ["Dovetail", "Glue-ups"]


def _numbered_site(  # type: ignore[no-untyped-def]
    make_app, tmp_path: Path, theme: str, posts: dict[str, str]
) -> SphinxTestApp:
    """A site of ``theme`` whose Rouge numbers the lines of code, built."""
    site = write_site(tmp_path / "site", posts)
    (site / "_config.yml").write_text(
        f"theme: {theme}\nkramdown:\n  syntax_highlighter_opts:\n"
        "    block:\n      line_numbers: true\n",
        encoding="utf-8",
    )
    app: SphinxTestApp = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app.build()
    return app

    doctree = app.env.get_doctree("_posts/2024-01-01-steps")
    starts = [int(ol.get("start", 1)) for ol in doctree.findall(nodes.enumerated_list)]
    assert starts == [1, 7, 4]


def test_ial_after_indented_code_stays_out_of_the_code(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """An IAL right after an indented code block is the block's, not a code line."""
    post = "---\ntitle: Code\n---\n\n    x = 1\n{: .wide}\n\nAfter.\n"
    app = build_posts(make_app, tmp_path, {"2024-01-01-code.md": post})
    [block] = app.env.get_doctree("_posts/2024-01-01-code").findall(nodes.literal_block)
    assert block.astext().strip() == "x = 1"
    assert "wide" in block["classes"]


def test_language_class_names_the_language_of_a_code_block(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """kramdown highlights a code block by its ``language-*`` class; a fence's own
    language wins (Jekyll 4.3: ``language-python``, ``language-ruby``, ``language-sh``)."""
    post = (
        "---\ntitle: Code\n---\n\n    print('indented')\n{: .language-python}\n\n"
        "{: .language-ruby}\n~~~\nputs 1\n~~~\n\n"
        "```sh\necho fenced\n```\n{: .language-python}\n"
    )
    app = build_posts(make_app, tmp_path, {"2024-01-01-code.md": post})
    doctree = app.env.get_doctree("_posts/2024-01-01-code")
    blocks = list(doctree.findall(nodes.literal_block))
    assert [b["language"] for b in blocks] == ["python", "ruby", "sh"]
    assert not [c for b in blocks[:2] for c in b["classes"] if c.startswith("language")]


def test_image_title_reaches_the_html(app: SphinxTestApp) -> None:
    """``![a](b "title")``: kramdown writes the title; docutils has no place for it."""
    page = Path(app.outdir) / f"{GLUE_UP}.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    [image] = soup.select('img[alt="clamps in a row"]')
    assert image["title"] == "Six clamps, one joint"


def test_parse_block_html_of_the_site_reads_markdown_in_html_blocks(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """``kramdown: parse_block_html: true`` in ``_config.yml`` reads every HTML
    block's Markdown, as ``markdown="1"`` does for one block."""
    post = (
        '---\ntitle: Blocks\n---\n\n<div class="box-note">\n**Note:** read.\n</div>\n\n'
        '<div class="plain">\nSome *text*.\n</div>\n'
    )
    app = build_posts(
        make_app,
        tmp_path,
        {"2024-01-01-blocks.md": post},
        "kramdown:\n  parse_block_html: true\n",
    )
    assert app.warning.getvalue() == ""
    doctree = app.env.get_doctree("_posts/2024-01-01-blocks")
    [note] = doctree.findall(nodes.Admonition)
    assert note.next_node(nodes.title).astext() == "Note"
    assert [e.astext() for e in doctree.findall(nodes.emphasis)] == ["text"]
    assert "**" not in doctree.astext()


def test_display_math_with_an_ial_after_it_is_display_math_with_the_class(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """kramdown's block boundary includes an IAL: ``$$…$$`` then ``{: .eqn}`` is a
    displayed equation with that class, not inline math."""
    post = "---\ntitle: Math\n---\n\n$$\na = b\n$$\n{: .eqn}\n\nAfter.\n"
    app = build_posts(make_app, tmp_path, {"2024-01-01-math.md": post})
    assert app.warning.getvalue() == ""
    doctree = app.env.get_doctree("_posts/2024-01-01-math")
    [block] = doctree.findall(nodes.math_block)
    assert block.astext().strip() == "a = b"
    assert not list(doctree.findall(nodes.math))
    page = Path(app.outdir) / "_posts/2024-01-01-math.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    [shown] = soup.select("div.math")
    assert "eqn" in shown["class"]


@pytest.mark.parametrize(
    ("front", "config", "math"),
    [
        ("use_math: true", "", True),
        ("math: true", "", True),
        ("", "mathjax: true", True),
        ("mathjax: false", "mathjax: true", False),
        ("", "math: false", False),
        ("", "", True),
    ],
)
def test_the_switches_themes_load_mathjax_with(
    make_app, tmp_path: Path, front: str, config: str, math: bool
) -> None:  # type: ignore[no-untyped-def]
    r"""``\\(…\\)`` is math where the theme loads MathJax: ``mathjax``, ``math`` or
    ``use_math`` in the post, else in ``_config.yml``; with neither, it is math too
    (the notation is written for MathJax alone)."""
    post = f"---\ntitle: M\n{front}\n---\n\nEuler: \\\\(e^{{i\\pi}} + 1 = 0\\\\).\n"
    app = build_posts(make_app, tmp_path, {"2024-01-01-m.md": post}, config + "\n")
    assert app.warning.getvalue() == ""
    doctree = app.env.get_doctree("_posts/2024-01-01-m")
    assert bool(list(doctree.findall(nodes.math))) is math


@pytest.mark.parametrize("switch", ["", "mathjax: false"])
def test_math_in_raw_html_is_left_to_mathjax_on_a_page_that_loads_it(
    make_app, tmp_path: Path, switch: str
) -> None:  # type: ignore[no-untyped-def]
    """kramdown leaves ``<div>$$…$$</div>`` to the page's MathJax: the block is
    processed by MathJax and the page loads it (the post has no other math), unless
    the post turns MathJax off."""
    post = f"---\ntitle: M\n{switch}\n---\n\nText.\n<div>\n$$\nE = mc^2\n$$\n</div>\n"
    app = build_posts(make_app, tmp_path, {"2024-01-01-m.md": post})
    assert app.warning.getvalue() == ""
    soup = _page(app, "_posts/2024-01-01-m")
    [raw] = [
        d for d in soup.select("div.body div") if "E = mc^2" in d.text and not d.div
    ]
    processed = raw.find_parent(class_="mathjax_process") is not None
    loads = any("mathjax" in (s.get("src") or "") for s in soup.select("script"))
    assert (processed, loads) == ((False, False) if switch else (True, True))


def test_an_escaped_pipe_in_a_table_without_header_stays_in_its_cell(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    r"""``| a \| b | c |`` with no separator line: two cells, ``a | b`` and ``c``;
    a pipe in a code span stays code."""
    post = "---\ntitle: T\n---\n\n| a \\| b | c |\n| `x\\|y` | e |\n"
    app = build_posts(make_app, tmp_path, {"2024-01-01-t.md": post})
    assert app.warning.getvalue() == ""
    doctree = app.env.get_doctree("_posts/2024-01-01-t")
    [table] = doctree.findall(nodes.table)
    rows = [
        [e.astext() for e in row.findall(nodes.entry)]
        for row in table.findall(nodes.row)
    ]
    assert rows == [["a | b", "c"], ["x\\|y", "e"]]


def test_an_ial_opening_a_list_item_gives_the_item_its_attributes(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """``- {: .special} text``: kramdown's ``<li class="special">``, no warning."""
    post = "---\ntitle: L\n---\n\n- {: .special} first\n- plain\n- {:.other} third\n"
    app = build_posts(make_app, tmp_path, {"2024-01-01-l.md": post})
    assert app.warning.getvalue() == ""
    doctree = app.env.get_doctree("_posts/2024-01-01-l")
    items = list(doctree.findall(nodes.list_item))
    assert [(i["classes"], i.astext()) for i in items] == [
        (["special"], "first"),
        ([], "plain"),
        (["other"], "third"),
    ]
    assert "{:" not in doctree.astext()


def test_a_one_line_markdown_element_is_a_paragraph_with_its_classes(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """``<p class="lead" markdown="1">A *p*</p>``: the text is read, the element's
    classes and id stay; a one-line box is a callout."""
    post = (
        '---\ntitle: O\n---\n\n<p class="lead" id="intro" markdown="1">A *p*.</p>\n\n'
        '<div class="box-note" markdown="1">**Note:** a *box*.</div>\n'
    )
    app = build_posts(make_app, tmp_path, {"2024-01-01-o.md": post})
    assert app.warning.getvalue() == ""
    doctree = app.env.get_doctree("_posts/2024-01-01-o")
    lead = next(p for p in doctree.findall(nodes.paragraph) if "lead" in p["classes"])
    assert (lead["ids"][:1], lead.astext()) == (["intro"], "A p.")
    [box] = doctree.findall(nodes.Admonition)
    assert callout(box) == ("note", "Note", "a box.")
    assert "*" not in doctree.astext() and "markdown=" not in doctree.astext()


def test_an_ial_after_a_link_definition_is_its_links(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """kramdown gives the attributes of an IAL after ``[ref]: url`` to the links
    that use ``ref``; no warning."""
    post = (
        "---\ntitle: R\n---\n\nSee [one][ref], [ref] and [plain](https://x.org).\n\n"
        "[ref]: https://example.com/three\n{: .ignored}\n"
    )
    app = build_posts(make_app, tmp_path, {"2024-01-01-r.md": post})
    assert app.warning.getvalue() == ""
    page = Path(app.outdir) / "_posts/2024-01-01-r.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    classes = {a.get_text(): "ignored" in a["class"] for a in soup.select("p a")}
    assert classes == {"one": True, "ref": True, "plain": False}


def test_a_break_tag_alone_before_a_block_leaves_the_block_markdown(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """``<br>`` alone on a line is kramdown's one-line paragraph when a fence, a
    heading, a quote, a list or an IAL follows; CommonMark's HTML block would
    have taken those lines in as raw text."""
    post = (
        "---\ntitle: B\n---\n\nText.\n\n<br>\n```java\nint x;\n```\n\n"
        "<br>\n## Later\n\n<br/>\n> quoted\n\n<br>\n- item\n\n<br>\n{: .gap}\n"
    )
    app = build_posts(make_app, tmp_path, {"2024-01-01-b.md": post})
    assert app.warning.getvalue() == ""
    soup = _page(app, "_posts/2024-01-01-b")
    body = soup.select_one("div.body")
    assert body is not None
    assert [pre.get_text() for pre in body.select("pre")] == ["int x;\n"]
    assert [h.get_text("", strip=True) for h in body.select("h2")] == ["Later¶"]
    assert body.select_one("blockquote").get_text(strip=True) == "quoted"
    assert [li.get_text(strip=True) for li in body.select("li")] == ["item"]
    assert [p.get("class") for p in body.select("p") if p.find("br")][-1] == ["gap"]
    assert "```" not in body.get_text() and "{:" not in body.get_text()


def test_highlighted_code_opening_like_directive_options_stays_code(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Code whose first line is ``:tag x`` (Vim) or a front matter's ``---`` is
    code, not the options of the ``code-block`` that ``highlight`` writes."""
    post = (
        "---\ntitle: H\n---\n\n{% highlight shell %}\n:tag get\n{% endhighlight %}\n\n"
        "{% highlight yaml linenos %}\n---\nlayout: post\n---\n{% endhighlight %}\n"
    )
    app = build_posts(make_app, tmp_path, {"2024-01-01-h.md": post})
    assert app.warning.getvalue() == ""
    doctree = app.env.get_doctree("_posts/2024-01-01-h")
    blocks = [b.astext() for b in doctree.findall(nodes.literal_block)]
    assert blocks[0] == ":tag get"
    assert "---\nlayout: post\n---" in blocks[-1]


ROUGE_POST = (
    "---\ntitle: Numbers\n---\n\n"
    '{% highlight ruby linenos mark_lines="2" %}\ndef hi\n  puts 1\nend\n'
    "{% endhighlight %}\n\n"
    "```mermaid\ngraph TD\n```\n\n```\nplain words\n```\n"
)
NUMBERED_CONFIG = (
    "kramdown:\n  syntax_highlighter_opts:\n    block:\n"
    "      line_numbers: true\n      start_line: 5\n"
)


def _page(app: SphinxTestApp, docname: str) -> BeautifulSoup:
    html = (Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


def test_numbered_code_is_laid_out_as_rouge_does(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Rouge's table: a gutter of numbers beside the highlighted code, in the
    block's ``<pre><code>``, as Jekyll's page has it."""
    app = build_posts(make_app, tmp_path, {"2024-01-01-numbers.md": ROUGE_POST})
    assert app.warning.getvalue() == ""
    soup = _page(app, "_posts/2024-01-01-numbers")
    [block] = soup.select("div.highlight-ruby")
    table = block.select_one("div.highlight > pre > code > table.rouge-table")
    assert table is not None
    assert table.select_one("td.rouge-gutter > pre.lineno").get_text() == "1\n2\n3\n"
    code = table.select_one("td.rouge-code > pre")
    assert code.get_text() == "def hi\n  puts 1\nend\n"
    assert code.select_one("span.k").get_text() == "def"  # Pygments' classes
    assert code.select_one("span.hll").get_text().strip() == "puts 1"  # mark_lines
    assert not soup.select("span.linenos")
    # Without kramdown's line_numbers, fences stay as they are.
    assert len(soup.select("table.rouge-table")) == 1


def test_kramdown_line_numbers_follow_jekylls_highlighting(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Plain text is numbered from ``start_line`` (Jekyll's ``guess_lang``); a
    language Rouge has no lexer for is not highlighted, so not numbered."""
    app = build_posts(
        make_app, tmp_path, {"2024-01-01-numbers.md": ROUGE_POST}, NUMBERED_CONFIG
    )
    soup = _page(app, "_posts/2024-01-01-numbers")
    gutters = {
        table.select_one("td.rouge-code").get_text(): table.select_one(
            "pre.lineno"
        ).text
        for table in soup.select("table.rouge-table")
    }
    assert gutters == {"def hi\n  puts 1\nend\n": "1\n2\n3\n", "plain words\n": "5\n"}
    mermaid = [p for p in soup.select("pre") if "graph TD" in p.get_text()]
    assert [p.find_parent("table") for p in mermaid] == [None]


def test_guess_lang_false_leaves_plain_text_unnumbered(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    config = NUMBERED_CONFIG + "  guess_lang: false\n"
    app = build_posts(make_app, tmp_path, {"2024-01-01-numbers.md": ROUGE_POST}, config)
    doctree = app.env.get_doctree("_posts/2024-01-01-numbers")
    numbered = [b.astext() for b in doctree.findall(rouge_table)]
    assert numbered == ["def hi\n  puts 1\nend"]


def test_inline_line_numbers_are_sphinx_own(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    site = write_site(tmp_path / "site", {"2024-01-01-numbers.md": ROUGE_POST})
    app = make_app(
        "html",
        srcdir=site,
        builddir=tmp_path / "build",
        confoverrides={"jekyllposts_line_numbers": "inline"},
    )
    app.build()
    soup = _page(app, "_posts/2024-01-01-numbers")
    assert not soup.select("table.rouge-table")
    numbers = soup.select("div.highlight-ruby span.linenos")
    assert [n.get_text().strip() for n in numbers] == ["1", "2", "3"]


@pytest.mark.parametrize("builder", ["text", "xml"])
def test_numbered_code_in_other_builders(
    make_app, tmp_path: Path, builder: str
) -> None:  # type: ignore[no-untyped-def]
    """Builders other than HTML write the block as the literal block it is."""
    site = write_site(tmp_path / "site", {"2024-01-01-numbers.md": ROUGE_POST})
    app = make_app(builder, srcdir=site, builddir=tmp_path / "build")
    app.build()
    assert "rouge" not in app.warning.getvalue()
    written = "\n".join(
        p.read_text(encoding="utf-8")
        for p in Path(app.outdir).rglob("*")
        if p.suffix in {".txt", ".xml"}
    )
    assert "puts 1" in written


def test_languages_are_rouges(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Rouge decides what is highlighted and numbered: ``plaintext`` and indented code
    are, ``Ruby`` (Rouge's lookup keeps case) and ``pycon`` are shown as written;
    blank lines a block opens with keep their numbers."""
    post = (
        "---\ntitle: Languages\n---\n\n```ruby\n\n\nx = 1\n```\n\n"
        "```plaintext\nplain\n```\n\n    indented\n\n```Ruby\nputs 1\n```\n\n"
        "```pycon\n>>> 1\n```\n\n```ruby?line_numbers=true\nputs 2\n```\n"
    )
    app = build_posts(
        make_app, tmp_path, {"2024-01-01-languages.md": post}, NUMBERED_CONFIG
    )
    soup = _page(app, "_posts/2024-01-01-languages")
    blocks = []
    for div in soup.select("div[class*=highlight-]"):
        gutter = div.select_one("pre.lineno")
        code = div.select_one("td.rouge-code pre") or div.pre
        highlighted = bool(code.select("span[class]"))
        blocks.append(
            (code.get_text(), gutter.get_text() if gutter else None, highlighted)
        )
    assert blocks == [
        ("\n\nx = 1\n", "5\n6\n7\n", True),
        ("plain\n", "5\n", False),
        ("indented\n", "5\n", False),
        ("puts 1\n", None, False),
        (">>> 1\n", None, False),
        ("puts 2\n", "5\n", True),
    ]


def test_toc_is_part_of_the_text_with_kramdowns_id(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """``{:toc}`` is written in the text (not as navigation) as ``#markdown-toc``,
    which a post's own link to it finds."""
    post = (
        "---\ntitle: T\n---\n\n* TOC\n{:toc}\n\n## One\n\nText.\n\n"
        "## Two\n\n[Back to the top](#markdown-toc)\n"
    )
    app = build_posts(make_app, tmp_path, {"2024-01-01-t.md": post})
    assert app.warning.getvalue() == ""
    soup = _page(app, "_posts/2024-01-01-t")
    toc = soup.find(id="markdown-toc")
    assert toc is not None and toc.name != "nav" and toc.find_parent("nav") is None
    assert [a.get_text() for a in toc.select("a")] == ["One", "Two"]
    [back] = [a for a in soup.select("a") if a.get_text() == "Back to the top"]
    assert back["href"] == "#markdown-toc"


RECIPE = """\
---
title: Sourdough timings
---
Feed the starter twice[^3] before the bake, then rest the dough[^Rest] and
shape it[^shape_it] once it has doubled[^1]. The second feed[^3] is optional.

[^1]: Doubling takes four to six hours in a warm kitchen.
[^3]: Flour and water in equal weights.
[^Rest]: Covered, at room temperature.
[^shape_it]: On an unfloured bench.
"""


def test_footnotes_numbered_listed_and_named_as_kramdown(
    make_app: Any, tmp_path: Path
) -> None:
    app = build_posts(make_app, tmp_path, {"2024-05-04-sourdough.md": RECIPE})
    assert app.warning.getvalue() == ""
    page = Path(app.outdir) / "_posts" / "2024-05-04-sourdough.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    references = [
        (a["id"], a["href"], a.get_text(strip=True).strip("[]"))
        for a in soup.select("a.footnote-reference")
    ]
    # numbered by first reference whatever the label; repeats share the number
    assert references == [
        ("fnref:3", "#fn:3", "1"),
        ("fnref:Rest", "#fn:Rest", "2"),
        ("fnref:shape_it", "#fn:shape_it", "3"),
        ("fnref:1", "#fn:1", "4"),
        ("fnref:3:1", "#fn:3", "1"),
    ]
    notes = soup.select("aside.footnote")
    assert [n["id"] for n in notes] == ["fn:3", "fn:Rest", "fn:shape_it", "fn:1"]
    assert [n.select_one(".label").get_text().strip("[]") for n in notes] == [
        "1", "2", "3", "4",
    ]  # fmt: skip
    assert "equal weights" in notes[0].get_text()
    backlinks = [a["href"] for a in notes[0].select("a[role=doc-backlink]")]
    assert backlinks == ["#fnref:3", "#fnref:3:1"]


def test_quotes_written_as_entities_stay_straight(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """kramdown's smart quotes read quote characters, not ``&quot;`` or ``&#39;``
    (kramdown 2.4: ``said "hi" and it's`` for the entities, “real” for the
    characters), nor those of a tag it shows as text; in a link's destination and
    in code the entities are left alone."""
    post = (
        "---\ntitle: Quotes\n---\n\n"
        'He said &quot;hi&quot; and &#39;yo&#39;, "real" and it&apos;s\n'
        "[a link](https://example.org/?q=&quot;x) and `&quot;code`\n\n"
        'A block tag in a line is text: <div class="box">\n\n'
        "## A &quot;quoted&quot; heading\n"
    )
    app = build_posts(make_app, tmp_path, {"2024-01-01-quotes.md": post})
    doctree = app.env.get_doctree("_posts/2024-01-01-quotes")
    [paragraph] = [p for p in doctree.findall(nodes.paragraph) if "said" in p.astext()]
    assert paragraph.astext().startswith(
        "He said \"hi\" and 'yo', \u201creal\u201d and it's"
    )
    [link] = paragraph.findall(nodes.reference)
    assert link["refuri"] == "https://example.org/?q=%22x"
    [code] = paragraph.findall(nodes.literal)
    assert code.astext() == "&quot;code"
    assert 'A "quoted" heading' in [t.astext() for t in doctree.findall(nodes.title)]
    # as is a block tag kramdown shows as text (kramdown: &lt;div class="box"&gt;)
    assert 'text: <div class="box">' in doctree.astext()
    page = (Path(app.outdir) / "_posts" / "2024-01-01-quotes.html").read_text("utf-8")
    assert "\ufdd2" not in page and "\ufdd3" not in page


def test_text_right_after_raw_html_is_markdown(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """kramdown ends a raw HTML element at its end tag and reads the next line as
    Markdown (kramdown 2.4: ``<h1>Title</h1>`` then ``<p>Some <em>text</em>``);
    CommonMark would read on to a blank line, all of it HTML. An end tag with a
    comment after it still closes a ``markdown="1"`` element."""
    post = (
        "---\ntitle: After HTML\n---\n\n"
        "<h1>Title</h1>\nSome *text* after.\n\n"
        "<hr>\n> a quote\n\n"
        '<div class="box-note">\n<b>raw</b> note\n</div>\n**bold** next\n\n'
        '<div class="left" markdown="1">\nSide *text*.\n</div><!-- /.left -->\n\n'
        "The end.\n"
    )
    app = build_posts(make_app, tmp_path, {"2024-01-01-after.md": post})
    assert app.warning.getvalue() == ""
    doctree = app.env.get_doctree("_posts/2024-01-01-after")
    raws = [r.astext() for r in doctree.findall(nodes.raw)]
    assert "<h1>Title</h1>\n" in raws and "<hr>\n" in raws
    assert not [r for r in raws if "<!--kramdown-->" in r or "text after" in r]
    [quote] = doctree.findall(nodes.block_quote)
    assert quote.astext() == "a quote"
    # the raw callout is still one element, so still a callout
    [note] = doctree.findall(nodes.note)
    assert "<b>raw</b> note" in note.astext()
    [container] = [
        c for c in doctree.findall(nodes.container) if "left" in c["classes"]
    ]
    assert container.astext() == "Side text."
    page = (Path(app.outdir) / "_posts" / "2024-01-01-after.html").read_text("utf-8")
    soup = BeautifulSoup(page, "html.parser")
    body = soup.select_one("section")
    assert body is not None
    assert [p.decode_contents() for p in body.find_all("p")][:2] == [
        "Some <em>text</em> after.",
        "a quote",
    ]
    assert "<strong>bold</strong> next" in page
    assert "<!--kramdown-->" not in page


def test_html_left_open_is_closed_where_the_post_ends(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """kramdown closes what a post leaves open at its end (kramdown 2.4: "Found no
    end tag for 'script' … auto-closing it"): the page around the post stays
    whole. A comment never closed is text (``&lt;!\u2013 draft``)."""
    post = (
        "---\ntitle: Open\n---\n\nText.\n\n<!-- draft\n\n"
        '<div class="wide">\n<p>kept *raw*\n\n<script src="/a.js">\n\nnot shown\n'
    )
    app = build_posts(make_app, tmp_path, {"2024-01-01-open.md": post})
    warnings = app.warning.getvalue()
    assert (
        "2024-01-01-open.md:9: WARNING: HTML element <div>, <p>, <script> is never"
        in warnings
    )
    assert "[jekyllposts.kramdown]" in warnings
    page = (Path(app.outdir) / "_posts" / "2024-01-01-open.html").read_text("utf-8")
    soup = BeautifulSoup(page, "html.parser")
    [wide] = soup.select("div.wide")
    assert wide.p is not None and wide.p.get_text().startswith("kept *raw*")
    assert wide.script is not None and wide.script.get_text().endswith("\nnot shown")
    assert "<!\u2013 draft" in soup.get_text()  # text, typeset as kramdown does
    assert soup.select("div.sphinxsidebar")  # the page after the post is there


def test_backslashes_reach_the_page_as_kramdown_writes_them(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    r"""kramdown 2.4 (GFM): ``\\\\`` is ``\\``, ``\"`` a straight quote, ``\;`` stays
    ``\;``, ``\~`` is ``~``; docutils' smart quotes must not read the backslashes
    left in the text as escapes again."""
    post = (
        "---\ntitle: Slashes\n---\n\n"
        'Rows \\\\\\\\ end, a \\"quote\\" and C:\\\\temp.\n\n'
        "Kept \\; \\% \\& \\? \\x, gone \\~.\n"
    )
    app = build_posts(make_app, tmp_path, {"2024-01-01-slashes.md": post})
    assert app.warning.getvalue() == ""
    doctree = app.env.get_doctree("_posts/2024-01-01-slashes")
    texts = [p.astext() for p in doctree.findall(nodes.paragraph)]
    assert 'Rows \\\\ end, a "quote" and C:\\temp.' in texts
    assert "Kept \\; \\% \\& \\? \\x, gone ~." in texts
