"""Front matter: splitting, safe YAML, Jekyll's file-name rules and defaults."""

from __future__ import annotations

from dataclasses import dataclass
import datetime as dt
import time
from typing import TYPE_CHECKING
import zoneinfo

from hypothesis import given
from hypothesis import strategies as st
import pytest

from sphinx_jekyllposts.frontmatter import (
    parse_date,
    read_post,
    read_post_file,
    split_front_matter,
    titleize_slug,
)
from sphinx_jekyllposts.site import Site, load_site
from sphinx_jekyllposts.warnings_ import JekyllpostsWarning

if TYPE_CHECKING:
    from pathlib import Path

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


def site(tmp_path: Path, config: str = "timezone: Asia/Seoul\n") -> Site:
    (tmp_path / "_config.yml").write_text(config, encoding="utf-8")
    loaded, diagnostics = load_site(tmp_path)
    assert diagnostics == []
    return loaded


@dataclass(frozen=True)
class Split:
    name: str
    text: str
    data: dict[str, object]
    body: str
    body_line: int


SPLITS = [
    Split("plain", "---\ntitle: A\n---\nbody\n", {"title": "A"}, "body\n", 4),
    Split("crlf", "---\r\ntitle: A\r\n---\r\nbody\r\n", {"title": "A"}, "body\n", 4),
    Split("bom", "\ufeff---\ntitle: A\n---\nbody", {"title": "A"}, "body", 4),
    Split("dots", "---\ntitle: A\n...\nbody", {"title": "A"}, "body", 4),
    Split("empty", "---\n---\nbody", {}, "body", 3),
    Split("absent", "body only\n", {}, "body only\n", 1),
    Split(
        "korean", "---\ntags: [텃밭, 정원]\n---\n", {"tags": ["텃밭", "정원"]}, "", 4
    ),
]


@pytest.mark.parametrize("case", SPLITS, ids=lambda c: c.name)
def test_split_front_matter(case: Split) -> None:
    result = split_front_matter(case.text)
    assert dict(result.data) == case.data
    assert result.body == case.body
    assert result.body_line == case.body_line
    assert result.diagnostics == ()


def test_yaml_never_builds_python_objects() -> None:
    result = split_front_matter(
        "---\nx: !!python/object/apply:os.system ['true']\n---\n"
    )
    assert result.data == {}
    (diagnostic,) = result.diagnostics
    assert diagnostic.subtype is JekyllpostsWarning.FRONTMATTER
    assert diagnostic.line == 2


def test_unterminated_string_is_reported_where_it_starts() -> None:
    result = split_front_matter(
        '---\nlayout: post\ntitle: "open\ntags: [a]\n---\nbody\n'
    )
    (diagnostic,) = result.diagnostics
    assert diagnostic.line == 3
    assert result.body == "body\n"


def test_file_name_rules(tmp_path: Path) -> None:
    post = read_post(
        site(tmp_path), "_posts/2025-11-7-바이브코딩의 새로운 정착지.md", "---\n---\n"
    )
    assert post is not None
    assert post.slug == "바이브코딩의 새로운 정착지"
    assert post.title == "바이브코딩의 새로운 정착지"
    assert post.date == dt.datetime(2025, 11, 7, tzinfo=SEOUL)
    assert read_post(site(tmp_path), "_posts/notes.md", "---\n---\n") is None


def test_invalid_file_name_date_is_reported(tmp_path: Path) -> None:
    post, diagnostics = read_post_file(site(tmp_path), "_posts/2024-13-45-x.md", "")
    assert post is None
    assert [d.subtype for d in diagnostics] == [JekyllpostsWarning.DATE]


def test_front_matter_values(tmp_path: Path) -> None:
    text = (
        "---\ntitle: T\nsubtitle: S\ntags: one two\ncategory: news\n"
        "date: 2020-01-02 03:04:05 -0500\nauthor: [A, B]\npublished: false\n---\n"
    )
    post = read_post(site(tmp_path), "blog/_posts/2020-01-01-t.md", text)
    assert post is not None
    assert (post.title, post.subtitle) == ("T", "S")
    assert post.tags == ("one", "two")
    assert post.categories == ("blog", "news")
    assert post.authors == ("A", "B")
    assert post.published is False
    # the instant given, shown in the site's zone as Jekyll shows it
    assert post.date == dt.datetime(2020, 1, 2, 8, 4, 5, tzinfo=dt.UTC)
    assert post.date.utcoffset() == dt.timedelta(hours=9)


@pytest.mark.parametrize(
    ("front_matter", "tags", "categories"),
    [
        ("tag: [alpha, beta]", ("alpha", "beta"), ()),
        ("tag: two words\ntags: ignored here", ("two words",), ()),
        ("tag:\ntags: gamma delta", ("gamma", "delta"), ()),
        ("category: [news, notes]", (), ("news", "notes")),
        ("categories: [a]\ncategory: b", (), ("a", "b")),
        # nested lists (as some front-matter editors write them), as Jekyll 4.3 reads
        # them: tags flattened; each listed category's to_s, then the list flattened
        ("tags:\n  - - p\n    - 3\n  - true", ("p", "3", "true"), ()),
        ("categories:\n  - - x\n    - y", (), ('["x", "y"]', "x", "y")),
        ("category: [m, [n]]\ncategories: [k]", (), ("k", "m", "n")),
    ],
)
def test_singular_tag_and_category_keys(
    tmp_path: Path,
    front_matter: str,
    tags: tuple[str, ...],
    categories: tuple[str, ...],
) -> None:
    """Jekyll's ``Utils.pluralized_array_from_hash``: ``tag:`` wins over ``tags:``."""
    text = f"---\n{front_matter}\n---\n"
    post = read_post(site(tmp_path), "_posts/2020-01-01-t.md", text)
    assert post is not None
    assert (post.tags, post.categories) == (tags, categories)


def test_defaults_scopes(tmp_path: Path) -> None:
    config = (
        "defaults:\n"
        "  - scope: {path: ''}\n    values: {layout: default, author: Site}\n"
        "  - scope: {path: '', type: posts}\n    values: {layout: post}\n"
        "  - scope: {path: 'blog'}\n    values: {author: Blog}\n"
    )
    loaded = site(tmp_path, config)
    post = read_post(loaded, "blog/_posts/2020-01-01-t.md", "---\n---\n")
    assert post is not None
    assert post.data["layout"] == "post"
    assert post.authors == ("Blog",)


@pytest.mark.parametrize(
    ("own", "categories"),
    [
        ("categories: [press]", ("news", "press")),
        ("categories: press news", ("news", "press")),
        ("category: press", ("news", "press")),
        ("title: none of its own", ("news",)),
    ],
)
def test_categories_join_those_of_the_defaults(
    tmp_path: Path, own: str, categories: tuple[str, ...]
) -> None:
    """Jekyll's ``merge_categories!``: a post's ``categories`` are added to those
    its defaults give, not put in their place."""
    config = (
        "defaults:\n"
        "  - scope: {path: '_posts/news', type: posts}\n"
        "    values: {categories: [news]}\n"
    )
    text = f"---\n{own}\n---\n"
    post = read_post(site(tmp_path, config), "_posts/news/2020-01-01-t.md", text)
    assert post is not None
    assert post.categories == categories


def test_a_front_matter_date_has_no_fraction_of_a_second(tmp_path: Path) -> None:
    """Jekyll reads ``date:`` from its text, which drops the fraction."""
    text = "---\ndate: 2013-12-31 07:08:09.123456 -0300\n---\n"
    post = read_post(site(tmp_path), "_posts/2013-12-31-t.md", text)
    assert post is not None
    assert (post.date.second, post.date.microsecond) == (9, 0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-11-07", dt.datetime(2025, 11, 7, tzinfo=SEOUL)),
        ("2025-11-07 10:20", dt.datetime(2025, 11, 7, 10, 20, tzinfo=SEOUL)),
        (
            "2025-11-07T10:20:30+02:00",
            dt.datetime(
                2025, 11, 7, 10, 20, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))
            ),
        ),
        (dt.date(2025, 1, 2), dt.datetime(2025, 1, 2, tzinfo=SEOUL)),
    ],
)
def test_parse_date(value: object, expected: dt.datetime) -> None:
    assert parse_date(value, SEOUL) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021/06/30 08:15:00 +0200", dt.datetime(2021, 6, 30, 6, 15, tzinfo=dt.UTC)),
        ("2021.6.3", dt.datetime(2021, 6, 3, tzinfo=SEOUL)),
        ("June 3, 2021 9:05 PM", dt.datetime(2021, 6, 3, 21, 5, tzinfo=SEOUL)),
        ("Thu, 03 Jun 2021 12:00:00 +0000", dt.datetime(2021, 6, 3, 12, tzinfo=dt.UTC)),
        ("3rd June 2021", dt.datetime(2021, 6, 3, tzinfo=SEOUL)),
        ("2021-Jun-03 12:30 am", dt.datetime(2021, 6, 3, 0, 30, tzinfo=SEOUL)),
    ],
)
def test_parse_date_reads_what_ruby_time_parse_reads(
    value: str, expected: dt.datetime
) -> None:
    """Slashes, dots and month names, as ``Time.parse`` reads them (checked against
    Jekyll 4.3: each date gave the post the URL and feed date shown here)."""
    assert parse_date(value, SEOUL) == expected


def test_yaml_timestamps_without_offset_are_utc() -> None:
    """Ruby's YAML reads ``2023-12-10 09:05:00`` as UTC; quoted, it is local time."""
    unquoted = parse_date(dt.datetime(2023, 12, 10, 9, 5), SEOUL)
    assert unquoted == dt.datetime(2023, 12, 10, 18, 5, tzinfo=SEOUL)
    assert parse_date("2023-12-10 09:05:00", SEOUL) == dt.datetime(
        2023, 12, 10, 9, 5, tzinfo=SEOUL
    )


@pytest.mark.parametrize(
    "value",
    [
        "2023-05-12 15:53:00-0400",
        dt.datetime(2023, 5, 12, 15, 53, tzinfo=dt.timezone(-dt.timedelta(hours=4))),
    ],
)
def test_offsets_without_a_site_zone_show_in_the_machine_zone(
    value: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Jekyll reads dates with ``Time.parse(...).localtime``: the offset written
    fixes the instant, the machine's zone the one shown."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        date = parse_date(value, None)
    finally:
        monkeypatch.undo()
        time.tzset()
    assert isinstance(date, dt.datetime)
    assert date == dt.datetime(2023, 5, 12, 19, 53, tzinfo=dt.UTC)
    assert date.utcoffset() == dt.timedelta(hours=9)


def test_far_future_dates_are_dates() -> None:
    assert parse_date(dt.date(9999, 12, 31), SEOUL) == dt.datetime(
        9999, 12, 31, tzinfo=SEOUL
    )


def test_parse_date_rejects_nonsense() -> None:
    assert isinstance(parse_date("yesterday", SEOUL), str)
    assert isinstance(parse_date("2025-02-30", SEOUL), str)


def test_titleize_slug() -> None:
    assert titleize_slug("my-first-post") == "My First Post"


@given(st.text())
def test_split_never_raises_and_lines_are_in_the_file(text: str) -> None:
    result = split_front_matter(text)
    height = text.count("\n") + text.count("\r") + 2
    assert all(1 <= (d.line or 1) <= height for d in result.diagnostics)


_PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))


@given(
    st.dictionaries(
        st.from_regex(r"[a-z]{1,8}", fullmatch=True),
        st.text(alphabet=_PRINTABLE, max_size=20),
    ),
    st.text(),
)
def test_split_round_trip(data: dict[str, str], body: str) -> None:
    import yaml

    text = "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n" + body
    result = split_front_matter(text)
    assert dict(result.data) == data
    expected = body.replace("\r\n", "\n").replace("\r", "\n")
    assert result.body == expected


def test_alias_bomb_and_recursive_aliases_are_refused_quickly() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [{', '.join([f'*{p}'] * 10)}]\n"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
    for yaml_text, line in ((bomb, 6), ("x: &r [*r]\n", 2)):
        result = split_front_matter(f"---\n{yaml_text}---\nbody\n")
        (diagnostic,) = result.diagnostics
        assert (diagnostic.subtype, diagnostic.line) == (
            JekyllpostsWarning.FRONTMATTER,
            line,
        )
        assert result.data == {}
        assert result.body == "body\n"


def test_unclosed_front_matter_is_body_as_in_jekyll() -> None:
    result = split_front_matter("---\ntitle: open\n\nbody\n")
    assert (result.present, result.body_line) == (False, 1)
    assert result.body.startswith("---\ntitle: open")
    assert [d.line for d in result.diagnostics] == [1]


def test_impossible_day_rolls_over_as_in_jekyll(tmp_path: Path) -> None:
    text = "---\ntitle: T\ndate: 2024-02-30 10:00\n---\n"
    post, diagnostics = read_post_file(site(tmp_path), "_posts/2024-02-01-t.md", text)
    assert post is not None
    assert post.date == dt.datetime(2024, 3, 1, 10, 0, tzinfo=SEOUL)
    assert [(d.subtype, d.line) for d in diagnostics] == [(JekyllpostsWarning.DATE, 3)]


def test_control_characters_are_replaced_and_located(tmp_path: Path) -> None:
    text = '---\ntitle: "a\\ab"\n---\n\nline \x1b five\n'
    post, diagnostics = read_post_file(site(tmp_path), "_posts/2024-02-01-t.md", text)
    assert post is not None
    assert post.title == "a\ufffdb"
    assert "\ufffd five" in post.body
    assert sorted(d.line or 0 for d in diagnostics) == [2, 5]


def test_empty_post_is_built_and_reported(tmp_path: Path) -> None:
    post, diagnostics = read_post_file(
        site(tmp_path), "_posts/2024-02-01-nothing.md", ""
    )
    assert post is not None
    assert post.title == "Nothing"
    assert [(d.subtype, d.line) for d in diagnostics] == [
        (JekyllpostsWarning.SOURCE, 1)
    ]


NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("value", "tz", "expected"),
    [
        # the clocks skipped 02:30: Ruby's Time.local moves on by the gap
        ("2021-03-14 02:30:00", NEW_YORK, "2021-03-14 03:30:00-04:00"),
        # they showed 01:30 twice: the later, standard offset
        ("2021-11-07 01:30:00", NEW_YORK, "2021-11-07 01:30:00-05:00"),
        # a zone name Time.parse reads
        ("2021-07-01 10:00:00 EST", SEOUL, "2021-07-02 00:00:00+09:00"),
        ("2021-07-01 10:00:00 utc", SEOUL, "2021-07-01 19:00:00+09:00"),
        ("2021-07-01 10:00:00 IST", dt.UTC, "2021-07-01 04:30:00+00:00"),
    ],
)
def test_dates_read_as_rubys_time_parse(
    value: str, tz: dt.tzinfo, expected: str
) -> None:
    assert str(parse_date(value, tz)) == expected
