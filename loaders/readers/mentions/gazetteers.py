"""Regions and industries a line names, from the curated gazetteers (``data/reference/``).

One scan of a line finds the longest name at each place, so a name inside a longer one is not
read as well (``동남권`` inside ``대경·동남권``; ``방산`` inside the stop-word ``전방산업``). Region
names are word-bounded (a Hangul letter before a name, or after it unless it is a suffix such as
시, 도, 권 or a particle, means another word: ``구미전자정보기술원`` names no region); industry
names are not. A region name means the region it named on the document's date, as agency names
do: a 2021 text's ``전북`` is 전라북도, a 2025 text's is 전북특별자치도. Bare 권역 names joined in
a chain (``충청-영남-호남``) are the 권역 (충청권, 영남권, 호남권).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date

from pyoxigraph import NamedNode

from policykg.loaders.readers.document_meta import day
from policykg.loaders.readers.mentions.writer import MentionWriter
from policykg.model import iri
from policykg.model.vocab import PK
from policykg.reference.curated import GazetteerEntry, industries, regions, stopwords

_REGION_NEXT = (
    "시",
    "도",
    "군",
    "권",
    "에",
    "의",
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "와",
    "과",
    "로",
    "지역",
    "산단",
    "산업",
    "국가",
    "혁신",
    "형",
)
_CHAIN_JOIN = r"\s?[-·‧ㆍ]\s?"


class _Scanner:
    """The names of one gazetteer as one pattern, longest first, stop-words included."""

    def __init__(self, entries: Sequence[GazetteerEntry], stop: Sequence[str]) -> None:
        self.by_name: dict[str, list[GazetteerEntry]] = {}
        for e in entries:
            for name in e.names:
                self.by_name.setdefault(name, []).append(e)
        words = sorted(
            set(self.by_name) | set(stop) | {x for e in entries for x in e.exclude},
            key=lambda n: (-len(n), n),
        )
        self.pattern = re.compile("|".join(re.escape(n) for n in words) or "(?!)")

    def entry(self, name: str, on: date | None) -> GazetteerEntry:
        """The entry a name means on ``on`` (the one valid then; the current one without)."""
        found = self.by_name[name]
        valid = [e for e in found if e.valid_on(on)]
        return (valid or [e for e in found if e.valid_until is None] or found)[0]


class Gazetteer:
    """Reads the region and industry names of one document, dated as the document."""

    def __init__(self, on_date: str | None) -> None:
        text = day(on_date)
        self.on = date.fromisoformat(text) if text else None
        self.regions = _Scanner(regions(), stopwords("regions.json"))
        self.industries = _Scanner(industries(), stopwords("industries.json"))
        stems = [
            (e.label[:-1], e)
            for e in regions()
            if e.kind == "권역" and e.label.endswith("권") and "·" not in e.label
        ]
        self.stems = dict(stems)
        stem = "|".join(re.escape(s) for s in sorted(self.stems, key=len, reverse=True))
        self.chain = re.compile(
            rf"(?<![가-힣])(?:{stem})(?:{_CHAIN_JOIN}(?:{stem}))+(?=[^가-힣]|$|[을를와과의이가은는에])"
            if stem
            else "(?!)"
        )

    def regions_in(self, text: str) -> list[GazetteerEntry]:
        """The regions ``text`` names, in order (a region named twice, twice)."""
        found = self._entries(text, self.regions, bounded=True)
        for m in self.chain.finditer(text):
            found += [self.stems[stem] for stem in re.split(_CHAIN_JOIN, m.group(0))]
        return found

    def industries_in(self, text: str) -> list[GazetteerEntry]:
        """The industries ``text`` names, in order."""
        return self._entries(text, self.industries, bounded=False)

    def read_regions(self, w: MentionWriter, text: str, line: int) -> None:
        for entry in self.regions_in(text):
            _mention(w, entry, line, PK.Region, iri.region)

    def read_industries(self, w: MentionWriter, text: str, line: int) -> None:
        for entry in self.industries_in(text):
            _mention(w, entry, line, PK.Industry, iri.industry)

    def _entries(self, text: str, scanner: _Scanner, bounded: bool) -> list[GazetteerEntry]:
        out = []
        for m in scanner.pattern.finditer(text):
            name = m.group(0)
            if name not in scanner.by_name or (bounded and not _bounded(text, m.start(), m.end())):
                continue  # a stop-word, or a part of another word
            entry = scanner.entry(name, self.on)
            if name not in entry.exclude:
                out.append(entry)
        return out


def _mention(
    w: MentionWriter,
    entry: GazetteerEntry,
    line: int,
    cls: NamedNode,
    mint: Callable[[str], NamedNode],
) -> None:
    node = mint(entry.key)
    w.b.entity(node, cls, lines=line, label=entry.label)
    w.mention(node, line)


def _bounded(text: str, start: int, end: int) -> bool:
    if start and _is_hangul(text[start - 1]):
        return False
    rest = text[end:]
    return not rest or not _is_hangul(rest[0]) or rest.startswith(_REGION_NEXT)


def _is_hangul(ch: str) -> bool:
    return "가" <= ch <= "힣"
