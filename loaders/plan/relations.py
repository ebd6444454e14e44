"""Which management tasks refer to the same initiative as a cooperation item (precision first).

The terms of an item are the words of its title (particles stripped, 3+ letters, no numbers),
each with the acronyms the document defines for it ("탄소국경조정제도(CBAM)"). Per term, count
the lines of every task plan that use it; the *spread* is the number of plans that do.

* A term used by more than :data:`CONCENTRATED_TASKS` plans ("협의회", "R&D") relates nothing.
* Otherwise a plan is related when it uses the term on at least half as many lines as the plan
  that uses it most, and on :data:`MIN_LINES` lines or more — one line is enough for a long
  proper noun (:data:`LONG_TERM` letters or more, "기후산업국제박람회"). So "CBAM" relates the
  plan that uses it on 14 lines and not the four that cite it once, and "무역기술장벽" does not
  relate a plan whose only use of it is a budget program's name.
* The rare terms of a title (spread at most :data:`RARE_TASKS`) also count together, so two
  rare words on two lines of one plan ("전력망", "송전망") relate it.

The first :data:`EVIDENCE_LINES` lines that use the terms are the evidence of each link.
"""

from __future__ import annotations

import re

from policykg.loaders.plan.outline import PlanOutline

RARE_TASKS = 3
CONCENTRATED_TASKS = 10
CONCENTRATION = 0.5
MIN_LINES = 2
LONG_TERM = 8
MIN_TERM = 3
EVIDENCE_LINES = 5
_PARTICLE_RE = re.compile(r"(?:의|을|를|과|와|에|로|은|는|이|가)$")
_WORD_RE = re.compile(r"[가-힣A-Za-z0-9&]+")
_ACRONYM_RE = "{term}\\s*\\(([A-Z][A-Za-z]{{1,9}})\\)"


def title_terms(title: str) -> list[str]:
    """The candidate terms of a title: words of 3+ letters, no particles, no numbers or years.

    >>> title_terms("기후 행사통합을 통한 기후산업국제박람회의 성공적 개최")
    ['행사통합', '기후산업국제박람회', '성공적']
    """
    out = []
    for word in _WORD_RE.findall(title):
        if re.search(r"\d", word):
            continue
        stem = _PARTICLE_RE.sub("", word) if len(word) > MIN_TERM else word
        if len(stem) >= MIN_TERM and stem not in out:
            out.append(stem)
    return out


def _acronyms(text: str, term: str) -> list[str]:
    return sorted(set(re.findall(_ACRONYM_RE.format(term=re.escape(term)), text)))


def related_tasks(outline: PlanOutline, title: str) -> list[tuple[str, int]]:
    """``(task code, evidence line)`` pairs of the tasks whose plans share the item's terms."""
    text = outline.text
    sections = [(s.code, range(s.start, s.end + 1)) for s in outline.task_sections]
    rare: dict[str, set[int]] = {}
    chosen: dict[str, set[int]] = {}
    for term in title_terms(title):
        pattern = re.compile("|".join(re.escape(f) for f in (term, *_acronyms(text, term))))
        # the lines that use the term (its forms hold no line break: a match is on one line)
        used = {outline.line_at(m.start()) for m in pattern.finditer(text)}
        found = {code: {n for n in used if n in rng} for code, rng in sections}
        found = {code: ns for code, ns in found.items() if ns}
        if not found or len(found) > CONCENTRATED_TASKS:
            continue
        if len(found) <= RARE_TASKS:
            for code, ns in found.items():
                rare.setdefault(code, set()).update(ns)
        _select(found, len(term) >= LONG_TERM, chosen)
    if rare:
        _select(rare, False, chosen)
    return [(code, n) for code, ns in chosen.items() for n in sorted(ns)[:EVIDENCE_LINES]]


def _select(found: dict[str, set[int]], long_term: bool, chosen: dict[str, set[int]]) -> None:
    """Keep the plans that use a term on at least half as many lines as the plan using it most."""
    top = max(len(ns) for ns in found.values())
    for code, ns in found.items():
        if len(ns) >= CONCENTRATION * top and (long_term or len(ns) >= MIN_LINES):
            chosen.setdefault(code, set()).update(ns)
