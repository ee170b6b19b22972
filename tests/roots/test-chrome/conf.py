extensions = ["sphinx_jekyllposts"]
html_theme = "basic"
blog_baseurl = "https://chrome.example.org/"
