"""Jekyll URLs of posts: permalink styles and placeholders, as Jekyll computes them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
import os
from pathlib import PurePosixPath
import posixpath
import re
from typing import TYPE_CHECKING
import unicodedata
from urllib.parse import quote, unquote, urlsplit

if TYPE_CHECKING:
    import datetime as dt

    from .frontmatter import Post
    from .site import Site

__all__ = [
    "PERMALINK_STYLES",
    "absolute_url",
    "base_url",
    "escape_path",
    "jekyll_url",
    "page_url",
    "relative_url",
    "sanitize_url",
    "served_path",
    "site_path",
    "slugify",
]

#: Jekyll's built-in permalink styles (``permalink:`` in ``_config.yml``).
#: https://jekyllrb.com/docs/permalinks/#built-in-formats
PERMALINK_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}

#: Jekyll's ``Utils::SLUGIFY_MODES`` and the punctuation ``pretty`` keeps
#: (lib/jekyll/utils.rb, ``SLUGIFY_PRETTY_REGEXP``).
SLUG_MODES = ("raw", "default", "pretty", "ascii", "latin")
_PRETTY_KEEP = frozenset("._~!$&'()+,;=@")
_PLACEHOLDER = re.compile(r":([a-z_]+)")


def slugify(text: str, mode: str = "default", *, cased: bool = False) -> str:
    """Jekyll's ``Utils.slugify``: ``"The _config.yml file"`` → ``the-config-yml-file``.

    Letters and digits of every script are kept (``default``), plus some punctuation
    (``pretty``), or ASCII only (``ascii``, ``latin`` after transliteration); ``raw``
    only joins words. Any other mode (``none``) leaves the text as it is.
    """
    if mode not in SLUG_MODES:
        return text if cased else text.lower()
    if mode == "latin":  # I18n.transliterate: accents dropped, the rest becomes "?"
        text = unicodedata.normalize("NFKD", text)
        text = "".join(
            c if c.isascii() else "?" for c in text if not unicodedata.combining(c)
        )
        mode = "default"
    if mode == "raw":
        slug = re.sub(r"\s+", "-", text)
    else:
        slug = re.sub("\0+", "-", text.translate(_SLUG_CHARS[mode]))
    slug = re.sub(r"^-|-$", "", slug)  # one dash at each end, as Ruby's sub does
    return slug if cased else slug.lower()


class _SlugChars(dict[int, str]):
    """For ``str.translate``: a kept character to itself, any other to ``"\\0"``
    (each character decided once per process, as it is first seen)."""

    def __init__(self, mode: str) -> None:
        super().__init__()
        self.mode = mode

    def __missing__(self, code: int) -> str:
        char = chr(code)
        self[code] = found = char if _kept(char, self.mode) else "\0"
        return found


_SLUG_CHARS = {mode: _SlugChars(mode) for mode in ("default", "pretty", "ascii")}


def _kept(char: str, mode: str) -> bool:
    if mode == "ascii":
        return char.isascii() and char.isalnum()
    category = unicodedata.category(char)
    if category[0] in "LM" or category == "Nd":
        return True
    return mode == "pretty" and char in _PRETTY_KEEP


def jekyll_url(post: Post, site: Site) -> str:
    """The URL Jekyll serves ``post`` at (unescaped, starting with ``/``)."""
    if post.permalink:  # a post's own is a template, never a style name
        template = post.permalink
    else:
        template = _collection_permalink(site) or "date"
        template = PERMALINK_STYLES.get(template, template)
    date = post.date.astimezone(site.timezone) if site.timezone else post.date
    url = template
    for name in _LONGEST_FIRST:
        if f":{name}" not in url:
            continue
        value = _PLACEHOLDERS[name](date, post)
        if not value and name == "categories":
            url = url.replace("/:categories", "")
        url = url.replace(f":{name}", value)
    return sanitize_url(url)


def sanitize_url(url: str) -> str:
    """Jekyll's ``URL#sanitize_url``: ``..`` becomes ``/``, ``./`` goes, slashes are
    squeezed, so a URL never leaves the site."""
    url = ("/" + url).replace("..", "/").replace("./", "")
    return re.sub(r"/+", "/", url)


#: What ``Jekyll::URL.escape_path`` leaves alone: RFC 3986's unreserved characters,
#: sub-delims, ``:``, ``@``, ``/`` and ``?``.
_PATH_SAFE = "/:@!$&'()*+,;=?"
_PLAIN_PATH = re.compile(r"[a-zA-Z0-9./-]*")


def escape_path(path: str) -> str:
    """A post's URL as Liquid shows it (``page.url``, ``post.url``), escaped as
    ``Jekyll::URL.escape_path`` escapes it: ``/x y/한/`` → ``/x%20y/%ED%95%9C/``.

    (url.rb, jekyll/jekyll 4.3.1: ``Addressable::URI.encode(path)``, then ``#``.)
    """
    if _PLAIN_PATH.fullmatch(path):
        return path
    return quote(path, safe=_PATH_SAFE)


def post_id(url: str, post: Post) -> str:
    """Jekyll's ``post.id`` from the post's URL: its folder and the slug
    (``/2024/03/10/first-light/`` → ``/2024/03/10/first-light``)."""
    return str(PurePosixPath(url).parent / post.slug)


#: Characters Addressable's ``normalize`` leaves alone in a path, query or fragment.
URL_SAFE = "/:@!$&'()*+,;=?#[]%~"


def relative_url(path: str, site: Site) -> str:
    """Jekyll's ``relative_url`` filter: the site's ``baseurl`` before ``path``,
    escaped as Addressable's ``normalize`` escapes it."""
    baseurl = str(site.config.get("baseurl") or "").removesuffix("/")
    parts = [p if not p or p.startswith("/") else "/" + p for p in (baseurl, path)]
    return quote("".join(parts), safe=URL_SAFE)


def absolute_url(path: str, site: Site) -> str:
    """Jekyll's ``absolute_url`` filter: the site's ``url`` before :func:`relative_url`."""
    return str(site.config.get("url") or "") + relative_url(path, site)


def _collection_permalink(site: Site) -> str | None:
    """``collections: posts: permalink:`` wins over the site's ``permalink``."""
    collections = site.config.get("collections")
    if isinstance(collections, Mapping):
        posts = collections.get("posts")
        if isinstance(posts, Mapping) and posts.get("permalink"):
            return str(posts["permalink"])
    permalink = site.config.get("permalink")
    return str(permalink) if permalink else None


#: Each permalink placeholder: its value from the post's local date and the post.
_PLACEHOLDERS: dict[str, Callable[[dt.datetime, Post], str]] = {
    "year": lambda d, p: f"{d.year:04d}",
    "short_year": lambda d, p: f"{d.year % 100:02d}",
    "month": lambda d, p: f"{d.month:02d}",
    "i_month": lambda d, p: str(d.month),
    "short_month": lambda d, p: d.strftime("%b"),
    "long_month": lambda d, p: d.strftime("%B"),
    "day": lambda d, p: f"{d.day:02d}",
    "i_day": lambda d, p: str(d.day),
    "y_day": lambda d, p: f"{d.timetuple().tm_yday:03d}",
    "w_year": lambda d, p: str(d.isocalendar()[0]),
    "week": lambda d, p: f"{d.isocalendar()[1]:02d}",
    "w_day": lambda d, p: str(d.isocalendar()[2]),
    "short_day": lambda d, p: d.strftime("%a"),
    "long_day": lambda d, p: d.strftime("%A"),
    "hour": lambda d, p: f"{d.hour:02d}",
    "minute": lambda d, p: f"{d.minute:02d}",
    "second": lambda d, p: f"{d.second:02d}",
    "title": lambda d, p: slugify(p.slug, "pretty", cased=True),
    "slug": lambda d, p: slugify(p.slug),
    "name": lambda d, p: slugify(_basename(p), "pretty", cased=True),
    "categories": lambda d, p: "/".join(dict.fromkeys(c.lower() for c in p.categories)),
    "output_ext": lambda d, p: ".html",
}
#: Longest first: ``:short_year`` is not ``:short`` and ``_year``.
_LONGEST_FIRST = sorted(_PLACEHOLDERS, key=len, reverse=True)


def _basename(post: Post) -> str:
    return post.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def page_url(site: Site, path: str, data: Mapping[str, object]) -> str:
    """The URL Jekyll serves a page or collection document at (not a post).

    :param path: the file's path relative to the site root, with ``/``
    :param data: its front matter
    """
    if isinstance(data.get("permalink"), str) and ":" not in str(data["permalink"]):
        return "/" + str(data["permalink"]).lstrip("/")
    pure = PurePosixPath(path)
    stem = pure.stem
    collections = site.config.get("collections")
    collection = pure.parts[0][1:] if pure.parts[0].startswith("_") else None
    if collection and isinstance(collections, Mapping):
        settings = collections.get(collection)
        template = "/:collection/:path:output_ext"
        if isinstance(settings, Mapping) and settings.get("permalink"):
            template = str(settings["permalink"])
        inner = PurePosixPath(*pure.parts[1:]).with_suffix("").as_posix()
        values = {
            "collection": collection,
            "path": inner,
            "name": slugify(stem),
            "title": slugify(stem, "pretty", cased=True),
            "output_ext": ".html",
        }
        url = template
        for name in sorted(values, key=len, reverse=True):
            url = url.replace(f":{name}", values[name])
        return "/" + re.sub(r"/+", "/", url).lstrip("/")
    folder = pure.parent.as_posix().strip(".")
    base = f"/{folder}/" if folder else "/"
    if stem == "index":
        return base
    pretty = site.config.get("permalink") == "pretty"
    return f"{base}{stem}/" if pretty else f"{base}{stem}.html"


def site_path(site: Site, uri: str) -> str | None:
    """The path below the site root that a site-absolute ``uri`` names, if any.

    ``/assets/x.png``, ``{{ site.baseurl }}/assets/x.png`` and the site's own ``url``
    in front all name ``assets/x.png``; paths with ``..`` name nothing.
    """
    url = str(site.config.get("url") or "").rstrip("/")
    if url and uri.startswith(url + "/"):
        uri = uri[len(url) :]
    if not uri.startswith("/") or uri.startswith("//"):
        return None
    path = unquote(urlsplit(uri).path)
    baseurl = "/" + str(site.config.get("baseurl") or "").strip("/")
    if baseurl != "/" and (path + "/").startswith(baseurl + "/"):
        path = path[len(baseurl) :]
    parts = [p for p in path.split("/") if p]
    if ".." in parts:
        return None
    return "/".join(parts) + ("/" if path.endswith("/") and parts else "")


def served_path(site: Site, page_url: str, relative: str) -> str | None:
    """The site path a browser read ``relative`` as, on the page at ``page_url``
    (``images/x.png`` of ``/2024/post/`` is ``2024/post/images/x.png``), if any."""
    folder = posixpath.dirname(page_url)
    served = posixpath.normpath(posixpath.join(folder, unquote(relative)))
    return site_path(site, served if served.startswith("/") else "/" + served)


def base_url(html_baseurl: str, site: Mapping[str, object]) -> str:
    """Where the built blog is served, ending with ``/``, or ``""`` if unknown.

    Sphinx's ``html_baseurl``, else Read the Docs' canonical URL, else the Jekyll
    site's own ``url`` + ``baseurl``.
    """
    base = html_baseurl or os.environ.get("READTHEDOCS_CANONICAL_URL", "")
    if not base and site.get("url"):
        base = str(site["url"]).rstrip("/") + str(site.get("baseurl") or "")
    return base.rstrip("/") + "/" if base else ""
