"""Old Jekyll URLs answer with redirect pages; feed.xml lists posts as jekyll-feed did."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
import re
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin

from conftest import build_posts, write_site
from defusedxml import ElementTree
import pytest

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

ATOM = "{http://www.w3.org/2005/Atom}"


def build(make_app, rootdir: Path, tmp_path: Path, builder: str) -> SphinxTestApp:  # type: ignore[no-untyped-def]
    app = make_app(builder, srcdir=rootdir / "test-urls", builddir=tmp_path)
    app.build()
    return app


def follow(outdir: Path, url: str) -> Path:
    """The file a browser ends on after the redirect page at ``url``."""
    rel = url.lstrip("/")
    page = outdir / (rel + "index.html" if rel.endswith("/") or not rel else rel)
    html = page.read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in html
    assert '<link rel="canonical"' in html
    target = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', html)
    assert target is not None
    resolved = unquote(
        urljoin("/" + page.relative_to(outdir).as_posix(), target.group(1))
    )
    final = outdir / resolved.lstrip("/")
    return final / "index.html" if resolved.endswith("/") else final


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_every_old_url_answers(
    make_app, rootdir: Path, tmp_path: Path, builder: str
) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, rootdir, tmp_path, builder)
    out = Path(app.outdir)
    first = "_posts/2024-03-10-first-light"
    expected = out / (f"{first}.html" if builder == "html" else f"{first}/index.html")
    for url in (
        "/sky/2024/03/10/first-light/",
        "/old/first-light.html",
        "/2024/first/",
    ):
        assert follow(out, url) == expected
    assert follow(out, "/nights/second/").is_file()
    assert (out / ".nojekyll").is_file()
    assert not (out.parent / "outside.html").exists()
    assert not (out.parent.parent / "outside.html").exists()


def test_unsafe_and_duplicate_urls_are_located_warnings(
    make_app, rootdir: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, rootdir, tmp_path, "html")
    warnings = app.warning.getvalue()
    assert "2024-03-12-escape.md" not in warnings  # Jekyll: /../../x → /x
    assert re.search(
        # Jekyll writes posts oldest first: the newer post shows at the URL
        r"2024-03-11-second-night\.md:4: WARNING: URL '/nights/second/' is also claimed "
        r"by '_posts/2024-03-13-copycat\.md'; no redirect written \[jekyllposts\.url\]",
        warnings,
    )


def test_symlinks_in_the_output_never_lead_redirects_out(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """A folder of the output directory that links elsewhere gets no redirect page;
    one that links inside the output directory does."""
    post = "---\ntitle: Moved\nredirect_from:\n  - /out/page.html\n  - /in/page.html\n---\n\nText.\n"
    site = write_site(tmp_path / "site", {"2024-01-01-moved.md": post})
    elsewhere, outdir = tmp_path / "elsewhere", tmp_path / "build" / "html"
    elsewhere.mkdir()
    (outdir / "inside").mkdir(parents=True)
    (outdir / "out").symlink_to(elsewhere)
    (outdir / "in").symlink_to(outdir / "inside")
    app = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app.build()
    assert list(elsewhere.iterdir()) == []
    assert (outdir / "inside" / "page.html").is_file()
    assert re.search(
        r"2024-01-01-moved\.md:3: WARNING: URL path 'out/page\.html' leaves the output "
        r"directory; no redirect written \[jekyllposts\.url\]",
        app.warning.getvalue(),
    )


def test_feed_lists_posts_like_jekyll_feed(
    make_app, rootdir: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, rootdir, tmp_path, "html")
    root = ElementTree.parse(Path(app.outdir) / "feed.xml").getroot()
    entries = {e.findtext(f"{ATOM}title"): e for e in root.iter(f"{ATOM}entry")}
    assert list(entries) == [
        "Linking around",
        "Copycat",
        "Trying to escape",
        "Second night",
        "First light",
    ]
    first = entries["First light"]
    assert first.findtext(f"{ATOM}published") == "2024-03-10T00:00:00-05:00"
    terms = [c.get("term") for c in first.iter(f"{ATOM}category")]
    assert terms == ["sky", "astronomy", "망원경"]
    link = first.find(f"{ATOM}link").get("href")
    assert link == "https://blog.example.org/notes/_posts/2024-03-10-first-light.html"
    # jekyll-feed's id (post.id | absolute_url): readers see no old post as new
    assert first.findtext(f"{ATOM}id") == (
        "https://blog.example.org/notes/sky/2024/03/10/first-light"
    )
    assert "telescope arrived" in first.findtext(f"{ATOM}summary")
    assert "Hidden from the excerpt" not in first.findtext(f"{ATOM}summary")
    assert "Hidden from the excerpt" in first.findtext(f"{ATOM}content")
    second = entries["Second night"]
    assert second.findtext(f"{ATOM}published") == "2024-03-11T19:45:00-04:00"
    assert second.findtext(f"{ATOM}summary") == "The moon was too bright."


def test_excerpts_reach_ablog(make_app, rootdir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, rootdir, tmp_path, "html")
    posts = {d: p[0] for d, p in app.env.ablog_posts.items()}
    first = " ".join(
        n.astext() for n in posts["_posts/2024-03-10-first-light"]["excerpt"]
    )
    assert "telescope arrived" in first
    assert "We waited" in first
    assert "Hidden" not in first
    assert "Transition" not in app.warning.getvalue()  # rules stay out of excerpts
    second = posts["_posts/2024-03-11-second-night"]["excerpt"]
    assert [n.astext() for n in second] == ["The moon was too bright."]
    page = (Path(app.outdir) / "_posts/2024-03-10-first-light.html").read_text(
        encoding="utf-8"
    )
    assert page.count("telescope arrived") == 1


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_site_absolute_paths_resolve(
    make_app, rootdir: Path, tmp_path: Path, builder: str
) -> None:  # type: ignore[no-untyped-def]
    from bs4 import BeautifulSoup

    app = build(make_app, rootdir, tmp_path, builder)
    out = Path(app.outdir)
    assert "not readable" not in app.warning.getvalue()
    name = "_posts/2024-03-11-second-night"
    page = out / (f"{name}.html" if builder == "html" else f"{name}/index.html")
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for alt in ("The sky", "A picture next to the post", "The sky in HTML"):
        image = soup.find("img", alt=alt)
        src = unquote(image["src"]).split("#")[0]
        assert not src.startswith("/")  # works below any base path
        assert (page.parent / src).resolve().is_file()
    first = soup.find("a", string="the first night")
    assert "internal" in first["class"]
    target = (page.parent / first["href"].split("#")[0]).resolve()
    assert target.is_file() or (target / "index.html").is_file()
    assert first["href"].endswith("#top")
    notes = soup.find("a", string="my notes")
    assert (page.parent / notes["href"]).resolve() == (
        out / "files/notes.txt"
    ).resolve()
    assert (out / "files/notes.txt").read_text() == "a static text file\n"
    assert (out / "assets/img/sky.png").is_file()
    assert not (out / "_config.yml").exists()


def test_default_excerpt_is_the_first_block_not_the_subtitle(
    make_app, rootdir: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Jekyll's default excerpt is the post's first block: here its first heading,
    as the feed page of the site's theme showed it (``excerpt | strip_html``)."""
    app = make_app("html", srcdir=rootdir / "test-theme", builddir=tmp_path)
    app.build()
    (post,) = app.env.ablog_posts["_posts/2025-11-7-정원 일지"]
    assert [n.astext() for n in post["excerpt"]] == ["시작하며"]


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        ("| a | b |\n|---|---|\n| 1 | 2 |\n\nText.\n", "table"),
        ("- alpha\n- beta\n\nText.\n", "bullet_list"),
        ("```python\nx = 1\n```\n\nText.\n", "literal_block"),
        ("* toc\n{:toc}\n\n## Part\n\nText.\n", "paragraph"),
    ],
)
def test_default_excerpt_is_the_whole_first_block(
    make_app, tmp_path: Path, body: str, shown: str
) -> None:  # type: ignore[no-untyped-def]
    """A table, a list or code first is the excerpt whole (ABlog alone would take
    the first paragraph inside it); a ``{:toc}`` is passed over."""
    post = f"---\ntitle: P\n---\n\n{body}"
    site = write_site(tmp_path / "site", {"2024-01-01-p.md": post})
    app = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app.build()
    assert app.warning.getvalue() == ""
    (record,) = app.env.ablog_posts["_posts/2024-01-01-p"]
    [excerpt] = record["excerpt"]
    assert excerpt.tagname == shown
    if shown == "paragraph":
        assert excerpt.astext() == "Part"


@pytest.mark.parametrize("root", ["test-urls", "test-chrome"])
def test_feeds_are_valid_for_feedparser(
    make_app, rootdir: Path, tmp_path: Path, root: str
) -> None:  # type: ignore[no-untyped-def]
    import feedparser

    app = make_app("html", srcdir=rootdir / root, builddir=tmp_path)
    app.build()
    feed = feedparser.parse(str(Path(app.outdir) / "feed.xml"))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version in ("atom10", "rss20")
    assert {e.title for e in feed.entries} == {
        p[0]["title"] for p in app.env.ablog_posts.values()
    }


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_links_to_pages_and_in_raw_html(
    make_app, rootdir: Path, tmp_path: Path, builder: str
) -> None:  # type: ignore[no-untyped-def]
    from bs4 import BeautifulSoup

    app = build(make_app, rootdir, tmp_path, builder)
    name = "_posts/2024-03-14-linking"
    out = Path(app.outdir)
    page = out / (f"{name}.html" if builder == "html" else f"{name}/index.html")
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    guide = soup.find("a", string="the guide")
    assert guide["href"] == "https://blog.example.org/notes/docs/guide/"
    raw = soup.find("a", string="the first night, in HTML")
    target = (page.parent / raw["href"]).resolve()
    assert target.is_file() or (target / "index.html").is_file()
    assert "jekyllposts-source" not in page.read_text(encoding="utf-8")
    assert "linking.md" not in app.warning.getvalue()


def test_images_outside_the_site_are_never_read(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """``../../secret.png`` leaves the site from the post's file: it is linked where
    the browser found it from the post's URL (``/2024/secret.png``), never read."""
    from bs4 import BeautifulSoup

    (tmp_path / "secret.png").write_bytes(b"not for the blog")
    post = "---\ntitle: X\n---\n\n![a leak](../../secret.png)\n"
    site = write_site(tmp_path / "site", {"2024-01-01-x.md": post})
    app = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app.build()
    assert app.warning.getvalue() == ""
    assert not any(
        p.read_bytes() == b"not for the blog" for p in Path(app.outdir).rglob("*.png")
    )
    page = Path(app.outdir) / "_posts/2024-01-01-x.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one("div.body img")["src"].endswith("2024/secret.png")


@pytest.mark.parametrize("builder", ["text", "latex", "man", "texinfo", "singlehtml"])
def test_other_builders(make_app, rootdir: Path, tmp_path: Path, builder: str) -> None:  # type: ignore[no-untyped-def]
    import shutil

    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-urls", src)
    (src / "index.md").write_text(
        "# Blog\n\nNo post list: ABlog's needs an HTML builder.\n"
    )
    app = make_app(builder, srcdir=src, builddir=tmp_path / "build")
    app.build()
    assert "Traceback" not in app.warning.getvalue()
    assert not (Path(app.outdir) / "feed.xml").exists()  # HTML builds only


def test_myst_syntax_in_a_post_reads_no_file(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    secret = "a sentence that must not leave its file"
    (tmp_path / "notes.txt").write_text(secret)
    post = (
        "---\ntitle: X\n---\n\n```{literalinclude} ../../notes.txt\n```\n\n"
        ":::{include} ../../notes.txt\n:::\n\n{download}`../../notes.txt`\n"
    )
    site = write_site(tmp_path / "site", {"2024-01-01-x.md": post})
    app = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app.build()
    out = Path(app.outdir)
    assert all(
        secret not in p.read_text(errors="replace")
        for p in out.rglob("*.*")
        if p.is_file()
    )
    assert not (out / "_downloads").exists()


@pytest.mark.parametrize("builder", ["html", "dirhtml", "text"])
def test_images_of_a_folder_the_site_lacks(
    make_app, tmp_path: Path, builder: str
) -> None:  # type: ignore[no-untyped-def]
    """``/media/…`` when the site has no ``media/``: linked where Jekyll served it,
    no warning; a file missing from a folder the site has is a located warning."""
    post = (
        "---\ntitle: X\n---\n\n![elsewhere](/media/a.png)\n\n![typo](/img/typo.png)\n"
    )
    site = write_site(tmp_path / "site", {"2024-01-01-x.md": post})
    (site / "img").mkdir()
    app = make_app(builder, srcdir=site, builddir=tmp_path / "build")
    app.build()
    warnings = app.warning.getvalue()
    assert "media" not in warnings
    assert re.search(
        r"2024-01-01-x\.md:7: WARNING: image file not readable: img/typo", warnings
    )
    if builder == "text":
        return
    from bs4 import BeautifulSoup

    name = "_posts/2024-01-01-x"
    page = Path(app.outdir) / (
        f"{name}.html" if builder == "html" else f"{name}/index.html"
    )
    image = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find(
        "img", alt="elsewhere"
    )
    assert (page.parent / image["src"]).resolve() == (
        Path(app.outdir) / "media/a.png"
    ).resolve()


@pytest.mark.parametrize("root_images", [False, True])
def test_images_at_the_site_root(make_app, tmp_path: Path, root_images: bool) -> None:  # type: ignore[no-untyped-def]
    """``/logo.png`` missing from a site that keeps no images at its root is linked
    where Jekyll served it, unreported; beside the site's own root images, a missing
    one is a located warning."""
    post = "---\ntitle: X\n---\n\n![logo](/logo.png)\n"
    site = write_site(tmp_path / "site", {"2024-01-01-x.md": post})
    if root_images:
        (site / "favicon.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    app = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app.build()
    warnings = app.warning.getvalue()
    if root_images:
        assert re.search(
            r"2024-01-01-x\.md:5: WARNING: image file not readable", warnings
        )
        return
    assert "WARNING" not in warnings
    from bs4 import BeautifulSoup

    page = Path(app.outdir) / "_posts/2024-01-01-x.html"
    image = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("img")
    assert (page.parent / image["src"]).resolve() == (
        Path(app.outdir) / "logo.png"
    ).resolve()


@pytest.mark.parametrize("fulltext", [False, True])
def test_post_records_hold_no_document_copies(
    make_app, rootdir: Path, tmp_path: Path, fulltext: bool
) -> None:  # type: ignore[no-untyped-def]
    """ABlog's records of our posts, which every build loads, hold no copy of the
    post's doctree nor a reference to the document read; full-text feeds still have
    the whole post."""
    app = make_app(
        "html",
        srcdir=rootdir / "test-urls",
        builddir=tmp_path,
        confoverrides={"blog_feed_fulltext": fulltext},
    )
    app.build()
    (post,) = app.env.ablog_posts["_posts/2024-03-10-first-light"]
    assert post["doctree"] is None
    excerpt = [node for tree in post["excerpt"] for node in tree.findall()]
    assert excerpt
    assert all(node.document is None for node in excerpt)
    feed = (Path(app.outdir) / "blog" / "atom.xml").read_text(encoding="utf-8")
    assert "telescope arrived" in feed
    assert ("Hidden from the excerpt" in feed) is fulltext


def _feeds(outdir: Path) -> dict[str, str]:
    return {
        path.relative_to(outdir).as_posix(): re.sub(
            r"<updated>[^<]*</updated>", "", path.read_text(encoding="utf-8"), count=1
        )
        for path in sorted(outdir.rglob("atom.xml"))
    }


@pytest.mark.parametrize("fulltext", [False, True])
def test_feeds_equal_ablogs_own(
    make_app, rootdir: Path, tmp_path: Path, monkeypatch, fulltext: bool
) -> None:  # type: ignore[no-untyped-def]
    """The cached feed writer writes what ABlog's ``generate_atom_feeds`` writes."""
    from ablog.blog import Blog

    from sphinx_jekyllposts import _cache

    options = {"blog_feed_fulltext": fulltext, "blog_feed_archives": True}
    ours = make_app(
        "html", srcdir=rootdir / "test-urls", builddir=tmp_path / "ours",
        confoverrides=options,
    )  # fmt: skip
    ours.build()
    Blog._dict.clear()
    monkeypatch.setattr(_cache, "_take_over_ablog_pages", lambda app: None)
    monkeypatch.setattr(_cache, "lighten_post_records", lambda app, doctree: None)
    ablogs = make_app(
        "html", srcdir=rootdir / "test-urls", builddir=tmp_path / "ablog",
        confoverrides=options,
    )  # fmt: skip
    ablogs.build()
    assert ablogs.env.ablog_posts["_posts/2024-03-10-first-light"][0]["doctree"]
    mine, theirs = _feeds(Path(ours.outdir)), _feeds(Path(ablogs.outdir))
    assert len(mine) >= 5  # the blog's, a year's, an author's, tags' and categories'
    assert mine == theirs


ARCHIVE_POSTS = {
    "2023-05-01-plain.md": (
        "---\ntitle: Plain\ntags: [sky, moon]\ncategories: notes\n---\n\n"
        "A plain first paragraph.\n\nMore.\n"
    ),
    "2024-02-01-picture.md": (
        "---\ntitle: Picture\ntags: [sky]\ncategories: notes\n---\n\n"
        "The dome: ![a dome](/assets/dome.png)\n\nMore.\n"
    ),
    "2024-03-01-linked.md": (
        "---\ntitle: Linked\ntags: [sky, moon]\n---\n\n"
        "After [the plain one]({% post_url 2023-05-01-plain %}).\n\nMore.\n"
    ),
    "2024-04-01-raw.md": (
        "---\ntitle: Raw\ntags: [moon]\ncategories: notes\n---\n\n"
        "Plain at first.\n\n"
        '<p>Then <a href="{% post_url 2024-03-01-linked %}">in HTML</a>.</p>\n'
    ),
}
EXCERPTS = {
    "plain": "A plain first",
    "picture": "The dome:",
    "linked": "After <a",
    "raw": "Plain at first",
}


def _archive_site(tmp_path: Path, name: str, config: str = "") -> Path:
    site = write_site(tmp_path / name, ARCHIVE_POSTS)
    (site / "_config.yml").write_text(config, encoding="utf-8")
    (site / "assets").mkdir()
    (site / "assets" / "dome.png").write_bytes(b"")
    return site


def _archive_pages(outdir: Path) -> dict[str, str]:
    return {
        path.relative_to(outdir).as_posix(): path.read_text(encoding="utf-8")
        for path in [outdir / "blog.html", *sorted((outdir / "blog").rglob("*.html"))]
    }


def test_archive_pages_equal_ablogs_own(make_app, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Archive pages render each excerpt once for all the pages that show the same
    HTML, and are byte for byte the pages of ABlog's own ``generate_archive_pages``.

    A plain excerpt is the same on every page; an image's path and a link are
    relative to the page, the same on the pages of one folder (``blog/tag/``).
    """
    from ablog.blog import Blog, Post

    from sphinx_jekyllposts import _cache

    rendered: list[str] = []
    to_html = Post.to_html

    def counting(self, pagename, *args, **kwargs):  # type: ignore[no-untyped-def]
        rendered.append(self.docname.rsplit("-", 1)[-1])
        return to_html(self, pagename, *args, **kwargs)

    monkeypatch.setattr(Post, "to_html", counting)

    def build(name: str):  # type: ignore[no-untyped-def]
        app = make_app(
            "html",
            srcdir=_archive_site(tmp_path, name),
            builddir=tmp_path / name / "_b",
        )
        app.build()
        return app

    ours = build("ours")
    mine = _archive_pages(Path(ours.outdir))
    listed = {
        name: [page for page, html in mine.items() if text in html]
        for name, text in EXCERPTS.items()
    }
    folders = {
        name: {p.rpartition("/")[0] for p in pages} for name, pages in listed.items()
    }
    assert len(listed["plain"]) >= 5  # the blog, a year, two tags and a category
    assert rendered.count("plain") == 1
    assert rendered.count("raw") == 1  # its excerpt has no link
    assert "blog/tag/sky.html" in listed["linked"]
    assert "blog/tag/moon.html" in listed["linked"]
    for name in ("picture", "linked"):
        assert len(listed[name]) >= 4
        assert rendered.count(name) == len(folders[name])
    assert len(folders["linked"]) < len(listed["linked"])
    Blog._dict.clear()
    monkeypatch.setattr(_cache, "_take_over_ablog_pages", lambda app: None)
    ablogs = build("ablog")
    assert len(mine) >= 8
    assert "_images/dome.png" in mine["blog/tag/sky.html"]
    assert mine == _archive_pages(Path(ablogs.outdir))


def _paragraph(*children):  # type: ignore[no-untyped-def]
    from docutils import nodes

    return nodes.paragraph("", "", nodes.Text("text "), *children)


@pytest.mark.parametrize(
    ("child", "reach"),
    [
        ("plain", ("anywhere", "anywhere")),
        ("image", ("anywhere", "folder")),  # absolute image URLs, relative paths
        ("xref", ("folder", "folder")),
        ("download", ("folder", "folder")),
        ("post link", ("folder", "folder")),
        ("raw post link", ("folder", "folder")),
        ("raw other link", ("anywhere", "anywhere")),
        ("post list", ("page", "page")),
    ],
)
def test_where_a_rendering_is_the_same(child: str, reach: tuple[str, str]) -> None:
    """Which renderings ABlog's pages and feeds can share: everywhere, within one
    folder (links and, unless absolute, images are relative to the page), or none."""
    from ablog.post import PostList
    from docutils import nodes
    from sphinx import addnodes

    from sphinx_jekyllposts._cache import ANYWHERE, SAME_FOLDER, SAME_PAGE, _reach

    made = {
        "plain": lambda: nodes.emphasis("", "plain"),
        "image": lambda: nodes.image(uri="x.png"),
        "xref": lambda: addnodes.pending_xref("", reftype="doc", reftarget="other"),
        "download": lambda: addnodes.download_reference("", "", reftarget="f.zip"),
        "post link": lambda: nodes.reference("", "x", refuri="jekyllposts-source:a.md"),
        "raw post link": lambda: nodes.raw(
            "", '<a href="jekyllposts-source:_posts/a.md">x</a>', format="html"
        ),
        "raw other link": lambda: nodes.raw("", '<a href="/a/">x</a>', format="html"),
        "post list": PostList,
    }
    level = {"anywhere": ANYWHERE, "folder": SAME_FOLDER, "page": SAME_PAGE}
    assert _reach([_paragraph(made[child]())]) == (level[reach[0]], level[reach[1]])


COLLECTION_TEMPLATE = """\
{%- extends "page.html" %}{% block body %}
<p>{{ collection|length }} {{ collection }}</p>
{% for post in collection %}<div>{{ post.title }} {{ post.docname in collection }}
{{ collection[post.docname].title }} {{ post == collection[post.docname] }}
{{ post.date.year }} {{ post.to_html(collection.docname) }}
</div>{% endfor %}{% endblock %}
"""


def test_a_sites_own_collection_template_sees_ablogs_collection(
    make_app, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """A theme's or user's ``ablog/collection.html`` that indexes, counts, compares
    and prints the collection and its posts renders as with ABlog's own objects."""
    from ablog.blog import Blog

    from sphinx_jekyllposts import _cache

    def build(name: str):  # type: ignore[no-untyped-def]
        site = _archive_site(tmp_path, name)
        (site / "_templates" / "ablog").mkdir(parents=True)
        (site / "_templates" / "ablog" / "collection.html").write_text(
            COLLECTION_TEMPLATE, encoding="utf-8"
        )
        with (site / "conf.py").open("a", encoding="utf-8") as conf:
            conf.write('templates_path = ["_templates"]\n')
        app = make_app("html", srcdir=site, builddir=tmp_path / name / "_b")
        app.build()
        return app

    ours = _archive_pages(Path(build("ours").outdir))
    assert "<p>3 moon</p>" in ours["blog/tag/moon.html"]
    assert "<div>Raw True\nRaw True\n2024 <p" in ours["blog/tag/moon.html"]
    Blog._dict.clear()
    monkeypatch.setattr(_cache, "_take_over_ablog_pages", lambda app: None)
    assert ours == _archive_pages(Path(build("ablog").outdir))


@pytest.mark.parametrize("fulltext", [False, True])
def test_feeds_with_relative_links_equal_ablogs_own(
    make_app, tmp_path: Path, monkeypatch, fulltext: bool
) -> None:  # type: ignore[no-untyped-def]
    """Posts whose links are relative to the feed (also in raw HTML) share one
    rendering among the feeds of one folder only; the feeds are ABlog's own."""
    from ablog.blog import Blog

    from sphinx_jekyllposts import _cache

    options = {"blog_feed_fulltext": fulltext, "blog_feed_archives": True}

    def build(name: str):  # type: ignore[no-untyped-def]
        site = _archive_site(tmp_path, name, "url: https://sky.example\n")
        app = make_app(
            "html", srcdir=site, builddir=tmp_path / name / "_b", confoverrides=options
        )
        app.build()
        return app

    ours = build("ours")
    Blog._dict.clear()
    monkeypatch.setattr(_cache, "_take_over_ablog_pages", lambda app: None)
    monkeypatch.setattr(_cache, "lighten_post_records", lambda app, doctree: None)
    ablogs = build("ablog")
    mine = _feeds(Path(ours.outdir))
    assert {"blog/atom.xml", "blog/tag/sky/atom.xml", "blog/2024/atom.xml"} <= set(mine)
    linked = '<a href="' if fulltext else "After "
    assert linked in mine["blog/tag/moon/atom.xml"].replace("&lt;", "<")
    assert mine == _feeds(Path(ablogs.outdir))


def _build_with_more(make_app, tmp_path: Path, name: str, post: str):  # type: ignore[no-untyped-def]
    """Build a one-post site whose excerpts end at ``<!--more-->``: the app and the
    feed's one entry."""
    site = write_site(tmp_path / "site", {name: post})
    (site / "_config.yml").write_text("excerpt_separator: <!--more-->\n")
    app = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app.build()
    root = ElementTree.parse(Path(app.outdir) / "feed.xml").getroot()
    (entry,) = root.iter(f"{ATOM}entry")
    return app, entry


def test_feed_summary_is_the_excerpt_text(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """jekyll-feed's summary is ``excerpt | strip_html``: headings' words in, images'
    alt text out, raw HTML stripped, inline code and footnote marks in their place."""
    post = (
        "---\ntitle: X\n---\n\n### A first heading\n\n![an alt text](/x.png)\n\n"
        "Some `code`, and *words*.\n\n<p>Raw <b>HTML</b><script>no()</script></p>\n\n"
        "<!--more-->\n\nLater.\n"
    )
    _, entry = _build_with_more(make_app, tmp_path, "2024-01-01-x.md", post)
    assert entry.findtext(f"{ATOM}summary") == (
        "A first heading Some code, and words. Raw HTML"
    )


def test_separator_inside_a_paragraph_cuts_the_excerpt(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Jekyll cuts the excerpt at ``<!--more-->`` also inside a paragraph: its first
    part is the excerpt (post lists, feed summary); the page keeps the paragraph."""
    post = (
        "---\ntitle: Y\n---\n\nThe dome opens at dusk <!--more--> and closes at "
        "dawn.\n\nLater.\n"
    )
    app, entry = _build_with_more(make_app, tmp_path, "2024-01-01-y.md", post)
    [info] = app.env.ablog_posts["_posts/2024-01-01-y"]
    assert [n.astext() for n in info["excerpt"]] == ["The dome opens at dusk"]
    assert entry.findtext(f"{ATOM}summary") == "The dome opens at dusk"
    page = (Path(app.outdir) / "_posts" / "2024-01-01-y.html").read_text()
    assert "and closes at dawn." in page


def test_feed_summary_of_an_updated_post(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """``last_modified_at``'s note is not the first block of the excerpt."""
    post = (
        "---\ntitle: U\nlast_modified_at: 2024-05-06T12:00:00+09:00\n---\n\n"
        "最初の段落です。\n\n次の段落。\n"
    )
    app = build_posts(make_app, tmp_path, {"2024-01-01-u.md": post})
    root = ElementTree.parse(Path(app.outdir) / "feed.xml").getroot()
    (entry,) = root.iter(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}summary") == "最初の段落です。"
    updated = dt.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
    assert updated == dt.datetime.fromisoformat("2024-05-06T12:00:00+09:00")


def test_feed_summary_without_the_sites_separator_is_the_post(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """A post without the site's ``excerpt_separator``: Jekyll's excerpt is the whole
    post, and so is jekyll-feed's summary (ABlog's lists keep the first block)."""
    post = "---\ntitle: W\n---\n\nFirst part.\n\n## Then\n\nSecond part.\n"
    app, entry = _build_with_more(make_app, tmp_path, "2024-01-01-w.md", post)
    assert entry.findtext(f"{ATOM}summary") == "First part. Then Second part."
    [info] = app.env.ablog_posts["_posts/2024-01-01-w"]
    assert [n.astext() for n in info["excerpt"]] == ["First part."]


def test_feed_content_is_the_post_body(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """jekyll-feed's content is the post's content: no title heading, no subtitle,
    no Sphinx header links; links and images absolute, the post's headings kept."""
    from bs4 import BeautifulSoup

    post = (
        "---\ntitle: Clear skies\nsubtitle: A night out\n---\n\n"
        "The first [paragraph](/about/) and ![a dome](/assets/dome.png).\n\n"
        "## Later that night\n\nSee [the notes](#later-that-night) and "
        "[elsewhere](https://example.net/x).\n\n```python\nprint(1)\n```\n"
    )
    site = write_site(tmp_path / "site", {"2024-01-01-clear.md": post})
    (site / "_config.yml").write_text("url: https://sky.example\nbaseurl: /log\n")
    (site / "assets").mkdir()
    (site / "assets" / "dome.png").write_bytes(b"")
    app = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app.build()
    root = ElementTree.parse(Path(app.outdir) / "feed.xml").getroot()
    (entry,) = root.iter(f"{ATOM}entry")
    content = entry.findtext(f"{ATOM}content")
    body = BeautifulSoup(content, "html.parser")
    assert "Clear skies" not in content
    assert "A night out" not in content
    assert "\N{PILCROW SIGN}" not in content
    assert not body.find_all(class_="headerlink")
    assert not body.find("h1")
    assert [h.get_text() for h in body.find_all("h2")] == ["Later that night"]
    page = "https://sky.example/log/_posts/2024-01-01-clear.html"
    assert [a["href"] for a in body.find_all("a")] == [
        "https://sky.example/about/",
        page + "#later-that-night",
        "https://example.net/x",
    ]
    assert body.find("img")["src"] == "https://sky.example/log/_images/dome.png"
    assert content.startswith("<p>The first")
    assert entry.findtext(f"{ATOM}summary") == "The first paragraph and ."


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            (
                '<section id="t">\n<h1>T<a class="headerlink" href="#t">¶</a></h1>\n'
                "<p>x &amp; y &#39;</p>\n</section>\n"
            ),
            "<p>x &amp; y &#39;</p>",
        ),
        (  # a raw <h1> of the post's own and nested sections stay
            (
                '<section id="t">\n<h1>T</h1>\n<section id="s"><h2>S</h2></section>'
                "<h1>Mine</h1><!-- c --></section>"
            ),
            '<section id="s"><h2>S</h2></section><h1>Mine</h1><!-- c -->',
        ),
        (
            (
                '<section><h1>T</h1><p class="rubric subtitle jekyllposts-subtitle">'
                "Sub <em>x</em></p><p>a<br/>b</p></section>"
            ),
            "<p>a<br/>b</p>",
        ),
    ],
)
def test_feed_body_leaves_out_the_chrome(body: str, expected: str) -> None:
    from sphinx_jekyllposts._feedbody import feed_body

    assert feed_body(body, "") == expected


def test_feed_body_makes_urls_absolute() -> None:
    from sphinx_jekyllposts._feedbody import feed_body

    body = (
        '<section><h1>T</h1><p><a href="../a.html?x=1&amp;y=2">a</a>'
        '<img src="_images/p.png" alt="p &quot;q&quot;" />'
        '<a href="mailto:me@example.org">m</a></p></section>'
    )
    assert feed_body(body, "https://h.example/b/_posts/x.html") == (
        '<p><a href="https://h.example/b/a.html?x=1&amp;y=2">a</a>'
        '<img src="https://h.example/b/_posts/_images/p.png" alt="p &quot;q&quot;" />'
        '<a href="mailto:me@example.org">m</a></p>'
    )


def test_feed_summary_has_kramdowns_typography(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """jekyll-feed's summary is the excerpt kramdown rendered: smart quotes, dashes
    and ellipses, none in code; a post opening with ``{:toc}`` has no summary."""
    posts = {
        "2024-01-01-a.md": '---\ntitle: A\n---\n\nIt\'s "quoted" -- here...\n\nMore.\n',
        "2024-01-02-b.md": "---\ntitle: B\n---\n\n## It's a heading\n\nMore.\n",
        "2024-01-03-c.md": "---\ntitle: C\n---\n\nIt's `it's` code.\n",
        "2024-01-04-d.md": "---\ntitle: D\n---\n\n* TOC\n{:toc}\n\n## One\n\nText.\n",
    }
    site = write_site(tmp_path / "site", posts)
    app = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app.build()
    root = ElementTree.parse(Path(app.outdir) / "feed.xml").getroot()
    summaries = {
        e.findtext(f"{ATOM}title"): e.findtext(f"{ATOM}summary")
        for e in root.iter(f"{ATOM}entry")
    }
    assert summaries == {  # as Jekyll 4.3 and jekyll-feed wrote them
        "A": "It\u2019s \u201cquoted\u201d \u2013 here\u2026",
        "B": "It\u2019s a heading",
        "C": "It\u2019s it's code.",
        "D": None,
    }


def test_chirpy_images_come_from_its_cdn(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Chirpy links images at ``[site.cdn/][page.media_subpath/]file``."""
    from bs4 import BeautifulSoup

    post = (
        "---\ntitle: Pictures\nmedia_subpath: /shots/2024\n---\n\n"
        "![absolute](/posts/mockup.png)\n\n![relative](flower.png)\n\n"
        "![elsewhere](https://example.net/x.png)\n"
    )
    site = write_site(tmp_path / "site", {"2024-01-01-pictures.md": post})
    (site / "_config.yml").write_text(
        "theme: jekyll-theme-chirpy\ncdn: https://img.example.org/\n", encoding="utf-8"
    )
    app = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app.build()
    assert app.warning.getvalue() == ""
    page = Path(app.outdir) / "_posts/2024-01-01-pictures.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    sources = {img["alt"]: img["src"] for img in soup.select("div.body img")}
    assert sources == {
        "absolute": "https://img.example.org/posts/mockup.png",
        "relative": "https://img.example.org/shots/2024/flower.png",
        "elsewhere": "https://example.net/x.png",
    }


@pytest.mark.parametrize(
    ("permalink", "written", "expected"),
    [
        # the post at the root: the site's images/
        ("/:title.html", "images/x.png", "images/x.png"),
        # beside /2024/01/moved/: Jekyll's URL only
        ("/:year/:month/:title/", "images/x.png", None),
        # out of the site from the post's file, the site's images/ from its URL
        ("/:year/:title/", "./../../images/x.png", "images/x.png"),
    ],
)
def test_relative_images_are_read_against_the_posts_url(
    make_app, tmp_path: Path, permalink: str, written: str, expected: str | None
) -> None:  # type: ignore[no-untyped-def]
    """A relative image that is not next to the post file is where the browser
    found it: beside the post's Jekyll URL."""
    from bs4 import BeautifulSoup

    post = f"---\ntitle: Moved\n---\n\n![a picture]({written})\n"
    site = write_site(tmp_path / "site", {"2024-01-01-moved.md": post})
    (site / "_config.yml").write_text(f"permalink: {permalink}\n", encoding="utf-8")
    (site / "images").mkdir()
    (site / "images" / "x.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    app = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app.build()
    assert app.warning.getvalue() == ""
    page = Path(app.outdir) / "_posts/2024-01-01-moved.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    src = soup.select_one("div.body img")["src"]
    if expected is None:
        assert src.endswith("2024/01/moved/images/x.png")
    else:
        assert (page.parent / src).resolve().is_file()


def _feed_links(outdir: Path) -> dict[str, Path]:
    """Every feed a page of ``outdir`` links (head links, archive titles' icons),
    with the file each link names."""
    from bs4 import BeautifulSoup

    found = {}
    for page in sorted(outdir.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        hrefs = [
            link["href"]
            for link in soup.find_all("link", href=True)
            if "atom" in (link.get("type") or "")
        ]
        hrefs += [a["href"] for a in soup.find_all("a", href=True)]
        for href in hrefs:
            if href.partition("#")[0].endswith(".xml"):
                path = urljoin("/" + page.relative_to(outdir).as_posix(), href)
                found[path] = outdir / unquote(path).lstrip("/")
    return found


@pytest.mark.parametrize(
    ("url", "templates"),
    [("https://feeds.example", None), (None, None), ("https://feeds.example", "rss")],
)
def test_every_advertised_feed_exists(
    make_app, tmp_path: Path, url: str | None, templates: str | None
) -> None:  # type: ignore[no-untyped-def]
    """Tags, categories, authors and years: each feed a page links is written; a
    site without ``url`` (ABlog writes no feed then) links none of ABlog's, nor one
    whose ABlog feeds are not named ``atom.xml``; ``feed.xml`` is always linked."""
    site = write_site(
        tmp_path / "site",
        {
            "2024-01-01-a.md": (
                "---\ntitle: A\ntags: [python, 텃밭]\ncategories: [Garden Life]\n"
                "author: kim\n---\n\nA.\n"
            ),
            "2023-05-01-b.md": "---\ntitle: B\ntags: python\nauthor: Lee\n---\n\nB.\n",
        },
    )
    (site / "conf.py").write_text(
        'extensions = ["sphinx_jekyllposts"]\nhtml_theme = "pydata_sphinx_theme"\n'
    )
    (site / "_data").mkdir()
    (site / "_data" / "authors.yml").write_text("kim:\n  name: Kim Jiwoo\n")
    (site / "_config.yml").write_text(f"url: {url}\n" if url else "title: T\n")
    options = {"blog_feed_templates": {templates: {}}} if templates else {}
    app = make_app(
        "html", srcdir=site, builddir=tmp_path / "build", confoverrides=options
    )
    app.build()
    links = _feed_links(Path(app.outdir))
    assert [path for path, file in links.items() if not file.is_file()] == []
    assert "/feed.xml" in links  # ours (jekyll-feed's), whatever ABlog writes
    if url is None or templates:
        assert set(links) == {"/feed.xml"}
        return
    assert {
        "/blog/atom.xml",
        "/blog/tag/python/atom.xml",
        "/blog/tag/텃밭/atom.xml",
        "/blog/category/garden-life/atom.xml",
        "/blog/author/kim-jiwoo/atom.xml",
        "/blog/author/lee/atom.xml",
        "/blog/2023/atom.xml",
    } <= {unquote(path) for path in links}


def test_jekyll_feeds_of_categories_and_tags_and_excerpt_only(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """jekyll-feed's ``categories:`` and ``tags:`` feeds answer where it wrote
    them, with their posts; ``excerpt_only`` leaves the content out."""
    import feedparser

    posts = {
        "2024-01-01-a.md": "---\ntitle: A\ncategories: [travel]\ntags: [hiking]\n---\n\nA.\n",
        "2024-01-02-b.md": "---\ntitle: B\ncategories: [Food]\ntags: [c++, hiking]\n---\n\nB.\n",
        "2024-01-03-c.md": "---\ntitle: C\ncategories: [travel, Food]\n---\n\nC.\n",
    }
    site = write_site(tmp_path / "site", posts)
    (site / "_config.yml").write_text(
        "title: Notes\nurl: https://example.org\nfeed:\n  excerpt_only: true\n"
        "  categories: [travel, Food]\n  tags:\n    except: [nothing]\n"
    )
    app = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app.build()
    assert app.warning.getvalue() == ""
    out = Path(app.outdir)
    titles = {
        path: [e.title for e in feedparser.parse((out / path).read_bytes()).entries]
        for path in ("feed/travel.xml", "feed/Food.xml", "feed/by_tag/hiking.xml")
    }
    assert titles == {
        "feed/travel.xml": ["C", "A"],
        "feed/Food.xml": ["C", "B"],
        "feed/by_tag/hiking.xml": ["B", "A"],
    }
    assert not (out / "feed/by_tag").joinpath("c++.xml").exists()  # not a plain name
    food = feedparser.parse((out / "feed/Food.xml").read_bytes())
    assert food.feed.title == "Notes | Food"
    main = feedparser.parse((out / "feed.xml").read_bytes())
    assert [e.title for e in main.entries] == ["C", "B", "A"]
    assert not any("content" in e for e in main.entries)


@pytest.mark.parametrize(
    ("config", "own_page", "served"),
    [
        ("feed:\n  path: atom.xml\n", None, ["atom.xml", "feed.xml"]),
        ("", "atom.xml", ["atom.xml", "feed.xml"]),  # Lanyon's own Atom template
        ("", "sitemap.xml", ["feed.xml"]),  # a page, but no feed
    ],
)
def test_the_feed_answers_where_subscribers_know_it(  # type: ignore[no-untyped-def]
    make_app, tmp_path: Path, config: str, own_page: str | None, served: list[str]
) -> None:
    """jekyll-feed's ``path`` and the site's own feed pages (``atom.xml``) serve the
    feed, and so does jekyll-feed's default ``feed.xml``, the address readers try."""
    import feedparser

    site = write_site(
        tmp_path / "site", {"2024-01-01-a.md": "---\ntitle: A\n---\n\nA.\n"}
    )
    (site / "_config.yml").write_text(
        f"title: Notes\nurl: https://example.org\n{config}"
    )
    if own_page == "atom.xml":
        (site / own_page).write_text(
            "---\nlayout: null\n---\n<feed>{{ site.title }}</feed>\n"
        )
    elif own_page:
        (site / own_page).write_text("---\nlayout: null\n---\n<urlset></urlset>\n")
    app = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app.build()
    out = Path(app.outdir)
    feeds = sorted(p.name for p in out.glob("*.xml"))
    assert feeds == served
    for name in served:
        assert [
            e.title for e in feedparser.parse((out / name).read_bytes()).entries
        ] == ["A"]


def test_no_redirect_over_a_page_or_feed_of_the_build(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A ``redirect_from`` naming one of ABlog's pages or feeds is a located
    warning, and the page stays ABlog's; where ABlog writes nothing (an empty
    archive) the redirect is written."""
    post = (
        "---\ntitle: Clobber\ntags: [x]\nredirect_from:\n  - /blog/tag.html\n"
        "  - /blog/tag/x/atom.xml\n  - /blog/category.html\n---\n\nText.\n"
    )
    site = write_site(tmp_path / "site", {"2024-01-01-clobber.md": post})
    (site / "_config.yml").write_text("url: https://example.org\n")
    app = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app.build()
    warnings = app.warning.getvalue()
    for path in ("blog/tag.html", "blog/tag/x/atom.xml"):
        assert re.search(
            rf"2024-01-01-clobber\.md:4: WARNING: URL path '{path}' is a page of the "
            r"build; no redirect written \[jekyllposts\.url\]",
            warnings,
        ), path
    out = Path(app.outdir)
    assert "refresh" not in (out / "blog/tag.html").read_text(encoding="utf-8")
    assert "<feed" in (out / "blog/tag/x/atom.xml").read_text(encoding="utf-8")
    assert "refresh" in (out / "blog/category.html").read_text(encoding="utf-8")
    assert "category.html" not in warnings


def test_archive_pages_with_math_in_excerpts_load_mathjax(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    posts = {
        "2024-01-01-m.md": "---\ntitle: M\ntags: [m]\n---\n\nThe loss $$L(w)$$ here.\n",
        "2024-01-02-p.md": "---\ntitle: P\ntags: [p]\n---\n\nNo formula.\n",
    }
    app = build_posts(make_app, tmp_path, posts)
    out = Path(app.outdir)

    def loads_mathjax(page: str) -> bool:
        return "mathjax" in (out / page).read_text(encoding="utf-8").lower()

    assert loads_mathjax("blog.html")  # every post's excerpt
    assert loads_mathjax("blog/tag/m.html")
    assert not loads_mathjax("blog/tag/p.html")
    assert not loads_mathjax("_posts/2024-01-02-p.html")


def test_a_site_named_by_name_is_titled_so(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """jekyll-now's ``name:`` and no ``title:``: the name titles the pages and feeds,
    as jekyll-feed's ``site.title | default: site.name`` does."""
    posts = {"2024-01-01-a.md": "---\ntitle: A\n---\n\nA.\n"}
    app = build_posts(
        make_app, tmp_path, posts, "name: Priya Raman\nurl: https://example.org\n"
    )
    assert app.config.project == "Priya Raman"
    root = ElementTree.parse(Path(app.outdir) / "feed.xml").getroot()
    assert root.findtext(f"{ATOM}title") == "Priya Raman"
    page = (Path(app.outdir) / "_posts" / "2024-01-01-a.html").read_text("utf-8")
    assert "<title>A &#8212; Priya Raman</title>" in page


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ("title: T\n", "%d %B %Y"),
        ("date_format: '%B %-d, %Y'\n", "%B %-d, %Y"),
        ("minima:\n  date_format: '%b %-d, %Y'\n", "%b %-d, %Y"),
    ],
)
def test_post_dates_in_the_sites_format_with_the_year(  # type: ignore[no-untyped-def]
    make_app, tmp_path: Path, config: str, expected: str
) -> None:
    """The theme's ``date_format`` dates ABlog's posts, in lists too (ABlog's short
    format has no year: posts of years ago read as this year's)."""
    posts = {"2019-03-04-a.md": "---\ntitle: A\n---\n\nA.\n"}
    app = build_posts(make_app, tmp_path, posts, config)
    assert app.config.post_date_format == expected
    assert app.config.post_date_format_short == expected


@pytest.mark.parametrize("show_drafts", [False, True])
def test_feed_leaves_out_posts_marked_draft(
    make_app, tmp_path: Path, show_drafts: bool
) -> None:  # type: ignore[no-untyped-def]
    """jekyll-feed 0.17: ``post.draft != true`` unless ``show_drafts``; the post
    itself is built either way, as Jekyll builds it."""
    posts = {
        "2024-01-01-kept.md": "---\ntitle: Kept\ndraft: 'true'\n---\n\nText.\n",
        "2024-01-02-marked.md": "---\ntitle: Marked\ndraft: true\n---\n\nText.\n",
    }
    config = f"show_drafts: {str(show_drafts).lower()}\n"
    app = build_posts(make_app, tmp_path, posts, config=config)
    feed = ElementTree.parse(Path(app.outdir) / "feed.xml").getroot()
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert titles == (["Marked", "Kept"] if show_drafts else ["Kept"])
    assert (Path(app.outdir) / "_posts" / "2024-01-02-marked.html").is_file()
