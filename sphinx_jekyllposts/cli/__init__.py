"""The ``jekyllposts`` command: ``convert`` a post to MyST, ``check`` a site without a build."""

from __future__ import annotations

import argparse
from pathlib import Path
import sys

from . import __version__

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
    parser = argparse.ArgumentParser(
        prog="jekyllposts", description="Jekyll posts for Sphinx: convert and check."
    )
    parser.add_argument("--version", action="version", version=__version__)
    commands = parser.add_subparsers(title="commands")
    convert = commands.add_parser(
        "convert", help="print the MyST form of a post (what the build reads)"
    )
    convert.add_argument("post", type=Path, help="a file in a site's _posts/ folder")
    convert.add_argument("--out", type=Path, help="write to this file instead")
    convert.set_defaults(run=_convert)
    check = commands.add_parser(
        "check", help="report every problem of a site's posts without a build"
    )
    check.add_argument("site", type=Path, nargs="?", default=Path(), help="site folder")
    check.add_argument("--drafts", action="store_true", help="check _drafts/ too")
    check.set_defaults(run=_check)
    return parser


def _find_site(path: Path) -> Path:
    for folder in [path.parent, *path.parents]:
        if (folder / "_config.yml").is_file():
            return folder
    return path.parent.parent


def _convert(args: argparse.Namespace) -> int:
    from .convert import convert_post, new_liquid_environment
    from .frontmatter import read_post_file
    from .posts import scan_site
    from .site import load_site

    post_path = args.post.resolve()
    root = _find_site(post_path)
    site, diagnostics = load_site(root)
    scan = scan_site(site, drafts=True, future=True, unpublished=True)
    rel = post_path.relative_to(root).as_posix()
    post, problems = read_post_file(site, rel, post_path.read_text(encoding="utf-8-sig"),
                     draft="_drafts" in Path(rel).parts)  # fmt: skip
    if post is None:
        print(f"{rel}: not a Jekyll post (no date in the name or no front matter)",
              file=sys.stderr)  # fmt: skip
        return 1
    converted = convert_post(site, post, new_liquid_environment(site, scan.posts))
    for diagnostic in (*diagnostics, *problems, *converted.diagnostics):
        print(diagnostic.format(rel), file=sys.stderr)
    if args.out:
        args.out.write_text(converted.text, encoding="utf-8")
    else:
        sys.stdout.write(converted.text)
    return 0


def _check(args: argparse.Namespace) -> int:
    from .convert import convert_post, new_liquid_environment
    from .posts import scan_site
    from .site import load_site

    root = args.site.resolve()
    site, site_diagnostics = load_site(root)
    lines = [d.format("_config.yml") for d in site_diagnostics]
    scan = scan_site(site, drafts=args.drafts, future=True, unpublished=False)
    liquid = new_liquid_environment(site, scan.posts)
    for post_file in scan.files:
        lines += [d.format(post_file.path) for d in post_file.diagnostics]
        if post_file.post is not None and not post_file.skipped:
            converted = convert_post(site, post_file.post, liquid)
            lines += [d.format(post_file.path) for d in converted.diagnostics]
    for line in lines:
        print(line)
    built = sum(1 for f in scan.files if f.post is not None and not f.skipped)
    print(f"jekyllposts check: {built} posts, {len(lines)} problems", file=sys.stderr)
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
