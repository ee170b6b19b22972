"""Development sessions.

- ``tests``: the test suite (``nox -s tests -- -k callouts`` passes pytest options)
- ``lint``: ruff and mypy through pre-commit
- ``docs``: the documentation, warnings as errors (``-- live`` serves it with autobuild)
- ``demo``: builds the demo Jekyll blog in ``docs/demo`` and prints where the HTML is
- ``bench``: times the conversion and full/incremental builds on generated posts
- ``golden``: renders ``tests/corpus`` with real Jekyll into ``tests/golden``
- ``fidelity``: ``-- SITE_DIR``, how faithfully Sphinx renders a Jekyll site's posts
"""

from __future__ import annotations

from pathlib import Path

import nox

nox.options.sessions = ["lint", "tests"]
nox.options.reuse_existing_virtualenvs = True

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml("pyproject.toml")


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (the browser test needs Debian's chromium)."""
    session.install("-e", ".[testing,browser]")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff and mypy, at the versions pre-commit uses (``-- pre-commit`` runs its hooks).

    The tools come from PyPI, so the session also works where pre-commit cannot
    fetch its hook repositories.
    """
    session.install(*nox.project.dependency_groups(PYPROJECT, "lint", "mypy"))
    if "pre-commit" in session.posargs:
        session.run("pre-commit", "run", "--all-files")
        return
    session.install("-e", ".[fidelity]")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation with warnings as errors."""
    session.install("-e", ".[rtd]")
    out = ROOT / "docs" / "_build" / "html"
    if "live" in session.posargs:
        session.install("sphinx-autobuild")
        session.run("sphinx-autobuild", "docs", str(out))
        return
    session.run("sphinx-build", "-nW", "--keep-going", "-b", "html", "docs", str(out))
    session.log(f"The documentation is in {out / 'index.html'}")


@nox.session
def demo(session: nox.Session) -> None:
    """Build the demo blog on its own and say where the HTML is."""
    session.install("-e", ".[rtd]")
    src = ROOT / "docs" / "demo"
    out = src / "_build" / "html"
    session.run("sphinx-build", "-W", "--keep-going", "-b", "html", str(src), str(out))
    print(f"\nThe demo blog is in {out}\nOpen {out / 'index.html'} in a browser.")


@nox.session
def bench(session: nox.Session) -> None:
    """Ours vs native MyST + ABlog on generated blogs: ``-- --sizes 100``, ``-- profile``."""
    session.install("-e", ".[rtd]")
    session.run("python", "benchmarks/bench.py", *session.posargs)


@nox.session
def golden(session: nox.Session) -> None:
    """Render tests/corpus with real Jekyll into tests/golden (needs Ruby and Jekyll 4)."""
    session.install("-e", ".[fidelity]")
    session.run(
        "python", "-m", "sphinx_jekyllposts.fidelity", "tests/corpus",
        "--time", "2025-01-01T00:00:00Z",  # "now" for Jekyll: 2099 posts stay future
        "--save-reference", "tests/golden", "--reference-only",
        env={"TZ": "UTC"},  # the corpus sets its own timezone; pin the machine's too
    )  # fmt: skip


@nox.session
def fidelity(session: nox.Session) -> None:
    """Compare Jekyll and Sphinx on a site: ``-- SITE_DIR [--reference DIR] [--drafts]``."""
    if not session.posargs:
        session.error("usage: nox -s fidelity -- SITE_DIR [--reference DIR] [--help]")
    session.install("-e", ".[fidelity]")
    session.run("python", "-m", "sphinx_jekyllposts.fidelity", *session.posargs)
