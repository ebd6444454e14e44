"""The data-quality findings of a store, for people: both readings, the entities, the figures.

A finding (:class:`~policykg.model.records.Finding`) names its document, the lines involved (both
readings of a contradiction) and, often, the entities it is about (``pk:about``). Here each gets
its **readings** (every line it names, with the text the graph quotes for it, and lines of other
documents its message cites as ``document:line``) and its **entities**: those it is about, and
those read from its lines (for each line, the entities with the smallest source span covering it),
so a page can link a finding to its entities and back. :meth:`FindingIndex.touching` gives the
findings that touch figures: a line of the finding inside the figure's source span, or the finding
about the figure's entity.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property, partial
from typing import Any

from policykg.analysis.lines import LineIndex
from policykg.analysis.projection import NOT_PROJECTED
from policykg.model.findings import finding_node, stored_findings
from policykg.model.records import Finding
from policykg.model.vocab import PK_NS

SEVERITY_KO = {"error": "오류", "warning": "경고", "info": "참고"}
#: Korean names of the kinds of finding the loaders make; a kind not listed is named by its family.
KIND_KO = {
    "agenda-code-bare": "국정과제 코드에 '국정' 없음",
    "agenda-code-bracket": "국정과제 코드 괄호 오류",
    "agenda-code-padded": "국정과제 코드 앞자리 0",
    "agenda-parent-title": "하위 국정과제에 상위 과제 제목",
    "budget-code-conflict": "같은 코드, 다른 세부사업",
    "budget-code-from-name": "코드 없이 이름으로 찾은 사업",
    "budget-column-guess": "연도 열 추정",
    "budget-duplicate-row": "같은 행 중복",
    "budget-figure-conflict": "표마다 다른 금액",
    "budget-name-conflict": "같은 사업, 다른 이름",
    "budget-no-table": "예산표 없음",
    "budget-number-typo": "금액 오기",
    "budget-other-years": "다른 연도 열",
    "budget-single-cell": "두 해에 금액 하나",
    "budget-subproject-without-code": "코드 없는 세부사업",
    "budget-sum-mismatch": "합계 불일치",
    "budget-unit-decision": "금액 단위 판단",
    "budget-unread-lines": "읽지 못한 표 줄",
    "budget-whole-conflict": "사업 전체 예산이 표마다 다름",
    "chapter-without-number": "번호 없는 장",
    "contradictory-dates": "서로 다른 날짜",
    "figure-joined-year": "연도가 붙어 인쇄된 수치",
    "goal-title-repeats-parent": "상위 목표 제목 반복",
    "heading-code-bracket": "머리글 코드 괄호 오류",
    "heading-code-mismatch": "머리글 코드 불일치",
    "heading-code-script": "머리글 코드 표기",
    "heading-prefix": "머리글 앞 잡문자",
    "indicator-appendix": "부록 성과지표 이름 불일치",
    "indicator-count": "성과지표 개수 불일치",
    "indicator-name-variant": "성과지표 이름 표기 차이",
    "indicator-not-in-detail-table": "지표표에 없는 성과지표",
    "indicator-not-in-system-table": "체계표에 없는 성과지표",
    "indicator-table": "성과지표 표 읽기",
    "indicator-target-differs": "표마다 다른 목표치",
    "indicator-value-unreadable": "읽을 수 없는 지표 값",
    "indicator-weight-misprinted": "가중치 오기",
    "indicator-weights": "가중치 합계 불일치",
    "org-unit-children-unknown": "조직도 하위 부서 불명",
    "org-unit-not-placed": "조직도에 놓지 못한 부서",
    "plan-without-background": "추진배경 없는 계획",
    "repeated-heading": "반복된 머리글",
    "task-without-heading": "머리글 없는 과제",
    "title-continued": "이어지는 제목",
    "title-settled": "제목 끝 판단",
}
_FAMILY_KO = {
    "agenda": "국정과제",
    "budget": "예산표",
    "indicator": "성과지표",
    "heading": "머리글",
    "title": "제목",
    "org": "조직도",
}
# "(motie-2024-performance-plan:7657)": a line of a document a message cites
_CITED = re.compile(r"\b([a-z0-9][a-z0-9.-]*[a-z0-9]):(\d+)\b")

_DOCUMENTS = """
SELECT ?doc WHERE { ?d a pk:Document . BIND(REPLACE(STR(?d), "^.*/doc/", "") AS ?doc) }"""
_LOCATED = f"""
SELECT ?s ?type ?doc ?start ?end WHERE {{
  ?s a ?type ; prov:wasDerivedFrom ?span .
  ?span pk:document ?d ; pk:startLine ?start ; pk:endLine ?end .
  FILTER(STRSTARTS(STR(?type), "{PK_NS}"))
  BIND(REPLACE(STR(?d), "^.*/doc/", "") AS ?doc)
}}"""


def kind_ko(kind: str) -> str:
    """The Korean name of a kind of finding.

    >>> kind_ko("budget-sum-mismatch"), kind_ko("budget-new-thing")
    ('합계 불일치', '예산표 (budget-new-thing)')
    """
    if kind in KIND_KO:
        return KIND_KO[kind]
    family = _FAMILY_KO.get(kind.split("-", 1)[0])
    return f"{family} ({kind})" if family else kind


@dataclass(frozen=True)
class Reading:
    """One line a finding names, with the text the graph quotes for it (``None`` if none)."""

    document: str
    line: int
    text: str | None


@dataclass(frozen=True)
class Entry:
    """A finding with its id (the end of its IRI), readings and entities."""

    id: str
    iri: str
    finding: Finding
    readings: tuple[Reading, ...]
    entities: tuple[str, ...]

    def row(self) -> dict[str, Any]:
        f = self.finding
        return {
            "id": self.id,
            "iri": self.iri,
            "document": f.document,
            "line": f.line,
            "lines": list(f.lines),
            "kind": f.kind,
            "kind_ko": kind_ko(f.kind),
            "severity": f.severity,
            "severity_ko": SEVERITY_KO.get(f.severity, f.severity),
            "message": f.message,
            "about": list(f.about),
            "entities": list(self.entities),
            "readings": [
                {"document": r.document, "line": r.line, "text": r.text} for r in self.readings
            ],
        }


class FindingIndex:
    """Every finding of a store, with readings; filters, groups and what touches a figure."""

    def __init__(
        self,
        findings: Iterable[Finding],
        lines: Callable[[], LineIndex],
        store=None,
        documents: Iterable[str] = (),
    ) -> None:
        self._lines = lines  # (the store's, read when a reading first needs a line)
        self._store = store
        self._findings = list(findings)
        self._documents = {f.document for f in self._findings} | set(documents)
        # document -> sorted (line, finding number); entity -> finding numbers
        self._lines_of: dict[str, list[tuple[int, int]]] = {}
        self._about: dict[str, list[int]] = {}
        for i, f in enumerate(self._findings):
            self._lines_of.setdefault(f.document, []).extend((n, i) for n in f.lines)
            for a in f.about:
                self._about.setdefault(a, []).append(i)
        for found in self._lines_of.values():
            found.sort()

    @classmethod
    def from_store(cls, store) -> FindingIndex:
        """The findings of ``store``, whose quoted lines are read when a reading first needs one
        (:attr:`lines`)."""
        documents = [r["doc"].value for r in store.select(_DOCUMENTS)]
        return cls(stored_findings(store), partial(LineIndex.from_store, store), store, documents)

    @cached_property
    def lines(self) -> LineIndex:
        return self._lines()

    def _readings(self, f: Finding) -> tuple[Reading, ...]:
        places = [(f.document, n) for n in f.lines]
        for doc, n in _CITED.findall(f.message):
            if doc in self._documents and (doc, int(n)) not in places:
                places.append((doc, int(n)))
        return tuple(Reading(doc, n, self.lines.text(doc, n)) for doc, n in places)

    @cached_property
    def _located(self) -> dict[tuple[str, int], tuple[str, ...]]:
        """(document, line) → the entities whose smallest source span covers the line."""
        wanted: dict[str, set[int]] = {}
        for f in self._findings:
            wanted.setdefault(f.document, set()).update(f.lines)
        best: dict[tuple[str, int], tuple[int, set[str]]] = {}
        if self._store is None:
            return {}
        for r in self._store.select(_LOCATED):
            if r["type"].value[len(PK_NS) :] in NOT_PROJECTED:
                continue
            doc, start, end = r["doc"].value, int(r["start"].value), int(r["end"].value)
            for n in wanted.get(doc, ()):
                if start <= n <= end:
                    size, nodes = best.get((doc, n), (end - start + 1, set()))
                    if end - start < size:
                        best[(doc, n)] = (end - start, {r["s"].value})
                    elif end - start == size:
                        nodes.add(r["s"].value)
                        best[(doc, n)] = (size, nodes)
        return {k: tuple(sorted(v)) for k, (_size, v) in best.items()}

    @cached_property
    def entries(self) -> list[Entry]:
        """Every finding, in document and line order."""
        out = []
        for f in self._findings:
            node = finding_node(f).value
            located = [e for n in f.lines for e in self._located.get((f.document, n), ())]
            entities = tuple(dict.fromkeys([*f.about, *located]))
            out.append(Entry(node.rsplit("/", 1)[-1], node, f, self._readings(f), entities))
        return out

    def entry(self, finding: Finding) -> Entry:
        node = finding_node(finding).value
        return Entry(node.rsplit("/", 1)[-1], node, finding, self._readings(finding), finding.about)

    def select(
        self,
        *,
        document: str | None = None,
        kind: str | None = None,
        severity: str | None = None,
        entity: str | None = None,
    ) -> list[Entry]:
        """The findings matching every filter given (an entity: about it or read from it)."""
        return [
            e
            for e in self.entries
            if (document is None or e.finding.document == document)
            and (kind is None or e.finding.kind == kind)
            and (severity is None or e.finding.severity == severity)
            and (entity is None or entity in e.entities)
        ]

    def counts(self) -> dict[str, Counter]:
        """How many findings of each kind, severity and document."""
        return {
            "kind": Counter(f.kind for f in self._findings),
            "severity": Counter(f.severity for f in self._findings),
            "document": Counter(f.document for f in self._findings),
        }

    def __len__(self) -> int:
        return len(self._findings)

    def touching(
        self, spans: Iterable[tuple[str, int, int]], nodes: Iterable[str] = ()
    ) -> list[Finding]:
        """The findings with a line inside one of ``spans`` (document, start, end) or about one
        of ``nodes``, in document and line order."""
        hit: set[int] = set()
        for doc, start, end in spans:
            found = self._lines_of.get(doc, ())
            at = bisect_left(found, (start, -1))
            while at < len(found) and found[at][0] <= end:
                hit.add(found[at][1])
                at += 1
        for node in nodes:
            hit.update(self._about.get(node, ()))
        return [self._findings[i] for i in sorted(hit)]
