"""Directives that render reference tables from the package itself, so they cannot drift.

- ``{jekyllposts-config}``: every field of :class:`~sphinx_jekyllposts.config.JekyllpostsConfig`
  as a ``jekyllposts_<name>`` configuration value (type, default, help).
- ``{jekyllposts-warnings}``: every member of
  :class:`~sphinx_jekyllposts.warnings_.JekyllpostsWarning` with its docstring.
- ``{jekyllposts-mapping} dotted.path.NAME``: a module-level mapping (e.g.
  ``sphinx_jekyllposts.posts.ABLOG_KEYS``) as a two-column table.
- ``{jekyllposts-liquid} tags`` / ``filters``: Jekyll's Liquid tags and filters as
  registered by :mod:`sphinx_jekyllposts.liquid_`, with the summary of each docstring.
- ``{jekyllposts-example} examples/x.txt``: a snippet of ``docs/examples/`` (the files
  ``tests/test_docs.py`` builds) as tabs: the Jekyll source and, for kramdown snippets,
  the MyST text :func:`sphinx_jekyllposts.kramdown.convert` makes of it.

Each directive writes MyST text (a ``list-table``) and parses it in place, the way
MyST-Parser's own ``_docs.py`` renders its configuration table.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping, Sequence
import dataclasses as dc
import importlib
import inspect
import itertools
from pathlib import Path
import re
from typing import TYPE_CHECKING, Any, ClassVar

from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

if TYPE_CHECKING:
    from enum import Enum

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__all__ = ["enum_member_docs", "list_table", "setup", "tab_set"]


def list_table(
    header: Sequence[str], rows: Iterable[Sequence[str]], widths: str = "auto"
) -> str:
    """MyST source of a ``list-table`` directive; cells are MyST inline text.

    A ``list-table`` rather than a pipe table, since cells may hold ``|`` (``bool | None``).
    """
    lines = ["````{list-table}", ":header-rows: 1", f":widths: {widths}", ""]
    for row in (header, *rows):
        first, *rest = (" ".join(cell.split()) for cell in row)
        lines.append(f"* - {first}")
        lines.extend(f"  - {cell}" for cell in rest)
    lines.append("````")
    return "\n".join(lines)


def code(text: str) -> str:
    """``text`` as a MyST code span, whatever backticks it holds."""
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def enum_member_docs(enum: type[Enum]) -> dict[str, str]:
    """The docstring of each member: the string literal written after it in the class body.

    Enum members do not keep such literals (``member.__doc__`` is the class's), so read
    the class's source with :mod:`ast`. Members without a literal are absent.
    """
    tree = ast.parse(inspect.cleandoc("\n" + inspect.getsource(enum)))
    body = next(n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)).body
    docs: dict[str, str] = {}
    for node, after in itertools.pairwise(body):
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            docs[node.targets[0].id] = inspect.cleandoc(after.value.value)
    return docs


def import_object(path: str) -> tuple[Any, str]:
    """Import ``package.module.NAME``; return the object and the module's file."""
    module_name, _, name = path.rpartition(".")
    module = importlib.import_module(module_name)
    return getattr(module, name), str(module.__file__)


class _ReferenceDirective(SphinxDirective):
    """Render the MyST text of :meth:`text` in place; rebuild when the module changes."""

    def run(self) -> list[nodes.Node]:
        text, source_file = self.text()
        self.env.note_dependency(source_file)
        return self.parse_text_to_nodes(text)

    def text(self) -> tuple[str, str]:
        raise NotImplementedError


class ConfigDirective(_ReferenceDirective):
    """The ``jekyllposts_*`` configuration values."""

    def text(self) -> tuple[str, str]:
        from sphinx_jekyllposts import config

        defaults = config.JekyllpostsConfig()
        rows = [
            (
                code(f"jekyllposts_{field.name}"),
                code(str(field.type)),
                code(repr(getattr(defaults, field.name))),
                field.metadata.get("help", ""),
            )
            for field in dc.fields(config.JekyllpostsConfig)
        ]
        header = ("Name", "Type", "Default", "Description")
        return list_table(header, rows, "25 15 10 50"), str(config.__file__)


class WarningsDirective(_ReferenceDirective):
    """The warning subtypes, as ``suppress_warnings`` spells them."""

    def text(self) -> tuple[str, str]:
        from sphinx_jekyllposts import warnings_

        enum = warnings_.JekyllpostsWarning
        docs = enum_member_docs(enum)
        rows = [
            (
                code(f"{warnings_.WARNING_TYPE}.{member.value}"),
                docs.get(member.name, ""),
            )
            for member in enum
        ]
        return list_table(("Warning type", "Emitted when"), rows, "30 70"), str(
            warnings_.__file__
        )


class MappingDirective(_ReferenceDirective):
    """A module-level mapping as a table: ``{jekyllposts-mapping} module.NAME``."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {
        "header": directives.unchanged_required,
        "code-values": directives.flag,
    }

    def text(self) -> tuple[str, str]:
        mapping, source_file = import_object(self.arguments[0])
        if not isinstance(mapping, Mapping):
            msg = f"{self.arguments[0]} is not a mapping"
            raise self.error(msg)
        header = [
            h.strip() for h in self.options.get("header", "Key, Value").split(",")
        ]
        as_value = code if "code-values" in self.options else str
        rows = [
            (code(str(key)), as_value(str(value))) for key, value in mapping.items()
        ]
        return list_table(header, rows, "30 70"), source_file


def summary(obj: object) -> str:
    """The first paragraph of ``obj``'s docstring, on one line."""
    doc = inspect.getdoc(obj) or ""
    return " ".join(doc.split("\n\n", 1)[0].split())


class LiquidDirective(_ReferenceDirective):
    """Jekyll's Liquid tags or filters: ``{jekyllposts-liquid} tags``."""

    required_arguments = 1

    def text(self) -> tuple[str, str]:
        from liquid import Tag

        from sphinx_jekyllposts.liquid_ import filters, tags

        if self.arguments[0] == "filters":
            rows = [
                (code(name), summary(f)) for name, f in filters.JEKYLL_FILTERS.items()
            ]
            return list_table(("Filter", "Does"), rows, "25 75"), str(filters.__file__)
        classes = [getattr(tags, name) for name in tags.__all__]
        rows = [
            (code(str(cls.name)), summary(cls))
            for cls in classes
            if isinstance(cls, type)
            and issubclass(cls, Tag)
            and cls is not tags.UnknownTag
        ]
        return list_table(("Tag", "Does"), rows, "25 75"), str(tags.__file__)


class ExampleDirective(_ReferenceDirective):
    """A ``docs/examples/`` snippet as Jekyll source and, optionally, its MyST form."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"convert": directives.flag}

    def text(self) -> tuple[str, str]:
        _, path = self.env.relfn2path(self.arguments[0], self.env.docname)
        source = Path(path).read_text(encoding="utf-8")
        tabs = [("Jekyll post", source)]
        if "convert" in self.options:
            from sphinx_jekyllposts import kramdown

            result = kramdown.convert(source, kramdown.KramdownOptions(math=True))
            tabs.append(("MyST, after the kramdown stage", result.text))
        return tab_set(tabs), path


def tab_set(tabs: Sequence[tuple[str, str]]) -> str:
    """MyST source of a sphinx-design tab set; each tab shows one text as Markdown code.

    Backtick fences (not colon fences) nest safely around text that holds colon fences;
    each level is one backtick longer than the longest run of backticks inside.
    """
    longest = max((len(m) for _, t in tabs for m in re.findall(r"`+", t)), default=0)
    n = max(3, longest + 1)
    lines = ["`" * (n + 2) + "{tab-set}"]
    for label, text in tabs:
        lines += ["`" * (n + 1) + "{tab-item} " + label, "`" * n + "markdown"]
        lines += [text.rstrip("\n"), "`" * n, "`" * (n + 1)]
    lines.append("`" * (n + 2))
    return "\n".join(lines)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the reference directives."""
    app.add_directive("jekyllposts-config", ConfigDirective)
    app.add_directive("jekyllposts-warnings", WarningsDirective)
    app.add_directive("jekyllposts-mapping", MappingDirective)
    app.add_directive("jekyllposts-example", ExampleDirective)
    app.add_directive("jekyllposts-liquid", LiquidDirective)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
