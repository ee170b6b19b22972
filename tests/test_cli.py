"""The ``jekyllposts`` command: init, convert, serve, check, and ``--help`` on each.

Projects written by ``init`` and ``convert --out`` are built in a separate
``python -m sphinx -W`` process, as a user builds them (and so that ABlog's
process-wide state and the site's time zone stay out of this process).
"""

from __future__ import annotations

import argparse
from pathlib import Path
import re
import shutil
import subprocess
import sys

from bs4 import BeautifulSoup
from conftest import write_site
import pytest

from sphinx_jekyllposts.cli import main
from sphinx_jekyllposts.cli._serve import autobuild_command

ROOT = Path(__file__).parent / "roots" / "test-cli"
CORPUS = Path(__file__).parents[2] / "shared" / "corpus" / "48harry"
#: The images the 48harry posts show; the corpus copy holds no assets/.
HARRY_IMAGES = (
    "F3_format.png",
    "Dynamic_Flushing.png",
    "Metadata_Overhead_Comparison.png",
)


def build(src: Path) -> tuple[Path, str]:
    """Build ``src`` with warnings as errors; return the HTML folder and stderr."""
    out = src / "_build" / "html"
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-q",
        "-W",
        "-b",
        "html",
        str(src),
        str(out),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return out, result.stderr


_STRAIGHT = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def post_bodies(html: Path) -> dict[str, str]:
    """Visible text of each post's article (title, subtitle, body), by page path."""
    bodies = {}
    for page in sorted((html / "_posts").rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        section = soup.select_one("article section")
        assert section is not None, page
        for tag in section.select("a.headerlink, script, style"):
            tag.decompose()
        # Line numbers: Rouge's gutter column with the extension, Sphinx's numbers
        # in the code natively; the same blocks numbered, laid out differently.
        for block in section.select("div[class*=highlight-]"):
            numbers = block.select("td.rouge-gutter, span.linenos")
            for tag in numbers:
                tag.decompose()
            if numbers:
                block.insert(0, "[numbered]")
        # The extension prints the title as written; a native MyST heading gets
        # Sphinx's smart quotes, which no MyST syntax turns off for one heading.
        for title in section.select("h1, p.subtitle, p.rubric"):
            title.string = title.get_text().translate(_STRAIGHT)
        bodies[page.relative_to(html).as_posix()] = " ".join(
            section.get_text(" ").split()
        )
    return bodies


@pytest.fixture(scope="module")
def cli_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the test-cli Jekyll site with ``init`` run on it."""
    site = tmp_path_factory.mktemp("cli") / "site"
    shutil.copytree(ROOT, site)
    assert main(["init", str(site)]) == 0
    return site


@pytest.mark.parametrize("command", [[], ["init"], ["convert"], ["check"], ["serve"]])
def test_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([*command, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: jekyllposts")
    assert "--help" in out


def test_init_writes_the_project(cli_site: Path) -> None:
    conf = (cli_site / "conf.py").read_text(encoding="utf-8")
    assert 'extensions = ["sphinx_jekyllposts"]' in conf
    assert "project = 'Field Notes'" in conf
    assert "author = 'Ada Byron'" in conf
    assert "language = 'en'" in conf
    assert "html_baseurl = 'https://example.org/notes/'" in conf
    assert 'html_theme = "pydata_sphinx_theme"' in conf
    index = (cli_site / "index.md").read_text(encoding="utf-8")
    assert "```{postlist}" in index
    assert ":excerpts:" in index
    assert "about/index" in index
    about = (cli_site / "about" / "index.md").read_text(encoding="utf-8")
    assert "# About these notes" in about
    assert "*Field Notes* is kept by Ada Byron." in about
    assert ":::{note}" in about
    assert "configuration: conf.py" in (cli_site / ".readthedocs.yaml").read_text()
    assert "sphinx-jekyllposts" in (cli_site / "requirements.txt").read_text()
    assert "_build/" in (cli_site / ".gitignore").read_text()


def test_init_never_replaces_a_file(
    cli_site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    shutil.copytree(cli_site, site)
    (site / "conf.py").write_text("# mine\n", encoding="utf-8")
    assert main(["init", str(site)]) == 0
    assert (site / "conf.py").read_text(encoding="utf-8") == "# mine\n"
    err = capsys.readouterr().err
    for name in ("conf.py", "index.md", "requirements.txt", ".gitignore"):
        assert f"{name} (exists; not replaced)" in err


def test_init_project_builds_cleanly(cli_site: Path) -> None:
    html, _ = build(cli_site)
    assert (html / "about" / "index.html").is_file()
    index = (html / "index.html").read_text(encoding="utf-8")
    assert "First light" in index
    assert "Second night" in index


#: ``jekyll new``'s home page and about page, in its own words.
JEKYLL_NEW = {
    "index.markdown": "---\nlayout: home\n---\n",
    "about.markdown": "---\nlayout: page\ntitle: About\npermalink: /about/\n---\n\nHi.\n",
}


def _jekyll_new_site(root: Path) -> Path:
    site = write_site(
        root, {"2024-01-02-welcome.md": "---\ntitle: Welcome\n---\n\nHi.\n"}
    )
    (site / "conf.py").unlink()
    (site / "index.md").unlink()
    (site / "_config.yml").write_text("title: Notes\ntheme: minima\n", encoding="utf-8")
    for name, text in JEKYLL_NEW.items():
        (site / name).write_text(text, encoding="utf-8")
    return site


def test_init_on_a_jekyll_new_site(tmp_path: Path) -> None:
    """``index.markdown`` is the Jekyll home page: the post list is ``posts.md``, and
    the site's ``/`` leads there."""
    site = _jekyll_new_site(tmp_path / "site")
    assert main(["init", str(site)]) == 0
    html, _ = build(site)
    assert "Welcome" in (html / "posts.html").read_text(encoding="utf-8")
    assert 'location="posts.html"' in (html / "index.html").read_text(encoding="utf-8")


def test_convert_a_site_without_static_files(tmp_path: Path) -> None:
    """Nothing for ``static/``: no ``html_extra_path`` naming a missing folder."""
    site = _jekyll_new_site(tmp_path / "site")
    out = tmp_path / "native"
    assert main(["convert", str(site), "--out", str(out)]) == 0
    assert not (out / "static").exists()
    assert "html_extra_path" not in (out / "conf.py").read_text(encoding="utf-8")
    html, _ = build(out)  # with -W
    assert "Hi." in (html / "_posts" / "2024-01-02-welcome.html").read_text("utf-8")


TOC_UNDER_A_HEADING = """---
title: Guide
---

## On this page
{: .no_toc}

1. TOC
{:toc}

---

## Setup

Text.

## Later

More.
"""


def test_convert_toc_under_a_heading_lists_the_whole_post(tmp_path: Path) -> None:
    """A ``{:toc}`` in a section (just-the-docs' pattern) lists the whole post, as
    kramdown's does; ``:local:`` would list nothing there (and leave the rule
    after it first in its section, which docutils rejects)."""
    site = write_site(tmp_path / "site", {"2024-01-02-guide.md": TOC_UNDER_A_HEADING})
    out = tmp_path / "native"
    assert main(["convert", str(site), "--out", str(out)]) == 0
    html, _ = build(out)  # with -W
    page = html / "_posts" / "2024-01-02-guide.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    [toc] = soup.select("nav.contents, div.contents, aside.contents")
    entries = [a.get_text() for a in toc.select("a")]
    assert {"Setup", "Later"} <= set(entries)


def test_convert_an_image_without_an_address(tmp_path: Path) -> None:
    """``![alt]()`` is the ``<img src="">`` kramdown wrote; as MyST, Sphinx would
    read the empty path as the post's folder and warn (``-W`` fails)."""
    post = "---\ntitle: Cartridge\n---\n\n![The *CP/M* cartridge]()\n\nText.\n"
    site = write_site(tmp_path / "site", {"2024-01-02-cart.md": post})
    out = tmp_path / "native"
    assert main(["convert", str(site), "--out", str(out)]) == 0
    html, _ = build(out)  # with -W
    page = html / "_posts" / "2024-01-02-cart.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    [image] = soup.select("img[alt^='The']")
    assert (image["src"], image["alt"]) == ("", "The *CP/M* cartridge")


def test_convert_an_image_read_against_the_posts_url(tmp_path: Path) -> None:
    """``./../../images/x.png`` leaves the site from the post's file; from the
    post's URL (``/2024/cart/``) it is the site's ``images/x.png``."""
    post = "---\ntitle: Cart\n---\n\n![a cart](./../../images/x.png)\n"
    site = write_site(tmp_path / "site", {"2024-01-02-cart.md": post})
    (site / "_config.yml").write_text("permalink: /:year/:title/\n", encoding="utf-8")
    (site / "images").mkdir()
    (site / "images" / "x.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    out = tmp_path / "native"
    assert main(["convert", str(site), "--out", str(out)]) == 0
    text = (out / "_posts" / "2024-01-02-cart.md").read_text(encoding="utf-8")
    assert "![a cart](/static/images/x.png)" in text
    build(out)  # with -W


def test_own_index_beside_the_jekyll_home_page(tmp_path: Path) -> None:
    """A project's ``index.md`` next to ``index.markdown``: the project's is the root,
    and Sphinx finds one file for ``index``."""
    site = _jekyll_new_site(tmp_path / "site")
    (site / "conf.py").write_text('extensions = ["sphinx_jekyllposts"]\n')
    (site / "index.md").write_text("# My blog\n\n```{postlist}\n```\n")
    html, _ = build(site)
    assert "My blog" in (html / "index.html").read_text(encoding="utf-8")


def test_init_in_a_folder_above_the_site(tmp_path: Path) -> None:
    shutil.copytree(ROOT, tmp_path / "blog")
    (tmp_path / "README.md").write_text("# The repository\n", encoding="utf-8")
    assert main(["init", str(tmp_path / "blog"), "--docs", str(tmp_path)]) == 0
    assert "jekyllposts_site_dir = 'blog'" in (tmp_path / "conf.py").read_text()
    html, _ = build(tmp_path)
    assert (html / "blog" / "_posts" / "2024-01-02-first-light.html").is_file()
    assert main(["init", str(tmp_path), "--docs", str(tmp_path / "blog")]) == 2


def test_init_corpus_site_builds_cleanly(tmp_path: Path) -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"no corpus at {CORPUS}")
    site = tmp_path / "48harry"
    shutil.copytree(CORPUS, site)
    (site / "assets" / "img").mkdir(parents=True)
    for name in HARRY_IMAGES:
        shutil.copy(ROOT / "assets" / "img" / "pic.png", site / "assets" / "img" / name)
    assert main(["init", str(site)]) == 0
    html, _ = build(site)
    assert len(post_bodies(html)) == 9  # one of the ten is `published: false`


def test_convert_post_prints_native_myst(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(ROOT / "_posts" / "2024-01-02-first-light.md")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("---\nblogpost: true\ndate: '2024-01-02'\ntags: sky, gear\n")
    assert "redirect: nights/2024/01/02/first-light/index" in out
    assert "\n# First light\n" in out
    assert ":::{admonition} Note\n:class: note\nthe lens cap" in out
    assert "[next night](2024-02-03-second-night.html)" in out
    assert ":::{image} /static/assets/img/pic.png\n:align: center\n" in out
    assert "{#details-below}\n## Details below" in out
    assert "```{code-block} python\n:linenos:" in out


def test_convert_writes_quote_entities_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The build's stand-ins for quotes written as entities never reach MyST text."""
    site = write_site(
        tmp_path,
        {"2024-01-02-q.md": "---\ntitle: Q\n---\n\n&quot;a&quot; &#39;b&#39;\n"},
    )
    assert main(["convert", str(site / "_posts" / "2024-01-02-q.md")]) == 0
    assert "\n&quot;a&quot; &#39;b&#39;\n" in capsys.readouterr().out


@pytest.mark.parametrize("theme", ["minima", "jekyll-theme-chirpy"])
def test_convert_numbers_the_blocks_rouge_numbers(
    tmp_path: Path, theme: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Under kramdown's ``line_numbers``: plain text too (Jekyll's ``guess_lang``),
    not a language Rouge has no lexer for, nor what the theme hides."""
    site = write_site(
        tmp_path / "site",
        {
            "2024-01-01-code.md": "---\ntitle: Code\n---\n\n"
            "```\nplain\n```\n\n```mermaid\ngraph\n```\n\n"
            "```console\n$ ls\n```\n\n```ruby\nputs 1\n```\n"
        },
    )
    (site / "_config.yml").write_text(
        f"theme: {theme}\nkramdown:\n  syntax_highlighter_opts:\n"
        "    block:\n      line_numbers: true\n",
        encoding="utf-8",
    )
    assert main(["convert", str(site / "_posts" / "2024-01-01-code.md")]) == 0
    out = capsys.readouterr().out
    numbered = re.findall(r"```\{code-block\} (\w+)\n:linenos:", out)
    chirpy = theme == "jekyll-theme-chirpy"
    assert numbered == (["ruby"] if chirpy else ["text", "console", "ruby"])
    assert "```text\ngraph\n```" in out


def test_convert_keeps_code_that_opens_like_directive_options(tmp_path: Path) -> None:
    """A numbered block whose code opens with ``---`` (a front matter shown) or
    ``:x`` keeps those lines as code, and the converted project builds with -W."""
    site = write_site(
        tmp_path / "site",
        {
            "2024-01-01-fm.md": "---\ntitle: FM\n---\n\n"
            "```yaml\n---\nlayout: post\n---\n```\n\n```vim\n:tag get\n```\n"
        },
    )
    (site / "_config.yml").write_text(
        "kramdown:\n  syntax_highlighter_opts:\n    block:\n      line_numbers: true\n",
        encoding="utf-8",
    )
    out = tmp_path / "native"
    assert main(["convert", str(site), "--out", str(out)]) == 0
    html, _ = build(out)  # with -W
    page = html / "_posts" / "2024-01-01-fm.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    code = " ".join(pre.get_text() for pre in soup.select("pre"))
    assert "layout: post" in code and ":tag get" in code


def test_convert_post_build_form(capsys: pytest.CaptureFixture[str]) -> None:
    post = ROOT / "_posts" / "2024-02-03-second-night.md"
    assert main(["convert", "--build-form", str(post)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("---\nmyst: {enable_extensions: [")
    assert len(out.splitlines()) >= len(post.read_text(encoding="utf-8").splitlines())


def test_convert_site_needs_out(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(ROOT)]) == 2
    assert "--out" in capsys.readouterr().err


def convert_and_compare(site: Path, extension_html: Path, out: Path) -> None:
    assert main(["convert", str(site), "--out", str(out)]) == 0
    conf = (out / "conf.py").read_text(encoding="utf-8")
    assert "sphinx_jekyllposts" not in conf
    native_html, _ = build(out)
    expected = post_bodies(extension_html)
    assert expected
    assert post_bodies(native_html) == expected


def test_convert_site_renders_the_same_posts(cli_site: Path, tmp_path: Path) -> None:
    html = cli_site / "_build" / "html"
    if not html.is_dir():
        html, _ = build(cli_site)
    convert_and_compare(cli_site, html, tmp_path / "native")
    out = tmp_path / "native"
    assert (out / "static" / "files" / "notes.txt").is_file()
    assert (out / "about" / "index.md").is_file()
    native = out / "_build" / "html"
    assert (native / "files" / "notes.txt").is_file()  # served where Jekyll had it
    redirect = native / "nights" / "2024" / "01" / "02" / "first-light" / "index.html"
    assert "2024-01-02-first-light.html" in redirect.read_text(encoding="utf-8")
    # rules where docutils rejects them (first, adjacent, last, in a list or a
    # callout) are kept, as in Jekyll, and the native build has no warning for them
    page = "_posts/2024-02-03-second-night.html"
    assert _rules(native / page) == _rules(html / page) == 6


def _rules(page: Path) -> int:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    section = soup.select_one("article section")
    assert section is not None
    return len(section.select("hr"))


def test_convert_corpus_renders_the_same_posts(tmp_path: Path) -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"no corpus at {CORPUS}")
    site = tmp_path / "48harry"
    shutil.copytree(CORPUS, site)
    (site / "assets" / "img").mkdir(parents=True)
    for name in HARRY_IMAGES:
        shutil.copy(ROOT / "assets" / "img" / "pic.png", site / "assets" / "img" / name)
    assert main(["init", str(site)]) == 0
    html, _ = build(site)
    convert_and_compare(site, html, tmp_path / "native")


def test_serve_command_line(tmp_path: Path) -> None:
    args = argparse.Namespace(
        site=tmp_path, drafts=True, future=True, host="127.0.0.1", port=4001, out=None
    )
    command = autobuild_command(args, tmp_path)
    assert command[1:4] == ["-m", "sphinx_autobuild", str(tmp_path)]
    assert "jekyllposts_drafts=1" in command
    assert "jekyllposts_future=1" in command
    assert command[command.index("--port") + 1] == "4001"


def test_serve_without_sphinx_autobuild(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "sphinx_autobuild" else real(name, *a),
    )
    assert main(["serve", str(ROOT)]) == 2
    assert "pip install 'sphinx-jekyllposts[serve]'" in capsys.readouterr().err


def test_serve_without_a_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("sphinx_autobuild")
    site = tmp_path / "site"
    shutil.copytree(ROOT, site)
    assert main(["serve", str(site)]) == 2
    assert "jekyllposts init" in capsys.readouterr().err


def test_check_reports_and_exits(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(ROOT)]) == 0
    assert "0 problems" in capsys.readouterr().err


def test_drafts_override_from_the_command_line(cli_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "html"
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-q",
        "-b",
        "html",
        str(cli_site),
        str(out),
    ]
    command += ["-D", "jekyllposts_drafts=1"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert "jekyllposts_drafts" not in result.stderr
    assert (out / "_drafts" / "a-draft.html").is_file()


def test_convert_ends_raw_html_where_kramdown_does(tmp_path: Path) -> None:
    """Text right after a raw HTML element is Markdown: the converted post has a
    blank line after the element, and none of the build's line marks."""
    post = "---\ntitle: Raw\n---\n\n<h1>Title</h1>\nSome *text*.\n\n> <hr>\n> quoted\n"
    site = write_site(tmp_path / "site", {"2024-01-02-raw.md": post})
    out = tmp_path / "native"
    assert main(["convert", str(site), "--out", str(out)]) == 0
    text = (out / "_posts" / "2024-01-02-raw.md").read_text(encoding="utf-8")
    assert "<h1>Title</h1>\n\nSome *text*.\n" in text
    assert "> <hr>\n>\n> quoted\n" in text
    assert "kramdown-->" not in text
    html, _ = build(out)  # with -W
    page = (html / "_posts" / "2024-01-02-raw.html").read_text(encoding="utf-8")
    assert "<p>Some <em>text</em>.</p>" in page
