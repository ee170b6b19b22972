"""Every ``jekyllposts_*`` value: an invalid one falls back to its default, with a warning."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from conftest import write_site
import pytest
from sphinx.errors import ConfigError

from sphinx_jekyllposts.config import JekyllpostsConfig
from sphinx_jekyllposts.extension import get_state

if TYPE_CHECKING:
    from pathlib import Path

INVALID = {
    "site_dir": 42,
    "drafts": [True],
    "future": 1.5,
    "unpublished": 5,
    "callouts": {"box-note": "not-an-admonition"},
    "include_dirs": [3],
    "line_numbers": "gutter",
}


def test_every_field_has_an_invalid_case() -> None:
    assert set(INVALID) == {f.name for f in dataclasses.fields(JekyllpostsConfig)}


@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_value_warns_and_uses_the_default(
    make_app, rootdir: Path, tmp_path: Path, name: str
) -> None:  # type: ignore[no-untyped-def]
    app = make_app(
        "html",
        srcdir=rootdir / "test-site",
        builddir=tmp_path,
        confoverrides={f"jekyllposts_{name}": INVALID[name]},
    )
    warnings = app.warning.getvalue()
    assert f"invalid value {INVALID[name]!r} for jekyllposts_{name}" in warnings
    assert "[jekyllposts.config]" in warnings
    assert getattr(get_state(app).config, name) == getattr(JekyllpostsConfig(), name)


def test_config_warning_can_be_suppressed(
    make_app, rootdir: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    app = make_app(
        "html",
        srcdir=rootdir / "test-site",
        builddir=tmp_path,
        confoverrides={
            "jekyllposts_drafts": [True],
            "suppress_warnings": ["jekyllposts.config"],
        },
    )
    assert app.warning.getvalue() == ""


def test_missing_site_dir_is_a_config_error(
    make_app, rootdir: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError, match="no such directory"):
        make_app(
            "html",
            srcdir=rootdir / "test-site",
            builddir=tmp_path,
            confoverrides={"jekyllposts_site_dir": "nowhere"},
        )


def test_custom_callouts_extend_the_defaults(
    make_app, rootdir: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    app = make_app(
        "html",
        srcdir=rootdir / "test-site",
        builddir=tmp_path,
        confoverrides={"jekyllposts_callouts": {"alert-info": "hint"}},
    )
    callouts = get_state(app).config.callout_map
    assert callouts["alert-info"] == "hint"
    assert callouts["box-note"] == "note"


def test_a_site_without_a_root_document_says_what_to_add(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Jekyll's home page is often a layout Sphinx does not read: say what to add,
    before Sphinx stops at the missing document."""
    site = write_site(tmp_path / "site", {"2024-01-01-only.md": "---\n---\nText.\n"})
    (site / "index.md").unlink()
    with pytest.raises(ConfigError, match=r"no root document 'index' .* add index\.md"):
        make_app("html", srcdir=site, builddir=tmp_path / "build")


@pytest.mark.parametrize("conf_project", [None, "Chosen"])
def test_the_site_title_names_the_project_unless_conf_does(
    make_app, tmp_path: Path, conf_project: str | None
) -> None:  # type: ignore[no-untyped-def]
    site = write_site(tmp_path / "site", {"2024-01-01-only.md": "---\n---\nText.\n"})
    (site / "_config.yml").write_text("title: Margin Notes\n", encoding="utf-8")
    overrides = {} if conf_project is None else {"project": conf_project}
    app = make_app(
        "html", srcdir=site, builddir=tmp_path / "b", confoverrides=overrides
    )
    assert app.config.project == (conf_project or "Margin Notes")
    # a blog's pages are the blog's, not "<project> documentation"
    assert app.config.html_title == (conf_project or "Margin Notes")


def test_a_blog_in_a_folder_of_docs_leaves_the_docs_title(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """A Jekyll site in a folder of a documentation project: Sphinx's own title."""
    root = tmp_path / "docs"
    write_site(root / "blog", {"2024-01-01-only.md": "---\n---\nText.\n"})
    (root / "blog" / "conf.py").unlink()
    (root / "blog" / "index.md").unlink()
    (root / "conf.py").write_text(
        'extensions = ["sphinx_jekyllposts"]\njekyllposts_site_dir = "blog"\n'
        'project = "Chosen"\n'
    )
    (root / "index.md").write_text("# Docs\n")
    app = make_app("html", srcdir=root, builddir=tmp_path / "b")
    assert app.config.html_title.split() == ["Chosen", "documentation"]
