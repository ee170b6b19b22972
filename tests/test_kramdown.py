"""Tests for the kramdown → MyST stage (``sphinx_jekyllposts.kramdown``)."""

from __future__ import annotations

from dataclasses import dataclass
import io
from pathlib import Path
import re
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.core import publish_doctree
from docutils.parsers.rst import roles
from hypothesis import given
from hypothesis import strategies as st
from markdown_it.utils import read_fixture_file
from myst_parser.parsers.docutils_ import Parser
import pytest

from sphinx_jekyllposts.kramdown import (
    HEADERLESS_TABLE,
    MYST_EXTENSIONS,
    OUTSIDE_TOC_LEVELS,
    BlockAttrs,
    ElementAttrs,
    KramdownOptions,
    convert,
    toc_levels,
)
from sphinx_jekyllposts.kramdown._convert import convert_body
from sphinx_jekyllposts.kramdown._ids import HeaderIds
from sphinx_jekyllposts.kramdown._inline import rewrite_inline
from sphinx_jekyllposts.kramdown._parser import get_parser
from sphinx_jekyllposts.warnings_ import JekyllpostsWarning

if TYPE_CHECKING:
    from collections.abc import Callable

FIXTURES = Path(__file__).parent / "fixtures"
CASES = read_fixture_file(FIXTURES / "kramdown.md")
MATH_CASES = read_fixture_file(FIXTURES / "kramdown_math.md")
MATH = KramdownOptions(math=True)


_ABBR_RE = re.compile(r"\((.*)\)$", re.DOTALL)


def _abbr_role(  # type: ignore[no-untyped-def] # noqa: PLR0917
    name, rawtext, text, lineno, inliner, options=None, content=None
):
    """Sphinx's ``abbr`` role (sphinx.roles.Abbreviation) for plain docutils."""
    match = _ABBR_RE.search(text)
    if match is None:
        return [nodes.abbreviation(rawtext, text)], []
    node = nodes.abbreviation(rawtext, text[: match.start()].strip())
    node["explanation"] = match.group(1)
    return [node], []


def to_doctree(text: str) -> tuple[nodes.document, str]:
    """Parse MyST text as the build will (docutils renderer), with its warnings."""
    roles.register_local_role("abbr", _abbr_role)  # Sphinx builds reset the roles
    stream = io.StringIO()
    settings = {
        "myst_enable_extensions": list(MYST_EXTENSIONS),
        "warning_stream": stream,
        "report_level": 2,
        "doctitle_xform": False,
    }
    doctree = publish_doctree(text, parser=Parser(), settings_overrides=settings)
    return doctree, stream.getvalue()


@pytest.mark.parametrize(
    ("line", "title", "source", "expected"),
    CASES,
    ids=[f"{case[0]}-{case[1]}" for case in CASES],
)
def test_fixture(line: int, title: str, source: str, expected: str) -> None:
    result = convert(source)
    assert result.text == expected
    assert result.text.count("\n") == source.count("\n")


@pytest.mark.parametrize(
    ("line", "title", "source", "expected"),
    MATH_CASES,
    ids=[f"{case[0]}-{case[1]}" for case in MATH_CASES],
)
def test_math_fixture(line: int, title: str, source: str, expected: str) -> None:
    assert convert(source, MATH).text == expected


@pytest.mark.parametrize(
    ("line", "title", "source", "expected"),
    CASES + MATH_CASES,
    ids=[f"{case[0]}-{case[1]}" for case in CASES + MATH_CASES],
)
def test_fixture_output_is_clean_myst(
    line: int, title: str, source: str, expected: str
) -> None:
    if "{dropdown}" in expected:
        pytest.skip("the dropdown directive needs sphinx-design (a Sphinx build)")
    _, warnings = to_doctree(expected)
    assert warnings == ""


@dataclass(frozen=True)
class Case:
    """A conversion whose MyST doctree must contain a given node."""

    name: str
    source: str
    check: Callable[[nodes.document], bool]
    math: bool = False


def _has(
    kind: type[nodes.Element], classes: str = ""
) -> Callable[[nodes.document], bool]:
    wanted = set(classes.split())
    return lambda doc: any(wanted <= set(n["classes"]) for n in doc.findall(kind))


def _text_outside_raw(doc: nodes.document) -> str:
    return "".join(
        t.astext()
        for t in doc.findall(nodes.Text)
        if not isinstance(t.parent, nodes.raw)
    )


DOCTREE_CASES = [
    Case("paragraph", "{: .box-note}\n**Note:** x", _has(nodes.paragraph, "box-note")),
    Case("quote", "\n> q\n{: .prompt-tip}", _has(nodes.block_quote, "prompt-tip")),
    Case("list", "{: .checks}\n- a", _has(nodes.bullet_list, "checks")),
    Case("heading", "{: .no_toc}\n## H", _has(nodes.section, "no_toc")),
    Case(
        "image",
        "![a](b.png){: .mx-auto.d-block :}",
        _has(nodes.image, "mx-auto d-block"),
    ),
    Case("link", "[a](https://example.org){: .btn}", _has(nodes.reference, "btn")),
    Case("code span", "`p`{: .filepath}", _has(nodes.literal, "filepath")),
    Case("emphasis", "*e*{: .hl}", _has(nodes.inline, "hl")),
    Case("inline math", "a $$x$$ b", _has(nodes.math)),
    Case("display math", "$$\nx\n$$", _has(nodes.math_block)),
    Case("mathjax", r"\\(x\\)", _has(nodes.math), math=True),
    Case(
        "prices",
        "$5 and $10",
        lambda doc: not list(doc.findall(nodes.math)) and "$5 and $10" in doc.astext(),
    ),
    Case(
        "container",
        '<div class="box-note" markdown="1">\n**b** $$x$$\n</div>',
        lambda doc: any(
            "box-note" in c["classes"] and list(c.findall(nodes.strong))
            for c in doc.findall(nodes.container)
        ),
    ),
    Case(
        "nested headings",
        "### A\n\n##### B",
        lambda doc: (
            len(list(doc.findall(nodes.section))) == 2
            and isinstance(next(doc.findall(nodes.section)).children[-1], nodes.section)
        ),
    ),
    Case("toc", "* TOC\n{:toc}\n\n## A\n\n## B", _has(nodes.topic, "contents")),
    Case("nomarkdown", "{::nomarkdown}\n<b>x</b>\n{:/}", _has(nodes.raw)),
    Case("escaped comment", "% of people", lambda doc: "% of people" in doc.astext()),
    Case(
        "raw HTML with blank lines",
        "<div>\n<p>a</p>\n\n    <p>b</p>\n</div>",
        lambda doc: (
            len(list(doc.findall(nodes.raw))) == 1
            and not list(doc.findall(nodes.literal_block))
        ),
    ),
    Case(
        "end-of-block marker",
        "- a\n^\n- b",
        lambda doc: len(list(doc.findall(nodes.bullet_list))) == 2,
    ),
    Case(
        "abbreviation",
        "*[PVA]: polyvinyl acetate\n\nWood glue is [PVA].\n\n[PVA]: https://x.org",
        lambda doc: any(
            a.astext() == "PVA" and a["explanation"] == "polyvinyl acetate"
            for r in doc.findall(nodes.reference)
            for a in r.findall(nodes.abbreviation)
        ),
    ),
    Case(
        "guillemets",
        "<< oui >>",
        lambda doc: doc.astext() == "\u00ab\u00a0oui\u00a0\u00bb",
    ),
    Case(
        "hard line break",
        "a\\\\\nb",
        lambda doc: (
            any("<br" in r.astext() for r in doc.findall(nodes.raw))
            and _text_outside_raw(doc) == "ab"
        ),
    ),
    Case(
        "strikethrough",
        "~~old~~ price",
        lambda doc: [r.astext() for r in doc.findall(nodes.raw)] == ["<del>", "</del>"],
    ),
    Case(
        "code pipe in a table cell",
        "| a | b |\n|---|---|\n| `x|y` | z |",
        lambda doc: (
            [e.astext() for e in doc.findall(nodes.entry)] == ["a", "b", "x|y", "z"]
        ),
    ),
    Case(
        "spaced link destination",
        "[the plan](https://example.org/shed plan.pdf)",
        lambda doc: (
            [r["refuri"] for r in doc.findall(nodes.reference)]
            == ["https://example.org/shed%20plan.pdf"]
        ),
    ),
    Case(
        "deep definition",
        "t\n:     d",
        lambda doc: (
            not list(doc.findall(nodes.literal_block))
            and any(p.astext() == "d" for p in doc.findall(nodes.paragraph))
        ),
    ),
]


@pytest.mark.parametrize("case", DOCTREE_CASES, ids=[c.name for c in DOCTREE_CASES])
def test_doctree(case: Case) -> None:
    text = convert(case.source, KramdownOptions(math=case.math)).text
    doctree, warnings = to_doctree(text)
    assert case.check(doctree), doctree.pformat()
    assert warnings == ""


def test_side_channel_attrs() -> None:
    result = convert("one\ntwo\n{: .notice--info #n k='v'}\n\nnext")
    assert result.text == "one\ntwo\n\n\nnext"
    assert result.block_attrs == {
        1: BlockAttrs(ids=("n",), classes=("notice--info",), attributes=(("k", "v"),))
    }


def test_markdown_attribute_of_a_span_element_goes() -> None:
    # kramdown: <span class="k"><em>x</em></span> <span>*y* <b>z_</b></span>
    source = (
        '<span markdown="1" class="k">*x*</span> <span markdown=0>*y* <b>z_</b></span>'
    )
    assert convert(source).text == (
        '<span class="k">*x*</span> <span>\\*y\\* <b>z\\_</b></span>'
    )
    doctree, _ = to_doctree(convert(source).text)
    assert len(list(doctree.findall(nodes.emphasis))) == 1  # the first is Markdown
    assert "*y*" in doctree.astext()


def test_side_channel_for_a_table() -> None:
    result = convert("text\n\n| a |\n|---|\n| 1 |\n{: .wide}")
    assert result.block_attrs == {3: BlockAttrs(classes=("wide",))}


def test_rows_without_a_separator_line_are_marked_as_a_table() -> None:
    result = convert("text\n\n| saw | 2 |\n| plane | 1 |\n\n> | in | quote |")
    assert result.text == "text\n\n| saw | 2 |\n| plane | 1 |\n\n> | in | quote |"
    assert result.block_attrs == {
        3: BlockAttrs(classes=(HEADERLESS_TABLE,)),
        6: BlockAttrs(classes=(HEADERLESS_TABLE,)),
    }
    # a row needs a | outside code, not a leading one (kramdown's TABLE_LINE)
    assert list(convert("saw | 2\nplane | 1").block_attrs) == [1]
    assert convert("run `a | b` now\nand | more").block_attrs == {}
    assert convert("text first\nthen a | b").block_attrs == {}
    # math is no shelter (kramdown splits the row first); an escaped \| splits nothing
    assert convert("a $$b|c$$ d").text == "a \\$\\$b|c\\$\\$ d"
    assert list(convert("a $$b|c$$ d").block_attrs) == [1]
    assert convert("cost $$\\|x\\|$$ here").block_attrs == {}


@pytest.mark.parametrize(
    ("value", "levels"),
    [("2..3", (2, 3)), ("1,3", (1, 3)), ([2, 4], (2, 4)), (2, (2,)), ("2-3", None)],
)
def test_toc_levels_are_read_as_kramdown_reads_them(
    value: object, levels: tuple[int, ...] | None
) -> None:
    assert toc_levels(value) == levels


def test_headings_outside_toc_levels_are_marked() -> None:
    source = "# One\n\n## Two\n\n### Three"
    result = convert(source, KramdownOptions(toc_levels=(2,)))
    assert result.block_attrs == {
        1: BlockAttrs(classes=(OUTSIDE_TOC_LEVELS,)),
        5: BlockAttrs(classes=(OUTSIDE_TOC_LEVELS,)),
    }
    per_post = convert('{::options toc_levels="1..2" /}\n' + source)
    assert list(per_post.block_attrs) == [6]
    bad = convert('{::options toc_levels="two" /}\n' + source)
    assert [d.line for d in bad.diagnostics] == [1]


def test_a_top_border_above_a_table_goes() -> None:
    """kramdown reads ``|---+---|`` above a header as the table's own line."""
    result = convert("|-----+-----|\n| a | b |\n|---|---|\n| 1 | 2 |")
    assert result.text == "\n| a | b |\n|---|---|\n| 1 | 2 |"
    assert result.block_attrs == {}


def test_container_ial_and_open_details_use_the_side_channel() -> None:
    source = (
        '<div class="n" markdown="1">\nx\n</div>\n{: .wide #w}\n\n'
        '<details open markdown="1"><summary>More</summary>\ny\n</details>\n{: .c}'
    )
    result = convert(source)
    assert result.text.split("\n")[0] == ":::{container} n wide"
    assert result.text.split("\n")[5] == ":::{dropdown} More"
    assert result.block_attrs == {
        1: BlockAttrs(ids=("w",)),
        6: BlockAttrs(classes=("c",), attributes=(("open", ""),)),
    }
    assert result.diagnostics == ()


def test_footnote_and_abbreviation_diagnostics() -> None:
    source = "a[^x] b[^y]\n\n[^y]: one\n[^y]: two\n*[A]: 1\n*[A]: 2"
    found = {(d.line, d.message) for d in convert(source).diagnostics}
    assert found == {
        (1, "no definition for footnote 'x'; left as text"),
        (3, "duplicate footnote 'y'; the later definition wins"),
        (6, "duplicate abbreviation 'A'; the later definition wins"),
    }


def test_text_after_a_footnotes_first_line_is_reported() -> None:
    result = convert("a[^n]\n\n[^n]: note\nbody text")
    assert result.text == "a[^n]\n\n[^n]: note\nbody text"
    [diagnostic] = result.diagnostics
    assert diagnostic.line == 4
    assert "put a blank line before it" in diagnostic.message


def test_heading_ids_gfm() -> None:
    source = (
        "### Hello, World!\n\n## Hello, World!\n\n# 한국어 제목\n\n"
        "## `code` and *em* -- dash\n\n## Explicit {#mine}\n\n## Other\n{: #ial-id}"
    )
    result = convert(source)
    assert dict(result.heading_ids) == {
        1: "hello-world",
        3: "hello-world-1",
        5: "한국어-제목",
        7: "code-and-em--dash",
        9: "mine",
        11: "ial-id",
    }


def test_heading_ids_kramdown_input() -> None:
    options = KramdownOptions(input="kramdown", auto_id_prefix="h-")
    result = convert("# 1. Intro\n\n# Intro\n\n# 123\n\n# 한국어", options)
    assert dict(result.heading_ids) == {
        1: "h-intro",
        3: "h-intro-1",
        5: "h-section",
        7: "h-section-1",
    }


def test_heading_ids_off() -> None:
    assert convert("# A\n\n# B {#b}", KramdownOptions(auto_ids=False)).heading_ids == {
        3: "b"
    }
    assert convert('{::options auto_ids="false" /}\n# A').heading_ids == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello World", "hello-world"),
        ("a\tb", "a-b"),
        ("C++ & Python", "c--python"),
        ("naïve café", "naïve-café"),
        ("中文 标题", "中文-标题"),
        ("under_score", "under_score"),
    ],
)
def test_gfm_id_algorithm(text: str, expected: str) -> None:
    assert HeaderIds(gfm=True).generate(text) == expected


def test_top_heading_level() -> None:
    result = convert("### A\n\n#### B", KramdownOptions(top_heading_level=2))
    assert result.text == "## A\n\n### B"


def test_diagnostics_are_located() -> None:
    result = convert("ok\n\n{: !!}\npara\n\nx {: .y}\n\n{::foo}\nbar\n{:/foo}")
    lines = {(d.line, d.subtype) for d in result.diagnostics}
    assert lines == {
        (3, JekyllpostsWarning.KRAMDOWN),
        (6, JekyllpostsWarning.KRAMDOWN),
        (8, JekyllpostsWarning.KRAMDOWN),
    }


def test_unclosed_markdown_block_is_kept() -> None:
    result = convert('<div markdown="1">\ntext')
    assert result.text == '<div markdown="1">\ntext'
    assert [d.line for d in result.diagnostics] == [1]


def test_excerpt_line() -> None:
    assert convert("intro\n\n<!--more-->\n\nrest").excerpt_line == 3
    assert convert("no separator").excerpt_line is None


def test_parse_block_html_option() -> None:
    source = '{::options parse_block_html="true" /}\n<div class="n">\n**x**\n</div>'
    assert convert(source).text == "\n:::{container} n\n**x**\n:::"


# -- properties ---------------------------------------------------------------

SNIPPETS = [
    "{: .x}",
    "{:.a.b :}",
    "{:r: .c}",
    "{: r}",
    "$$",
    "$",
    "\\\\(",
    "\\\\)",
    "`",
    "```",
    "~~~",
    '<div markdown="1">',
    "</div>",
    '<details markdown="1">',
    "<summary>s</summary>",
    "</details>",
    "{::comment}",
    "{:/comment}",
    "{:/}",
    "{::nomarkdown}",
    "^",
    "#",
    "### h {#i}",
    "> ",
    "- ",
    "1. ",
    "    ",
    "|a|b|",
    "|-|-|",
    "*",
    "_",
    "[a](b)",
    "![i](j)",
    "{:toc}",
    "* TOC",
    "*[x]: an x",
    "*[a b]:",
    "[^1]",
    "[^1]: ",
    ": ",
    "<<",
    ">>",
    "'",
    '"',
    "===",
    "---",
    "%",
    "+++",
    "<!--more-->",
    "\\",
    "{",
    "}",
    ":",
    "x",
    " ",
    "한",
]
kramdownish = st.lists(
    st.lists(st.sampled_from(SNIPPETS), max_size=6).map("".join), max_size=14
).map("\n".join)
plain_myst = st.lists(
    st.text(alphabet="ab #*->`[]()!\n_1.|", max_size=20), max_size=10
).map("\n".join)


@given(kramdownish, st.booleans())
def test_property_never_raises_and_keeps_lines(text: str, math: bool) -> None:
    result = convert_body(text, KramdownOptions(math=math))  # no safety net
    assert result.text.count("\n") == text.count("\n")
    total = text.count("\n") + 1
    assert all(d.line is None or 1 <= d.line <= total for d in result.diagnostics)


_STRAY_END_TAG = re.compile(r"[ >]*</[A-Za-z][\w-]*>\s*")


@given(kramdownish, st.text(alphabet="{:.}$`\\ ab\n#", max_size=40))
def test_property_fences_untouched(before: str, code: str) -> None:
    text = f"{before}\n\n~~~~~~~~~~ py\n{code.replace('~', '')}\n~~~~~~~~~~\n"
    result = convert_body(text, MATH)
    old, new = text.split("\n"), result.text.split("\n")
    for token in get_parser().parse(text, {}):
        if token.type in {"fence", "code_block"} and token.map:
            start, end = token.map
            if re.match(r"[ >]*(?:[-*+:~]|\d+[.)])[ \t]", old[start]):
                continue  # kramdown: an item's first line is never code
            if re.match(r"\[\^[^\]]*\]:", old[start]):
                continue  # a footnote nobody references: kramdown drops it whole
            if any(_STRAY_END_TAG.fullmatch(line) for line in old[:start]):
                continue  # kramdown reads a stray end tag as text: the lines after
                # it are no longer an HTML block's, and read differently
            if token.type == "fence" and len(token.info.split()) > 1:
                continue  # kramdown: a fence of more than one word opens no code
            if token.type == "fence" and token.info.strip().startswith("{"):
                start += 1  # a MyST directive name: the info becomes `text`
            assert old[start:end] == new[start:end]


@given(kramdownish, st.booleans())
def test_property_span_shortcut_is_exact(text: str, math: bool) -> None:
    """Text the span scanner is skipped for is text the scanner leaves unchanged."""
    from sphinx_jekyllposts.kramdown._inline import InlineContext, _Scanner

    fast = rewrite_inline(text, InlineContext(math=math, line=0))
    assert fast == _Scanner(text, InlineContext(math=math, line=0)).run()


@given(kramdownish)
def test_property_heading_text_shortcut_is_exact(text: str) -> None:
    """A heading with no span syntax reads as its own text, as the full parse says."""
    from markdown_it.token import Token

    from sphinx_jekyllposts.kramdown._headings import _plain
    from sphinx_jekyllposts.kramdown._ids import typographic
    from sphinx_jekyllposts.kramdown._parser import inline_children

    line = text.replace("\n", " ").strip()
    md = get_parser()
    if md.inline.terminator_re.search(line):
        return
    parts: list[str] = []
    for child in inline_children(md, Token("inline", "", 0, content=line), {}):
        _plain(child, parts)
    assert "".join(parts) == typographic(line)


def test_footnote_references_are_found_without_the_span_parse() -> None:
    """The block parse leaves span tokens out; references are still seen."""
    text = "See[^a] and `[^b]` here.\n\n[^a]: kept\n\n[^b]: nobody refers to it\n"
    result = convert(text).text.split("\n")
    assert result[2] == "[^a]: kept"
    assert result[4] == ""  # the unreferenced definition goes, as in kramdown


def test_lines_are_read_again_until_nothing_changes() -> None:
    """A marker made text ends a setext heading; its underline is then a marker."""
    once = convert(">1\n-\n1\n-").text
    assert once == ">1\n\\-\n1\n\\-"
    assert convert(once).text == once


@given(plain_myst)
def test_property_idempotent_on_plain_markdown(text: str) -> None:
    once = convert_body(text, KramdownOptions()).text
    assert convert_body(once, KramdownOptions()).text == once


def test_never_raises_safety_net(monkeypatch: pytest.MonkeyPatch) -> None:
    from sphinx_jekyllposts.kramdown import _convert

    def boom(text: str, options: KramdownOptions) -> None:
        raise RuntimeError("x")

    monkeypatch.setattr(_convert, "convert_body", boom)
    result = convert("text")
    assert result.text == "text"
    assert result.diagnostics[0].subtype is JekyllpostsWarning.KRAMDOWN


def test_no_sphinx_import() -> None:
    import subprocess
    import sys

    code = "import sphinx_jekyllposts.kramdown as k, sys; k.convert('# a'); "
    code += "print('sphinx' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_myst_extensions() -> None:
    assert set(MYST_EXTENSIONS) >= {"attrs_block", "attrs_inline", "colon_fence"}
    assert all(re.fullmatch(r"[a-z_]+", name) for name in MYST_EXTENSIONS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{: style="a"}\ntext\n', {2: (ElementAttrs((("style", "a"),)),)}),
        ('one\ntwo\n{: .x title="t"}\n', {1: (ElementAttrs((("title", "t"),)),)}),
        (
            'see ![i](/p.png "tip"){: style="w" .c} and [l](<u v>){: dir="rtl"}\n',
            {
                1: (
                    ElementAttrs((("style", "w"),), "/p.png"),
                    ElementAttrs((("dir", "rtl"),), "u v"),
                )
            },
        ),
        ("text\n{: .only-a-class}\n", {}),
    ],
)
def test_html_attributes_by_line(text: str, expected: dict[int, object]) -> None:
    """Attributes MyST drops are kept by the block's line (and image or link)."""
    assert convert(text).element_attrs == expected


def test_lazy_list_nesting_leaves_code_where_it_is() -> None:
    """Only list and paragraph lines move into the item; a fence stays as it is."""
    text = "1. Plane\n* with the grain\n```\nkeep\n```\n"
    assert convert(text).text.split("\n") == [
        "1. Plane",
        "   * with the grain",
        "```",
        "keep",
        "```",
        "",
    ]


def test_the_last_link_definition_of_a_label_wins() -> None:
    """kramdown 2.4: "Duplicate link ID 'foo' on line 4 - overwriting"; labels match
    in any case, and the last definition is the one links use."""
    source = "See [Foo] and [bar].\n\n[Foo]: http://a\n[foo]: http://b\n> [bar]: http://c\n> [bar]: http://d\n"
    result = convert(source)
    assert (
        result.text
        == "See [Foo] and [bar].\n\n\n[foo]: http://b\n>\n> [bar]: http://d\n"
    )
    assert [(d.line, d.message) for d in result.diagnostics] == [
        (
            4,
            "duplicate link definition 'foo' (also line 3); the last one is used, as in kramdown",
        ),
        (
            6,
            "duplicate link definition 'bar' (also line 5); the last one is used, as in kramdown",
        ),
    ]
