"""Site-absolute paths in posts (``/assets/…``, ``{{ site.baseurl }}/…``) and static files.

Jekyll serves the site's static files at their own paths; Sphinx serves pages at
``_posts/…``. Images are pointed at the files in the site, links to other posts at
their pages, links to static files at the copies this module writes to the output.
"""

from __future__ import annotations

from pathlib import Path
import posixpath
import re
import shutil
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlsplit

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from . import urls
from .site import static_files
from .transforms import PostTransform
from .warnings_ import WARNING_TYPE, JekyllpostsWarning

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .extension import BuildState
    from .frontmatter import Post

logger = logging.getLogger(__name__)

__all__ = [
    "DropServedImages",
    "ResolveSitePaths",
    "ResolveStaticLinks",
    "copy_static_files",
    "setup_paths",
]

#: The URL scheme for links to the site's static files, resolved per page.
STATIC_SCHEME = "jekyllposts-static:"
#: Images served by the Jekyll site but not in its folder ("://": Sphinx reads no
#: file for them), resolved per page.
SERVED_SCHEME = "jekyllposts-served://"
#: The URL scheme for links to a document of the Sphinx project, resolved per page.
DOCUMENT_SCHEME = "jekyllposts-document:"
_HTML_BUILDERS = ("html", "dirhtml")


def setup_paths(app: Sphinx) -> None:
    """Register the transforms of this module."""
    app.add_transform(ResolveSitePaths)
    app.add_post_transform(ResolveStaticLinks)
    app.add_post_transform(DropServedImages)


class ResolveSitePaths(PostTransform):
    """Read ``/path`` in a post as Jekyll does: from the site root, below ``baseurl``.

    ``<image uri="assets/x.png" original_uri="/blog/assets/x.png">`` →
    ``<image uri="site/assets/x.png">``;
    ``<reference refuri="/2024/01/02/post/">`` →
    ``<reference refuri="jekyllposts-source:_posts/2024-01-02-post.md">``
    """

    # Before Sphinx collects images (doctree-read); after the callouts (500).
    default_priority = 600

    def apply_to_post(self, record: dict[str, Any]) -> None:
        """Rewrite image and link paths of a converted post."""
        from .extension import get_state

        state = get_state(self.app)
        post = state.posts_by_docname[self.env.docname]
        subpath = str(post.data.get("media_subpath") or post.data.get("img_path") or "")
        post_dir = (state.site.root / post.path).parent
        cdn = _media_cdn(state)
        for image in list(self.document.findall(nodes.image)):
            raw = str(image.get("original_uri") or image["uri"])
            if subpath and not raw.startswith("/") and "://" not in raw:
                raw = posixpath.join("/", subpath.strip("/"), raw)
            if cdn and ":" not in raw:
                image["uri"] = cdn + "/" + raw.lstrip("/")
                continue
            local = site_path(state, raw)
            if local is not None and _served_elsewhere(state, local):
                image["uri"] = SERVED_SCHEME + quote(local)
            elif local is not None:
                image["uri"] = "/" + state.site_prefix + local
            elif "://" in raw or raw.startswith("data:"):
                continue
            elif raw.startswith("/"):
                _leave_out(image, raw)
            elif not _inside(post_dir / unquote(raw), state):
                # (``../../images/x.png`` leaves the site from the post's file, not
                # always from its URL, which the browser read it against)
                if not _beside_the_url(image, raw, state, post):
                    _leave_out(image, raw)
            elif (post_dir / unquote(raw)).is_file():
                image["uri"] = unquote(raw)  # markdown-it %-encodes; files are not
            elif not _beside_the_url(image, raw, state, post):
                image["uri"] = unquote(raw)  # Sphinx reports it missing, at its line
        urls = _post_urls(state)
        for reference in self.document.findall(nodes.reference):
            uri = reference.get("refuri", "")
            local = site_path(state, uri)
            if local is None:
                continue
            fragment = urlsplit(uri).fragment
            suffix = f"#{fragment}" if fragment else ""
            target = urls.get("/" + local) or urls.get("/" + local + "/")
            if target is not None:
                reference["refuri"] = "jekyllposts-source:" + quote(target) + suffix
            elif (state.site.root / local).is_file():
                reference["refuri"] = STATIC_SCHEME + quote(local) + suffix
            elif document := _document_at(self.env.found_docs, local):
                reference["refuri"] = DOCUMENT_SCHEME + quote(document) + suffix


def _document_at(documents: set[str], local: str) -> str | None:
    """The document of the Sphinx project a Jekyll URL's page is now
    (``about/`` → ``about/index`` or ``about``; ``about.html`` → ``about``), if any."""
    stem = local.removesuffix("/").removesuffix(".html").removesuffix("/index")
    candidates = [f"{stem}/index", stem] if stem else ["index"]
    return next((c for c in candidates if c in documents), None)


def _beside_the_url(
    image: nodes.image, raw: str, state: BuildState, post: Post
) -> bool:
    """A relative image that is not next to the post file: the browser read it
    against the post's URL, where Jekyll served the post (``images/x.png`` of a
    post at ``/:title.html`` is the site's ``images/x.png``). Whether the site has
    the file there."""
    local = urls.served_path(state.site, state.jekyll_url(post), raw)
    if local is not None and (state.site.root / local).is_file():
        image["uri"] = "/" + state.site_prefix + local
    elif local is not None and _served_elsewhere(state, local):
        image["uri"] = SERVED_SCHEME + quote(local)
    else:
        return False
    return True


def _media_cdn(state: BuildState) -> str:
    """Chirpy's ``cdn``: where the site's images are served from, ``""`` if none.

    Chirpy links each image of a post at ``[site.cdn/][page.media_subpath/]file``
    (its ``_includes/media-url.html``); the images are not in the repository.
    """
    cdn = state.site.config.get("cdn")
    if "chirpy" not in state.site.theme or not isinstance(cdn, str):
        return ""
    return cdn.rstrip("/") if cdn.startswith(("https://", "http://")) else ""


def _served_elsewhere(state: BuildState, local: str) -> bool:
    """A site path whose whole top folder is missing from the site (``assets/``
    kept in another repository, on a CDN, or left out of a copy), or a file at the
    root of a site that keeps no images there: Jekyll only wrote the URL, so the
    image is linked there and not read. A file missing from a folder the site has
    is a broken link, which Sphinx reports."""
    if "/" not in local:
        if _root_has_images(state.site.root):
            return False
        where = "no images at its root"
    else:
        top = local.split("/", 1)[0]
        if (state.site.root / top).exists():
            return False
        where = f"no {top + '/'!r} folder"
    logger.info("image %r: the site has %s; linked where Jekyll served it",
                "/" + local, where)  # fmt: skip
    return True


def _root_has_images(root: Path) -> bool:
    """Whether the site's root folder holds an image file (a logo, a favicon)."""
    return any(
        p.suffix.lower() in _IMAGE_SUFFIXES and p.is_file() for p in root.iterdir()
    )


_IMAGE_SUFFIXES = frozenset(
    {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".ico", ".bmp"}
)


def _inside(path: Path, state: BuildState) -> bool:
    root = state.site.root.resolve()
    resolved = path.resolve()
    return resolved == root or root in resolved.parents


def _leave_out(image: nodes.image, uri: str) -> None:
    """An image path that leaves the site: never read; its alt text stays."""
    logger.warning(
        "image %r is outside the site; left out",
        uri,
        type=WARNING_TYPE,
        subtype=JekyllpostsWarning.LINK.value,
        location=image,
    )
    image.replace_self(nodes.inline("", image.get("alt", "")))


def site_path(state: BuildState, uri: str) -> str | None:
    """:func:`.urls.site_path` for this build's site."""
    return urls.site_path(state.site, uri)


def _post_urls(state: BuildState) -> dict[str, str]:
    """Jekyll URL → the post's source path, for links between posts."""
    if state.url_index is None:
        state.url_index = {
            state.jekyll_url(post): post.path
            for post in state.posts_by_docname.values()
        }
    return state.url_index


class ResolveStaticLinks(SphinxPostTransform):
    """Point links to static files at their copies, relative to each page.

    ``<reference refuri="jekyllposts-static:files/a.pdf">`` →
    ``<reference refuri="../files/a.pdf">`` (``jekyllposts-document:about/index`` →
    ``../about/index.html``, a page of the project); in a post's raw HTML,
    ``<img src="/assets/a.png">`` → ``<img src="../assets/a.png">``, so that the
    site works below any base path (Read the Docs' ``/en/latest/``).
    """

    default_priority = 10
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        """Rewrite the static links of this page."""
        from .extension import get_state

        page = self.app.builder.get_target_uri(self.env.docname)
        here = posixpath.dirname(page) or "."
        for reference in self.document.findall(nodes.reference):
            uri = reference.get("refuri", "")
            if uri.startswith(STATIC_SCHEME):
                path = uri[len(STATIC_SCHEME) :]
                reference["refuri"] = posixpath.relpath(path, here)
            elif uri.startswith(DOCUMENT_SCHEME):
                quoted, _, fragment = uri[len(DOCUMENT_SCHEME) :].partition("#")
                target = self.app.builder.get_relative_uri(
                    self.env.docname, unquote(quoted)
                )
                reference["refuri"] = target + (f"#{fragment}" if fragment else "")
                reference["internal"] = True
        for image in self.document.findall(nodes.image):
            if image["uri"].startswith(SERVED_SCHEME):
                path = image["uri"][len(SERVED_SCHEME) :]
                image["uri"] = posixpath.relpath(path, here)
        state = get_state(self.app)
        if self.env.docname not in state.posts_by_docname:
            return

        def relative(match: re.Match[str]) -> str:
            local = site_path(state, match["url"])
            if local is None:
                return match.group()
            rest = match["url"][len(match["url"].split("#")[0].split("?")[0]) :]
            url = posixpath.relpath(local or ".", here) + (
                "/" if local.endswith("/") else ""
            )
            return f"{match['attr']}{match['quote']}{quote(url)}{rest}{match['quote']}"

        for raw in self.document.findall(nodes.raw):
            if "html" in raw.get("format", "").split() and "=" in raw.astext():
                raw.children = [nodes.Text(_HTML_URL.sub(relative, raw.astext()))]


_HTML_URL = re.compile(
    r"""(?P<attr>\s(?:src|href|poster|data-src)\s*=\s*)(?P<quote>["'])"""
    r"""(?P<url>/(?!/)[^"'\s]*)(?P=quote)""",
    re.IGNORECASE,
)


class DropServedImages(SphinxPostTransform):
    """Outside HTML, an image served by the old site only is its alt text.

    ``<image uri="jekyllposts-served://assets/a.png" alt="A">`` → ``<inline>A``
    """

    # Before Sphinx's ImageDownloader (100) would try to fetch the URI.
    default_priority = 50

    def run(self, **kwargs: Any) -> None:
        """Replace the served-elsewhere images of this page (non-HTML builders)."""
        if self.app.builder.format == "html":
            return
        for image in list(self.document.findall(nodes.image)):
            if image["uri"].startswith(SERVED_SCHEME):
                image.replace_self(nodes.inline("", image.get("alt", "")))


def copy_static_files(app: Sphinx, state: BuildState) -> None:
    """Copy what Jekyll would copy (files without front matter) to the same paths."""
    if app.builder.name not in _HTML_BUILDERS:
        return
    root = state.site.root
    outdir = Path(app.outdir)
    for rel in static_files(state.site, skip=outdir):
        source = root / rel
        if app.env.path2doc(source) in app.env.found_docs:
            continue
        target = outdir / rel
        if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
