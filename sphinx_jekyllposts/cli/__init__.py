"""The ``jekyllposts`` command: ``init``, ``serve``, ``convert`` and ``check``."""

from __future__ import annotations

import argparse
from pathlib import Path
import sys

from .. import __version__

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    status: int = args.run(args)
    return status


def _parser() -> argparse.ArgumentParser:
    from . import _convert, _init, _serve

    parser = argparse.ArgumentParser(
        prog="jekyllposts",
        description="Jekyll posts for Sphinx: set up a project around a Jekyll site, "
        "preview it, check it, or migrate it to MyST.",
    )
    parser.add_argument("--version", action="version", version=__version__)
    commands = parser.add_subparsers(title="commands")
    _init.add_parser(commands)
    _serve.add_parser(commands)
    _convert.add_parser(commands)
    check = commands.add_parser(
        "check",
        help="report every problem of a site's posts without a build",
        description="Read every post of SITE as the build would and print each "
        "problem as path:line: message [jekyllposts.subtype]; exit 1 if any.",
    )
    check.add_argument("site", type=Path, nargs="?", default=Path(), help="site folder")
    check.add_argument("--drafts", action="store_true", help="check _drafts/ too")
    check.set_defaults(run=_check)
    return parser


def _check(args: argparse.Namespace) -> int:
    from ..check import check_site

    lines = check_site(args.site.resolve(), drafts=args.drafts)
    for line in lines:
        print(line)  # noqa: T201 - the report is the output
    print(f"jekyllposts check: {len(lines)} problems", file=sys.stderr)  # noqa: T201
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
