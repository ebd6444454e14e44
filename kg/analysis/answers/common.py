"""What every answer view needs: titles of the things a question names, where figures were read,
cells in 억원, links, and the findings that touch a view's figures."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from pyoxigraph import Literal, NamedNode, RdfFormat, parse

from policykg.analysis.money import eok_number
from policykg.analysis.questions import question
from policykg.model import iri
from policykg.model.errors import NotFoundError
from policykg.model.iri import span_lines
from policykg.model.terms import python_value
from policykg.model.vocab import PK_NS, RDFS, ontology_text

from .view import AnswerView, Cell, ParamValue, Source

ID = iri.ID

_FUNDINGS = """
SELECT ?t ?f ?node ?p ?year ?program_code ?level ?sub ?item ?amount ?ordinal ?span WHERE {
  ?t pk:hasFunding ?f .
  ?f pk:fiscalYear ?year ; pk:program ?node ; pk:ofProgram ?p ; prov:wasDerivedFrom ?span .
  OPTIONAL { ?p pk:code ?program_code }
  OPTIONAL { ?f pk:amountKRW ?amount }
  OPTIONAL { ?f pk:ordinal ?ordinal }
  OPTIONAL { ?node pk:subProjectOf ?sp
             OPTIONAL { ?node pk:code ?sc } OPTIONAL { ?node rdfs:label ?sl } }
  OPTIONAL { ?node pk:itemOf ?is
             OPTIONAL { ?node rdfs:label ?item }
             OPTIONAL { ?is pk:code ?pc } OPTIONAL { ?is rdfs:label ?pl } }
  BIND(COALESCE(?pc, ?sc, ?pl, ?sl) AS ?sub)
  BIND(IF(BOUND(?is), "item", IF(BOUND(?sp), "sub-project", "program")) AS ?level)
}"""
_SPANS = """
SELECT ?s ?doc ?start ?end ?quote WHERE {
  ?s prov:wasDerivedFrom ?span . ?span pk:document ?d ; pk:startLine ?start ; pk:endLine ?end .
  OPTIONAL { ?span pk:quote ?quote }
  BIND(REPLACE(STR(?d), "^.*/doc/", "") AS ?doc)
} ORDER BY ?doc ?start"""
_LABEL = """
SELECT ?s ?label ?code WHERE { OPTIONAL { ?s rdfs:label ?label } OPTIONAL { ?s pk:code ?code } }"""
_AGENDA = """
SELECT ?list ?code ?a ?label WHERE {
  ?a skos:inScheme ?list ; pk:code ?code . OPTIONAL { ?a rdfs:label ?label }
}"""
_BY_CODE = """
SELECT ?type ?code ?s ?label WHERE {
  ?s a ?type ; pk:code ?code . OPTIONAL { ?s rdfs:label ?label }
}"""


@dataclass(frozen=True)
class Funding:
    """One printed amount of a budget table: its nodes (funding, program or part, program) and
    where it was read."""

    nodes: tuple[str, ...]
    source: Source


def funding_key(row: dict[str, Any]) -> tuple:
    """How a row of a budget question names one printed amount (task, year, program, level,
    sub-project, item, occurrence in the table, amount); the task and the program by their IRIs
    (two plans of a store may both have a task ``I-1-1``, two ministries a program ``1937``)."""
    return (
        str(row["task_iri"]),
        int(str(row["year"])),
        str(row["program_iri"]),
        row.get("level") or "program",
        str(row.get("sub_project_code") or row.get("sub_project") or ""),
        str(row.get("item") or ""),
        int(row.get("ordinal") or 1),
        int(row["amount_krw"]) if row.get("amount_krw") is not None else None,
    )


def fundings(store, lines, tasks: Iterable[str]) -> dict[tuple, list[Funding]]:
    """Every printed amount of the budget tables of the given tasks (their IRIs), by
    :func:`funding_key`, each with its lines as the graph quotes them (``lines``, a
    :class:`~policykg.analysis.lines.LineIndex`; a span's IRI names its document and lines)."""
    out: dict[tuple, list[Funding]] = {}
    for task in dict.fromkeys(tasks):
        for r in store.select(_FUNDINGS, {"t": NamedNode(task)}):
            where = span_lines(r["span"].value)
            if where is None:
                continue
            v = {k: python_value(t) for k, t in r.items()}
            key = funding_key(
                {
                    "task_iri": task,
                    "year": v["year"],
                    "program_iri": v["p"],
                    "level": v["level"],
                    "sub_project_code": v.get("sub"),
                    "item": v.get("item"),
                    "ordinal": v.get("ordinal"),
                    "amount_krw": v.get("amount"),
                },
            )
            doc, start, end = where
            quote = "\n".join(
                t for n in range(start, end + 1) if (t := lines.text(doc, n)) is not None
            )
            out.setdefault(key, []).append(
                Funding((str(v["f"]), str(v["node"]), str(v["p"])), Source(doc, start, end, quote))
            )
    return out


def spans(store, node: str, document: str | None = None) -> list[Source]:
    """The source spans of an entity (of one document if given)."""
    found = [
        Source(
            r["doc"].value,
            int(r["start"].value),
            int(r["end"].value),
            r["quote"].value if "quote" in r else "",
        )
        for r in store.select(_SPANS, {"s": NamedNode(node)})
    ]
    return [s for s in found if document is None or s.document == document]


def line_source(lines, document: str, line: int) -> Source:
    """One line of a document as the graph quotes it."""
    return Source(document, line, line, lines.text(document, line) or "")


def label(store, node: str) -> tuple[str, str]:
    """(code, label) of an entity — its Korean label where it has one — empty when it has none."""
    code, labels = "", []
    for r in store.select(_LABEL, {"s": NamedNode(node)}):
        code = code or (r["code"].value if "code" in r else "")
        if "label" in r:
            labels.append(r["label"])
    ko = [x.value for x in labels if x.language == "ko"]
    return code, (ko or [x.value for x in labels] or [""])[0]


def agenda_node(store, scheme: int, code: str) -> tuple[str, str]:
    """(IRI, title) of agenda item ``code`` of the list adopted in ``scheme``; a
    :class:`NotFoundError` naming the list and the item if it has none."""
    bound = {"list": iri.agenda_scheme(scheme), "code": Literal(str(code))}
    for r in store.select(_AGENDA, bound):
        return r["a"].value, r["label"].value if "label" in r else ""
    raise NotFoundError(
        f"{scheme}년 국정과제 목록에 {code}번이 없습니다 — "
        f"the {scheme} agenda list has no item {code}"
    )


def by_code(store, type_: str, code: str) -> tuple[str, str] | None:
    """(IRI, label) of the entity of type ``pk:type_`` with ``code``, or None."""
    bound = {"type": NamedNode(f"{iri.BASE}ontology#{type_}"), "code": Literal(str(code))}
    for r in store.select(_BY_CODE, bound):
        return r["s"].value, r["label"].value if "label" in r else ""
    return None


def short(node: str) -> str:
    """An IRI relative to ``id/`` (how pages name entities in URLs)."""
    return node[len(ID) :] if node.startswith(ID) else node


def _href(path: str, given: dict[str, object]) -> str:
    """``path`` with ``given`` as its query. An entity's path goes in as it stands in its IRI,
    its ``%``-escapes kept rather than escaped once more: the browser decodes them once, and
    the page gets the path written out (``law/산업입지법``), which names the entity
    (:meth:`~policykg.graph.PolicyGraph.resolve`)."""
    return f"{path}?" + urlencode(given, safe="/%")


def graph_href(node: str) -> str:
    """The graph page focused on ``node``."""
    return _href("/", {"focus": short(node)})


def quality_href(node: str) -> str:
    """The data-quality page's findings about ``node``."""
    return _href("/data-quality", {"entity": short(node)})


def impact_href(node: str, cut: float, year: int) -> str:
    """The graph page's impact mode for cutting ``node``."""
    given = {"mode": "impact", "program": short(node), "cut": round(cut * 100), "year": year}
    return _href("/", given)


@lru_cache(maxsize=1)
def _type_labels() -> dict[str, str]:
    found = {}
    for t in parse(ontology_text(), format=RdfFormat.TURTLE):
        if (
            t.predicate == RDFS.label
            and isinstance(t.object, Literal)
            and t.object.language == "ko"
            and t.subject.value.startswith(PK_NS)
        ):
            found[t.subject.value[len(PK_NS) :]] = t.object.value
    return found


def type_ko(type_: str) -> str:
    """The Korean name of a ``pk:`` class, from the vocabulary (``ontology/policy.ttl``).

    >>> type_ko("ManagementTask"), type_ko("Unknown")
    ('관리과제', 'Unknown')
    """
    return _type_labels().get(type_, type_)


def answer_href(name: str, **params: object) -> str:
    given = {k: str(v) for k, v in params.items() if v is not None and v != ""}
    return f"/answers/{name}" + ("?" + urlencode(given) if given else "")


def named(code: str, name: str) -> str:
    """``3231 소재부품장비기술개발``: a code and a name, as tables show them."""
    return " ".join(x for x in (code, name) if x)


def eok_text(won: int | None) -> str:
    """Won as a table's 억원 column shows it: ``11,410.45``."""
    return "" if won is None else f"{eok_number(won):,f}"


def ordered(sources: Iterable[Source]) -> list[Source]:
    """Sources once each, in document and line order (a query's rows come in no fixed order)."""
    return sorted(set(sources), key=lambda s: (s.document, s.start, s.end, s.quote))


def eok_cell(won: int | None, sources: Iterable[Source] = (), empty: str = "—") -> Cell:
    if won is None:
        return Cell(empty, None, sources=ordered(sources))
    return Cell(eok_text(won), eok_number(won), sources=ordered(sources), note=f"{won:,}원")


def percent(share: float | None) -> str:
    """A share as a percentage to a tenth (``0.29493`` → ``29.5%``, ``0.3`` → ``30%``).

    >>> percent(0.29493), percent(0.3), percent(None)
    ('29.5%', '30%', '')
    """
    if share is None:
        return ""
    shown = Decimal(str(share * 100)).quantize(Decimal("0.1"))
    return f"{shown.normalize():f}%" if shown == shown.to_integral() else f"{shown}%"


def base_view(name: str, params: dict[str, ParamValue], **titles: str) -> AnswerView:
    """A view with a named question's titles and descriptions (or those given)."""
    q = question(name) if not titles else None
    return AnswerView(
        name,
        titles.get("title_ko") or (q.title_ko if q else name),
        titles.get("title_en") or (q.title if q else name),
        titles.get("description_ko") or (q.description_ko if q else ""),
        titles.get("description_en") or (q.description if q else ""),
        list(params.values()),
    )


class Touches:
    """Collects the findings touching a view's cells: one list for the page, ids on cells."""

    def __init__(self, findings) -> None:
        self.index = findings
        self.found: dict[Any, str] = {}

    def _id(self, finding) -> str:
        if finding not in self.found:
            self.found[finding] = self.index.entry(finding).id
        return self.found[finding]

    def mark(self, cell: Cell, sources: Iterable[Source], nodes: Iterable[str] = ()) -> Cell:
        """Attach to ``cell`` the findings with a line in ``sources`` or about ``nodes``."""
        spans = [(s.document, s.start, s.end) for s in sources]
        for f in self.index.touching(spans, nodes):
            if self._id(f) not in cell.findings:
                cell.findings.append(self._id(f))
        return cell

    def about(self, nodes: Iterable[str], kind: str = "") -> None:
        """List on the page the findings about ``nodes`` (their IRIs; of a kind starting with
        ``kind``) as a whole, flagging no cell for them: they concern every row about the node
        (a task's budget table read with a unit, a law's dates that disagree), and the cells they
        concern are those of their own lines, which :meth:`mark` flags."""
        for f in self.index.touching((), nodes):
            if f.kind.startswith(kind):
                self._id(f)

    def rows(self) -> list[dict[str, Any]]:
        return [self.index.entry(f).row() for f in self.found]
