"""Transforms that finish a converted post: ids, title, ABlog post node, code, links."""

from __future__ import annotations

from collections.abc import Mapping
import posixpath
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from ablog.post import PostNode
from docutils import nodes
from sphinx.errors import NoUri
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.nodes import is_smartquotable

from .kramdown import (
    HEADERLESS_TABLE,
    SPLIT_MARK,
    STRAIGHT_DOUBLE,
    STRAIGHT_SINGLE,
    TERM_SEPARATOR,
)
from .kramdown._ial import LIST_ITEM_CLASS
from .rouge import as_rouge_table, code_language, setup_rouge
from .themes import unnumbered_code
from .warnings_ import WARNING_TYPE, JekyllpostsWarning

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = [
    "ApplyKramdownAttributes",
    "InsertPostTitle",
    "JoinSplitHtml",
    "KeepBackslashes",
    "KeepMathEnvironments",
    "NumberCodeLines",
    "PostTransform",
    "ResolvePostLinks",
    "SetPlainCodeLanguage",
    "TypesetMathInRawHtml",
    "load_mathjax_for_raw_html",
    "setup_transforms",
]

logger = logging.getLogger(__name__)

_MATHJAX_CLASSES = frozenset({"tex2jax_ignore", "mathjax_ignore"})

#: The URL scheme the Liquid stage writes for ``post_url`` / ``link`` targets.
SOURCE_LINK_SCHEME = "jekyllposts-source:"
#: A ``jekyllposts-source:`` URL: the percent-encoded path (which never ends in a
#: ``.``: ``{% post_url x %}.`` ends a sentence), then a query and a fragment.
SOURCE_URL = re.compile(
    re.escape(SOURCE_LINK_SCHEME)
    + r"(?P<path>[\w.~/%-]*[\w~/%-])"
    + r"(?P<rest>(?:\?[\w.~/%&=+;:-]*[\w~/%&=+;:-])?(?:#[\w.~/%:-]*[\w~/%:-])?)"
)


def setup_transforms(app: Sphinx) -> None:
    """Register the transforms of this module."""
    app.add_transform(JoinSplitHtml)
    app.add_transform(ApplyKramdownAttributes)
    app.add_transform(SplitDefinitionTerms)
    app.add_transform(KeepBackslashes)
    app.add_transform(KeepStraightQuotes)
    app.add_transform(InsertPostTitle)
    app.add_transform(SetPlainCodeLanguage)
    app.add_transform(NumberCodeLines)
    setup_rouge(app)
    app.add_transform(KeepMathEnvironments)
    app.add_transform(TypesetMathInRawHtml)
    app.connect("html-page-context", load_mathjax_for_raw_html, priority=400)
    app.add_post_transform(ResolvePostLinks)
    from .links import PrepareSourceLinks  # these build on PostTransform, below
    from .structure import setup_structure

    app.add_transform(PrepareSourceLinks)
    setup_structure(app)


class PostTransform(SphinxTransform):
    """A transform that only runs on documents converted from Jekyll posts."""

    def apply(self, **kwargs: Any) -> None:
        """Call :meth:`apply_to_post` with the post's record, on posts only."""
        domain = self.env.domains.get("jekyllposts")
        record = domain.data["documents"].get(self.env.docname) if domain else None
        if record is not None:
            self.apply_to_post(record)

    def apply_to_post(self, record: dict[str, Any]) -> None:
        """Transform the post; ``record`` is :meth:`.ConvertedPost.record`."""
        raise NotImplementedError


class JoinSplitHtml(PostTransform):
    """The lines of a raw HTML element the kramdown stage split are one block again.

    ``<raw><!--kramdown--><div>`` ``<raw><!--kramdown--></div>`` →
    ``<raw><div>⏎</div>`` (:data:`.kramdown.SPLIT_MARK`)
    """

    # Before anything reads raw HTML (the block attributes at 200, callouts).
    default_priority = 199

    def apply_to_post(self, record: dict[str, Any]) -> None:
        joined_lines: set[int] = set()
        for raw in list(self.document.findall(nodes.raw)):
            parent = raw.parent
            if id(raw) in joined_lines or not raw.astext().startswith(SPLIT_MARK):
                continue
            run = [raw]
            for sibling in parent.children[parent.index(raw) + 1 :]:
                if not (
                    isinstance(sibling, nodes.raw)
                    and sibling.astext().startswith(SPLIT_MARK)
                ):
                    break
                run.append(sibling)
                joined_lines.add(id(sibling))
            text = "".join(
                node.astext().removeprefix(SPLIT_MARK).rstrip("\n") + "\n"
                for node in run
            )
            joined = nodes.raw("", text, format=raw.get("format", "html"))
            joined.source, joined.line = raw.source, raw.line
            raw.replace_self(joined)
            for node in run[1:]:
                parent.remove(node)


class ApplyKramdownAttributes(PostTransform):
    """Give headings kramdown's ids and blocks the IAL attributes MyST could not.

    ``<section ids="id1">`` at line *n* → ``<section ids="kramdown-id id1">``
    """

    # Before Sphinx's SortIds (261) and anything that reads section ids.
    default_priority = 200

    def apply_to_post(self, record: dict[str, Any]) -> None:
        heading_ids: dict[int, str] = record["heading_ids"]
        block_attrs: dict[int, dict[str, Any]] = dict(record["block_attrs"])
        for node in self.document.findall(nodes.Element):
            line = node.line
            if line is None:
                continue
            heading = isinstance(node, (nodes.section, nodes.rubric))
            if heading and line in heading_ids:
                self._add_id(node, heading_ids[line])
            # the outermost block of the line takes them (a table, not its cells);
            # a list item's own (``* {: .x} text``) go to the item, and a
            # paragraph of rows' to the paragraph (``- a | b``: not to the list)
            attrs = block_attrs.get(line)
            if attrs is not None and LIST_ITEM_CLASS in attrs["classes"]:
                takes = isinstance(node, nodes.list_item)
            elif attrs is not None and HEADERLESS_TABLE in attrs["classes"]:
                takes = isinstance(node, nodes.paragraph)
            else:
                takes = heading or isinstance(node, nodes.Body)
            if attrs is not None and takes:
                attrs = block_attrs.pop(line)
                node["classes"].extend(
                    c for c in attrs["classes"] if c != LIST_ITEM_CLASS
                )
                for id_ in attrs["ids"]:
                    self._add_id(node, id_)
                # <details open> whose summary shares its line: no line for :open:
                if (
                    "open" in attrs.get("attributes", {})
                    and node.get("type") == "dropdown"
                ):
                    node["opened"] = True
                start = attrs.get("attributes", {}).get("start", "")
                if isinstance(node, nodes.enumerated_list) and start.isdigit():
                    node["start"] = int(start)  # kramdown's numbers start at 1
            title = node.children[0] if node.children else None
            if isinstance(node, nodes.section) and isinstance(title, nodes.title):
                # kramdown gives a heading's classes to <hN>, not to a wrapper
                # (MyST's classes telling MathJax to skip the section stay)
                mine = [c for c in node["classes"] if c not in _MATHJAX_CLASSES]
                title["classes"].extend(mine)
                node["classes"] = [c for c in node["classes"] if c not in mine]

        for block in self.document.findall(nodes.literal_block):
            _language_from_class(block)

    def _add_id(self, node: nodes.Element, id_: str) -> None:
        if not id_ or id_ in node["ids"]:
            return
        if id_ in self.document.ids:
            return
        node["ids"].insert(0, id_)
        self.document.ids[id_] = node


#: Languages a code block has when its fence named none.
_NO_LANGUAGE = frozenset({"", "text", "none", "default"})


def _language_from_class(block: nodes.literal_block) -> None:
    """``{: .language-python}`` on a code block without a language highlights it as
    Python, as kramdown does (the class names the language for Rouge)."""
    classes = block["classes"]
    named = [c for c in classes if c.startswith("language-") and len(c) > 9]
    if not named or block.get("language", "") not in _NO_LANGUAGE:
        return
    block["language"] = named[0].removeprefix("language-")
    # docutils would write a language-* class as the text's natural language
    block["classes"] = [c for c in classes if c not in named]


class KeepBackslashes(PostTransform):
    r"""A backslash in the text reaches the page, as kramdown writes it.

    docutils' smart quotes read ``\\``, ``\"``, ``\'``, ``\.``, ``\-`` and
    ``\``` in text as escapes and drop the backslash, but MyST has read the
    post's escapes already. A stand-in passes them by (:class:`KeepStraightQuotes`
    writes the backslash back).

    ``<Text 'a \\ b'>`` → ``<Text 'a \ufdd4\ufdd4 b'>``
    """

    # Before Sphinx's SmartQuotes (750).
    default_priority = 745

    def apply_to_post(self, record: dict[str, Any]) -> None:
        for text in list(self.document.findall(nodes.Text)):
            if "\\" in text and is_smartquotable(text):
                protected = str(text).replace("\\", BACKSLASH)
                text.parent.replace(text, nodes.Text(protected))


class KeepStraightQuotes(PostTransform):
    """Quotes written as entities (``&quot;``, ``&#39;``) stay straight, as kramdown
    leaves them: its smart quotes read the characters only. The kramdown stage
    writes stand-ins that docutils' smart quotes pass by.

    ``<Text "said \ufdd2hi\ufdd2">`` → ``<Text 'said "hi"'>``
    """

    # After Sphinx's SmartQuotes (750).
    default_priority = 755

    def apply_to_post(self, record: dict[str, Any]) -> None:
        for text in list(self.document.findall(nodes.Text)):
            if STRAIGHT_DOUBLE in text or STRAIGHT_SINGLE in text or BACKSLASH in text:
                text.parent.replace(text, nodes.Text(str(text).translate(_STRAIGHT)))


#: A backslash kept from docutils' smart quotes (:class:`KeepBackslashes`).
BACKSLASH = "\ufdd4"
_STRAIGHT = str.maketrans({STRAIGHT_DOUBLE: '"', STRAIGHT_SINGLE: "'", BACKSLASH: "\\"})


class SplitDefinitionTerms(PostTransform):
    """A definition with several terms, as kramdown reads them.

    ``<term>Apple⁣Orange`` (joined by the kramdown stage) →
    ``<term>Apple</term><term>Orange</term>`` (Sphinx writes one ``<dt>`` each)
    """

    # Early: nothing reads terms before the HTML writer.
    default_priority = 210

    def apply_to_post(self, record: dict[str, Any]) -> None:
        for term in list(self.document.findall(nodes.term)):
            if TERM_SEPARATOR not in term.astext():
                continue
            parts: list[nodes.term] = [nodes.term()]
            for child in term.children:
                if not isinstance(child, nodes.Text) or TERM_SEPARATOR not in child:
                    parts[-1] += child.deepcopy()
                    continue
                pieces = str(child).split(TERM_SEPARATOR)
                parts[-1] += nodes.Text(pieces[0])
                parts += [nodes.term("", piece) for piece in pieces[1:]]
            for part in parts:
                part.source, part.line = term.source, term.line
            term.replace_self(parts)


class InsertPostTitle(PostTransform):
    """Make the front-matter title the page title and attach ABlog's post node.

    ``<document> body…`` → ``<document><section><title/>
    <rubric classes="subtitle jekyllposts-subtitle"/><PostNode/> body…``
    """

    # After ApplyKramdownAttributes, before docinfo (340) and ABlog (800).
    default_priority = 300

    def apply_to_post(self, record: dict[str, Any]) -> None:
        options = record["ablog"]
        section = nodes.section()
        section.source = self.document["source"]
        section.line = 1
        # layouts print the title as written: no smart quotes (Sphinx's run at 750)
        section += nodes.title("", options["title"], support_smartquotes=False)
        if record.get("subtitle"):  # a rubric: not a paragraph for ABlog's excerpt
            section += nodes.rubric(
                "",
                record["subtitle"],
                classes=["subtitle", "jekyllposts-subtitle"],
                support_smartquotes=False,
            )
        section += _post_node(options)
        section.extend(self.document.children)
        self.document.children = []
        self.document += section
        self.document.set_id(section)


def _post_node(options: dict[str, Any]) -> PostNode:
    """ABlog's ``post`` directive node (``ablog.post._update_post_node``'s fields)."""
    node = PostNode()
    for key in ("tags", "author", "category", "location", "language", "redirect"):
        node[key] = list(options.get(key, []))
    node["date"] = options["date"]
    node["title"] = options["title"]
    node["image"] = options.get("image")
    node["excerpt"] = options.get("excerpt")
    node["exclude"] = False
    node["nocomments"] = bool(options.get("nocomments"))
    node["canonical_link"] = []
    node["external_link"] = []
    return node


class SetPlainCodeLanguage(PostTransform):
    """Code without a language is plain text in Jekyll, not Python; a language Rouge
    has no lexer for is not highlighted (:func:`.rouge.code_language`); and like
    Rouge, highlighting never fails: code a lexer cannot read is shown as it lexes.

    ``<literal_block>`` → ``<literal_block language="text" force="True">``
    """

    # Before Sphinx's HighlightLanguageTransform (400) fills in the default.
    default_priority = 390

    def apply_to_post(self, record: dict[str, Any]) -> None:
        for node in self.document.findall(nodes.literal_block):
            language, highlighted = code_language(node.get("language"))
            node["language"] = language
            if not highlighted:
                node["jekyllposts_unknown_language"] = True  # Rouge leaves it alone
            if "force" not in node:  # a fence (directives set the key themselves)
                node["force"] = True  # no "could not lex literal_block" warning
                node["jekyllposts_fence"] = True


#: An environment MathJax typesets at the top of display math only: Sphinx's
#: ``split``/``align`` wrapping around it is an "erroneous nesting" for MathJax.
_MATH_ENVIRONMENT = re.compile(
    r"\\begin\{(?:equation|align|alignat|flalign|gather|multline|eqnarray)\*?\}"
)


class KeepMathEnvironments(PostTransform):
    """Display math holding its own environment reaches MathJax as kramdown writes it.

    kramdown writes ``$$`` math as ``\\[…\\]``; Sphinx wraps math with ``\\\\`` in
    ``split`` (and equations between blank lines in ``align``), in which MathJax
    cannot typeset ``align*`` and its kind, so the equation would show an error.
    ``<math_block>\\begin{align*}…`` → ``<math_block nowrap>\\[\\begin{align*}…\\]``
    """

    # Any time after parsing; the writers read it.
    default_priority = 500

    def apply_to_post(self, record: dict[str, Any]) -> None:
        opening, closing = self.config.mathjax_display
        for block in list(self.document.findall(nodes.math_block)):
            text = block.astext()
            if block.get("nowrap") or not _MATH_ENVIRONMENT.search(text):
                continue
            block.children = []
            block.append(nodes.Text(f"{opening}{text}{closing}"))
            block["nowrap"] = True


#: TeX between the delimiters MathJax looks for by default
_DELIMITED_TEX = re.compile(r"\$\$.+?\$\$|\\\[.+?\\\]|\\\(.+?\\\)", re.DOTALL)
#: the record key of a post with math in its raw HTML
RAW_HTML_MATH = "raw_html_math"


class TypesetMathInRawHtml(PostTransform):
    """Math written in raw HTML (``<div>$$…$$</div>``) is typeset, as on the Jekyll site.

    kramdown leaves it to the page's MathJax, which finds ``$$…$$``, ``\\[…\\]`` and
    ``\\(…\\)`` anywhere; a post's sections are ``mathjax_ignore`` (MyST's) and
    Sphinx's MathJax reads only its math elements, so the block is wrapped in a
    ``mathjax_process`` container, and its page loads MathJax
    (:func:`load_mathjax_for_raw_html`). Not where the post turns MathJax off.

    ``<raw format="html">`` → ``<container classes="mathjax_process"><raw …>``
    """

    default_priority = 500

    def apply_to_post(self, record: dict[str, Any]) -> None:
        from .convert import mathjax_on
        from .extension import get_state

        state = get_state(self.app)
        post = state.posts_by_docname.get(self.env.docname)
        if post is None or not mathjax_on(state.site, post):
            return
        for raw in list(self.document.findall(nodes.raw)):
            if (
                "html" in raw.get("format", "").split()
                and not isinstance(raw.parent, nodes.TextElement)
                and _DELIMITED_TEX.search(raw.astext())
            ):
                container = nodes.container("", classes=["mathjax_process"])
                raw.replace_self(container)
                container.append(raw)
                record[RAW_HTML_MATH] = True


def load_mathjax_for_raw_html(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """A post with math only in raw HTML loads MathJax (Sphinx's ``install_mathjax``,
    priority 500, loads it where the document has math elements)."""
    domain = app.env.domains.get("jekyllposts")
    record = domain.data["documents"].get(pagename) if domain else None
    if record is not None and record.get(RAW_HTML_MATH):
        context["has_maths_elements"] = True


class NumberCodeLines(PostTransform):
    """Number code blocks as Rouge did, in its gutter layout (:mod:`.rouge`).

    ``{% highlight ruby linenos %}`` numbers its block. ``kramdown:
    syntax_highlighter_opts: block: line_numbers: true`` (keys outside
    ``block``/``span`` count for both) makes Rouge number every highlighted
    Markdown code block. Jekyll highlights plain text too (its ``guess_lang:
    true`` and ``default_lang: plaintext``, ``converters/markdown/
    kramdown_parser.rb``); with ``guess_lang: false`` kramdown leaves plain text
    alone (its ``converter/syntax_highlighter/rouge.rb``), and a language Rouge
    has no lexer for is never highlighted. Rouge's numbers that
    the theme hides (:func:`.themes.unnumbered_code`) stay hidden.

    ``<literal_block language="ruby">`` →
    ``<rouge_table language="ruby" linenos="True" highlight_args="{linenostart: n}">``
    """

    # After SetPlainCodeLanguage (390) has marked plain text, before Sphinx's
    # HighlightLanguageTransform (400).
    default_priority = 395

    def apply_to_post(self, record: dict[str, Any]) -> None:
        from .extension import get_state

        site = get_state(self.app).site
        options: dict[str, Any] = {}
        if str(site.kramdown_option("syntax_highlighter") or "rouge") == "rouge":
            options = _block_highlighter_options(
                site.kramdown_option("syntax_highlighter_opts")
            )
        start = options.get("start_line", 1)
        plain = bool(site.kramdown_option("guess_lang"))
        for node in list(self.document.findall(nodes.literal_block)):
            if "force" in node and not node.get("jekyllposts_fence"):
                if node.get("linenos"):  # a {% highlight … linenos %} block
                    node.replace_self(as_rouge_table(node, shown=True))
                continue
            language = str(node.get("language") or "")
            unknown = node.get("jekyllposts_unknown_language")
            if (
                not options.get("line_numbers")
                or unknown
                or (language == "text" and not plain)
            ):
                continue  # not highlighted, so not numbered
            shown = not unnumbered_code(site.theme, language, node["classes"])
            if shown and isinstance(start, int) and start != 1:
                args: dict[str, Any] = node.get("highlight_args") or {}
                node["highlight_args"] = {**args, "linenostart": start}
            node.replace_self(as_rouge_table(node, shown=shown))


def _block_highlighter_options(value: object) -> dict[str, Any]:
    """Rouge's options for code blocks: the common keys, then ``block:`` ones."""
    if not isinstance(value, Mapping):
        return {}
    options = {str(k): v for k, v in value.items() if k not in {"block", "span"}}
    block = value.get("block")
    if isinstance(block, Mapping):
        options.update({str(k): v for k, v in block.items()})
    return options


class ResolvePostLinks(SphinxPostTransform):
    """Point ``post_url`` / ``link`` targets at the right page for each builder.

    ``<reference refuri="jekyllposts-source:_posts/x.md">`` →
    ``<reference refuri="x.html" internal="True">``; the same URLs in raw HTML
    (``<a href="{% post_url x %}">``) are rewritten too. A target that is not a
    document of the build (a Jekyll page, a collection document, a static file) is
    linked where the Jekyll site served it.
    """

    # With Sphinx's reference resolution.
    default_priority = 10

    def run(self, **kwargs: Any) -> None:
        """Resolve the source links of this page."""
        for node in list(self.document.findall(nodes.reference)):
            uri = node.get("refuri", "")
            if not uri.startswith(SOURCE_LINK_SCHEME):
                continue
            resolved, internal = self._resolve(uri)
            if resolved is None:
                if self.app.builder.format == "html":
                    self._warn(uri, node)
                node.replace_self(nodes.inline("", "", *node.children))
                continue
            node["refuri"] = resolved
            node["internal"] = internal
        for raw in self.document.findall(nodes.raw):
            if "html" in raw.get("format", "").split():
                self._rewrite_html(raw)

    def _resolve(self, uri: str) -> tuple[str | None, bool]:
        """The URL for ``jekyllposts-source:<path>#fragment`` from this page."""
        from .extension import docname_of_source, get_state
        from .frontmatter import split_front_matter
        from .paths import site_path
        from .urls import page_url

        rest, _, fragment = uri[len(SOURCE_LINK_SCHEME) :].partition("#")
        rest, mark, query = rest.partition("?")
        path = unquote(rest)
        suffix = (f"?{query}" if mark else "") + (f"#{fragment}" if fragment else "")
        target = docname_of_source(self.app, path)
        if target is not None:
            try:
                uri = self.app.builder.get_relative_uri(self.env.docname, target)
            except NoUri:  # e.g. LaTeX, for a post outside the document
                return None, False
            return uri + suffix, True
        state = get_state(self.app)
        source = state.site.root / path
        if not source.is_file():
            return None, False
        text = source.read_text(encoding="utf-8", errors="replace")
        url = page_url(state.site, path, split_front_matter(text).data)
        if path.endswith((".md", ".markdown", ".html")) and text.startswith("---"):
            base = str(state.site.config.get("url") or "").rstrip("/")
            if not base:
                return None, False
            prefix = "/" + str(state.site.config.get("baseurl") or "").strip("/")
            return base + prefix.rstrip("/") + url + suffix, False
        page = self.app.builder.get_target_uri(self.env.docname)
        local = site_path(state, "/" + path) or path  # a static file, copied as is
        return posixpath.relpath(local, posixpath.dirname(page) or ".") + suffix, False

    def _rewrite_html(self, raw: nodes.raw) -> None:
        """``<a href="jekyllposts-source:…">`` in raw HTML, resolved the same way."""
        if SOURCE_LINK_SCHEME not in raw.astext():
            return

        def replace(match: re.Match[str]) -> str:
            resolved, _ = self._resolve(match.group(0))
            if resolved is None:
                self._warn(match.group(0), raw)
            return resolved or "#"

        raw.children = [nodes.Text(SOURCE_URL.sub(replace, raw.astext()))]

    def _warn(self, uri: str, node: nodes.Element) -> None:
        path = unquote(uri[len(SOURCE_LINK_SCHEME) :]).partition("#")[0]
        logger.warning(
            "link target %r is not a document of this build; link kept as text",
            path,
            type=WARNING_TYPE,
            subtype=JekyllpostsWarning.LINK.value,
            location=node,
        )
