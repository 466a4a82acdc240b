"""The home page and every app, checked with axe-core in headless Chromium at desktop and phone sizes.

Each page must declare Italian, carry the app's Italian name as its tab title, ask nothing of any host
but the local server, and have no critical or serious axe-core violation once the app has shown its
results. axe-core comes from the npm registry,
pinned and installed by `make test`; without it (or Chromium) the test skips with the reason, and
fails in CI.
"""

from __future__ import annotations

import pytest
from browser_support import axe_script

pytestmark = pytest.mark.browser

# id: (path, selector shown once the page has its results, the tab's Italian title)
PAGES = {
    "home": ("/", ".oltre-apps a", "Riequilibriamoci: strumenti per il bilancio familiare"),
    "prestito": (
        "/voila/render/01_calcolatore_prestito.ipynb",
        ".of-card-payment .of-card-value",
        "Calcolatore prestito",
    ),
    "bilancio": ("/voila/render/02_bilancio_familiare.ipynb", ".of-card-balance .of-card-value", "Bilancio familiare"),
    "rientro": ("/voila/render/03_piano_di_rientro.ipynb", ".of-card-free .of-card-value", "Piano di rientro"),
    "risparmio": ("/voila/render/04_piano_di_risparmio.ipynb", ".of-card-fund .of-card-value", "Piano di risparmio"),
    "eventi": ("/voila/render/05_eventi_di_vita.ipynb", ".of-summary .of-card-value", "Eventi di vita"),
    "consulenza": ("/voila/render/06_consulenza.ipynb", ".of-consultation-app .of-case select", "Consulenza"),
}
#: The example opened in the household apps before the check: debts, goals, a child, irregular costs.
EXAMPLE = "Simone e Laura, tra rate e carta revolving"
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 360, "height": 740}}
BLOCKING = ("critical", "serious")

# Runs axe on the whole page and keeps, for each violation, what a reader of the failure needs: for each
# element its selector and, since widgets have generated ids, the app's nearest `of-` class around it.
RUN_AXE = """async () => {
  const where = node => {
    const selector = node.target.flat().join(' >> ');
    const element = node.target.length === 1 ? document.querySelector(node.target[0]) : null;
    const box = element && element.closest('[class*="of-"]');
    const names = box ? [...box.classList].filter(c => c.startsWith('of-')) : [];
    return names.length ? `${selector} in .${names.join('.')}` : selector;
  };
  const results = await axe.run(document, {resultTypes: ['violations']});
  return results.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(where)}));
}"""


def open_page(browser, server: str, name: str, size: str):
    """A new page at ``size`` showing ``name`` once its results are on screen."""
    path, ready, _ = PAGES[name]
    context = browser.new_context(viewport=SIZES[size], locale="it-IT")
    page = context.new_page()
    page.requested = []  # every URL the page asks for, to find any outside the local server
    page.on("request", lambda request: page.requested.append(request.url))
    page.goto(server + path, timeout=120_000)
    page.wait_for_selector(ready, timeout=120_000)
    return page


def open_example(page) -> None:
    """In a household app, open an example through the bar, so that every result is on screen for axe."""
    if not page.locator(".of-sample select:visible").count():
        return
    page.locator(".of-sample select:visible").select_option(label=EXAMPLE)
    page.locator(".of-household-heading:visible").get_by_text(EXAMPLE).first.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)  # the results follow the heading


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        sample = ", ".join(v["targets"][:3])
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({len(v['targets'])} elements; e.g. {sample})")
    return "\n".join(lines)


@pytest.mark.parametrize("name", PAGES)
def test_page_is_italian_and_needs_no_internet(browser, server, name):
    page = open_page(browser, server, name, "desktop")
    try:
        assert page.evaluate("document.documentElement.lang") == "it"
        assert page.title() == PAGES[name][2]
        # A room with no internet sees the same page: nothing from a CDN (fonts, icons, scripts).
        outside = [url for url in page.requested if not url.startswith((server + "/", "data:", "blob:"))]
        assert outside == []
    finally:
        page.context.close()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", PAGES)
def test_no_critical_or_serious_axe_violation(browser, server, name, size):
    script = axe_script()
    page = open_page(browser, server, name, size)
    try:
        open_example(page)
        page.add_script_tag(path=str(script))
        violations = page.evaluate(RUN_AXE)
    finally:
        page.context.close()
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"axe-core on {name} at {size}:\n{describe(blocking)}"
