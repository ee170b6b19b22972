"""Jekyll's Liquid tags, one module per tag (as python-liquid keeps its own)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from liquid.token import TOKEN_ILLEGAL

from .for_tag import JekyllForTag
from .gist import GistTag
from .highlight import HighlightTag
from .include import IncludeCachedTag, IncludeRelativeTag, IncludeTag
from .link import LinkTag
from .post_url import PostUrlTag
from .unknown import UnknownTag

if TYPE_CHECKING:
    from liquid import Environment

__all__ = [
    "GistTag",
    "HighlightTag",
    "IncludeCachedTag",
    "IncludeRelativeTag",
    "IncludeTag",
    "JekyllForTag",
    "LinkTag",
    "PostUrlTag",
    "UnknownTag",
    "register_tags",
]


def register_tags(environment: Environment) -> None:
    """Add Jekyll's tags (replacing Liquid's ``include``, and ``for`` with one that
    also reads loops as Liquid 4 does) and the unknown-tag fallback."""
    for tag in (
        JekyllForTag,
        GistTag,
        HighlightTag,
        IncludeTag,
        IncludeRelativeTag,
        IncludeCachedTag,
        PostUrlTag,
        LinkTag,
    ):
        environment.add_tag(tag)
    environment.tags[TOKEN_ILLEGAL] = UnknownTag(environment)
