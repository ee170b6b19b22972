"""The demo blog: a Jekyll site (``_config.yml``, ``_posts/``) built by Sphinx.

Build it with ``nox -s demo``, or
``sphinx-build -W -b html docs/demo docs/demo/_build/html``.
"""

project = "Margin Notes"
author = "Mina Seo"
copyright = "2025, Mina Seo"

# The extension sets up myst-parser, ABlog and sphinx-design itself.
extensions = ["sphinx_jekyllposts"]

exclude_patterns = ["_build"]

# -- ABlog ---------------------------------------------------------------------
blog_title = "Margin Notes"
blog_baseurl = "https://sphinx-jekyllposts.readthedocs.io/en/latest/demo/"
blog_authors = {"Mina Seo": ("Mina Seo", None)}
blog_default_author = "Mina Seo"
post_date_format = "%Y-%m-%d"
post_date_format_short = "%Y-%m-%d"

# -- HTML ----------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = "Margin Notes"
# Follow the reader's light or dark preference (without it the theme logs an error).
html_context = {"default_mode": "auto"}
html_theme_options = {
    "navbar_align": "left",
    "show_prev_next": False,
    "secondary_sidebar_items": ["page-toc"],
}
# ABlog's sidebars, as in pydata-sphinx-theme's own blog example.
html_sidebars = {
    "**": [
        "ablog/postcard.html",
        "ablog/recentposts.html",
        "ablog/tagcloud.html",
        "ablog/categories.html",
        "ablog/archives.html",
    ],
}
