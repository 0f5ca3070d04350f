"""A name a module uses only in annotations is imported under ``TYPE_CHECKING`` (issue 18).

Every module has ``from __future__ import annotations``, so an annotation is never evaluated
and importing the store for ``session: Session`` only loads the store (and TinyDB, the file
lock, the integrity check) for nothing, in every command that imports the module: see "How a
command flows" in docs/architecture.md. This reads the source of copkit/ (no module is
imported) and finds each name imported at run time from a watched module and then named only in
annotations. A class body's annotations count as use at run time: a msgspec Struct (or a
dataclass) reads them when the class is made, so a name in a field's type stays a run-time
import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "copkit"
#: Modules whose names a module may import at run time only to call them, never to annotate.
WATCHED = ("copkit.storage.store",)


def _annotations(tree: ast.Module) -> set[int]:
    """The ids of the annotation nodes that are never evaluated: a function's parameters and
    return, and a variable's annotation outside a class body."""
    found: set[int] = set()
    in_class: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            in_class.update(id(s.annotation) for s in node.body if isinstance(s, ast.AnnAssign))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            arguments = node.args
            for argument in (
                *arguments.posonlyargs,
                *arguments.args,
                *arguments.kwonlyargs,
                arguments.vararg,
                arguments.kwarg,
            ):
                if argument is not None and argument.annotation is not None:
                    found.add(id(argument.annotation))
            if node.returns is not None:
                found.add(id(node.returns))
        elif isinstance(node, ast.AnnAssign):
            found.add(id(node.annotation))
    return found - in_class


def _is_type_checking(node: ast.stmt) -> bool:
    test = node.test if isinstance(node, ast.If) else None
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _names_used_at_run_time(tree: ast.Module) -> set[str]:
    """Every name read outside annotations, imports and ``if TYPE_CHECKING:`` blocks, and the
    names ``__all__`` lists (a re-export is a use)."""
    skipped = _annotations(tree)
    used: set[str] = set()

    def visit(node: ast.AST) -> None:
        if id(node) in skipped or isinstance(node, ast.Import | ast.ImportFrom):
            return
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Name):
            used.add(node.id)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "__all__" for target in node.targets
        ):
            used.update(ast.literal_eval(node.value))
    return used


def annotation_only_imports(source: str) -> list[str]:
    """``line: from module import name`` for each name a module imports at run time from a
    :data:`WATCHED` module and names only in annotations (``import name as name``, an explicit
    re-export, is a use)."""
    tree = ast.parse(source)
    used = _names_used_at_run_time(tree)
    found = []
    for node in tree.body:  # module level: an `if TYPE_CHECKING:` block is not an import here
        if isinstance(node, ast.ImportFrom) and node.module in WATCHED:
            for alias in node.names:
                name = alias.asname or alias.name
                if name not in used and alias.asname != alias.name:
                    found.append(f"{node.lineno}: from {node.module} import {alias.name}")
    return found


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_module_names_the_store_for_annotations_under_type_checking() -> None:
    offenders = {
        ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts): found
        for path in modules()
        if (found := annotation_only_imports(path.read_text(encoding="utf-8")))
    }
    assert not offenders, (
        "these modules import names at run time only for annotations; move the imports under "
        f"`if TYPE_CHECKING:` (see docs/architecture.md): {offenders}"
    )


def test_the_scan_reads_the_whole_package() -> None:
    names = {path.name for path in modules()}
    assert {"store.py", "participation.py", "read.py", "app.py"} <= names


FUNCTION = """
from __future__ import annotations
from copkit.storage.store import Session

def count(session: Session) -> int:
    return len(session.all(int))
"""

RUNTIME = """
from __future__ import annotations
from copkit.storage.store import Session, Store

def opened(store: Store) -> Session:
    return Session(store)
"""

GUARDED = """
from __future__ import annotations
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    from copkit.storage.store import Session
x: Session | None = None
"""

STRUCT = """
from __future__ import annotations
import msgspec
from copkit.storage.store import Store

class Held(msgspec.Struct):
    store: Store
"""

ANNOTATED_VARIABLE = """
from __future__ import annotations
from copkit.storage.store import Store, Session

current: Session | None = None

def store() -> Store:
    return Store.open()
"""


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (FUNCTION, ["3: from copkit.storage.store import Session"]),
        (RUNTIME, ["3: from copkit.storage.store import Store"]),
        (GUARDED, []),
        (STRUCT, []),
        (ANNOTATED_VARIABLE, ["3: from copkit.storage.store import Session"]),
    ],
    ids=["function", "one-called", "guarded", "struct-field", "annotated-variable"],
)
def test_the_scan_tells_annotations_from_use(source: str, expected: list[str]) -> None:
    """What the check above would notice, and what it lets be: a Struct's field type and a
    name that is called stay run-time imports."""
    assert annotation_only_imports(source) == expected
