"""``jekyllposts convert``: a post's MyST, or a whole site migrated to MyST + ABlog."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
import shutil
import sys
from typing import TYPE_CHECKING

from ._project import Project, say, site_info, write_files

if TYPE_CHECKING:
    import argparse

    from ..site import Site
    from ._project import Commands as _Commands

__all__ = ["add_parser", "run"]


def add_parser(commands: _Commands) -> None:
    """Register ``convert`` and its options."""
    parser = commands.add_parser(
        "convert",
        help="print a post as MyST, or migrate a site to MyST + ABlog (--out)",
        description="With a post: print its native MyST form (ABlog front matter, "
        "# Title, Liquid rendered, kramdown rewritten). With a site and --out DIR: "
        "write a Sphinx project that builds with myst-parser, ABlog and "
        "sphinx-design alone (a one-way migration; the site is not changed).",
    )
    parser.add_argument("target", type=Path, metavar="SITE|POST", help="site or post")
    parser.add_argument(
        "--out", type=Path, metavar="DIR", help="write here (a file for one post)"
    )
    parser.add_argument(
        "--build-form",
        action="store_true",
        help="print what the extension feeds MyST during a build (for debugging)",
    )
    parser.add_argument("--drafts", action="store_true", help="convert _drafts/ too")
    parser.add_argument("--future", action="store_true", help="convert future posts")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Convert one post or a whole site."""
    target: Path = args.target
    if target.is_dir():
        if args.out is None:
            say("jekyllposts convert: a site needs --out DIR (or give one post)")
            return 2
        return convert_site(target.resolve(), args.out.resolve(), args)
    if not target.is_file():
        say(f"jekyllposts convert: {target}: no such file or folder")
        return 2
    return _convert_post(target.resolve(), args)


def find_site(path: Path) -> Path:
    """The folder above ``path`` that holds ``_config.yml`` (else the posts' parent)."""
    for folder in [path.parent, *path.parents]:
        if (folder / "_config.yml").is_file():
            return folder
    return path.parent.parent


def _convert_post(post_path: Path, args: argparse.Namespace) -> int:
    from ..convert import convert_post, new_liquid_environment
    from ..frontmatter import read_post_file
    from ..posts import scan_site
    from ..site import load_site
    from ..themes import DEFAULT_CALLOUTS
    from ._native import native_post

    root = find_site(post_path)
    site, diagnostics = load_site(root)
    scan = scan_site(site, drafts=True, future=True, unpublished=True)
    rel = post_path.relative_to(root).as_posix()
    post, problems = read_post_file(site, rel, post_path.read_text(encoding="utf-8-sig"),
                     draft="_drafts" in Path(rel).parts)  # fmt: skip
    if post is None:
        say(f"{rel}: not a Jekyll post (no date in the name or no front matter)")
        return 1
    liquid = new_liquid_environment(site, scan.posts)
    if args.build_form:
        converted = convert_post(site, post, liquid)
        text, found = converted.text, converted.diagnostics
    else:
        native = native_post(
            site, post, liquid, callouts=DEFAULT_CALLOUTS, posts=scan.posts
        )
        text, found = native.text, native.diagnostics
    for diagnostic in (*diagnostics, *problems, *found):
        say(diagnostic.format(rel))
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def convert_site(root: Path, out: Path, args: argparse.Namespace) -> int:
    """Write the native project for the site at ``root`` into ``out``."""
    from ..convert import new_liquid_environment
    from ..posts import scan_site
    from ..site import load_site
    from ..themes import DEFAULT_CALLOUTS
    from ._init import about_page
    from ._native import STATIC_DIR, native_post

    site, diagnostics = load_site(root)
    for diagnostic in diagnostics:
        say(diagnostic.format("_config.yml"))
    future = args.future or site.config.get("future") is True
    scan = scan_site(site, drafts=args.drafts, future=future, unpublished=False)
    liquid = new_liquid_environment(site, scan.posts)
    files: dict[str, str] = {}
    total = len(scan.posts)
    say(f"converting {total} posts of {root} to {out}")
    for number, post in enumerate(sorted(scan.posts, key=lambda p: p.path), 1):
        say(f"[{number}/{total}] {post.path}")
        native = native_post(
            site, post, liquid, callouts=DEFAULT_CALLOUTS, posts=scan.posts
        )
        for diagnostic in native.diagnostics:
            say(diagnostic.format(post.path))
        files[str(PurePosixPath(post.path).with_suffix(".md"))] = native.text
    pages: list[str] = []
    about = about_page(site, scan, myst="")
    if about is not None:
        files[f"{about[0]}.md"] = about[1]
        pages.append(about[0])
    from ..site import static_files

    static = next(iter(static_files(site, skip=out)), None) is not None
    project = Project(
        site_info(site), native=True, pages=pages, exclude=[STATIC_DIR], static=static
    )
    files = {
        "conf.py": project.conf_py(),
        "index.md": project.index_md(),
        "requirements.txt": project.requirements_txt(),
        ".gitignore": project.gitignore(),
        ".readthedocs.yaml": project.readthedocs_yaml("conf.py", "requirements.txt"),
        **files,
    }
    written, skipped = write_files(out, files)
    copied = copy_static_files(site, out / STATIC_DIR, skip=out)
    for rel in skipped:
        say(f"kept     {rel} (exists; not replaced)")
    say(f"wrote {len(written)} files and copied {copied} static files to {out}")
    say(f"build with: sphinx-build -W -b html {out} {out / '_build' / 'html'}")
    return 0


def copy_static_files(site: Site, target: Path, *, skip: Path) -> int:
    """Copy what Jekyll copies as it is (files without front matter); count them."""
    count = 0
    from ..site import static_files

    for rel in static_files(site, skip=skip):
        destination = target / rel
        if destination.exists():
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(site.root / rel, destination)
        count += 1
    return count
