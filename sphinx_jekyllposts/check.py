"""Every problem of a site's posts without a build: what ``jekyllposts check`` prints.

The same pure stages as the Sphinx build (site, scan, Liquid, kramdown) give the same
messages, one line each: ``path:line: message [jekyllposts.subtype]``, with paths
relative to the site and 1-based lines of the original files.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from .convert import convert_post, new_liquid_environment
from .posts import scan_site
from .site import load_site

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from .warnings_ import Diagnostic

__all__ = ["check_site"]


def check_site(site_dir: Path, *, drafts: bool) -> list[str]:
    """Read and convert every post of the site at ``site_dir``, as a build would.

    Posts are chosen as the build chooses them with its default configuration:
    ``future``, ``unpublished`` and ``show_drafts`` come from ``_config.yml``.

    :param drafts: check ``_drafts/`` too (else as ``show_drafts`` says)
    :return: one line per problem, ``path:line: message [jekyllposts.subtype]``
    """
    site, site_diagnostics = load_site(site_dir)
    lines = _format(site_diagnostics, "_config.yml")
    config = site.config
    scan = scan_site(
        site,
        drafts=drafts or config.get("show_drafts") is True,
        future=config.get("future") is True,
        unpublished=config.get("unpublished") is True,
    )
    liquid = new_liquid_environment(site, scan.posts)
    for post_file in scan.files:
        lines += _format(post_file.diagnostics, post_file.path)
        if post_file.post is not None and not post_file.skipped:
            converted = convert_post(site, post_file.post, liquid)
            lines += _format(converted.diagnostics, post_file.path)
    return lines


def _format(diagnostics: Iterable[Diagnostic], path: str) -> list[str]:
    """Sphinx's wording; a problem of the whole file is on its line 1, as built."""
    return [replace(d, line=d.line or 1).format(path) for d in diagnostics]
