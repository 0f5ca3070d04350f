"""The sponsor report tells the sponsor what matters (issue 21): the survey, a programme that
completed as planned, and conversation that flows one way, read from communities shaped like
the sources' and built through the CLI as a gardener would. "Today" is the suite's 25 Nov 2026.

- A regional forum whose only channel between meetings is the coordinator's bulletin (the Social
  Care Wales mapping: periodic meetings, one-way communication).
- A time-limited programme like the PSDP facilitators': whole days in person, then shorter
  online meetings, each series with a planned end, and an anonymous survey (18 of 20 answered).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import Run

from copkit.records.survey import STATEMENTS


def _ok(run: Run, *args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, (args, result.output)
    return result.output


def _imported(run: Run, tmp_path: Path, space: str, rows: list[str]) -> None:
    path = tmp_path / f"activity-{len(list(tmp_path.iterdir()))}.csv"
    path.write_text("when,who,kind,thread\n" + "".join(row + "\n" for row in rows))
    _ok(run, "conversation", "import", str(path), "--space", space)


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[^\W\d_]+", text)}


# --- the regional forum and its bulletin ---------------------------------------------------------

#: The coordinator's bulletin: eleven posts over the last six months, nobody answering.
BULLETINS = [
    f"2026-{month:02d}-{day:02d},cora@forum.example.org,post,b{month}{day}"
    for month, day in ((6, 2), (6, 16), (7, 1), (7, 15), (8, 3), (8, 17), (9, 1), (9, 15),
                       (10, 1), (10, 15), (11, 2))
]  # fmt: skip


@pytest.fixture
def forum(run: Run) -> Run:
    """A regional forum: a coordinator (the gardener) and eight practitioners from four
    organisations, meeting every three months in a room; between meetings, a bulletin."""
    _ok(run, "init", "Regional practice forum", "--domain", "Evidence-enriched practice",
        "--gardener", "Cora Lind <cora@forum.example.org>",
        "--sponsor", "Head of workforce")  # fmt: skip
    _ok(run, "member", "add", "Cora Lind", "--email", "cora@forum.example.org",
        "--org", "Council A", "--joined", "2025-01-01")  # fmt: skip
    for n in range(1, 9):
        _ok(run, "member", "add", f"Practitioner {n}", "--email", f"p{n}@forum.example.org",
            "--org", f"Council {'ABCD'[n % 4]}", "--joined", "2025-01-01")  # fmt: skip
    _ok(run, "space", "add", "Forum room", "--public", "--location", "Regional office")
    _ok(run, "rhythm", "add", "Regional forum", "--space", "Forum room",
        "--rrule", "FREQ=MONTHLY;INTERVAL=3", "--start", "2026-03-10T10:00",
        "--duration", "3h")  # fmt: skip
    for day in ("2026-03-10", "2026-06-10", "2026-09-10"):
        _ok(run, "meeting", "record", "--rhythm", "Regional forum", "--on", day,
            "--attended",
            "Cora,Practitioner 1,Practitioner 2,Practitioner 3,Practitioner 5")  # fmt: skip
    return run


def test_a_bulletin_nobody_answered_reaches_the_sponsor_as_one_way(
    forum: Run, tmp_path: Path
) -> None:
    _ok(forum, "space", "add", "Bulletin", "--public", "--platform", "Email")
    _imported(forum, tmp_path, "Bulletin", BULLETINS)
    text = _ok(forum, "report", "sponsor")
    assert "posts and replies" not in text  # the coordinator's news is no conversation
    assert (
        "Between meetings in the last six months, communication in public spaces flowed one "
        "way: members answered 0 of the 11 threads the gardening role started"
    ) in text
    dialogue = next(line for line in text.splitlines() if line.startswith("- Internal and"))
    assert dialogue.endswith("between meetings, communication in public spaces flows one way")
    needs = text.split("## What the community needs")[1]
    assert "Social Care Wales mapping (Social Finance 2022)" in needs
    assert "one way" in needs
    assert not {"cora", "lind"} & _words(text)  # the coordinator is a role, never a person


def test_a_private_channel_members_answer_neither_hides_nor_reaches_the_sponsor(
    forum: Run, tmp_path: Path
) -> None:
    """Members answering each other in a private channel stay private: the sponsor reads the
    public bulletin as it is, and not one figure of the private channel."""
    _ok(forum, "space", "add", "Bulletin", "--public", "--platform", "Email")
    _ok(forum, "space", "add", "Wombat room", "--private", "--platform", "Teams")
    _imported(forum, tmp_path, "Bulletin", BULLETINS)
    _imported(forum, tmp_path, "Wombat room", [
        *(f"2026-10-{d:02d},p{n}@forum.example.org,post,w{d}"
          for n, d in ((1, 3), (2, 5), (3, 7), (4, 9))),
        *(f"2026-10-{d + 1:02d},p{n % 4 + 1}@forum.example.org,reply,w{d}"
          for n, d in ((1, 3), (2, 5), (3, 7), (4, 9))),
    ])  # fmt: skip
    text = _ok(forum, "report", "sponsor")
    assert "members answered 0 of the 11 threads the gardening role started" in text
    assert "wombat" not in _words(text) and "posts and replies" not in text


def test_a_couple_of_unanswered_posts_are_not_called_conversation(
    forum: Run, tmp_path: Path
) -> None:
    _ok(forum, "space", "add", "Bulletin", "--public", "--platform", "Email")
    _imported(forum, tmp_path, "Bulletin", BULLETINS[-2:])
    text = _ok(forum, "report", "sponsor")
    assert (
        "2 posts between meetings in public spaces in the last six months, none answered yet: "
        "too few to tell whether conversation flows both ways"
    ) in text
    assert "posts and replies" not in text


def test_a_conversation_members_answer_is_still_counted_and_read_as_two_way(
    forum: Run, tmp_path: Path
) -> None:
    _ok(forum, "space", "add", "Forum chat", "--public", "--platform", "Teams")
    _imported(forum, tmp_path, "Forum chat", [
        *BULLETINS[:6],
        *(f"2026-{m:02d}-20,p1@forum.example.org,reply,b{m}{d}" for m, d in ((6, 2), (7, 1))),
        *(f"2026-{m:02d}-21,p2@forum.example.org,reply,b{m}{d}" for m, d in ((7, 15), (8, 3))),
        "2026-08-25,p3@forum.example.org,post,q1",
        "2026-08-26,p5@forum.example.org,reply,q1",
    ])  # fmt: skip
    text = _ok(forum, "report", "sponsor")
    assert (
        "12 posts and replies between meetings in public spaces in the last six months, "
        "reading as two-way"
    ) in text
    assert "flows one way" not in text and "Social Care Wales" not in text


def test_a_partly_answered_bulletin_says_how_much_of_it_was_answered(
    forum: Run, tmp_path: Path
) -> None:
    _ok(forum, "space", "add", "Bulletin", "--public", "--platform", "Email")
    _imported(forum, tmp_path, "Bulletin", [
        *BULLETINS,
        *(f"2026-{m:02d}-20,p{m - 5}@forum.example.org,reply,b{m}{d}"
          for m, d in ((6, 2), (7, 1), (8, 3))),
    ])  # fmt: skip
    text = _ok(forum, "report", "sponsor")
    assert (
        "14 posts and replies between meetings in public spaces in the last six months, reading "
        "as partly two-way: members answered 3 of the 11 threads the gardening role started"
    ) in text


def test_an_announcements_channel_is_reported_by_its_reach_not_as_conversation(
    forum: Run, tmp_path: Path
) -> None:
    """Next to a discussion channel members answer in, the news channel is one way on purpose:
    the sponsor reads how many it reached, and the conversation is counted without it."""
    _ok(forum, "space", "add", "Forum news", "--public", "--platform", "Email",
        "--purpose", "announcements")  # fmt: skip
    _ok(forum, "space", "add", "Forum chat", "--public", "--platform", "Teams")
    _imported(forum, tmp_path, "Forum news", [
        *(row.replace(",b", ",n") for row in BULLETINS[:8]),
        *(f"2026-10-{n + 2:02d},p{n}@forum.example.org,reaction,n101" for n in range(1, 9)),
        *(f"2026-09-{n + 2:02d},p{n}@forum.example.org,reaction,n91" for n in range(1, 5)),
    ])  # fmt: skip
    _imported(forum, tmp_path, "Forum chat", [
        "2026-10-05,p1@forum.example.org,post,c1",
        "2026-10-06,p2@forum.example.org,reply,c1",
        "2026-10-07,cora@forum.example.org,reply,c1",
        "2026-10-12,p3@forum.example.org,post,c2",
        "2026-10-13,p4@forum.example.org,reply,c2",
    ])  # fmt: skip
    text = _ok(forum, "report", "sponsor")
    assert (
        "Forum news is for announcements, one way by design: 8 posts in the last six months "
        "reached 8 members who reacted or replied (12 reactions)"
    ) in text
    assert "5 posts and replies between meetings in public spaces" in text  # the chat alone
    assert "flows one way" not in text and "flowed one way" not in text


def test_a_news_channel_with_no_space_to_talk_still_reads_one_way(
    forum: Run, tmp_path: Path
) -> None:
    """The Wales mapping's case: the only channel between meetings carries news, however
    many read it, and there is no place where members talk."""
    _ok(forum, "space", "add", "Forum news", "--public", "--platform", "Email",
        "--purpose", "announcements")  # fmt: skip
    _imported(forum, tmp_path, "Forum news", [
        *BULLETINS,
        *(f"2026-10-{n + 2:02d},p{n}@forum.example.org,reaction,b101" for n in range(1, 9)),
    ])  # fmt: skip
    text = _ok(forum, "report", "sponsor")
    assert "Forum news is for announcements, one way by design: 11 posts" in text
    assert "no space meant for members to talk with each other: communication flows one way" in (
        text
    )
    assert "Social Care Wales mapping" in text.split("## What the community needs")[1]


# --- the programme that completed as planned ------------------------------------------------------

WHOLE_DAYS = [dt.date(2024, 9, 3) + dt.timedelta(weeks=5 * k) for k in range(6)]
ONLINE = [dt.date(2025, 2, 4) + dt.timedelta(days=28 * k) for k in range(12)]


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%b %Y}"


def _survey(run: Run, tmp_path: Path, on: str, *, private_word: str = "") -> None:
    """18 anonymous respondents; sponsorship is where fewer agreed."""
    rows = []
    for respondent in range(1, 19):
        for key, texts in STATEMENTS.items():
            for n, text in enumerate(texts):
                score = 5 if respondent % 6 else 4
                if key == "sponsorship":
                    score = 4 if respondent % 3 == 0 and n == 0 else 2
                rows.append((f"r{respondent}", key, text, score, "Zara made it for me"))
    if private_word:
        rows += [(f"r{r}", "spaces", f"The {private_word} review felt safe", 5, "")
                 for r in range(1, 19)]  # fmt: skip
    path = tmp_path / f"survey-{on}.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["respondent", "principle", "statement", "score", "comment"])
        writer.writerows(rows)
    _ok(run, "survey", "record", str(path), "--on", on)


@pytest.fixture
def programme(run: Run, tmp_path: Path) -> Run:
    """20 facilitators from 11 organisations; six whole days in person, then twelve online
    meetings every 28 days, each series ending as its rule planned (the last on 9 Dec 2025);
    a private circle of leads that met twice; a survey answered by 18 of the 20."""
    _ok(run, "init", "Facilitators programme", "--domain", "Facilitating supervisors' learning",
        "--gardener", "Lead One <lead@psdp.example.org>",
        "--sponsor", "Programme director")  # fmt: skip
    _ok(run, "member", "add", "Lead One", "--email", "lead@psdp.example.org", "--org", "Org 0",
        "--joined", "2024-08-01")  # fmt: skip
    for n in range(1, 20):
        _ok(run, "member", "add", f"Facilitator {n}", "--email", f"f{n}@psdp.example.org",
            "--org", f"Org {n % 11}", "--joined", "2024-08-01")  # fmt: skip
    _ok(run, "space", "add", "CoP day", "--public", "--location", "Conference centre")
    _ok(run, "space", "add", "Online room", "--public", "--platform", "Zoom")
    _ok(run, "space", "add", "Quokka huddle", "--private", "--platform", "Zoom")
    _ok(run, "rhythm", "add", "CoP day", "--space", "CoP day",
        "--rrule", "FREQ=WEEKLY;INTERVAL=5;COUNT=6", "--start", "2024-09-03T09:30",
        "--duration", "6h")  # fmt: skip
    _ok(run, "rhythm", "add", "Online meeting", "--space", "Online room",
        "--rrule", "FREQ=DAILY;INTERVAL=28;COUNT=12", "--start", "2025-02-04T14:00",
        "--duration", "2h")  # fmt: skip
    for n, day in enumerate([*WHOLE_DAYS, *ONLINE]):
        came = ["Lead One", *(f"Facilitator {k}" for k in range(1, 20) if (k + n) % 4)]
        _ok(run, "meeting", "record", "--rhythm", "CoP day" if n < 6 else "Online meeting",
            "--on", day.isoformat(), "--attended", ",".join(came),
            "--topic", f"What worked with cohort {n}", "--proposed-by", "Lead One",
            "--activity", "familiar:case discussion")  # fmt: skip
    for day in ("2025-03-11", "2025-06-10"):
        _ok(run, "meeting", "record", "--space", "Quokka huddle", "--on", f"{day}T09:00",
            "--attended", "Lead One,Facilitator 1", "--topic", "Zanzibar cohort worries",
            "--proposed-by", "Lead One")  # fmt: skip
    _survey(run, tmp_path, "2025-12-10")
    return run


def test_a_programme_that_ran_to_its_planned_end_says_it_completed(programme: Run) -> None:
    text = _ok(programme, "report", "sponsor")
    assert "0 meetings in the last year" not in text
    assert "## What it did and what carries on" in text
    # 20 meetings in all, the 2 of the private huddle counted, never named: 15 at each of the
    # 18 public ones, 2 at the private ones
    assert (
        f"It completed as planned: 20 meetings from {_day(WHOLE_DAYS[0])} to "
        f"{_day(ONLINE[-1])} in 2 series, with 14 people at each on average"
    ) in text
    assert (
        f"CoP day (open): completed as planned, 6 meetings from {_day(WHOLE_DAYS[0])} to "
        f"{_day(WHOLE_DAYS[-1])}"
    ) in text
    assert (
        f"Online meeting (open): completed as planned, 12 meetings from {_day(ONLINE[0])} to "
        f"{_day(ONLINE[-1])}"
    ) in text
    assert "What carries on: nothing is scheduled or recorded since the last meeting" in text
    needs = text.split("## What the community needs")[1]
    assert "what should carry on now that the meetings have completed" in needs
    assert "Protected time in members' diaries" not in needs  # no lapse to mend
    assert not {"quokka", "huddle", "zanzibar", "lead", "facilitator"} & _words(text)
    # nearly a year after the last meeting nobody took part or moved: said, not "0 moved"
    assert "0 moved towards the core" not in text and "0 took part as core" not in text
    assert "The last month held no meeting and no conversation, so there is no movement" in text
    assert "Nobody met or wrote between meetings over the last 90 days" in text


def test_what_carries_on_after_the_end_is_what_the_records_show(
    programme: Run, tmp_path: Path
) -> None:
    _ok(programme, "story", "add", "--consent", "Two cohorts now co-facilitate across councils",
        "--cycle", "applied", "--on", "2026-03-02")  # fmt: skip
    _imported(programme, tmp_path, "Online room", [
        "2026-02-03,f1@psdp.example.org,post,a1",
        "2026-02-04,f2@psdp.example.org,reply,a1",
        "2026-02-05,f3@psdp.example.org,reply,a1",
    ])  # fmt: skip
    text = _ok(programme, "report", "sponsor")
    assert "What carries on: 3 posts and replies between members in public spaces since the " in (
        text
    )
    assert "What carries on: 1 story of what members did with it, recorded since the last" in text
    assert "nothing is scheduled or recorded" not in text


def test_the_survey_reaches_the_sponsor_with_its_denominator(programme: Run) -> None:
    text = _ok(programme, "report", "sponsor")
    said = text.split("## What members said in the survey")[1].split("## ")[0]
    assert "18 of 20 members (90%) answered the anonymous survey on 10 Dec 2025" in said
    assert (
        "- Rhythm: 100% of answers agreed, most of all with \u201cMeetings happen regularly "
        "enough to keep me connected.\u201d"
    ) in said
    # 6 of the 54 sponsorship answers agreed: the first statement, by a third of respondents
    assert (
        "- Sponsorship: 11% of answers agreed, most of all with \u201cMy organisation gives me "
        "the time to take part.\u201d"
    ) in said
    assert "over a year" not in said
    assert "Zara" not in text and "r1" not in _words(text)  # no comment, no token


def test_a_principle_some_respondents_left_out_says_how_many_answered_it(
    forum: Run, tmp_path: Path
) -> None:
    path = tmp_path / "answers.csv"
    rows = [f"{r},dialogue,{STATEMENTS['dialogue'][0]},{4 if r < 4 else 2}" for r in (1, 2, 3, 4)]
    rows += [f"{r},rhythm,I know when the next meeting is.,{5 if r < 3 else 3}" for r in (1, 2, 3)]
    path.write_text("respondent,principle,statement,score\n" + "\n".join(rows) + "\n")
    _ok(forum, "survey", "record", str(path), "--on", "2026-11-02")
    said = _ok(forum, "report", "sponsor").split("## What members said in the survey")[1]
    assert "- 4 of 9 members (44%) answered the anonymous survey on 2 Nov 2026" in said
    assert (
        "- Internal and external dialogue: 75% of answers agreed, most of all with \u201cI hear "
        "perspectives from other organisations and roles in this community.\u201d"
    ) in said
    assert (
        "- Rhythm: 67% of answers agreed (3 answered it), most of all with \u201cI know when "
        "the next meeting is.\u201d"
    ) in said
    assert "Sponsorship:" not in said.split("## ")[0]  # nobody was asked about it


def test_without_a_survey_the_sponsor_reads_that_none_was_asked(forum: Run) -> None:
    text = _ok(forum, "report", "sponsor")
    said = text.split("## What members said in the survey")[1].split("## ")[0]
    assert "Members have not been surveyed yet." in said


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_a_survey_statement_with_a_private_word_is_left_out(
    programme: Run, tmp_path: Path, fmt: str
) -> None:
    _survey(programme, tmp_path, "2026-03-20", private_word="Zanzibar")
    text = _ok(programme, "report", "sponsor", "--format", fmt)
    assert "zanzibar" not in _words(text)
    assert "Public and private spaces: 100% of answers agreed" in text  # the figure stays
    assert "18 of 20 members (90%) answered the anonymous survey on 20 Mar 2026" in text


def test_a_survey_over_a_year_old_says_so(programme: Run) -> None:
    text = _ok(programme, "report", "sponsor", "--as-of", "2027-01-15")
    assert (
        "answered the anonymous survey on 10 Dec 2025: over a year ago, so a new round would "
        "show how members see it now"
    ) in text


# --- report sponsor --as-of ---------------------------------------------------------------------


def test_as_of_reads_the_report_as_it_stood_that_day(programme: Run) -> None:
    _ok(programme, "story", "add", "--consent", "Two cohorts now co-facilitate across councils",
        "--cycle", "applied", "--on", "2026-03-02")  # fmt: skip
    text = _ok(programme, "report", "sponsor", "--as-of", "2025-06-01")
    assert "an update for Programme director, 1 Jun 2025" in text
    assert "It completed as planned" not in text and "What carries on" not in text
    assert (
        f"CoP day (open): completed as planned, 6 meetings from {_day(WHOLE_DAYS[0])}" in text
    )  # the in-person days had ended by then; the online series still ran
    assert re.search(r"Online meeting \(open\): \d+ meetings in the last year, about every 28 "
                     r"days; next on 24 Jun 2025", text), text  # fmt: skip
    assert "Members have not been surveyed yet." in text  # the survey came later
    assert "Two cohorts now co-facilitate" not in text  # so did the story
    today = _ok(programme, "report", "sponsor")
    assert "Two cohorts now co-facilitate" in today and "It completed as planned" in today


def test_as_of_is_a_date(programme: Run) -> None:
    result = programme("report", "sponsor", "--as-of", "last week")
    assert result.exit_code == 2
    assert "--as-of" in result.output
    assert "--as-of" in _ok(programme, "report", "sponsor", "--help")


def test_the_example_communitys_survey_reaches_its_sponsor(example_home: Path, run: Run) -> None:
    """copkit's own statements hold nothing of the community, so each principle names the one
    members agreed with most, even where a word of it was also said in the private circle."""
    text = _ok(run, "report", "sponsor")
    said = text.split("## What members said in the survey")[1].split("## ")[0]
    assert "- 18 of 24 members (75%) answered the anonymous survey on 20 Oct 2026" in said
    assert (
        "- Rhythm: 81% of answers agreed, most of all with \u201cThe pace of meetings suits my "
        "workload.\u201d"
    ) in said
    assert len([line for line in said.splitlines() if "most of all with" in line]) == 9
    assert "circle" not in _words(text)
