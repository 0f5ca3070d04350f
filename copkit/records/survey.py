"""Survey answers as a gardener records them: the statements, a responses CSV read and checked.

The PSDP evaluation asked facilitators to rate agreement statements for each of the nine
principles; copkit offers such statements (:data:`STATEMENTS`), reads the answers from a CSV
(``respondent,principle,statement,score``, respondent an anonymous token) and checks them
against the community before :func:`copkit.records.record_survey` stores them, all or none.
Answers are never linked to members: a respondent that looks like a member id or an email is
refused. What the answers say is the health check's (:mod:`copkit.health.survey`).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

import msgspec

from copkit.errors import CopkitError, InputError
from copkit.model import SurveyResponse, check_text
from copkit.model.principles import PRINCIPLE_KEYS, PRINCIPLES

#: Answers this many days apart or closer are one round (a survey is often entered over a few
#: days): a copkit default, read by the health check's lens as a threshold too.
SURVEY_ROUND_DAYS = 60

HEADER = ("respondent", "principle", "statement", "score")
#: An optional free-text answer per row: the gardener reads it in ``survey results``; it never
#: reaches the sponsor report (a comment worth sharing becomes a value story, with consent).
COMMENT = "comment"

#: Agreement statements per principle, rated 1 (strongly disagree) to 5 (strongly agree).
STATEMENTS: dict[str, tuple[str, ...]] = {
    "organic-evolution": (
        "The community's focus changes as we learn together.",
        "Members, not only the gardener, shape what we talk about.",
        "The community is free to go with the flow rather than follow fixed goals.",
    ),
    "dialogue": (
        "I hear perspectives from other organisations and roles in this community.",
        "The community brings in ideas from outside: guests, research, other services.",
        "I can speak openly here and be listened to.",
    ),
    "participation": (
        "I feel I belong here whether I contribute a lot or mostly listen.",
        "It is easy to take part more, or less, as my work allows.",
        "I am motivated to share my knowledge and experience with other members.",
    ),
    "spaces": (
        "There is a space where I can test half-formed ideas safely.",
        "There are open, informal occasions where anyone can join in.",
    ),
    "domain": (
        "I know what this community is about and what I get from it.",
        "What we discuss is useful in my day-to-day practice.",
        "The community's objectives develop over time as members' needs change.",
    ),
    "activities": (
        "Our meetings have familiar routines that help me settle in.",
        "Meetings regularly offer something new: a method, a guest, a visit.",
    ),
    "rhythm": (
        "Meetings happen regularly enough to keep me connected.",
        "I know when the next meeting is.",
        "The pace of meetings suits my workload.",
    ),
    "gardener": (
        "Someone keeps the community together and makes newcomers welcome.",
        "Members share the roles that keep meetings going: chairing, welcoming, choosing topics.",
    ),
    "sponsorship": (
        "My organisation gives me the time to take part.",
        "Senior managers know about this community and value it.",
        "The community has the resources it needs: time, a place to meet, recognition.",
    ),
}

#: A respondent must be an anonymous token: not an email and not a member id such as ``m12``.
_NOT_ANONYMOUS = re.compile(r"@|^m\d+$", re.IGNORECASE)


def statement_rows() -> list[tuple[str, str]]:
    """(principle key, statement) in principle order: what ``survey statements`` prints."""
    return [(key, text) for key in PRINCIPLE_KEYS for text in STATEMENTS[key]]


def principle_key(text: str) -> str:
    """A principle named by key (``rhythm``), number (``7``) or title, as a key."""
    cleaned = text.strip().lower()
    for number, key, title in PRINCIPLES:
        if cleaned in (key, str(number), title.lower()):
            return key
    raise InputError(
        f"{text.strip()!r} is not a principle (use one of {', '.join(PRINCIPLE_KEYS)}, or 1-9)"
    )


def _score(text: str) -> int:
    cleaned = text.strip()
    if not (cleaned.isascii() and cleaned.isdigit()) or not 1 <= int(cleaned) <= 5:
        raise InputError(f"score should be a whole number from 1 to 5, not {text.strip()!r}")
    return int(cleaned)


def _respondent(text: str) -> str:
    """An anonymous token: one that looks like an email or a member id is refused as read."""
    token = check_text(text, "the respondent", limit=64)
    if _NOT_ANONYMOUS.search(token):
        raise InputError(_LOOKS_LIKE_A_MEMBER.format(token=token))
    return token


_LOOKS_LIKE_A_MEMBER = (
    "respondent {token!r} looks like a member; use an anonymous token (1, 2, 3, ...)"
)


class SurveyFile(msgspec.Struct, frozen=True):
    """A responses CSV as read: each answer with its line, and each line that could not be read.

    Reading never consults the community; :func:`check_answers` then applies the rules that
    need it, so a file is reported whole, every problem in line order.
    """

    answers: tuple[tuple[int, SurveyResponse], ...]
    problems: tuple[tuple[int, str], ...]


def read_survey_csv(text: str, on: dt.date) -> SurveyFile:
    """Read a responses CSV (``respondent,principle,statement,score``, and optionally
    ``comment``) answered on ``on``."""
    import csv  # here: the health check loads this module on every run and never reads a CSV

    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise InputError(f"line 1: {exc}") from None
    if sorted(h for h in header if h != COMMENT) != sorted(HEADER) or header.count(COMMENT) > 1:
        raise InputError(f"the CSV needs the header {','.join(HEADER)} (and optionally comment)")
    reader.fieldnames = header
    answers: list[tuple[int, SurveyResponse]] = []
    problems: list[tuple[int, str]] = []
    try:
        for row in reader:
            try:
                answer = _answer(row, on)
            except CopkitError as exc:
                problems.append((reader.line_num, str(exc)))
                continue
            if answer is not None:
                answers.append((reader.line_num, answer))
    except csv.Error as exc:
        problems.append((reader.line_num, str(exc)))
    return SurveyFile(tuple(answers), tuple(problems))


def _answer(row: dict[str | Any, str | Any], on: dt.date) -> SurveyResponse | None:
    """One row as an answer; None for a blank row."""
    if None in row or any(value is None for value in row.values()):
        raise InputError("the row does not have as many cells as the header")
    if not any(value.strip() for value in row.values()):
        return None
    return SurveyResponse(
        respondent=_respondent(row["respondent"]),
        principle=principle_key(row["principle"]),
        statement=check_text(row["statement"], "the statement", limit=500),
        score=_score(row["score"]),
        on=on,
        comment=row.get(COMMENT) or "",
    )


def check_answers(
    read: SurveyFile,
    *,
    member_names: Iterable[str] = (),
    stored: Sequence[SurveyResponse] = (),
) -> list[SurveyResponse]:
    """The answers of a file read, if every row passes; all or nothing, every problem named.

    ``member_names`` (names, emails and ids of members) are refused as respondents, so a
    survey cannot quietly become a record about a person. An answer that ``stored`` already
    holds for the same round (same token, same statement) is refused too: the same file
    recorded twice, or two files that reuse tokens, would otherwise count twice.
    """
    known = {name.lower() for name in member_names}
    window = dt.timedelta(days=SURVEY_ROUND_DAYS)
    on = read.answers[0][1].on if read.answers else None
    earlier = {
        (r.respondent, r.principle, r.statement): r.on
        for r in stored
        if on is not None and abs(r.on - on) <= window
    }
    problems = list(read.problems)
    seen: dict[tuple[str, str, str], int] = {}
    answers: list[SurveyResponse] = []
    for line, answer in read.answers:
        identity = (answer.respondent, answer.principle, answer.statement)
        problem = _answer_problem(answer, known, earlier.get(identity), seen.get(identity))
        if problem:
            problems.append((line, problem))
            continue
        seen[identity] = line
        answers.append(answer)
    if problems:
        shown = (f"line {line}: {problem}" for line, problem in sorted(problems))
        raise InputError("nothing was recorded:\n  " + "\n  ".join(shown))
    if not answers:
        raise InputError("the CSV holds no answers")
    return answers


def _answer_problem(
    answer: SurveyResponse, members: set[str], earlier: dt.date | None, seen: int | None
) -> str | None:
    """Why an answer cannot be recorded: a member's name, or a statement answered twice."""
    if answer.respondent.lower() in members:
        return _LOOKS_LIKE_A_MEMBER.format(token=answer.respondent)
    who = f"respondent {answer.respondent} already answered this statement"
    if earlier is not None:
        return (
            f"{who} in the round recorded on {earlier} (recorded twice? give each respondent "
            "of a round their own token)"
        )
    if seen is not None:
        return f"{who} on line {seen}"
    return None


def read_responses_csv(
    text: str,
    on: dt.date,
    *,
    member_names: Iterable[str] = (),
    stored: Sequence[SurveyResponse] = (),
) -> list[SurveyResponse]:
    """Read a responses CSV and check it (:func:`read_survey_csv`, :func:`check_answers`)."""
    return check_answers(read_survey_csv(text, on), member_names=member_names, stored=stored)
