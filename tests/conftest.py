"""Fixtures shared by the browser tests: one Voilà server and one Chromium for the whole run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_support import CHROMIUM_ARGS, chromium_path, served_apps


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    with served_apps() as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def built_course(tmp_path_factory):
    """The course built once for the run, as ``make course`` builds it (reveal.js and MathJax from npm)."""
    from browser_support import ROOT, missing

    from oltre_finance.course.build import build_course

    assets = ROOT / ".venv" / "course-assets"  # installed by `make test` (Makefile: COURSE_ASSETS)
    if not (assets / "node_modules" / "reveal.js" / "package.json").is_file():
        missing(f"reveal.js and MathJax are not installed in {assets} (make test installs them with npm)")
    return build_course(tmp_path_factory.mktemp("corso"), assets=assets)
