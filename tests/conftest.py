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
