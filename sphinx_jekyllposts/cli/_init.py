"""``jekyllposts init``: a Sphinx project around an existing Jekyll site."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from ..convert import myst_settings
from ..posts import MARKDOWN_SUFFIXES
from ._project import Project, say, site_info, write_files

if TYPE_CHECKING:
    import argparse

    from ..posts import SiteScan
    from ..site import Site
    from ._project import Commands as _Commands

__all__ = ["about_page", "add_parser", "run"]

#: File names (without suffix) of a Jekyll site's about page.
ABOUT_NAMES = frozenset({"about", "aboutme", "about-me", "about_me"})
#: MyST settings a page written from Jekyll needs when the extension builds it.
PAGE_MYST = myst_settings()


def add_parser(commands: _Commands) -> None:
    """Register ``init`` and its options."""
    parser = commands.add_parser(
        "init",
        help="set up a Sphinx project around a Jekyll site",
        description="Write conf.py, index.md (the post list), the about page, "
        ".readthedocs.yaml, requirements.txt and .gitignore for the Jekyll site "
        "SITE. Existing files are never replaced.",
    )
    parser.add_argument("site", type=Path, help="the Jekyll site (has _config.yml)")
    parser.add_argument(
        "--docs",
        type=Path,
        metavar="DIR",
        help="the Sphinx project folder: SITE itself (default) or a folder above it, "
        "e.g. the repository root when the site is its docs/ folder",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write the project files and say what was written and what was kept."""
    from ..posts import scan_site
    from ..site import load_site

    site_root = args.site.resolve()
    docs = (args.docs or args.site).resolve()
    if (
        not (site_root / "_config.yml").is_file()
        and not (site_root / "_posts").is_dir()
    ):
        say(f"jekyllposts init: {args.site} has no _config.yml or _posts/")
        return 2
    if docs != site_root and docs not in site_root.parents:
        say(
            f"jekyllposts init: --docs {args.docs} must be the site or a folder above "
            "it (Sphinx reads only files inside its source folder)"
        )
        return 2
    site, _ = load_site(site_root)
    scan = scan_site(site, drafts=False, future=True, unpublished=False)
    files, project = project_files(site, scan, docs)
    written, skipped = write_files(docs, files)
    for rel in written:
        say(f"wrote    {_shown(docs / rel)}")
    for rel in skipped:
        say(f"kept     {_shown(docs / rel)} (exists; not replaced)")
    if ".gitignore" in skipped:
        say("         add _build/ to your .gitignore")
    built = len(scan.posts)
    say(f"\n{built} posts. Build with:\n  sphinx-build -W -b html {_shown(docs)} "
        f"{_shown(docs / '_build' / 'html')}\nor preview with:\n  jekyllposts serve "
        f"{_shown(site_root)}")  # fmt: skip
    if project.root_doc != "index":
        say(
            f"note: {_index_page(docs)} is a Jekyll page; the post list is "
            f"{project.root_doc}.md (the site's / leads there)"
        )
    return 0


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def project_files(
    site: Site, scan: SiteScan, docs: Path
) -> tuple[dict[str, str], Project]:
    """The files ``init`` writes, relative to ``docs``, and the project they make."""
    prefix = site.root.relative_to(docs).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    about = about_page(site, scan)
    files: dict[str, str] = {}
    pages: list[str] = []
    if about is not None:
        docname, text = about
        files[f"{docname}.md"] = text  # outside the site: its pages are not read
        pages.append(docname)
    root_doc = "index" if _free_root(docs) else "posts"
    exclude = [prefix + p for p in scan.other_sources if not _is_index(p)]
    include = [f"{root_doc}.md", *(f"{p}.md" for p in pages), f"{prefix}**"]
    project = Project(
        site_info(site),
        native=False,
        site_dir=prefix.rstrip("/"),
        root_doc=root_doc,
        pages=pages,
        exclude=[] if prefix else exclude,
        include=include if prefix else [],
    )
    files = {
        "conf.py": project.conf_py(),
        f"{root_doc}.md": project.index_md(),
        **files,
    }
    files |= _publishing_files(project, docs)
    return files, project


#: A folder's ``index`` page in each of Markdown's suffixes.
_INDEX_NAMES = tuple(f"index{suffix}" for suffix in MARKDOWN_SUFFIXES)


def _free_root(docs: Path) -> bool:
    """Whether ``index.md`` can be the root document: no ``index.md`` (or
    ``index.markdown``, ``jekyll new``'s home page) that is a Jekyll page."""
    from ..frontmatter import split_front_matter

    for path in (docs / name for name in _INDEX_NAMES):
        if not path.exists():
            continue
        if path.suffix != ".md":
            return False  # Sphinx would find two files for "index"
        data = split_front_matter(
            path.read_text(encoding="utf-8-sig", errors="replace")
        ).data
        if any(k in data for k in ("layout", "permalink", "published")):
            return False
    return True


def _index_page(docs: Path) -> str:
    """The name of the folder's ``index`` page in a Markdown suffix."""
    return next((name for name in _INDEX_NAMES if (docs / name).exists()), "index.md")


def _is_index(path: str) -> bool:
    """Whether ``path`` is a folder's ``index`` page in one of Markdown's suffixes."""
    return path.rpartition("/")[2] in _INDEX_NAMES


def _publishing_files(project: Project, docs: Path) -> dict[str, str]:
    """``.readthedocs.yaml`` at the repository root, requirements and ignores here."""
    repo = next((p for p in [docs, *docs.parents] if (p / ".git").exists()), docs)
    rel = docs.relative_to(repo).as_posix()
    here = "" if rel == "." else rel + "/"
    files = {
        "requirements.txt": project.requirements_txt(),
        ".gitignore": project.gitignore(),
    }
    rtd = project.readthedocs_yaml(f"{here}conf.py", f"{here}requirements.txt")
    files[str(Path(*[".."] * len(PurePosixPath(here).parts), ".readthedocs.yaml"))] = (
        rtd
    )
    return files


def about_page(
    site: Site, scan: SiteScan, *, myst: str = PAGE_MYST
) -> tuple[str, str] | None:
    """The site's about page as a Sphinx page: its docname and MyST text.

    Jekyll pages are left out of the build, so the page is written anew where
    Jekyll served it (``/about/`` → ``about/index.md``).
    """
    from ..convert import new_liquid_environment
    from ..frontmatter import read_post_file
    from ._native import native_page

    candidates = [p for p in scan.pages if _is_about(site, p)]
    if not candidates:
        return None
    path = candidates[0]
    text = (site.root / path).read_text(encoding="utf-8-sig", errors="replace")
    page, _ = read_post_file(site, path, text, draft=True)
    if page is None:
        return None
    url = page.permalink or PurePosixPath(path).with_suffix("").as_posix()
    docname = url.strip("/").removesuffix(".html").removesuffix("/index") + "/index"
    liquid = new_liquid_environment(site, scan.posts)
    native = native_page(site, page, liquid, posts=scan.posts, myst=myst)
    return docname, native.text


def _is_about(site: Site, path: str) -> bool:
    from ..frontmatter import split_front_matter

    if PurePosixPath(path).stem.lower() in ABOUT_NAMES:
        return True
    text = (site.root / path).read_text(encoding="utf-8-sig", errors="replace")
    permalink = split_front_matter(text).data.get("permalink")
    return isinstance(permalink, str) and permalink.strip("/").lower() in ABOUT_NAMES
