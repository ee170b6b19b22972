"""The Liquid context Jekyll gives a post: ``site``, ``page``/``post`` and ``jekyll``.

Drops are read-only mappings whose costly keys are computed on first access, so a
post that never touches ``site.data`` or ``site.tags`` never pays for them. The
site drop is built once per environment (per build) and shared by every post.
See Jekyll's ``lib/jekyll/drops/{site,document,jekyll}_drop.rb``.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Mapping, Sequence
import csv
import datetime as dt
import io
import json
from pathlib import Path, PurePosixPath
import re
from typing import TYPE_CHECKING, Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from mdit_py_plugins.texmath import texmath_plugin
import yaml

from ..site import Site, load_yaml
from ..urls import escape_path, post_id
from ..warnings_ import JekyllpostsWarning
from ._session import current_session

if TYPE_CHECKING:
    from markdown_it.token import Token

    from ..frontmatter import Post

__all__ = [
    "DataDrop",
    "Drop",
    "JekyllTime",
    "PostDrop",
    "SiteDrop",
    "jekyll_time",
    "markdown_parser",
    "page_drop",
]

JEKYLL_VERSION = "4.3.1"

#: Jekyll's ``DataReader#sanitize_filename``
#: (https://github.com/jekyll/jekyll/blob/master/lib/jekyll/readers/data_reader.rb).
_UNSAFE_DATA_NAME = re.compile(r"[^\w\s-]+|(?:^|(?<=\b\s))\s+(?=$|\s?\b)")
_DATA_SUFFIXES = (".yml", ".yaml", ".json", ".csv", ".tsv")


def markdown_parser() -> MarkdownIt:
    """Markdown to HTML for ``markdownify`` and excerpts: CommonMark with tables,
    smart quotes and typographic dashes, as kramdown renders them by default, and
    kramdown's ``$$`` math as MathJax reads it (``\\(…\\)`` in a paragraph, ``\\[…\\]``
    alone), in the elements Sphinx writes math in, so that the page typesets it."""
    options = {"html": True, "typographer": True}
    md = MarkdownIt("commonmark", options).enable(
        ["table", "smartquotes", "replacements"]
    )
    md.use(texmath_plugin, delimiters="kramdown")
    for name, template in _MATH_HTML.items():
        md.add_render_rule(name, _math_renderer(template))
    return md


#: kramdown's MathJax output (``\\(x\\)``, ``\\[x\\]``), in Sphinx's math elements.
_MATH_HTML = {
    "math_inline": '<span class="math notranslate nohighlight">\\({}\\)</span>',
    "math_block": '<div class="math notranslate nohighlight">\n\\[{}\\]</div>\n',
    "math_block_eqno": '<div class="math notranslate nohighlight">\n\\[{}\\]</div>\n',
}


def _math_renderer(template: str) -> Callable[..., str]:
    def render(
        self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any
    ) -> str:
        return template.format(escapeHtml(tokens[idx].content.strip()))

    return render


class JekyllTime(dt.datetime):
    """A datetime that prints like Ruby's ``Time#to_s``: ``2025-11-07 09:30:00 +0900``."""

    def __str__(self) -> str:
        return self.strftime("%Y-%m-%d %H:%M:%S %z").rstrip()

    def __liquid__(self) -> float:
        """What python-liquid compares: the instant, so that times compare as Ruby's
        do (``{% if page.date < site.time %}``, ``where_exp: "p.date > x"``)."""
        return self.timestamp()


def jekyll_time(value: dt.datetime) -> JekyllTime:
    """Wrap ``value`` so that Liquid prints it the way Jekyll does."""
    return JekyllTime(
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
        value.microsecond,
        tzinfo=value.tzinfo,
        fold=value.fold,
    )


class Drop(Mapping[str, Any]):
    """A read-only mapping with fixed values, lazily computed ones (computed once)
    and live ones (computed at every look-up: they depend on the post being
    rendered)."""

    __slots__ = ("_lazy", "_live", "_values")

    def __init__(
        self,
        values: Mapping[str, Any],
        lazy: Mapping[str, Callable[[], Any]] | None = None,
        live: Mapping[str, Callable[[], Any]] | None = None,
    ) -> None:
        self._live: dict[str, Callable[[], Any]] = dict(live or {})
        self._lazy: dict[str, Callable[[], Any]] = {
            k: v for k, v in (lazy or {}).items() if k not in self._live
        }
        self._values: dict[str, Any] = {
            k: v
            for k, v in values.items()
            if k not in self._lazy and k not in self._live
        }

    def __getitem__(self, key: str) -> Any:
        if key in self._live:
            return self._live[key]()
        if key in self._lazy:
            self._values[key] = self._lazy.pop(key)()
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter([*self._values, *self._lazy, *self._live])

    def __len__(self) -> int:
        return len(self._values) + len(self._lazy) + len(self._live)

    def __contains__(self, key: object) -> bool:
        return key in self._values or key in self._lazy or key in self._live

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other

    def __str__(self) -> str:
        # Ruby prints a drop's hash (``Drop#to_s`` is ``inspect``); keep it short.
        return "{" + ", ".join(f'"{k}"=>…' for k in self) + "}"


class PostDrop(Drop):
    """A post as Jekyll's ``DocumentDrop`` shows it (``site.posts[i]``, ``page``)."""

    __slots__ = ("index", "post")

    def __init__(self, post: Post, index: PostIndex) -> None:
        self.post = post
        url = escape_path(index.url_of(post))
        values: dict[str, Any] = {
            k: jekyll_time(v) if isinstance(v, dt.datetime) else v
            for k, v in post.data.items()
        }
        name = PurePosixPath(post.path).name
        values.update(
            title=post.title,
            date=jekyll_time(post.date),
            url=url,
            id=post_id(url, post),
            slug=post.slug,
            path=post.path,
            relative_path=post.path,
            name=name,
            ext=PurePosixPath(name).suffix,
            categories=list(post.categories),
            tags=list(post.tags),
            collection="posts",
            draft=post.draft,
        )
        self.index = index
        super().__init__(
            values,
            {
                "excerpt": lambda: index.excerpt(post),
                "next": lambda: index.neighbour(post, 1),
                "previous": lambda: index.neighbour(post, -1),
            },
            {"content": lambda: index.content(post)},
        )


class PostIndex:
    """Every post of the build, in Jekyll's order, with drops made on demand."""

    def __init__(
        self, site: Site, posts: Sequence[Post], url_of: Callable[[Post], str]
    ) -> None:
        self.site = site
        self.url_of = url_of
        # Jekyll sorts posts by date, then by path (Document#<=>).
        self.oldest_first = sorted(posts, key=_order)
        self._keys = [_order(p) for p in self.oldest_first]
        self._drops: dict[str, PostDrop] = {}
        self._by_path = {p.path: p for p in self.oldest_first}
        self._contents: dict[str, str] = {}
        self._markdown = markdown_parser()
        #: Renders Liquid in an excerpt (set by the environment); Jekyll renders
        #: the excerpt like the post: Liquid first, then Markdown.
        self.render_liquid: Callable[[Post, str], str] | None = None
        self._excerpts_in_progress: set[str] = set()

    def drop(self, post: Post) -> PostDrop:
        """The shared drop of ``post``."""
        found = self._drops.get(post.path)
        if found is None or found.post is not post:
            found = self._drops[post.path] = PostDrop(post, self)
        return found

    def newest_first(self) -> list[PostDrop]:
        """``site.posts``: newest first, as Jekyll's ``SiteDrop#posts`` gives them."""
        return [self.drop(p) for p in reversed(self.oldest_first)]

    def related(self) -> list[PostDrop]:
        """``site.related_posts`` of the post being rendered: the ten newest others
        (Jekyll's ``RelatedPosts#most_recent_posts`` without ``lsi``)."""
        current = current_session()
        rendering = self._by_path.get(current.post_path) if current else None
        newest = [p for p in reversed(self.oldest_first[-11:]) if p is not rendering]
        return [self.drop(p) for p in newest[:10]]

    def neighbour(self, post: Post, step: int) -> PostDrop | None:
        """``page.next`` (``step=1``, newer) or ``page.previous`` (``-1``, older)."""
        key = _order(post)
        position = bisect.bisect_left(self._keys, key)
        known = position < len(self._keys) and self._keys[position] == key
        target = position + step if known or step < 0 else position
        if not 0 <= target < len(self.oldest_first):
            return None
        return self.drop(self.oldest_first[target])

    def by_word(self, attribute: str) -> dict[str, list[PostDrop]]:
        """``site.tags`` / ``site.categories``: name → posts, newest first.

        The names come in the order the oldest post first has them, as Jekyll's
        ``Site#post_attr_hash`` fills its hash (``{% for tag in site.tags %}``).
        """
        result: dict[str, list[PostDrop]] = {}
        for post in self.oldest_first:
            for word in getattr(post, attribute):
                result.setdefault(word, []).append(self.drop(post))
        for posts in result.values():
            posts.reverse()
        return result

    def content(self, post: Post) -> str:
        """``post.content`` as Jekyll shows it to the post being rendered: the HTML
        of a post rendered before it (an older one; Jekyll renders oldest first),
        else the text as written."""
        current = current_session()
        rendering = self._by_path.get(current.post_path) if current else None
        if rendering is None or _order(post) >= _order(rendering):
            return post.body
        found = self._contents.get(post.path)
        if found is None:
            body = post.body
            if self.render_liquid is not None:
                body = self.render_liquid(post, body)
            found = self._contents[post.path] = str(self._markdown.render(body))
        return found

    def excerpt(self, post: Post) -> str:
        """The excerpt as HTML: front matter ``excerpt``, else the text before
        ``excerpt_separator`` (Jekyll's ``Excerpt#extract_excerpt``)."""
        if post.excerpt:
            return post.excerpt
        separator = post.data.get(
            "excerpt_separator", self.site.config.get("excerpt_separator", "\n\n")
        )
        body = post.body.lstrip("\n")
        head = body.split(str(separator), 1)[0] if separator else body
        if (
            self.render_liquid is not None
            and post.path not in self._excerpts_in_progress
        ):
            self._excerpts_in_progress.add(post.path)
            try:
                head = self.render_liquid(post, head)
            finally:
                self._excerpts_in_progress.discard(post.path)
        return str(self._markdown.render(head))


def _order(post: Post) -> tuple[dt.datetime, str]:
    return (post.date, post.path)


class DataDrop(Mapping[str, Any]):
    """``site.data``: the files below ``_data/``, read on first access and cached.

    Reading a key records the file (or every file of a folder) as a dependency of
    the post being rendered.
    """

    def __init__(self, root: Path) -> None:
        self._root = root
        self._entries: dict[str, Path] = {}
        if root.is_dir():
            for path in sorted(root.iterdir()):
                if path.is_dir() or path.suffix.lower() in _DATA_SUFFIXES:
                    key = _sanitize_data_name(
                        path.stem if path.is_file() else path.name
                    )
                    self._entries.setdefault(key, path)
        self._cache: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        path = self._entries[key]
        current = current_session()
        if current is not None:
            files = sorted(path.rglob("*")) if path.is_dir() else [path]
            for file in files:
                if file.is_file():
                    current.depend(file)
        if key not in self._cache:
            self._cache[key] = DataDrop(path) if path.is_dir() else _read_data(path)
        return self._cache[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other


def _sanitize_data_name(name: str) -> str:
    return re.sub(r"\s+", "_", _UNSAFE_DATA_NAME.sub("", name))


def _read_data(path: Path) -> Any:
    """One data file, as Jekyll's ``DataReader#read_data_file`` reads it."""
    suffix = path.suffix.lower()
    try:
        text = path.read_text(encoding="utf-8-sig")
        if suffix in (".csv", ".tsv"):
            reader = csv.DictReader(
                io.StringIO(text), delimiter="\t" if suffix == ".tsv" else ","
            )
            return [dict(row) for row in reader]
        if suffix == ".json":
            return json.loads(text)
        return load_yaml(text)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
        current = current_session()
        if current is not None:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else "error"
            current.add(
                JekyllpostsWarning.LIQUID,
                f"cannot read data file {path.name!r} ({reason}); using nothing",
                None,
            )
        return None


class SiteDrop(Drop):
    """``site``: every ``_config.yml`` key plus what Jekyll's ``SiteDrop`` computes."""

    __slots__ = ("index",)

    def __init__(self, site: Site, index: PostIndex, time: dt.datetime) -> None:
        self.index = index
        config = dict(site.config)
        config.update(time=jekyll_time(time))
        config.setdefault("url", "")
        config.setdefault("baseurl", "")
        super().__init__(
            config,
            {
                "posts": index.newest_first,
                "documents": index.newest_first,
                "tags": lambda: index.by_word("tags"),
                "categories": lambda: index.by_word("categories"),
                "data": lambda: DataDrop(site.root / "_data"),
                "collections": lambda: [
                    {"label": "posts", "docs": index.newest_first(), "output": True}
                ],
                "pages": lambda: _pages(site),
                "html_pages": lambda: [
                    p for p in self["pages"] if p["url"].endswith(("/", ".html"))
                ],
                "static_files": lambda: _static_files(site),
            },
            {"related_posts": index.related},
        )


def _pages(site: Site) -> list[dict[str, Any]]:
    """``site.pages``: each page's front matter plus ``url``, ``path``, ``name``."""
    from ..frontmatter import split_front_matter
    from ..site import page_files
    from ..urls import page_url

    pages = []
    for path in page_files(site):
        try:
            text = (site.root / path).read_text(encoding="utf-8-sig", errors="replace")
        except OSError:
            continue
        data = dict(split_front_matter(text).data)
        name = path.rsplit("/", 1)[-1]
        data.update(url=page_url(site, path, data), path=path, name=name)
        pages.append(data)
    return pages


def _static_files(site: Site) -> list[dict[str, Any]]:
    """``site.static_files``: ``path`` (from the root), ``name``, ``basename``, ``extname``."""
    from ..site import static_files

    found = []
    for path in static_files(site):
        name = path.rsplit("/", 1)[-1]
        stem, dot, ext = name.rpartition(".")
        found.append(
            {
                "path": "/" + path,
                "name": name,
                "basename": stem if dot else name,
                "extname": f".{ext}" if dot else "",
            }
        )
    return found


def page_drop(index: PostIndex, post: Post) -> PostDrop:
    """``page`` (and ``post``) for the post being rendered."""
    return index.drop(post)


def jekyll_drop(environment: str) -> dict[str, str]:
    """``jekyll``: ``jekyll.environment`` and ``jekyll.version``."""
    return {"environment": environment, "version": JEKYLL_VERSION}
