"""People's words in Markdown and HTML files are shown as words, never obeyed.

A sponsor opens `report sponsor -o update.md` in a Markdown viewer; a community's name written
"<script>...</script>" or "*Team*" must appear as typed, not run as HTML or turn into emphasis,
and a "|" in a name must not split a table row.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from copkit.report.literal import markdown

Run = Callable[..., Result]

NAME = "<script>alert(1)</script> *Team* | [x](y)"
NAME_MD = r"&lt;script&gt;alert(1)&lt;/script&gt; \*Team\* \| \[x\](y)"
DOMAIN = "Care & `code` #1 _under_ review"
SPONSOR = "Dr <b>Price</b>"
SPACE = "Cafe <img src=x onerror=alert(1)>"
STORY = "Workers <i>now</i> | speak up\n# not a heading"


@pytest.fixture
def html_words(run: Run, home: Path) -> Run:
    """A community whose public words hold HTML and Markdown syntax."""
    steps = [
        ("init", NAME, "--slug", "cop", "--domain", DOMAIN, "--sponsor", SPONSOR),
        ("space", "add", SPACE, "--public"),
        ("rhythm", "add", "Open circle", "--space", "Cafe", "--every", "monthly on the 2nd Tuesday",
         "--start", "2026-01-13T14:00"),
        ("story", "add", STORY, "--consent", "--cycle", "applied", "--on", "2026-10-01"),
    ]  # fmt: skip
    for step in steps:
        result = run(*step)
        assert result.exit_code == 0, result.output
    return run


def unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def test_health_markdown_shows_the_name_as_text(html_words: Run) -> None:
    text = html_words("health", "--format", "markdown").output
    assert text.splitlines()[0].startswith(f"# {NAME_MD}: health check on")
    assert "<script>" not in text and "<b>" not in text


def test_sponsor_markdown_shows_names_and_stories_as_text(html_words: Run, tmp_path: Path) -> None:
    target = tmp_path / "update.md"
    assert html_words("report", "sponsor", "-o", str(target)).exit_code == 0
    text = target.read_text(encoding="utf-8")
    for raw in ("<script>", "<b>", "<img", "<i>"):
        assert raw not in text
    assert text.startswith(f"# {NAME_MD}: an update for Dr &lt;b&gt;Price&lt;/b&gt;")
    assert r"Domain: Care &amp; \`code\` \#1 \_under\_ review" in text
    assert r"Workers &lt;i&gt;now&lt;/i&gt; \| speak up \# not a heading" in text
    assert not any(line.startswith("# not") for line in text.splitlines())


def test_overview_markdown_keeps_the_table_intact(html_words: Run) -> None:
    lines = html_words("overview", "--format", "markdown").output.splitlines()
    header, row = lines[0], next(line for line in lines if NAME_MD in line)
    assert unescaped_pipes(row) == unescaped_pipes(header)
    assert "<script>" not in "\n".join(lines)


@pytest.mark.parametrize(
    "args",
    [("health", "--format", "html"), ("report", "sponsor", "--format", "html"),
     ("overview", "--format", "html")],
)  # fmt: skip
def test_html_escapes_people_s_words(html_words: Run, args: tuple[str, ...]) -> None:
    text = html_words(*args).output
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<script>" not in text and "<img" not in text


def test_an_old_override_in_a_name_is_shown_escaped_in_every_export(
    html_words: Run, home: Path
) -> None:
    path = home / "cop.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["community"]["1"]["name"] = "Riverside\u202e\x1b[2J CoP"
    path.write_text(json.dumps(document), encoding="utf-8")
    for fmt in ("markdown", "html"):
        text = html_words("health", "--format", fmt).output
        assert "\u202e" not in text and "\x1b" not in text
        assert "Riverside" in text and "u202e" in text and "x1b" in text


def test_markdown_escape_of_every_syntax_character() -> None:
    assert markdown("a*b_c[d](f)g#h|i`j~k![l]\\m") == r"a\*b\_c\[d\](f)g\#h\|i\`j\~k!\[l\]\\m"
    assert markdown("<a href='x'>&</a>") == "&lt;a href='x'&gt;&amp;&lt;/a&gt;"
    assert markdown("one\ntwo\r\nthree") == "one two three"
