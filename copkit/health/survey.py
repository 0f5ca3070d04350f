"""The survey lens: members' own view of each principle, asked anonymously.

The PSDP evaluation asked facilitators to rate agreement statements for each of the nine
principles; copkit offers such statements, reads the answers from a CSV (``respondent,principle,
statement,score``, respondent an anonymous token), and summarises them beside the data-derived
signals. Answers are never linked to members: a respondent that looks like a member id or an
email is refused.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import msgspec

from copkit.errors import CopkitError, InputError
from copkit.health import thresholds as th
from copkit.health.findings import PRINCIPLE_KEYS, PRINCIPLES, SurveyLens
from copkit.model import Member, SurveyResponse, check_text

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
    window = dt.timedelta(days=th.SURVEY_ROUND_DAYS)
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


def latest_round(
    responses: Sequence[SurveyResponse], as_of: dt.date | None = None
) -> list[SurveyResponse]:
    """The most recent survey round up to ``as_of``: answers recorded within
    ``SURVEY_ROUND_DAYS`` of the newest one (a survey is often entered over a few days)."""
    usable = [r for r in responses if as_of is None or r.on <= as_of]
    if not usable:
        return []
    newest = max(r.on for r in usable)
    start = newest - dt.timedelta(days=th.SURVEY_ROUND_DAYS)
    return [r for r in usable if r.on >= start]


def lens(
    responses: Sequence[SurveyResponse],
    key: str,
    *,
    members: int | None = None,
    stale: bool = False,
) -> SurveyLens:
    """Distinct respondents and the share of answers scoring 4 or 5, for one principle;
    ``members`` on the survey date and whether the round is over a year old, when known."""
    mine = [r for r in responses if r.principle == key]
    if not mine:
        return SurveyLens(responses=0, agree_share=None)
    agree = sum(1 for r in mine if r.score >= 4)
    return SurveyLens(
        responses=len({r.respondent for r in mine}),
        agree_share=round(agree / len(mine), 2),
        members=members,
        stale=stale,
    )


def round_day(responses: Sequence[SurveyResponse]) -> dt.date | None:
    """The day a round was answered: its newest answer's."""
    return max((r.on for r in responses), default=None)


def members_on(members: Iterable[Member], on: dt.date) -> int:
    """Members on the survey date: the denominator the evaluations reported (PSDP: feedback
    from 90% (18) of the facilitators)."""
    return sum(1 for m in members if m.is_current(on))


def is_stale(responses: Sequence[SurveyResponse], as_of: dt.date) -> bool:
    """A round answered more than a year before ``as_of``: marked as such wherever shown."""
    answered = round_day(responses)
    return answered is not None and (as_of - answered).days > th.YEAR_DAYS


class StatementSummary(msgspec.Struct, frozen=True):
    principle: str
    statement: str
    answers: int
    agree_share: float
    mean: float
    scores: tuple[int, int, int, int, int]  # how many answered 1, 2, 3, 4, 5


class SurveySummary(msgspec.Struct, frozen=True):
    """The latest round, per principle and per statement."""

    first: dt.date | None
    last: dt.date | None
    respondents: int
    principles: dict[str, SurveyLens]
    statements: tuple[StatementSummary, ...]
    members: int | None = None
    stale: bool = False
    comments: tuple[tuple[str, str], ...] = ()

    @property
    def response_rate(self) -> str:
        """``18 of 20 members (90%)``, as the evaluations reported it."""
        if not self.members:
            return f"{self.respondents} respondent(s)"
        share = round(self.respondents / self.members * 100)
        return f"{self.respondents} of {self.members} members ({share}%)"

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.first.isoformat() if self.first else None,
            "to": self.last.isoformat() if self.last else None,
            "respondents": self.respondents,
            "members": self.members,
            "over_a_year_old": self.stale,
            "comments": [{"principle": key, "comment": text} for key, text in self.comments],
            "principles": [
                {"key": key, "responses": lens_.responses, "agree_share": lens_.agree_share}
                for key, lens_ in self.principles.items()
            ],
            "statements": [
                {
                    "principle": s.principle,
                    "statement": s.statement,
                    "answers": s.answers,
                    "agree_share": s.agree_share,
                    "mean": s.mean,
                    "scores": list(s.scores),
                }
                for s in self.statements
            ],
        }


def summarise(
    responses: Sequence[SurveyResponse],
    as_of: dt.date | None = None,
    *,
    members: Sequence[Member] | None = None,
) -> SurveySummary:
    """Summarise the latest round: what ``survey results`` shows, with the response rate
    against ``members`` on the survey date, free-text comments per principle (for the
    gardener only), and whether the round is over a year old on ``as_of`` (default today)."""
    chosen = latest_round(responses, as_of)
    answered = round_day(chosen)
    order_key = {key: index for index, key in enumerate(PRINCIPLE_KEYS)}
    comments = tuple(
        (r.principle, r.comment)
        for r in sorted(chosen, key=lambda r: order_key[r.principle])
        if r.comment
    )
    grouped: dict[tuple[str, str], list[int]] = defaultdict(list)
    for r in chosen:
        grouped[(r.principle, r.statement)].append(r.score)
    order = {key: index for index, key in enumerate(PRINCIPLE_KEYS)}
    statements = []
    for (key, text), scores in sorted(grouped.items(), key=lambda kv: order[kv[0][0]]):
        tally = Counter(scores)
        statements.append(
            StatementSummary(
                principle=key,
                statement=text,
                answers=len(scores),
                agree_share=round(sum(1 for s in scores if s >= 4) / len(scores), 2),
                mean=round(sum(scores) / len(scores), 2),
                scores=(tally[1], tally[2], tally[3], tally[4], tally[5]),
            )
        )
    return SurveySummary(
        first=min((r.on for r in chosen), default=None),
        last=max((r.on for r in chosen), default=None),
        respondents=len({r.respondent for r in chosen}),
        principles={key: lens(chosen, key) for key in PRINCIPLE_KEYS},
        statements=tuple(statements),
        members=members_on(members, answered) if members is not None and answered else None,
        stale=is_stale(chosen, as_of or dt.date.today()),
        comments=comments,
    )
