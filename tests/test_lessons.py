"""Every lesson in course_material/ (MyST text notebooks) runs from top to bottom without error."""

from pathlib import Path

import jupytext
import pytest
from nbclient import NotebookClient

LESSONS = sorted((Path(__file__).resolve().parent.parent / "course_material").glob("*.md"))
LESSONS = [path for path in LESSONS if path.name.lower() != "readme.md"]


def test_there_are_lessons():
    assert LESSONS


@pytest.mark.parametrize("path", LESSONS, ids=[path.stem for path in LESSONS])
def test_lesson_runs(path):
    notebook = jupytext.read(path)
    NotebookClient(notebook, timeout=120, kernel_name="python3", allow_errors=False).execute()
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [output for output in outputs if output.get("name") == "stderr"], "a lesson printed warnings"
    assert outputs, "a lesson should show results"
