"""How easy an Italian text is to read: the Gulpease index.

The Gulpease index (GULP, Università di Roma «La Sapienza»; Lucisano and
Piemontese, 1988) is tuned on Italian and measures word length in
**letters**, not syllables. 100 is the easiest; a text under 80 is hard for
someone with primary school, under 60 for someone with middle school, under
40 for someone with a secondary diploma.

Notes
-----
``G = 89 + (300 × sentences − 10 × letters) / words``

- a **letter** is an alphabetic character: digits, punctuation, currency
  signs and spaces are not letters (``textstat`` counts punctuation, which
  lowers the score);
- a **word** is a run of non-space characters holding at least one letter or
  digit (``l'importo`` is one word, as a word processor counts it; ``1.234,56``
  is a word with no letters);
- a **sentence** ends at ``.``, ``!`` or ``?`` (a run such as ``...`` or ``?!``
  ends one), and at the end of each line that holds words, so that a heading, a
  list item or a table cell without a final stop is one sentence. A point
  between digits (``1.234``) or after a common abbreviation (``art.``, ``n.``,
  ``ecc.``) ends nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from oltre_finance.errors import InvalidInputError
from oltre_finance.money import round_fraction

__all__ = ["Readability", "gulpease"]

# Abbreviations after which a point does not end the sentence (lower case, without the point).
_ABBREVIATIONS = frozenset({
    "art", "artt", "n", "nn", "ecc", "es", "pag", "pagg", "ca", "cfr", "dott", "sig", "sigg", "prof", "ing",
    "avv", "tel", "max", "min", "ss", "d.lgs", "d.p.r", "d.l", "c.c", "c.p", "s.p.a", "s.r.l", "p.es",
})  # fmt: skip
_WORD = re.compile(r"\S+")


@dataclass(frozen=True, kw_only=True)
class Readability:
    """The counts and the Gulpease index (to one decimal) of a text."""

    letters: int
    words: int
    sentences: int
    gulpease: Decimal


def _is_word(token: str) -> bool:
    return any(character.isalnum() for character in token)


def _ends_sentence(token: str) -> bool:
    """Whether ``token`` (a word with what follows it up to the next space) closes a sentence."""
    stripped = token.rstrip("»\"'”’)]*_")
    if not stripped or stripped[-1] not in ".!?":
        return False
    if stripped[-1] in "!?":
        return True
    body = re.split(r"['’]", stripped.rstrip(".").lstrip("«\"'“‘([*_").lower())[-1]  # l'art. → art
    return body not in _ABBREVIATIONS and not (len(body) == 1 and body.isalpha() and body.isupper())


def gulpease(text: str) -> Readability:
    """The Gulpease index of ``text`` (plain text: one block per line).

    Raises :class:`~oltre_finance.errors.InvalidInputError` for text with no words.

    Examples
    --------
    Two sentences, seven words, 23 letters: 89 + (300 × 2 − 10 × 23) / 7 = 141,9.

    >>> gulpease("Il conto è in rosso. Cosa fare?").gulpease
    Decimal('141.9')
    >>> result = gulpease("La rata è di 197,56 € al mese.")
    >>> result.letters, result.words, result.sentences
    (15, 7, 1)
    """
    if not isinstance(text, str):
        raise InvalidInputError(f"text: expected text, got {type(text).__name__}", field="text",
                                message_it="Il testo non è un testo.")  # fmt: skip
    letters = words = sentences = 0
    for line in text.splitlines():
        open_sentence = False
        for token in _WORD.findall(line):
            if _is_word(token):
                words += 1
                letters += sum(character.isalpha() for character in token)
                open_sentence = True
            if open_sentence and _ends_sentence(token):
                sentences += 1
                open_sentence = False
        if open_sentence:  # a heading, a list item or a cell with no final stop
            sentences += 1
    if words == 0:
        raise InvalidInputError("text: no words", field="text", message_it="Il testo non contiene parole.")
    index = Decimal(89) + (Decimal(300) * sentences - Decimal(10) * letters) / Decimal(words)
    return Readability(letters=letters, words=words, sentences=sentences, gulpease=round_fraction(index, places=1))
