"""Line-numbered code as Rouge lays it out: a gutter column beside the code.

Jekyll's Rouge writes a numbered block (``{% highlight ruby linenos %}``, or every
highlighted block under kramdown's ``line_numbers`` option) as a table inside the
block's ``<pre><code>``: a ``rouge-gutter`` cell with the numbers and a
``rouge-code`` cell with the code, so that selecting the code never takes the
numbers with it. :class:`rouge_table` is a literal block that HTML builders write
in that layout, highlighted by Sphinx's own Pygments bridge; every other builder
writes it as the literal block it is (Sphinx's translators look a node's visitor up
along its classes). ``jekyllposts_line_numbers = "inline"`` gives Sphinx's numbers
in the code instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

__all__ = ["as_rouge_table", "rouge_table", "setup_rouge"]


class rouge_table(nodes.literal_block):  # noqa: N801 -- docutils names nodes so
    """A code block of a post that Rouge numbered.

    ``linenos`` is false where the theme hides the numbers Rouge wrote (Chirpy's
    console blocks): the gutter is there, as in Jekyll's page, but not shown.
    """


def setup_rouge(app: Sphinx) -> None:
    """Register the node and its HTML layout."""
    app.add_node(rouge_table, html=(visit_rouge_table, None))


def as_rouge_table(block: nodes.literal_block, *, shown: bool) -> rouge_table:
    """``block`` as a :class:`rouge_table`, numbers ``shown`` or hidden."""
    table = rouge_table(block.rawsource, "", *block.children, **block.attributes)
    table.source, table.line = block.source, block.line
    table["linenos"] = shown
    return table


def visit_rouge_table(self: HTML5Translator, node: rouge_table) -> None:
    """Write the block as Rouge's table, or as Sphinx's block when asked to."""
    # An invalid value has been warned about and means the default, "table".
    inline = self.config.jekyllposts_line_numbers == "inline"
    if inline or node.rawsource != node.astext():  # or a parsed literal
        self.visit_literal_block(node)  # raises SkipNode
        return
    language = node.get("language", "default")
    args: dict[str, Any] = dict(node.get("highlight_args") or {})
    start = args.pop("linenostart", 1)
    code = self.highlighter.highlight_block(
        node.rawsource,
        language,
        opts=self.config.highlight_options.get(language, {}),
        force=node.get("force", False),
        location=node,
        nowrap=True,
        **args,
    )
    count = len(node.rawsource.splitlines()) or 1
    first = start if isinstance(start, int) else 1
    gutter = "".join(f"{n}\n" for n in range(first, first + count))
    classes = f"highlight-{language} notranslate"
    if not node.get("linenos"):
        classes += " jekyllposts-nolineno"
    self.body.append(
        self.starttag(node, "div", suffix="", CLASS=classes)
        + '<div class="highlight"><pre><code><table class="rouge-table"><tbody><tr>'
        + f'<td class="rouge-gutter gl"><pre class="lineno">{gutter}</pre></td>'
        + f'<td class="rouge-code"><pre>{code}</pre></td>'
        + "</tr></tbody></table></code></pre></div></div>\n"
    )
    raise nodes.SkipNode
