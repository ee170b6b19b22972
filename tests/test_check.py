"""``jekyllposts check``: the build's messages without a build."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sphinx_jekyllposts.check import check_site
from sphinx_jekyllposts.cli import main

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

BROKEN = """
_posts/2024-01-01-bad-yaml.md:3: invalid YAML front matter (found unexpected end of stream); values ignored [jekyllposts.frontmatter]
_posts/2024-01-02-not-a-mapping.md:2: front matter is a list, not a mapping; ignored [jekyllposts.frontmatter]
_posts/2024-13-45-bad-date.md:1: invalid date '2024-13-45' in the file name; post skipped [jekyllposts.date]
""".strip().splitlines()


def test_check_site_lists_every_problem(rootdir: Path) -> None:
    assert check_site(rootdir / "test-broken", drafts=False) == BROKEN


def test_clean_site_has_no_problems(rootdir: Path) -> None:
    assert check_site(rootdir / "test-theme", drafts=False) == []


def test_cli_prints_the_lines_and_fails(
    rootdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(rootdir / "test-broken")]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == BROKEN
    assert captured.err.strip() == "jekyllposts check: 3 problems"


def test_cli_passes_a_clean_site(
    rootdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(rootdir / "test-theme")]) == 0
    assert capsys.readouterr().out == ""


def test_check_matches_the_build(make_app, rootdir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The URL problems of ``test-urls`` are found before any HTML is written."""
    app = make_app("html", srcdir=rootdir / "test-urls", builddir=tmp_path)
    app.build()
    root = rootdir / "test-urls"
    built = sorted(
        re.sub(r"\x1b\[[0-9;]*m", "", line)
        .replace(f"{root}/", "")
        .replace(" WARNING:", "", 1)
        for line in app.warning.getvalue().splitlines()
        if "[jekyllposts." in line
    )
    assert sorted(check_site(root, drafts=False)) == built
    assert built
