"""The Jekyll-flavoured python-liquid Environment, built once per build."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
import datetime as dt
import functools
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, ClassVar

from liquid import (
    BoundTemplate,
    Environment,
    Mode,
    RenderContext,
    StrictDefaultUndefined,
    Undefined,
)
from liquid.builtin.expressions import FilteredExpression, tokenize
from liquid.exceptions import (
    LiquidError,
    LiquidSyntaxError,
    UndefinedError,
    UnknownFilterError,
)
from liquid.stream import TokenStream
from liquid.token import TOKEN_EXPRESSION, Token

from ..frontmatter import Post, normalise_newlines
from ..warnings_ import JekyllpostsWarning
from . import filters
from ._ruby_values import register_ruby_values
from ._session import OUTPUT_BUDGET, current_session, error_message, report, session
from .context import PostIndex, SiteDrop, jekyll_drop
from .tags import register_tags
from .tags.include import confined

if TYPE_CHECKING:
    from liquid.ast import Node
    from liquid.expression import Expression

    from ..site import Site

__all__ = ["JekyllEnvironment", "make_environment"]

#: The keys of the drop Jekyll renders a post with (``UnifiedPayloadDrop``). Liquid
#: lets an Enumerable drop's ``count`` through, so a bare ``{{ count }}`` (a Vue
#: sample's, written without ``{% raw %}``) prints their number, not nothing.
_PAYLOAD_KEYS = (
    "content", "page", "layout", "paginator", "highlighter_prefix",
    "highlighter_suffix", "jekyll", "site", "theme",
)  # fmt: skip


def _pass_through(left: object, *_args: object, **_kwargs: object) -> object:
    return left


def _tracking(get_node: Callable[[TokenStream], Node]) -> Callable[[TokenStream], Node]:
    """Wrap ``Tag.get_node`` to remember which token is being parsed."""

    def tracked(stream: TokenStream) -> Node:
        current = current_session()
        if current is not None:
            current.parse_token = stream.current
        return get_node(stream)

    return tracked


class JekyllRenderContext(RenderContext):
    """A render context that reports unknown filters instead of ignoring them."""

    def filter(self, name: str, token: Token | None) -> Callable[..., object]:
        """Jekyll's filters; an unknown one passes its value through (with a
        warning) unless ``liquid: strict_filters`` is set."""
        env: Any = self.env
        if name not in self.env.filters:
            if env.jekyll_strict_filters:
                raise UnknownFilterError(f"unknown filter '{name}'", token=token)
            report(f"unknown Liquid filter {name!r}; value passed through", token)
            return _pass_through
        return _bounded(name, super().filter(name, token))

    def error(self, exc: LiquidError) -> None:
        """Report instead of raising or warning."""
        self.env.error(exc)


#: The most values a range given to a filter may hold (``(1..1000000000) | join``
#: would build a string of gigabytes; loops are bounded by the loop limit).
MAX_RANGE = 1_000_000


def _bounded(name: str, func: Callable[..., object]) -> Callable[..., object]:
    """``func`` refusing ranges too large to turn into lists or text."""

    @functools.wraps(func)
    def bounded(*args: object, **kwargs: object) -> object:
        for value in (*args, *kwargs.values()):
            if type(value) is range and len(value) > MAX_RANGE:  # not isinstance: an
                # undefined that raises on any use would raise on __class__
                msg = f"a range of {len(value)} values is too large for {name!r}"
                raise LiquidError(msg, token=None)
        result = func(*args, **kwargs)
        if type(result) is str and len(result) > OUTPUT_BUDGET:
            msg = f"{name!r} made a text of over {OUTPUT_BUDGET} characters"
            raise LiquidError(msg, token=None)
        return result

    return bounded


class JekyllTemplate(BoundTemplate):
    """A template rendered with :class:`JekyllRenderContext`."""

    context_class = JekyllRenderContext


class JekyllEnvironment(Environment):
    """python-liquid configured like Jekyll: its tags, filters and context.

    Errors never raise: each becomes a ``jekyllposts.liquid`` diagnostic of the
    render in progress (see :func:`.render_post`), and rendering goes on.
    """

    keyword_assignment: ClassVar[bool] = True  # type: ignore[misc]
    template_class = JekyllTemplate
    # Bounds for hostile or runaway templates (nested loops multiply; assigned
    # values are measured by sys.getsizeof). The output and time budgets are the
    # render session's (see _session.py).
    loop_iteration_limit: ClassVar[int | None] = 1_000_000
    local_namespace_limit: ClassVar[int | None] = 5_000_000
    output_stream_limit: ClassVar[int | None] = OUTPUT_BUDGET

    def __init__(
        self,
        site: Site,
        posts: Sequence[Post],
        *,
        url_of: Callable[[Post], str],
        include_dirs: Sequence[Path] = (),
        environment: str = "development",
    ) -> None:
        options = site.config.get("liquid")
        options = options if isinstance(options, Mapping) else {}
        strict_variables = options.get("strict_variables") is True
        super().__init__(
            tolerance=Mode.LAX,  # error() reports; nothing raises
            undefined=StrictDefaultUndefined if strict_variables else Undefined,
            strict_filters=False,
        )
        self.error_mode = str(options.get("error_mode") or "warn")
        self.jekyll_strict_filters = options.get("strict_filters") is True
        self.site = site
        self.site_config = site.config
        self.timezone = site.timezone
        self.posts = list(posts)
        self.url_of = url_of
        self.include_dirs = [site.root / "_includes", *include_dirs]
        self.collections_dir = str(site.collections_dir)
        self.jekyll_environment = environment
        self.index = PostIndex(site, self.posts, url_of)
        self.index.render_liquid = self._render_excerpt
        # the site's zone, else the machine's, with its offset (Ruby's Time.now)
        now = dt.datetime.now(site.timezone) if site.timezone else dt.datetime.now()
        self.build_time = now.astimezone(site.timezone).replace(microsecond=0)
        self._includes: dict[Path, tuple[BoundTemplate, tuple[str, ...]]] = {}
        self.globals = {
            "jekyll": jekyll_drop(environment),
            "site": SiteDrop(site, self.index, self.build_time),
            "count": len(_PAYLOAD_KEYS),
        }

    def setup_tags_and_filters(self, *, extra: bool = False) -> None:
        """Liquid's standard tags and filters, then Jekyll's."""
        super().setup_tags_and_filters(extra=extra)
        register_tags(self)
        register_ruby_values(self)
        filters.register_filters(self)
        for tag in self.tags.values():
            tag.get_node = _tracking(tag.get_node)  # type: ignore[method-assign,assignment]

    def error(
        self,
        exc: type[LiquidError] | LiquidError,
        msg: str | None = None,
        token: Token | None = None,
    ) -> None:
        """Turn every Liquid error into a diagnostic of the current render."""
        if not isinstance(exc, LiquidError):
            exc = exc(msg, token=token)
        current = current_session()
        if current is None:
            return
        located = exc.token
        if located is None or located.start_index < 0:
            located = token if token is not None else current.parse_token
        elif located.source is not current.source and token is not None:
            located = token
        if isinstance(exc, LiquidSyntaxError):
            if current.parsing and current.quiet_parse_errors:
                return
            text = f"Liquid syntax error: {error_message(exc)}; left out"
        elif isinstance(exc, UndefinedError):
            text = f"undefined Liquid variable: {error_message(exc)}; output left empty"
        else:
            text = f"Liquid error: {error_message(exc)}; output left empty"
        current.add(JekyllpostsWarning.LIQUID, text, current.line(located))

    def _render_excerpt(self, post: Post, text: str) -> str:
        """Render Liquid in ``post``'s excerpt; its problems show up in the post."""
        if "{{" not in text and "{%" not in text:
            return text
        from dataclasses import replace

        from .render import render_post

        outer = current_session()
        result = render_post(self, replace(post, body=text, data={**post.data}))
        if outer is not None and result.dependencies:
            for path in result.dependencies:
                outer.depend(path)
        return result.text

    def relative_url(self, url: str) -> str:
        """``url | relative_url`` with this site's ``baseurl``."""
        return filters.relative_url(url, environment=self) or ""

    @functools.lru_cache(maxsize=512)  # noqa: B019 - one environment per build
    def parse_expression(self, text: str) -> Expression:
        """A Liquid expression (a variable with optional filters), parsed once."""
        token = Token(TOKEN_EXPRESSION, text, 0, text)
        return FilteredExpression.parse(self, TokenStream(tokenize(text, token)))

    def locate_include(self, name: str, *, relative: bool = False) -> Path | None:
        """The include file ``name``, confined to its folder (or, for
        ``include_relative``, to the site)."""
        if relative:
            current = current_session()
            folder = PurePosixPath(current.post_path).parent if current else "."
            candidate = self.site.root / str(folder) / name
            return confined(candidate, self.site.root)
        for folder_path in self.include_dirs:
            found = confined(folder_path / name, folder_path)
            if found is not None:
                return found
        return None

    def include_leaves(self, name: str, *, relative: bool = False) -> bool:
        """Whether the include ``name`` names a file outside its folder (it is not
        read; only its existence is looked up, to say why nothing was included)."""
        current = current_session()
        folder = PurePosixPath(current.post_path).parent if current else PurePosixPath()
        folders = [self.site.root / str(folder)] if relative else self.include_dirs
        for folder_path in folders:
            candidate = folder_path / name
            try:
                if candidate.is_symlink() or (
                    candidate.exists() and confined(candidate, folder_path) is None
                ):
                    return True
            except OSError:
                continue
        return False

    def load_include(self, path: Path) -> tuple[BoundTemplate, tuple[str, ...]]:
        """The parsed include at ``path`` and its syntax problems, parsed once."""
        cached = self._includes.get(path)
        if cached is not None:
            return cached
        from ._parse import parse_source  # a cycle: _parse needs the environment

        try:
            text = normalise_newlines(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            text = ""
            problems: tuple[str, ...] = (f"cannot read include {path.name!r} ({exc})",)
        else:
            problems = ()
        outer = current_session()
        with session(text) as inner:
            inner.quiet_parse_errors = outer.quiet_parse_errors if outer else False
            template, _ = parse_source(self, text)
        problems += tuple(
            f"{d.message} (line {d.line} of {path.name})" for d in inner.diagnostics
        )
        self._includes[path] = (template, problems)
        return template, problems


def make_environment(
    site: Site,
    posts: Sequence[Post],
    *,
    url_of: Callable[[Post], str],
    include_dirs: Sequence[Path] = (),
    environment: str = "development",
) -> JekyllEnvironment:
    """Build the Liquid environment of one build.

    :param posts: every post of the build (``site.posts``, ``post_url``, ``link``)
    :param url_of: the Jekyll URL of a post, e.g. ``/2025/11/07/slug.html``
    :param include_dirs: theme include folders, searched after ``<site>/_includes``
    :param environment: ``jekyll.environment``
    """
    return JekyllEnvironment(
        site, posts, url_of=url_of, include_dirs=include_dirs, environment=environment
    )
