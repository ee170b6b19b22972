"""What Jekyll themes call things: callout classes and image helper classes."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = [
    "ALIGN_CLASSES",
    "BOX_CLASSES",
    "DEFAULT_CALLOUTS",
    "KIND_CLASSES",
    "TEXT_ALERT_CLASSES",
    "code_caption",
    "is_text_theme",
    "unnumbered_code",
]

#: Callout classes of common Jekyll themes and the admonition each becomes.
DEFAULT_CALLOUTS: Mapping[str, str] = {
    # beautiful-jekyll
    "box-note": "note",
    "box-warning": "warning",
    "box-error": "error",
    "box-success": "tip",
    # minimal-mistakes
    "notice": "note",
    "notice--primary": "note",
    "notice--info": "note",
    "notice--warning": "warning",
    "notice--danger": "danger",
    "notice--success": "tip",
    # chirpy
    "prompt-info": "note",
    "prompt-tip": "tip",
    "prompt-warning": "warning",
    "prompt-danger": "danger",
    # Bootstrap's alerts (themes and posts built on Bootstrap: `alert alert-info`)
    "alert": "note",
    "alert-primary": "note",
    "alert-secondary": "note",
    "alert-info": "note",
    "alert-light": "note",
    "alert-dark": "note",
    "alert-success": "tip",
    "alert-warning": "warning",
    "alert-danger": "danger",
    # callout classes of blogs' own styles and Bootstrap-docs-like themes
    "callout": "note",
    "callout-note": "note",
    "callout-info": "note",
    "callout-tip": "tip",
    "callout-success": "tip",
    "callout-important": "important",
    "callout-warning": "warning",
    "callout-danger": "danger",
}

#: Callout classes that name a box but not its kind, and the words that give the
#: kind beside them (a blog's own ``alert warning``, ``callout tip``, ``notice info``)
BOX_CLASSES = frozenset({"alert", "callout", "notice"})
KIND_CLASSES: Mapping[str, str] = {
    "note": "note", "info": "note", "tip": "tip", "success": "tip",
    "warning": "warning", "danger": "danger", "error": "error",
    "important": "important", "caution": "caution",
}  # fmt: skip

#: TeXt's alert classes: a paragraph with one is a tinted box, not a callout
#: (TeXt's "Additional Styles" documentation, ``_sass/additional/_alert.scss``).
TEXT_ALERT_CLASSES = frozenset({"success", "info", "warning", "error"})

#: Image helper classes of Bootstrap and Jekyll themes, and the alignment they mean.
ALIGN_CLASSES = {
    "mx-auto": "center",
    "center": "center",
    "centered": "center",
    "align-center": "center",
    "text-center": "center",
    "float-left": "left",
    "pull-left": "left",
    "align-left": "left",
    "left": "left",
    "image-left": "left",
    "float-right": "right",
    "pull-right": "right",
    "align-right": "right",
    "image-right": "right",
    "right": "right",
}


_CHIRPY_UNNUMBERED = frozenset({"text", "plaintext", "console", "terminal"})


def unnumbered_code(theme: str, language: str, classes: Iterable[str]) -> bool:
    """Whether the theme hides the line numbers Rouge wrote for a code block.

    Chirpy shows none for ``{: .nolineno }`` blocks and for plain text (``text``
    is also every block without a language), console and terminal sessions (its
    ``_sass/addon/syntax.scss``; "Line Number" in its "Writing a New Post" guide).
    Other themes show what Rouge wrote.
    """
    if "chirpy" not in theme:
        return False
    return "nolineno" in classes or language in _CHIRPY_UNNUMBERED


def code_caption(theme: str, attributes: Mapping[str, str]) -> str | None:
    """The title the theme shows over a code block, from its IAL's attributes.

    Chirpy shows ``{: file="path/to/file" }`` in the code block's header, where
    it shows the language otherwise ("Specifying the Filename" in its "Writing a
    New Post" guide); other themes show nothing.
    """
    path = attributes.get("file", "").strip()
    return path if path and "chirpy" in theme else None


def is_text_theme(theme: str, config: Mapping[str, object]) -> bool:
    """Whether the site uses the TeXt theme (``jekyll-text-theme``).

    Its gem or ``kitian616/jekyll-TeXt-theme`` as the (remote) theme, or TeXt's
    own ``text_skin`` setting (the theme's site sets no theme).
    """
    return "text-theme" in theme.lower() or "text_skin" in config
