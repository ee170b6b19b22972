"""Bad input never breaks the blog: one broken post per class, each a located warning.

The root ``test-adversarial`` holds one post per class of bad input; the fixture
copies it and adds what git cannot hold portably (a 10 MB post, symlinks that lead
out of the site, a secret file beside the site that must never be read).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
import re
import shutil

from bs4 import BeautifulSoup
from defusedxml import ElementTree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
import pytest
from sphinx.cmd.build import build_main
from sphinx.testing.util import SphinxTestApp

from sphinx_jekyllposts.check import check_site
from sphinx_jekyllposts.convert import (
    convert_post,
    kramdown_options,
    new_liquid_environment,
)
from sphinx_jekyllposts.frontmatter import (
    normalise_newlines,
    read_post_file,
    split_front_matter,
)
from sphinx_jekyllposts.kramdown import convert
from sphinx_jekyllposts.liquid_ import render_post
from sphinx_jekyllposts.posts import decode_post
from sphinx_jekyllposts.site import Site, load_site
from sphinx_jekyllposts.warnings_ import Diagnostic, JekyllpostsWarning

SECRET = "SECRET-CONTENT-9f2"
PWNED = Path("/tmp/jekyllposts-pwned")  # the python-object post would create it

#: Every warning the root gives, in the build and in ``jekyllposts check``.
EXPECTED = r"""
_config.yml:4: unknown time zone 'Mars/Olympus_Mons' in _config.yml; using UTC, as Jekyll does [jekyllposts.config]
_posts/2024-02-01-yaml-unterminated.md:3: invalid YAML front matter (found unexpected end of stream); values ignored [jekyllposts.frontmatter]
_posts/2024-02-02-yaml-indentation.md:5: invalid YAML front matter (did not find expected key); values ignored [jekyllposts.frontmatter]
_posts/2024-02-03-yaml-tab.md:4: invalid YAML front matter (found character that cannot start any token); values ignored [jekyllposts.frontmatter]
_posts/2024-02-04-unclosed-front-matter.md:1: front matter is never closed (no '---' line after it); the whole file is read as the body, as Jekyll does [jekyllposts.frontmatter]
_posts/2024-02-05-not-a-mapping.md:2: front matter is a list, not a mapping; ignored [jekyllposts.frontmatter]
_posts/2024-02-06-python-object.md:2: invalid YAML front matter (could not determine a constructor for the tag 'tag:yaml.org,2002:python/object/apply:os.system'); values ignored [jekyllposts.frontmatter]
_posts/2024-02-07-alias-bomb.md:7: invalid YAML front matter (aliases expand to more than 100000 values); values ignored [jekyllposts.frontmatter]
_posts/2024-02-08-bad-front-matter-date.md:3: date '2024-02-30' does not exist; read as 2024-03-01, as Jekyll does [jekyllposts.date]
_posts/2024-02-09-empty.md:1: the file is empty; built as an empty post titled 'Empty' [jekyllposts.source]
_posts/2024-02-10-latin1.md:5: the file is not valid UTF-8; undecodable bytes replaced with U+FFFD [jekyllposts.source]
_posts/2024-02-11-bom.md:5: post_url target '2000-01-01-nope' not found; using the URL Jekyll would guess [jekyllposts.link]
_posts/2024-02-12-crlf.md:7: post_url target '2000-01-02-nope' not found; using the URL Jekyll would guess [jekyllposts.link]
_posts/2024-02-13-mixed-endings.md:7: post_url target '2000-01-03-nope' not found; using the URL Jekyll would guess [jekyllposts.link]
_posts/2024-02-14-control-characters.md:5: control characters '\x00\x07' in the file; replaced with U+FFFD [jekyllposts.source]
_posts/2024-02-14-control-characters.md:2: control characters in 'title'; replaced with U+FFFD [jekyllposts.frontmatter]
_posts/2024-03-01-unknown-tag.md:7: unknown Liquid tag 'frobnicate' (a Jekyll plugin's?); left out [jekyllposts.liquid]
_posts/2024-03-02-unknown-filter.md:5: unknown Liquid filter 'frobnicate'; value passed through [jekyllposts.liquid]
_posts/2024-03-03-unclosed-if.md:5: Liquid block tag 'if' is never closed; tag removed [jekyllposts.liquid]
_posts/2024-03-04-unclosed-for.md:5: Liquid block tag 'for' is never closed; tag removed [jekyllposts.liquid]
_posts/2024-03-05-unclosed-raw.md:5: Liquid block tag 'raw' is never closed; the rest of the post is kept as text [jekyllposts.liquid]
_posts/2024-03-06-unclosed-highlight.md:5: Liquid block tag 'highlight' is never closed; tag removed [jekyllposts.liquid]
_posts/2024-03-07-include-recursion.md:5: include 'self.html' nests too deeply (recursive?); not included (in include 'self.html') [jekyllposts.include]
_posts/2024-03-08-include-parent.md:5: invalid include file name '../_config.yml'; nothing included [jekyllposts.include]
_posts/2024-03-09-include-absolute.md:5: include '/etc/passwd' leads outside the site (an absolute path or a symlink); nothing included [jekyllposts.include]
_posts/2024-03-10-include-symlink.md:5: include 'outside.html' leads outside the site (an absolute path or a symlink); nothing included [jekyllposts.include]
_posts/2024-03-11-post-url-missing.md:5: post_url target '2001-01-01-nowhere' not found; using the URL Jekyll would guess [jekyllposts.link]
_posts/2024-03-12-link-missing.md:5: link target '_posts/nowhere.md' not found in the site; using its path as the URL [jekyllposts.link]
_posts/2024-03-13-loop-bomb.md:5: Liquid error: loop iteration limit reached; output left empty [jekyllposts.liquid]
_posts/2024-03-14-string-bomb.md:5: Liquid assigned values are too large; the rest of the post is left unrendered [jekyllposts.liquid]
_posts/2024-04-01-same-url-a.md:3: URL '/same/' is also claimed by '_posts/2024-04-02-same-url-b.md'; no redirect written [jekyllposts.url]
_posts/2024-04-04-redirect-sphinx-page.md:3: URL path 'genindex.html' is one of Sphinx's own pages; no redirect written [jekyllposts.url]
_posts/2024-05-01-huge.md:1: the file is 10.6 MB, over the 2 MB limit; skipped [jekyllposts.source]
_posts/2024-05-02-linked-out.md:1: the file links outside the site; skipped [jekyllposts.source]
_posts/2024-05-03-orphan-ial.md:7: kramdown IAL '{: .orphan}' belongs to no block; dropped [jekyllposts.kramdown]
_posts/2024-13-45-bad-file-date.md:1: invalid date '2024-13-45' in the file name; post skipped [jekyllposts.date]
""".strip().splitlines()

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def make_site(tmp_path: Path, rootdir: Path) -> Path:
    """A copy of the root, with a 10 MB post and symlinks that lead out of it."""
    site = tmp_path / "site"
    shutil.copytree(rootdir / "test-adversarial", site, symlinks=True)
    (tmp_path / "secret.html").write_text(SECRET, encoding="utf-8")
    (tmp_path / "secret.md").write_text(f"---\ntitle: {SECRET}\n---\n{SECRET}\n")
    (site / "_includes" / "outside.html").symlink_to("../../secret.html")
    (site / "_posts" / "2024-05-02-linked-out.md").symlink_to("../../secret.md")
    huge = "---\ntitle: Huge\n---\n" + "All work and no play. " * 480_000
    (site / "_posts" / "2024-05-01-huge.md").write_text(huge, encoding="utf-8")
    return site


def build_lines(warnings: str, site: Path) -> list[str]:
    """The build's warnings as ``path:line: message [type]``, relative to the site."""
    text = _ANSI.sub("", warnings).replace(f"{site}/", "")
    return sorted(line.replace(" WARNING:", "", 1) for line in text.splitlines())


def expected_lines() -> list[str]:
    return sorted(EXPECTED)


@pytest.fixture(scope="module")
def built(
    tmp_path_factory: pytest.TempPathFactory, rootdir: Path
) -> tuple[SphinxTestApp, Path]:
    """One build of the root, shared by the tests that only look at its results."""
    from ablog.blog import Blog

    Blog._dict.clear()
    tmp_path = tmp_path_factory.mktemp("adversarial")
    site = make_site(tmp_path, rootdir)
    before = _files_outside(tmp_path, site)
    app = SphinxTestApp("html", srcdir=site, builddir=tmp_path / "build")
    try:
        app.build()
    finally:
        app.cleanup()  # docutils' registries are global: give them back now
    assert _files_outside(tmp_path, site) == before, "a file was written outside"
    return app, site


def _files_outside(tmp_path: Path, site: Path) -> set[Path]:
    build = tmp_path / "build"
    return {p for p in tmp_path.rglob("*") if build not in p.parents and p != build}


def test_each_class_gives_its_located_warning(
    built: tuple[SphinxTestApp, Path],
) -> None:
    app, site = built
    assert build_lines(app.warning.getvalue(), site) == expected_lines()


def test_check_gives_the_same_lines(built: tuple[SphinxTestApp, Path]) -> None:
    app, site = built
    lines = check_site(site, drafts=False)
    assert sorted(lines) == build_lines(app.warning.getvalue(), site)


def test_nothing_unsafe_happened(built: tuple[SphinxTestApp, Path]) -> None:
    app, _ = built
    out = Path(app.outdir)
    assert not PWNED.exists()
    for path in out.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
    assert not (out.parent / "escaped.html").exists()
    assert (out / "escaped.html").is_file()  # Jekyll's sanitize_url keeps it inside
    assert not list(out.parent.parent.rglob("outside/index.html"))


def test_good_posts_are_intact(built: tuple[SphinxTestApp, Path]) -> None:
    app, _ = built
    posts = {doc: info[0] for doc, info in app.env.ablog_posts.items()}
    good = posts["_posts/2024-01-01-good"]
    assert (good["title"], good["tags"]) == ("A good post", ["good", "fine"])
    soup = _html(app, "_posts/2024-01-01-good")
    assert soup.find("b", string="an include") is not None
    link = soup.find("a", string="link to the second post")
    assert link["href"] == "2024-01-02-good-second.html"
    assert "must survive" in _html(app, "_posts/2024-01-02-good-second").get_text()


@pytest.mark.parametrize(
    ("docname", "title", "text"),
    [
        ("2024-02-01-yaml-unterminated", "Yaml Unterminated", "still rendered"),
        ("2024-02-04-unclosed-front-matter", "Unclosed Front Matter", "title: Never"),
        ("2024-02-06-python-object", "Python Object", "with a Python tag"),
        ("2024-02-07-alias-bomb", "Alias Bomb", "Body of the alias bomb"),
        ("2024-02-08-bad-front-matter-date", "February the thirtieth", "bad date"),
        ("2024-02-09-empty", "Empty", ""),
        ("2024-02-10-latin1", "Latin-1", "Caf\ufffd au lait"),
        (
            "2024-02-14-control-characters",
            "bell \ufffd and escape \ufffd[31m",
            "A bell",
        ),
        ("2024-03-05-unclosed-raw", "Unclosed raw", "{{ not rendered }}"),
        ("2024-03-13-loop-bomb", "Loop bomb", "After the loops."),
        ("2024-03-14-string-bomb", "String bomb", "After the doubling."),
    ],
)
def test_broken_posts_keep_what_was_understood(
    built: tuple[SphinxTestApp, Path], docname: str, title: str, text: str
) -> None:
    app, _ = built
    info = app.env.ablog_posts[f"_posts/{docname}"][0]
    assert info["title"] == title
    assert text in _html(app, f"_posts/{docname}").get_text()


def test_unbuilt_files_are_not_documents(built: tuple[SphinxTestApp, Path]) -> None:
    app, _ = built
    for name in (
        "2024-13-45-bad-file-date",
        "2024-05-01-huge",
        "2024-05-02-linked-out",
    ):
        assert f"_posts/{name}" not in app.env.found_docs


def test_dates_follow_jekyll(built: tuple[SphinxTestApp, Path]) -> None:
    app, _ = built
    info = app.env.ablog_posts["_posts/2024-02-08-bad-front-matter-date"][0]
    assert info["date"].date().isoformat() == "2024-03-01"


def test_html_in_titles_and_tags_is_escaped(built: tuple[SphinxTestApp, Path]) -> None:
    app, _ = built
    out = Path(app.outdir)
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text, page
        assert "<img src=x" not in text, page
        assert "<i>cat</i>" not in text, page
    for feed in (out / "feed.xml", out / "blog" / "atom.xml"):
        root = ElementTree.parse(feed).getroot()  # well-formed despite the title
        titles = [t.text for t in root.iter("{http://www.w3.org/2005/Atom}title")]
        assert "<script>alert('title')</script> & <b>bold</b>" in titles


def _html(app: SphinxTestApp, docname: str) -> BeautifulSoup:
    path = Path(app.outdir) / f"{docname}.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_build_exits_zero_and_fails_under_w(
    tmp_path: Path, rootdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site(tmp_path, rootdir)
    assert build_main(["-q", "-b", "html", str(site), str(tmp_path / "out")]) == 0
    assert build_main(["-q", "-W", "-b", "html", str(site), str(tmp_path / "w")]) != 0
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err


@pytest.mark.parametrize("subtype", list(JekyllpostsWarning), ids=lambda s: s.value)
def test_each_subtype_is_suppressible(
    subtype: JekyllpostsWarning, tmp_path: Path, rootdir: Path, make_app
) -> None:  # type: ignore[no-untyped-def]
    tag = f"[{subtype.dotted}]"
    if not any(line.endswith(tag) for line in EXPECTED):
        pytest.skip(f"nothing emits {subtype.dotted} yet")
    site = make_site(tmp_path, rootdir)
    app = make_app(
        "html",
        srcdir=site,
        builddir=tmp_path / "build",
        confoverrides={"suppress_warnings": [subtype.dotted]},
    )
    app.build()
    warnings = app.warning.getvalue()
    assert tag not in warnings
    others = [line for line in expected_lines() if not line.endswith(tag)]
    assert build_lines(warnings, site) == others


@pytest.mark.parametrize(
    ("config", "line"),
    [
        ("timezone: America\n", 1),  # a folder of zones
        ("title: x\ntimezone: ../../etc/passwd\n", 2),
        ("defaults: 5\n", 1),
        ("- a list\n", 1),
        ("title: [unclosed\n", 1),
    ],
)
def test_bad_config_is_one_located_warning(
    tmp_path: Path, config: str, line: int
) -> None:
    (tmp_path / "_config.yml").write_text(config, encoding="utf-8")
    site, diagnostics = load_site(tmp_path)
    assert [(d.subtype.value, d.line) for d in diagnostics] == [("config", line)]
    # a zone the C library cannot find is UTC, as in Jekyll
    assert site.timezone is (dt.UTC if "timezone" in config else None)
    assert site.defaults_for("_posts/2024-01-01-x.md", "posts") == {}


# --- Fuzzing: every pure stage takes any text or bytes without raising --------------

#: Characters that mean something to YAML, Liquid, kramdown or line counting.
_SYNTAX = st.sampled_from(
    [
        *"{}%-:#*[]()!|'\"`\\<>&.,=~^$@ \t\n\r01289abxyz",
        "---\n",
        "{{",
        "}}",
        "{%",
        "%}",
        "{:",
        "&a ",
        "*a",
        "!!",
        "\ufeff",
        "\x00",
        "\x07",
        "\u2028",
        "\x85",
        "\x0c",
        "é",
        "한",
        "\udc80",
        "raw",
        "endraw",
        "if",
        "endif",
        "for",
        "include",
        "highlight",
        "post_url",
        "$$",
        "```",
    ]
)
TEXT = st.one_of(st.text(), st.lists(_SYNTAX, max_size=60).map("".join))
POST_TEXT = st.one_of(
    TEXT, st.tuples(TEXT, TEXT).map(lambda p: f"---\n{p[0]}\n---\n{p[1]}")
)
FUZZ = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def pure_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("fuzz")
    (root / "_config.yml").write_text("timezone: UTC\n", encoding="utf-8")
    (root / "_includes").mkdir()
    (root / "_includes" / "x.html").write_text("{{ include.a }}{% include x.html %}")
    return load_site(root)[0]


def _height(text: str) -> int:
    return normalise_newlines(text).count("\n") + 1


def _within(diagnostics: list[Diagnostic] | tuple[Diagnostic, ...], text: str) -> None:
    height = _height(text)
    for diagnostic in diagnostics:
        assert diagnostic.line is None or 1 <= diagnostic.line <= height, diagnostic


@given(POST_TEXT)
def test_fuzz_split_front_matter(text: str) -> None:
    _within(split_front_matter(text).diagnostics, text)


@FUZZ
@given(text=POST_TEXT)
def test_fuzz_read_post_file(pure_site: Site, text: str) -> None:
    post, diagnostics = read_post_file(pure_site, "_posts/2024-01-01-x.md", text)
    _within(diagnostics, text)
    assert post is not None


@FUZZ
@given(
    raw=st.one_of(st.binary(), POST_TEXT.map(lambda t: t.encode("utf-8", "replace")))
)
def test_fuzz_post_bytes(pure_site: Site, raw: bytes) -> None:
    text, diagnostics = decode_post(raw)
    post, found = read_post_file(pure_site, "_posts/2024-01-01-x.md", text)
    _within([*diagnostics, *found], text)
    assert post is not None


@FUZZ
@given(text=TEXT)
def test_fuzz_load_site(tmp_path: Path, text: str) -> None:
    (tmp_path / "_config.yml").write_text(text, encoding="utf-8", errors="replace")
    site, diagnostics = load_site(tmp_path)
    _within(diagnostics, text)
    assert site.defaults_for("_posts/2024-01-01-x.md", "posts") is not None
    assert site.collections_dir is not None
    _ = site.timezone


@FUZZ
@given(text=POST_TEXT)
def test_fuzz_liquid_kramdown_and_conversion(pure_site: Site, text: str) -> None:
    post, _ = read_post_file(pure_site, "_posts/2024-01-01-x.md", text)
    assert post is not None
    env = new_liquid_environment(pure_site, [post])
    rendered = render_post(env, post)
    _within(rendered.diagnostics, post.body)
    kramdown = convert(rendered.text, kramdown_options(pure_site, post))
    _within(kramdown.diagnostics, rendered.text)
    converted = convert_post(pure_site, post, env)
    _within(converted.diagnostics, text)
