"""``{% post_url 2010-07-21-name %}``: a link to another post, checked by Sphinx.

Jekyll (``lib/jekyll/tags/post_url.rb``) matches ``[subdir/]date-slug`` against each
post's relative path (``_posts/subdir/date-slug.ext`` or ``subdir/_posts/date-slug.ext``),
then falls back to comparing date and slug. We also accept a bare name for a post kept
in a subfolder of ``_posts``. The tag writes ``jekyllposts-source:<path>``, which the
Sphinx glue turns into the relative URI of that post for the builder in use.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, TextIO

from liquid.ast import Node
from liquid.tag import Tag

from ...warnings_ import JekyllpostsWarning
from .._session import report
from ._common import read_markup

if TYPE_CHECKING:
    from liquid import RenderContext
    from liquid.stream import TokenStream
    from liquid.token import Token

    from ...frontmatter import Post

__all__ = ["PostUrlNode", "PostUrlTag", "find_post", "source_url"]

# Jekyll's PostComparer::MATCHER
_MATCHER = re.compile(r"^(.+/)*(\d+-\d+-\d+)-(.*)$")
SOURCE_SCHEME = "jekyllposts-source:"


def source_url(path: str) -> str:
    """``jekyllposts-source:<percent-encoded path>`` for a file of the site."""
    from urllib.parse import quote

    return SOURCE_SCHEME + quote(path, safe="/")


def _relative(post: Post, collections_dir: str) -> list[str]:
    paths = [post.path]
    if collections_dir not in ("", ".") and post.path.startswith(collections_dir + "/"):
        paths.append(post.path[len(collections_dir) + 1 :])
    return paths


def find_post(name: str, posts: list[Post], collections_dir: str = "") -> Post | None:
    """The post ``{% post_url name %}`` means, or ``None``."""
    match = _MATCHER.match(name.lstrip("/"))
    if match is None:
        return None
    folder, date, slug = match.group(1) or "", match.group(2), match.group(3)
    base = rf"{re.escape(date)}-{re.escape(slug)}\.[^./]+$"
    exact = re.compile(
        rf"^_posts/{re.escape(folder)}{base}|^{re.escape(folder)}_posts/?{base}"
    )
    for post in posts:
        if any(exact.match(p) for p in _relative(post, collections_dir)):
            return post
    # Jekyll's deprecated_equality, then a bare name in any subfolder of _posts.
    stem = re.compile(rf"(^|/){base}")
    for post in posts:
        name_ok = stem.search(post.path) is not None
        if name_ok and (not folder or f"/{folder}" in f"/{post.path}"):
            return post
    return None


class PostUrlNode(Node):
    """Writes the link to the named post, or Jekyll's URL guess with a warning."""

    __slots__ = ("name",)

    def __init__(self, token: Token, name: str) -> None:
        super().__init__(token)
        self.name = name
        self.blank = False

    def __str__(self) -> str:
        return f"{{% post_url {self.name} %}}"

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        """Write ``jekyllposts-source:<path>`` of the post."""
        env: Any = context.env
        post = find_post(self.name, env.posts, env.collections_dir)
        if post is not None:
            return buffer.write(source_url(post.path))
        report(
            f"post_url target {self.name!r} not found; "
            "using the URL Jekyll would guess",
            self.token,
            JekyllpostsWarning.LINK,
        )
        match = _MATCHER.match(self.name.lstrip("/"))
        if match is None:
            return 0
        date = "/".join(f"{int(part):02d}" for part in match.group(2).split("-"))
        return buffer.write(env.relative_url(f"/{date}/{match.group(3)}.html"))


class PostUrlTag(Tag):
    """Jekyll's ``post_url`` tag."""

    name = "post_url"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        """Read the post name."""
        token, markup = read_markup(stream)
        name = markup.strip()
        if _MATCHER.match(name.lstrip("/")) is None:
            report(
                f"post_url {name!r} does not contain a valid date and title; "
                "nothing written",
                token,
                JekyllpostsWarning.LINK,
            )
        return PostUrlNode(token, name)
