"""The pipeline stages are plain Python: importing them never imports Sphinx."""

from __future__ import annotations

import subprocess
import sys

import pytest

PURE_MODULES = [
    "sphinx_jekyllposts",
    "sphinx_jekyllposts.site",
    "sphinx_jekyllposts.frontmatter",
    "sphinx_jekyllposts.liquid_",
    "sphinx_jekyllposts.kramdown",
    "sphinx_jekyllposts.posts",
    "sphinx_jekyllposts.urls",
    "sphinx_jekyllposts.convert",
    "sphinx_jekyllposts.warnings_",
]


@pytest.mark.parametrize("module", PURE_MODULES)
def test_stage_does_not_import_sphinx(module: str) -> None:
    code = f"import sys, {module}; print('sphinx' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
