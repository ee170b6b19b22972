"""The files of a Sphinx project around a Jekyll site: ``conf.py``, index, RTD, pip."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
import datetime as dt
import json
import sys
from typing import TYPE_CHECKING, Any

from ..kramdown import MYST_EXTENSIONS

if TYPE_CHECKING:
    import argparse
    from pathlib import Path

    from ..site import Site

    #: The ``add_subparsers()`` object each command registers itself on.
    Commands = argparse._SubParsersAction[argparse.ArgumentParser]

__all__ = ["Project", "SiteInfo", "site_info", "write_files"]

#: ABlog's sidebars for pydata-sphinx-theme (as the extension sets them).
SIDEBARS = (
    "ablog/postcard.html",
    "ablog/recentposts.html",
    "ablog/tagcloud.html",
    "ablog/categories.html",
    "ablog/archives.html",
)


@dataclass(frozen=True, slots=True)
class SiteInfo:
    """What ``conf.py`` takes from ``_config.yml``."""

    title: str
    author: str
    baseurl: str
    """``url`` + ``baseurl`` with a final ``/``; empty when ``url`` is not set."""
    language: str
    description: str = ""


def site_info(site: Site) -> SiteInfo:
    """Read title, author, URL and language from the site's configuration."""
    config = site.config
    author: Any = config.get("author")
    if isinstance(author, Mapping):
        author = author.get("name")
    url = str(config.get("url") or "").strip().rstrip("/")
    base = str(config.get("baseurl") or "").strip().strip("/")
    baseurl = f"{url}/{base}/" if url and base else (f"{url}/" if url else "")
    language = str(config.get("lang") or "en").replace("-", "_")
    return SiteInfo(
        title=site.title or " ".join(site.root.name.split()),
        author=" ".join(str(author or "").split()),
        baseurl=baseurl,
        language=language,
        description=" ".join(str(config.get("description") or "").split()),
    )


@dataclass(frozen=True, slots=True)
class Project:
    """A Sphinx project to write: its settings and the pages it starts with."""

    info: SiteInfo
    native: bool
    """``True`` for a converted site (no sphinx-jekyllposts), else the extension."""
    site_dir: str = ""
    """The Jekyll site relative to the project (extension form), ``""`` for itself."""
    root_doc: str = "index"
    pages: Sequence[str] = ()
    """Docnames listed after the post list (the about page)."""
    exclude: Sequence[str] = ()
    include: Sequence[str] = ()
    extra_requirements: Sequence[str] = field(default=())
    static: bool = True
    """The converted site has files Jekyll copied as they are (``static/``)."""

    def conf_py(self) -> str:
        """The text of ``conf.py``."""
        info = self.info
        lines = [
            f'"""Sphinx configuration of {info.title!r}.',
            "",
            _origin(self.native),
            '"""',
            "",
            f"project = {info.title!r}",
            f"author = {info.author or info.title!r}",
            f"copyright = {_copyright(info)!r}",
            f"language = {info.language!r}",
        ]
        if self.root_doc != "index":
            lines.append(f"root_doc = {self.root_doc!r}")
        lines += ["", *self._extensions(), ""]
        exclude = ["_build", "_site", ".jekyll-cache", ".sass-cache", *self.exclude]
        lines.append(f"exclude_patterns = {_list(exclude)}")
        if self.include:
            lines.append(f"include_patterns = {_list(self.include)}")
        lines += ["", "# -- ABlog " + "-" * 70, f"blog_title = {info.title!r}"]
        lines.append(_maybe("blog_baseurl", info.baseurl))
        if info.author:
            lines.append(f"blog_authors = {{{info.author!r}: ({info.author!r}, None)}}")
            lines.append(f"blog_default_author = {info.author!r}")
        lines.append('post_date_format = "%Y-%m-%d"')
        if self.native:
            lines.append(
                "post_redirect_refresh = 0  # old Jekyll URLs redirect at once"
            )
        lines += ["", "# -- HTML " + "-" * 71, 'html_theme = "pydata_sphinx_theme"']
        lines.append(f"html_title = {info.title!r}")
        lines.append(_maybe("html_baseurl", info.baseurl))
        lines.append('html_theme_options = {"secondary_sidebar_items": ["page-toc"]}')
        lines.append(
            'html_context = {"default_mode": "auto"}  # the reader\'s colour mode'
        )
        if self.native and self.static:
            lines.append("# What Jekyll copied as it is, served at the same paths.")
            lines.append('html_extra_path = ["static"]')
        if self.native or self.site_dir:  # else the extension sets them on posts
            lines.append(f'html_sidebars = {{"**": {_list(SIDEBARS)}}}')
        return "\n".join(lines) + "\n"

    def _extensions(self) -> list[str]:
        if not self.native:
            lines = [
                "# Sets up myst-parser, ABlog and sphinx-design, reads _config.yml and",
                "# _posts/ as Jekyll does, and gives ABlog's sidebars to the theme.",
                'extensions = ["sphinx_jekyllposts"]',
            ]
            if self.site_dir:
                lines.append(f"jekyllposts_site_dir = {self.site_dir!r}")
            return lines
        return [
            'extensions = ["myst_parser", "ablog", "sphinx_design"]',
            f"myst_enable_extensions = {json.dumps(list(MYST_EXTENSIONS))}",
            "# Links are written as the pages' URLs, as Jekyll wrote them.",
            "myst_all_links_external = True",
            'highlight_language = "text"  # code without a language is not highlighted',
        ]

    def index_md(self) -> str:
        """The root document: the post list, and the pages in a hidden toctree."""
        lines = [f"# {self.info.title}", ""]
        if self.info.description:
            lines += [self.info.description, ""]
        lines += ["```{postlist}", ':date: "%Y-%m-%d"', ":excerpts:", "```", ""]
        if self.pages:
            lines += ["```{toctree}", ":hidden:", "", *self.pages, "```", ""]
        return "\n".join(lines)

    def readthedocs_yaml(self, conf_path: str, requirements: str) -> str:
        """``.readthedocs.yaml`` (paths relative to the repository root)."""
        return (
            "# Read the Docs: https://docs.readthedocs.io/en/stable/config-file/v2.html\n"
            "version: 2\n"
            "build:\n"
            "  os: ubuntu-24.04\n"
            "  tools:\n"
            '    python: "3.12"\n'
            "python:\n"
            "  install:\n"
            f"    - requirements: {requirements}\n"
            "sphinx:\n"
            f"  configuration: {conf_path}\n"
            "  fail_on_warning: true\n"
        )

    def requirements_txt(self) -> str:
        """What Read the Docs installs."""
        from .. import __version__

        if self.native:
            packages = ["sphinx>=8", "myst-parser", "ablog", "sphinx-design"]
        else:
            packages = [f"sphinx-jekyllposts>={__version__}"]
        return (
            "\n".join([*packages, "pydata-sphinx-theme", *self.extra_requirements])
            + "\n"
        )

    @staticmethod
    def gitignore() -> str:
        """Build output and Jekyll's caches."""
        return "_build/\n_site/\n.jekyll-cache/\n.sass-cache/\n"


def _origin(native: bool) -> str:
    if native:
        return (
            "Written by ``jekyllposts convert``: the posts are MyST Markdown with ABlog\n"
            "front matter. Build with ``sphinx-build -W -b html . _build/html``."
        )
    return (
        "Written by ``jekyllposts init``: Sphinx reads the Jekyll site as it is.\n"
        "Build with ``sphinx-build -W -b html . _build/html``; preview with\n"
        "``jekyllposts serve``."
    )


def _copyright(info: SiteInfo) -> str:
    year = dt.datetime.now(dt.UTC).year
    return f"{year}, {info.author}" if info.author else str(year)


def _maybe(name: str, value: str) -> str:
    if value:
        return f"{name} = {value!r}"
    return f'# {name} = "https://example.org/"  # _config.yml has no url'


def _list(items: Sequence[str]) -> str:
    return "[" + ", ".join(repr(i) for i in items) + "]"


def write_files(root: Path, files: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """Write each new file below ``root``; never replace one.

    :return: the paths written and the paths skipped because they exist
    """
    written: list[str] = []
    skipped: list[str] = []
    for rel, text in files.items():
        path = root / rel
        if path.exists():
            skipped.append(rel)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(rel)
    return written, skipped


def say(message: str) -> None:
    """Progress and notes go to stderr; stdout is for results."""
    sys.stderr.write(message + "\n")
