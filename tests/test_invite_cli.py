"""`copkit invite`, `copkit calendar` and the example script, as a gardener or cron uses them."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from icalendar import Calendar

EXAMPLE_SCRIPT = Path(__file__).resolve().parent.parent / "examples" / "write_invites.py"


def load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("write_invites", EXAMPLE_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_invite_to_stdout_is_the_calendar_and_nothing_else(run, example_home):
    result = run("invite", "Supervision circle")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"BEGIN:VCALENDAR\r\n")
    assert result.stdout_bytes.endswith(b"END:VCALENDAR\r\n")
    event = Calendar.from_ical(result.stdout_bytes).events[0]
    assert event["UID"] == "r1.riverside@copkit"


def test_invite_to_a_file_says_what_it_wrote(run, example_home, tmp_path: Path):
    target = tmp_path / "circle.ics"
    result = run("invite", "circle", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert str(target) in result.output and "Supervision circle" in result.output
    assert "BEGIN:VCALENDAR" not in result.output
    cal = Calendar.from_ical(target.read_bytes())
    assert cal["METHOD"] == "REQUEST"
    assert f"{len(cal.events[0]['ATTENDEE'])} members invited" in result.output


def test_unknown_rhythm_and_bad_method_are_refused_cleanly(run, example_home, tmp_path: Path):
    target = tmp_path / "x.ics"
    unknown = run("invite", "Book club", "-o", str(target))
    assert unknown.exit_code == 1
    assert unknown.stderr.startswith("Error: no rhythm 'Book club'")
    assert "Supervision circle" in unknown.stderr  # says which rhythms exist
    bad = run("invite", "Supervision circle", "--method", "reply")
    assert bad.exit_code == 2
    assert not target.exists()


def test_calendar_holds_every_rhythm_and_public_only_the_public_ones(run, example_home):
    everything = Calendar.from_ical(run("calendar").stdout_bytes)
    assert [e["SUMMARY"] for e in everything.events] == ["Supervision circle", "Practice café"]
    assert everything["X-WR-CALNAME"] == "Riverside Reflective Supervision CoP"
    public = Calendar.from_ical(run("calendar", "--public").stdout_bytes)
    assert [e["SUMMARY"] for e in public.events] == ["Practice café"]
    assert all("ATTENDEE" not in e for e in [*everything.events, *public.events])


def test_calendar_to_a_file(run, example_home, tmp_path: Path):
    target = tmp_path / "feed.ics"
    result = run("calendar", "--public", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert "1 rhythm" in result.output
    assert Calendar.from_ical(target.read_bytes())["METHOD"] == "PUBLISH"


def test_both_commands_are_listed_and_load_no_icalendar_for_help(run):
    listing = run("--help").output
    assert "invite" in listing and "calendar" in listing
    assert "--ics" in run("meeting", "cancel", "--help").output
    probe = (
        "import sys; from click.testing import CliRunner; from copkit.cli import cli; "
        "r = CliRunner().invoke(cli, ['invite', '--help']); assert r.exit_code == 0; "
        "print('icalendar' in sys.modules)"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert loaded.stdout.strip() == "False", loaded.stderr


def test_example_script_writes_one_invite_per_rhythm_and_is_idempotent(
    run, example_home, tmp_path: Path
):
    script = load_example()
    folder = tmp_path / "invites"
    first = script.write_invites(folder, home=example_home)
    assert sorted(p.name for p in first) == ["r1-supervision-circle.ics", "r2-practice-cafe.ics"]
    assert all(first.values())
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in first}
    again = script.write_invites(folder, home=example_home)
    assert not any(again.values())
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in again} == before
    circle = Calendar.from_ical(before[folder / "r1-supervision-circle.ics"][0])
    assert circle["METHOD"] == "REQUEST" and circle.events[0]["UID"] == "r1.riverside@copkit"
    # A cancellation is a change worth sending: the circle's invite now carries it.
    assert (
        run("meeting", "cancel", "--rhythm", "Supervision circle", "--on", "2027-01-12").exit_code
        == 0
    )
    after = script.write_invites(folder, home=example_home)
    assert after[folder / "r1-supervision-circle.ics"]
    event = Calendar.from_ical((folder / "r1-supervision-circle.ics").read_bytes()).events[0]
    assert "20270112" in event["EXDATE"].to_ical().decode()


def test_example_script_reports_a_missing_community(tmp_path: Path, capsys):
    script = load_example()
    code = script.main([str(tmp_path / "out"), "--home", str(tmp_path / "empty")])
    assert code == 1
    assert capsys.readouterr().err.startswith("Error: no community")
