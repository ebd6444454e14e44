"""The heading structure of a policy document as ``pk:PolicyItem`` nodes.

Documents number their headings with a mix of glyphs: Roman numerals (``I.``, ``Ⅲ.``), ``1.``,
box numerals that the text extraction turned into bare digits (``1 제조혁신 전략``) and circled
digits (``②``). The same level is often printed in two styles, and the same style on two levels,
so the level of a numbered heading is not read from its glyph but from the numbering itself:

* a heading with a *fixed rank* (a part, a chapter) closes every open item of its rank or below;
* a *sequence* heading numbered ``n`` continues the open list whose last number is ``n - 1``
  (or repeats ``n`` in the same style: a duplicate number, kept apart and reported);
  when several open lists qualify, the one printed in the same style wins, then the one whose
  items have sub-lists exactly when this heading has one, then the one whose last title is
  closest in length, then the deepest; a heading numbered 1 that continues nothing opens a list;
* a *leaf* heading (``□`` sub-tasks) belongs to the innermost open item and never has children;
* no item is deeper than :data:`MAX_DEPTH`: a heading that would be is placed at that level, with
  an ``outline-too-deep`` finding.

Each item gets an IRI from its path of codes (``III/1/2``), its printed numbering, its title, its
parent (``pk:partOf``, the document for top-level items) and the span of lines it covers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode

from policykg.model import iri
from policykg.model.records import GraphBuilder, integer
from policykg.model.text import ascii_code, clean_title
from policykg.model.vocab import PK

_STRIP_MARKUP = re.compile(r"\*\*|\^\{[^}]*\}")
MAX_DEPTH = 12
"""The deepest level of an outline (documents go five deep). A text whose numbering restarts
again and again would otherwise nest each restart under the last: an outline as deep as the
text is long, its item paths (and IRIs) growing with it."""


@dataclass(frozen=True)
class Heading:
    """One heading line as a rule read it (``line`` is 1-based; ``title_end`` its last line)."""

    line: int
    kind: str
    style: str
    printed: str | None
    title: str
    rank: int | None = None
    leaf: bool = False
    title_end: int = 0
    between: bool = False  # an unnumbered title between two items of a numbered list

    @property
    def number(self) -> int | None:
        code = ascii_code(self.printed) if self.printed else ""
        return int(code) if code.isdigit() else None


@dataclass(frozen=True)
class Rule:
    """A regular expression over one line with groups ``num`` (optional) and ``title``.

    A line that prints only the number (``3`` alone, ``030``) takes its title from the next
    non-blank line when ``title_next`` is set.
    """

    kind: str
    style: str
    pattern: re.Pattern
    rank: int | None = None
    leaf: bool = False
    title_next: bool = False

    def match(self, lines: Sequence[str], i: int) -> Heading | None:
        m = self.pattern.match(lines[i])
        if not m:
            return None
        groups = m.groupdict()
        title = clean_title(_STRIP_MARKUP.sub("", groups.get("title") or ""))
        end = i
        if not title and self.title_next:
            j = next_text_line(lines, i + 1)
            if j is None:
                return None
            title, end = clean_title(_STRIP_MARKUP.sub("", lines[j])), j
        if not title:
            return None
        return Heading(
            i + 1, self.kind, self.style, groups.get("num"), title, self.rank, self.leaf, end + 1
        )


LineRule = Callable[[Sequence[str], int], "Heading | None"]

_APPENDIX = re.compile(r"^\s*(참고|붙임)\s*(\d{1,2})?\s*$")
_BOX = re.compile(r"^\s*-?\s*◇")
_PLAIN_TITLE = re.compile(r"^\s*[^\s\-*•◦○□■◆◇▶▣※<(\d①-⑳|][^\t]{2,40}$")


def appendix(lines: Sequence[str], i: int) -> Heading | None:
    """An appendix: a line holding only 참고 or 붙임 (and its number), titled by the next line.

    It closes every open item, so the table it holds is not read as part of the item before.
    """
    m = _APPENDIX.match(lines[i])
    j = next_text_line(lines, i + 1) if m else None
    if m is None or j is None:
        return None
    title = clean_title(_STRIP_MARKUP.sub("", lines[j]))
    return Heading(i + 1, "appendix", "appendix", m.group(2), title, 0, False, j + 1)


def boxed_title(lines: Sequence[str], i: int) -> Heading | None:
    """An unnumbered title: a short plain line whose next line opens a ◇ summary box
    (``산업정책의 “속도+성과” 향상 방안`` / ``◇ 「新산업정책2.0」의 핵심 가치가 …``). It stands
    between two items of a numbered list, at their level."""
    text = lines[i]
    if not _PLAIN_TITLE.match(text) or re.search(r"(?:다|\.)\s*$", text):
        return None
    j = next_text_line(lines, i + 1)
    if j is None or not _BOX.match(lines[j]):
        return None
    return Heading(i + 1, "section", "title", None, clean_title(text), None, False, i + 1, True)


def next_text_line(lines: Sequence[str], start: int) -> int | None:
    """The 0-based index of the first non-blank line at or after ``start``."""
    for j in range(start, len(lines)):
        if lines[j].strip():
            return j
    return None


def find_headings(lines: Sequence[str], rules: Iterable[LineRule]) -> list[Heading]:
    """Every heading line, the first matching rule winning; title lines are not re-read."""
    rules = list(rules)
    out: list[Heading] = []
    skip_to = 0
    for i in range(len(lines)):
        if i < skip_to:
            continue
        for rule in rules:
            h = rule(lines, i)
            if h:
                out.append(h)
                skip_to = h.title_end
                break
    return out


@dataclass
class Item:
    """A policy item: a heading with its place in the outline."""

    node: NamedNode
    path: str
    heading: Heading
    parent: Item | None
    depth: int
    start: int
    end: int = 0
    children: list[Item] = field(default_factory=list)
    stands_for: int | None = None  # for an unnumbered title: the number it follows

    @property
    def title(self) -> str:
        return self.heading.title

    @property
    def code(self) -> str:
        return self.path.replace("/", "-")


@dataclass
class Outline:
    """The items of one document in reading order (their spans closed)."""

    items: list[Item]
    _innermost: list[Item | None] = field(default_factory=list, init=False, repr=False)

    def item_at(self, line: int) -> Item | None:
        """The innermost item whose span holds ``line`` (the first one of equal depth)."""
        if not self._innermost and self.items:
            self._innermost = _innermost_by_line(self.items)
        return self._innermost[line] if 0 <= line < len(self._innermost) else None

    def node_at(self, line: int, default):
        """The node of the innermost item holding ``line``, else ``default`` (the document)."""
        item = self.item_at(line)
        return item.node if item else default

    def by_path(self, path: str) -> Item:
        return next(i for i in self.items if i.path == path)


def _number(item: Item) -> int | None:
    """An item's number in its list; an unnumbered title between items takes the one before."""
    return item.stands_for if item.heading.between else item.heading.number


def _between(
    stack: list[Item], headings: Sequence[Heading], k: int, following: Sequence[Heading | None]
) -> tuple[Item | None, int | None]:
    """Place an unnumbered title at the level of the list that a later heading continues, after
    the item it follows there (whose number it stands for in that list)."""
    for j in range(k + 1, len(headings)):
        g = headings[j]
        if g.leaf or g.rank is not None or g.number is None or g.number < 2:
            continue
        cands = [it for it in stack if _number(it) == g.number - 1]
        if cands:
            nxt = following[j]
            sibling = _pick(cands, g, nxt is not None and nxt.rank is None and nxt.number == 1)
            while stack[-1] is not sibling:
                stack.pop()
            stack.pop()
            return sibling.parent, g.number - 1
    return (stack[-1] if stack else None), None


def _innermost_by_line(items: Sequence[Item]) -> list[Item | None]:
    """For each line number, the innermost item whose span holds it (a table, so that looking
    up a line costs the same however many items a document has). Items of one depth never
    overlap, so filling it costs the document's lines times the outline's depth."""
    table: list[Item | None] = [None] * (max(item.end for item in items) + 1)
    for item in items:
        for line in range(item.start, item.end + 1):
            held = table[line]
            if held is None or item.depth > held.depth:
                table[line] = item
    return table


def _pick(candidates: list[Item], h: Heading, opens: bool) -> Item:
    def score(item: Item) -> tuple:
        return (
            item.heading.style == h.style,
            bool(item.children) == opens,
            -abs(len(item.title) - len(h.title)),
            item.depth,
        )

    return max(candidates, key=score)


def build_outline(
    builder: GraphBuilder,
    headings: Sequence[Heading],
    unnumbered_prefix: dict[str, str] | None = None,
    classify: Callable[[Item], str] | None = None,
) -> Outline:
    """Place headings in a tree, mint their IRIs and write them to the builder.

    ``classify(item)`` may name an item's kind from its place (a strategy's pillars are the
    items under its 추진 전략 section); otherwise the heading rule's kind is kept.
    """
    prefixes = unnumbered_prefix or {}
    stem = builder.source.stem
    items: list[Item] = []
    stack: list[Item] = []
    paths: set[str] = set()
    counters: dict[tuple[str, str], int] = {}
    duplicates: dict[str, int] = {}  # path → the last ~n suffix given to a duplicate of it
    following = _next_non_leaf(headings)
    for k, h in enumerate(headings):
        parent: Item | None
        stands_for: int | None = None
        if h.rank is not None:
            while stack and (stack[-1].heading.rank is None or stack[-1].heading.rank >= h.rank):
                stack.pop()
            parent = stack[-1] if stack else None
        elif h.leaf:
            parent = stack[-1] if stack else None
        elif h.between:
            parent, stands_for = _between(stack, headings, k, following)
        else:
            n = h.number
            floor = max(
                (i for i, it in enumerate(stack) if it.heading.rank is not None), default=-1
            )
            open_seq = stack[floor + 1 :]
            cands = [it for it in open_seq if n is not None and _number(it) == n - 1]
            nxt = following[k]
            opens = nxt is not None and nxt.rank is None and nxt.number == 1
            repeats = [
                it
                for it in open_seq
                if n not in (None, 1) and it.heading.number == n and it.heading.style == h.style
            ]
            if cands or repeats:
                sibling = _pick(cands, h, opens) if cands else repeats[-1]
                while stack[-1] is not sibling:
                    stack.pop()
                stack.pop()
            elif n != 1:
                builder.finding(
                    "outline-numbering",
                    f"heading numbered {h.printed!r} continues "
                    f"no open list; placed under the innermost item",
                    line=h.line,
                )
            parent = stack[-1] if stack else None
        if parent is not None and parent.depth >= MAX_DEPTH and not h.leaf:
            # the open items are the chain of ancestors (stack[k] at depth k + 1)
            builder.finding(
                "outline-too-deep",
                f"heading {h.printed or h.title[:40]!r} would open level {parent.depth + 1}; "
                f"placed at level {MAX_DEPTH}, the deepest an outline goes",
                line=h.line,
            )
            del stack[MAX_DEPTH - 1 :]
            parent = stack[-1]
        parent_path = parent.path if parent else ""
        if h.printed:
            code = ascii_code(h.printed.rstrip("."))
        else:
            key = (parent_path, h.kind)
            counters[key] = counters.get(key, 0) + 1
            code = f"{prefixes.get(h.kind, h.kind[0])}{counters[key]}"
        path = f"{parent_path}/{code}" if parent_path else code
        if path in paths:
            dup = duplicates.get(path, 1) + 1
            while f"{path}~{dup}" in paths:
                dup += 1
            duplicates[path] = dup
            builder.finding(
                "outline-duplicate-number",
                f"a second heading numbered {h.printed!r} "
                f"under the same parent; kept as {path}~{dup}",
                line=h.line,
            )
            path = f"{path}~{dup}"
        paths.add(path)
        item = Item(
            iri.policy_item(stem, path),
            path,
            h,
            parent,
            (parent.depth + 1) if parent else 1,
            h.line,
            stands_for=stands_for,
        )
        if parent:
            parent.children.append(item)
        items.append(item)
        if not h.leaf:
            stack.append(item)
    _close_spans(items, len(builder.lines), builder.lines)
    outline = Outline(items)
    write_items(builder, outline, classify)
    return outline


def _next_non_leaf(headings: Sequence[Heading]) -> list[Heading | None]:
    """For each heading, the first non-leaf heading after it (None after the last one)."""
    out: list[Heading | None] = [None] * len(headings)
    after: Heading | None = None
    for k in range(len(headings) - 1, -1, -1):
        out[k] = after
        if not headings[k].leaf:
            after = headings[k]
    return out


def _close_spans(items: list[Item], n_lines: int, lines: Sequence[str]) -> None:
    """An item ends before the next item of its depth or above (a leaf: before the next item),
    blank lines at its end left out. Items still open are a stack of rising depth (a leaf only
    on top), so each is closed once."""
    ends: dict[int, int] = {}
    open_: list[Item] = []
    for later in items:
        while open_ and (open_[-1].heading.leaf or later.depth <= open_[-1].depth):
            ends[id(open_.pop())] = later.start - 1
        open_.append(later)
    for item in items:
        end = ends.get(id(item), n_lines)
        while end > item.heading.title_end and not lines[end - 1].strip():
            end -= 1
        item.end = max(end, item.heading.title_end)


def write_items(
    builder: GraphBuilder, outline: Outline, classify: Callable[[Item], str] | None = None
) -> None:
    """``pk:PolicyItem`` nodes with label, codes, kind, ordinal and ``pk:partOf`` links."""
    top = [i for i in outline.items if i.parent is None]
    ordinal = {
        id(it): n
        for group in (top, *(i.children for i in outline.items))
        for n, it in enumerate(group, 1)
    }
    for item in outline.items:
        h = item.heading
        builder.entity(
            item.node,
            PK.PolicyItem,
            lines=(item.start, item.end),
            label=h.title or None,
            code=item.code,
        )
        builder.add(item.node, PK.category, Literal(classify(item) if classify else h.kind))
        if h.printed:
            builder.add(item.node, PK.printedCode, Literal(h.printed))
        builder.add(item.node, PK.ordinal, integer(ordinal[id(item)]))
        builder.link(
            item.node,
            PK.partOf,
            item.parent.node if item.parent else builder.doc,
            lines=(h.line, h.title_end),
        )
