"""``post_url`` / ``link`` results after a site prefix and in text."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from conftest import write_site

TARGET = "---\ntitle: Target\n---\nThe post linked to.\n"
SOURCE = """---
title: Source
---
Old style: [with baseurl]({{ site.baseurl }}{% post_url 2024-01-01-target %}#part)
and [with url]({{ site.url }}{% post_url 2024-01-01-target %}), and in HTML
<a href="{{ site.baseurl }}{% post_url 2024-01-01-target %}">here</a>.

As text: {% post_url 2024-01-01-target %} and `{% post_url 2024-01-01-target %}`.
"""


def test_site_prefix_and_text(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    site = write_site(
        tmp_path / "site",
        {"2024-01-01-target.md": TARGET, "2024-01-02-source.md": SOURCE},
    )
    (site / "_config.yml").write_text("url: https://example.org\nbaseurl: /notes\n")
    app = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app.build()
    assert app.warning.getvalue() == ""
    page = Path(app.outdir) / "_posts" / "2024-01-02-source.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    body = soup.select_one("div.body")
    assert body is not None
    hrefs = [a["href"] for a in body.select("p a")]
    assert hrefs == [
        "2024-01-01-target.html#part",
        "2024-01-01-target.html",
        "2024-01-01-target.html",
    ]
    text = body.get_text()
    assert "jekyllposts-source" not in text
    # as Jekyll 4's post_url writes it: below the baseurl
    assert text.count("/notes/2024/01/01/target.html") == 2


def test_links_to_a_page_of_the_project(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """``/about/`` (a Jekyll page, now a Sphinx page at ``about/index``) and ``/``
    link to those documents, relative to each page, so they work below any base
    path; a URL with no page stays as written."""
    post = (
        "---\ntitle: Links\n---\n"
        "[me]({{ site.baseurl }}/about/#contact), [home](/) and [gone](/nowhere/).\n"
    )
    site = write_site(tmp_path / "site", {"2024-01-01-links.md": post})
    (site / "_config.yml").write_text("baseurl: /notes\n")
    (site / "index.md").write_text("# Blog\n\n```{toctree}\nabout/index\n```\n")
    (site / "about").mkdir()
    (site / "about" / "index.md").write_text("# About\n\n(contact)=\n## Contact\n")
    app = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app.build()
    assert app.warning.getvalue() == ""
    page = Path(app.outdir) / "_posts" / "2024-01-01-links.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    links = {a.get_text(): a for a in soup.select("div.body p a")}
    assert links["me"]["href"] == "../about/index.html#contact"
    assert "internal" in links["me"]["class"]
    assert links["home"]["href"] == "../index.html"
    assert links["gone"]["href"] == "/nowhere/"


GLUED = """---
title: Glued
---
Or visit {% post_url 2024-01-01-target %}. Twice: {% post_url 2024-01-01-target %},
and [with a query]({% post_url 2024-01-01-target %}?a=1).

<p><a href="{% post_url 2024-01-01-target %}?b=2#c">html</a>
{% post_url 2024-01-01-target %}|{% post_url 2024-01-01-target %}|x</p>
"""


def test_a_result_glued_to_punctuation(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The punctuation after ``{% post_url %}`` is the text's, not the URL's; a
    query after it is the link's."""
    site = write_site(
        tmp_path / "site",
        {"2024-01-01-target.md": TARGET, "2024-01-02-glued.md": GLUED},
    )
    app = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app.build()
    assert app.warning.getvalue() == ""
    page = Path(app.outdir) / "_posts" / "2024-01-02-glued.html"
    body = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one(
        "div.body"
    )
    assert body is not None
    text = " ".join(body.get_text().split())
    assert "visit /2024/01/01/target.html. Twice: /2024/01/01/target.html, and" in text
    hrefs = [a["href"] for a in body.select("section p a")]
    assert hrefs == ["2024-01-01-target.html?a=1", "2024-01-01-target.html?b=2#c"]
    assert "2024-01-01-target.html|2024-01-01-target.html|x" in str(body)
