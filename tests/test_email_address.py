"""What copkit takes as an email address, and how it reads the author of a mail.

A member's address is one plain addr-spec as the standard library's parser reads it
(``email.headerregistry.Address``), with a domain mail can go to; never a pattern's guess. The
properties say it from the outside: the check accepts exactly what the parser reads back as
typed (no comment, quote or encoded word) with a valid host name, refuses anything holding a
control character, and raises nothing but InputError whatever it is given. A mail's From is read
by the same parser: an encoded word in the name can never become the author's address.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import string
from email.header import Header
from email.headerregistry import Address
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from copkit.errors import InputError
from copkit.model import BIDI_CONTROLS, check_email, check_mailbox

#: RFC 5322 atext: what a dot-atom local part is made of.
ATEXT = string.ascii_letters + string.digits + "!#$%&'*+-/=?^_`{|}~"
#: The test's own reading of RFC 1123 host names: dotted labels, a top-level domain last.
HOST = re.compile(
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})"
)


def plain_by_the_stdlib(value: str) -> bool:
    """One plain addr-spec as the standard library reads it, with a valid domain: the parser
    takes it whole, without a defect, and writes it back exactly as given."""
    try:
        parsed = Address(addr_spec=value)
    except Exception:
        return False
    return (
        value.isascii()
        and '"' not in value
        and parsed.addr_spec == value
        and bool(parsed.username)
        and HOST.fullmatch(parsed.domain) is not None
        and len(parsed.domain) <= 253
        and len(parsed.username) <= 64
        and len(value) <= 254
    )


ATOM = st.text(alphabet=ATEXT, min_size=1, max_size=8)
LOCAL = st.lists(ATOM, min_size=1, max_size=3).map(".".join)
LABEL = st.from_regex(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,6}[A-Za-z0-9])?", fullmatch=True)
TOP = st.from_regex(r"[A-Za-z]{2,5}", fullmatch=True)
DOMAIN = st.builds(lambda labels, top: ".".join([*labels, top]), st.lists(LABEL, min_size=1,
                   max_size=3), TOP)  # fmt: skip
ADDRESS = st.builds("{}@{}".format, LOCAL, DOMAIN)


def _inserted(value: str, char: str, where: int) -> str:
    at = where % (len(value) + 1)
    return value[:at] + char + value[at:]


#: Near misses: a valid address with any one character put anywhere, or any text at all.
CANDIDATES = st.one_of(
    ADDRESS,
    st.builds(_inserted, ADDRESS, st.characters(), st.integers(min_value=0)),
    st.builds(_inserted, ADDRESS, st.sampled_from('@.-"()<>[],;:\\ ?=\ufffd'), st.integers(0)),
    st.text(max_size=40),
)

ISSUE_19 = ["a@x.org?", "a@-x.org", "a\ufffd@x.org", "bo2@eastbr\u043e\u043ek.example.org"]


@given(CANDIDATES)
@example("a@x.org?")
@example("a@-x.org")
@example("a@x-.org")
@example("a\ufffd@x.org")
@example("a(comment)@x.org")
@example('"a,b"@x.org')
@example("=?utf-8?q?a?=@x.org")
@example("a@[192.0.2.1]")
@example("a..b@x.org")
@example("a@x.123")
@example("d\\i@example.org")
@example(" eve+cop@Example.ORG ")
def test_the_check_takes_exactly_one_plain_address_with_a_valid_domain(value: str) -> None:
    try:
        got = check_email(value)
    except InputError:
        assert not plain_by_the_stdlib(value.strip())
    else:
        assert plain_by_the_stdlib(value.strip())
        assert got == value.strip().lower()
        assert check_email(got) == got


CONTROLS = st.one_of(
    st.characters(categories=("Cc", "Zl", "Zp")), st.sampled_from(sorted(BIDI_CONTROLS))
)


@given(ADDRESS, CONTROLS, st.integers(min_value=1))
def test_an_address_holding_a_control_is_always_refused(address: str, char: str, at: int) -> None:
    inside = 1 + at % (len(address) - 1)  # never at either end, where a paste's spaces are trimmed
    with pytest.raises(InputError, match="is not an email address"):
        check_email(address[:inside] + char + address[inside:])


@given(st.one_of(st.text(), st.none(), st.integers(), st.binary(), st.lists(st.text())))
def test_the_check_raises_nothing_but_input_error(value: object) -> None:
    with contextlib.suppress(InputError):
        check_email(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("email", ISSUE_19)
def test_the_addresses_of_issue_19_are_refused_in_one_line(
    community, home: Path, email: str
) -> None:
    before = (home / "test-cop.json").read_bytes()
    result = community("member", "add", "Bo Chan", "--email", email)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(f"Error: {email!r} is not an email address")
    assert len(result.stderr.splitlines()) == 1
    assert (home / "test-cop.json").read_bytes() == before


def test_a_refused_address_is_shown_escaped(community) -> None:
    result = community("member", "add", "Eve", "--email", "eve\u202e@example.org")
    assert result.stderr == (
        "Error: 'eve\\u202e@example.org' is not an email address: it holds a hidden "
        "text-direction mark (\\u202e)\n"
    )


# --- the author of a mail ----------------------------------------------------------------


EVIL_FROM = "=?utf-8?q?Evil=0D=0ABcc:_x@evil.com?= <ewctl@x.org>"


def test_an_encoded_word_in_a_name_is_never_the_author(tmp_path: Path) -> None:
    from copkit.conversations.mail import read_mail

    box = tmp_path / "list.mbox"
    box.write_text(
        "From ewctl@x.org Mon Nov  2 10:00:00 2026\n"
        f"From: {EVIL_FROM}\n"
        "Date: Mon, 2 Nov 2026 10:00:00 +0000\n"
        "Message-ID: <one@x.org>\n"
        "\n"
        "Hello\n",
        encoding="utf-8",
    )
    export = read_mail(box, ZoneInfo("Europe/London"))
    assert list(export.authors) == ["ewctl@x.org"]
    author = export.authors["ewctl@x.org"]
    assert (author.name, author.email) == ("", "ewctl@x.org")  # the name hid a line break
    assert export.tallies == {("list", dt.date(2026, 11, 2)): {"ewctl@x.org": [1, 0, 0]}}


@pytest.mark.parametrize(
    ("header", "read"),
    [
        ("Bo Chan <bo@example.org>", ("Bo Chan", "bo@example.org")),
        ('"Chan, Bo" <Bo@Example.org>', ("Chan, Bo", "bo@example.org")),
        ("=?iso-8859-1?q?Zo=EB?= <zoe@example.org>", ("Zoë", "zoe@example.org")),
        ("zoe@example.org", ("", "zoe@example.org")),
        (EVIL_FROM, ("", "ewctl@x.org")),
    ],
)
def test_a_from_header_is_read_by_the_stdlib(header: str, read: tuple[str, str]) -> None:
    assert check_mailbox(header) == read


@pytest.mark.parametrize(
    ("header", "why"),
    [
        ("Bo Chan", "names no address"),
        ("", "names no address"),
        ("a@example.org, b@example.org", "names 2 addresses, not one"),
        ("Bo <bo@example.org", "cannot be read as one address"),
        ("Bo <bo@example.org> x@evil.com", "cannot be read as one address"),
        ("List: a@example.org;", "cannot be read as one address"),
        ("=?utf-8?q?a?=@example.org", "cannot be read as one address"),
        ("Bo <bo@example.org?>", "holds an address copkit does not take"),
    ],
)
def test_a_from_header_that_is_not_one_plain_mailbox_is_refused(header: str, why: str) -> None:
    with pytest.raises(InputError, match=re.escape(why)):
        check_mailbox(header)


@given(st.text(), ADDRESS)
def test_a_name_never_becomes_the_address(name: str, address: str) -> None:
    """Whatever a name decodes to (a line break and a Bcc, another address), the author is
    the address in the angle brackets."""
    encoded = Header(name, "utf-8", maxlinelen=100_000).encode().replace("\n", "")  # unfolded
    assert check_mailbox(f"{encoded} <{address}>")[1] == address.lower()


@given(st.one_of(st.text(max_size=60), st.builds("{} <{}>".format, st.text(max_size=20),
                                                 CANDIDATES)))  # fmt: skip
def test_a_from_header_is_read_whole_or_refused(header: str) -> None:
    """Never anything but InputError; what is read is an address the check takes, as the
    header wrote it."""
    try:
        name, address = check_mailbox(header)
    except InputError:
        return
    assert check_email(address) == address
    assert address in header.lower()
    assert isinstance(name, str)
