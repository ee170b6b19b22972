"""``post_url`` / ``link`` results where Jekyll's idioms put them: after a site prefix, in text.

The Liquid stage writes ``jekyllposts-source:<path>`` for a target, and
:class:`.transforms.ResolvePostLinks` points links at the target's page. Before
that, this module reads the two other places such a URL stands in a post.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from docutils import nodes

from .frontmatter import split_front_matter
from .transforms import SOURCE_LINK_SCHEME, SOURCE_URL, PostTransform
from .urls import page_url, relative_url

if TYPE_CHECKING:
    from .extension import BuildState
    from .site import Site

__all__ = ["PrepareSourceLinks", "site_prefixes"]


def site_prefixes(site: Site) -> tuple[str, ...]:
    """What ``{{ site.url }}`` and ``{{ site.baseurl }}`` put before a URL, longest first."""
    url = str(site.config.get("url") or "").rstrip("/")
    baseurl = str(site.config.get("baseurl") or "").strip("/")
    baseurl = f"/{baseurl}" if baseurl else ""
    found = {url + baseurl, url, baseurl} - {""}
    return tuple(sorted(found, key=len, reverse=True))


class PrepareSourceLinks(PostTransform):
    """Read a ``post_url`` / ``link`` result after a site prefix or in text.

    ``{{ site.baseurl }}{% post_url x %}`` (Jekyll 3's idiom, before ``post_url``
    gave the ``baseurl`` itself) and ``{{ site.url }}{% post_url x %}`` link to
    the post: the prefix goes. A result shown as text (not a link) shows the URL
    Jekyll writes, below ``baseurl``.
    ``<reference refuri="/blog jekyllposts-source:_posts/x.md">`` →
    ``<reference refuri="jekyllposts-source:_posts/x.md">``;
    ``jekyllposts-source:_posts/x.md`` in text → ``/blog/2024/01/02/x.html``
    """

    # After parsing, before the site paths are read (ResolveSitePaths, 600).
    default_priority = 550

    def apply_to_post(self, record: dict[str, Any]) -> None:
        from .extension import get_state

        state = get_state(self.app)
        prefixes = "|".join(map(re.escape, site_prefixes(state.site)))
        prefixed = re.compile(f"(?:{prefixes}){re.escape(SOURCE_LINK_SCHEME)}")
        for reference in self.document.findall(nodes.reference):
            uri = reference.get("refuri", "")
            if SOURCE_LINK_SCHEME in uri and not uri.startswith(SOURCE_LINK_SCHEME):
                reference["refuri"] = prefixed.sub(SOURCE_LINK_SCHEME, uri, count=1)
        for raw in self.document.findall(nodes.raw):
            text = raw.astext()
            if SOURCE_LINK_SCHEME in text:
                raw.children = []
                raw.append(nodes.Text(prefixed.sub(SOURCE_LINK_SCHEME, text)))
        for text in list(self.document.findall(nodes.Text)):
            parent = text.parent
            if (
                SOURCE_LINK_SCHEME in text
                and isinstance(parent, nodes.TextElement)
                and not isinstance(parent, nodes.raw)
            ):
                shown = SOURCE_URL.sub(
                    lambda m: _shown_url(state, m["path"]) + m["rest"], str(text)
                )
                parent.replace(text, nodes.Text(shown))


def _shown_url(state: BuildState, quoted_path: str) -> str:
    """The URL Jekyll's ``post_url`` / ``link`` writes for a file of the site."""
    path = unquote(quoted_path)
    site = state.site
    post = next((p for p in state.posts_by_docname.values() if p.path == path), None)
    if post is not None:
        url = state.jekyll_url(post)
    elif (site.root / path).is_file() and path.endswith((".md", ".markdown", ".html")):
        text = (site.root / path).read_text(encoding="utf-8", errors="replace")
        url = page_url(site, path, split_front_matter(text).data)
    else:
        url = "/" + path
    return relative_url(url, site)
