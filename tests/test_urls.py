"""Jekyll URLs for every permalink style."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from sphinx_jekyllposts.frontmatter import read_post
from sphinx_jekyllposts.site import load_site
from sphinx_jekyllposts.urls import jekyll_url, page_url, slugify

if TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.parametrize(
    ("permalink", "url"),
    [
        ("date", "/news/2025/11/07/my-post.html"),
        ("pretty", "/news/2025/11/07/my-post/"),
        ("ordinal", "/news/2025/311/my-post.html"),
        ("weekdate", "/news/2025/W45/Fri/my-post.html"),
        ("none", "/news/my-post.html"),
        ("/:year-:month-:day-:title/", "/2025-11-07-my-post/"),
        ("/blog/:i_month/:i_day/:slug", "/blog/11/7/my-post"),
    ],
)
def test_permalink_styles(tmp_path: Path, permalink: str, url: str) -> None:
    (tmp_path / "_config.yml").write_text(f"permalink: {permalink}\ntimezone: UTC\n")
    site, _ = load_site(tmp_path)
    post = read_post(site, "_posts/2025-11-7-my-post.md", "---\ncategory: News\n---\n")
    assert post is not None
    assert jekyll_url(post, site) == url


def test_title_keeps_korean_and_spaces_become_dashes(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("permalink: /:year-:month-:day-:title/\n")
    site, _ = load_site(tmp_path)
    post = read_post(
        site, "_posts/2025-11-7-바이브코딩의 새로운 정착지 등장.md", "---\n---\n"
    )
    assert post is not None
    assert jekyll_url(post, site) == "/2025-11-07-바이브코딩의-새로운-정착지-등장/"


@pytest.mark.parametrize(
    ("text", "mode", "slug"),
    [
        ("The _config.yml file", "default", "the-config-yml-file"),
        ("The _config.yml file", "pretty", "the-_config.yml-file"),
        ("The _config.yml file", "raw", "the-_config.yml-file"),
        ("The _cönfig.yml file", "ascii", "the-c-nfig-yml-file"),
        ("The _cönfig.yml file", "latin", "the-config-yml-file"),
    ],
)
def test_slugify_modes(text: str, mode: str, slug: str) -> None:
    assert slugify(text, mode) == slug


@pytest.mark.parametrize(
    ("config", "path", "data", "url"),
    [
        ("", "about.md", {}, "/about.html"),
        ("permalink: pretty\n", "about.md", {}, "/about/"),
        ("", "blog/index.md", {}, "/blog/"),
        ("", "_docs/history.md", {"permalink": "/docs/history/"}, "/docs/history/"),
        (
            "collections:\n  docs:\n    permalink: /:collection/:path/\n",
            "_docs/usage/install.md",
            {},
            "/docs/usage/install/",
        ),
        (
            "collections:\n  recipes: {output: true}\n",
            "_recipes/bread.md",
            {},
            "/recipes/bread.html",
        ),
    ],
)
def test_page_urls(
    tmp_path: Path, config: str, path: str, data: dict[str, object], url: str
) -> None:
    (tmp_path / "_config.yml").write_text(config)
    site, _ = load_site(tmp_path)
    assert page_url(site, path, data) == url


def test_a_style_name_in_front_matter_is_a_plain_template(tmp_path: Path) -> None:
    """Jekyll expands ``pretty`` only in ``_config.yml``; a post's own
    ``permalink: pretty`` is the URL ``/pretty``."""
    (tmp_path / "_config.yml").write_text("permalink: pretty\n")
    site, _ = load_site(tmp_path)
    post = read_post(site, "_posts/2024-03-01-x.md", "---\npermalink: pretty\n---\n")
    assert post is not None
    assert jekyll_url(post, site) == "/pretty"


def test_url_claims_follow_jekylls_write_order(tmp_path: Path) -> None:
    """Jekyll writes redirect pages first and posts oldest first: the newest post
    shows at a URL two posts claim, a post's URL beats a redirect to another; a
    post's own URLs naming one file twice, or one bad URL twice, warn once at most."""
    from sphinx_jekyllposts.posts import plan_urls

    (tmp_path / "_config.yml").write_text("permalink: /:title/\n")
    site, _ = load_site(tmp_path)
    texts = {
        "_posts/2024-01-01-old.md": "---\npermalink: /same/\n---\n",
        "_posts/2024-01-02-new.md": "---\npermalink: /same/\n---\n",
        "_posts/2024-01-03-third.md": (
            "---\nredirect_from: [/same/, /third.html, /third, '', /, /index.html]\n---\n"
        ),
    }
    posts = [read_post(site, path, text) for path, text in texts.items()]
    plan = plan_urls(site, [p for p in posts if p is not None])
    assert plan.files["same/index.html"].path == "_posts/2024-01-02-new.md"
    assert plan.files["third.html"].path == "_posts/2024-01-03-third.md"
    assert [d.message for d in plan.diagnostics["_posts/2024-01-01-old.md"]] == [
        "URL '/same/' is also claimed by '_posts/2024-01-02-new.md'; no redirect written"
    ]
    third = [d.message for d in plan.diagnostics["_posts/2024-01-03-third.md"]]
    assert third == [
        "URL '/same/' is also claimed by '_posts/2024-01-02-new.md'; no redirect written",
        "URL path 'index.html' is one of Sphinx's own pages; no redirect written",
    ]
