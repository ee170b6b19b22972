"""Measures of one post: visible text, structure and leaked syntax, Jekyll against Sphinx.

Both sides are parsed with BeautifulSoup (``html.parser``, no compiled dependency).
The Jekyll side is the post's content as Jekyll rendered it; the Sphinx side is the
article body of the page, without what Sphinx and ABlog add around a post (the title,
the subtitle line, heading anchors, post navigation, comments).
"""

from __future__ import annotations

from collections import Counter
import dataclasses as dc
import re
import unicodedata

try:
    from bs4 import BeautifulSoup, Tag
except ImportError as error:  # pragma: no cover
    raise ImportError(
        "the fidelity report needs BeautifulSoup: "
        "pip install 'sphinx-jekyllposts[fidelity]'"
    ) from error

__all__ = [
    "STRUCTURE",
    "TextScore",
    "jekyll_body",
    "leaks",
    "sphinx_body",
    "structure",
    "text_score",
    "tokens",
    "visible_text",
]

#: Structure counted on both sides, in report order.
STRUCTURE = ("headings", "code", "images", "tables", "items", "quotes", "links",
             "footnotes", "math", "callouts", "details")  # fmt: skip

#: Han, kana, Hangul: each character is a token, as these scripts do not space words.
_CJK = (
    "\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff"
)
_BLOCKS = re.compile(
    r"^(p|div|li|dt|dd|td|th|tr|h[1-6]|pre|br|hr|blockquote|figcaption|section"
    r"|aside|table|summary|details|ul|ol|dl|img)$"
)
_GUTTERS = "pre.lineno, td.gutter, td.linenos, span.linenos, div.linenodiv"
_SPLIT = re.compile(r"\\(begin|end)\{split\}")
_TOKEN = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")
#: Liquid and kramdown syntax that should never be visible after rendering.
_LEAKS = ("{%", "%}", "{{", "}}", "{:")
#: Class names with which Jekyll themes style a callout box.
_CALLOUT = re.compile(r"^(box-|notice($|--)|prompt-|alert($|-))")
#: Where Sphinx themes put the article (basic/alabaster, pydata-sphinx-theme, others).
_BODY = ('div[itemprop="articleBody"]', "article.bd-article", "div.body",
         "div[role=main]", "main")  # fmt: skip
#: What Sphinx, ABlog and the extension add around a post's content.
_CHROME = ("a.headerlink", "p.subtitle", "p.jekyllposts-subtitle", "script", "style",
           "div.ablog__blog_comments", "div.ablog__prev-next", "div.section-nav",
           "ul.ablog-archive", "div.postlist", "div.prev-next-area",
           "div.footer-article-items",
           # Sphinx's rendering of what Jekyll shows otherwise: an admonition's title
           # (the box itself is counted as a callout), footnote labels and back
           # references (kramdown numbers its notes with an <ol>)
           # (unless the post's own bold lead-in became the title)
           "div.admonition:not(.jekyllposts-lead-in) > p.admonition-title",
           "aside.footnote > span.label", "span.backrefs",
           # the "Updated on" note (from last_modified_at): Jekyll themes show the
           # date in the layout, outside the content
           "div.admonition.update", "p.jekyllposts-updated")  # fmt: skip


def tokens(text: str) -> Counter[str]:
    """Count the words of ``text``: case-folded, CJK text split into characters."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return Counter(_TOKEN.findall(text))


@dc.dataclass(frozen=True)
class TextScore:
    """How much visible text the two sides share."""

    recall: float  #: share of Jekyll's tokens that Sphinx shows
    precision: float  #: share of Sphinx's tokens that Jekyll shows


def text_score(jekyll: str, sphinx: str) -> TextScore:
    """Token recall and precision of ``sphinx`` against ``jekyll`` (both visible text)."""
    ours, theirs = tokens(sphinx), tokens(jekyll)
    shared = sum((ours & theirs).values())
    return TextScore(
        recall=shared / theirs.total() if theirs else 1.0,
        precision=shared / ours.total() if ours else 1.0,
    )


def leaks(jekyll: str, sphinx: str) -> list[str]:
    """Liquid/kramdown delimiters Sphinx shows more often than Jekyll does."""
    return [s for s in _LEAKS if sphinx.count(s) > jekyll.count(s)]


def sphinx_body(html: str) -> Tag | None:
    """The article body of a Sphinx page, without the page's chrome; ``None`` if absent."""
    soup = BeautifulSoup(html, "html.parser")
    body = next((found for sel in _BODY if (found := soup.select_one(sel))), None)
    if body is None:
        return None
    title = body.find("h1")
    if isinstance(title, Tag):
        title.decompose()
    for element in body.select(", ".join(_CHROME)):
        element.decompose()
    return body


def jekyll_body(html: str) -> Tag:
    """Jekyll's rendering of a post, parsed."""
    return BeautifulSoup(html, "html.parser")


def visible_text(body: Tag) -> str:
    """The text a reader sees (comments and scripts excluded).

    Words are not split where a highlighter puts a ``<span>`` (Rouge and Pygments
    split differently), only between blocks. Sphinx wraps multi-line display math
    in ``\\begin{split}…\\end{split}`` for MathJax; the wrapper is not the
    author's text. Line numbers of code blocks are left out on both sides.
    """
    for gutter in body.select(_GUTTERS):
        gutter.decompose()
    for block in body.find_all(_BLOCKS):
        block.insert_before(" ")
        block.insert_after(" ")
    return _SPLIT.sub(" ", body.get_text(""))


def structure(body: Tag, *, side: str) -> Counter[str]:
    """Count headings, code blocks, images, … in a post body.

    :param side: ``"jekyll"`` or ``"sphinx"``: footnotes, math and callouts are
        marked up differently by kramdown and by docutils/Sphinx
    """
    counts: Counter[str] = Counter()
    counts["headings"] = len(body.find_all(re.compile(r"^h[1-6]$")))
    counts["code"] = len([p for p in body.find_all("pre") if _is_code_block(p)])
    counts["images"] = len(body.find_all("img"))
    counts["tables"] = len([t for t in body.find_all("table") if not _in_code(t)])
    counts["quotes"] = len(body.find_all("blockquote"))
    counts["items"] = len(
        [li for li in body.find_all("li") if not _in_toc_or_notes(li)]
    )
    counts["links"] = len([a for a in body.find_all("a", href=True) if _is_link(a)])
    counts["details"] = len(body.find_all("details"))
    if side == "jekyll":
        counts.update(_jekyll_specific(body))
    else:
        counts.update(_sphinx_specific(body))
    return counts


def _jekyll_specific(body: Tag) -> Counter[str]:
    counts: Counter[str] = Counter()
    counts["footnotes"] = len(body.select("div.footnotes li"))
    counts["math"] = _delimited_math(body)
    counts["math"] += len(body.select("script[type^='math/tex']"))
    counts["callouts"] = len([e for e in body.find_all(class_=True) if _is_callout(e)])
    return counts


def _sphinx_specific(body: Tag) -> Counter[str]:
    counts: Counter[str] = Counter()
    counts["footnotes"] = len(body.select("aside.footnote, dl.footnote > dt"))
    # math nodes, and \\(…\\) / \\[…\\] left in the text for MathJax (as kramdown does)
    counts["math"] = len(body.select(".math")) + _delimited_math(body)
    counts["callouts"] = len(body.select(".admonition"))
    return counts


def _delimited_math(body: Tag) -> int:
    """``\\(`` and ``\\[`` in text outside code and outside math nodes."""
    text = " ".join(
        s for s in body.find_all(string=True)
        if not s.find_parent(["code", "pre"]) and not s.find_parent(class_="math")
    )  # fmt: skip
    return text.count("\\(") + text.count("\\[")


def _is_callout(element: Tag) -> bool:
    return any(map(_CALLOUT.match, _classes(element)))


def _classes(element: Tag) -> list[str]:
    value = element.get("class")
    if value is None:
        return []
    return value.split() if isinstance(value, str) else [str(v) for v in value]


def _is_code_block(pre: Tag) -> bool:
    """An outermost ``pre`` that is not a column of line numbers."""
    if pre.find_parent("pre") is not None or "lineno" in _classes(pre):
        return False
    return pre.find_parent(class_=["gutter", "linenos", "linenodiv"]) is None


def _in_code(element: Tag) -> bool:
    classes = set(_classes(element))
    return bool(classes & {"rouge-table", "highlighttable"}) or bool(
        element.find_parent(["pre", "figure"], class_="highlight")
        or element.find_parent("div", class_="highlight")
    )


def _in_toc_or_notes(element: Tag) -> bool:
    return bool(
        element.find_parent(id="markdown-toc")
        or element.find_parent(class_=re.compile(r"^(footnotes?|contents|toc)$"))
    )


def _is_link(anchor: Tag) -> bool:
    skip = {"headerlink", "footnote", "reversefootnote", "footnote-reference",
            "fn-backref"}  # fmt: skip
    if set(_classes(anchor)) & skip or _in_toc_or_notes(anchor):
        return False
    if anchor.get("role") == "doc-backlink" or "toc-backref" in _classes(anchor):
        return False
    return not anchor.find_parent(role="doc-backlink") and not anchor.find_parent(
        class_="backrefs"
    )
