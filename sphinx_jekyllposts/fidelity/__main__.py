"""``python -m sphinx_jekyllposts.fidelity SITE``: the fidelity report of a Jekyll site."""

from __future__ import annotations

import argparse
from pathlib import Path
import sys
import tempfile
from typing import Any

import yaml

from . import (
    BUILDERS,
    JekyllUnavailableError,
    Reference,
    build,
    compare,
    extra_posts,
    format_report,
    load_reference,
    markdown_table,
    prepare_project,
    render_with_jekyll,
    site_digest,
    summary_line,
    write_reference,
)

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Run the report; return the exit status (0 whatever the figures, 1/2 on errors)."""
    args = _parser().parse_args(argv)
    site: Path = args.site.resolve()
    if not site.is_dir():
        _say(f"fidelity: {args.site} is not a folder", err=True)
        return 2
    reference = _reference(args, site)
    if reference is None:
        return 2
    if args.save_reference:
        args.save_reference.mkdir(parents=True, exist_ok=True)
        write_reference(reference, args.save_reference)
        _say(f"fidelity: {len(reference.posts)} posts saved in {args.save_reference}")
        if args.reference_only:
            return 0
    with tempfile.TemporaryDirectory(prefix="jekyllposts-fidelity-") as tmp:
        workdir = args.keep.resolve() if args.keep else Path(tmp)
        return _build_and_report(args, site, reference, workdir)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m sphinx_jekyllposts.fidelity",
        description="Compare what Jekyll and Sphinx (with sphinx-jekyllposts) make of "
        "a Jekyll site's posts.",
    )
    parser.add_argument("site", type=Path, help="the Jekyll site (with _config.yml)")
    parser.add_argument("--reference", type=Path, metavar="DIR",
                        help="a saved Jekyll reference instead of running Jekyll")  # fmt: skip
    parser.add_argument("--save-reference", type=Path, metavar="DIR",
                        help="save what Jekyll rendered in DIR")  # fmt: skip
    parser.add_argument("--reference-only", action="store_true",
                        help="with --save-reference: stop after saving")  # fmt: skip
    parser.add_argument("--time", help="Jekyll's 'now' (ISO 8601), for future posts")
    parser.add_argument("--config", help="Jekyll config files, comma-separated")
    for flag in ("drafts", "future", "unpublished"):
        parser.add_argument(f"--{flag}", action="store_true", help=f"build {flag} too")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="build in DIR and keep it (default: a temporary folder)")  # fmt: skip
    parser.add_argument("--markdown", type=Path, metavar="FILE",
                        help="also write the per-post report as a Markdown table")  # fmt: skip
    parser.add_argument("--only-problems", action="store_true",
                        help="list only the posts with a difference")  # fmt: skip
    return parser


def _reference(args: argparse.Namespace, site: Path) -> Reference | None:
    if args.reference:
        reference = load_reference(args.reference)
        if reference.digest and reference.digest != site_digest(site):
            _say(f"fidelity: note: {args.reference} was made from another version "
                  "of the site", err=True)  # fmt: skip
        return reference
    try:
        return render_with_jekyll(
            site, time=args.time, drafts=args.drafts, future=args.future,
            unpublished=args.unpublished,
            config=args.config.split(",") if args.config else None,
        )  # fmt: skip
    except JekyllUnavailableError as error:
        _say(f"fidelity: Jekyll is not available: {error}.\n"
              "Run this where Jekyll is installed, or pass --reference DIR with a "
              "reference saved there by --save-reference DIR.", err=True)  # fmt: skip
        return None


def _build_and_report(
    args: argparse.Namespace, site: Path, reference: Reference, workdir: Path
) -> int:
    config = _site_config(site)
    srcdir = prepare_project(
        site, workdir / "src", drafts=args.drafts, future=args.future,
        unpublished=args.unpublished, title=str(config.get("title") or "Blog"),
    )  # fmt: skip
    outdirs, warnings = {}, []
    for builder in BUILDERS:
        outdirs[builder], said = build(srcdir, workdir / "build", builder)
        warnings += said if builder == BUILDERS[0] else []
    feed = config.get("feed")
    feed_path = feed.get("path") if isinstance(feed, dict) else None
    reports = compare(reference, outdirs, feed_path=str(feed_path or "feed.xml"))
    _say(format_report(reports, only_problems=args.only_problems))
    if args.markdown:
        args.markdown.write_text(markdown_table(reports), encoding="utf-8")
    extra = extra_posts(srcdir, outdirs[BUILDERS[0]], reference)
    for path in extra:
        _say(f"EXTRA {path}  [Sphinx published it; Jekyll did not]")
    for note in reference.notes:
        _say(f"note: Jekyll ran with {note}")
    _say(f"note: Sphinx printed {len(warnings)} warnings")
    if args.keep:
        _say(f"note: the Sphinx output is in {workdir / 'build'}")
    _say(summary_line(reports, extra))
    return 0


def _say(text: str, *, err: bool = False) -> None:
    (sys.stderr if err else sys.stdout).write(text + "\n")


def _site_config(site: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load((site / "_config.yml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


if __name__ == "__main__":
    sys.exit(main())
