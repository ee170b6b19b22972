"""The Sphinx glue: configuration, events, the data store and the transforms."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
import hashlib
import logging as logging_
import os
from pathlib import Path
import pickle
import re
import time
from typing import TYPE_CHECKING, Any
import weakref

from sphinx.domains import Domain
from sphinx.errors import ConfigError
from sphinx.util import logging

from ._encoding import CODEC, allow_undecodable
from .config import JekyllpostsConfig, register_config, user_set, validate_config
from .posts import KnownFiles, SiteScan, UrlPlan, scan_site
from .site import Site, known_zone, load_site
from .urls import jekyll_url
from .warnings_ import WARNING_TYPE, Diagnostic

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from .convert import ConvertedPost
    from .frontmatter import Post
    from .liquid_ import JekyllEnvironment

__all__ = ["BuildState", "JekyllpostsDomain", "get_state", "setup_extension"]

logger = logging.getLogger(__name__)

#: Jekyll folders and files that are never Sphinx documents.
_NEVER_DOCUMENTS = (
    "_site", "_includes", "_layouts", "_data", "_sass", "_plugins", "_pages",
    ".jekyll-cache", ".sass-cache", "vendor", "node_modules", "Gemfile*",
)  # fmt: skip


@dataclass
class BuildState:
    """What one build knows about the Jekyll site (not pickled with the environment)."""

    config: JekyllpostsConfig
    site: Site
    scan: SiteScan
    site_prefix: str
    """The site directory relative to the source directory, ``""`` or ``"blog/"``."""
    posts_by_docname: dict[str, Post] = field(default_factory=dict)
    liquid: JekyllEnvironment | None = None
    url_index: dict[str, str] | None = None
    """Jekyll URL → source path of each post (built on first use)."""
    bodies: dict[str, str] = field(default_factory=dict)
    """Docname → the post's content for the feed, as last written (``feed_body``)."""
    bodies_loaded: dict[str, str] = field(default_factory=dict)
    """The bodies as the last build kept them (written again only when changed)."""
    converted: dict[str, ConvertedPost] = field(default_factory=dict)
    """Docname → the post converted ahead of its reading (:func:`convert_ahead`)."""
    to_convert: list[str] = field(default_factory=list)
    """The posts to be read that are not converted yet, in Sphinx's order."""

    def docname(self, post: Post) -> str:
        """The Sphinx docname of ``post``."""
        return self.site_prefix + post.id_path

    def jekyll_url(self, post: Post) -> str:
        """The URL Jekyll served ``post`` at (planned once per build, by the scan)."""
        planned = self.scan.urls.permalinks if self.scan.urls else {}
        return planned.get(post.path) or jekyll_url(post, self.site)


_STATES: weakref.WeakKeyDictionary[Sphinx, BuildState] = weakref.WeakKeyDictionary()


def get_state(app: Sphinx) -> BuildState:
    """The state of the build ``app`` runs."""
    return _STATES[app]


class JekyllpostsDomain(Domain):
    """Per-document data of converted posts, kept in the environment.

    ``data["documents"][docname]`` holds the ``ConvertedPost.record()`` of a post.
    """

    name = "jekyllposts"
    label = "Jekyll posts"
    initial_data = {"documents": {}}  # noqa: RUF012 - Sphinx's class attribute

    @property
    def documents(self) -> dict[str, dict[str, Any]]:
        """Docname → the record of the converted post."""
        return self.data.setdefault("documents", {})  # type: ignore[no-any-return]

    def clear_doc(self, docname: str) -> None:
        """Forget a document that is removed or re-read."""
        self.documents.pop(docname, None)

    def merge_domaindata(
        self, docnames: Iterable[str], otherdata: dict[str, Any]
    ) -> None:
        """Take the records of documents read by a parallel worker."""
        for docname in docnames:
            if docname in otherdata["documents"]:
                self.documents[docname] = otherdata["documents"][docname]

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        """This domain defines no cross-reference roles."""
        return []


def setup_extension(app: Sphinx) -> None:
    """Set up the extensions we build on, then our configuration, events, transforms."""
    from ._escape import setup_escape
    from .ablog_ import setup_ablog
    from .attributes import setup_attributes
    from .callouts import setup_callouts
    from .chrome import setup_chrome
    from .output import setup_output
    from .paths import setup_paths
    from .transforms import setup_transforms

    app.setup_extension("myst_parser")
    app.setup_extension("ablog")
    app.setup_extension("sphinx_design")
    register_config(app)
    app.add_domain(JekyllpostsDomain)
    app.connect("config-inited", on_config_inited, priority=400)
    app.connect("builder-inited", on_builder_inited)
    app.connect("env-before-read-docs", convert_ahead, priority=900)
    app.connect("source-read", on_source_read)
    setup_transforms(app)
    setup_attributes(app)
    setup_callouts(app)
    setup_output(app)
    setup_ablog(app)
    setup_paths(app)
    setup_escape(app)
    setup_chrome(app)
    _install_warning_relocation(app)


def on_config_inited(app: Sphinx, config: Config) -> None:
    """Read the site, scan its posts and keep Jekyll's other files out of Sphinx."""
    settings = validate_config(app, config)
    root = (Path(app.srcdir) / settings.site_dir).resolve()
    if not root.is_dir():
        msg = f"jekyllposts_site_dir {settings.site_dir!r}: no such directory {root}"
        raise ConfigError(msg)
    site, diagnostics = load_site(root)
    emit(diagnostics, str(root / "_config.yml"))
    drafts = settings.drafts
    if drafts is None:
        drafts = site.config.get("show_drafts") is True
    future = settings.future
    if future is None:
        future = site.config.get("future") is True
    scan = _scan(
        app,
        site,
        drafts=drafts,
        future=future,
        unpublished=settings.unpublished or site.config.get("unpublished") is True,
    )
    prefix = _relative_prefix(Path(app.srcdir), root)
    state = BuildState(settings, site, scan, prefix)
    for post_file in scan.files:
        emit(post_file.diagnostics, str(root / post_file.path))
        if post_file.post is not None and not post_file.skipped:
            state.posts_by_docname[state.docname(post_file.post)] = post_file.post
            if post_file.undecodable is not None:
                allow_undecodable(post_file.undecodable)
    _STATES[app] = state
    _register_markdown_suffixes(app, config)
    _require_root_document(app, config)
    _exclude_non_documents(config, state, Path(app.srcdir))
    _process_math_in_posts(config)
    _name_the_project(config, site, whole=not state.site_prefix)
    _speak_the_site_language(app, config, site)
    _use_site_time_zone(site)


_SCAN_CACHE = "jekyllposts-scan.pickle"


def _scan(
    app: Sphinx, site: Site, *, drafts: bool, future: bool, unpublished: bool
) -> SiteScan:
    """:func:`.posts.scan_site`, reusing what the last build read of unchanged files.

    The posts depend on the files, the site's configuration, this package and, on a
    site without ``timezone``, the machine's time zone (dates without one); the cache
    in the doctree directory is used only when all but the files are the same.
    """
    from . import __version__

    path = Path(app.doctreedir) / _SCAN_CACHE
    # the machine's zone dates a post without one, unless the site names its own
    zone = () if site.timezone is not None else (time.tzname, time.timezone)
    shape = (__version__, str(site.root), repr(site.config), zone)
    known: KnownFiles = {}
    urls: UrlPlan | None = None
    try:
        with path.open("rb") as f:
            stored_shape, stored, stored_urls = pickle.load(f)
        if stored_shape == shape and isinstance(stored, dict):
            known = stored
            urls = stored_urls if isinstance(stored_urls, UrlPlan) else None
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        pass
    before = set(known)
    scan = scan_site(
        site,
        drafts=drafts,
        future=future,
        unpublished=unpublished,
        known=known,
        earlier_urls=urls,
    )
    if set(known) != before or scan.urls is not urls:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as f:
                pickle.dump((shape, known, scan.urls), f, pickle.HIGHEST_PROTOCOL)
        except OSError:
            pass
    read = repr((shape, drafts, future, unpublished, sorted(known)))
    digest = hashlib.sha1(read.encode("utf-8", "surrogatepass")).hexdigest()
    return replace(scan, read_key=digest)


def on_builder_inited(app: Sphinx) -> None:
    """Let Sphinx open posts that are not valid UTF-8 (they are reported instead);
    keep docutils' language English when the site's ``lang`` set Sphinx's.

    kramdown's smart quotes are English ones whatever the site's ``lang``; docutils
    chooses them by language (German low-high quotes, none for Japanese), so the text
    of posts stays as Jekyll renders it only with docutils' English. Sphinx's own
    words and the search index follow ``language``, not this setting.
    """
    if app.env.settings.get("input_encoding") in ("utf-8-sig", "utf-8"):
        app.env.settings["input_encoding"] = CODEC
    if not user_set(app.config, "language"):
        app.env.settings["language_code"] = "en"


def _liquid(app: Sphinx, state: BuildState) -> JekyllEnvironment:
    """The one Liquid environment of this build, made when the first post with
    Liquid in it is read (a rebuild that reads none never imports python-liquid)."""
    if state.liquid is None:
        from .convert import new_liquid_environment

        include_dirs = [Path(app.srcdir) / d for d in state.config.include_dirs]
        state.liquid = new_liquid_environment(
            state.site, list(state.posts_by_docname.values()), include_dirs
        )
    return state.liquid


#: Posts converted in one run ahead of their reading (bounds what is held at once).
#: Runs pay off on a small heap: later runs, after Sphinx's reading grew it, gain little.
CONVERT_AHEAD = 1000


def convert_ahead(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Convert the first posts Sphinx is about to read, one after another.

    The conversion is the same as at ``source-read``; done in runs of
    :data:`CONVERT_AHEAD` posts before Sphinx's reading has grown the heap, it is
    about twice as fast as converting each post between Sphinx's parsing of the
    others (fewer and cheaper garbage collections, warm caches).
    :func:`on_source_read` starts the next run.
    """
    state = get_state(app)
    state.to_convert = [d for d in docnames if d in state.posts_by_docname]
    _convert_next(app, state)


def _convert_next(app: Sphinx, state: BuildState) -> None:
    for docname in state.to_convert[:CONVERT_AHEAD]:
        state.converted[docname] = _convert(app, state, docname)
    del state.to_convert[:CONVERT_AHEAD]


def _convert(app: Sphinx, state: BuildState, docname: str) -> ConvertedPost:
    from .convert import convert_post
    from .kramdown import MYST_EXTENSIONS

    extensions = sorted({*MYST_EXTENSIONS, *app.config.myst_enable_extensions})
    return convert_post(
        state.site,
        state.posts_by_docname[docname],
        lambda: _liquid(app, state),
        myst_extensions=extensions,
    )


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    """Turn a Jekyll post into MyST text that keeps each line on its line."""
    state = get_state(app)
    post = state.posts_by_docname.get(docname)
    if docname == app.config.root_doc and post is None:
        _home_page(state, docname, source)
    if post is None:
        return
    if docname not in state.converted and state.to_convert[:1] == [docname]:
        _convert_next(app, state)
    converted = state.converted.pop(docname, None) or _convert(app, state, docname)
    location = str(state.site.root / post.path)
    emit(converted.diagnostics, location)
    config_file = state.site.root / "_config.yml"
    if config_file.is_file():  # Jekyll renders every post again when it changes
        app.env.note_dependency(str(config_file))
    for dependency in converted.dependencies:
        app.env.note_dependency(str(dependency))
    domain = app.env.get_domain("jekyllposts")
    assert isinstance(domain, JekyllpostsDomain)
    domain.documents[docname] = converted.record()
    source[0] = converted.text


def _home_page(state: BuildState, docname: str, source: list[str]) -> None:
    """The site's own home page (a Jekyll page with a layout) as the blog's index.

    Its layout listed the posts; ABlog's post list does that here. The page's text,
    written for Jekyll's layout, is not shown.
    """
    from .frontmatter import split_front_matter
    from .posts import declares_jekyll_page

    pages = {state.site_prefix + p.rsplit(".", 1)[0] for p in state.scan.pages}
    if docname not in pages:
        return
    data = split_front_matter(source[0]).data
    if not declares_jekyll_page(data):
        return  # front matter without a layout: the page's own text is kept
    title = str(data.get("title") or state.site.title or "Blog")
    escaped = "".join(f"\\{c}" if c in "\\`*_{}[]()#+-.!<>|$%&~" else c for c in title)
    source[0] = f"# {escaped}\n\n```{{postlist}}\n:excerpts:\n```\n"


def emit(diagnostics: Iterable[Diagnostic], path: str) -> None:
    """Turn pure-stage diagnostics into located, typed Sphinx warnings."""
    for diagnostic in diagnostics:
        logger.warning(
            diagnostic.message,
            type=WARNING_TYPE,
            subtype=diagnostic.subtype.value,
            location=f"{path}:{diagnostic.line or 1}",
            extra={_LOCATED: True},
        )


_LOCATED = "jekyllposts_located"


class RelocateWarnings(logging_.Filter):
    """Point warnings about a converted post at the line of the original file.

    Liquid may add lines (``{% highlight %}`` options); MyST, docutils and Sphinx
    report lines of the converted text, which the post's line map translates.
    """

    def __init__(self, app: Sphinx) -> None:
        super().__init__()
        self._app = weakref.ref(app)

    def filter(self, record: logging_.LogRecord) -> bool:
        """Rewrite ``record.location`` (``path:line``) when it is in a post."""
        location = getattr(record, "location", None)
        app = self._app()
        if getattr(record, _LOCATED, False) or not isinstance(location, str):
            return True
        path, _, line = location.rpartition(":")
        if app is None or not line.isdigit() or not hasattr(app, "env"):
            return True
        docname = app.env.path2doc(path)
        domain = app.env.domains.get("jekyllposts") if docname else None
        record_ = domain.data["documents"].get(docname) if domain else None
        if record_ and record_["line_map"]:
            line_map = record_["line_map"]
            number = line_map[min(int(line), len(line_map)) - 1]
            record.location = f"{path}:{number}"
        return True


def _install_warning_relocation(app: Sphinx) -> None:
    for handler in logging_.getLogger(logging.NAMESPACE).handlers:
        if isinstance(handler, logging.WarningStreamHandler):
            handler.addFilter(RelocateWarnings(app))


def _relative_prefix(srcdir: Path, root: Path) -> str:
    try:
        rel = root.relative_to(srcdir.resolve()).as_posix()
    except ValueError as exc:
        msg = f"jekyllposts_site_dir must lie inside the source directory: {root}"
        raise ConfigError(msg) from exc
    return "" if rel == "." else rel + "/"


def _require_root_document(app: Sphinx, config: Config) -> None:
    """Say what to do when the site has no page for Sphinx's root document.

    A Jekyll site's home page is often a layout (``index.html``) that Sphinx does
    not read; Sphinx itself would stop later with an error report.
    """
    suffixes = config.source_suffix
    names = suffixes if isinstance(suffixes, dict) else {".rst": "restructuredtext"}
    root = Path(app.srcdir)
    if any((root / f"{config.root_doc}{suffix}").is_file() for suffix in names):
        return
    msg = (
        f"no root document {config.root_doc!r} in {root}: add "
        f"{config.root_doc}.md, e.g. a title and a post list (```{{postlist}}```), "
        f"or run 'jekyllposts init {root}'"
    )
    raise ConfigError(msg)


def _register_markdown_suffixes(app: Sphinx, config: Config) -> None:
    """Jekyll's Markdown suffixes; ``.html`` too when the blog has HTML posts.

    With ``.html`` read, every other ``.html`` file of the source directory is
    excluded: only posts become documents.
    """
    from .posts import HTML_SUFFIXES, MARKDOWN_SUFFIXES

    state = get_state(app)
    html_posts = any(
        p.path.endswith(HTML_SUFFIXES) for p in state.posts_by_docname.values()
    )
    suffixes = config.source_suffix
    wanted = MARKDOWN_SUFFIXES + (HTML_SUFFIXES if html_posts else ())
    for suffix in wanted:
        if isinstance(suffixes, dict) and suffix not in suffixes:
            suffixes[suffix] = "markdown"
    if html_posts:
        posts = {state.site_prefix + p.path for p in state.posts_by_docname.values()}
        others = _html_files(Path(app.srcdir), config) - posts
        existing = list(config.exclude_patterns)
        config.exclude_patterns = existing + sorted(map(_glob_escape, others))


def _html_files(srcdir: Path, config: Config) -> set[str]:
    """The ``.html`` files below ``srcdir`` outside Sphinx's own folders."""
    skip = {"_build", "_static", "_templates", ".git", "node_modules", "_site"}
    skip.update(str(p) for p in [*config.templates_path, *config.html_static_path])
    found: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(srcdir):
        dirnames[:] = [d for d in dirnames if d not in skip and not d.startswith(".")]
        rel = Path(dirpath).relative_to(srcdir).as_posix()
        for name in filenames:
            if name.endswith((".html", ".htm")):
                found.add(name if rel == "." else f"{rel}/{name}")
    return found


def _exclude_non_documents(config: Config, state: BuildState, srcdir: Path) -> None:
    """Keep Jekyll's layouts, includes, pages and unbuilt posts out of Sphinx.

    The site's home page (``index.markdown``, a Jekyll page) is Sphinx's root
    document unless the project has its own (``index.md`` without Jekyll's front
    matter beside it): then the Jekyll page steps aside.
    """
    from .posts import MARKDOWN_SUFFIXES

    prefix = state.site_prefix
    pages = {prefix + p for p in state.scan.pages}
    own_root = any(
        (srcdir / f"{config.root_doc}{suffix}").is_file()
        and f"{config.root_doc}{suffix}" not in pages
        for suffix in MARKDOWN_SUFFIXES
    )
    folders = {*_NEVER_DOCUMENTS, *map(_glob_escape, state.scan.ignored_dirs)}
    folders -= {"_static", "_templates", ".ci"}  # a Sphinx project's own
    patterns = [prefix + p for p in sorted(folders)]
    patterns += [prefix + p + "/**" for p in sorted(folders)]
    for post_file in state.scan.files:
        if post_file.post is None or post_file.skipped:
            patterns.append(prefix + _glob_escape(post_file.path))
    patterns += [
        prefix + _glob_escape(p)
        for p in state.scan.pages
        if own_root or prefix + p.rsplit(".", 1)[0] != config.root_doc  # the root
    ]
    if prefix:  # a site in a subfolder holds nothing else for Sphinx
        patterns += [prefix + _glob_escape(p) for p in state.scan.other_sources]
    if not state.scan.files:
        return
    existing = list(config.exclude_patterns)
    config.exclude_patterns = existing + [p for p in patterns if p not in existing]


def _use_site_time_zone(site: Site) -> None:
    """Set ``TZ`` to the site's ``timezone``, as Jekyll does for the whole build.

    ABlog reads post dates as naive datetimes and its feeds give them the process's
    zone; with ``TZ`` set, that zone is the site's on every build machine.
    """
    name = site.config.get("timezone")
    if site.timezone is None or not isinstance(name, str):
        return
    os.environ["TZ"] = name if known_zone(name) else "UTC"
    if hasattr(time, "tzset"):  # not on Windows
        time.tzset()


def _name_the_project(config: Config, site: Site, *, whole: bool) -> None:
    """The site's ``title`` names the project and its pages when ``conf.py`` does not
    (Sphinx would say "Project name not set documentation" in every page's title).

    A project that is the blog (``whole``, not a blog in a folder of some docs) is
    named as a blog, by its title alone: not "<project> documentation".
    """
    title = site.title
    if title and not user_set(config, "project"):
        config.project = title
        if not user_set(config, "html_title"):
            config.html_title = title
    elif whole and not user_set(config, "html_title") and config.project:
        config.html_title = str(config.project)


#: A language tag as ``lang`` holds it (``ko``, ``en-US``, ``zh_CN``, ``sr-Latn``).
_LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


def _speak_the_site_language(app: Sphinx, config: Config, site: Site) -> None:
    """The site's ``lang`` is Sphinx's ``language`` when ``conf.py`` sets none.

    Sphinx then says its own words in the blog's language, as the Jekyll theme did
    (``Note`` → ``참고``, "Search", "Previous"), and pages say ``<html lang="ko">``;
    the posts' text stays as kramdown renders it (:func:`on_builder_inited`).
    Sphinx loads its translations before extensions run (``Sphinx._init_i18n``), so
    they are loaded again. Set at ``config-inited``, the value is the same in every
    build: the environment sees no change of configuration.
    """
    lang = site.config.get("lang")
    if not isinstance(lang, str) or user_set(config, "language"):
        return
    if not _LANGUAGE_CODE.fullmatch(lang.strip()):
        return  # a theme's free text, no language Sphinx could look up
    language = lang.strip().replace("-", "_")
    if language != config.language:
        config.language = language
        reload = getattr(app, "_init_i18n", None)  # Sphinx's own (8 and 9), private
        if callable(reload):
            reload()
    excludes = config.smartquotes_excludes
    if not user_set(config, "smartquotes_excludes") and language in excludes.get(
        "languages", []
    ):  # Sphinx leaves Japanese quotes alone; kramdown educates them
        languages = [code for code in excludes["languages"] if code != language]
        config.smartquotes_excludes = {**excludes, "languages": languages}


def _process_math_in_posts(config: Config) -> None:
    """Let MathJax render the math MyST marks in posts.

    Posts switch on MyST's ``dollarmath`` for themselves, so MyST marks their sections
    ``mathjax_ignore`` but, the extension being off site-wide, does not tell MathJax to
    process its math elements there. Done at ``config-inited`` (not later, as MyST
    does) so that the stored configuration stays the same from build to build.
    """
    mathjax = dict(config.mathjax3_config or {})
    options = dict(mathjax.get("options") or {})
    options.setdefault(
        "processHtmlClass", "tex2jax_process|mathjax_process|math|output_area"
    )
    mathjax["options"] = options
    config.mathjax3_config = mathjax


def _glob_escape(path: str) -> str:
    return "".join(f"[{c}]" if c in "[]*?" else c for c in path)


def docname_of_source(app: Sphinx, site_path: str) -> str | None:
    """The docname of a site-relative source path, if it is a document of the build."""
    state = _STATES.get(app)
    if state is None:
        return None
    docname = state.site_prefix + site_path.rsplit(".", 1)[0]
    return docname if docname in app.env.found_docs else None
