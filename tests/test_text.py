"""copkit.model.words: the one normaliser every rule that reads people's words goes through."""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from copkit.model.words import (
    FIELD_WORDS,
    STOP_WORDS,
    all_forms,
    fold,
    forms,
    phrase,
    spaced,
    stems,
    words,
)

#: The health check's lengths (thresholds.STEM_LETTERS, STEM_SHORTEST_WORD).
LETTERS, SHORTEST = 6, 4

#: Any text a person might type, and the invisible and combining characters they might paste.
TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)),
    max_size=60,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zoë ZOE zoe", ["zoe", "zoe", "zoe"]),
        ("Straße", ["strasse"]),
        ("child-protection", ["child", "protection"]),
        ("member's", ["member", "s"]),
        ("3 agencies, 2nd visit_log", ["agencies", "nd", "visit", "log"]),
        ("Ångström-Øvergaard", ["angstrom", "øvergaard"]),
        ("", []),
    ],
)
def test_words_are_folded_runs_of_letters(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_a_decomposed_accent_is_the_same_word_as_a_composed_one() -> None:
    assert words("Zoe\u0308 Marsh") == words("Zoë Marsh") == ["zoe", "marsh"]


def test_spaced_finds_a_phrase_only_as_whole_words() -> None:
    assert " ann " not in spaced("Joanna came")
    assert " ann lee " in spaced("Thanks to ANN  Lee!")
    assert spaced("  ") == "  "


def test_forms_catch_plurals() -> None:
    assert forms("genograms") == {"genograms", "genogram"}
    assert forms("boxes") == {"boxes", "boxe", "box"}
    assert all_forms(["visit", "cases"]) == {"visit", "cases", "case", "cas"}


def test_stems_meet_across_endings_and_skip_common_and_field_words() -> None:
    def stem(text: str) -> set[str]:
        return stems(text, letters=LETTERS, shortest=SHORTEST)

    assert stem("Supervising") == stem("supervision") == {"superv"}
    assert stem("How we work with social workers about practice") == set()
    assert stem("Café") == stem("cafe") == {"cafe"}
    assert stem("a map of the genogram") == {"genogr"}
    assert not {"help", "work", "practice"} & STOP_WORDS  # field words stay private words


@given(TEXT)
def test_folding_settles_at_once(text: str) -> None:
    assert fold(fold(text)) == fold(text)
    assert phrase(phrase(text)) == phrase(text)


@given(TEXT)
def test_words_are_letters_only_folded_and_never_empty(text: str) -> None:
    for word in words(text):
        assert word
        assert word == fold(word)
        assert all(not c.isspace() and not c.isdecimal() and c not in "-'_`" for c in word)


@given(TEXT)
def test_case_and_unicode_form_do_not_change_the_words(text: str) -> None:
    nfc, nfd = (unicodedata.normalize(form, text) for form in ("NFC", "NFD"))
    assert words(text) == words(text.lower()) == words(text.casefold())
    assert words(nfc) == words(nfd)


@given(TEXT)
def test_spaced_holds_every_word_whole(text: str) -> None:
    joined = spaced(text)
    assert joined.startswith(" ") and joined.endswith(" ")
    assert all(f" {word} " in joined for word in words(text))


@given(TEXT)
def test_stems_are_short_and_never_common(text: str) -> None:
    for stem in stems(text, letters=LETTERS, shortest=SHORTEST):
        assert SHORTEST <= len(stem) <= LETTERS
        assert stem not in STOP_WORDS | FIELD_WORDS or len(stem) == LETTERS


# --- the rules that read people's words agree on what a word is ---------------------------------


def test_erasure_and_the_sponsor_report_know_a_name_typed_without_its_accent(community) -> None:
    """ "Zoë Ångström" asked to be forgotten: a story that calls her "Zoe Angstrom" names her
    too, and while she is a member no line that names her reaches the sponsor."""
    steps = [
        ("member", "add", "Zoë Ångström", "--email", "zoe@example.org", "--joined", "2025-01-01"),
        ("story", "add", "ZOE ANGSTROM found a mentor", "--consent", "--on", "2026-10-21"),
        ("story", "add", "Angstrom changed how the team runs supervision", "--consent",
         "--on", "2026-10-22"),
        ("story", "add", "The café helped newcomers", "--consent", "--on", "2026-10-23"),
    ]  # fmt: skip
    for step in steps:
        assert community(*step).exit_code == 0
    sponsor = community("report", "sponsor").stdout
    assert "mentor" not in sponsor and "Angstrom" not in sponsor
    assert "The café helped newcomers" in sponsor
    assert community("member", "forget", "zoe@example.org", "--yes").exit_code == 0
    left = [s["text"] for s in json.loads(community("story", "list", "--json").stdout)]
    assert left == ["The café helped newcomers"]
