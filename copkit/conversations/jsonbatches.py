"""The items of a large JSON export, read in batches by msgspec, within every bound of
:mod:`copkit.conversations.limits`.

ijson builds every value of every item in Python and, to bound the nesting, had to read the
document twice, the first time an event at a time in Python: a million Graph chatMessages
(1.1 GB) took 35 s of CPU. Here the file is read a megabyte at a time, and the items one
read holds are decoded together into the reader's own :class:`msgspec.Struct`, which builds
only the fields it names. Where the items end is found two ways: the read is cut at the last
place that looks like the gap between two items (learnt from the first two), and decoding
that cut as a list succeeds only if it fell between items; else msgspec finds each item's
end (decoding it as :class:`msgspec.Raw`, it names the byte where the next one starts).

Every bound still holds, on every byte of the document:

* nesting no deeper than :data:`~copkit.conversations.limits.MAX_DEPTH`, counted from the top
  of the document, checked on each batch before any of it is counted (:func:`deeper_than`,
  in C string operations: strings are dropped, then the innermost brackets a level at a
  time); msgspec itself refuses nesting past the interpreter's recursion limit, so nothing
  recurses further;
* one item (or one value of the wrapper around the list) no larger than
  :data:`MAX_ITEM_BYTES`, so memory stays a few megabytes, whatever the file;
* UTF-8 throughout, valid JSON throughout (the wrapper's punctuation included), and nothing
  after the document.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import msgspec

from copkit.conversations.events import ExportError
from copkit.conversations.limits import MAX_DEPTH, _start

#: A Teams message holds at most about 28 KB of text; an item past this is no real one.
MAX_ITEM_BYTES = 16 * 1024 * 1024
#: Bytes read at once.
CHUNK = 1024 * 1024

_RAW = msgspec.json.Decoder(msgspec.Raw)
_STR = msgspec.json.Decoder(str)
_ANY = msgspec.json.Decoder(list[Any])
#: A decoder of a list, for :func:`json_batches`.
Decoder = msgspec.json.Decoder[list[Any]]
_TRAILING = re.compile(r"trailing characters \(byte (\d+)\)")
_AT = re.compile(r"\(byte (\d+)\)$")
_SPACE = re.compile(rb"[ \t\r\n]*")
_KEEP = b'"[]{}'
_DROP = bytes(b for b in range(256) if b not in _KEEP)
_STRING = re.compile(rb'"[^"]*"')
_BRACKETS = bytes.maketrans(b"{}", b"[]")


def deeper_than(data: bytes, levels: int) -> bool:
    """Whether valid JSON values ``data`` (one, or several separated by commas) nest deeper
    than ``levels``. Escaped quotes and backslashes are dropped, then everything but quotes
    and brackets (braces read as brackets: in valid JSON each closes its own kind), then the
    strings (brackets in a string are not nesting); each pass over what is left drops the
    empty pairs it holds, the innermost level (:meth:`bytes.replace` does not look again at
    a pair it made)."""
    if b"\\" in data:
        data = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    marks = data.translate(_BRACKETS, _DROP).replace(b'""', b"")
    if b'"' in marks:
        marks = _STRING.sub(b"", marks)
    for _ in range(levels):
        if not marks:
            return False
        marks = marks.replace(b"[]", b"")
    return bool(marks)


class _TooDeep(Exception):
    pass


class _Reader:
    """A buffer over the stream and a place in it."""

    def __init__(self, stream: IO[bytes], decoder: Decoder, chunk: int = CHUNK) -> None:
        self.stream = stream
        self.decoder = decoder
        self.chunk = chunk
        self.buffer = b""
        self.pos = 0
        self.ended = False
        self.separator = b""

    def more(self) -> bool:
        """Read the next chunk, dropping what was used; False at the end of the file."""
        if self.ended:
            return False
        data = self.stream.read(self.chunk)
        if not data:
            self.ended = True
            return False
        self.buffer = self.buffer[self.pos :] + data
        self.pos = 0
        return True

    def peek(self) -> bytes:
        """The next byte that is not white space (the place moved to it), or b"" at the end."""
        while True:
            found = _SPACE.match(self.buffer, self.pos)
            self.pos = found.end() if found else self.pos
            if self.pos < len(self.buffer):
                return self.buffer[self.pos : self.pos + 1]
            if not self.more():
                return b""

    def expect(self, char: bytes) -> None:
        got = self.peek()
        if got != char:
            shown = repr(got.decode("latin-1")) if got else "the end of the file"
            raise msgspec.DecodeError(f"expected {char.decode()!r}, found {shown}")
        self.pos += 1

    def end_in_buffer(self) -> int | None:
        """Where the value starting here ends, if the buffer holds all of it (else None)."""
        try:
            _RAW.decode(memoryview(self.buffer)[self.pos :])
        except msgspec.DecodeError as exc:
            found = _TRAILING.search(str(exc))
            if found is not None:  # msgspec counts from 1: the next value's first byte
                return self.pos + int(found.group(1)) - 1
            at = _AT.search(str(exc))
            cut = at is not None and int(at.group(1)) >= len(self.buffer) - self.pos
            if str(exc) != "Input data was truncated" and not (cut and not self.ended):
                raise  # a number cut by the read ("1e") reads as malformed at its last byte
            return None
        # it may go on (a number), or white space may: the next byte decides, or the end
        return len(self.buffer) if self.ended else None

    def value_end(self) -> int:
        """Where the value starting here ends, reading as much as it takes, up to
        :data:`MAX_ITEM_BYTES`."""
        while True:
            end = self.end_in_buffer()
            if end is not None and end - self.pos <= MAX_ITEM_BYTES:
                return end
            if len(self.buffer) - self.pos > MAX_ITEM_BYTES:
                raise _TooLarge
            if not self.more() and self.end_in_buffer() is None:
                raise msgspec.DecodeError("Input data was truncated")

    def skip(self, depth: int) -> None:
        """Pass over the value starting here, inside ``depth`` levels, once it is checked."""
        end = self.value_end()
        check(self.buffer[self.pos : end], depth)
        self.pos = end

    def key(self) -> str:
        end = self.value_end()
        name = _STR.decode(memoryview(self.buffer)[self.pos : end])
        self.pos = end
        return name

    def spaces(self) -> bool:
        """Move past white space in the buffer; whether anything else is left in it."""
        found = _SPACE.match(self.buffer, self.pos)
        self.pos = found.end() if found else self.pos
        return self.pos < len(self.buffer)

    def after_item(self, end: int) -> bool:
        """Move past the comma after an item ending at ``end``; False past the closing
        bracket (the list is done)."""
        self.pos = end
        if self.peek() == b"]":
            self.pos += 1
            return False
        self.expect(b",")
        return True

    def batches(self, depth: int) -> Iterator[list[Any]]:
        """The items of the list that starts here, inside ``depth`` levels counting the list,
        decoded: the items one read holds whole, or one item over several reads."""
        self.expect(b"[")
        if self.peek() == b"]":
            self.pos += 1
            return
        while True:
            guessed = self.guess(depth)
            if guessed is not None:
                yield guessed
                continue
            start, last = self.pos, -1
            while (end := self.end_in_buffer()) is not None:
                if self.buffer[end : end + 1] != b",":
                    break  # a closing bracket, or an error: after_item says which
                last, self.pos = end, end + 1
                if not self.spaces():
                    break
                if not self.separator:
                    self.learn(end)
            if end is None and last >= 0:  # the next item goes on in the next read
                self.pos = last
            elif end is None:  # one item, over several reads
                last = self.value_end()
                start = self.pos
            else:
                last = end
            region = self.buffer[start:last]
            yield self.decode(_batch(region, depth))
            if not self.after_item(last):
                return

    def learn(self, comma: int) -> None:
        """Keep what lies between one item and the next, from the comma to the next item's
        first key (``,{"id":`` in a compact listing, with its white space in an indented one),
        for :meth:`guess`."""
        colon = self.buffer.find(b":", self.pos, self.pos + 64)
        if self.buffer[self.pos : self.pos + 1] == b"{" and colon > 0:
            self.separator = self.buffer[comma : colon + 1]

    def decode(self, batch: bytes) -> list[Any]:
        """The items of ``batch`` by the reader's decoder; where one is not what it
        decodes, every item as it is (the caller says what is wrong with it)."""
        try:
            found: list[Any] = self.decoder.decode(batch)
        except msgspec.ValidationError:
            return _ANY.decode(batch)
        return found

    def guess(self, depth: int) -> list[Any] | None:
        """The items up to the last separator this read holds (see :meth:`learn`), if they
        are whole items: ``[`` + what comes before + ``]`` is JSON exactly when the comma
        cut the list between two items (inside a string or a nested value a bracket would
        be left open), so the batch is decoded at once and the cut is right if that works. Then
        no item's end need be found one at a time; else (a separator inside an item, or an
        item that is not what the decoder takes) None, and they are."""
        if not self.separator:
            return None
        cut = self.buffer.rfind(self.separator, self.pos)
        if cut <= self.pos:
            return None
        batch = b"[" + self.buffer[self.pos : cut] + b"]"
        try:
            found: list[Any] = self.decoder.decode(batch)
        except (msgspec.DecodeError, RecursionError):  # a validation error is a decode error
            return None
        check(batch, depth - 1)  # msgspec recursed no further than the interpreter's limit
        self.pos = cut + 1
        return found

    def page(self, depth: int) -> Iterator[list[Any]]:
        """The items of the ``value`` list of the object that starts here (a Graph page)."""
        self.expect(b"{")
        if self.peek() == b"}":
            self.pos += 1
            return
        while True:
            name = self.key()
            self.expect(b":")
            if name == "value" and self.peek() == b"[":
                yield from self.batches(depth + 1)
            else:
                self.skip(depth)
            if self.peek() == b"}":
                self.pos += 1
                return
            self.expect(b",")

    def pages(self) -> Iterator[list[Any]]:
        """The items of every page in the list that starts here."""
        self.expect(b"[")
        if self.peek() == b"]":
            self.pos += 1
            return
        while True:
            if self.peek() == b"{":
                yield from self.page(2)
            else:
                self.skip(1)
            if self.peek() == b"]":
                self.pos += 1
                return
            self.expect(b",")


def json_batches(
    path: Path,
    entry: str,
    opener: Callable[[], IO[bytes]],
    prefix: str,
    what: str,
    decoder: Decoder,
    *,
    chunk: int = CHUNK,
) -> Iterator[list[Any]]:
    """The values at ``prefix`` (``item``, ``value.item`` or ``item.value.item``, as
    :func:`copkit.conversations.limits.json_items` takes them) of the JSON that ``opener``
    opens, in batches (a list of the values one read holds), each decoded by ``decoder``
    (a decoder of a list: of a Struct, say, that builds only the fields it names) or, in a
    batch where some value is not what it decodes, as they are. ``what`` names what the
    document should be when it is not a list or an object; ``chunk`` how many bytes are read
    at once."""
    opening = b"[" if prefix.startswith("item") else b"{"
    try:
        with opener() as stream:
            if _start(stream) != opening:
                raise ExportError(path, entry, f"should be {what}")
            reader = _Reader(stream, decoder, chunk)
            if prefix == "item":
                yield from reader.batches(1)
            elif prefix == "value.item":
                yield from reader.page(1)
            else:
                yield from reader.pages()
            if reader.peek():
                raise msgspec.DecodeError("trailing garbage after the document")
    except msgspec.DecodeError as exc:
        raise ExportError(path, entry, f"is not JSON ({exc})") from None
    except UnicodeDecodeError as exc:
        raise ExportError(path, entry, f"is not JSON in UTF-8 ({exc.reason})") from None
    except (_TooDeep, RecursionError):
        raise ExportError(path, entry, f"is nested too deeply (past {MAX_DEPTH} levels)") from None
    except _TooLarge:
        problem = f"holds a value of more than {MAX_ITEM_BYTES:,} bytes, larger than any export's"
        raise ExportError(path, entry, problem) from None
    except (OSError, EOFError, zipfile.BadZipFile) as exc:
        raise ExportError(path, entry, f"cannot be read ({exc})") from None


class _TooLarge(Exception):
    pass


def check(data: bytes, depth: int) -> None:
    """Valid JSON ``data`` at ``depth``: within :data:`MAX_DEPTH` and UTF-8."""
    if deeper_than(data, MAX_DEPTH - depth):
        raise _TooDeep
    if not data.isascii():
        data.decode("utf-8")


def _batch(region: bytes, depth: int) -> bytes:
    check(region, depth)
    return b"[" + region + b"]"
