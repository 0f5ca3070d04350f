"""The survey lens: members' own view of each principle, asked anonymously.

The answers are recorded by :mod:`copkit.records.survey` (the statements, the CSV, the checks);
here they are summarised beside the data-derived signals, round by round.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import msgspec

from copkit.health import thresholds as th
from copkit.health.findings import PRINCIPLE_KEYS, SurveyLens
from copkit.health.words import count
from copkit.model import Member, SurveyResponse


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
            return count(self.respondents, "respondent")
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
