"""The outline's look-ups, kept linear in the document (loaders/readers/headings.py), give what
their definitions say, on every outline of the corpus and on a long, repetitive one.

``item_at(line)`` is the innermost item whose span holds the line (the first one of equal depth);
an item ends before the next item of its depth or above (a leaf: before the next item), blank
lines at its end left out; an item's ordinal is its place among its parent's children.
"""

from __future__ import annotations

import pytest

from policykg.build.reading import decode, load
from policykg.loaders.readers.headings import MAX_DEPTH, Heading, Item, Outline, build_outline
from policykg.model.families import detect
from policykg.model.records import GraphBuilder, ParseResult, SourceInfo
from policykg.model.vocab import PK
from tests.support.paths import SOURCES

OUTLINED = [
    "geri-2021-03-gumi-issue-focus-49",
    "gov-2026-national-agenda-progress",
    "moti-2025-12-work-report",
    "motie-2024-02-new-industrial-policy-2.0",
]


def innermost(items: list[Item], line: int) -> Item | None:
    best = None
    for item in items:
        if item.start <= line <= item.end and (best is None or item.depth > best.depth):
            best = item
    return best


def end_by_definition(items: list[Item], k: int, lines: list[str]) -> int:
    item, end = items[k], len(lines)
    for later in items[k + 1 :]:
        if item.heading.leaf or later.depth <= item.depth:
            end = later.start - 1
            break
    while end > item.heading.title_end and not lines[end - 1].strip():
        end -= 1
    return max(end, item.heading.title_end)


def parsed(stem: str, repeat: int = 1) -> tuple[ParseResult, str]:
    path = SOURCES / f"{stem}.txt"
    text = decode(path.read_bytes(), path.name) * repeat
    if repeat == 1:
        return load(path), text
    return detect(path.name, text).parse(text, SourceInfo(stem, path.name)), text


def outline_of(stem: str, repeat: int = 1) -> tuple[Outline, list[str], dict]:
    result, text = parsed(stem, repeat)
    ordinals = {t.subject: int(t.object.value) for t in result.triples if t.predicate == PK.ordinal}
    return result.records["outline"], text.split("\n"), ordinals


@pytest.mark.parametrize(("stem", "repeat"), [(s, 1) for s in OUTLINED] + [(OUTLINED[0], 3)])
def test_lookups_match_their_definitions(stem, repeat):
    outline, lines, ordinals = outline_of(stem, repeat)
    items = outline.items
    assert len(items) > 20
    top = [it for it in items if it.parent is None]
    for item in items:
        siblings = item.parent.children if item.parent else top
        assert ordinals[item.node] == next(n for n, s in enumerate(siblings, 1) if s is item)
    assert [it.end for it in items] == [
        end_by_definition(items, k, lines) for k in range(len(items))
    ]
    for line in range(-1, len(lines) + 3):
        assert outline.item_at(line) is innermost(items, line), line
    assert outline.item_at(items[-1].start).depth >= 1


def test_an_outline_is_at_most_max_depth_deep():
    """A list that restarts at 1 again and again (a text repeated, a numbering reset) continues
    nothing, so each restart opens under the last item, one level deeper; past MAX_DEPTH the
    headings stay at that level, each reported with its line."""
    count = MAX_DEPTH + 8
    lines = [f"1 제목 {k}" for k in range(count)]
    builder = GraphBuilder(SourceInfo("deep"), lines)
    headings = [
        Heading(k + 1, "section", "digit", "1", f"제목 {k}", title_end=k + 1) for k in range(count)
    ]
    outline = build_outline(builder, headings)
    depths = [item.depth for item in outline.items]
    assert depths == [*range(1, MAX_DEPTH + 1), *[MAX_DEPTH] * (count - MAX_DEPTH)]
    for item in outline.items:
        assert item.parent is None or item.parent.depth == item.depth - 1
        assert item.path.count("/") == item.depth - 1
    deep = [f for f in builder.result().findings if f.kind == "outline-too-deep"]
    assert [f.line for f in deep] == list(range(MAX_DEPTH + 1, count + 1))
