"""The course in headless Chromium with the network off: the built site, a slide deck, and a lesson served live.

Every request to anything but the site's own files (or the local server) is refused and recorded; a page
passes only if it asked for nothing outside, logged no error and showed its content. Screenshots are kept
in ``$OLTRE_FINANCE_SHOTS`` when it is set (to look at them), else in a temporary folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser_support import axe_script
from test_accessibility import BLOCKING, RUN_AXE, describe

from oltre_finance.course.material import course, default_course_root

pytestmark = pytest.mark.browser

COURSE = course(default_course_root())
LESSON = COURSE.modules[2]  # the credit lesson: a formula, a chart, tables and the loan app
SIZES = {"laptop": ({"width": 1280, "height": 800}, 1), "phone": ({"width": 360, "height": 740}, 2),
         "projector": ({"width": 853, "height": 480}, 1.5)}  # 1280×720 at 150 % zoom  # fmt: skip


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("OLTRE_FINANCE_SHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def offline_page(browser, size: str, allowed: str):
    """A page whose requests outside ``allowed`` are refused and recorded, as are console errors."""
    viewport, scale = SIZES[size]
    context = browser.new_context(viewport=viewport, device_scale_factor=scale, locale="it-IT")
    page = context.new_page()
    page.refused, page.errors = [], []

    def route(request_route):
        url = request_route.request.url
        if url.startswith((allowed, "data:", "blob:")):
            request_route.continue_()
        else:
            page.refused.append(url)
            request_route.abort()

    context.route("**/*", route)
    page.on("console", lambda message: page.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


@pytest.mark.parametrize("size", SIZES)
def test_the_site_works_offline_and_passes_axe(built_course, browser, size, shots):
    site = built_course.out.resolve().as_uri()
    for path in ("index.html", f"{LESSON.slug}/lezione.html", f"{LESSON.slug}/esercizi.html"):
        page = offline_page(browser, size, site)
        page.goto(f"{site}/{path}")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.lang") == "it"
        assert LESSON.title in page.inner_text("body") or path != "index.html"
        page.screenshot(path=str(shots / f"sito_{path.replace('/', '_')}_{size}.png"), full_page=True)
        assert page.refused == [] and page.errors == [], (path, page.refused, page.errors)
        page.add_script_tag(path=str(axe_script()))
        blocking = [v for v in page.evaluate(RUN_AXE) if v["impact"] in BLOCKING]
        assert not blocking, f"{path} ({size}):\n{describe(blocking)}"
        page.context.close()


def test_a_slide_deck_works_offline_on_the_projector(built_course, browser, shots):
    site = built_course.out.resolve().as_uri()
    page = offline_page(browser, "projector", site)
    page.goto(f"{site}/{LESSON.slug}/diapositive.html")
    page.wait_for_selector(".reveal.ready", timeout=30_000)
    first = page.inner_text(".reveal .slide-number")
    page.screenshot(path=str(shots / "diapositive_1.png"))
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(500)
    assert page.inner_text(".reveal .slide-number") != first, "the next slide opens"
    page.screenshot(path=str(shots / "diapositive_2.png"))
    assert LESSON.title in page.inner_text(".reveal .slides")
    assert page.refused == [] and page.errors == [], (page.refused, page.errors)
    page.add_script_tag(path=str(axe_script()))
    blocking = [v for v in page.evaluate(RUN_AXE) if v["impact"] in BLOCKING]
    assert not blocking, describe(blocking)
    page.context.close()


def test_the_lessons_are_listed_at_home_and_one_is_taught_live(server, browser, shots):
    page = offline_page(browser, "projector", server)
    page.goto(server + "/", timeout=120_000)
    home = page.inner_text("main")
    assert "Lezioni" in home and all(module.title in home for module in COURSE.modules)
    page.get_by_text(LESSON.title).click()
    page.wait_for_selector(".of-app", timeout=120_000)  # the live app inside the lesson
    assert page.title() == f"Lezione {LESSON.number}: {LESSON.title}"
    body = page.inner_text("body")
    assert LESSON.title in body and "from oltre_finance" not in body, "text and apps, no code on screen"
    page.wait_for_timeout(1500)
    page.screenshot(path=str(shots / "lezione_dal_vivo.png"), full_page=True)
    assert page.refused == [] and [e for e in page.errors if "favicon" not in e] == [], (page.refused, page.errors)
    page.context.close()
