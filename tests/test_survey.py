"""The survey lens: statements, anonymous answers in, a summary out, beside the data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from copkit.errors import InputError
from copkit.health import PRINCIPLE_KEYS
from copkit.model import BIDI_CONTROLS
from copkit.records.survey import STATEMENTS, read_responses_csv

ON = dt.date(2026, 10, 20)


def write_csv(path: Path, rows: list[tuple[object, ...]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["respondent", "principle", "statement", "score"])
        writer.writerows(rows)
    return path


def test_statements_cover_every_principle_as_text_and_csv(run) -> None:
    text = run("survey", "statements")
    assert text.exit_code == 0
    assert "1. Organic evolution (organic-evolution)" in text.output
    assert "9. Sponsorship (sponsorship)" in text.output
    table = run("survey", "statements", "--format", "csv")
    rows = list(csv.reader(io.StringIO(table.output)))
    assert rows[0] == ["principle", "statement"]
    assert {row[0] for row in rows[1:]} == set(PRINCIPLE_KEYS)
    assert all(row[1] for row in rows[1:])


def test_recorded_answers_show_in_results_and_beside_the_data(community, tmp_path: Path) -> None:
    run = community
    rows = []
    for respondent in range(1, 19):
        for text in STATEMENTS["rhythm"]:
            rows.append((respondent, "rhythm", text, 5 if respondent <= 16 else 2))
    rows.append((1, "9", STATEMENTS["sponsorship"][0], 3))  # a principle by its number
    path = write_csv(tmp_path / "answers.csv", rows)
    recorded = run("survey", "record", str(path), "--on", "2026-10-20")
    assert recorded.exit_code == 0, recorded.output
    answers = 18 * len(STATEMENTS["rhythm"]) + 1
    assert f"Recorded {answers} answers from 18 respondents" in recorded.output

    summary = json.loads(run("survey", "results", "--json").output)
    assert summary["respondents"] == 18
    rhythm = next(p for p in summary["principles"] if p["key"] == "rhythm")
    assert rhythm == {"key": "rhythm", "responses": 18, "agree_share": 0.89}
    statement = next(s for s in summary["statements"] if s["principle"] == "rhythm")
    assert statement["scores"] == [0, 2, 0, 0, 16] and statement["answers"] == 18

    report = json.loads(run("health", "--format", "json", "--as-of", "2026-11-01").output)
    lenses = {p["key"]: p["survey"] for p in report["principles"]}
    members = len(json.loads(run("member", "list", "--json").output))
    round_of = {"members": members, "over_a_year_old": False}
    assert lenses["rhythm"] == {"responses": 18, "agree_share": 0.89} | round_of
    assert lenses["sponsorship"] == {"responses": 1, "agree_share": 0.0} | round_of
    assert lenses["dialogue"] == {"responses": 0, "agree_share": None}
    # answers given after the as-of date are not yet there
    before = json.loads(run("health", "--format", "json", "--as-of", "2026-10-19").output)
    assert all(p["survey"]["responses"] == 0 for p in before["principles"])
    shown = run("survey", "results").output
    assert "rhythm" in shown and "89% agree" in shown


def test_a_bad_file_is_refused_whole_with_line_numbers(community, tmp_path: Path) -> None:
    run = community
    path = write_csv(
        tmp_path / "bad.csv",
        [
            (1, "rhythm", "I know when the next meeting is.", 4),
            (2, "weather", "Sunny", 4),
            (3, "rhythm", "I know when the next meeting is.", 7),
            ("bo@example.org", "rhythm", "I know when the next meeting is.", 4),
            ("Cy Dee", "rhythm", "I know when the next meeting is.", 4),
            (1, "rhythm", "I know when the next meeting is.", 5),
        ],
    )
    result = run("survey", "record", str(path))
    assert result.exit_code == 1
    assert "line 3: 'weather' is not a principle" in result.output
    assert "line 4: score should be a whole number from 1 to 5, not '7'" in result.output
    assert "line 5: respondent 'bo@example.org' looks like a member" in result.output
    assert "line 6: respondent 'Cy Dee' looks like a member" in result.output
    assert "line 7: respondent 1 already answered this statement on line 2" in result.output
    assert "Traceback" not in result.output
    assert json.loads(run("survey", "results", "--json").output)["respondents"] == 0


def test_missing_file_and_wrong_header_are_clean_errors(community, tmp_path: Path) -> None:
    missing = community("survey", "record", str(tmp_path / "nope.csv"))
    assert missing.exit_code == 1 and "no file" in missing.output
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("name,score\nAnn,5\n")
    result = community("survey", "record", str(wrong))
    assert result.exit_code == 1
    assert "the CSV needs the header respondent,principle,statement,score" in result.output


def test_results_without_answers_says_so(community) -> None:
    assert "No survey answers yet" in community("survey", "results").output


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(max_size=300),
        # past the header, where the row checks live
        st.text(alphabet='12345,"\n\r rhythm7@m', max_size=200).map(
            lambda body: "respondent,principle,statement,score\n" + body
        ),
    )
)
def test_parser_never_crashes_on_garbage(text: str) -> None:
    try:
        answers = read_responses_csv(text, ON)
    except InputError as exc:
        assert str(exc)
        return
    assert answers  # it only succeeds with at least one answer
    for answer in answers:
        assert answer.principle in PRINCIPLE_KEYS and 1 <= answer.score <= 5


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(1, 40),
            st.sampled_from(PRINCIPLE_KEYS),
            st.text(
                st.characters(  # a survey tool's statement is one line of showable text
                    codec="utf-8",
                    exclude_categories=("Cc", "Cs", "Zl", "Zp"),
                    exclude_characters="".join(BIDI_CONTROLS),
                ),
                min_size=1,
                max_size=40,
            ),
            st.integers(1, 5),
        ),
        min_size=1,
        max_size=20,
        unique_by=lambda row: (row[0], row[1], row[2].strip()),
    )
)
def test_parser_reads_back_what_a_survey_tool_wrote(rows: list[tuple]) -> None:
    rows = [r for r in rows if r[2].strip()]
    if not rows:
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["respondent", "principle", "statement", "score"])
    writer.writerows(rows)
    answers = read_responses_csv(buffer.getvalue(), ON)
    assert [(int(a.respondent), a.principle, a.statement, a.score) for a in answers] == [
        (r[0], r[1], r[2].strip(), r[3]) for r in rows
    ]


def test_the_same_answers_cannot_count_twice(community, tmp_path: Path, home: Path) -> None:
    run = community
    rows = [(n, "rhythm", STATEMENTS["rhythm"][0], 4) for n in range(1, 10)]
    path = write_csv(tmp_path / "round.csv", rows)
    assert run("survey", "record", str(path), "--on", "2026-10-20").exit_code == 0
    before = (home / "test-cop.json").read_bytes()
    again = run("survey", "record", str(path), "--on", "2026-10-21")
    assert again.exit_code == 1 and "recorded twice?" in again.output
    assert (home / "test-cop.json").read_bytes() == before
    summary = json.loads(run("survey", "results", "--json").output)
    assert summary["respondents"] == 9
    other = write_csv(tmp_path / "other.csv", [(n, "rhythm", STATEMENTS["rhythm"][0], 2)
                                                for n in range(10, 19)])  # fmt: skip
    assert run("survey", "record", str(other), "--on", "2026-10-21").exit_code == 0
    assert json.loads(run("survey", "results", "--json").output)["respondents"] == 18
    next_year = run("survey", "record", str(path), "--on", "2027-10-20")
    assert next_year.exit_code == 0, next_year.output  # a new round may reuse the tokens
