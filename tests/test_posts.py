"""Scanning a site's posts: what Jekyll builds, and what a later scan may reuse."""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

import pytest

from sphinx_jekyllposts import posts
from sphinx_jekyllposts.posts import KnownFiles, scan_site
from sphinx_jekyllposts.site import load_site

if TYPE_CHECKING:
    from pathlib import Path

POST = "---\ntitle: {title}\ntags: [garden]\n---\n\nThe text of {title}.\n"
NOW = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_config.yml").write_text("title: Scan\ntimezone: UTC\n")
    for name in ("2024-01-01-first", "2024-02-01-second", "2099-01-01-later"):
        text = POST.format(title=name.rsplit("-", 1)[1])
        (tmp_path / "_posts" / f"{name}.md").write_text(text, encoding="utf-8")
    return tmp_path


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the post files read and parsed from disk."""
    seen: list[str] = []
    parse = posts._parse

    def counting(site, path, *args):  # type: ignore[no-untyped-def]
        seen.append(path)
        return parse(site, path, *args)

    monkeypatch.setattr(posts, "_parse", counting)
    return seen


def scan(site_dir: Path, known: KnownFiles, now: dt.datetime = NOW) -> posts.SiteScan:
    site, _ = load_site(site_dir)
    return scan_site(
        site, drafts=False, future=False, unpublished=False, now=now, known=known
    )


def test_unchanged_files_are_not_read_again(site_dir: Path, parsed: list[str]) -> None:
    known: KnownFiles = {}
    first = scan(site_dir, known)
    assert len(parsed) == 3
    assert len(known) == 3
    second = scan(site_dir, known)
    assert len(parsed) == 3
    assert second == first


def test_a_changed_file_is_read_again(site_dir: Path, parsed: list[str]) -> None:
    known: KnownFiles = {}
    scan(site_dir, known)
    edited = site_dir / "_posts" / "2024-02-01-second.md"
    edited.write_text(POST.format(title="Changed"), encoding="utf-8")
    os.utime(edited, ns=(1, 1))
    again = scan(site_dir, known)
    assert parsed[3:] == ["_posts/2024-02-01-second.md"]
    assert [p.title for p in again.posts] == ["Changed", "first"]


def test_removed_files_leave_the_known_files(site_dir: Path) -> None:
    known: KnownFiles = {}
    scan(site_dir, known)
    (site_dir / "_posts" / "2024-01-01-first.md").unlink()
    scan(site_dir, known)
    assert sorted(key[0] for key in known) == [
        "_posts/2024-02-01-second.md",
        "_posts/2099-01-01-later.md",
    ]


def test_a_known_future_post_is_built_once_its_date_has_come(
    site_dir: Path, parsed: list[str]
) -> None:
    known: KnownFiles = {}
    before = scan(site_dir, known)
    assert [p.slug for p in before.posts] == ["second", "first"]
    after = scan(site_dir, known, now=dt.datetime(2100, 1, 1, tzinfo=dt.UTC))
    assert [p.slug for p in after.posts] == ["later", "second", "first"]
    assert len(parsed) == 3


def test_the_url_plan_is_kept_for_the_same_posts(
    site_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, _ = load_site(site_dir)
    known: KnownFiles = {}
    first = scan_site(
        site, drafts=False, future=False, unpublished=False, now=NOW, known=known
    )
    planned: list[int] = []
    plan = posts.plan_urls
    monkeypatch.setattr(
        posts, "plan_urls", lambda s, p: planned.append(len(p)) or plan(s, p)
    )

    def again(now: dt.datetime = NOW) -> posts.SiteScan:
        return scan_site(
            site, drafts=False, future=False, unpublished=False, now=now,
            known=known, earlier_urls=first.urls,
        )  # fmt: skip

    assert again().urls is first.urls
    assert planned == []
    # the future post's day has come: a post more, planned again
    later = again(dt.datetime(2100, 1, 1, tzinfo=dt.UTC))
    assert planned == [3]
    assert later.urls is not None
    assert "2099/01/01/later.html" in later.urls.files
