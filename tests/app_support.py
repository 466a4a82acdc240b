"""Helpers for driving the apps through their widgets, as the browser would, without a browser."""

from __future__ import annotations

from typing import Any

from oltre_finance.ui.session import HouseholdSession


def from_browser(session: HouseholdSession, kind: str, **extra: Any) -> None:
    """Deliver a message from the page's browser side (storage, files) to the session."""
    session.bridge._received(session.bridge, {"kind": kind, **extra}, [])


def capture_downloads(session: HouseholdSession) -> list[dict[str, Any]]:
    """The messages the session sends to the browser (downloads), collected in a list."""
    sent: list[dict[str, Any]] = []
    session.bridge.send = lambda content, buffers=None: sent.append(content)
    return sent


def type_row(editor, values: dict[str, Any]):
    """Add a row to a row editor and type ``values`` into it, as a person does (choices by value)."""
    editor.add()
    row = editor.rows[-1]
    for key, value in values.items():
        row.controls[key].value = value
    return row
