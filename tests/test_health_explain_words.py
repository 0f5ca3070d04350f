"""`health --explain` speaks to a gardener (issue 21): each rule a sentence with its numbers in
it, never a constant's name, each work cited once; the settings' names stay in the thresholds
list for those who tune them; what would change the reading names only what failed; the domain
is never flagged on two topics."""

from __future__ import annotations

import json
import re

import pytest

from copkit.health import thresholds as th
from copkit.model.principles import PRINCIPLE_KEYS

CONSTANT = re.compile(r"\b[A-Z]{2,}(?:_[A-Z]+)+\b")


def _section(text: str, start: str, end: str) -> str:
    return text.split(start)[1].split(end)[0]


@pytest.mark.parametrize("number", [str(n) for n in range(1, 10)])
def test_rules_are_sentences_with_their_numbers_and_each_work_is_cited_once(
    run, example_home, number: str
) -> None:
    text = run("health", "--explain", number).output
    rule = _section(text, "Rule applied:", "Thresholds and their sources:")
    change = _section(text, "What would change the reading:", "To talk about:")
    assert not CONSTANT.findall(rule + change), rule + change
    thresholds = _section(text, "Thresholds and their sources:", "What would change")
    assert re.search(r"^  [A-Z_]+ = [-0-9.]+: ", thresholds, re.M)  # the names, for tuning
    assert "`copkit community edit --threshold NAME=VALUE`" in text
    for full in th.CITATIONS.values():
        assert text.count(full) <= 1, full
    cited = [short for short in th.CITATIONS if short in thresholds + rule]
    for short in cited:
        assert th.CITATIONS[short] in text, short  # every short name is spelt out once
    document = json.loads(run("health", "--explain", number, "--format", "json").output)
    assert not CONSTANT.findall(document["rule"] + document["change"])
    assert set(document["sources"]) == {th.CITATIONS[s] for s in cited}


def test_the_psdp_account_is_staempflis_of_24_may_2021(run, example_home) -> None:
    text = run("health", "--explain", "1").output
    assert "Staempfli (2021), evaluating the PSDP facilitators' community of practice" in text
    assert "24 May 2021" in text and "[copkit default (direction: Staempfli (2021))]" in text
    for key in PRINCIPLE_KEYS:
        assert "Research in Practice 2020" not in run("health", "--explain", key).output


def test_clauses_are_listed_as_met_or_not_yet(run, example_home) -> None:
    text = run("health", "--explain", "sponsorship").output
    assert "  Growing when:\n    met      a sponsor is named\n" in text
    assert "  Thriving when also:\n" in text
    document = json.loads(run("health", "--explain", "9", "--format", "json").output)
    keys = [(c["step"], c["key"]) for c in document["clauses"]]
    assert keys == [
        ("growing", "sponsor"), ("growing", "updated"),
        ("thriving", "recent"), ("thriving", "resources"),
    ]  # fmt: skip
    failing = [c for c in document["clauses"] if not c["holds"]]
    if document["signal"] == "thriving":
        assert not failing
    else:
        assert failing and "To read" in document["change"]


def _topic_meeting(run, on: str, topics: list[tuple[str, str]]) -> None:
    args = ["meeting", "record", "--space", "Cafe", "--on", on, "--attended", "Ann, Bo, Cy"]
    for text, who in topics:
        args += ["--topic", text, "--proposed-by", who]
    result = run(*args)
    assert result.exit_code == 0, result.output


def test_two_topics_the_gardener_proposed_are_too_few_to_read_the_domain(community) -> None:
    run = community
    assert run("community", "edit", "--benefit", "Sharper supervision").exit_code == 0
    _topic_meeting(run, "2026-10-01T14:00", [("Budget planning", "Ann"),
                                             ("Anti-racist practice", "Bo")])  # fmt: skip
    _topic_meeting(run, "2026-11-01T14:00", [("Office moves", "Ann"),
                                             ("Living with grief at work", "Cy")])  # fmt: skip
    report = json.loads(run("health", "--format", "json").output)
    domain = next(f for f in report["principles"] if f["key"] == "domain")
    assert domain["signal"] == "growing"  # two topics flag nothing
    assert any("too few to tell" in line for line in domain["evidence"])
    assert "Ask a few members" in domain["prompt"]
    explained = json.loads(run("health", "--explain", "domain", "--format", "json").output)
    assert explained["facts"]["benefit statement"] == "yes"
    assert "benefit" not in explained["change"]
    assert "2 more topics that can be read" in explained["change"]
    assert "ask members" in explained["change"]
