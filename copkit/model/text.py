"""People's words, checked when they are new: ``check_text``, ``check_email``, ``check_timezone``.

What a terminal or a page acts on instead of showing (:func:`unshowable`, ``BIDI_CONTROLS``) is
defined once here, for the checks on new input and for the escaping every screen does
(``copkit.report.literal.visible``). ``_ALREADY_STORED`` says which text was already stored and
so is not judged again (see :mod:`copkit.model`); :mod:`copkit.model.base` sets it while a record
is read back or revised. Nothing here knows a record kind, so every other module can import it.
"""

from __future__ import annotations

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


def _is_address(value: str) -> bool:
    """name@domain.tld with exactly one @, nothing invisible or blank, no empty dotted part."""
    if not EMAIL_PATTERN.match(value):
        return False
    if any(unshowable(c) or c.isspace() or unicodedata.category(c) == "Cf" for c in value):
        return False
    local, _, domain = value.partition("@")
    return all(part for part in local.split(".")) and all(part for part in domain.split("."))


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


def check_email(value: str) -> str:
    """A light check that catches typos (no @, spaces, no domain) and anything that is not
    part of an address (control or invisible characters), not a full RFC 5322 parser; plus
    addressing is welcome, letters beyond ASCII are not (see :func:`_refuse_beyond_ascii`).
    An address already stored is held to the older, looser pattern only, so an old file
    still opens."""
    value = value.strip()
    known = _ALREADY_STORED.get()(value) and EMAIL_PATTERN.match(value)
    if not (known or _is_address(value)):
        raise InputError(f"{value!r} is not an email address (expected name@example.org)")
    if not known:
        _refuse_beyond_ascii(value)
    return value.lower()


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
