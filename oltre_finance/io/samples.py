"""The fictional sample households shipped with the package (``oltre_finance/data/households``)."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from oltre_finance.errors import InvalidInputError
from oltre_finance.household import Household
from oltre_finance.io.household_file import household_from_json

__all__ = ["load_sample", "sample_names"]


@cache
def _samples() -> dict[str, Household]:
    folder = files("oltre_finance").joinpath("data", "households")
    entries = sorted((entry for entry in folder.iterdir() if entry.name.endswith(".json")), key=lambda e: e.name)
    return {entry.name.removesuffix(".json"): household_from_json(entry.read_bytes()) for entry in entries}


def sample_names() -> dict[str, str]:
    """Sample key (file name without ``.json``) → the household's Italian name."""
    return {key: household.name for key, household in _samples().items()}


def load_sample(key: str) -> Household:
    """A sample household by key."""
    try:
        return _samples()[key]
    except KeyError:
        raise InvalidInputError(
            f"no sample household {key!r}", field="sample", message_it="Famiglia di esempio non trovata."
        ) from None
