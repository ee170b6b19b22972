extensions = ["sphinx_jekyllposts"]
html_theme = "basic"
