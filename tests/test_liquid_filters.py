"""Jekyll's filters, table-driven; expected values are what Jekyll 4.3.1 renders."""

from __future__ import annotations

from dataclasses import dataclass, field
import datetime as dt
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
import pytest

from sphinx_jekyllposts.frontmatter import Post
from sphinx_jekyllposts.liquid_ import make_environment
from sphinx_jekyllposts.liquid_.context import jekyll_time
from sphinx_jekyllposts.liquid_.filters import slugify
from sphinx_jekyllposts.site import JEKYLL_DEFAULTS, Site

EIGHT = dt.timezone(dt.timedelta(hours=8))
DATA: dict[str, Any] = {
    "arr": [{"n": "a", "v": 1, "t": ["x", "y"]}, {"n": "b", "v": "2"}, {"n": "c"}],
    "h": {"a": 1, "b": [1, "x", None]},
    "d": jekyll_time(dt.datetime(2011, 4, 24, 20, 34, 46, tzinfo=EIGHT)),
    "d2": jekyll_time(dt.datetime(2011, 4, 24, 13, 34, 47, tzinfo=dt.UTC)),
    "s": "Use \"Jekyll\" --- the static generator... it's 'cool' -- ok",
    "w": "  a \n\t b\u3000c  ",
}


@dataclass(frozen=True)
class Case:
    """A template and the output Jekyll gives for it."""

    description: str
    template: str
    expect: str
    config: dict[str, Any] = field(default_factory=dict)


def render(template: str, config: dict[str, Any] | None = None) -> str:
    """Render ``template`` with :data:`DATA` in a site with ``config``."""
    site = Site(Path("/nonexistent"), {**JEKYLL_DEFAULTS, **(config or {})})
    env = make_environment(site, [], url_of=lambda p: "/")
    return env.from_string(template).render(**DATA)


URL = {"url": "https://ex.com", "baseurl": "/blog/"}
CASES = [
    Case(
        "slugify default",
        '{{ "The _config.yml file?" | slugify }}',
        "the-config-yml-file",
    ),
    Case(
        "slugify pretty",
        '{{ "The _config.yml file?" | slugify: "pretty" }}',
        "the-_config.yml-file",
    ),
    Case(
        "slugify raw",
        '{{ "The _config.yml file?" | slugify: "raw" }}',
        "the-_config.yml-file?",
    ),
    Case(
        "slugify ascii",
        '{{ "The _cönfig.yml file?" | slugify: "ascii" }}',
        "the-c-nfig-yml-file",
    ),
    Case(
        "slugify latin",
        '{{ "Ünïcödé Über" | slugify: "latin" }}',
        "unicode-uber",
    ),
    Case(
        "slugify unknown mode",
        '{{ "The _config.yml file?" | slugify: "none" }}',
        "the _config.yml file?",
    ),
    Case(
        "slugify korean",
        '{{ "  Hello 세계 -- 바이브 " | slugify }}',
        "hello-세계-바이브",
    ),
    Case(
        "xml_escape",
        "{{ s | xml_escape }}",
        "Use &quot;Jekyll&quot; --- the static generator... it&apos;s &apos;cool&apos; -- ok",
    ),
    Case(
        "cgi_escape",
        "{{ 'foo,bar;baz? ~x y' | cgi_escape }}",
        "foo%2Cbar%3Bbaz%3F+~x+y",
    ),
    Case(
        "uri_escape",
        "{{ 'foo, bar \\baz? é%20' | uri_escape }}",
        "foo,%20bar%20%5Cbaz?%20%C3%A9%20",
    ),
    Case(
        "smartify",
        "{{ s | smartify }}",
        "Use \u201cJekyll\u201d \u2014 the static generator\u2026 it\u2019s "
        "\u2018cool\u2019 \u2013 ok",
    ),
    Case(
        "markdownify",
        '{{ "Hello **World**" | markdownify }}',
        "<p>Hello <strong>World</strong></p>\n",
    ),
    Case(
        "markdownify keeps kramdown math for MathJax, in Sphinx's math elements",
        "{{ 'Area $$a<b$$, not `$$c$$`, $5.\n\n$$\n\\tfrac{1}{2}\n$$' | markdownify }}",
        '<p>Area <span class="math notranslate nohighlight">\\(a&lt;b\\)</span>, '
        "not <code>$$c$$</code>, $5.</p>\n"
        '<div class="math notranslate nohighlight">\n\\[\\tfrac{1}{2}\\]</div>\n',
    ),
    Case(
        "number_of_words",
        "{{ '안녕하세요 세계 hello world 日本語です' | number_of_words }}",
        "5",
    ),
    Case(
        "number_of_words cjk",
        "{{ '안녕하세요 세계 hello world 日本語です' | number_of_words: 'cjk' }}",
        "14",
    ),
    Case(
        "number_of_words auto",
        "{{ '안녕하세요 세계 hello world 日本語です' | number_of_words: 'auto' }}",
        "14",
    ),
    Case(
        "number_of_words auto latin",
        "{{ 'hello world' | number_of_words: 'auto' }}",
        "2",
    ),
    Case("number_of_words ruby spaces", "{{ w | number_of_words }}", "2"),
    Case("normalize_whitespace", "{{ w | normalize_whitespace }}", "a b\u3000c"),
    Case("jsonify hash", "{{ h | jsonify }}", '{"a":1,"b":[1,"x",null]}'),
    Case("jsonify time", "{{ d | jsonify }}", '"2011-04-24 20:34:46 +0800"'),
    Case(
        "inspect hash",
        "{{ h | inspect }}",
        "{&quot;a&quot;=&gt;1, &quot;b&quot;=&gt;[1, &quot;x&quot;, nil]}",
    ),
    Case("inspect nil", "{{ nil | inspect }}", "nil"),
    Case("where", '{{ arr | where: "n", "a" | map: "n" | join }}', "a"),
    Case("where number vs string", '{{ arr | where: "v", 2 | map: "n" | join }}', "b"),
    Case("where array property", '{{ arr | where: "t", "y" | map: "n" | join }}', "a"),
    Case(
        "where_exp contains",
        "{{ arr | where_exp: 'i', \"i.t contains 'x'\" | map: 'n' | join }}",
        "a",
    ),
    Case("find", '{{ arr | find: "n", "b" | map: "n" | join }}', "b"),
    Case(
        "find_exp", "{{ arr | find_exp: 'i', \"i.n == 'c'\" | jsonify }}", '{"n":"c"}'
    ),
    Case(
        "group_by",
        '{{ arr | group_by: "v" | map: "name" | join: "," }}',
        "1,2,",
    ),
    Case(
        "group_by_exp",
        "{{ arr | group_by_exp: 'i', 'i.n | upcase' | map: 'name' | join: ',' }}",
        "A,B,C",
    ),
    Case("sort nils first", '{{ arr | sort: "v" | map: "n" | join }}', "c a b"),
    Case("sort nils last", '{{ arr | sort: "v", "last" | map: "n" | join }}', "a b c"),
    Case("sort plain", '{{ "3,1,2" | split: "," | sort | join }}', "1 2 3"),
    Case("to_integer text", '{{ "12abc" | to_integer }}', "12"),
    Case("to_integer float", "{{ 3.9 | to_integer }}", "3"),
    Case("to_integer true", "{{ true | to_integer }}", "1"),
    Case("push", '{{ "a,b" | split: "," | push: "c" | join }}', "a b c"),
    Case("pop", '{{ "a,b,c" | split: "," | pop | join }}', "a b"),
    Case("pop 2", '{{ "a,b,c" | split: "," | pop: 2 | join }}', "a"),
    Case("shift", '{{ "a,b,c" | split: "," | shift | join }}', "b c"),
    Case("unshift", '{{ "a,b,c" | split: "," | unshift: "z" | join }}', "z a b c"),
    Case("sample size", "{{ arr | sample: 2 | size }}", "2"),
    Case(
        "array_to_sentence_string",
        '{{ "a,b,c" | split: "," | array_to_sentence_string }}',
        "a, b, and c",
    ),
    Case(
        "array_to_sentence_string connector",
        '{{ "a,b" | split: "," | array_to_sentence_string: "or" }}',
        "a or b",
    ),
    Case("relative_url", '{{ "/about/" | relative_url }}', "/blog/about/", URL),
    Case("relative_url no slash", '{{ "about" | relative_url }}', "/blog/about", URL),
    Case("relative_url empty", '{{ "" | relative_url }}', "/blog", URL),
    Case(
        "relative_url escapes",
        '{{ "/a b/é" | relative_url }}',
        "/blog/a%20b/%C3%A9",
        URL,
    ),
    Case("relative_url scheme", '{{ "mailto:a@b" | relative_url }}', "mailto:a@b", URL),
    Case(
        "absolute_url",
        '{{ "/about/" | absolute_url }}',
        "https://ex.com/blog/about/",
        URL,
    ),
    Case(
        "absolute_url kept",
        '{{ "https://x.org/a" | absolute_url }}',
        "https://x.org/a",
        URL,
    ),
    Case("absolute_url no site url", '{{ "/a" | absolute_url }}', "/a"),
    Case("strip_index", '{{ "/a/index.html" | strip_index }}', "/a/"),
    Case(
        "date_to_xmlschema",
        "{{ d | date_to_xmlschema }}",
        "2011-04-24T12:34:46+00:00",
        {"timezone": "UTC"},
    ),
    Case(
        "date_to_rfc822",
        "{{ d | date_to_rfc822 }}",
        "Sun, 24 Apr 2011 12:34:46 +0000",
        {"timezone": "UTC"},
    ),
    Case(
        "date_to_string", "{{ d | date_to_string }}", "24 Apr 2011", {"timezone": "UTC"}
    ),
    Case(
        "date_to_string ordinal",
        '{{ d | date_to_string: "ordinal" }}',
        "24th Apr 2011",
        {"timezone": "UTC"},
    ),
    Case(
        "date_to_string ordinal US",
        '{{ d | date_to_string: "ordinal", "US" }}',
        "Apr 24th, 2011",
        {"timezone": "UTC"},
    ),
    Case(
        "date_to_long_string",
        "{{ d | date_to_long_string }}",
        "24 April 2011",
        {"timezone": "UTC"},
    ),
    Case(
        "date_to_long_string ordinal US",
        '{{ d | date_to_long_string: "ordinal", "US" }}',
        "April 24th, 2011",
        {"timezone": "UTC"},
    ),
    Case("date_to_string text", '{{ "2011-04-03" | date_to_string }}', "03 Apr 2011"),
    Case("time prints like Ruby", "{{ d }}", "2011-04-24 20:34:46 +0800"),
    Case("liquid date filter", '{{ d | date: "%-d %B %Y" }}', "24 April 2011"),
    Case("standard filter", '{{ "a" | append: "b" | upcase }}', "AB"),
    Case(
        "booleans and nil in string filters print as Ruby's",
        '{{ true | append: "!" }} {{ false | prepend: "is " }}|{{ nil | join: "," }}|',
        "true! is false||",
    ),
    Case(
        "a hash prints as Ruby inspects it", "{{ h }}", '{"a"=>1, "b"=>[1, "x", nil]}'
    ),
    Case("an array prints joined, nil as nothing", "{{ h.b }}", "1x"),
    Case(
        "round: half away from zero, on the printed decimal",
        "{{ 2.5 | round }} {{ 0.125 | round: 2 }} {{ -2.5 | round }} {{ 7 | round: 2 }}",
        "3 0.13 -3 7",
    ),
    Case(
        "numbers from text as Ruby's to_number reads them",
        '{{ "12px" | plus: 0 }} {{ "1.5" | plus: 1 }} {{ "x" | times: 2 }}',
        "12 2.5 0",
    ),
    Case("truncate counts the ellipsis", '{{ "abc" | truncate: 2 }}', "..."),
    Case(
        "date with Ruby's own directives",
        '{{ d | date: "%v %L %N %3N %:z %::z" }}',
        "24-APR-2011 000 000000000 000 +08:00 +08:00:00",
    ),
    Case("date with an empty format", '{{ "x y" | date: "" }}', "x y"),
    Case(
        "date keeps the offset a text was written with",
        '{{ "2013-03-05T10:00:00Z" | date: "%F %R %z" }}',
        "2013-03-05 10:00 +0000",
        {"timezone": "America/Los_Angeles"},
    ),
    Case(
        "sort of a hash: its pairs by key (site.tags | sort)",
        "{% assign s = h | sort %}{% for p in s %}{{ p[0] }}={{ p[1] | size }};{% endfor %}",
        "a=0;b=3;",
    ),
    Case("slice of an array", '{{ arr | map: "n" | slice: 1, 2 | join: "," }}', "b,c"),
    Case("slice of a string", '{{ "hello" | slice: 1, 3 }}', "ell"),
    Case(
        "truncatewords of exactly N words",
        '{{ "one two three" | truncatewords: 3 }}',
        "one two three",
    ),
    Case(
        "truncatewords keeps a short text as it is",
        '{{ "a  b" | truncatewords: 3 }}',
        "a  b",
    ),
    Case("truncatewords of more", '{{ "a b  c d" | truncatewords: 2, "+" }}', "a b+"),
    Case("map of a missing key is nil", '{{ arr | map: "v" | compact | size }}', "2"),
    Case("map then compact", '{{ arr | map: "t" | compact | join: "," }}', "x,y"),
    Case(
        "times compare",
        "{% if d < d2 %}before{% endif %}{% if d == d %}=={% endif %}",
        "before==",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.description)
def test_filter(case: Case) -> None:
    """Each filter gives Jekyll's documented result."""
    assert render(case.template, case.config) == case.expect


@given(st.text(max_size=40), st.sampled_from(["default", "pretty", "ascii", "raw"]))
def test_slugify_is_idempotent_and_url_safe(text: str, mode: str) -> None:
    """Slugifying a slug changes nothing; default/ascii slugs have no spaces."""
    once = slugify(text, mode)
    assert once is not None
    if mode == "raw" and (once.startswith("-") or once.endswith("-")):
        return  # Jekyll strips one dash at each end: raw "a--" is "a-", then "a"
    assert slugify(once, mode) == once
    if mode in ("default", "ascii"):
        assert not any(c.isspace() for c in once)


def test_post_drop_is_a_url_for_relative_url() -> None:
    """``relative_url`` of a post drop uses the post's URL (Jekyll: ``input.url``)."""
    site = Site(Path("/nonexistent"), {**JEKYLL_DEFAULTS, "baseurl": "/b"})
    post = Post(
        path="_posts/2020-01-02-x.md",
        slug="x",
        date=dt.datetime(2020, 1, 2, tzinfo=dt.UTC),
        title="X",
        body="",
        body_line=3,
        front_matter_lines=2,
    )
    env = make_environment(site, [post], url_of=lambda p: "/2020/01/02/x.html")
    out = env.from_string("{{ site.posts[0] | relative_url }}").render()
    assert out == "/b/2020/01/02/x.html"
