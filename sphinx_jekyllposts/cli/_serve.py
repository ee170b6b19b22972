"""``jekyllposts serve``: live preview with sphinx-autobuild, like ``jekyll serve``."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
import subprocess
import sys
from typing import TYPE_CHECKING

from ._project import say

if TYPE_CHECKING:
    import argparse

    from ._project import Commands as _Commands

__all__ = ["add_parser", "autobuild_command", "run"]

#: What Jekyll writes or caches inside the site; watching it would rebuild forever.
_IGNORED = ("_site", ".jekyll-cache", ".sass-cache", ".git", "node_modules")


def add_parser(commands: _Commands) -> None:
    """Register ``serve`` and its options."""
    parser = commands.add_parser(
        "serve",
        help="build, serve and rebuild on change (needs sphinx-autobuild)",
        description="Preview the blog like `jekyll serve`: build the Sphinx project "
        "around SITE (its conf.py, see `jekyllposts init`), serve it on localhost "
        "and rebuild when a post changes. Needs sphinx-autobuild "
        "(pip install 'sphinx-jekyllposts[serve]').",
    )
    parser.add_argument(
        "site", type=Path, nargs="?", default=Path(), help="site folder"
    )
    parser.add_argument("--drafts", action="store_true", help="build _drafts/ too")
    parser.add_argument("--future", action="store_true", help="build future posts")
    parser.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1")
    parser.add_argument("--port", type=int, default=4000, help="default: 4000")
    parser.add_argument(
        "--out", type=Path, metavar="DIR", help="HTML folder (default: _build/html)"
    )
    parser.set_defaults(run=run)


def find_project(site: Path) -> Path | None:
    """The Sphinx source folder: the site or a folder above it with ``conf.py``."""
    return next((p for p in [site, *site.parents] if (p / "conf.py").is_file()), None)


def autobuild_command(args: argparse.Namespace, project: Path) -> list[str]:
    """The sphinx-autobuild command line for ``args``."""
    out = args.out or project / "_build" / "html"
    command = [sys.executable, "-m", "sphinx_autobuild", str(project), str(out)]
    command += ["--host", args.host, "--port", str(args.port)]
    for name in _IGNORED:
        command += ["--ignore", str(project / name)]
    if args.drafts:
        command += ["-D", "jekyllposts_drafts=1"]
    if args.future:
        command += ["-D", "jekyllposts_future=1"]
    return command


def run(args: argparse.Namespace) -> int:
    """Run sphinx-autobuild until interrupted."""
    if importlib.util.find_spec("sphinx_autobuild") is None:
        say(
            "jekyllposts serve needs sphinx-autobuild, which is not installed:\n"
            "  python -m pip install 'sphinx-jekyllposts[serve]'"
        )
        return 2
    project = find_project(args.site.resolve())
    if project is None:
        say(
            f"jekyllposts serve: no conf.py in {args.site} or above it; "
            f"run `jekyllposts init {args.site}` first"
        )
        return 2
    command = autobuild_command(args, project)
    say(f"serving {project} at http://{args.host}:{args.port}/ (Ctrl-C stops)")
    if os.name == "posix":  # become sphinx-autobuild: signals reach it directly
        sys.stderr.flush()
        os.execv(sys.executable, command)
    try:
        return subprocess.run(command, check=False).returncode
    except KeyboardInterrupt:
        return 0
