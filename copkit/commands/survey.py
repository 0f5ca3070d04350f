"""`copkit survey ...`: the members' own view of each principle, asked anonymously."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import TYPE_CHECKING

import click

from copkit import records
from copkit.commands.context import DATE, AppContext, done, json_option, pass_app
from copkit.commands.output import present
from copkit.errors import InputError
from copkit.health.words import count

if TYPE_CHECKING:
    from rich.console import Group

    from copkit.health.survey import SurveySummary


@click.group()
def survey() -> None:
    """The survey lens: agreement statements per principle, answered anonymously."""


@survey.command("statements")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "csv"]),
    default="text",
    show_default=True,
    help="text to read or print; csv (principle,statement) for a survey tool.",
)
def statements(fmt: str) -> None:
    """Print agreement statements for each of the nine principles (rated 1-5)."""
    from copkit.health.findings import PRINCIPLES
    from copkit.records.survey import STATEMENTS, statement_rows

    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["principle", "statement"])
        writer.writerows(statement_rows())
        click.echo(buffer.getvalue(), nl=False)
        return
    click.echo(
        "Rate each statement from 1 (strongly disagree) to 5 (strongly agree). Answers are "
        "anonymous.\n"
    )
    for number, key, title in PRINCIPLES:
        click.echo(f"{number}. {title} ({key})")
        for text in STATEMENTS[key]:
            click.echo(f"   - {text}")


@survey.command("record")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--on", "on", type=DATE, help="When the survey was answered, YYYY-MM-DD (default: today)."
)
@pass_app
def record(app: AppContext, file: Path, on: dt.date | None) -> None:
    """Store anonymous answers from FILE.csv: all rows, or none.

    The header is respondent,principle,statement,score, and optionally comment (a free-text
    answer the gardener reads in `survey results`; it never reaches the sponsor report).
    respondent is an anonymous token (1, 2, 3, ...), never a member; principle is a key from
    `survey statements` or its number; score runs from 1 to 5. A bad row is reported with its
    line number.
    """
    from copkit.records.survey import read_survey_csv

    day = on or dt.date.today()
    try:
        text = file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"no file {file}") from None
    except UnicodeDecodeError:
        raise InputError(f"{file} is not UTF-8 text (save the CSV as UTF-8)") from None
    except OSError as exc:
        raise InputError(f"cannot read {file}: {exc.strerror or exc}") from None
    read = read_survey_csv(text, day)
    with app.store().write() as session:
        answers = records.record_survey(session, read)
    respondents = len({a.respondent for a in answers})
    done(
        f"Recorded {count(len(answers), 'answer')} from {count(respondents, 'respondent')} on {day}"
    )


@survey.command("results")
@json_option
@pass_app
def results(app: AppContext, as_json: bool) -> None:
    """Summarise the latest survey round per principle and statement, with the response rate
    (members on the survey date) and members' comments; a round over a year old says so."""
    from copkit.health.survey import summarise

    with app.store().read() as session:
        data = records.snapshot(session)
    summary = summarise(data.survey, members=data.members)
    if not as_json and not summary.statements:
        click.echo("No survey answers yet: see `copkit survey statements` and `survey record`.")
        return
    present(
        "json" if as_json else "rich",
        summary,
        json=lambda summarised: summarised.to_dict(),
        rich=_summary_table,
    )


def _summary_table(summary: SurveySummary) -> Group:
    """`survey results` in the terminal: a row per statement, a line per principle, then the
    members' comments, shown as typed."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from copkit.report.health_render import survey_text
    from copkit.report.literal import add_row

    old = " (over a year old: worth asking again)" if summary.stale else ""
    table = Table(
        title=f"Survey of {summary.first} to {summary.last}: {summary.response_rate} "
        f"responded{old}",
        box=box.SIMPLE_HEAD,
        title_justify="left",
        title_style="bold",
    )
    for column in ("principle", "statement", "answers", "agree (4-5)", "mean", "1 2 3 4 5"):
        table.add_column(column, overflow="fold")
    for s in summary.statements:
        add_row(
            table,
            s.principle,
            s.statement,
            str(s.answers),
            f"{round(s.agree_share * 100)}%",
            f"{s.mean:.1f}",
            " ".join(str(n) for n in s.scores),
        )
    lines = [Text(f"{key:<18} {survey_text(lens)}") for key, lens in summary.principles.items()]
    if summary.comments:
        from copkit.report.literal import visible

        lines.append(Text("\nComments (for the gardener; never in the sponsor report):"))
        lines += [
            Text(visible(f"  {key}: {comment}", multiline=True))
            for key, comment in summary.comments
        ]
    return Group(table, *lines)
