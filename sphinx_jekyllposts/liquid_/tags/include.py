"""Jekyll's ``include``, ``include_relative`` and ``include_cached`` tags.

Ported from Jekyll 4.3 ``lib/jekyll/tags/include.rb`` (MIT). Jekyll's include is not
Liquid's: the file name is bare (``{% include note.html %}``) or built from variables
(``{% include {{ page.kind }}.html %}``), parameters are ``name=value``,
``name="text"`` or ``name='text'``, and the included file sees them as ``include.name``.
Files are read from ``<site>/_includes`` and then the configured theme include folders
(``include_relative``: the post's folder) and never from outside them: ``..``,
absolute paths and symlinks that leave the folder are refused, as in Jekyll's safe mode.
"""

from __future__ import annotations

from io import StringIO
import re
from typing import TYPE_CHECKING, Any, TextIO

from liquid.ast import Node
from liquid.tag import Tag

from ...warnings_ import JekyllpostsWarning
from .._session import current_session, report
from ._common import read_markup

if TYPE_CHECKING:
    from pathlib import Path

    from liquid import BoundTemplate, RenderContext
    from liquid.expression import Expression
    from liquid.stream import TokenStream
    from liquid.token import Token

__all__ = ["IncludeCachedTag", "IncludeNode", "IncludeRelativeTag", "IncludeTag"]

_VALID_PARAM = re.compile(
    r"""([\w-]+)\s*=\s*(?:"([^"\\]*(?:\\.[^"\\]*)*)"|'([^'\\]*(?:\\.[^'\\]*)*)'|([\w.-]+))"""
)
_VARIABLE_NAME = re.compile(
    r"(?P<variable>[^{]*(\{\{\s*[\w\-.]+\s*(\|.*)?\}\}[^\s{}]*)+)(?P<params>.*)",
    re.DOTALL,
)
_FULL_VALID_PARAMS = re.compile(
    rf"\A\s*(?:{_VALID_PARAM.pattern}(?=\s|\Z)\s*)*\Z", re.DOTALL
)
_VALID_FILENAME = re.compile(r"^[\w/.\-()+~#@]+$")
_INVALID_SEQUENCE = re.compile(r"[./]{2,}")
_MAX_DEPTH = 10  # python-liquid allows 30 context extensions, 2 per include


class IncludeNode(Node):
    """An include: finds, parses (once per build) and renders another file."""

    __slots__ = ("file", "file_template", "params", "relative")

    def __init__(
        self,
        token: Token,
        file: str,
        file_template: BoundTemplate | None,
        params: list[tuple[str, str | Expression]] | None,
        relative: bool,
    ) -> None:
        super().__init__(token)
        self.file = file
        self.file_template = file_template
        self.params = params
        self.relative = relative
        self.blank = False

    def __str__(self) -> str:
        return f"{{% include {self.file} %}}"

    def _file_name(self, context: RenderContext) -> str:
        if self.file_template is None:
            return self.file
        buffer = StringIO()
        self.file_template.render_with_context(context, buffer)
        return buffer.getvalue().strip()

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        """Render the included file with ``include.*`` set to the parameters."""
        name = self._file_name(context)
        if _INVALID_SEQUENCE.search(name) or not _VALID_FILENAME.match(name):
            report(
                f"invalid include file name {name!r}; nothing included",
                self.token,
                JekyllpostsWarning.INCLUDE,
            )
            return 0
        env: Any = context.env
        session = current_session()
        path = env.locate_include(name, relative=self.relative)
        if path is None or session is None:
            where = "next to the post" if self.relative else "in the include folders"
            problem = f"not found {where}"
            if env.include_leaves(name, relative=self.relative):
                problem = "leads outside the site (an absolute path or a symlink)"
            report(
                f"include {name!r} {problem}; nothing included",
                self.token,
                JekyllpostsWarning.INCLUDE,
            )
            return 0
        if len(session.include_stack) >= _MAX_DEPTH:
            report(
                f"include {name!r} nests too deeply (recursive?); not included",
                self.token,
                JekyllpostsWarning.INCLUDE,
            )
            return 0
        session.depend(path)
        line = session.line(self.token)
        session.include_stack.append((line, name))
        try:
            template, problems = env.load_include(path)
            for problem in problems:
                session.add(JekyllpostsWarning.LIQUID, problem, line)
            namespace: dict[str, object] = {}
            if self.params is not None:
                namespace["include"] = {
                    key: value if isinstance(value, str) else value.evaluate(context)
                    for key, value in self.params
                }
            with context.extend(namespace, template=template):
                template.render_with_context(context, buffer, partial=True)
        finally:
            session.include_stack.pop()
        return 1


class IncludeTag(Tag):
    """``{% include file.html param=value %}`` (Jekyll's, not Liquid's)."""

    name = "include"
    block = False
    relative = False

    def parse(self, stream: TokenStream) -> Node:
        """Split the markup into the file name and its parameters."""
        token, markup = read_markup(stream)
        markup = markup.strip()
        match = _VARIABLE_NAME.match(markup)
        if match:
            file, params = (
                match.group("variable").strip(),
                match.group("params").strip(),
            )
        else:
            # Jekyll's ``markup.strip.split(%r!\s+!, 2)``: any blank ends the name
            file, _, params = re.sub(r"\s", " ", markup, count=1).partition(" ")
            params = params.strip()
        if not file:
            report(f"{self.name} without a file name; nothing included", token)
        if params and not _FULL_VALID_PARAMS.match(params):
            report(
                f"invalid {self.name} parameters {params!r} (valid: "
                f"{self.name} file.ext param='value'); reading what is valid",
                token,
                JekyllpostsWarning.INCLUDE,
            )
        file_template = self.env.from_string(file) if "{{" in file else None
        parsed = self._params(params) if params else None
        return IncludeNode(token, file, file_template, parsed, self.relative)

    def _params(self, params: str) -> list[tuple[str, str | Expression]]:
        """Jekyll's ``parse_params``: quoted text or a variable looked up later."""
        env: Any = self.env
        result: list[tuple[str, str | Expression]] = []
        for key, double, single, variable in _VALID_PARAM.findall(params):
            if variable:
                result.append((key, env.parse_expression(variable)))
            elif double:
                result.append((key, double.replace('\\"', '"')))
            else:
                result.append((key, single.replace("\\'", "'")))
        return result


class IncludeRelativeTag(IncludeTag):
    """``{% include_relative file.md %}``: relative to the post's folder."""

    name = "include_relative"
    relative = True


class IncludeCachedTag(IncludeTag):
    """``{% include_cached %}`` of jekyll-include-cache: an include (we cache
    every parsed include anyway)."""

    name = "include_cached"


def confined(path: Path, root: Path) -> Path | None:
    """``path`` resolved, if it is a file inside ``root`` (symlinks followed)."""
    try:
        real = path.resolve(strict=True)
        inside = real.is_relative_to(root.resolve(strict=True))
    except (OSError, RuntimeError):
        return None
    return real if inside and real.is_file() else None
