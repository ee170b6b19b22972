"""A post's HTML as ``feed.xml`` carries it: the rendered content, no page chrome.

jekyll-feed's ``<content>`` is the post's ``content``: what kramdown rendered, without
the layout's title. Sphinx's ``body`` also holds the title heading, the subtitle and
the ``¶`` header links; they are taken out here, and links and images are made
absolute, since a feed reader shows the entry away from the page.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser
from urllib.parse import urljoin

__all__ = ["feed_body"]

#: Elements without an end tag (HTML's void elements).
_VOID = frozenset((
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "param", "source", "track", "wbr",
))  # fmt: skip
#: Attributes holding one URL.
_URL_ATTRIBUTES = frozenset(("href", "src", "poster"))


def feed_body(body: str, page_url: str) -> str:
    """The content of ``body`` (Sphinx's rendered page body) for a feed entry.

    :param body: the page's ``body`` as Sphinx rendered it
    :param page_url: the page's absolute URL; ``""`` leaves links as they are
    :return: the HTML without the title, the subtitle and header links
    """
    parser = _FeedBody(page_url)
    parser.feed(body)
    parser.close()
    return "".join(parser.parts).strip()


class _FeedBody(HTMLParser):
    """Copies the HTML it reads, less the page's chrome, with absolute URLs."""

    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=False)
        self.page_url = page_url
        self.parts: list[str] = []
        self.dropping = 0
        """Depth inside an element left out (0: copying)."""
        self.title_seen = False
        self.sections: list[bool] = []
        """For each open ``<section>``: whether its tags are left out (the post's)."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.dropping:
            self.dropping += tag not in _VOID
            return
        classes = (dict(attrs).get("class") or "").split()
        if tag == "section":
            outer = not self.sections and not self.title_seen
            self.sections.append(outer)
            if outer:
                return
        if (
            (tag == "h1" and not self.title_seen)
            or (tag == "a" and "headerlink" in classes)
            or "jekyllposts-subtitle" in classes
        ):
            self.title_seen = self.title_seen or tag == "h1"
            self.dropping = tag not in _VOID
            return
        self.parts.append(self._tag(tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.dropping:
            self.parts.append(self._tag(tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            self.dropping -= tag not in _VOID
            return
        if tag == "section" and self.sections and self.sections.pop():
            return
        self.parts.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.parts.append(data)

    def handle_entityref(self, name: str) -> None:
        self.handle_data(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.handle_data(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.handle_data(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.handle_data(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.handle_data(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.handle_data(f"<![{data}]>")

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]]) -> str:
        """The start tag as written, or rebuilt with its URLs made absolute."""
        text = self.get_starttag_text() or f"<{tag}>"
        if not self.page_url or not any(n in _URL_ATTRIBUTES for n, _ in attrs):
            return text
        written = []
        for name, value in attrs:
            if value is None:
                written.append(f" {name}")
                continue
            url = urljoin(self.page_url, value) if name in _URL_ATTRIBUTES else value
            written.append(f' {name}="{html.escape(url)}"')
        end = " />" if text.endswith("/>") else ">"
        return f"<{tag}{''.join(written)}{end}"
