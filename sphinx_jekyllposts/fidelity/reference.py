"""What real Jekyll renders for each post: run it, save it, read it back.

A reference is a folder::

    reference.json          Jekyll and kramdown versions, "now", the site digest, notes,
                            and per post: source path, URL, title, date, tags,
                            categories, excerpt (HTML)
    html/<source path>.html the post's content as Jekyll rendered it (no layout)

Jekyll runs through ``render.rb`` (next to this module), which uses Jekyll's own
library: it reads the site in place, renders every post without layouts and writes
nothing into the site.
"""

from __future__ import annotations

import dataclasses as dc
import hashlib
import json
import os
from pathlib import Path
import shlex
import shutil
import subprocess
import tempfile
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "JekyllUnavailableError",
    "Reference",
    "ReferencePost",
    "jekyll_command",
    "load_reference",
    "render_with_jekyll",
    "site_digest",
    "write_reference",
]

_RENDER_SCRIPT = Path(__file__).with_name("render.rb")
#: Names ignored when a site is copied or digested (build output, caches, VCS).
IGNORED_NAMES = frozenset(
    {".git", ".hg", ".svn", "_site", ".jekyll-cache", ".jekyll-metadata",
     ".sass-cache", "node_modules", "vendor", ".bundle", "_build"}
)  # fmt: skip


class JekyllUnavailableError(RuntimeError):
    """Ruby with the ``jekyll`` library cannot be run here."""


@dc.dataclass(frozen=True)
class ReferencePost:
    """One post as Jekyll built it."""

    source_path: str
    url: str
    title: str
    date: str
    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    excerpt: str = ""
    #: ``description`` from the front matter, which jekyll-feed prefers to the excerpt
    description: str = ""
    content: str = ""
    error: str | None = None

    def metadata(self) -> dict[str, Any]:
        """The JSON form of everything but the content."""
        data = dc.asdict(self)
        data.pop("content")
        data["tags"], data["categories"] = list(self.tags), list(self.categories)
        for key in ("error", "description"):
            if not data[key]:
                data.pop(key)
        return data


@dc.dataclass(frozen=True)
class Reference:
    """Every post Jekyll built for a site, newest first."""

    posts: tuple[ReferencePost, ...]
    jekyll: str = ""
    kramdown: str = ""
    time: str = ""
    digest: str = ""
    notes: tuple[str, ...] = ()


def jekyll_command() -> list[str]:
    """The Ruby command that can ``require "jekyll"``.

    ``$JEKYLL_RUBY`` overrides it (e.g. ``bundle exec ruby`` for a site whose Jekyll
    comes from its Gemfile).

    :raises JekyllUnavailableError: when there is no such Ruby
    """
    command = shlex.split(os.environ.get("JEKYLL_RUBY", "ruby"))
    if not command or shutil.which(command[0]) is None:
        raise JekyllUnavailableError(
            f"{command[0] if command else 'ruby'!r} was not found; install Ruby and "
            "Jekyll 4 (e.g. 'apt install jekyll' or 'gem install jekyll'), or set "
            "$JEKYLL_RUBY"
        )
    probe = subprocess.run(
        [*command, "-e", 'require "jekyll"; print Jekyll::VERSION'],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if probe.returncode != 0:
        raise JekyllUnavailableError(
            f"Ruby cannot load Jekyll ({probe.stderr.strip().splitlines()[-1:]}); "
            "install it with 'gem install jekyll' or set $JEKYLL_RUBY"
        )
    return command


def render_with_jekyll(
    site: Path,
    *,
    time: str | None = None,
    drafts: bool = False,
    future: bool = False,
    unpublished: bool = False,
    config: list[str] | None = None,
) -> Reference:
    """Render the posts of ``site`` with real Jekyll.

    :param time: Jekyll's "now" (ISO 8601), which decides which posts are future
    :param config: config files relative to the site, instead of ``_config.yml``
    :raises JekyllUnavailableError: when Jekyll cannot be run
    :raises RuntimeError: when Jekyll fails on the site as a whole
    """
    command = jekyll_command()
    options = {"source": str(site.resolve()), "config": config, "time": time,
               "drafts": drafts, "future": future, "unpublished": unpublished}  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="jekyllposts-fidelity-") as tmp:
        options_file, out_file = Path(tmp, "options.json"), Path(tmp, "out.json")
        options_file.write_text(json.dumps(options), encoding="utf-8")
        env = {**os.environ, "JEKYLL_ENV": "production"}
        done = subprocess.run(
            [*command, str(_RENDER_SCRIPT), str(options_file), str(out_file)],
            capture_output=True, text=True, check=False, env=env, cwd=tmp,
        )  # fmt: skip
        if done.returncode != 0 or not out_file.is_file():
            raise RuntimeError(f"Jekyll failed on {site}:\n{done.stderr.strip()}")
        data = json.loads(out_file.read_text(encoding="utf-8"))
    notes = [f"disabled {item}" for item in data["disabled"]]
    notes += [f"stubbed {item}" for item in data["stubs"]]
    return Reference(
        posts=tuple(_post(entry) for entry in data["posts"]),
        jekyll=data["jekyll"], kramdown=data["kramdown"], time=data["time"],
        digest=site_digest(site), notes=tuple(notes),
    )  # fmt: skip


def _post(entry: Mapping[str, Any]) -> ReferencePost:
    def strings(value: Any) -> tuple[str, ...]:
        return tuple(str(v) for v in (value or []))

    return ReferencePost(
        source_path=entry["source_path"], url=entry["url"],
        title=str(entry.get("title") or ""), date=entry["date"],
        tags=strings(entry.get("tags")), categories=strings(entry.get("categories")),
        excerpt=entry.get("excerpt") or "", content=entry.get("content") or "",
        description=entry.get("description") or "",
        error=entry.get("error"),
    )  # fmt: skip


def site_digest(site: Path) -> str:
    """A SHA-256 of every file of the site (names and bytes), to spot a stale reference."""
    digest = hashlib.sha256()
    for path in sorted(_site_files(site)):
        digest.update(path.relative_to(site).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _site_files(site: Path) -> list[Path]:
    files = []
    for folder, dirs, names in os.walk(site):
        dirs[:] = [d for d in dirs if d not in IGNORED_NAMES]
        files += [Path(folder, n) for n in names if n not in IGNORED_NAMES]
    return files


def write_reference(reference: Reference, folder: Path) -> None:
    """Save ``reference`` as ``reference.json`` plus one HTML file per post."""
    html = folder / "html"
    if html.is_dir():
        shutil.rmtree(html)
    for post in reference.posts:
        target = html / f"{post.source_path}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(post.content, encoding="utf-8")
    data = {
        "jekyll": reference.jekyll, "kramdown": reference.kramdown,
        "time": reference.time, "digest": reference.digest,
        "notes": list(reference.notes),
        "posts": [post.metadata() for post in reference.posts],
    }  # fmt: skip
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    (folder / "reference.json").write_text(text, encoding="utf-8")


def load_reference(folder: Path) -> Reference:
    """Read a reference saved by :func:`write_reference`.

    :raises FileNotFoundError: when ``folder`` holds no ``reference.json``
    """
    data = json.loads((folder / "reference.json").read_text(encoding="utf-8"))
    posts = []
    for entry in data["posts"]:
        html = folder / "html" / f"{entry['source_path']}.html"
        content = html.read_text(encoding="utf-8") if html.is_file() else ""
        posts.append(_post({**entry, "content": content}))
    return Reference(
        posts=tuple(posts), jekyll=data.get("jekyll", ""),
        kramdown=data.get("kramdown", ""), time=data.get("time", ""),
        digest=data.get("digest", ""), notes=tuple(data.get("notes", ())),
    )  # fmt: skip
