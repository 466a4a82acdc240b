"""The exception tree of oltre_finance.

Every error the package raises on bad input is a subclass of
:class:`OltreFinanceError`, which also subclasses :class:`ValueError`, so a
caller can catch either::

    OltreFinanceError (ValueError)
    ├── InvalidInputError         a value a person typed or passed is wrong
    │   ├── InvalidAmountError    an amount of money (negative, float, text...)
    │   ├── InvalidRateError      a rate (negative, absurd, text...)
    │   ├── InvalidTermError      a duration or a count of periods
    │   └── InvalidHouseholdError a household or household file (field: its path)
    ├── NoSolutionError           the question has no answer (e.g. no TAEG)
    ├── RuleDataError             an Italian rule has no data for that date
    │                             or category
    └── StoreError                the case store cannot be opened, read or
                                  written (wrong passphrase, damaged file)

Each error carries the ``field`` it is about (the parameter name, or
``None``), an English message for developers (``str(error)``) and a short
Italian message for the person in front of the app (``message_it``).
Household figures never appear in messages: they name the field and the
rule, not the value typed.
"""

from __future__ import annotations

__all__ = [
    "InvalidAmountError",
    "InvalidHouseholdError",
    "InvalidInputError",
    "InvalidRateError",
    "InvalidTermError",
    "NoSolutionError",
    "OltreFinanceError",
    "RuleDataError",
    "StoreError",
]


class OltreFinanceError(ValueError):
    """Base class of every error raised by oltre_finance on bad input.

    Examples
    --------
    >>> err = OltreFinanceError("amount must be positive", field="amount",
    ...                         message_it="L'importo deve essere positivo.")
    >>> err.field, str(err), err.message_it
    ('amount', 'amount must be positive', "L'importo deve essere positivo.")
    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        message_it: str | None = None,
    ) -> None:
        super().__init__(message)
        self.field = field
        self.message_it = message_it or "Valore non valido."


class InvalidInputError(OltreFinanceError):
    """A value passed to the API (or typed in an app) is not acceptable."""


class InvalidAmountError(InvalidInputError):
    """An amount of money is malformed, of the wrong type or out of range."""


class InvalidRateError(InvalidInputError):
    """A rate is malformed, of the wrong type or outside a plausible range."""


class InvalidTermError(InvalidInputError):
    """A duration, a number of periods or a periodicity is not acceptable."""


class InvalidHouseholdError(InvalidInputError):
    """A household or household file is not valid; ``field`` is the path of the first wrong field."""


class NoSolutionError(OltreFinanceError):
    """The question asked has no answer for these inputs (e.g. no TAEG)."""


class RuleDataError(OltreFinanceError):
    """An Italian rule has no data for the date, period or category asked."""


class StoreError(OltreFinanceError):
    """The case store cannot be opened, read or written (a wrong passphrase, a damaged or foreign file)."""
