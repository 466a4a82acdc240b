"""The course: eight modules that run, read easily, teach what they claim, and build into an offline site.

The course is built once (``build_course``, as ``make course`` does) into a temporary folder; the tests read
what it wrote. Readability thresholds are the issue's (handouts 60, lessons 50); the competency areas are the
OECD/INFE adult framework's four content areas.
"""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

import pypdf
import pypdfium2
import pytest

from oltre_finance.course.build import SHEETS, external_references, slide_notebook
from oltre_finance.course.markdown import document_blocks, plain_text
from oltre_finance.course.material import (
    DOCUMENTS,
    MIN_GULPEASE,
    competency_sections,
    course,
    default_course_root,
    hand_typed_amounts,
    read_document,
    readability,
)

COURSE = course(default_course_root())
MODULES = COURSE.modules
IDS = [module.slug for module in MODULES]


@pytest.fixture(scope="session")
def built(built_course):
    return built_course


def test_eight_modules_each_with_its_five_documents():
    assert len(MODULES) == 8
    folders = sorted(path.name for path in default_course_root().iterdir() if path.is_dir())
    assert folders == sorted(IDS), "every module folder is listed in corso.json, and only those"
    for module in MODULES:
        assert all(module.document(name).is_file() for name in DOCUMENTS), module.slug
    assert not list(default_course_root().glob("*.md")) or {p.name for p in default_course_root().glob("*.md")} <= {
        "README.md", "AUTHORING.md"}, "lessons live in their module's folder"  # fmt: skip


# -- what the build writes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("module", MODULES, ids=IDS)
def test_the_build_writes_pages_slides_and_sheets(built, module):
    folder = built.out / module.slug
    for name in DOCUMENTS:
        assert (folder / f"{name}.html").is_file()
    assert (folder / "diapositive.html").is_file()
    for sheet in SHEETS:
        assert (folder / sheet).read_bytes().startswith(b"%PDF")
    index = (built.out / "index.html").read_text(encoding="utf-8")
    assert f'href="{module.slug}/diapositive.html"' in index and module.title in index


def test_no_built_page_or_style_references_an_address_outside_the_site(built):
    pages = [path for path in built.out.rglob("*") if path.suffix in (".html", ".css")]
    assert len(pages) > 8 * 6
    outside = {}
    for path in pages:
        found = external_references(path.read_text(encoding="utf-8"), css=path.suffix == ".css")
        if found:
            outside[str(path.relative_to(built.out))] = found
    assert outside == {}


def test_local_assets_are_the_ones_the_pages_load(built):
    lesson = (built.out / MODULES[0].slug / "lezione.html").read_text(encoding="utf-8")
    deck = (built.out / MODULES[0].slug / "diapositive.html").read_text(encoding="utf-8")
    for page in (lesson, deck):
        for address in re.findall(r'(?:src|href)="(\.\./_static/[^"?]+)', page):
            assert (built.out / MODULES[0].slug / address).resolve().is_file(), address
    assert "../_static/reveal.js/dist/reveal.js" in deck


def test_external_references_finds_what_a_browser_would_load():
    page = """<link rel="stylesheet" href="https://cdn.example/a.css"><img srcset="x.png 1x, //img.example/y.png 2x">
    <style>/* see https://example.org */ .a { background: url('https://fonts.example/f.woff') }</style>
    <script>// docs: https://revealjs.com
    require(["https://unpkg.com/reveal.js"]); var local = "../_static/x.js";</script>
    <a href="../index.html">Il corso</a><img src="data:image/png;base64,AAAA">"""
    assert external_references(page) == ["https://cdn.example/a.css", "//img.example/y.png",
                                          "https://fonts.example/f.woff", "https://unpkg.com/reveal.js"]  # fmt: skip
    assert external_references("@import url(./fonts/a.css); /* http://hakim.se */", css=True) == []


# -- figures are computed by the package -------------------------------------------------------------------


def test_the_check_for_hand_typed_amounts_finds_them():
    notebook = read_document_from_text(
        "Paghi 1.200 € al mese, cioè 200 euro in più, o € 50.\n\n```{code-cell} ipython3\n"
        'say(f"La rata è {format_eur(rata)}.")\nsay("Costa 99,90 € al mese.")\nimporto = Decimal("10000")\n```\n'
    )
    assert hand_typed_amounts(notebook) == ["1.200 €", "200 euro", "€ 50", "99,90 €"]


def read_document_from_text(body: str):
    import jupytext

    return jupytext.reads(
        "---\njupytext:\n  text_representation:\n    format_name: myst\n---\n\n" + body, fmt="md:myst"
    )


@pytest.mark.parametrize("module", MODULES, ids=IDS)
def test_no_euro_amount_is_typed_by_hand(module):
    for name in DOCUMENTS:
        assert hand_typed_amounts(read_document(module.document(name))) == [], f"{module.slug}/{name}"


@pytest.mark.parametrize("module", MODULES, ids=IDS)
def test_formulas_are_drawn_not_left_to_mathjax(built, module):
    # The served lessons load no MathJax (nothing from a CDN, nothing to install): formula() draws them.
    for name, notebook in built.executed[module.slug].items():
        for cell in notebook.cells:
            texts = [cell.source] if cell.cell_type == "markdown" else [
                output["data"]["text/markdown"] for output in cell.get("outputs", [])
                if "text/markdown" in output.get("data", {})]  # fmt: skip
            for text in texts:
                assert not re.search(r"\$[^$\s][^$]*\$", text), f"{module.slug}/{name}: {text[:80]}"


def test_a_lesson_shows_no_raw_printed_object(built):
    for module in MODULES:
        for name, notebook in built.executed[module.slug].items():
            for cell in notebook.cells:
                if cell.cell_type == "code":
                    assert "print(" not in cell.source, f"{module.slug}/{name}: show figures with lesson.say"
                    kinds = {output.output_type for output in cell.get("outputs", [])}
                    assert kinds <= {"display_data"}, f"{module.slug}/{name}: {kinds} ({cell.source[:80]})"


# -- readability -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("module", MODULES, ids=IDS)
def test_participants_documents_are_easy_to_read(built, module):
    for name, least in MIN_GULPEASE.items():
        score = readability(built.executed[module.slug][name])
        assert score.words > 150, f"{module.slug}/{name} is too short to be a {DOCUMENTS[name].lower()}"
        assert score.gulpease >= least, f"{module.slug}/{name}: Gulpease {score.gulpease} < {least}"


def test_readability_reads_the_prose_a_participant_sees(built):
    blocks = document_blocks(built.executed[MODULES[0].slug]["lezione"])
    text = plain_text(blocks)
    assert MODULES[0].title in text.splitlines()[0]
    assert "format_eur" not in text and "<!--" not in text


# -- competencies ------------------------------------------------------------------------------------------


def test_the_framework_covers_the_four_oecd_infe_content_areas():
    assert len(COURSE.areas) == 4
    assert {area for area, _text, _terms in COURSE.competencies.values()} == set(COURSE.areas)
    claimed = {code for module in MODULES for code in module.competencies}
    assert claimed == set(COURSE.competencies), "every competency of the framework is taught by some module"


@pytest.mark.parametrize("module", MODULES, ids=IDS)
def test_every_competency_claimed_is_taught_in_the_lesson_or_exercises(built, module):
    sections: dict[str, str] = {}
    for name in ("lezione", "esercizi"):
        for code, text in competency_sections(built.executed[module.slug][name]).items():
            sections[code] = sections.get(code, "") + "\n" + text
    assert set(sections) == set(module.competencies), "a module marks exactly the competencies it claims"
    for code, text in sections.items():
        terms = COURSE.competencies[code][2]
        missing_terms = [term for term in terms if term.lower() not in text.lower()]
        assert not missing_terms, f"{module.slug}: the section for {code} never says {missing_terms}"
        assert len(text.split()) > 40, f"{module.slug}: the section for {code} is too short to teach it"


# -- guides, exercises, handouts ---------------------------------------------------------------------------

GUIDE_HEADINGS = ["Obiettivi", "Competenze", "Tempi", "Attività", "Errori comuni e come rispondere",
                  "Adattare la sessione", "Materiali"]  # fmt: skip


@pytest.mark.parametrize("module", MODULES, ids=IDS)
def test_the_guide_has_its_parts_and_times_a_two_hour_session(built, module):
    source = module.document("guida").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+?)\s*$", source, flags=re.MULTILINE)
    assert [h for h in headings if h in GUIDE_HEADINGS] == GUIDE_HEADINGS, headings
    assert "### Con poca dimestichezza con il digitale" in source and "### Con poco italiano" in source
    timing = source.split("## Tempi", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in timing.splitlines() if line.startswith("|")]
    assert rows[0].split("|")[1].strip() == "Minuti"
    minutes = [int(row.split("|")[1].strip()) for row in rows[2:]]
    assert sum(minutes) == 120, minutes
    shown = "\n".join(output["data"]["text/markdown"] for cell in built.executed[module.slug]["guida"].cells
                      for output in cell.get("outputs", []) if "text/markdown" in output.get("data", {}))  # fmt: skip
    for code in module.competencies:
        assert code in source + shown, f"the guide names the competency {code}"


@pytest.mark.parametrize("module", MODULES, ids=IDS)
def test_exercises_have_their_solutions_kept_apart(built, module):
    exercises = module.document("esercizi").read_text(encoding="utf-8")
    solutions = module.document("soluzioni").read_text(encoding="utf-8")
    numbers = [int(n) for n in re.findall(r"^## Esercizio (\d+)\.", exercises, flags=re.MULTILINE)]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 3
    assert re.search(r"^## Esercizio \d+\..*con i tuoi numeri", exercises, flags=re.MULTILINE | re.IGNORECASE)
    solved = [int(n) for n in re.findall(r"^## Soluzione dell'esercizio (\d+)", solutions, flags=re.MULTILINE)]
    assert solved == numbers
    assert "Soluzione" not in exercises
    folder = built.out / module.slug
    alone = "".join(page.extract_text() for page in pypdf.PdfReader(folder / "esercizi.pdf").pages)
    together = "".join(page.extract_text() for page in pypdf.PdfReader(folder / "esercizi_con_soluzioni.pdf").pages)
    assert "Soluzione dell" not in alone and together.count("Soluzione dell") >= len(numbers)


@pytest.mark.parametrize("module", MODULES, ids=IDS)
def test_the_handout_fits_in_two_pages_and_every_sheet_prints(built, module, tmp_path_factory):
    folder = built.out / module.slug
    assert 1 <= len(pypdf.PdfReader(folder / "scheda.pdf").pages) <= 2
    shots = Path(os.environ.get("OLTRE_FINANCE_SHOTS", tmp_path_factory.mktemp("fogli")))
    for sheet in SHEETS:
        document = pypdfium2.PdfDocument(folder / sheet)
        image = document[0].render(scale=1).to_pil()
        document.close()
        assert image.convert("L").getextrema()[0] < 100, f"{sheet}: the first page is blank"
        image.save(shots / f"{module.slug}_{sheet}.png")


# -- slides and live lessons -------------------------------------------------------------------------------


@pytest.mark.parametrize("module", MODULES, ids=IDS)
def test_each_section_of_a_lesson_is_a_slide(built, module):
    source = module.document("lezione").read_text(encoding="utf-8")
    sections = len(re.findall(r"^#{1,2} ", source, flags=re.MULTILINE))
    deck = slide_notebook(built.executed[module.slug]["lezione"])
    opened = [cell for cell in deck.cells if cell.metadata.get("slideshow", {}).get("slide_type") == "slide"]
    assert len(opened) == sections
    page = (built.out / module.slug / "diapositive.html").read_text(encoding="utf-8")
    assert page.count("<section") >= sections


def live_calls(module) -> list[tuple[tuple, dict]]:
    """The arguments of every ``live(...)`` in a lesson's code cells (they are literals)."""
    calls = []
    for cell in read_document(module.document("lezione")).cells:
        if cell.cell_type == "code":
            for node in ast.walk(ast.parse(cell.source)):
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "live":
                    calls.append((tuple(ast.literal_eval(arg) for arg in node.args),
                                  {k.arg: ast.literal_eval(k.value) for k in node.keywords}))  # fmt: skip
    return calls


def texts(widget) -> list[str]:
    """Every text a widget tree shows (HTML and text values)."""
    found = [widget.value] if isinstance(getattr(widget, "value", None), str) else []
    for child in getattr(widget, "children", ()):
        found.extend(texts(child))
    return found


@pytest.mark.parametrize("module", MODULES, ids=IDS)
def test_a_lesson_served_live_shows_the_real_app_on_its_sample(module, monkeypatch):
    import ipywidgets

    from oltre_finance.course import lesson
    from oltre_finance.io.samples import load_sample

    monkeypatch.delenv(lesson.STATIC, raising=False)
    calls = live_calls(module)
    assert calls, "every lesson has a live moment"
    for args, kwargs in calls:
        shown = lesson.live(*args, **kwargs)
        assert isinstance(shown, ipywidgets.Widget), "served live, the lesson shows the app itself"
        if kwargs.get("sample"):
            assert load_sample(kwargs["sample"]).name in " ".join(texts(shown)), "the app opens on the sample"


def test_the_served_folder_holds_the_apps_and_every_lesson_and_is_removed_after():
    from oltre_finance.cli import default_notebooks
    from oltre_finance.ui.served import LESSONS_FOLDER, served_folder

    notebooks = default_notebooks()
    with served_folder(notebooks, default_course_root()) as (pages, data):
        apps = sorted(path.name for path in pages.glob("*.ipynb"))
        assert apps == sorted(path.name for path in notebooks.glob("*.ipynb"))
        lessons = sorted(path.name for path in (pages / LESSONS_FOLDER).glob("*.ipynb"))
        assert lessons == [f"{module.slug}.ipynb" for module in MODULES]
        listed = (data / "voila" / "templates" / "oltre" / "lessons.j2").read_text(encoding="utf-8")
        assert all(module.title in listed for module in MODULES)
        lesson = read_document(pages / LESSONS_FOLDER / lessons[0])
        assert lesson.cells[0].source == read_document(MODULES[0].document("lezione")).cells[0].source
    assert not pages.exists() and not data.exists()
