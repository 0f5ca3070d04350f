"""The batch reader of large JSON exports (copkit.conversations.jsonbatches) gives exactly
the items a whole-document parser finds, however the file is spaced and wherever its reads
end, and keeps the bounds of issue 19: nesting past 64 levels, an item past its size, bytes
that are not UTF-8 and damaged JSON are each refused in one line."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copkit.conversations.events import ExportError
from copkit.conversations.jsonbatches import deeper_than, json_batches

_ANY = msgspec.json.Decoder(list[Any])
PATH = Path("export.json")

scalars = st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.text(max_size=12)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=12,
)


def _items(data: bytes, prefix: str, chunk: int) -> list[Any]:
    found: list[Any] = []
    for batch in json_batches(
        PATH, "", lambda: io.BytesIO(data), prefix, "a list", _ANY, chunk=chunk
    ):
        found.extend(batch)
    return found


@settings(max_examples=150, deadline=None)
@given(
    items=st.lists(values, max_size=8),
    indent=st.sampled_from([None, 0, 2]),
    chunk=st.integers(1, 64),
    layout=st.sampled_from(["item", "value.item", "item.value.item"]),
)
def test_items_are_those_of_the_whole_document(
    items: list[Any], indent: int | None, chunk: int, layout: str
) -> None:
    document: Any = items
    if layout == "value.item":
        document = {"@odata.context": 'x [ { " ', "value": items, "@odata.nextLink": [1, {}]}
    elif layout == "item.value.item":
        document = [{"value": items[:3]}, 7, {"value": items[3:], "v": "]"}]
    data = json.dumps(document, indent=indent).encode()
    assert _items(data, layout, chunk) == items


def _refused(data: bytes, prefix: str = "item") -> str:
    with pytest.raises(ExportError) as caught:
        _items(data, prefix, 7)
    return str(caught.value)


def test_nesting_is_counted_from_the_top_of_the_document() -> None:
    fits = b'{"value": [' + b"[" * 62 + b"]" * 62 + b"]}"
    assert _items(fits, "value.item", 7) == [json.loads(b"[" * 62 + b"]" * 62)]
    too_deep = b'{"value": [' + b"[" * 63 + b"]" * 63 + b"]}"
    assert "is nested too deeply (past 64 levels)" in _refused(too_deep, "value.item")
    skipped = b'{"other": ' + b"[" * 64 + b"]" * 64 + b', "value": []}'
    assert "is nested too deeply (past 64 levels)" in _refused(skipped, "value.item")
    endless = b"[" + b"[" * 100_000 + b"]" * 100_000 + b"]"
    assert "is nested too deeply (past 64 levels)" in _refused(endless)


def test_brackets_and_escapes_in_strings_are_not_nesting() -> None:
    text = '[[[[ \\" {{{{ \\\\'
    assert not deeper_than(json.dumps([text] * 3).encode(), 1)
    assert deeper_than(json.dumps([[text]]).encode(), 1)
    assert _items(json.dumps([text, {"a": text}]).encode(), "item", 3) == [text, {"a": text}]


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b'[{"a": 1}, {"a": 2]', "is not JSON"),
        (b'[{"a": 1},]', "is not JSON"),
        (b'[{"a": 1}', "is not JSON"),
        (b'[{"a": 1}] [', "is not JSON"),
        (b'[{"a": 1} {"a": 2}]', "is not JSON"),
        (b'[{"a": "\xff"}]', "is not JSON in UTF-8"),
        (b'{"value": []}', "should be a list"),
    ],
)
def test_damage_is_refused_in_one_line(data: bytes, said: str) -> None:
    line = _refused(data)
    assert said in line and "\n" not in line


def test_an_item_past_its_size_is_refused() -> None:
    big = b'["' + b"x" * (16 * 1024 * 1024 + 10) + b'"]'
    with pytest.raises(ExportError, match="more than 16,777,216 bytes"):
        _items(big, "item", 1024 * 1024)


@settings(max_examples=60, deadline=None)
@given(
    count=st.integers(0, 40),
    replies=st.integers(0, 3),
    indent=st.sampled_from([None, 1, 4]),
    chunk=st.integers(16, 400),
    text=st.sampled_from(["", '"},{"id": ', "[[{{", "\\", "é"]),
)
def test_messages_with_replies_of_the_same_shape_are_cut_between_messages(
    count: int, replies: int, indent: int | None, chunk: int, text: str
) -> None:
    """A list of messages is read a whole read at a time by cutting it where one message
    ends and the next begins; replies shaped like messages, and text that looks like the
    cut, never cut a message in two."""
    messages = [
        {
            "id": str(n),
            "body": text * (n % 3),
            "replies": [{"id": f"{n}.{r}", "body": text} for r in range(replies)],
        }
        for n in range(count)
    ]
    data = json.dumps({"value": messages}, indent=indent).encode()
    assert _items(data, "value.item", chunk) == messages


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


tricky_text = st.text(st.sampled_from(list('[]{}"\\ab')), max_size=8)
tricky = st.recursive(
    st.none() | tricky_text | st.integers(0, 9),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(tricky_text, inner, max_size=3),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(value=tricky, levels=st.integers(0, 8))
def test_nesting_is_measured_as_a_parser_measures_it(value: Any, levels: int) -> None:
    """Brackets, quotes and backslashes in strings never count; every level does."""
    assert deeper_than(json.dumps(value).encode(), levels) == (_depth(value) > levels)
