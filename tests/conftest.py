"""Shared fixtures: Sphinx's testing fixtures and the test roots in ``tests/roots``."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import settings
import pytest

pytest_plugins = ["sphinx.testing.fixtures"]

settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile("ci", max_examples=1000, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "default")


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``@pytest.mark.sphinx(testroot=...)`` finds ``test-<name>`` roots."""
    return Path(__file__).parent / "roots"
