"""Fidelity to real Jekyll: tests/corpus built by Sphinx against tests/golden.

``tests/golden`` is what Jekyll 4.3 rendered for each corpus post (``nox -s golden``);
every post must pass every measure of :mod:`sphinx_jekyllposts.fidelity` except the
ones listed, with a reason, in ``tests/golden/known-differences.yml``.
"""

from __future__ import annotations

from collections import defaultdict
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sphinx.testing.util import SphinxTestApp
import yaml

from sphinx_jekyllposts.fidelity import (
    BUILDERS,
    STRUCTURE,
    JekyllUnavailableError,
    PostReport,
    compare,
    extra_posts,
    feed_entries,
    jekyll_command,
    leaks,
    load_reference,
    prepare_project,
    render_with_jekyll,
    site_digest,
    structure,
    text_score,
    tokens,
    url_answers,
)
from sphinx_jekyllposts.fidelity.__main__ import main
from sphinx_jekyllposts.fidelity.measure import jekyll_body, sphinx_body
from sphinx_jekyllposts.fidelity.outputs import same_minute

if TYPE_CHECKING:
    from collections.abc import Iterator

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"
GOLDEN = HERE / "golden"
REFERENCE = load_reference(GOLDEN)
KNOWN_FILE = GOLDEN / "known-differences.yml"
KNOWN_ENTRIES = yaml.safe_load(KNOWN_FILE.read_text(encoding="utf-8")) or []
KNOWN: dict[str, set[str]] = defaultdict(set)
for _entry in KNOWN_ENTRIES:
    KNOWN[_entry["post"]].add(_entry["measure"])
MEASURES = {"found", "recall", "precision", "leaks", "excerpt"} | {
    f"structure.{name}" for name in STRUCTURE
} | {f"url.{b}" for b in BUILDERS} | {f"feed.{n}" for n in ("missing", "title", "date", "terms")}  # fmt: skip


def _jekyll_here() -> bool:
    try:
        jekyll_command()
    except JekyllUnavailableError:
        return False
    return True


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """The corpus built by Sphinx with ``html`` and ``dirhtml`` (shared doctrees)."""
    root = tmp_path_factory.mktemp("fidelity")
    srcdir = prepare_project(CORPUS, root / "src")
    outdirs = {}
    for builder in BUILDERS:
        app = SphinxTestApp(builder, srcdir=srcdir, builddir=root / "build")
        try:
            app.build()
            outdirs[builder] = Path(app.outdir)
        finally:
            app.cleanup()
    yield {"srcdir": srcdir, **outdirs}


@pytest.fixture(scope="module")
def reports(corpus_build: dict[str, Path]) -> dict[str, PostReport]:
    """Every corpus post measured against its golden rendering."""
    outdirs = {b: corpus_build[b] for b in BUILDERS}
    return {r.source_path: r for r in compare(REFERENCE, outdirs)}


def test_golden_matches_the_corpus() -> None:
    assert REFERENCE.digest == site_digest(CORPUS), (
        "tests/corpus changed since tests/golden was made: run 'nox -s golden'"
    )
    assert 25 <= len(REFERENCE.posts) <= 40
    assert not [p.source_path for p in REFERENCE.posts if p.error]


def test_known_differences_are_well_formed() -> None:
    posts = {post.source_path for post in REFERENCE.posts}
    seen = set()
    for entry in KNOWN_ENTRIES:
        assert set(entry) == {"post", "measure", "reason"}, entry
        assert entry["post"] in posts, f"no such corpus post: {entry['post']!r}"
        assert entry["measure"] in MEASURES, f"no such measure: {entry['measure']!r}"
        assert len(entry["reason"].split()) >= 5, f"give a reason: {entry}"
        key = (entry["post"], entry["measure"])
        assert key not in seen, f"listed twice: {key}"
        seen.add(key)


@pytest.mark.parametrize(
    "post", [p.source_path for p in REFERENCE.posts], ids=lambda p: Path(p).stem
)
def test_post_is_faithful(post: str, reports: dict[str, PostReport]) -> None:
    report = reports[post]
    failed, known = set(report.failures()), KNOWN.get(post, set())
    assert not failed - known, f"{post} regressed on {sorted(failed - known)}: {report}"
    assert not known - failed, (
        f"{post} now passes {sorted(known - failed)}: delete the entries from "
        "tests/golden/known-differences.yml"
    )


def test_corpus_summary(reports: dict[str, PostReport]) -> None:
    everything = list(reports.values())
    assert all(r.found for r in everything)
    assert all(all(r.urls.values()) and len(r.urls) == 2 for r in everything)
    assert not [r.source_path for r in everything if r.leaks]


def test_no_post_published_that_jekyll_skips(corpus_build: dict[str, Path]) -> None:
    """Future, unpublished posts and drafts stay out, as in Jekyll."""
    assert extra_posts(corpus_build["srcdir"], corpus_build["html"], REFERENCE) == []


@pytest.mark.skipif(not _jekyll_here(), reason="Jekyll is not installed")
def test_golden_is_what_jekyll_renders() -> None:
    """Re-rendering the corpus with the installed Jekyll reproduces the goldens."""
    fresh = render_with_jekyll(CORPUS, time=REFERENCE.time)
    assert fresh.jekyll == REFERENCE.jekyll
    assert [p.metadata() for p in fresh.posts] == [
        p.metadata() for p in REFERENCE.posts
    ]
    assert [p.content for p in fresh.posts] == [p.content for p in REFERENCE.posts]


# -- the measures themselves -------------------------------------------------------


def test_tokens_split_cjk_into_characters() -> None:
    assert tokens("Jekyll 与 Sphinx 混排") == {
        "jekyll": 1,
        "与": 1,
        "sphinx": 1,
        "混": 1,
        "排": 1,
    }
    assert tokens("텃밭에 갔다") == {"텃": 1, "밭": 1, "에": 1, "갔": 1, "다": 1}
    assert tokens("Don\u2019t \u2014 STOP, stop!") == {"don": 1, "t": 1, "stop": 2}


def test_text_score_counts_repeated_words() -> None:
    score = text_score("one two two three", "one two extra")
    assert (score.recall, score.precision) == (0.5, 2 / 3)
    assert text_score("", "") == text_score("a", "a")


def test_leaks_count_what_jekyll_does_not_show() -> None:
    assert leaks("shows {{ x }}", "shows {{ x }}") == []
    assert leaks("text", "{% if %} text {: .box-note}") == ["{%", "%}", "{:"]
    assert leaks("{{ a }}", "{{ a }} {{ b }}") == ["{{", "}}"]


def test_structure_of_jekyll_and_sphinx_markup() -> None:
    jekyll = jekyll_body(
        '<figure class="highlight"><pre><code><table class="rouge-table"><tr>'
        '<td class="gutter gl"><pre class="lineno">1\n</pre></td><td class="code">'
        "<pre>x = 1</pre></td></tr></table></code></pre></figure>"
        '<blockquote class="prompt-tip"><p>tip</p></blockquote>'
        '<p>\\(a\\) and <code>\\(not math\\)</code></p>'
        '<div class="footnotes"><ol><li><a href="#r" class="reversefootnote">r</a></li></ol></div>'
    )  # fmt: skip
    counts = structure(jekyll, side="jekyll")
    assert (counts["code"], counts["tables"], counts["quotes"]) == (1, 0, 1)
    assert (counts["callouts"], counts["math"], counts["footnotes"]) == (1, 1, 1)
    assert (counts["items"], counts["links"]) == (0, 0)
    page = (
        '<div class="body"><section><h1>Title<a class="headerlink" href="#">¶</a></h1>'
        '<div class="admonition tip"><p class="admonition-title">Tip</p><p>tip</p></div>'
        '<div class="highlight"><pre><span class="linenos">1</span>x = 1</pre></div>'
        '<p><span class="math">\\(a\\)</span></p></section>'
        '<div class="section ablog__blog_comments"><a href="next.html">Next</a></div></div>'
    )  # fmt: skip
    body = sphinx_body(page)
    assert body is not None
    counts = structure(body, side="sphinx")
    assert (counts["headings"], counts["code"], counts["callouts"]) == (0, 1, 1)
    assert (counts["math"], counts["links"]) == (1, 0)
    assert "Tip" not in body.get_text() and "Title" not in body.get_text()


def test_url_answers_pages_and_working_redirects(tmp_path: Path) -> None:
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_posts" / "a.html").write_text("<p>post</p>")
    redirect = '<meta http-equiv="refresh" content="0; url={}">'
    for name, target in {"old": "../_posts/a.html", "broken": "../_posts/b.html",
                         "away": "https://example.com/"}.items():  # fmt: skip
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(redirect.format(target))
    assert url_answers(tmp_path, "/_posts/a.html")
    assert url_answers(tmp_path, "/old/")
    assert not url_answers(tmp_path, "/broken/")
    assert not url_answers(tmp_path, "/away/")
    assert not url_answers(tmp_path, "/missing/")


def test_feed_entries_and_dates(tmp_path: Path) -> None:
    (tmp_path / "feed.xml").write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>T</title>'
        '<link href="_posts/a%20b.html"/><published>2023-09-09T13:30:00+09:00</published>'
        '<category term="x"/><summary>s</summary></entry></feed>',
        encoding="utf-8",
    )
    (entry,) = feed_entries(tmp_path) or []
    assert (entry.title, entry.link, entry.terms) == ("T", "_posts/a b.html", {"x"})
    assert same_minute(entry.date, "2023-09-09T13:30:59+09:00")
    assert not same_minute(entry.date, "2023-09-09T04:30:00+00:00")  # same instant
    assert feed_entries(tmp_path / "nothing") is None


def test_cli_explains_when_jekyll_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("JEKYLL_RUBY", "no-such-ruby-here")
    assert main([str(CORPUS)]) == 2
    assert "--reference DIR" in capsys.readouterr().err


def test_reference_round_trip(tmp_path: Path) -> None:
    from sphinx_jekyllposts.fidelity import write_reference

    write_reference(REFERENCE, tmp_path)
    assert load_reference(tmp_path) == REFERENCE
    data = json.loads((tmp_path / "reference.json").read_text(encoding="utf-8"))
    assert "content" not in data["posts"][0]
