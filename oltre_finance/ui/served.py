"""The folder Voilà serves: the apps' notebooks and the course's lessons, made at start-up.

The lessons are text notebooks (``course_material/*/lezione.md``); Voilà
serves ``.ipynb`` files, so each lesson is written as a notebook into a
``lezioni`` folder beside links to the apps. The home page lists them from a
template written here (``lessons.j2``), with each lesson's title and summary
taken from the course itself.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["CITIZEN_APPS", "LESSONS_FOLDER", "served_folder"]

LESSONS_FOLDER = "lezioni"
#: The apps for citizens (served to a classroom, embedded live in lessons): key → (module, class, notebook).
#: The consultant's app is not one of them.
CITIZEN_APPS = {
    "prestito": ("oltre_finance.ui.loan_app", "LoanCalculatorApp", "01_calcolatore_prestito.ipynb"),
    "bilancio": ("oltre_finance.ui.budget_app", "BudgetApp", "02_bilancio_familiare.ipynb"),
    "rientro": ("oltre_finance.ui.payoff_app", "PayoffApp", "03_piano_di_rientro.ipynb"),
    "risparmio": ("oltre_finance.ui.savings_app", "SavingsApp", "04_piano_di_risparmio.ipynb"),
    "eventi": ("oltre_finance.ui.events_app", "EventsApp", "05_eventi_di_vita.ipynb"),
}


def _lessons_template(entries: list[dict[str, str]]) -> str:
    # JSON is a Jinja literal; the titles are the course's own text, escaped again when the page shows them.
    return "{%- set lessons = " + json.dumps(entries, ensure_ascii=False) + " -%}\n"


@contextmanager
def served_folder(
    notebooks: Path, course_root: Path | None, *, apps: Collection[str] | None = None
) -> Iterator[tuple[Path, Path]]:
    """``(pages, templates)``: the folder to serve and a Jupyter data folder with its ``lessons.j2``.

    ``apps`` names the notebooks served (default: every one in ``notebooks``). Both folders are removed
    when the block ends.
    """
    import jupytext
    import nbformat

    from oltre_finance.course.material import course

    root = Path(tempfile.mkdtemp(prefix="oltre-finance-serve-"))
    try:
        pages = root / "pages"
        pages.mkdir()
        for notebook in sorted(notebooks.glob("*.ipynb")):
            if apps is None or notebook.name in apps:
                (pages / notebook.name).symlink_to(notebook.resolve())
        entries: list[dict[str, str]] = []
        if course_root is not None and (course_root / "corso.json").is_file():
            (pages / LESSONS_FOLDER).mkdir()
            for module in course(course_root).modules:
                lesson = module.document("lezione")
                if not lesson.is_file():
                    continue
                name = f"{module.slug}.ipynb"
                nbformat.write(jupytext.read(lesson), pages / LESSONS_FOLDER / name)
                entries.append({"file": name, "path": f"{LESSONS_FOLDER}/{name}", "number": str(module.number),
                                "title": module.title, "summary": module.summary})  # fmt: skip
        templates = root / "data" / "voila" / "templates" / "oltre"
        templates.mkdir(parents=True)
        (templates / "lessons.j2").write_text(_lessons_template(entries), encoding="utf-8")
        yield pages, root / "data"
    finally:
        shutil.rmtree(root, ignore_errors=True)
