"""Which files of a Jekyll site become posts, and with which metadata."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp


@pytest.fixture
def site_app(make_app, rootdir: Path, tmp_path: Path) -> SphinxTestApp:  # type: ignore[no-untyped-def]
    app = make_app("html", srcdir=rootdir / "test-site", builddir=tmp_path)
    app.build()
    return app


def test_only_built_posts_are_documents(site_app: SphinxTestApp) -> None:
    assert sorted(site_app.env.found_docs) == [
        "_posts/2024-1-9-one digit day",
        "blog/_posts/2024-03-01-in-a-folder",
        "index",
    ]
    assert site_app.warning.getvalue() == ""


def test_metadata_from_name_defaults_and_front_matter(site_app: SphinxTestApp) -> None:
    posts = {d: p[0] for d, p in site_app.env.ablog_posts.items()}
    first = posts["_posts/2024-1-9-one digit day"]
    assert first["title"] == "One digit day"
    assert str(first["date"]) == "2024-01-09 00:00:00"
    assert first["tags"] == ["alpha", "beta"]
    assert first["category"] == ["notes"]
    assert first["author"] == ["Default Author"]
    folder = posts["blog/_posts/2024-03-01-in-a-folder"]
    assert folder["category"] == ["blog"]
    assert folder["author"] == ["Blog Author"]
    assert folder["tags"] == ["general"]
    assert str(folder["date"]) == "2024-03-01 22:30:00"


def test_drafts_and_future_on_request(make_app, rootdir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app(
        "html",
        srcdir=rootdir / "test-site",
        builddir=tmp_path,
        confoverrides={"jekyllposts_drafts": True, "jekyllposts_future": True},
    )
    app.build()
    assert "_drafts/a-draft" in app.env.found_docs
    assert "_posts/2099-01-01-from-the-future" in app.env.found_docs
    assert "_posts/2024-02-01-hidden" not in app.env.found_docs


def test_html_posts_are_posts(make_app, rootdir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """HTML posts (old blogs, jekyll-import) get Liquid, no Markdown, and stay HTML."""
    app = make_app("html", srcdir=rootdir / "test-html-posts", builddir=tmp_path)
    app.build()
    assert app.warning.getvalue() == ""
    html_post = "_posts/2010-05-01-from-the-old-blog"
    assert sorted(app.env.found_docs) == [
        html_post,
        "_posts/2010-05-02-markdown-too",
        "index",
    ]
    (post,) = app.env.ablog_posts[html_post]
    assert (post["title"], post["tags"]) == ("From the old blog", ["imported"])
    assert post["excerpt"][0].astext().startswith("This post came from an old blog")
    page = (Path(app.outdir) / f"{html_post}.html").read_text(encoding="utf-8")
    assert "<em>HTML</em>, and Imported keeps it.</p>" in page
    assert "<li>second</li>" in page
    assert (
        Path(app.outdir) / "static.html"
    ).read_text() == "<p>A static HTML file.</p>\n"


def test_the_sites_home_page_is_the_blog_index(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A Jekyll ``index.md`` with a layout is Sphinx's root: ABlog lists the posts."""
    from conftest import write_site

    site = write_site(
        tmp_path / "site", {"2024-01-01-p.md": "---\ntitle: P\n---\nHi.\n"}
    )
    (site / "index.md").write_text(
        "---\nlayout: home\ntitle: My *home*\n---\n{% for post in paginator.posts %}\n"
    )
    app = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app.build()
    assert app.warning.getvalue() == ""
    assert app.env.titles["index"].astext() == "My *home*"
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "_posts/2024-01-01-p.html" in page
    assert "paginator" not in page


def test_pages_with_front_matter_but_no_layout_stay_jekyll_pages(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Jekyll renders every file with front matter as a page, layout or not: such a
    file is left out, unreported; one whose front matter is MyST's is Sphinx's."""
    from conftest import write_site

    site = write_site(
        tmp_path / "site", {"2024-01-01-p.md": "---\ntitle: P\n---\nHi.\n"}
    )
    (site / "index.md").write_text("# Blog\n\n```{toctree}\nnotes\n```\n")
    (site / "contact.md").write_text("---\ntitle: Contact\n---\n{{ site.email }}\n")
    (site / "about").mkdir()
    (site / "about" / "index.md").write_text("---\n---\nAbout me.\n")
    (site / "notes.md").write_text(
        "---\nmyst:\n  enable_extensions: []\n---\n# Notes\n"
    )
    app = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app.build()
    assert app.warning.getvalue() == ""
    assert "notes" in app.env.all_docs
    assert "contact" not in app.env.all_docs
    assert "about/index" not in app.env.all_docs
