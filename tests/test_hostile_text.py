"""Nothing typed reaches a terminal raw.

A name can hold an ESC sequence that clears or recolours the screen, a C1 control (U+009B, the
one-byte CSI), DEL, or a bidirectional override that makes what follows read backwards. New
input refuses them, naming the field and writing nothing; a file written by an older copkit that
already holds them still opens, and every listing shows them escaped (``\\x1b``, ``\\u202e``).
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from copkit.errors import InputError
from copkit.model import BIDI_CONTROLS, Member, Story, check_email, check_text
from copkit.report.literal import visible

Run = Callable[..., Result]

#: Characters a terminal or a renderer obeys rather than shows.
HOSTILE = {
    "ESC": "\x1b[2J",
    "C1": "\x9b31m",
    "DEL": "\x7f",
    "RLO": "\u202e",
    "LRI": "\u2066",
    "RLM": "\u200f",
    "newline": "\n",
    "tab": "\t",
}


def raw_controls(text: str) -> set[str]:
    """The characters in printed output that would act on a terminal (line breaks aside)."""
    return {
        c for c in text if c != "\n" and (unicodedata.category(c) == "Cc" or c in BIDI_CONTROLS)
    }


def community_file(home: Path) -> Path:
    return home / "test-cop.json"


def tamper(home: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Write hostile text straight into the community file, as an older copkit could have."""
    path = community_file(home)
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document), encoding="utf-8")


def member_doc(document: dict[str, Any], name: str) -> dict[str, Any]:
    return next(m for m in document["members"].values() if m["name"] == name)


# --- new input is refused ---------------------------------------------------------------


FIELDS = [
    (("member", "add", "Eve{x}Lee", "--email", "eve@example.org"), "a member's name"),
    (("member", "add", "Eve", "--email", "eve@example.org", "--org", "Or{x}g"), "organisation"),
    (("member", "add", "Eve", "--email", "eve@example.org", "--role", "Le{x}ad"), "the role"),
    (("space", "add", "Ro{x}om", "--public"), "a space's name"),
    (("space", "add", "Hall", "--public", "--location", "Floor{x}2"), "location"),
    (("community", "edit", "--sponsor", "Dr{x}Price"), "the sponsor"),
    (("community", "edit", "--resource", "Room{x}3"), "a resource"),
]


@pytest.mark.parametrize("kind", sorted(HOSTILE))
@pytest.mark.parametrize(("args", "field"), FIELDS)
def test_one_line_fields_refuse_controls_and_write_nothing(
    community: Run, home: Path, kind: str, args: tuple[str, ...], field: str
) -> None:
    before = community_file(home).read_bytes()
    result = community(*(a.replace("{x}", HOSTILE[kind]) for a in args))
    assert result.exit_code == 1, result.output
    assert field in result.output
    assert "one line" in result.output or "garble a screen" in result.output
    assert not raw_controls(result.output)
    assert community_file(home).read_bytes() == before


def test_a_topic_and_a_reason_refuse_an_override(community: Run, home: Path) -> None:
    community(
        "rhythm", "add", "Circle", "--space", "Circle", "--every", "monthly on the 2nd Tuesday",
        "--start", "2026-01-13T14:00",
    )  # fmt: skip
    before = community_file(home).read_bytes()
    topic = community(
        "meeting", "record", "--rhythm", "Circle", "--on", "2026-01-13", "--attended", "Ann",
        "--topic", "Neglect \u202ecases",
    )  # fmt: skip
    reason = community(
        "meeting", "cancel", "--rhythm", "Circle", "--on", "2026-02-10", "--reason", "Snow\x1b[2J"
    )
    assert (topic.exit_code, reason.exit_code) == (1, 1)
    assert "a topic holds a hidden text-direction mark (\\u202e)" in topic.output
    assert "the reason holds a hidden control character (\\x1b)" in reason.output
    assert community_file(home).read_bytes() == before


@pytest.mark.parametrize(
    "email",
    [
        "eve\x1b[2J@example.org",
        "eve@exa\u202emple.org",
        "eve\x9b@example.org",
        "eve lee@example.org",
        "eve@@example.org",
        "eve@example",
        "eve@.example.org",
        "eve..lee@example.org",
        "eve@example..org",
    ],
)
def test_an_email_that_is_no_address_is_refused(community: Run, home: Path, email: str) -> None:
    before = community_file(home).read_bytes()
    result = community("member", "add", "Eve", "--email", email)
    assert result.exit_code == 1
    assert "is not an email address" in result.output
    assert not raw_controls(result.output)
    assert community_file(home).read_bytes() == before


@pytest.mark.parametrize("email", ["eve+cop@example.org", "o'neil@social-care.example.co.uk"])
def test_ordinary_addresses_are_still_welcome(community: Run, email: str) -> None:
    result = community("member", "add", "Eve", "--email", email)
    assert result.exit_code == 0, result.output
    assert email in community("member", "show", "Eve").output


def test_an_address_beyond_ascii_is_refused_naming_its_first_such_letter(
    community: Run, home: Path
) -> None:
    """copkit sends only to ASCII addresses (see copkit.model.text._refuse_beyond_ascii)."""
    before = community_file(home).read_bytes()
    result = community("member", "add", "Zoë", "--email", "zoë@exämple.org")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "Error: 'zoë@exämple.org' is not an email address copkit can send to: it holds 'ë' "
        "(U+00EB LATIN SMALL LETTER E WITH DIAERESIS), and copkit sends only to addresses in "
        "plain ASCII letters, digits and punctuation\n"
    )
    assert community_file(home).read_bytes() == before


def test_a_spreadsheet_row_with_a_control_is_refused(
    community: Run, home: Path, tmp_path: Path
) -> None:
    sheet = tmp_path / "members.csv"
    sheet.write_text("name,email\nEve\x1b[2J,eve@example.org\n", encoding="utf-8")
    before = community_file(home).read_bytes()
    result = community("member", "import", str(sheet))
    assert result.exit_code == 1
    assert "a member's name" in result.output
    assert community_file(home).read_bytes() == before


def test_importing_a_community_refuses_hostile_names(community: Run, tmp_path: Path) -> None:
    export = tmp_path / "cop.json"
    assert community("export", "-o", str(export)).exit_code == 0
    document = json.loads(export.read_text(encoding="utf-8"))
    document["members"][0]["name"] = "Ann\u202e Lee"
    export.write_text(json.dumps(document), encoding="utf-8")
    result = community("import-community", str(export), "--slug", "copy")
    assert result.exit_code == 1
    assert "a member's name holds a hidden text-direction mark (\\u202e)" in result.output
    assert "copy" not in community("communities").output


# --- text an older copkit stored still opens, shown escaped --------------------------------


@pytest.fixture
def hostile(community: Run, home: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """Bo's name, org and email, a space and the community's name hold what older copkit let in."""
    monkeypatch.setenv("COLUMNS", "250")  # wide enough that no cell is folded mid-escape

    def change(document: dict[str, Any]) -> None:
        bo = member_doc(document, "Bo Chan")
        bo["name"] = "Bo\x1b[2J\x1b[31m Chan\u202e"
        bo["org"] = "North\x9bgate\x7f\tTrust"
        bo["email"] = "bo\x1b[5m@example.org"
        document["spaces"]["2"]["name"] = "Cafe\u2066 \nroom"
        document["community"]["1"]["name"] = "Test\x1b]0;pwned\x07 CoP"

    tamper(home, change)
    return community


def test_member_list_shows_stored_controls_escaped(hostile: Run) -> None:
    result = hostile("member", "list")
    assert result.exit_code == 0, result.output
    assert not raw_controls(result.output)
    assert "Bo\\x1b[2J\\x1b[31m Chan\\u202e" in result.output
    assert "bo\\x1b[5m@example.org" in result.output


def test_member_show_shows_stored_controls_escaped(hostile: Run) -> None:
    result = hostile("member", "show", "m2")
    assert result.exit_code == 0, result.output
    assert not raw_controls(result.output)
    assert "Bo\\x1b[2J\\x1b[31m Chan\\u202e" in result.output
    assert "North\\x9bgate\\x7f\\x09Trust" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ("space", "list"),
        ("community", "show"),
        ("health",),
        ("overview",),
        ("communities",),
    ],
)
def test_other_listings_show_stored_controls_escaped(hostile: Run, args: tuple[str, ...]) -> None:
    result = hostile(*args)
    assert result.exit_code == 0, result.output
    assert not raw_controls(result.output)


def test_a_member_with_an_old_hostile_name_can_still_be_changed(hostile: Run) -> None:
    """Only new words are judged: the old name does not block a change of level, a departure
    or erasure, and the confirmation shows it escaped."""
    edited = hostile("member", "edit", "m2", "--level", "core")
    assert edited.exit_code == 0, edited.output
    assert "Bo\\x1b[2J" in edited.output and not raw_controls(edited.output)
    refused = hostile("member", "edit", "m2", "--role", "Lead\x1b[1m")
    assert refused.exit_code == 1 and "the role" in refused.output
    left = hostile("member", "leave", "m2", "--on", "2026-11-01")
    assert left.exit_code == 0, left.output
    assert not raw_controls(left.output)


def test_forgetting_a_member_keeps_an_old_hostile_topic(community: Run, home: Path) -> None:
    community(
        "rhythm", "add", "Circle", "--space", "Circle", "--every", "monthly on the 2nd Tuesday",
        "--start", "2026-01-13T14:00",
    )  # fmt: skip
    community(
        "meeting", "record", "--rhythm", "Circle", "--on", "2026-01-13", "--attended", "Bo",
        "--topic", "Neglect", "--proposed-by", "Bo",
    )  # fmt: skip

    def change(document: dict[str, Any]) -> None:
        document["meetings"]["1"]["topics"][0]["text"] = "Neglect\u202e cases"

    tamper(home, change)
    result = community("member", "forget", "Bo", "--yes")
    assert result.exit_code == 0, result.output
    stored = json.loads(community_file(home).read_text(encoding="utf-8"))
    assert stored["meetings"]["1"]["topics"][0] == {
        "text": "Neglect\u202e cases",
        "proposed_by": None,
        "by_member": True,
        "themes": [],
    }


# --- properties ----------------------------------------------------------------------------

HOSTILE_CHARS = st.sampled_from(
    sorted({chr(c) for c in [*range(32), *range(127, 160)]} | BIDI_CONTROLS)
)


@given(st.text())
def test_the_shown_form_never_holds_a_control(text: str) -> None:
    assert not raw_controls(visible(text)) and "\n" not in visible(text)
    assert not raw_controls(visible(text, multiline=True))


@given(st.text(), HOSTILE_CHARS, st.text())
def test_a_control_inside_one_line_text_is_always_refused(
    before: str, char: str, after: str
) -> None:
    with pytest.raises(InputError, match="an interest"):
        check_text(f"x{before}{char}{after}x", "an interest", limit=10_000)


@given(st.text(alphabet=st.characters(exclude_categories=("Cc", "Zl", "Zp"))))
def test_plain_one_line_text_is_kept_as_typed(text: str) -> None:
    if any(c in BIDI_CONTROLS for c in text) or not text.strip() or len(text) > 2000:
        return
    assert check_text(text, "a name") == text.strip()


@given(HOSTILE_CHARS.filter(lambda c: c != "\n"))
def test_a_story_keeps_line_breaks_and_nothing_else(char: str) -> None:
    day = dt.date(2026, 1, 1)
    assert Story(text="One\r\nTwo\nThree", on=day).text == "One\nTwo\nThree"
    with pytest.raises(InputError, match="a story"):
        Story(text=f"One\n{char}Two", on=day)


ASCII_ALNUM = st.characters(categories=("L", "N"), max_codepoint=0x7F)
LOCAL = st.text(alphabet=st.one_of(ASCII_ALNUM, st.sampled_from("+-_'")))
#: A host name's label: letters and digits, hyphens only inside (tests/test_email_address.py).
LABEL = st.from_regex(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,8}[A-Za-z0-9])?", fullmatch=True)


@given(LOCAL.filter(bool), st.lists(LABEL, min_size=1, max_size=3), st.sampled_from(["org", "uk"]))
def test_an_accepted_email_round_trips(local: str, labels: list[str], tld: str) -> None:
    address = f"{local}@{'.'.join(labels)}.{tld}"
    stored = check_email(address)
    assert stored == address.lower()
    assert check_email(stored) == stored
    member = Member(name="Eve", email=address)
    assert Member.from_dict(member.to_dict()).email == stored


@given(st.text(min_size=1), HOSTILE_CHARS, st.text())
def test_an_email_with_a_control_is_always_refused(local: str, char: str, rest: str) -> None:
    """Inside the address, that is: white space around it is trimmed, as a paste brings it."""
    with pytest.raises(InputError, match="is not an email address"):
        check_email(f"a{local}{char}{rest}@example.org")
