"""ERRORS.md agrees with the generated packages, and spec text cannot escape its Markdown cell."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from conftest import GENERATED, SPEC_FILES, VENDORS, expand, vendor_package
from generator.emit import markdown
from generator.emit.reference import render_reference
from generator.emit.render import environment
from generator.spec.build import build
from generator.spec.loader import load_text


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _inline_text(token: Token) -> str:
    """The text a reader sees in an inline token (code spans included)."""
    return "".join(child.content for child in token.children or [] if child.type in ("text", "code_inline"))


def _tables(text: str) -> list[list[list[Token]]]:
    """Every table as rows (header row first) of inline cell tokens."""
    tables: list[list[list[Token]]] = []
    row: list[Token] = []
    in_cell = False
    for token in _parser().parse(text):
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            row = []
        elif token.type in ("th_open", "td_open", "th_close", "td_close"):
            in_cell = token.type.endswith("_open")
        elif token.type == "inline" and in_cell:
            row.append(token)
        elif token.type == "tr_close":
            tables[-1].append(row)
    return tables


def _one_row(*cells: str) -> list[Token]:
    text = "| " + " | ".join("h" for _ in cells) + " |\n|" + "---|" * len(cells) + "\n| " + " | ".join(cells) + " |\n"
    tables = _tables(text)
    assert len(tables) == 1 and len(tables[0]) == 2, text
    return tables[0][1]


# Any text, with Markdown's punctuation drawn often.
TEXT = st.text(st.sampled_from(list("|`*_[]()<>\\&@~!#:\n\t -a1")) | st.characters())


def _shown(value: str) -> str:
    return "".join(ch if ch.isprintable() else " " for ch in value)


@given(TEXT)
def test_markdown_text_shows_exactly_what_was_typed_inside_one_cell(value: str) -> None:
    cells = _one_row(markdown.text(value), "next")
    assert len(cells) == 2 and _inline_text(cells[1]) == "next"
    assert all(child.type == "text" for child in cells[0].children or [])
    assert _inline_text(cells[0]) == _shown(value).strip(" \t")


@given(TEXT)
def test_markdown_code_is_one_code_span_inside_one_cell(value: str) -> None:
    span = markdown.code(value)
    assert not re.search(r"(?<!\\)\|", span)  # GitHub splits cells at a bare | even inside code
    cells = _one_row(span, "next")
    assert len(cells) == 2 and _inline_text(cells[1]) == "next"
    if _shown(value):
        assert [child.type for child in cells[0].children or []] == ["code_inline"]
        assert _inline_text(cells[0]) == _shown(value)


@given(TEXT | TEXT.map(lambda s: "https://example.com/" + s))
def test_markdown_link_is_a_link_to_an_http_url_or_plain_text(value: str) -> None:
    cells = _one_row(markdown.link(value), "next")
    assert len(cells) == 2 and _inline_text(cells[1]) == "next"
    links = [child for child in cells[0].children or [] if child.type == "link_open"]
    if re.fullmatch(r"https?://\S+", _shown(value).strip(), re.IGNORECASE):
        assert len(links) == 1 and str(links[0].attrs["href"]).lower().startswith(value.strip()[:4].lower())
        assert _inline_text(cells[0]) == "docs"
    else:
        assert links == [] and _inline_text(cells[0]) == _shown(value).strip(" \t")


def _class_tree(text: str) -> list[tuple[str, str | None]]:
    """(class, parent class) for each item of the nested list under "Classes"."""
    pairs: list[tuple[str, str | None]] = []
    stack: list[str] = []
    depth = 0
    for token in _parser().parse(text.split("## Classes", 1)[1].split("\n## ", 1)[0]):
        if token.type == "bullet_list_open":
            depth += 1
        elif token.type == "bullet_list_close":
            depth -= 1
        elif token.type == "inline" and depth:
            name = next(child.content for child in token.children or [] if child.type == "code_inline")
            del stack[depth - 1 :]
            pairs.append((name, stack[-1] if stack else None))
            stack.append(name)
    return pairs


@pytest.mark.parametrize("slug", VENDORS)
def test_class_tree_is_the_generated_hierarchy(slug: str) -> None:
    package = vendor_package(slug)
    tree = _class_tree((GENERATED / slug / "ERRORS.md").read_text())
    assert [name for name, _ in tree] and tree[0][1] is None
    for name, parent in tree[1:]:
        assert getattr(package, name).__bases__[0].__name__ == parent
    exported = {name for name in package.__all__ if isinstance(getattr(package, name), type) and issubclass(getattr(package, name), BaseException)}
    assert {name for name, _ in tree} == exported


def _status_rows(text: str) -> list[dict[str, str]]:
    table = _tables(text)[0]
    header = [_inline_text(cell) for cell in table[0]]
    assert header == ["status", "code", "class", "retried", "wait header", "meaning", "source"]
    return [dict(zip(header, (_inline_text(cell) for cell in row), strict=True)) for row in table[1:]]


@pytest.mark.parametrize("slug", VENDORS)
def test_status_table_agrees_with_the_generated_package(slug: str) -> None:
    package = vendor_package(slug)
    rows = _status_rows((GENERATED / slug / "ERRORS.md").read_text())
    assert {int(r["status"]) for r in rows if not r["code"]} == set(package.ERRORS_BY_STATUS)
    assert {r["code"] for r in rows if r["code"]} == set(package.ERRORS_BY_CODE)
    policy = package.DEFAULT_POLICY
    for row in rows:
        number, _, marker = row["status"].partition(" ")
        status, code = int(number), row["code"] or None
        cls = package.ERRORS_BY_CODE[code] if code else package.ERRORS_BY_STATUS[status]
        # v2: the docstring's first paragraph is the meaning; notes (statuses, links) follow it
        assert row["class"] == cls.__name__ and row["meaning"] == cls.__doc__.split("\n\n")[0]
        assert row["retried"].startswith("yes" if policy.is_retryable(status, code) else "no")
        assert status in cls.documented_statuses  # one row per documented status of a code
        assert (marker == "(inferred)") == cls.status_inferred and marker in ("", "(inferred)")
        if row["wait header"]:
            for name, _, statuses, _ in policy.wait_headers:
                assert (name in row["wait header"]) == (not statuses or status in expand(statuses))


@pytest.mark.parametrize("slug", VENDORS)
def test_wait_headers_and_fallback_are_shown_where_they_apply(slug: str) -> None:
    """A retried status lists, in the policy's order, the wait headers read on it with
    their units (and conditions), then its fallback delay; a status not retried lists none."""
    policy = vendor_package(slug).DEFAULT_POLICY
    fallback = dict(policy.fallback_delays)
    for row in _status_rows((GENERATED / slug / "ERRORS.md").read_text()):
        status, code = int(row["status"].split()[0]), row["code"] or None
        cell = row["wait header"]
        if not policy.is_retryable(status, code):
            assert cell == ""
            continue
        read = [f"{name} ({unit}" for name, unit, ranges, _ in policy.wait_headers
                if not ranges or any(low <= status <= high for low, high in ranges)]
        places = [cell.find(piece) for piece in read]
        assert -1 not in places and places == sorted(places), row
        if status in fallback:
            assert cell.endswith(f"else {fallback[status]:g} s"), row


@pytest.mark.parametrize("slug", VENDORS)
def test_hostile_spec_text_stays_inside_its_cells(slug: str) -> None:
    data: Any = yaml.safe_load(SPEC_FILES[slug].read_text())
    hostile = "a | b\n| --- |\n<script>alert(1)</script> `x` **y** [z](javascript:alert(1)) @team &amp;"
    ext = data["x-error-contract"]
    ext["vendor"] = hostile
    ext["docs"] = "javascript:alert(1)"
    for entry in list(ext.get("codes", {}).values())[:1]:
        entry["description"] = hostile
    ext.setdefault("codes", {})["WEIRD|`CODE`\n"] = {"status": 429, "class": "WeirdError", "description": hostile}
    text = render_reference(build(load_text(yaml.safe_dump(data), f"specs/{slug}.yaml")), environment())
    tokens = _parser().parse(text)
    assert not any(t.type in ("html_block", "html_inline", "link_open") for t in tokens + [c for t in tokens for c in t.children or []])
    rows = _status_rows(text)
    assert len(rows) == len(_status_rows((GENERATED / slug / "ERRORS.md").read_text())) + 1
    weird = next(r for r in rows if r["class"] == "WeirdError")
    assert weird["code"] == "WEIRD|`CODE` " and weird["meaning"] == " ".join(hostile.split())
    assert weird["source"] == "javascript:alert(1)"
    assert text.startswith("# a \\| b \\| --- \\| \\<script\\>")


@pytest.mark.parametrize("slug", VENDORS)
def test_resend_line_says_when_atomic_failures_apply(slug: str) -> None:
    """Atomic failures lift the gate only when an error response arrived: the page says so."""
    text = (GENERATED / slug / "ERRORS.md").read_text()
    line = next(line for line in text.splitlines() if line.startswith("- failed requests sent again: "))
    atomic = vendor_package(slug).DEFAULT_POLICY.atomic_failures
    assert ("after an error response" in line) == atomic
    if atomic:
        for unknown in ("read timeout", "reset after the request was sent", "body cut mid-response"):
            assert f"never after a {unknown}" in line or unknown in line.split("never after", 1)[1]
