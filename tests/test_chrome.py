"""Page chrome, authors, archives and the time zone: what Jekyll's theme showed."""

from __future__ import annotations

import os
from pathlib import Path
import re
from typing import TYPE_CHECKING
from urllib.parse import unquote

from defusedxml import ElementTree
import pytest

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

POST = "_posts/2024-05-01-updated"


@pytest.fixture
def chrome_app(
    make_app, rootdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> SphinxTestApp:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TZ", "UTC")  # the machine's zone differs from the site's
    app = make_app("html", srcdir=rootdir / "test-chrome", builddir=tmp_path)
    app.build()
    return app


def read(app: SphinxTestApp, path: str) -> str:
    return (Path(app.outdir) / path).read_text(encoding="utf-8")


def test_builds_cleanly(chrome_app: SphinxTestApp) -> None:
    assert chrome_app.warning.getvalue() == ""
    assert os.environ["TZ"] == "Asia/Seoul"


def test_meta_description_and_open_graph(chrome_app: SphinxTestApp) -> None:
    page = read(chrome_app, f"{POST}.html")
    assert (
        '<meta name="description" content="A page about &lt;b&gt;gardens&lt;/b&gt;">'
        in page
    )
    assert '<meta property="og:title" content="A post that was updated">' in page
    assert (
        '<meta property="og:image" content="https://chrome.example.org/assets/img/share.png">'
        not in page
    )  # no site url: the image path stays relative to the site
    assert '<meta property="og:image" content="/assets/img/share.png">' in page


def test_pages_advertise_feed_xml(chrome_app: SphinxTestApp) -> None:
    """jekyll-feed's ``feed_meta``: every page links the feed, relative to itself."""
    link = re.compile(
        r'<link type="application/atom\+xml" rel="alternate" href="([^"]+)"'
    )
    assert link.findall(read(chrome_app, "index.html")) == ["feed.xml"]
    assert link.findall(read(chrome_app, f"{POST}.html")) == ["../feed.xml"]
    assert (Path(chrome_app.outdir) / "feed.xml").is_file()


def test_update_date_goes_to_ablog_not_into_the_text(chrome_app: SphinxTestApp) -> None:
    (post,) = chrome_app.env.ablog_posts[POST]
    assert str(post["update"]) == "2024-06-02 00:00:00"
    assert "Updated on" not in read(chrome_app, f"{POST}.html")
    assert "admonition" not in read(chrome_app, f"{POST}.html")


def test_authors_from_data_file(chrome_app: SphinxTestApp) -> None:
    page = read(chrome_app, "blog/author/kim-jiwoo.html")
    assert "<title>Posts by Kim Jiwoo" in page
    assert "A post that was updated" in page


def test_redirect_to(chrome_app: SphinxTestApp) -> None:
    page = read(chrome_app, "_posts/2024-05-02-moved.html")
    assert (
        '<meta http-equiv="refresh" content="0; url=https://elsewhere.example.org/moved/">'
        in page
    )


def test_archive_urls_answer(chrome_app: SphinxTestApp) -> None:
    out = Path(chrome_app.outdir)
    for path, target in [
        ("tags/index.html", "blog/tag.html"),
        ("tags.html", "blog/tag.html"),
        ("tags/정원/index.html", "blog/tag/정원.html"),
        ("tags/notes/index.html", "blog/tag/notes.html"),
        ("2024/index.html", "blog/2024.html"),
        ("all-categories/index.html", "blog/category.html"),  # the site's own page
    ]:
        html = (out / path).read_text(encoding="utf-8")
        url = unquote(re.search(r'url=([^"]+)"', html).group(1))
        resolved = (out / path).parent / url
        assert resolved.resolve() == (out / target).resolve(), path
        assert (out / target).is_file()


def test_no_archive_pages_the_site_did_not_serve(chrome_app: SphinxTestApp) -> None:
    out = Path(chrome_app.outdir)
    assert not (out / "categories").exists()  # not a Beautiful Jekyll page
    assert not (out / "year-archive").exists()


def test_archive_feeds_are_on(chrome_app: SphinxTestApp) -> None:
    out = Path(chrome_app.outdir)
    for feed in ("blog/tag/notes/atom.xml", "blog/category/garden/atom.xml"):
        assert "A post that was updated" in (out / feed).read_text(encoding="utf-8")


def test_feeds_use_the_site_zone(chrome_app: SphinxTestApp) -> None:
    rss = ElementTree.parse(Path(chrome_app.outdir) / "feed.xml").getroot()
    assert rss.tag == "rss"  # Beautiful Jekyll served RSS
    dates = {i.findtext("title"): i.findtext("pubDate") for i in rss.iter("item")}
    assert dates["A post that was updated"] == "Wed, 01 May 2024 00:00:00 +0900"
    # the theme's guid: the post's Jekyll URL, a permalink (readers know the item)
    guids = {i.findtext("title"): i.find("guid") for i in rss.iter("item")}
    guid = guids["A post that was updated"]
    assert (guid.text, guid.get("isPermaLink")) == (
        "/garden/2024/05/01/updated.html",
        "true",
    )
    atom = ElementTree.parse(Path(chrome_app.outdir) / "blog/atom.xml").getroot()
    published = [e.findtext("{http://www.w3.org/2005/Atom}published") for e in atom]
    assert "2024-05-01T00:00:00+09:00" in published


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("python", "python"),
        ("정원", "정원"),
        ("café", "cafe"),
        ("C++", "c--2b2b"),
        ("C#", "c--23"),
        ("#", "--23"),
        ("...", "--2e2e2e"),
        ("node.js", "nodejs--2e"),
    ],
)
def test_archive_slugs_name_the_symbols(name: str, slug: str) -> None:
    """ABlog's slug, composed, with the code points of the symbols it dropped."""
    import ablog.blog

    from sphinx_jekyllposts.ablog_ import archive_slug

    assert archive_slug(name, ablog.blog.slugify.__wrapped__) == slug


def test_symbol_tags_get_their_own_pages(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """``C++``, ``C#``, ``#`` and ``...`` each get a page; jekyll-archives' shared
    URLs answer with the page Jekyll wrote last there."""
    from conftest import write_site

    site = write_site(
        tmp_path / "site",
        {
            "2024-01-01-a.md": "---\ntitle: A\ntags: [C++, C#, '#', '...']\n---\n\nA.\n",
            "2024-01-02-b.md": "---\ntitle: B\ntags: [C#]\ncategories: [C++]\n---\n\nB.\n",
        },
    )
    (site / "_config.yml").write_text("jekyll-archives:\n  enabled: all\n")
    app = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app.build()
    assert app.warning.getvalue() == ""
    out = Path(app.outdir)
    pages = {
        "blog/tag/c--2b2b.html": ["A"],
        "blog/tag/c--23.html": ["A", "B"],
        "blog/tag/--23.html": ["A"],
        "blog/tag/--2e2e2e.html": ["A"],
        "blog/category/c--2b2b.html": ["B"],
    }
    for path, titles in pages.items():
        html = (out / path).read_text(encoding="utf-8")
        shown = re.findall(r'href="../../_posts/2024-01-0\d-\w.html">(\w)</a>', html)
        assert sorted(set(shown)) == titles, path
    assert not (out / "blog" / "tag" / ".html").exists()
    for path, target in [
        ("tag/c/index.html", "blog/tag/c--23.html"),  # Jekyll: C# wrote last
        ("tag/index.html", "blog/tag/--2e2e2e.html"),  # and "..." here
        ("category/c/index.html", "blog/category/c--2b2b.html"),
    ]:
        html = (out / path).read_text(encoding="utf-8")
        url = unquote(re.search(r'url=([^"]+)"', html).group(1))
        assert ((out / path).parent / url).resolve() == (out / target).resolve()


@pytest.mark.parametrize(
    ("enabled", "served"),
    [("true", True), ("all", True), ("[tags]", True), ("5", False), ("year", False)],
)
def test_jekyll_archives_enabled_as_the_plugin_reads_it(
    make_app, tmp_path: Path, enabled: str, served: bool
) -> None:  # type: ignore[no-untyped-def]
    """``enabled: true``, ``all`` or a list of kinds turn archives on; any other
    value turns them off, as jekyll-archives' ``enabled?`` reads it; never a crash."""
    from conftest import write_site

    site = write_site(
        tmp_path / "site", {"2024-01-01-a.md": "---\ntitle: A\ntags: [t]\n---\n\nA.\n"}
    )
    (site / "_config.yml").write_text(
        f"plugins: [jekyll-archives]\njekyll-archives:\n  enabled: {enabled}\n"
        "  permalinks: nonsense\n"
    )
    app = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app.build()
    assert app.warning.getvalue() == ""
    assert (Path(app.outdir) / "tag/t/index.html").exists() is served
    assert (Path(app.outdir) / "feed.xml").exists()


def test_names_that_share_an_archive_page_share_one_name(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """``Big Data``, ``big data`` and ``big-data`` have one ABlog page: it lists the
    posts of all three under the most used name, and a rebuild after an edit gives
    the same pages as a clean build."""
    from conftest import write_site

    posts = {
        "2024-01-01-a.md": "---\ntitle: A\ntags: [Big Data]\n---\n\nA.\n",
        "2024-01-02-b.md": "---\ntitle: B\ntags: [big data]\ncategories: [Notes]\n---\n\nB.\n",
        "2024-01-03-c.md": "---\ntitle: C\ntags: [big-data]\ncategories: [notes]\n---\n\nC.\n",
        "2024-01-04-d.md": "---\ntitle: D\ntags: [big data]\ncategories: [notes]\n---\n\nD.\n",
    }
    site = write_site(tmp_path / "site", posts)
    app = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app.build()
    assert app.warning.getvalue() == ""
    out = Path(app.outdir)
    page = (out / "blog/tag/big-data.html").read_text(encoding="utf-8")
    assert sorted(set(re.findall(r">([ABCD])</a>", page))) == ["A", "B", "C", "D"]
    assert "big data" in page
    categories = (out / "blog/category/notes.html").read_text(encoding="utf-8")
    assert sorted(set(re.findall(r">([BCD])</a>", categories))) == ["B", "C", "D"]
    clean = {p: p.read_bytes() for p in (out / "blog").rglob("*.html")}
    (site / "_posts" / "2024-01-01-a.md").write_text(
        posts["2024-01-01-a.md"] + "More.\n"
    )
    app2 = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app2.build()
    assert {p: p.read_bytes() for p in (out / "blog").rglob("*.html")} == clean
