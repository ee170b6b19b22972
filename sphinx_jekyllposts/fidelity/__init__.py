"""How faithfully Sphinx renders a Jekyll site's posts, measured against real Jekyll.

``python -m sphinx_jekyllposts.fidelity SITE`` (or ``nox -s fidelity -- SITE``) renders
the site's posts with Jekyll, builds a copy of the site with Sphinx (``html`` and
``dirhtml``) and reports, per post: shared visible text, structure, leaked syntax,
whether the Jekyll URL answers, and whether the feed lists the same metadata.
Needs BeautifulSoup (``pip install sphinx-jekyllposts[fidelity]``).
"""

from __future__ import annotations

from .measure import STRUCTURE, leaks, structure, text_score, tokens
from .outputs import FeedEntry, feed_entries, page_of, url_answers
from .project import BUILDERS, build, prepare_project
from .reference import (
    JekyllUnavailableError,
    Reference,
    ReferencePost,
    jekyll_command,
    load_reference,
    render_with_jekyll,
    site_digest,
    write_reference,
)
from .report import (
    EXCERPT,
    PRECISION,
    RECALL,
    PostReport,
    compare,
    extra_posts,
    format_report,
    markdown_table,
    summary_line,
)

__all__ = [
    "BUILDERS",
    "EXCERPT",
    "PRECISION",
    "RECALL",
    "STRUCTURE",
    "FeedEntry",
    "JekyllUnavailableError",
    "PostReport",
    "Reference",
    "ReferencePost",
    "build",
    "compare",
    "extra_posts",
    "feed_entries",
    "format_report",
    "jekyll_command",
    "leaks",
    "load_reference",
    "markdown_table",
    "page_of",
    "prepare_project",
    "render_with_jekyll",
    "site_digest",
    "structure",
    "summary_line",
    "text_score",
    "tokens",
    "url_answers",
    "write_reference",
]
