"""Jekyll's tags (and fallbacks for plugin tags), rendered through ``render_post``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from sphinx_jekyllposts.frontmatter import Post, read_post
from sphinx_jekyllposts.liquid_ import LiquidResult, make_environment, render_post
from sphinx_jekyllposts.site import load_site
from sphinx_jekyllposts.warnings_ import JekyllpostsWarning

if TYPE_CHECKING:
    from pathlib import Path

Render = Callable[[str], LiquidResult]

FILES = {
    "_config.yml": "title: Tiny\nbaseurl: /blog\nurl: https://ex.com\n",
    "_includes/note.html": "<p>{{ include.text }}|{{ include.kind }}</p>",
    "_includes/sub/deep.md": "deep {{ page.title }}",
    "_includes/broken.html": "before {{ oops\nafter",
    "_includes/loop.html": "{% include loop.html %}",
    "_posts/2010-07-21-name.md": "---\ntitle: Name\n---\nx\n",
    "_posts/sub/2011-01-02-nested.md": "---\ntitle: Nested\n---\nx\n",
    "_posts/snippet.md": "snippet for {{ page.title }}",
    "about.md": "---\ntitle: About\n---\n",
}


def _url(post: Post) -> str:
    return f"/{post.date:%Y/%m/%d}/{post.slug}.html"


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    """A tiny Jekyll site."""
    for name, text in FILES.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


@pytest.fixture
def render(site_dir: Path) -> Render:
    """Render a body as the post ``_posts/2020-01-01-test.md``."""
    site, _ = load_site(site_dir)
    others = [
        read_post(site, rel, (site_dir / rel).read_text())
        for rel in ("_posts/2010-07-21-name.md", "_posts/sub/2011-01-02-nested.md")
    ]
    posts = [p for p in others if p is not None]

    def _render(body: str) -> LiquidResult:
        text = f"---\ntitle: Test\n---\n{body}"
        post = read_post(site, "_posts/2020-01-01-test.md", text)
        assert post is not None
        env = make_environment(site, [*posts, post], url_of=_url)
        return render_post(env, post)

    return _render


@dataclass(frozen=True)
class Case:
    """A body, what it renders to, and the diagnostics it gives (subtype, line)."""

    description: str
    body: str
    expect: str
    diagnostics: tuple[tuple[JekyllpostsWarning, int], ...] = ()


LIQUID, INCLUDE, LINK = (
    JekyllpostsWarning.LIQUID,
    JekyllpostsWarning.INCLUDE,
    JekyllpostsWarning.LINK,
)

CASES = [
    Case(
        "highlight",
        "{% highlight Python %}\n\nprint(1)\n\n{% endhighlight %}\n",
        "```{code-block} python\nprint(1)\n```\n",
    ),
    Case(
        "highlight linenos and mark_lines",
        '{% highlight ruby linenos mark_lines="1 2" %}\na\nb\n{% endhighlight %}',
        "```{code-block} ruby\n:linenos:\n:emphasize-lines: 1,2\na\nb\n```",
    ),
    Case(
        "highlight renders Liquid inside (Jekyll's is a Liquid block)",
        "{% highlight text %}{{ page.title }}{% endhighlight %}",
        "```{code-block} text\nTest\n```",
    ),
    Case(
        "highlight with backticks inside gets a longer fence",
        "{% highlight md %}\n```\nx\n```\n{% endhighlight %}",
        "````{code-block} md\n```\nx\n```\n````",
    ),
    Case(
        "highlight indented in a list",
        "- item\n\n  {% highlight sh linenos %}\n  ls\n  {% endhighlight %}\n",
        "- item\n\n  ```{code-block} sh\n  :linenos:\n  ls\n  ```\n",
    ),
    Case(
        "highlight whose {%- and -%} take the line breaks keeps its fence lines",
        "Run:\n\n{%- highlight sh -%}\nls\n{%- endhighlight -%}\n\nDone.",
        "Run:\n```{code-block} sh\nls\n```\nDone.",
    ),
    Case(
        "text after highlight keeps its own line when a later {{- trims the break",
        "{% highlight sh %}\nls\n{% endhighlight %}\n{{- '' }}After.\n",
        "```{code-block} sh\nls\n```\nAfter.\n",
    ),
    Case(
        "highlight in a list item with its code at the margin stays in the item",
        "1. Run:\n   {% highlight sh %}\nls\n  -l\n   {% endhighlight %}\n2. Done.",
        "1. Run:\n   ```{code-block} sh\n   ls\n     -l\n   ```\n2. Done.",
    ),
    Case(
        "highlight in a blockquote",
        "> {% highlight py %}\n> x = 1\n> {% endhighlight %}",
        "> ```{code-block} py\n> x = 1\n> ```",
    ),
    Case(
        "highlight without language",
        "{% highlight %}\nx\n{% endhighlight %}",
        "```{code-block} text\nx\n```",
        ((LIQUID, 1),),
    ),
    Case(
        "highlight inside an HTML comment is rendered too",
        "<!--\n{% highlight js %}\nx\n{% endhighlight %}\n-->",
        "<!--\n```{code-block} js\nx\n```\n-->",
    ),
    Case("raw", "{% raw %}{{ x }} {% if %}{% endraw %}", "{{ x }} {% if %}"),
    Case("comment", "a{% comment %} {{ x }} {% endcomment %}b", "ab"),
    Case(
        "capture and assign",
        "{% assign n = 2 %}{% capture c %}[{{ n | plus: 1 }}]{% endcapture %}{{ c }}",
        "[3]",
    ),
    Case(
        "for and if",
        "{% for i in (1..3) %}{% if i != 2 %}{{ i }}{% endif %}{% endfor %}",
        "13",
    ),
    Case(
        "include with parameters",
        "{% include note.html text=\"Hi 'you'\" kind=page.title %}",
        "<p>Hi 'you'|Test</p>",
    ),
    Case(
        "include single quotes",
        "{% include note.html text='A \"b\"' %}",
        '<p>A "b"|</p>',
    ),
    Case("include in a folder", "{% include sub/deep.md %}", "deep Test"),
    Case(
        "include name before a line break",
        "{% include note.html\n   text='x' kind=\"y\" %}",
        "<p>x|y</p>",
    ),
    Case(
        "include name before a tab", "{% include\tnote.html\ttext='x' %}", "<p>x|</p>"
    ),
    Case(
        "include name from a variable",
        "{% assign f = 'deep' %}{% include sub/{{ f }}.md %}",
        "deep Test",
    ),
    Case("include_cached", "{% include_cached sub/deep.md %}", "deep Test"),
    Case("include missing", "a\n{% include nope.html %}", "a\n", ((INCLUDE, 2),)),
    Case(
        "include escaping the folder",
        "{% include ../_config.yml %}",
        "",
        ((INCLUDE, 1),),
    ),
    Case("include recursion", "{% include loop.html %}", "", ((INCLUDE, 1),)),
    Case(
        "include with a syntax error is reported at the tag",
        "x\n{% include broken.html %}",
        "x\nbefore {{ oops\nafter",
        ((LIQUID, 2),),
    ),
    Case("include_relative", "{% include_relative snippet.md %}", "snippet for Test"),
    Case(
        "include_relative outside the site",
        "{% include_relative /etc/passwd %}",
        "",
        ((INCLUDE, 1),),
    ),
    Case(
        "post_url",
        "[a]({% post_url 2010-07-21-name %})",
        "[a](jekyllposts-source:_posts/2010-07-21-name.md)",
    ),
    Case(
        "post_url in a subfolder",
        "{% post_url sub/2011-01-02-nested %}",
        "jekyllposts-source:_posts/sub/2011-01-02-nested.md",
    ),
    Case(
        "post_url by name alone",
        "{% post_url 2011-01-02-nested %}",
        "jekyllposts-source:_posts/sub/2011-01-02-nested.md",
    ),
    Case(
        "post_url missing",
        "\n{% post_url 2012-3-4-gone %}",
        "\n/blog/2012/03/04/gone.html",
        ((LINK, 2),),
    ),
    Case("link", "{% link about.md %}", "jekyllposts-source:about.md"),
    Case(
        "link with a variable",
        "{% assign p = 'about' %}{% link {{ p }}.md %}",
        "jekyllposts-source:about.md",
    ),
    Case("link missing", "{% link nope.md %}", "/blog/nope.html", ((LINK, 1),)),
    Case(
        "gist is jekyll-gist's script",
        "{% gist parkr/931c1c8d465a04042403 %}",
        '<script src="https://gist.github.com/parkr/931c1c8d465a04042403.js"> </script>',
    ),
    Case(
        "gist with a file, from a variable",
        "{% assign g = 'a/b' %}{% gist g x.rb %}",
        '<script src="https://gist.github.com/a/b.js?file=x.rb"> </script>',
    ),
    Case("gist without an id", "{% gist %}", "", ((LIQUID, 1),)),
    Case(
        "unknown block tag renders its body",
        "{% details Title %}\n**x** {{ page.title }}\n{% enddetails %}",
        "\n**x** Test\n",
        ((LIQUID, 1),),
    ),
    Case("unknown tag", "a {% cite knuth %} b", "a  b", ((LIQUID, 1),)),
    # Liquid 4 reads a filter after a loop's collection as attributes: limit and
    # offset count, anything else is ignored (checked against Jekyll 4.3)
    Case(
        "for with a limit filter loops over that many",
        "{% for i in (1..5) | limit: 2 %}{{ i }}{% endfor %}",
        "12",
        ((LIQUID, 1),),
    ),
    Case(
        "for with another filter loops over the whole collection",
        "\n{% for i in (1..3) | sort | reverse %}{{ i }}{% endfor %}",
        "\n123",
        ((LIQUID, 2),),
    ),
    Case(
        "for with offset and reversed, strictly valid",
        "{% for i in (1..4) reversed offset: 1 %}{{ i }}{% endfor %}",
        "432",
    ),
    Case(
        "for without a collection",
        "a{% for i in %}x{% endfor %}b",
        "ab",
        ((LIQUID, 1),),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.description)
def test_tag(render: Render, case: Case) -> None:
    """Each tag renders as Jekyll's does (or its documented fallback)."""
    result = render(case.body)
    assert result.text == case.expect
    found = tuple((d.subtype, d.line) for d in result.diagnostics)
    assert found == case.diagnostics, result.diagnostics


def test_include_dependencies(render: Render, site_dir: Path) -> None:
    """Files read by includes are reported for incremental rebuilds."""
    result = render("{% include sub/deep.md %}{% include note.html %}")
    assert set(result.dependencies) == {
        (site_dir / "_includes/sub/deep.md").resolve(),
        (site_dir / "_includes/note.html").resolve(),
    }


def test_theme_include_dirs(
    site_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Theme include folders are searched after the site's ``_includes``."""
    theme = tmp_path_factory.mktemp("theme")
    (theme / "note.html").write_text("theme note")
    (theme / "only.html").write_text("theme only")
    site, _ = load_site(site_dir)
    post = read_post(
        site, "_posts/2020-01-01-t.md", "---\n---\n{% include only.html %}"
    )
    assert post is not None
    env = make_environment(site, [post], url_of=_url, include_dirs=[theme])
    assert render_post(env, post).text == "theme only"


def test_symlink_escape_is_refused(render: Render, site_dir: Path) -> None:
    """A symlink in ``_includes`` that points outside it is not followed."""
    (site_dir / "_includes/evil.html").symlink_to(site_dir / "_config.yml")
    result = render("{% include evil.html %}")
    assert result.text == ""
    assert [d.subtype for d in result.diagnostics] == [INCLUDE]


def test_text_after_a_trimmed_highlight_keeps_its_source_line(render: Render) -> None:
    """The line the highlight gives back maps to the fence's line, so the lines
    after it still map to their own: a problem there is reported where it is."""
    body = "{% highlight sh %}\nls\n{% endhighlight %}\n{{- '' }}After.\n\n{{ 1 | nope }}\n"
    result = render(body)
    assert result.text.startswith("```{code-block} sh\nls\n```\nAfter.\n")
    [problem] = result.diagnostics
    assert problem.line == 6
    after = result.text.split("\n").index("After.")
    assert result.line_map[after] == result.line_map[after - 1]  # the fence's
