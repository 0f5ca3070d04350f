"""The mbox reader's own ways of being fast (issue 19's speed figures) read what the standard
library reads: mails split where :class:`mailbox.mbox` splits them, whatever the reads, each
mail's fields as :class:`email.parser.BytesHeaderParser` finds them, and a Date in its usual
form as :func:`email.utils.parsedate_to_datetime` reads it."""

from __future__ import annotations

import datetime as dt
import email.parser
import email.policy
import email.utils
import mailbox
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from copkit.conversations.mail import _fields, _mbox, _moment, _text

names = st.sampled_from(
    ["From", "from", "Date", "Message-ID", "Message-Id", "In-Reply-To", "References",
     "Subject", "To", "Precedence", "Auto-Submitted", "X-Autoreply", "Received"]
)  # fmt: skip
values = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=30)
headers = st.lists(st.tuples(names, values, st.lists(values, max_size=2)), min_size=1, max_size=8)
bodies = st.lists(
    st.sampled_from(["", "text", "From the start", ">From quoted", "x" * 300]), max_size=5
)


def _mail(fields: list[tuple[str, str, list[str]]], body: list[str], crlf: bool) -> bytes:
    end = "\r\n" if crlf else "\n"
    lines = [f"{name}: {value}" + "".join(f"{end}\t{more}" for more in folded)
             for name, value, folded in fields]  # fmt: skip
    text = "From someone@example.org Thu Oct  1 09:00:00 2026" + end
    text += end.join(lines) + end + end + end.join(body) + end
    return text.encode("utf-8")


@settings(max_examples=120, deadline=None)
@given(
    mails=st.lists(st.tuples(headers, bodies), min_size=1, max_size=6),
    crlf=st.booleans(),
    chunk=st.integers(1, 200),
)
def test_mails_and_fields_are_those_the_standard_library_reads(
    tmp_path_factory: object, mails: list, crlf: bool, chunk: int
) -> None:
    folder = Path(tmp_path_factory.mktemp("mbox"))  # type: ignore[attr-defined]
    path = folder / "list.mbox"
    path.write_bytes(b"".join(_mail(fields, body, crlf) for fields, body in mails))
    read = [block for _entry, block in _mbox(path, chunk)]
    parser = email.parser.BytesHeaderParser(policy=email.policy.compat32)
    expected = [parser.parsebytes(message.as_bytes()) for message in mailbox.mbox(path)]
    assert len(read) == len(expected)
    for block, message in zip(read, expected, strict=True):
        fields = _fields(block)
        for name in ("from", "date", "message-id", "references", "precedence"):
            want = message.get(name)
            got = fields.get(name.encode())
            if want is None:
                assert got is None
            else:  # compat32 keeps the folds' line breaks: compare the words
                assert got is not None
                assert _text(got).split() == str(want).split()


stamps = st.builds(
    "{}{} {} {} {:02d}:{:02d}{} {}{:02d}{:02d}".format,
    st.sampled_from(["", "Mon, ", "Tue,  "]),
    st.integers(0, 40),
    st.sampled_from(["Jan", "feb", "MAR", "Apr", "Jun", "Sep", "Dec", "Foo"]),
    st.integers(900, 9999),
    st.integers(0, 25),
    st.integers(0, 61),
    st.sampled_from(["", ":00", ":59", ":60", ":07"]),
    st.sampled_from(["+", "-"]),
    st.integers(0, 15),
    st.sampled_from([0, 30, 45, 59, 60, 99]),
)


@settings(max_examples=400, deadline=None)
@given(stamp=stamps)
def test_a_date_reads_as_the_standard_library_reads_it(stamp: str) -> None:
    try:
        want: dt.datetime | None = email.utils.parsedate_to_datetime(stamp)
    except (TypeError, ValueError, IndexError, OverflowError):
        want = None
    try:
        got: dt.datetime | None = _moment(stamp.encode())
    except ValueError:
        got = None
    if want is None or got is None:
        assert want is got
    elif want.tzinfo is None:  # -0000: no zone said, read as UTC
        assert got.astimezone(dt.UTC).replace(tzinfo=None) == want
    else:
        assert got == want and got.utcoffset() == want.utcoffset()
