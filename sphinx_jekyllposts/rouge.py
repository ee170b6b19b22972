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

import functools
from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

__all__ = ["as_rouge_table", "code_language", "rouge_table", "setup_rouge"]

#: The languages Rouge 3.30 (GitHub Pages' version) has a lexer for: every tag and
#: alias, as ``Rouge::Lexer.find`` looks them up (case matters).
_ROUGE_NAMES = """
Dockerfile HAML Isabelle LaTeX OCL R S TeX abap actionscript ada apache apex apib
apiblueprint applescript armasm as as3 aug augeas awk bash bat batch batchfile
bbcbasic behat bib bibtex biml bpf brainfuck brightscript brs bs bsdmake bsl c c#
c++ ceylon cfc cfscript cl clean clj cljs clojure cmake cmhg cmm coffee
coffee-script coffeescript common-lisp common_lisp conf config configuration console
coq cpp cr crystal cs csharp css csvs cucumber cuda cypher cython d dafny dart
datastudio diff digdag django dlang docker dockerfile dosbatch dot e-mail ecl eex
eiffel elisp elixir elm emacs-lisp email eml epp eps erb erl erlang eruby esc escape
ex exs factor fea ff fluent fortran freefem fsharp ftl gd gdscript ghc-cmm ghc-core
gherkin glsl gnumake go golang gradle graphql groovy hack haml handlebars haskell
haxe hbs hcl heex hh hlsl hocon hql hs html http hx hy hylang idlang idr idris
igorpro ini io irb irb_output isa isabelle isbl j janet java javascript jdn jinja jl
js jsl json json-doc jsonc jsonnet jsp jsx julia kdb+ kotlin ksh lasso lassoscript
latex lean leex lhaskell lhs liquid lisp litcoffee literate_coffeescript
literate_haskell lithaskell livescript llvm ls lua lustre lutin m m68k magik make
makefile markdown mason mathematica matlab md meson mf microsoftshell minizinc mkd
ml moon moonscript mosel msgtrans msshell mustache mxml nasm nes nesasm nginx nial
nim nimrod nix nixos obj-c obj-c++ obj-cpp obj_c obj_c++ obj_cpp objc objc++ objcpp
objective_c objective_cpp objectivec objectivec++ objectivecpp ocaml ocl openedge
opentype opentype_feature_file opentypefeature pascal patch perl php php3 php4 php5
pl plaintext plist plsql pony posh postscr postscript powershell pp praat prolog
prometheus properties proto protobuf pry ps puppet py pyrex python pyx q qml r
racket rb react realbasic reasonml rego rescript rhtml robot robot-framework
robot_framework rs rs,ignore rs,no_run rs,should_panic ruby rust rust,ignore
rust,no_run rust,should_panic s sas sass scala scheme scss sed sh shell
shell-session shell_session sieve slice slim smalltalk smarty sml solidity sparql
sqf sql squeak ssh st stan stata supercollider swift systemd syzlang syzprog tap tcl
terminal terraform tex text tf toml ts tsx ttcn3 tulip turtle twig typescript udiff
unit-file vala varnish varnishconf vb vcl velocity verilog vhdl vim viml vimscript
visualbasic vue vuejs winbatch wl wollok xml xojo xpath xquery yaml yang yml zig zir
zsh
"""
ROUGE_LANGUAGES = frozenset(_ROUGE_NAMES.split())


class rouge_table(nodes.literal_block):  # noqa: N801 -- docutils names nodes so
    """A code block of a post that Rouge numbered.

    ``linenos`` is false where the theme hides the numbers Rouge wrote (Chirpy's
    console blocks): the gutter is there, as in Jekyll's page, but not shown.
    """


def code_language(name: str | None) -> tuple[str, bool]:
    """The Pygments language of a block Jekyll shows in ``name``, and whether Rouge
    highlights it (so numbers it).

    No language is Rouge's plain text (Jekyll's ``default_lang``). A language Rouge
    has no lexer for (``mermaid``, ``Ruby``) is shown as written, not highlighted;
    one Pygments lacks (``plaintext``, ``terminal``) is highlighted as text.
    ``ruby?line_numbers=true`` is Rouge's language with options.
    """
    if name in (None, "", "default", "none"):
        return "text", True
    name = name.partition("?")[0]
    if name not in ROUGE_LANGUAGES:
        return "text", False
    return (name if _pygments_knows(name) else "text"), True


@functools.cache
def _pygments_knows(name: str) -> bool:
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        get_lexer_by_name(name)
    except ClassNotFound:
        return False
    return True


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
    # Rouge keeps the blank lines a block opens with; each line gets its number.
    options = {**self.config.highlight_options.get(language, {}), "stripnl": False}
    code = self.highlighter.highlight_block(
        node.rawsource.rstrip("\n"),
        language,
        opts=options,
        force=node.get("force", False),
        location=node,
        nowrap=True,
        **args,
    )
    first = start if isinstance(start, int) else 1
    count = max(1, code.count("\n"))  # the lines Pygments wrote, each ended
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
