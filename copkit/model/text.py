"""People's words, checked when they are new: ``check_text``, ``check_email``, ``check_mailbox``,
``check_timezone``.

What a terminal or a page acts on instead of showing (:func:`unshowable`, ``BIDI_CONTROLS``) is
defined once here, for the checks on new input and for the escaping every screen does
(``copkit.report.literal.visible``). ``_ALREADY_STORED`` says which text was already stored and
so is not judged again (see :mod:`copkit.model`); :mod:`copkit.model.base` sets it while a record
is read back or revised. Nothing here knows a record kind, so every other module can import it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from copkit.errors import InputError

EMAIL_PATTERN = re.compile(r"^[^@\s,;<>\"]+@[^@\s,;<>\"]+\.[^@\s,;<>\".]{2,}$")

#: Bidirectional controls (embeddings, overrides, isolates and marks): invisible characters
#: that reorder the text after them, so "gro.elpmaxe" can be made to read as another name.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def unshowable(char: str) -> bool:
    """A character a terminal or a page acts on instead of showing: a control character
    (Unicode Cc: ESC, DEL, the C1 range such as U+009B, newline, tab), a bidirectional control,
    or a line or paragraph separator. The one definition both the checks on new input here and
    the escaping on every screen (``copkit.report.literal.visible``) use."""
    return char in BIDI_CONTROLS or unicodedata.category(char) in ("Cc", "Zl", "Zp")


#: Whether a piece of text was already stored (and so is not judged again); see the module
#: docstring. By default nothing is: every value is new input.
_ALREADY_STORED: ContextVar[Callable[[str], bool]] = ContextVar(
    "copkit_already_stored", default=lambda _text: False
)


@contextmanager
def _stored(known: Callable[[str], bool]) -> Iterator[None]:
    token = _ALREADY_STORED.set(known)
    try:
        yield
    finally:
        _ALREADY_STORED.reset(token)


def _what_it_is(char: str) -> str:
    if char in "\n\r\u2028\u2029\x85":
        return "a line break"
    if char == "\t":
        return "a tab"
    if char in BIDI_CONTROLS:
        return "a hidden text-direction mark"
    return "a hidden control character"


def _refuse_unshowable(value: str, what: str, *, multiline: bool) -> None:
    for char in value:
        if unshowable(char) and not (multiline and char == "\n"):
            code = f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
            kind = _what_it_is(char)
            if not multiline and kind in ("a line break", "a tab"):
                raise InputError(f"{what} must fit on one line, but it holds {kind} ({code})")
            raise InputError(
                f"{what} holds {kind} ({code}) that could garble a screen; type it again without it"
            )


def check_text(
    value: str, what: str, *, required: bool = True, limit: int = 2000, multiline: bool = False
) -> str:
    """Trim and check a piece of people's words.

    One line unless ``multiline`` (a story): no control characters, tabs, line breaks or
    bidirectional controls; a multi-line text may keep its line breaks and nothing else.
    Text already stored is not judged again (see the module docstring), only trimmed and
    measured as before.
    """
    if not isinstance(value, str):
        raise InputError(f"{what} must be text")
    value = value.strip()
    if multiline:
        value = value.replace("\r\n", "\n")
    if required and not value:
        raise InputError(f"{what} cannot be empty")
    if len(value) > limit:
        raise InputError(f"{what} is longer than {limit} characters")
    if not _ALREADY_STORED.get()(value):
        _refuse_unshowable(value, what, multiline=multiline)
    return value


@functools.cache
def _host_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A host name's label (RFC 1123: letters, digits and hyphens, neither first nor last) and
    a top-level domain (letters, such as org or uk, or an internationalised one in its ASCII
    form). Compiled when an address is first checked as new input: a file read back never
    needs them, and compiling both costs half a millisecond of every start."""
    label = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?", re.IGNORECASE)
    return label, re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]{1,59}", re.IGNORECASE)


def _host_name(domain: str) -> bool:
    """A domain mail can go to: two or more dotted labels, a top-level one last."""
    label, top = _host_patterns()
    labels = domain.split(".")
    return (
        len(domain) <= 253
        and len(labels) >= 2
        and all(label.fullmatch(part) for part in labels[:-1])
        and bool(top.fullmatch(labels[-1]))
    )


def _refuse_invisible(value: str, wrong: str) -> None:
    """A control, a space or an invisible character (such as U+200B) is named by its code."""
    for char in value:
        if unshowable(char) or char.isspace() or unicodedata.category(char) == "Cf":
            code = f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
            if unshowable(char):
                kind = _what_it_is(char)
            else:
                kind = "a space" if char.isspace() else "an invisible character"
            raise InputError(f"{wrong}: it holds {kind} ({code})")


def _refuse_beyond_ascii(value: str) -> None:
    """An address copkit sends to is written in ASCII: the first other character is named.

    Internationalised addresses (RFC 6530: SMTPUTF8 for the mailbox, IDNA for the domain) are
    refused, not sent: a letter from another script that looks like a Latin one ("eastbrооk"
    with two Cyrillic o's) reads as a member's real address but names another domain, which
    anyone may register, and every invite lists every member's address; organisations' mail
    servers often do not offer SMTPUTF8; and replies are matched to members by their address.
    """
    for char in value:
        if ord(char) > 0x7F:
            name = unicodedata.name(char, "a character with no name")
            raise InputError(
                f"{value!r} is not an email address copkit can send to: it holds {char!r} "
                f"(U+{ord(char):04X} {name}), and copkit sends only to addresses in plain "
                "ASCII letters, digits and punctuation"
            )


def _check_address(value: str) -> None:
    """Refuse, in words that say why, anything but one plain address (see check_email)."""
    from email.headerregistry import Address

    wrong = f"{value!r} is not an email address"
    _refuse_invisible(value, wrong)
    _refuse_beyond_ascii(value)
    try:
        parsed = Address(addr_spec=value)
    except Exception:  # the parser's own slips too: "0@[" raised AttributeError (3.11.7)
        raise InputError(f"{wrong} (expected name@example.org)") from None
    if parsed.addr_spec != value or '"' in value or not parsed.username:
        # a comment, a quoted or an encoded part: what the parser read is not what was typed
        raise InputError(f"{wrong} (expected name@example.org)")
    if not _host_name(parsed.domain):
        raise InputError(
            f"{wrong}: {parsed.domain!r} is not a domain mail can go to (dotted names of "
            "letters, digits and inner hyphens, such as example.org)"
        )
    if len(parsed.username) > 64 or len(value) > 254:
        raise InputError(f"{wrong}: it is longer than an address may be (RFC 5321)")


def check_email(value: str) -> str:
    """One plain address, as the standard library's parser reads one
    (:class:`email.headerregistry.Address`): a local part of dot-atom text, an ``@``, and a
    domain mail can go to (dotted labels of letters, digits and inner hyphens, a top-level
    domain last). The parser's reading must be exactly what was typed (no comment, quoted or
    encoded part); nothing invisible; ASCII only (see :func:`_refuse_beyond_ascii`). Plus
    addressing is welcome. Trimmed and lowercased; raises :class:`InputError` and nothing
    else. An address already stored is held to the older, looser pattern only, so a file
    from an older copkit still opens."""
    if not isinstance(value, str):
        raise InputError("an email address must be text")
    value = value.strip()
    if not (_ALREADY_STORED.get()(value) and EMAIL_PATTERN.match(value)):
        _check_address(value)
    return value.lower()


def check_mailbox(value: str) -> tuple[str, str]:
    """The name and address of the one mailbox a header such as From names, read by the
    standard library's address parser, the address checked by :func:`check_email`.

    Anything the parser had to guess at (a missing ``>``, words after the address, a group, an
    address not written whole as it reads) is refused, as is a header naming no address or
    several; a name whose decoding the parser found fault with (an encoded word hiding a line
    break, bytes of no known charset) is left out and the address kept. Raises
    :class:`InputError` in words that follow "its From".
    """
    from email import errors
    from email.headerregistry import AddressHeader

    try:
        parsed = AddressHeader.value_parser(value)
    except Exception:  # whatever the parser raises, the header was not read
        raise InputError(f"{value!r} cannot be read as an address") from None
    mailboxes = [box for address in parsed.addresses for box in address.all_mailboxes]
    if not any(box.domain for box in mailboxes):
        raise InputError("names no address")
    if len(mailboxes) > 1:
        raise InputError(f"names {len(mailboxes)} addresses, not one")
    [mailbox] = mailboxes
    defects = parsed.all_defects
    if (
        any(isinstance(d, errors.InvalidHeaderDefect) for d in defects)
        or any(address[0].token_type == "group" for address in parsed.addresses)
        or mailbox.addr_spec not in value  # read past a line break, a comment, an encoded word
    ):
        raise InputError(f"{value!r} cannot be read as one address")
    try:
        address = check_email(mailbox.addr_spec)
    except InputError as exc:
        raise InputError(f"holds an address copkit does not take: {exc}") from None
    trusted = all(isinstance(d, errors.ObsoleteHeaderDefect) for d in defects)
    try:  # the parser slips on some names: 'Bo Chan.<bo@x.org>' raises AttributeError (3.11)
        name = (mailbox.display_name or "") if trusted else ""
    except Exception:
        name = ""
    return name, address


def check_timezone(name: str) -> str:
    """An IANA zone such as Europe/London; copkit never writes floating times."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise InputError(
            f"unknown time zone {name!r} (use an IANA name such as Europe/London)"
        ) from None
    return name


def unique_texts(values: Iterable[str], what: str, *, limit: int = 200) -> tuple[str, ...]:
    """Each one-line value checked, and one of each whatever its case (the first spelling
    given is kept): themes, aliases, interests. A stored list holding two spellings (interests
    were once kept per spelling) reads back with the first, and is stored so when next written."""
    kept: dict[str, str] = {}
    for value in values:
        checked = check_text(value, what, limit=limit)
        kept.setdefault(checked.casefold(), checked)
    return tuple(kept.values())
