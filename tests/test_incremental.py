"""Rebuilds: a no-op reads nothing, an edit reads one post, and both equal a clean build.

The site uses pydata-sphinx-theme (which sets ABlog's ``fontawesome_included``) and
ABlog's archive feeds with full text (the costly configuration of issue 7), so that
a spurious "config changed" or a stale archive page or feed would show here.
Documents read are counted with Sphinx's ``env-before-read-docs`` event.
"""

from __future__ import annotations

import os
from pathlib import Path
import re
import time
from typing import TYPE_CHECKING, Any

import pytest
from sphinx.environment import CONFIG_OK

from sphinx_jekyllposts.extension import get_state

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

CONFIG = """\
title: Incremental
lang: ko
timezone: Asia/Seoul
url: https://example.org
permalink: /:year/:month/:day/:title/
"""
CONF = """\
extensions = ["sphinx_jekyllposts"]
exclude_patterns = ["_build"]
html_theme = "pydata_sphinx_theme"
# pydata-sphinx-theme appends to the default list, shared by the builds of one process
templates_path = []
blog_feed_archives = True
blog_feed_fulltext = True
"""
POST = """\
---
title: "{title}"
tags: [{tags}]
categories: [notes]
---
첫 문단입니다. The first paragraph of post {number}.

### 둘째 절

Body text of post {number}, with a [link to the first post]({{% post_url 2024-01-01-post-0 %}}).

```python
print({number})
```
"""
POSTS = {
    "2024-01-01-post-0": ("첫 번째 글", "python, 텃밭"),
    "2024-01-05-post-1": ("Second post", "python"),
    "2024-02-10-post-2": ("세 번째 글", "텃밭, notes"),
}
EDITED = "_posts/2024-01-05-post-1"
_FEED_UPDATED = re.compile(r"<updated>[^<]*</updated>")


def write_site(root: Path) -> None:
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text(CONFIG, encoding="utf-8")
    (root / "conf.py").write_text(CONF, encoding="utf-8")
    (root / "index.md").write_text("# Incremental\n\nThe blog.\n", encoding="utf-8")
    for number, (name, (title, tags)) in enumerate(POSTS.items()):
        text = POST.format(title=title, tags=tags, number=number)
        (root / "_posts" / f"{name}.md").write_text(text, encoding="utf-8")


class Counted:
    """A build whose documents read and pages written are counted."""

    def __init__(self, app: SphinxTestApp) -> None:
        self.app = app
        self.read: list[str] = []
        self.pages: list[str] = []
        app.connect("env-before-read-docs", self._before_read)
        app.connect("html-page-context", self._page)

    def _before_read(self, app: Any, env: Any, docnames: list[str]) -> None:
        self.read += docnames

    def _page(self, app: Any, pagename: str, *args: Any) -> None:
        self.pages.append(pagename)


@pytest.fixture
def build(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> Callable[..., Counted]:
    """``build(src, out)`` runs one incremental build, as a fresh ``sphinx-build`` would."""
    from ablog.blog import Blog

    def run(src: Path, out: Path) -> Counted:
        Blog._dict.clear()  # ABlog's process-wide blog: one per sphinx-build process
        counted = Counted(make_app("html", srcdir=src, builddir=out))
        counted.app.build()
        assert counted.app.statuscode == 0
        return counted

    return run


def outputs(html: Path) -> dict[str, str]:
    """Every page and feed of an output directory (a feed's own write time aside)."""
    found = {}
    for path in sorted(html.rglob("*")):
        if path.suffix in (".html", ".xml") and path.is_file():
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".xml":
                text = _FEED_UPDATED.sub("", text, count=1)
            found[path.relative_to(html).as_posix()] = text
    return found


def edit_post(site: Path, old: str, new: str) -> None:
    """Replace ``old`` with ``new`` in the post :data:`EDITED`."""
    post = site / f"{EDITED}.md"
    post.write_text(
        post.read_text(encoding="utf-8").replace(old, new), encoding="utf-8"
    )


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    write_site(root)
    return root


def test_noop_rebuild_reads_and_writes_nothing(
    build: Callable[..., Counted], site: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = build(site, out)
    assert sorted(first.read) == sorted(["index", *(f"_posts/{n}" for n in POSTS)])
    feed = out / "html" / "blog" / "tag" / "python" / "atom.xml"
    written = feed.stat().st_mtime_ns
    ours = [out / "html" / "feed.xml", out / "html/2024/01/05/post-1/index.html"]
    ours_written = [path.stat().st_mtime_ns for path in ours]
    before = outputs(out / "html")
    second = build(site, out)
    assert second.app.env.config_status == CONFIG_OK
    assert second.read == []
    # Sphinx always writes its genindex and search pages; ABlog's pages are unchanged
    assert [p for p in second.pages if p not in ("genindex", "search")] == []
    assert feed.stat().st_mtime_ns == written
    assert [path.stat().st_mtime_ns for path in ours] == ours_written  # feed, redirect
    assert outputs(out / "html") == before  # genindex and search with their sidebars
    assert get_state(second.app).liquid is None  # no post read: Liquid never set up
    compiled = Path(second.app.doctreedir) / "jekyllposts-templates"
    assert len(list(compiled.rglob("*.cache"))) > 5  # the templates of the first build
    # what we keep in the doctree directory is not written again either (the third
    # build: this process's time zone is the site's since the first one)
    kept = sorted((out / "doctrees").glob("jekyllposts-*.pickle"))
    assert len(kept) == 3  # the scan, the feed's bodies, the keys of the pages
    kept_written = [path.stat().st_mtime_ns for path in kept]
    assert build(site, out).read == []
    assert [path.stat().st_mtime_ns for path in kept] == kept_written


def test_liquid_is_set_up_only_for_a_post_with_liquid(
    build: Callable[..., Counted], site: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(site, out)
    post = site / f"{EDITED}.md"
    text = post.read_text(encoding="utf-8")
    plain = re.sub(r"\(\{%.*?%\}\)", "(/)", text)
    post.write_text(plain, encoding="utf-8")
    edited = build(site, out)
    assert edited.read == [EDITED]
    assert get_state(edited.app).liquid is None
    post.write_text(text, encoding="utf-8")
    assert get_state(build(site, out).app).liquid is not None


def test_an_excerpt_edit_writes_the_archive_pages_again(
    build: Callable[..., Counted],
    site: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ablog.blog import Post

    excerpts: list[str] = []
    to_html = Post.to_html

    def counted(self: Any, pagename: str, fulltext: bool = False, *args: Any) -> Any:
        if not fulltext:
            excerpts.append(self.docname)
        return to_html(self, pagename, fulltext, *args)

    monkeypatch.setattr(Post, "to_html", counted)
    out = tmp_path / "out"
    build(site, out)
    # each excerpt once, for all the archive pages that list it
    assert sorted(excerpts) == sorted(f"_posts/{name}" for name in POSTS)
    tag_page = out / "html" / "blog" / "tag" / "python.html"
    assert "The first paragraph of post 1." in tag_page.read_text(encoding="utf-8")
    edit_post(site, "The first", "The opening")
    excerpts.clear()
    edited = build(site, out)
    assert edited.read == [EDITED]
    assert "blog/tag/python" in edited.pages
    assert excerpts == [EDITED]  # the others' are kept from the last build
    assert "The opening paragraph of post 1." in tag_page.read_text(encoding="utf-8")
    build(site, tmp_path / "clean")
    assert outputs(out / "html") == outputs(tmp_path / "clean" / "html")


def test_posts_are_converted_once_each_before_the_reading(
    build: Callable[..., Counted],
    site: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sphinx_jekyllposts import convert

    events: list[str] = []
    real = convert.convert_post

    def counted(site: Any, post: Any, *args: Any, **kwargs: Any) -> Any:
        events.append(f"convert {post.path}")
        return real(site, post, *args, **kwargs)

    monkeypatch.setattr(convert, "convert_post", counted)
    monkeypatch.setattr(
        "sphinx.environment.BuildEnvironment.prepare_settings",
        _recording(events),
    )
    build(site, tmp_path / "out")
    converted = [e for e in events if e.startswith("convert")]
    assert sorted(converted) == sorted(f"convert _posts/{n}.md" for n in POSTS)
    # all of them before Sphinx parses its first document
    first_read = next(i for i, e in enumerate(events) if e.startswith("read"))
    assert first_read > events.index(converted[-1])
    # in runs of CONVERT_AHEAD posts: the next run when its first post is read
    events.clear()
    monkeypatch.setattr("sphinx_jekyllposts.extension.CONVERT_AHEAD", 2)
    build(site, tmp_path / "out-runs")
    names = [f"_posts/{n}" for n in sorted(POSTS)]
    assert [e for e in events if "index" not in e] == [
        f"convert {names[0]}.md", f"convert {names[1]}.md",
        f"read {names[0]}", f"read {names[1]}",
        f"read {names[2]}", f"convert {names[2]}.md",  # at its source-read
    ]  # fmt: skip


def _recording(events: list[str]) -> Callable[..., None]:
    from sphinx.environment import BuildEnvironment

    real = BuildEnvironment.prepare_settings

    def prepare_settings(env: BuildEnvironment, docname: str) -> None:
        events.append(f"read {docname}")
        real(env, docname)

    return prepare_settings


def test_noop_rebuild_writes_again_what_was_deleted(
    build: Callable[..., Counted], site: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(site, out)
    before = outputs(out / "html")
    for name in ("feed.xml", "2024/01/05/post-1/index.html"):
        (out / "html" / name).unlink()
    build(site, out)
    assert outputs(out / "html") == before


def test_one_post_edit_reads_one_document_and_equals_a_clean_build(
    build: Callable[..., Counted], site: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(site, out)
    edit_post(site, "Body text", "Edited body text")
    edited = build(site, out)
    assert edited.read == [EDITED]
    assert [p for p in edited.pages if p.startswith("_posts/")] == [EDITED]
    feed = (out / "html" / "blog" / "tag" / "python" / "atom.xml").read_text("utf-8")
    assert "Edited body text" in feed
    build(site, tmp_path / "clean")
    assert outputs(out / "html") == outputs(tmp_path / "clean" / "html")


def test_a_front_matter_edit_writes_the_feeds_and_sidebars_again(
    build: Callable[..., Counted], site: Path, tmp_path: Path
) -> None:
    """A new tag and title: every feed listing the post, ours and ABlog's, changes
    (none is kept by the keys of an unchanged blog), and so do ABlog's sidebars on
    the other posts' pages."""
    out = tmp_path / "out"
    build(site, out)
    edit_post(site, 'title: "Second post"', 'title: "Second post, renamed"')
    edit_post(site, "tags: [python]", "tags: [python, gardening]")
    edited = build(site, out)
    assert edited.read == [EDITED]
    # the other posts' sidebars list the new title and tag: written again, not read
    assert {f"_posts/{name}" for name in POSTS} <= set(edited.pages)
    html = out / "html"
    assert "Second post, renamed" in (html / "feed.xml").read_text("utf-8")
    blog_feed = (html / "blog" / "atom.xml").read_text("utf-8")
    assert "Second post, renamed" in blog_feed
    assert (html / "blog" / "tag" / "gardening" / "atom.xml").is_file()
    build(site, tmp_path / "clean")
    assert outputs(html) == outputs(tmp_path / "clean" / "html")


def test_configuration_is_stable_with_ablog_listed(
    build: Callable[..., Counted], site: Path, tmp_path: Path
) -> None:
    """ABlog in ``extensions`` too: pydata-sphinx-theme's ``builder-inited`` default."""
    conf = site / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8").replace(
            '["sphinx_jekyllposts"]', '["ablog", "sphinx_jekyllposts"]'
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    build(site, out)
    second = build(site, out)
    assert second.app.env.config_status == CONFIG_OK
    assert second.read == []
    assert second.app.config.fontawesome_included is True


def test_search_language_follows_the_site(
    build: Callable[..., Counted], site: Path, tmp_path: Path
) -> None:
    app = build(site, tmp_path / "out").app
    assert app.config.html_search_language == "ko"
    assert app.builder.indexer is not None
    assert app.builder.indexer.lang.lang == "ko"
    assert app.builder.indexer.lang.stem("Running") == "run"
    assert app.builder.indexer.lang.stem("텃밭을") == "텃밭을"


def test_config_edit_reads_every_post_again(
    build: Callable[..., Counted], site: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(site, out)
    config = site / "_config.yml"
    time.sleep(0.01)
    defaults = "\ndefaults:\n  - scope: {path: ''}\n    values: {author: Someone}\n"
    config.write_text(config.read_text(encoding="utf-8") + defaults)
    os.utime(config, (time.time() + 5, time.time() + 5))  # newer than the last read
    again = build(site, out)
    assert sorted(again.read) == sorted(f"_posts/{n}" for n in POSTS)
    # the posts are those of the new configuration, not those the last scan kept
    posts = get_state(again.app).posts_by_docname.values()
    assert {post.authors for post in posts} == {("Someone",)}


def test_site_language_is_sphinx_language(
    build: Callable[..., Counted], site: Path, tmp_path: Path
) -> None:
    """``lang: ko`` translates Sphinx's words, and a rebuild sees no config change."""
    out = tmp_path / "out"
    first = build(site, out)
    assert first.app.config.language == "ko"
    search = (out / "html" / "search.html").read_text(encoding="utf-8")
    assert '<html lang="ko"' in search
    assert "검색" in search
    second = build(site, out)
    assert second.app.env.config_status == CONFIG_OK
    assert second.read == []


def test_conf_py_language_wins_over_the_site(
    build: Callable[..., Counted], site: Path, tmp_path: Path
) -> None:
    conf = site / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + 'language = "en"\n')
    app = build(site, tmp_path / "out").app
    assert app.config.language == "en"
    search = (tmp_path / "out" / "html" / "search.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in search
    assert "검색" not in search
