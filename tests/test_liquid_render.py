"""``render_post``: context, strictness, errors, line maps and purity."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
import pytest

from sphinx_jekyllposts.frontmatter import Post, read_post
from sphinx_jekyllposts.liquid_ import (
    JekyllEnvironment,
    LiquidResult,
    make_environment,
    render_post,
)
from sphinx_jekyllposts.liquid_.render import identity_map
from sphinx_jekyllposts.site import JEKYLL_DEFAULTS, Site, load_site
from sphinx_jekyllposts.warnings_ import JekyllpostsWarning

LIQUID = JekyllpostsWarning.LIQUID
CONFIG = """\
title: Tiny
url: https://ex.com
timezone: Asia/Seoul
author: {name: Ann}
"""
POSTS = {
    "_posts/2020-01-01-first.md": "---\ntitle: First\ntags: [a, b]\n---\nOne.\n\nMore.\n",
    "_posts/2021-02-03-second.md": "---\ntitle: Second\ncategories: news\n---\nTwo.\n",
    "_posts/2022-03-04-third.md": "---\ntitle: Third\ntags: b\n---\nThree.\n",
}
DATA = {
    "_data/people.yml": "- name: Ann\n  age: 3\n- name: Bo\n  age: 5\n",
    "_data/nav/main.json": '{"home": "/"}',
    "_data/table.csv": "a,b\n1,2\n3,4\n",
    "_data/table2.tsv": "a\tb\n5\t6\n",
}


def _url(post: Post) -> str:
    return f"/{post.date:%Y/%m/%d}/{post.slug}.html"


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _env(root: Path, config: str = CONFIG) -> tuple[JekyllEnvironment, list[Post]]:
    _write(root, {"_config.yml": config, **POSTS, **DATA})
    site, _ = load_site(root)
    posts = [read_post(site, rel, (root / rel).read_text()) for rel in POSTS]
    real = [p for p in posts if p is not None]
    return make_environment(site, real, url_of=_url, environment="production"), real


def _render(
    root: Path, body: str, config: str = CONFIG, front: str = "title: Test"
) -> LiquidResult:
    env, _ = _env(root, config)
    post = read_post(
        env.site, "_posts/2021-06-01-test.md", f"---\n{front}\n---\n{body}"
    )
    assert post is not None
    return render_post(env, post)


@pytest.mark.parametrize(
    ("body", "expect"),
    [
        ("{{ site.title }} {{ site.author.name }}", "Tiny Ann"),
        ("{% for p in site.posts %}{{ p.title }},{% endfor %}", "Third,Second,First,"),
        ("{{ site.posts.first.url }}", "/2022/03/04/third.html"),
        ("{{ site.posts.last.id }}", "/2020/01/01/first"),
        ("{{ site.tags.b | map: 'title' | join: ',' }}", "Third,First"),
        ("{% for t in site.tags %}{{ t[0] }}:{{ t[1].size }},{% endfor %}", "a:1,b:2,"),
        ("{{ site.categories.news.size }}", "1"),
        ("{{ site.related_posts | map: 'title' | join: ',' }}", "Third,Second,First"),
        ("{{ site.posts.last.excerpt }}", "<p>One.</p>\n"),
        ("{{ site.data.people | map: 'name' | join }}", "Ann Bo"),
        ("{{ site.data.people | where: 'age', 5 | map: 'name' | join }}", "Bo"),
        ("{{ site.data.nav.main.home }}", "/"),
        ("{{ site.data.table[1].b }}{{ site.data.table2[0].a }}", "45"),
        ("{{ page.title }}|{{ post.title }}|{{ page.slug }}", "Test|Test|test"),
        (
            "{{ page.url }} {{ page.id }} {{ page.path }}",
            "/2021/06/01/test.html /2021/06/01/test _posts/2021-06-01-test.md",
        ),
        ("{{ page.date }}", "2021-06-01 00:00:00 +0900"),
        ("{{ page.date | date_to_xmlschema }}", "2021-06-01T00:00:00+09:00"),
        ("{{ page.previous.title }}|{{ page.next.title }}", "Second|Third"),
        ("{{ jekyll.environment }}", "production"),
        ("{{ site.time | date: '%Y' | size }}", "4"),
        ("{{ site.url | append: '/x' }}", "https://ex.com/x"),
        # Jekyll's payload drop counts its keys (a Vue sample's {{ count }})
        ("{{ count }}|{% assign count = 0 %}{{ count }}", "9|0"),
    ],
)
def test_context(tmp_path: Path, body: str, expect: str) -> None:
    """``site``, ``page``, ``post`` and ``jekyll`` hold what Jekyll gives them."""
    result = _render(tmp_path, body)
    assert result.diagnostics == ()
    assert result.text == expect


def test_post_urls_are_escaped_as_jekyll_escapes_them(tmp_path: Path) -> None:
    """``page.url`` is ``Jekyll::URL.escape_path`` of the URL; ``page.id`` keeps the
    slug as written (Jekyll 4.3.1: ``/x%20y/%ED%95%9C-%EA%B8%80/`` and ``/x%20y/한 글``)."""
    _write(tmp_path, {"_config.yml": CONFIG})
    site, _ = load_site(tmp_path)
    text = "---\ntitle: K\n---\n{{ page.url }} {{ page.id }}"
    post = read_post(site, "_posts/2021-06-01-한 글.md", text)
    assert post is not None
    env = make_environment(site, [post], url_of=lambda p: "/x y/한-글/")
    assert render_post(env, post).text == "/x%20y/%ED%95%9C-%EA%B8%80/ /x%20y/한 글"


def test_excerpt_liquid_is_rendered(tmp_path: Path) -> None:
    """An excerpt is rendered like its post: Liquid first, then Markdown."""
    front = "title: Test\nexcerpt_separator: <!--more-->"
    body = "{{ page.title }} *x*<!--more-->rest {{ page.excerpt }}"
    result = _render(tmp_path, body, front=front)
    assert result.text == "Test *x*<!--more-->rest <p>Test <em>x</em></p>\n"


def test_data_dependencies(tmp_path: Path) -> None:
    """Reading ``site.data.x`` makes the post depend on the file(s) of ``x``."""
    result = _render(tmp_path, "{{ site.data.people.size }}{{ site.data.nav.main }}")
    names = {p.name for p in result.dependencies}
    assert names == {"people.yml", "main.json"}


def test_page_front_matter(tmp_path: Path) -> None:
    """Every front-matter key is a ``page`` key."""
    result = _render(tmp_path, "{{ page.custom | upcase }}", front="custom: yes!")
    assert result.text == "YES!"


def test_render_with_liquid_false(tmp_path: Path) -> None:
    """``render_with_liquid: false`` leaves the body alone."""
    body = "{{ site.title }}\n{% bad %}\n"
    result = _render(tmp_path, body, front="render_with_liquid: false")
    assert result == LiquidResult(body, identity_map(body), (), ())


@pytest.mark.parametrize(
    ("body", "expect", "lines"),
    [
        ("a\n{{ x | nope }}\nb", "a\n\nb", [2]),
        ("a\n{{ 'x' | nope }}", "a\nx", [2]),
        ("a\n{% if true %}\nb\n", "a\n\nb\n", [2]),
        ("a\n{% endif %}\nb", "a\n\nb", [2]),
        ("a\n{% if true %}{% for x in y %}{% endif %}c", "a\nc", [2]),
        ("a {{ b\nc", "a {{ b\nc", [1]),
        ("a\n{{ }} b", "a\n b", [2]),
        ("x\n{% assign = %}\ny {{ 1 | divided_by: 0 }}", "x\n\ny ", [2, 3]),
        ("{% for i in (1..2) %}{{ i | nope }}{% endfor %}", "12", [1]),
        ("{% if x %}{{ 'a' | nope }}{% else %}b{% endif %} {% break %}", "b ", [1]),
    ],
)
def test_errors_are_located_and_never_raise(
    tmp_path: Path, body: str, expect: str, lines: list[int]
) -> None:
    """Each problem is a LIQUID diagnostic at its line; the rest still renders."""
    result = _render(tmp_path, body)
    assert result.text == expect
    assert [d.line for d in result.diagnostics] == lines, result.diagnostics
    assert {d.subtype for d in result.diagnostics} == {LIQUID}


def test_strict_filters_and_variables(tmp_path: Path) -> None:
    """``liquid: strict_filters/strict_variables`` make unknown names errors;
    ``| default`` still works on an undefined variable."""
    config = CONFIG + "liquid:\n  strict_filters: true\n  strict_variables: true\n"
    result = _render(
        tmp_path, "{{ 'a' | nope }}\n{{ missing }}\n{{ gone | default: 'd' }}", config
    )
    assert result.text == "\n\nd"
    assert [(d.line, "undefined" in d.message) for d in result.diagnostics] == [
        (1, False),
        (2, True),
    ]


def test_error_mode_lax_is_quiet_about_syntax(tmp_path: Path) -> None:
    """``error_mode: lax`` reports no syntax errors (Jekyll stays quiet)."""
    config = CONFIG + "liquid:\n  error_mode: lax\n"
    assert _render(tmp_path, "a {% assign = %} b", config).diagnostics == ()


def test_line_map_of_expansions(tmp_path: Path) -> None:
    """Unchanged lines map to themselves; a tag's extra lines map to the tag."""
    body = "one\n{% highlight py linenos %}\ncode\n{% endhighlight %}\nafter\n{% include x %}\nend"
    result = _render(tmp_path, body)
    lines = result.text.split("\n")
    assert lines == [
        "one",
        "```{code-block} py",
        ":linenos:",
        "code",
        "```",
        "after",
        "",
        "end",
    ]
    assert result.line_map == (1, 2, 2, 3, 3, 5, 6, 7)
    assert len(result.line_map) == len(lines)


def test_line_map_of_loops(tmp_path: Path) -> None:
    """Lines produced by a loop map to the loop's lines, text after it stays exact."""
    body = "a\n{% for i in (1..3) %}\nitem {{ i }}\n{% endfor %}\nb\nc"
    result = _render(tmp_path, body)
    lines = result.text.split("\n")
    assert lines[-2:] == ["b", "c"]
    assert result.line_map[-2:] == (5, 6)
    assert all(1 <= n <= 6 for n in result.line_map)
    assert len(result.line_map) == len(lines)


_PLAIN = st.text(st.characters(blacklist_categories=["Cs"]), max_size=200).filter(
    lambda t: "{{" not in t and "{%" not in t
)


@given(_PLAIN)
def test_text_without_liquid_is_unchanged(text: str) -> None:
    """Text without ``{{``/``{%`` comes back as is, with an identity line map."""
    site = Site(Path("/nonexistent"), dict(JEKYLL_DEFAULTS))
    post = read_post(site, "_posts/2020-01-01-x.md", f"---\n---\n{text}")
    assert post is not None
    env = make_environment(site, [post], url_of=_url)
    result = render_post(env, post)
    assert result.text == post.body
    assert result.line_map == identity_map(post.body)
    assert result.diagnostics == ()


_LIQUIDISH = st.lists(
    st.sampled_from(
        ["{{", "}}", "{%", "%}", " if ", " endif ", " for ", "raw", "x", "\n", "|", "'"]
    ),
    max_size=30,
).map("".join)


@given(_LIQUIDISH)
def test_any_text_renders_and_diagnostics_lie_in_the_body(text: str) -> None:
    """Whatever the input, nothing raises, the map has one entry per output line,
    and every line it names lies in the body."""
    site = Site(Path("/nonexistent"), dict(JEKYLL_DEFAULTS))
    post = read_post(site, "_posts/2020-01-01-x.md", f"---\n---\n{text}")
    assert post is not None
    env = make_environment(site, [post], url_of=_url)
    result = render_post(env, post)
    count = post.body.count("\n") + 1
    assert len(result.line_map) == result.text.count("\n") + 1
    assert all(1 <= n <= count for n in result.line_map)
    assert all(d.line is None or 1 <= d.line <= count for d in result.diagnostics)


def test_includes_parsed_once_per_environment(tmp_path: Path) -> None:
    """An include is parsed once per build, however many posts use it."""
    env, _ = _env(tmp_path)
    _write(tmp_path, {"_includes/a.html": "A"})
    first = read_post(
        env.site, "_posts/2021-06-01-a.md", "---\n---\n{% include a.html %}"
    )
    second = read_post(
        env.site, "_posts/2021-06-02-b.md", "---\n---\n{% include a.html %}"
    )
    assert first is not None
    assert second is not None
    assert render_post(env, first).text == render_post(env, second).text == "A"
    assert len(env._includes) == 1


def test_site_pages_and_static_files(tmp_path: Path) -> None:
    """``site.pages`` are the files Jekyll renders as pages; ``site.static_files``
    the ones it copies."""
    (tmp_path / "about.md").write_text("---\ntitle: About\n---\nMe.\n")
    (tmp_path / "feed.html").write_text("---\nlayout: none\n---\n")
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "cv.pdf").write_bytes(b"%PDF")
    body = (
        "{% for p in site.pages %}{{ p.url }} {% endfor %}|{{ site.html_pages.size }}|"
        "{% for f in site.static_files %}{{ f.path }}{{ f.extname }}{% endfor %}"
    )
    assert _render(tmp_path, body).text == "/about.html /feed.html |2|/files/cv.pdf.pdf"


def test_post_content_is_html_for_posts_rendered_before(tmp_path: Path) -> None:
    """Jekyll renders posts oldest first: ``post.content`` of an older post is its
    HTML (Liquid and Markdown done), of a newer one (or the page itself) the text
    as written."""
    _write(tmp_path, {"_config.yml": CONFIG})
    site, _ = load_site(tmp_path)
    texts = {
        "_posts/2020-01-01-old.md": "---\ntitle: Old\n---\n*One* {% raw %}{{ x }}{% endraw %}.\n",
        "_posts/2021-01-01-mid.md": (
            "---\ntitle: Mid\n---\n{{ site.posts.last.content }}@@{{ site.posts.first.content }}"
        ),
        "_posts/2022-01-01-new.md": "---\ntitle: New\n---\n{{ 1 | plus: 1 }}\n",
    }
    posts = [read_post(site, path, text) for path, text in texts.items()]
    real = [p for p in posts if p is not None]
    env = make_environment(site, real, url_of=_url, environment="production")
    result = render_post(env, real[1])
    older, newer = result.text.split("@@")
    assert older == "<p><em>One</em> {{ x }}.</p>\n"
    assert newer == "{{ 1 | plus: 1 }}\n"


@pytest.mark.parametrize(("jekyll_env", "shown"), [(None, "yes"), ("development", "")])
def test_build_environment_is_the_published_sites(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jekyll_env: str | None, shown: str
) -> None:
    """``jekyll.environment`` is ``production`` unless ``JEKYLL_ENV`` says otherwise."""
    from sphinx_jekyllposts.convert import new_liquid_environment

    if jekyll_env is None:
        monkeypatch.delenv("JEKYLL_ENV", raising=False)
    else:
        monkeypatch.setenv("JEKYLL_ENV", jekyll_env)
    _write(tmp_path, {"_config.yml": CONFIG})
    site, _ = load_site(tmp_path)
    text = (
        '---\ntitle: E\n---\n{% if jekyll.environment == "production" %}yes{% endif %}'
    )
    post = read_post(site, "_posts/2021-06-01-e.md", text)
    assert post is not None
    env = new_liquid_environment(site, [post])
    assert render_post(env, post).text == shown


def test_related_posts_leave_the_post_out(tmp_path: Path) -> None:
    """Jekyll's ``site.related_posts`` (without ``lsi``): the newest others."""
    env, posts = _env(tmp_path)
    second = next(p for p in posts if p.title == "Second")
    body = "{{ site.related_posts | map: 'title' | join: ',' }}"
    post = replace(second, body=body)
    assert render_post(env, post).text == "Third,First"


def test_concat_of_no_array_says_so(tmp_path: Path) -> None:
    result = _render(tmp_path, "a{{ site.posts | concat: 'z' }}b")
    assert result.text == "ab"
    [problem] = result.diagnostics
    assert "concat filter requires an array argument" in problem.message
