"""Names of the graph found in free text: agencies, laws, programs, agenda items and the like.

The names are those the search index holds (labels, aliases, codes). Text and names are compared
as :func:`~policykg.model.text.search_key` forms, so spacing, middle dots and case never matter;
a name of five characters or more also matches with one or two characters mistyped
(``산업통상자원뷰``). Names in Latin letters match only as whole words — up to five letters
(``ME``, ``aT``) in the case written, longer ones (``Ministry of Environment``) in any case — and
Korean names shorter than three characters (``산업``) match only for the ``short_types`` given
(place names such as ``포항``): other short names are words of ordinary sentences too. Where
names overlap, the longest wins (``기후에너지환경부`` over ``환경부``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from policykg.model.text import search_key

FUZZY_MIN = 5  # shortest name matched with a typo
FUZZY_SCORE = 85


@dataclass(frozen=True)
class Found:
    """A name found in the text: the entity, the name as the graph has it, and where (in the
    text's search key)."""

    node: str
    type: str
    name: str
    start: int
    end: int
    exact: bool = True


@dataclass(frozen=True)
class _Name:
    node: str
    type: str
    name: str
    key: str


_LATIN = re.compile(r"[A-Za-z0-9&.,'()\- ]+")


def _usable(name: str, key: str, short: bool) -> bool:
    if _LATIN.fullmatch(name):
        return len(key) >= 2
    return len(key) >= (2 if short else 3)


class Gazetteer:
    """The names of entities of some types, for finding them in questions.

    >>> g = Gazetteer([("agency/ME", "Agency", "환경부"), ("agency/ME", "Agency", "ME"),
    ...                ("agency/MCEE", "Agency", "기후에너지환경부")])
    >>> [(f.node, f.name) for f in g.find("기후에너지 환경부와 ME")]
    [('agency/MCEE', '기후에너지환경부'), ('agency/ME', 'ME')]
    >>> [f.name for f in g.find("기후에너지환경뷰")], g.find("me and you"), g.find("에너지환경")
    (['기후에너지환경부'], [], [])
    """

    def __init__(self, names, short_types: frozenset[str] = frozenset()) -> None:
        self.names: list[_Name] = []  # matched inside the text's search key
        self.latin: list[tuple[re.Pattern, _Name]] = []  # matched as whole words
        for node, type_, name in names:
            key = search_key(name)
            if not _usable(name, key, type_ in short_types):
                continue
            entry = _Name(node, type_, name, key)
            if _LATIN.fullmatch(name):
                words = r"\s+".join(re.escape(w) for w in name.split())
                flags = 0 if len(key) <= 5 else re.IGNORECASE
                self.latin.append(
                    (re.compile(rf"(?<![A-Za-z0-9]){words}(?![A-Za-z0-9])", flags), entry)
                )
            else:
                self.names.append(entry)
        self.names.sort(key=lambda n: -len(n.key))

    def find(self, text: str, types: tuple[str, ...] | None = None) -> list[Found]:
        """The names in ``text`` (of ``types`` if given), left to right, longest first where
        they overlap; several entities with the same name are all returned."""
        key = search_key(text)
        taken: list[tuple[int, int]] = []
        out: list[Found] = []

        def free(a: int, b: int) -> bool:
            return all(b <= s or a >= e for s, e in taken)

        def add(found: list[Found]) -> None:
            for f in found:
                out.append(f)
            taken.extend({(f.start, f.end) for f in found})

        for n in self.names:
            if types and n.type not in types:
                continue
            start = key.find(n.key)
            while start >= 0:
                if free(start, start + len(n.key)):
                    same = [
                        m for m in self.names if m.key == n.key and (not types or m.type in types)
                    ]
                    add([Found(m.node, m.type, m.name, start, start + len(n.key)) for m in same])
                start = key.find(n.key, start + 1)
        for pattern, n in self.latin:
            if types and n.type not in types:
                continue
            for m in pattern.finditer(text):
                start = len(search_key(text[: m.start()]))
                if free(start, start + len(n.key)):
                    out.append(Found(n.node, n.type, n.name, start, start + len(n.key)))
        for n in self.names:
            if len(n.key) < FUZZY_MIN or len(key) < len(n.key) or (types and n.type not in types):
                continue  # a typo of a name the text spells (almost) in full, not part of one
            a = fuzz.partial_ratio_alignment(n.key, key, score_cutoff=FUZZY_SCORE)
            if a is None or a.dest_end - a.dest_start < len(n.key) - 1:
                continue
            if free(a.dest_start, a.dest_end):
                add([Found(n.node, n.type, n.name, a.dest_start, a.dest_end, exact=False)])
        out.sort(key=lambda f: (f.start, -(f.end - f.start)))
        seen: dict[tuple[str, int], Found] = {}
        for f in out:
            seen.setdefault((f.node, f.start), f)
        return list(seen.values())
