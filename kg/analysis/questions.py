"""Named questions: ``queries/*.rq`` files with a header declaring their parameters.

A header is a block of ``#`` comment lines at the top of the file::

    # name: task-budget
    # title: One task's budget table
    # title-ko: 관리과제 하나의 예산표
    # description: Programs, sub-projects and amounts of one management task.
    # description-ko: 관리과제 하나의 단위사업·세부사업과 금액.
    # param: task  task-code  required  The task code, e.g. I-1-1
    # param-ko: task  관리과제 | 관리과제 코드, 예: I-1-1
    # param: year  year  default=2024  Fiscal year
    # param-ko: year  회계연도 | 회계연도
    # columns: task, program, amount

Pages are Korean first, so each title, description and parameter has a Korean line beside the
English one (``title-ko``, ``description-ko``; ``param-ko: NAME  LABEL | HELP``, the short
label a form shows and its help text).

Parameters reach SPARQL only as RDF terms, converted by their declared type and written into the
text by :func:`~policykg.model.query_text.written_in` as pyoxigraph's substitution would bind them
(so every parameter must be a variable in the query's projection): pyoxigraph plans a query before
it substitutes values, and a planner that sees them starts from them (docs/performance.md). The
``.rq`` text is unchanged and still answers the same with the values bound by substitution
(``/sparql``'s ``$name``). A question may also have a *summary* (totals and the like),
computed from its rows by the function :data:`~policykg.analysis.summaries.SUMMARIES` holds
for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from importlib import resources

from pyoxigraph import Literal, NamedNode

from policykg.analysis.summaries import SUMMARIES
from policykg.model import iri
from policykg.model.errors import NotFoundError, QueryError
from policykg.model.numbering import CODE_CHAR
from policykg.model.terms import python_value
from policykg.model.text import ascii_code

_CODE_RE = re.compile(rf"^{CODE_CHAR}+(?:-{CODE_CHAR}+)*$")


def _code(value: str) -> Literal:
    if not _CODE_RE.match(value.strip()):
        raise ValueError(f"not a code: {value!r}")
    return Literal(ascii_code(value))


def _integer(value: str) -> Literal:
    return Literal(str(int(value)), datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer"))


def _year(value: str) -> Literal:
    y = int(value)
    if not 1900 <= y <= 2100:
        raise ValueError(f"not a year: {value!r}")
    return Literal(str(y), datatype=NamedNode("http://www.w3.org/2001/XMLSchema#gYear"))


def _iri(value: str) -> NamedNode:
    value = value.strip()
    if value.startswith(("http://", "https://")):
        return NamedNode(value)
    return iri.node(value)


def _string(value: str) -> Literal:
    return Literal(value)


def _agency(value: str) -> NamedNode:
    value = value.strip()
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", value):
        raise ValueError(f"not an agency acronym: {value!r}")
    return iri.agency(value.upper())


PARAM_TYPES: dict[str, Callable[[str], NamedNode | Literal]] = {
    "code": _code,
    "task-code": _code,
    "agenda-code": _code,
    "program-code": _code,
    "integer": _integer,
    "year": _year,
    "iri": _iri,
    "string": _string,
    "agency": _agency,
}


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool
    default: str | None
    description: str
    label_ko: str = ""
    description_ko: str = ""

    def convert(self, raw: object) -> NamedNode | Literal:
        try:
            return PARAM_TYPES[self.type](str(raw))
        except (ValueError, KeyError) as exc:
            raise QueryError(f"parameter {self.name!r} ({self.type}): {exc}") from None


@dataclass(frozen=True)
class Question:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    columns: tuple[str, ...]
    sparql: str
    title_ko: str = ""
    description_ko: str = ""

    def bindings(self, given: Mapping[str, object]) -> dict[str, NamedNode | Literal]:
        """Validate and convert parameters; unknown or missing ones raise :class:`QueryError`."""
        known = {p.name for p in self.params}
        unknown = set(given) - known
        if unknown:
            raise QueryError(
                f"{self.name}: unknown parameter(s) {', '.join(sorted(unknown))}; "
                f"expected {', '.join(sorted(known)) or 'none'}"
            )
        out = {}
        for p in self.params:
            raw = given.get(p.name)
            if raw is None or raw == "":
                if p.required:
                    named = f"{p.label_ko}({p.name})" if p.label_ko else p.name
                    raise QueryError(
                        f"{self.name}: {named} 값을 넣어 주세요 — parameter {p.name!r} is required"
                    )
                raw = p.default
            if raw is not None:
                out[p.name] = p.convert(raw)
        return out


@dataclass
class Answer:
    """Rows of a named question as plain Python values, and its summary (totals and the like)
    from :data:`~policykg.analysis.summaries.SUMMARIES`, computed from the rows and ``params``
    (the question's values) when first read: a caller that totals part of the rows itself
    (:func:`~policykg.analysis.summaries.of_entity`) does not pay for the whole."""

    question: str
    columns: list[str]
    rows: list[dict[str, object]]
    params: dict[str, object] = field(default_factory=dict)

    @cached_property
    def summary(self) -> dict[str, object]:
        summarize = SUMMARIES.get(self.question)
        return summarize(self.rows, self.params) if summarize else {}

    def to_dataframe(self):
        """The rows as a pandas DataFrame (needs the ``pandas`` extra)."""
        import pandas as pd

        return pd.DataFrame(self.rows, columns=self.columns)

    def _repr_html_(self) -> str:
        return self.to_dataframe()._repr_html_()


def _parse_header(name: str, text: str) -> Question:
    meta: dict[str, str] = {}
    params: list[Param] = []
    korean: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = re.match(r"#\s*([\w-]+):\s*(.*)$", line)
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "param":
            parts = value.split(None, 3)
            if len(parts) < 3 or parts[1] not in PARAM_TYPES:
                raise QueryError(f"queries/{name}.rq: bad param line {line!r}")
            pname, ptype, flag = parts[:3]
            default = flag[len("default=") :] if flag.startswith("default=") else None
            params.append(
                Param(pname, ptype, flag == "required", default, parts[3] if len(parts) > 3 else "")
            )
        elif key == "param-ko":
            pname, _, rest = value.partition(" ")
            label, _, help_text = rest.strip().partition(" | ")
            if not label:
                raise QueryError(f"queries/{name}.rq: bad param-ko line {line!r}")
            korean[pname] = (label.strip(), help_text.strip())
        else:
            meta[key] = value
    if meta.get("name", name) != name:
        raise QueryError(f"queries/{name}.rq declares name {meta['name']!r}")
    unknown = set(korean) - {p.name for p in params}
    if unknown:
        raise QueryError(f"queries/{name}.rq: param-ko for unknown parameter(s) {sorted(unknown)}")
    params = [
        replace(p, label_ko=korean[p.name][0], description_ko=korean[p.name][1])
        if p.name in korean
        else p
        for p in params
    ]
    columns = tuple(c.strip() for c in meta.get("columns", "").split(",") if c.strip())
    return Question(
        name,
        meta.get("title", name),
        meta.get("description", ""),
        tuple(params),
        columns,
        text,
        meta.get("title-ko", ""),
        meta.get("description-ko", ""),
    )


@lru_cache(maxsize=1)
def questions() -> dict[str, Question]:
    """Every named question shipped in ``queries/``, by name."""
    found = {}
    for entry in sorted(resources.files("policykg.queries").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            found[name] = _parse_header(name, entry.read_text("utf-8"))
    return found


def question(name: str) -> Question:
    try:
        return questions()[name]
    except KeyError:
        raise NotFoundError(
            f"no named question {name!r}; available: {', '.join(questions())}"
        ) from None


def ask(store, name: str, **params: object) -> Answer:
    """Run a named question against a :class:`~policykg.store.policy_store.PolicyStore`, its
    values written into its text (:meth:`~policykg.store.policy_store.PolicyStore.query_written`).
    """
    q = question(name)
    bound = q.bindings(params)
    result = store.query_written(q.sparql, bound)
    columns = [v.value for v in result.variables]
    rows = [{c: python_value(row[c]) for c in columns} for row in result]
    return Answer(name, columns, rows, {k: python_value(v) for k, v in bound.items()})
