"""Warning subtypes and the diagnostics that pure stages return instead of logging."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

__all__ = ["WARNING_TYPE", "Diagnostic", "JekyllpostsWarning"]

#: The Sphinx warning type of every warning this extension emits.
WARNING_TYPE = "jekyllposts"


class JekyllpostsWarning(Enum):
    """Subtypes of ``jekyllposts`` warnings (``suppress_warnings = ["jekyllposts.<x>"]``)."""

    SOURCE = "source"
    """A post file that is empty, too large, unreadable, outside the site, or not
    clean UTF-8 text (undecodable bytes, control characters)."""
    FRONTMATTER = "frontmatter"
    """The YAML front matter could not be read, or a key has an unusable value."""
    LIQUID = "liquid"
    """A Liquid syntax or render error, or an unknown tag or filter."""
    KRAMDOWN = "kramdown"
    """kramdown syntax that has no MyST equivalent, or is malformed."""
    DATE = "date"
    """A date in a file name or in the front matter that cannot be read."""
    INCLUDE = "include"
    """An ``include`` that is missing, recursive, or reaches outside the site."""
    LINK = "link"
    """A ``post_url`` or ``link`` target that does not exist."""
    URL = "url"
    """A permalink or redirect that is unsafe or claimed by two posts."""
    CONFIG = "config"
    """An invalid ``jekyllposts_*`` value or an unreadable ``_config.yml``."""

    @property
    def dotted(self) -> str:
        """The name used in ``suppress_warnings``, e.g. ``jekyllposts.liquid``."""
        return f"{WARNING_TYPE}.{self.value}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem found by a pure stage, located at a 1-based line of the original file.

    ``line`` is ``None`` when the problem concerns the whole file.
    """

    subtype: JekyllpostsWarning
    message: str
    line: int | None = None

    def format(self, path: str) -> str:
        """Render as ``path:line: message [jekyllposts.subtype]`` (Sphinx's wording)."""
        where = f"{path}:{self.line}" if self.line is not None else path
        return f"{where}: {self.message} [{self.subtype.dotted}]"
