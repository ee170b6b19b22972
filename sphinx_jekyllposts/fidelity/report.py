"""Compare a Sphinx build with a Jekyll reference, post by post, and report it."""

from __future__ import annotations

import dataclasses as dc
import os
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
import unicodedata

from .measure import (
    STRUCTURE,
    jekyll_body,
    leaks,
    sphinx_body,
    structure,
    text_score,
    visible_text,
)
from .outputs import FeedEntry, feed_entries, page_of, same_minute, url_answers
from .reference import IGNORED_NAMES, Reference, ReferencePost

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = [
    "EXCERPT",
    "PRECISION",
    "RECALL",
    "PostReport",
    "compare",
    "extra_posts",
    "format_report",
    "markdown_table",
    "summary_line",
]

#: A post is faithful when Sphinx shows this share of Jekyll's words …
RECALL = 0.97
#: … this share of Sphinx's words are Jekyll's (less means leaked syntax or stray text) …
PRECISION = 0.95
#: … and the feed's summary shares this much text with Jekyll's excerpt (both ways).
EXCERPT = 0.9


@dc.dataclass(frozen=True)
class PostReport:
    """The measures of one post."""

    source_path: str
    url: str
    found: bool = False
    recall: float = 0.0
    precision: float = 0.0
    leaks: tuple[str, ...] = ()
    #: structure counts that differ: name -> (Jekyll, Sphinx)
    structure: Mapping[str, tuple[int, int]] = dc.field(default_factory=dict)
    #: builder -> whether the Jekyll URL answers in its output
    urls: Mapping[str, bool] = dc.field(default_factory=dict)
    #: feed problems: measure -> what differs
    feed: Mapping[str, str] = dc.field(default_factory=dict)
    #: how the feed's summary differs from Jekyll's excerpt, if it does
    excerpt: str | None = None
    jekyll_error: str | None = None

    @property
    def faithful(self) -> bool:
        """The content reads as Jekyll's: enough shared text, no leaks, same structure."""
        return (self.found and self.recall >= RECALL and self.precision >= PRECISION
                and not self.leaks and not self.structure)  # fmt: skip

    def failures(self) -> list[str]:
        """The names of the measures this post fails (``known-differences.yml`` names)."""
        if not self.found:
            failed = ["found"]
        else:
            failed = [name for name, bad in (
                ("recall", self.recall < RECALL),
                ("precision", self.precision < PRECISION),
                ("leaks", bool(self.leaks))) if bad]  # fmt: skip
            failed += [f"structure.{name}" for name in self.structure]
        failed += [f"url.{builder}" for builder, ok in self.urls.items() if not ok]
        failed += [f"feed.{name}" for name in self.feed]
        return failed + (["excerpt"] if self.excerpt else [])


def compare(
    reference: Reference,
    outdirs: Mapping[str, Path],
    *,
    feed_path: str = "feed.xml",
) -> list[PostReport]:
    """Measure every post of ``reference`` in the Sphinx outputs.

    :param outdirs: builder name -> output folder; the first one is measured for
        content and feed, every one for URLs
    """
    main = next(iter(outdirs.values()))
    entries = feed_entries(main, feed_path)
    return [_compare_post(post, main, outdirs, entries) for post in reference.posts]


def _compare_post(
    post: ReferencePost,
    main: Path,
    outdirs: Mapping[str, Path],
    entries: list[FeedEntry] | None,
) -> PostReport:
    page = page_of(main, post.source_path)
    urls = {builder: url_answers(out, post.url) for builder, out in outdirs.items()}
    link = page.relative_to(main).as_posix() if page else None
    entry = _feed_entry(post, entries, link)
    feed = (
        _feed_problems(post, entry) if entries is not None else {"missing": "no feed"}
    )
    excerpt = _excerpt_problem(post, entry)
    body = sphinx_body(page.read_text(encoding="utf-8")) if page else None
    if body is None:
        return PostReport(post.source_path, post.url, urls=urls, feed=feed,
                          excerpt=excerpt, jekyll_error=post.error)  # fmt: skip
    jekyll = jekyll_body(post.content)
    theirs, ours = visible_text(jekyll), visible_text(body)
    score = text_score(theirs, ours)
    j_counts, s_counts = (
        structure(jekyll, side="jekyll"),
        structure(body, side="sphinx"),
    )
    return PostReport(
        post.source_path, post.url, found=True,
        recall=round(score.recall, 4), precision=round(score.precision, 4),
        leaks=tuple(leaks(theirs, ours)),
        structure={k: (j_counts[k], s_counts[k]) for k in STRUCTURE
                   if j_counts[k] != s_counts[k]},
        urls=urls, feed=feed, excerpt=excerpt, jekyll_error=post.error,
    )  # fmt: skip


def _feed_entry(
    post: ReferencePost, entries: list[FeedEntry] | None, link: str | None
) -> FeedEntry | None:
    """The post's feed entry: the one linking to its page, else the one with its title."""
    entries = entries or []
    by_link = next(
        (
            e
            for e in entries
            if link and (e.link == link or e.link.endswith("/" + link))
        ),
        None,
    )  # a feed may prefix the site's baseurl
    title = _nfc(post.title)
    return by_link or next((e for e in entries if _nfc(e.title) == title), None)


def _feed_problems(post: ReferencePost, entry: FeedEntry | None) -> dict[str, str]:
    """Title, date (to the minute, with offset) and terms, as jekyll-feed lists them."""
    if entry is None:
        return {"missing": "no feed entry"}
    problems = {}
    if _nfc(entry.title) != _nfc(post.title):
        problems["title"] = f"{entry.title!r}, Jekyll {post.title!r}"
    if not same_minute(entry.date, post.date):
        problems["date"] = f"{entry.date}, Jekyll {post.date}"
    want = {_nfc(t) for t in (*post.tags, *post.categories)}
    got = {_nfc(t) for t in entry.terms}
    if want != got:
        problems["terms"] = f"{sorted(got)}, Jekyll {sorted(want)}"
    return problems


def _excerpt_problem(post: ReferencePost, entry: FeedEntry | None) -> str | None:
    """Compare the feed's summary with jekyll-feed's: the description, else the excerpt.

    jekyll-feed writes ``post.description | default: post.excerpt``, without HTML.
    """
    theirs = post.description.strip() or visible_text(jekyll_body(post.excerpt)).strip()
    if not theirs or entry is None:
        return None
    score = text_score(theirs, entry.summary)
    if min(score.recall, score.precision) >= EXCERPT:
        return None
    return f"summary {_clip(entry.summary)}, Jekyll {_clip(theirs)}"


def _clip(text: str, size: int = 40) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= size else text[: size - 1] + "…")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def extra_posts(srcdir: Path, outdir: Path, reference: Reference) -> list[str]:
    """Post files Sphinx published although Jekyll did not (future, unpublished, …)."""
    built = {post.source_path for post in reference.posts}
    extra = []
    for folder, dirs, names in os.walk(srcdir):
        dirs[:] = sorted(d for d in dirs if d not in IGNORED_NAMES)
        rel = PurePosixPath(Path(folder).relative_to(srcdir).as_posix())
        if not {"_posts", "_drafts"} & set(rel.parts):
            continue
        for name in sorted(names):
            path = (rel / name).as_posix()
            if path not in built and page_of(outdir, path) is not None:
                extra.append(path)
    return extra


def format_report(reports: Iterable[PostReport], *, only_problems: bool = False) -> str:
    """One line per post: verdict, recall, precision and what differs."""
    lines = []
    for report in reports:
        failures = report.failures()
        if only_problems and not failures:
            continue
        verdict = (
            "ok  " if not failures else ("diff" if not report.faithful else "meta")
        )
        scores = (
            f"{report.recall:.3f} {report.precision:.3f}"
            if report.found
            else "  -     -  "
        )
        details = _details(report)
        lines.append(f"{verdict} {scores} {report.source_path}{details}")
    return "\n".join(lines)


def _details(report: PostReport) -> str:
    parts = []
    if not report.found:
        parts.append("no Sphinx page")
    if report.leaks:
        parts.append("leaks " + " ".join(report.leaks))
    parts += [f"{name} {j}->{s}" for name, (j, s) in report.structure.items()]
    parts += [f"URL not answering in {b}" for b, ok in report.urls.items() if not ok]
    parts += [f"feed {name}: {what}" for name, what in report.feed.items()]
    if report.excerpt:
        parts.append(f"excerpt: {report.excerpt}")
    if report.jekyll_error:
        parts.append(f"Jekyll: {report.jekyll_error}")
    return "  [" + "; ".join(parts) + "]" if parts else ""


def markdown_table(reports: Iterable[PostReport]) -> str:
    """The per-post report as a Markdown table (for docs and issues)."""
    rows = [
        "| post | recall | precision | structure | URL | feed | excerpt |",
        "| --- | ---: | ---: | --- | --- | --- | --- |",
    ]
    for r in reports:
        differs = ", ".join(f"{k} {j}→{s}" for k, (j, s) in r.structure.items())
        rows.append(
            f"| `{r.source_path}` | {r.recall:.3f} | {r.precision:.3f} "
            f"| {differs or ('same' if r.found else 'no page')} "
            f"| {'answers' if r.urls and all(r.urls.values()) else 'missing'} "
            f"| {', '.join(r.feed) or 'matches'} "
            f"| {'differs' if r.excerpt else 'matches'} |"
        )
    return "\n".join(rows) + "\n"


def summary_line(reports: list[PostReport], extra: list[str] | None = None) -> str:
    """``fidelity: 9/9 posts found, 9/9 faithful (100.0%), …``."""
    total = len(reports)
    found = [r for r in reports if r.found]
    faithful = sum(r.faithful for r in found)
    urls = sum(bool(r.urls) and all(r.urls.values()) for r in reports)
    feed = sum(not r.feed for r in reports)
    excerpts = sum(not r.excerpt for r in reports)
    share = 100 * faithful / total if total else 100.0
    return (
        f"fidelity: {len(found)}/{total} posts found, {faithful}/{total} faithful "
        f"({share:.1f}%), mean recall {_mean([r.recall for r in found]):.3f}, "
        f"mean precision {_mean([r.precision for r in found]):.3f}, "
        f"{sum(bool(r.leaks) for r in found)} with leaked syntax, "
        f"{urls}/{total} Jekyll URLs answer ({', '.join(_builders(reports))}), "
        f"{feed}/{total} feed metadata match, {excerpts}/{total} excerpts match, "
        f"{len(extra or [])} extra posts"
    )


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _builders(reports: list[PostReport]) -> list[str]:
    return list(reports[0].urls) if reports else []
