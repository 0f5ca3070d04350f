# The part of ijson's API copkit uses (copkit/conversations/limits.py): ijson ships no types
# and typeshed has no stubs for it. `mypy_path` in pyproject.toml points here.
from collections.abc import Iterable, Iterator
from typing import IO, Any

backend: str

class JSONError(Exception): ...
class IncompleteJSONError(JSONError): ...

def basic_parse(
    source: IO[bytes], *, buf_size: int = ..., use_float: bool = ...
) -> Iterator[tuple[str, Any]]: ...
def parse(
    source: IO[bytes], *, buf_size: int = ..., use_float: bool = ...
) -> Iterator[tuple[str, str, Any]]: ...
def items(
    source: IO[bytes] | Iterable[tuple[str, str, Any]],
    prefix: str,
    map_type: type | None = ...,
    *,
    buf_size: int = ...,
    use_float: bool = ...,
) -> Iterator[Any]: ...
