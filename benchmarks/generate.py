"""A seeded generator of realistic Jekyll blogs, and the same posts as native MyST + ABlog.

``write_jekyll_site(root, n)`` writes a Jekyll site (``_config.yml``, ``_posts/``,
``_includes/``, images) with a Sphinx ``conf.py`` that loads ``sphinx_jekyllposts``.
``write_native_site(jekyll_root, root)`` converts every post with the package's own
pipeline (Liquid, then kramdown with ``top_heading_level=2``) and writes it as a
MyST document with ABlog front matter, in a project configured like the first one.

Posts mix Korean and English prose, headings from ``###``, fenced code, ``{%
highlight %}`` blocks, IAL boxes, tables, math, images, 2-4 tags from a pool and a
category, like the blogs the extension is written for.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
import random
import re
import shutil
import struct
import zlib

__all__ = [
    "CONF_COMMON",
    "edit_post",
    "write_empty_site",
    "write_jekyll_site",
    "write_native_site",
]

TAGS = [
    "python", "sphinx", "jekyll", "gardening", "텃밭", "여행", "cycling", "math",
    "요리", "books", "linux", "rust", "photography", "음악", "notes", "web",
    "데이터", "korean", "hiking", "coffee",
]  # fmt: skip
CATEGORIES = ["dev", "life", "일상", "study", "travel"]

KO_WORDS = [
    "올해는",
    "베란다에",
    "작은",
    "텃밭을",
    "만들기로",
    "했다",
    "흙은",
    "배양토",
    "두",
    "포대를",
    "샀다",
    "아침마다",
    "물을",
    "주고",
    "저녁에는",
    "잎을",
    "살펴본다",
    "자전거를",
    "타고",
    "강변을",
    "따라",
    "달렸다",
    "바람이",
    "선선해서",
    "오래",
    "달릴",
    "수",
    "있었다",
    "책을",
    "읽으며",
    "커피를",
    "마셨다",
    "새로운",
    "언어를",
    "배우는",
    "일은",
    "언제나",
    "즐겁다",
    "코드를",
    "정리하고",
    "테스트를",
    "돌렸다",
    "문서를",
    "다시",
    "읽어",
    "보니",
    "고칠",
    "곳이",
    "많았다",
    "수식을",
    "정리하면",
    "다음과",
    "같다",
]
EN_WORDS = [
    "the",
    "build",
    "reads",
    "every",
    "post",
    "once",
    "and",
    "writes",
    "each",
    "page",
    "with",
    "its",
    "sidebar",
    "a",
    "small",
    "garden",
    "on",
    "the",
    "balcony",
    "needs",
    "water",
    "every",
    "second",
    "day",
    "while",
    "basil",
    "hates",
    "cold",
    "nights",
    "we",
    "rode",
    "along",
    "the",
    "river",
    "for",
    "three",
    "hours",
    "and",
    "stopped",
    "for",
    "coffee",
    "the",
    "parser",
    "keeps",
    "each",
    "source",
    "line",
    "on",
    "its",
    "line",
    "so",
    "warnings",
    "point",
    "at",
    "the",
    "original",
    "file",
    "tests",
    "run",
    "on",
    "every",
    "commit",
    "and",
    "the",
    "docs",
    "are",
    "built",
    "with",
    "warnings",
    "as",
    "errors",
]
LANGS = ["python", "javascript", "ruby", "bash", "yaml"]
CODE = {
    "python": "def water(days):\n    return days + 2\n\nprint(water(3))",
    "javascript": "var water = function(days) {\n  return(days + 2);\n}\nwater(3)",
    "ruby": "def water(days)\n  days + 2\nend\nputs water(3)",
    "bash": 'for f in _posts/*.md; do\n  wc -l "$f"\ndone',
    "yaml": "title: Test Garden\nlang: ko\ntimezone: Asia/Seoul",
}
BOXES = ["box-note", "box-warning", "box-success", "box-error"]
IMAGES = 8

#: The Sphinx configuration both projects share (theme, ABlog, feeds as in issue 7).
CONF_COMMON = """
project = "Bench Blog"
author = "Bench Author"
copyright = "2025, Bench Author"
exclude_patterns = ["_build"]
html_theme = "pydata_sphinx_theme"
html_title = "Bench Blog"
html_theme_options = {"show_prev_next": False, "secondary_sidebar_items": ["page-toc"]}
html_sidebars = {"**": ["ablog/postcard.html", "ablog/recentposts.html",
                        "ablog/tagcloud.html", "ablog/categories.html",
                        "ablog/archives.html"]}
blog_title = "Bench Blog"
blog_baseurl = "https://example.org/"
blog_authors = {"Bench Author": ("Bench Author", None)}
blog_default_author = "Bench Author"
post_date_format = "%Y-%m-%d"
post_date_format_short = "%Y-%m-%d"
import os, sys
sys.path.insert(0, os.environ.get("JEKYLLPOSTS_BENCH_DIR", "."))
if os.environ.get("JEKYLLPOSTS_BENCH_COUNT"):
    extensions.append("_count")
if os.environ.get("JEKYLLPOSTS_BENCH_FEEDS", "archives") == "archives":
    blog_feed_archives = True
    blog_feed_fulltext = True
"""

INDEX = """# Bench Blog

```{postlist} 10
:excerpts:
```
"""


def _sentence(rng: random.Random, korean: bool) -> str:
    words = rng.choices(KO_WORDS if korean else EN_WORDS, k=rng.randint(8, 16))
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, korean: bool) -> str:
    return " ".join(_sentence(rng, korean) for _ in range(rng.randint(2, 5)))


def _table(rng: random.Random) -> str:
    rows = ["| Plant | Sown | Sprouted |", "| :------ |:--- | :--- |"]
    rows += [
        f"| {name} | May {rng.randint(1, 9)} | May {rng.randint(10, 20)} |"
        for name in rng.sample(["Basil", "상추", "Tomato", "고추", "Mint", "깻잎"], 3)
    ]
    return "\n".join(rows)


def _section(rng: random.Random, korean: bool, number: int) -> list[str]:
    heading = " ".join(rng.choices(KO_WORDS if korean else EN_WORDS, k=3))
    blocks = [f"### {heading} {number}", _paragraph(rng, korean)]
    kind = rng.randrange(6)
    if kind == 0:
        lang = rng.choice(LANGS)
        blocks.append(f"```{lang}\n{CODE[lang]}\n```")
    elif kind == 1:
        lang = rng.choice(LANGS)
        options = rng.choice(["", " linenos"])
        blocks.append(
            f"{{% highlight {lang}{options} %}}\n{CODE[lang]}\n{{% endhighlight %}}"
        )
    elif kind == 2:
        blocks.append(f"{{: .{rng.choice(BOXES)}}}\n**Note:** {_sentence(rng, korean)}")
    elif kind == 3:
        blocks.append(_table(rng))
    elif kind == 4:
        blocks.append(
            "When \\\\(a \\ne 0\\\\), there are two solutions to \\\\(ax^2 + bx + c = 0\\\\):\n\n"
            "$$x = {-b \\pm \\sqrt{b^2-4ac} \\over 2a}.$$"
        )
    else:
        image = rng.randrange(IMAGES)
        blocks.append(
            f"![Picture {image}](/assets/img/photo-{image}.png){{: .mx-auto.d-block :}}"
        )
    blocks.append(_paragraph(rng, korean))
    if rng.random() < 0.3:
        blocks.append(f"#### {' '.join(rng.choices(EN_WORDS, k=2))}")
        blocks.append(_paragraph(rng, korean))
    return blocks


def _post(rng: random.Random, index: int, start: dt.date) -> tuple[str, str]:
    """``(file name, text)`` of post number ``index``."""
    date = start + dt.timedelta(days=index * 2 + rng.randrange(2))
    korean = rng.random() < 0.5
    title_words = rng.choices(KO_WORDS if korean else EN_WORDS, k=rng.randint(3, 5))
    title = " ".join(title_words).capitalize() + f" {index}"
    slug = f"post-{index:05d}"
    tags = rng.sample(TAGS, rng.randint(2, 4))
    front = [
        "---",
        "layout: post",
        f'title: "{title}"',
        f'subtitle: "{_sentence(rng, not korean)[:60]}"',
        f"tags: [{', '.join(tags)}]",
        f"categories: [{rng.choice(CATEGORIES)}]",
    ]
    if korean:
        front.append("lang: ko")
    front += ["mathjax: true", "---", "", ""]
    blocks = [_paragraph(rng, korean)]
    for number in range(1, rng.randint(3, 6)):
        blocks += _section(rng, korean, number)
    return f"{date.isoformat()}-{slug}.md", "\n".join(front) + "\n\n".join(
        blocks
    ) + "\n"


def _png(rng: random.Random) -> bytes:
    """A small solid-colour PNG."""
    width = height = 16
    pixel = bytes(rng.randrange(256) for _ in range(3))
    raw = b"".join(b"\x00" + pixel * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _write_images(root: Path, rng: random.Random) -> None:
    folder = root / "assets" / "img"
    folder.mkdir(parents=True, exist_ok=True)
    for image in range(IMAGES):
        (folder / f"photo-{image}.png").write_bytes(_png(rng))


def write_jekyll_site(root: Path, n: int, seed: int = 7) -> list[Path]:
    """Write a Jekyll site of ``n`` posts (and its ``conf.py``); return the post files."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    posts_dir = root / "_posts"
    posts_dir.mkdir(parents=True)
    (root / "_config.yml").write_text(
        "title: Bench Blog\nauthor: Bench Author\nlang: ko\ntimezone: Asia/Seoul\n"
        "url: https://example.org\nmarkdown: kramdown\nkramdown:\n  input: GFM\n"
        "permalink: /:year/:month/:day/:title/\n",
        encoding="utf-8",
    )
    (root / "conf.py").write_text(
        'extensions = ["sphinx_jekyllposts"]\n' + CONF_COMMON, encoding="utf-8"
    )
    (root / "index.md").write_text(INDEX, encoding="utf-8")
    _write_images(root, rng)
    start = dt.date(2019, 1, 1)
    files = []
    for index in range(n):
        name, text = _post(rng, index, start)
        path = posts_dir / name
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return files


def write_native_site(jekyll_root: Path, root: Path) -> list[Path]:
    """Write the posts of ``jekyll_root`` as native MyST + ABlog posts in ``root``."""
    from sphinx_jekyllposts.convert import kramdown_options, new_liquid_environment
    from sphinx_jekyllposts.kramdown import MYST_EXTENSIONS, convert
    from sphinx_jekyllposts.liquid_ import render_post
    from sphinx_jekyllposts.posts import ablog_options, scan_site
    from sphinx_jekyllposts.site import load_site

    if root.exists():
        shutil.rmtree(root)
    (root / "posts").mkdir(parents=True)
    shutil.copytree(jekyll_root / "assets", root / "assets")
    extensions = ", ".join(f'"{e}"' for e in MYST_EXTENSIONS)
    (root / "conf.py").write_text(
        f'extensions = ["myst_parser", "ablog", "sphinx_design"]\n'
        f"myst_enable_extensions = [{extensions}]\n" + CONF_COMMON,
        encoding="utf-8",
    )
    (root / "index.md").write_text(INDEX, encoding="utf-8")
    site, _ = load_site(jekyll_root)
    scan = scan_site(site, drafts=False, future=True, unpublished=False)
    liquid = new_liquid_environment(site, scan.posts)
    files = []
    for post in scan.posts:
        options = ablog_options(post, site)
        body = convert(
            render_post(liquid, post).text,
            kramdown_options(site, post, top_heading_level=2),
        ).text
        front = [
            "---",
            "blogpost: true",
            f"date: {options['date'][:10]}",
            f"tags: {', '.join(options['tags'])}",
            f"category: {', '.join(options['category'])}",
            f"author: {', '.join(options['author'])}",
            "---",
            "",
            f"# {post.title}",
            "",
        ]
        if post.subtitle:
            front += [post.subtitle, ""]
        path = root / "posts" / (Path(post.path).stem + ".md")
        path.write_text("\n".join(front) + "\n" + body, encoding="utf-8")
        files.append(path)
    return sorted(files)


def write_plain_site(native_root: Path, root: Path) -> list[Path]:
    """The native project's pages and theme without ABlog: what Sphinx alone costs
    for the same documents (no archive pages, feeds or post sidebars)."""
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(native_root, root)
    conf = (root / "conf.py").read_text(encoding="utf-8")
    conf = conf.replace('"ablog", ', "")
    conf = re.sub(r"html_sidebars = \{.*?\]\}\n", "", conf, flags=re.DOTALL)
    # the posts are in no toctree, as ABlog's are not; Sphinx would say so of each
    conf += 'suppress_warnings = ["toc.not_included"]\n'
    (root / "conf.py").write_text(conf, encoding="utf-8")
    (root / "index.md").write_text("# Bench Blog\n\nThe posts.\n", encoding="utf-8")
    return sorted((root / "posts").glob("*.md"))


def write_empty_site(root: Path) -> None:
    """A one-page project with the native project's extensions and configuration:
    what any ``sphinx-build`` of such a blog costs before its first post."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    (root / "conf.py").write_text(
        'extensions = ["myst_parser", "ablog", "sphinx_design"]\n'
        "fontawesome_included = True  # a stable configuration, as ours sets it\n"
        + CONF_COMMON,
        encoding="utf-8",
    )
    (root / "index.md").write_text(INDEX, encoding="utf-8")


def edit_post(path: Path) -> None:
    """Change the text of one paragraph of a post (what a writer's edit does)."""
    text = path.read_text(encoding="utf-8")
    marker = "\n\n"
    at = text.rfind(".", 0, text.rfind(marker))
    path.write_text(text[:at] + " (edited)" + text[at:], encoding="utf-8")
