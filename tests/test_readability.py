"""The Gulpease index: counts checked by hand, the formula of Lucisano and Piemontese (1988), and invariants.

G = 89 + (300 × sentences − 10 × letters) / words, with the length of words measured in letters only.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oltre_finance.errors import InvalidInputError
from oltre_finance.readability import gulpease

# text, letters, words, sentences: counted by hand.
COUNTED = [
    # Il(2) conto(5) è(1) in(2) rosso(5) Cosa(4) fare(4): 23 letters, 7 words, 2 sentences.
    ("Il conto è in rosso. Cosa fare?", 23, 7, 2),
    # Digits and the euro sign are not letters; 1.234,56 is a word; the point inside it ends nothing.
    ("Paghi 1.234,56 € al mese.", 11, 4, 1),
    # A heading and a list item without a final point are one sentence each (one per line).
    ("Le spese fisse\naffitto e bollette", 28, 6, 2),
    # An abbreviation's point does not end a sentence (l'art. is one word, four letters); 644 is a word.
    ("Lo dice l'art. 644 del codice penale.", 25, 7, 1),
    # "?!" and "..." end one sentence each.
    ("Davvero?! Sì... proprio così.", 20, 4, 3),
]


@pytest.mark.parametrize(("text", "letters", "words", "sentences"), COUNTED)
def test_counts_match_a_count_by_hand(text, letters, words, sentences):
    result = gulpease(text)
    assert (result.letters, result.words, result.sentences) == (letters, words, sentences)
    expected = Decimal(89) + (Decimal(300) * sentences - Decimal(10) * letters) / Decimal(words)
    assert abs(result.gulpease - expected) <= Decimal("0.05")


def test_punctuation_is_not_counted_as_letters():
    # textstat counts punctuation as letters, which lowers the index; Gulpease counts letters only.
    plain, punctuated = gulpease("La rata sale"), gulpease("«La rata» sale!")
    assert plain.letters == punctuated.letters == 10


def test_a_text_without_words_is_refused():
    for text in ("", "   ", "€ … !"):
        with pytest.raises(InvalidInputError):
            gulpease(text)
    with pytest.raises(InvalidInputError):
        gulpease(None)  # type: ignore[arg-type]


# Words of six letters or more: no abbreviation (art., ecc.) among them, whose point ends no sentence.
WORDS = st.text(alphabet="abcdefghilmnopqrstuvzàèéìòù", min_size=6, max_size=12)


@given(st.lists(st.lists(WORDS, min_size=1, max_size=15), min_size=1, max_size=8))
def test_letters_words_and_sentences_of_built_text(sentences):
    text = " ".join(" ".join(words) + "." for words in sentences)
    result = gulpease(text)
    assert result.words == sum(len(words) for words in sentences)
    assert result.letters == sum(len(word) for words in sentences for word in words)
    assert result.sentences == len(sentences)


@given(st.lists(WORDS, min_size=2, max_size=30), st.integers(min_value=1, max_value=28))
def test_splitting_a_sentence_makes_it_easier_to_read(words, cut):
    cut = min(cut, len(words) - 1)
    one = gulpease(" ".join(words) + ".")
    two = gulpease(" ".join(words[:cut]) + ". " + " ".join(words[cut:]) + ".")
    assert two.gulpease > one.gulpease
