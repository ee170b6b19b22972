"""Per-render bookkeeping: diagnostics, dependencies and the include stack.

One :class:`Session` is active while a post renders (a :mod:`contextvars` variable,
so threads never share one). Tags, filters and drops report problems and record the
files they read through it instead of logging, which keeps the stage pure.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
import time
from typing import TYPE_CHECKING

from ..warnings_ import Diagnostic, JekyllpostsWarning

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from liquid.exceptions import LiquidError
    from liquid.token import Token

__all__ = ["Session", "current_session", "line_of", "report", "session"]

#: Seconds a post's Liquid may take; the rest of the post is then left as text.
TIME_BUDGET = 10.0
#: Characters (UTF-8 bytes) a post's Liquid may write; the rest is left as text.
OUTPUT_BUDGET = 20_000_000


@dataclass(slots=True)
class Session:
    """What one render of one post collected.

    :param source: the template text being rendered (the post body, possibly with
        broken delimiters neutralised; always with the same lines)
    """

    source: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    dependencies: dict[Path, None] = field(default_factory=dict)
    include_stack: list[tuple[int | None, str]] = field(default_factory=list)
    """(line in the post, include name) of the includes being rendered, outermost
    first; problems inside an include are reported at the outermost tag's line."""
    quiet_parse_errors: bool = False
    """``error_mode: lax``: Jekyll keeps quiet about syntax it could not read."""
    parsing: bool = False
    """Whether the template is being parsed (not rendered)."""
    parse_token: Token | None = None
    """The token of the tag or output statement being parsed (errors whose own
    token has no position are reported there)."""
    post_path: str = ""
    """The post's path relative to the site root (for ``include_relative``)."""
    deadline: float = field(default_factory=lambda: time.monotonic() + TIME_BUDGET)
    stopped: str | None = None
    """Why rendering stopped early (time or output budget spent), once reported."""

    def stop(self, reason: str, token: Token | None) -> None:
        """Record that rendering stops here (reported once per render)."""
        if self.stopped is None:
            self.stopped = reason
            self.add(JekyllpostsWarning.LIQUID, reason, self.line(token))

    def out_of_time(self, token: Token | None) -> bool:
        """Whether the time budget is spent (reported the first time)."""
        if self.stopped is None and time.monotonic() > self.deadline:
            self.stop(
                f"Liquid took over {TIME_BUDGET:g} s; the rest of the post is left "
                "unrendered",
                token,
            )
        return self.stopped is not None

    def depend(self, path: Path) -> None:
        """Record that the output depends on the file at ``path``."""
        self.dependencies[path] = None

    def line(self, token: Token | None) -> int | None:
        """The 1-based line of the post that ``token`` belongs to."""
        if self.include_stack:
            return self.include_stack[0][0]
        if token is None or token.start_index < 0 or token.source is not self.source:
            return None
        return line_of(token.source, token.start_index)

    def add(self, subtype: JekyllpostsWarning, message: str, line: int | None) -> None:
        """Record a diagnostic, once per (subtype, message, line)."""
        if self.include_stack and line == self.include_stack[0][0]:
            where = self.include_stack[-1][1]
            message = f"{message} (in include {where!r})"
        diagnostic = Diagnostic(subtype, message, line)
        if diagnostic not in self.diagnostics:
            self.diagnostics.append(diagnostic)


_CURRENT: ContextVar[Session | None] = ContextVar("jekyllposts_liquid", default=None)


def current_session() -> Session | None:
    """The session of the render in progress, if any."""
    return _CURRENT.get()


@contextmanager
def session(source: str) -> Iterator[Session]:
    """Make a new session current while the ``with`` block runs."""
    new = Session(source)
    reset = _CURRENT.set(new)
    try:
        yield new
    finally:
        _CURRENT.reset(reset)


def report(
    message: str,
    token: Token | None,
    subtype: JekyllpostsWarning = JekyllpostsWarning.LIQUID,
) -> None:
    """Record a diagnostic at ``token`` in the current session (if there is one)."""
    current = _CURRENT.get()
    if current is not None:
        current.add(subtype, message, current.line(token))


def error_message(exc: LiquidError) -> str:
    """The first line of a Liquid error, without python-liquid's source excerpt."""
    text = str(exc.message if exc.args else type(exc).__name__)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__


def line_of(text: str, index: int) -> int:
    """The 1-based line of ``text`` that holds character ``index``."""
    return text.count("\n", 0, max(index, 0)) + 1
