"""Why a reading came out as it did, as lines of plain text: `health --explain` and the
dashboard's evidence view show the same account.

The facts counted, the rule applied, every threshold with its value and its source (a published
figure, or "copkit default"), and what would change the reading. People's words in the evidence
are passed through ``visible`` by the caller's renderer, not here.
"""

from __future__ import annotations

from typing import Any

from copkit.health.findings import PRINCIPLES, ClauseUse, Finding, HealthReport, Signal


def find_principle(report: HealthReport, wanted: str) -> Finding | None:
    """A principle by number (``3``), key (``participation``) or the start of its title."""
    text = wanted.strip().lower()
    for finding, (number, key, title) in zip(report.findings, PRINCIPLES, strict=True):
        if text in (str(number), key) or (text and title.lower().startswith(text)):
            return finding
        if text and key.startswith(text):
            return finding
    return None


def _number(value: float) -> str:
    return f"{value:g}"


#: How a clause the facts met, and one they did not yet, are marked in the rule.
MET, NOT_YET = "met    ", "not yet"
#: How a community sets a threshold for itself; the list above names each one.
TUNE = "`copkit community edit --threshold NAME=VALUE`"


def explanation_lines(finding: Finding) -> list[str]:
    """The explanation section: headings and indented lines, no markup.

    The rule is a sentence with its numbers written in; a rule of named clauses then lists
    each clause as the facts met it. Thresholds keep their names, for those who tune them
    (`community edit --threshold NAME=VALUE`); each work they cite is listed once, in full."""
    found = finding.explanation
    if found is None:
        return ["No explanation recorded for this reading."]
    lines = ["Facts counted:"]
    lines += [f"  {label}: {value}" for label, value in found.facts]
    lines += ["Rule applied:"]
    if found.clauses:
        lines += [f"  {found.basis}"] if found.basis else []
        lines += _clause_lines(found.clauses)
    else:
        lines += [f"  {found.rule}"]
    lines += ["Thresholds and their sources:"]
    lines += [
        f"  {use.name} = {_number(use.value)}: {use.meaning} [{use.source}]"
        for use in found.thresholds
    ]
    lines += ["What would change the reading:", f"  {found.change}"]
    if found.sources:
        lines += ["Works cited:", *(f"  {work}" for work in found.sources)]
    if found.thresholds:
        lines += [f"To set one for this community: {TUNE}"]
    return lines


def _clause_lines(clauses: tuple[ClauseUse, ...]) -> list[str]:
    lines: list[str] = []
    step = ""
    for clause in clauses:
        if clause.step != step:
            step = clause.step
            also = " also" if lines else ""
            lines.append(f"  {Signal(step).words.capitalize()} when{also}:")
        lines.append(f"    {MET if clause.holds else NOT_YET}  {clause.says}")
    return [*lines, "  Worth a conversation otherwise."] if lines else lines


def explain_text(report: HealthReport, finding: Finding) -> str:
    """`copkit health --explain` as plain text: the reading, its evidence, its account."""
    head = [
        f"{finding.number}. {finding.title}: {finding.signal.glyph} {finding.signal.words}",
        f"Stage: {report.stage.value}; as of {report.as_of.isoformat()}",
        "Evidence:",
        *(f"  - {line}" for line in finding.evidence),
    ]
    tail = ["To talk about:", f"  {finding.prompt}"]
    return "\n".join([*head, *explanation_lines(finding), *tail]) + "\n"


def explain_json(report: HealthReport, finding: Finding) -> dict[str, Any]:
    """The same account for scripts."""
    found = finding.explanation
    return {
        "community": report.slug,
        "as_of": report.as_of.isoformat(),
        "stage": report.stage.value,
        "number": finding.number,
        "key": finding.key,
        "signal": finding.signal.value,
        "evidence": list(finding.evidence),
        "prompt": finding.prompt,
        "facts": dict(found.facts) if found else {},
        "rule": found.rule if found else "",
        "thresholds": [
            {"name": u.name, "value": u.value, "meaning": u.meaning, "source": u.source}
            for u in (found.thresholds if found else ())
        ],
        "change": found.change if found else "",
        "clauses": [
            {"key": c.key, "step": c.step, "holds": c.holds, "says": c.says}
            for c in (found.clauses if found else ())
        ],
        "sources": list(found.sources) if found else [],
    }
