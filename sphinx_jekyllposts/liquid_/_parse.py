"""Parse a template so that no error stops the rest of it from rendering.

python-liquid stops at a delimiter it cannot close (``{{`` without ``}}``) and an
unclosed block swallows the rest of the text. Jekyll would fail the build in both
cases; we repair instead and say so: a broken delimiter is kept as text, an unclosed
or stray block tag is removed (its lines are kept, so line numbers still hold).
Each node inside a block is guarded, so a render error loses one node, not the block.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TextIO

from liquid.ast import BlockNode, Node
from liquid.builtin.content import ContentNode
from liquid.exceptions import (
    LiquidError,
    LiquidInterrupt,
    LocalNamespaceLimitError,
    OutputStreamLimitError,
    StopRender,
)
from liquid.parser import get_parser
from liquid.stream import TokenStream
from liquid.token import TOKEN_CONTENT, TOKEN_TAG, Token

from ._session import OUTPUT_BUDGET, current_session, report

if TYPE_CHECKING:
    from liquid import BoundTemplate, Environment, RenderContext

__all__ = ["GuardNode", "guard", "parse_source"]

_MAX_REPAIRS = 200
# {% raw %} (group 1) and {% endraw %}, as python-liquid's lexer spells them.
_RAW = re.compile(r"\{%-?\s*(?:(raw)|endraw)\s*-?%\}")


def parse_source(env: Environment, source: str) -> tuple[BoundTemplate, str]:
    """Parse ``source`` with repairs; return the template and the repaired text.

    Problems are reported to the current session at their lines.
    """
    current = current_session()
    if current is not None:
        current.parsing = True
    try:
        source, tokens = _repair(env, source)
        try:
            template = _template(env, source, tokens)
        except LiquidError as exc:
            report(
                f"Liquid could not parse this text ({exc.message}); kept as is", None
            )
            template = env.from_string("")
            template.nodes = [
                ContentNode(Token(TOKEN_CONTENT, source, 0, source), source)
            ]
        guard(template, template.nodes)
    finally:
        if current is not None:
            current.parsing = False
    return template, source


def _close_raw(source: str) -> str:
    """Close a ``{% raw %}`` that is never closed at the end of the text.

    python-liquid would read the unclosed tag as an unknown one and render what
    follows; the author meant it to stay as it is (Jekyll stops the build).
    """
    opened = None
    for match in _RAW.finditer(source):
        if match.group(1) is None:
            opened = None
        elif opened is None:
            opened = match
    if opened is None:
        return source
    report(
        "Liquid block tag 'raw' is never closed; the rest of the post is kept as text",
        Token(TOKEN_TAG, "raw", opened.start(1), source),
    )
    return source + "{% endraw %}"


def _template(
    env: Environment, source: str, tokens: list[Token] | None
) -> BoundTemplate:
    """``env.from_string(source)``, from the tokens the repair already read."""
    if tokens is None:
        return env.from_string(source)
    try:
        nodes = get_parser(env).parse(TokenStream(iter(tokens)))
    except LiquidError:
        raise
    except Exception as err:  # as from_string reports it: kept as text
        raise LiquidError("unexpected liquid parsing error", token=None) from err
    return env.template_class(
        env=env, name="", path=None, nodes=nodes, globals=env.make_globals(None)
    )


def _repair(env: Environment, source: str) -> tuple[str, list[Token] | None]:
    """The source with what would stop it parsing repaired, and its tokens (``None``
    when the repairs gave up before the text read cleanly)."""
    source = _close_raw(source)
    for _ in range(_MAX_REPAIRS):
        current = current_session()
        if current is not None:
            current.source = source
        try:
            tokens = list(env.tokenizer()(source))
        except LiquidError as exc:
            if exc.token is None or exc.token.start_index < 0:
                return source, None
            index = exc.token.start_index
            opener = source[index : index + 2]
            report(f"{opener!r} is never closed; kept as text", exc.token)
            source = f"{source[:index]}{{% raw %}}{opener}{{% endraw %}}{source[index + 2 :]}"
            continue
        broken = _unbalanced(env, tokens)
        if broken is None:
            return source, tokens
        token, message = broken
        report(message, token)
        source = _remove_tag(source, token)
    return source, None


def _unbalanced(env: Environment, tokens: list[Token]) -> tuple[Token, str] | None:
    """The first block tag that is never closed or closes nothing."""
    tags = [t for t in tokens if t.kind == TOKEN_TAG]
    ends = {t.value for t in tags if t.value.startswith("end")}
    stack: list[Token] = []
    for token in tags:
        name = token.value
        known = env.tags.get(name)
        if (known is not None and bool(getattr(known, "end", ""))) or (
            known is None and "end" + name in ends
        ):
            stack.append(token)
        elif name.startswith("end") and name != "end":
            opener = name[3:]
            if not any(t.value == opener for t in stack):
                return token, f"Liquid tag {name!r} closes no open block; removed"
            if stack[-1].value != opener:
                return stack[-1], _never_closed(stack[-1])
            stack.pop()
    if stack:
        return stack[-1], _never_closed(stack[-1])
    return None


def _never_closed(token: Token) -> str:
    return f"Liquid block tag {token.value!r} is never closed; tag removed"


def _remove_tag(source: str, token: Token) -> str:
    """Blank out the whole ``{% … %}`` around ``token``, keeping its newlines."""
    start = source.rfind("{%", 0, token.start_index)
    end = source.find("%}", token.start_index)
    if start < 0 or end < 0:
        return source
    kept = "\n" * source.count("\n", start, end + 2)
    return source[:start] + kept + source[end + 2 :]


class GuardNode(Node):
    """Renders a node; a Liquid error loses only that node's output."""

    __slots__ = ("node",)

    def __init__(self, node: Node) -> None:
        super().__init__(node.token)
        self.node = node
        self.blank = node.blank

    def __str__(self) -> str:
        return str(self.node)

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        """Render the wrapped node, reporting instead of raising."""
        return render_guarded(self.node, context, buffer)


def render_guarded(node: Node, context: RenderContext, buffer: TextIO) -> int:
    """Render ``node``; report a Liquid (or unexpected) error and go on.

    When the post's time or output budget is spent, :class:`StopRender` ends the
    render (:func:`.render_post` keeps the rest of the text as it is).
    """
    current = current_session()
    if current is not None and current.out_of_time(node.token):
        raise StopRender
    try:
        return node.render(context, buffer)
    except (LiquidInterrupt, StopRender):
        raise
    except (OutputStreamLimitError, LocalNamespaceLimitError) as exc:
        if current is None:
            raise
        what = (
            f"output is over {OUTPUT_BUDGET} characters"
            if isinstance(exc, OutputStreamLimitError)
            else "assigned values are too large"
        )
        current.stop(
            f"Liquid {what}; the rest of the post is left unrendered", node.token
        )
        raise StopRender from None
    except LiquidError as exc:
        context.env.error(exc, token=node.token)
    except RecursionError:
        report("Liquid nests too deeply; output left empty", node.token)
    except Exception as exc:  # noqa: BLE001 - a filter's bug must not stop the build
        report(
            f"Liquid failed ({type(exc).__name__}: {exc}); output left empty",
            node.token,
        )
    return 0


def guard(template: BoundTemplate, nodes: list[Node]) -> None:
    """Wrap every non-text node inside the blocks below ``nodes`` in a guard."""
    from liquid import RenderContext

    static = RenderContext(template)
    pending = list(nodes)
    while pending:
        node = pending.pop()
        for child in _children(node, static):
            if isinstance(child, BlockNode):
                child.nodes[:] = [
                    n if isinstance(n, (ContentNode, GuardNode)) else GuardNode(n)
                    for n in child.nodes
                ]
                pending.extend(g.node for g in child.nodes if isinstance(g, GuardNode))
            else:
                pending.append(child)


def _children(node: Node, static: RenderContext) -> list[Node]:
    try:
        return list(node.children(static, include_partials=False))
    except Exception:  # noqa: BLE001 - analysis helpers may evaluate; skip those
        return []
