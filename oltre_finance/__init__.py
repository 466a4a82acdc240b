"""oltre_finance: household budgeting and financial education with Italian rules.

The core modules (:mod:`~oltre_finance.money`, :mod:`~oltre_finance.rates`,
:mod:`~oltre_finance.loans`, :mod:`~oltre_finance.italy`) are pure: no I/O,
no widgets, no printing. The apps live in :mod:`oltre_finance.ui`.
"""

__version__ = "0.1.0"
