extensions = ["sphinx_jekyllposts"]
html_theme = "basic"
blog_baseurl = "https://example.org/"
blog_feed_archives = True
