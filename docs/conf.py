"""Sphinx configuration of the sphinx-jekyllposts documentation.

The documentation is a MyST project; its news (``news/``) is a Jekyll blog that the
extension builds, and the demo blog in ``demo/`` is built on its own
(``nox -s demo``) and excluded here.
"""

from __future__ import annotations

from pathlib import Path
import sys

from sphinx_jekyllposts import __version__

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "sphinx-jekyllposts"
author = "sphinx-jekyllposts developers"
copyright = "2025, sphinx-jekyllposts developers"
version = release = __version__

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinx_jekyllposts",  # the news in news/ is a Jekyll blog
    "jekyllposts_docs",  # reference tables generated from the package (_ext/)
]
jekyllposts_site_dir = "news"
blog_path = "news/archive"
blog_title = "sphinx-jekyllposts news"
exclude_patterns = ["_build", "demo", "examples", "Thumbs.db", ".DS_Store"]

myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "attrs_inline"]
myst_heading_anchors = 3

# -- HTML ----------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = "sphinx-jekyllposts"
html_static_path = ["_static"]
html_theme_options = {
    "navbar_align": "left",
    "show_toc_level": 2,
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}
html_context = {"default_mode": "light"}
