"""Row-for-row comparison of the named questions with their texts before the scale rewrite.

``tests/data/questions-before/*.rq`` are the named questions as they were before they were
rewritten to scale (issue 19): bound by pyoxigraph's substitution, on the store without the
build-written lookup links. :func:`compare` asks every question of ``queries/`` through
:func:`policykg.analysis.questions.ask` and the old text with the same bound values, for every
parameter value the store holds (:func:`parameter_sets`), and returns the differences: columns,
rows and their order, summaries.

    python3 -m tests.support.question_rewrites --store DIR [--only NAME] [--pairs all|cooperating]

The old texts are not a second way of asking: nothing in the package reads them.
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
import time
from collections.abc import Iterator

from policykg.analysis.questions import Answer, ask, question
from policykg.model.terms import python_value
from policykg.store.policy_store import PolicyStore
from tests.support.paths import TESTS

BEFORE = TESTS / "data" / "questions-before"


def old_answer(store: PolicyStore, name: str, **params: object) -> Answer:
    """The answer of the question's text before the rewrite, bound by substitution."""
    q = question(name)
    bound = q.bindings(params)
    text = (BEFORE / f"{name}.rq").read_text("utf-8")
    result = store.query(text, bound)
    columns = [v.value for v in result.variables]
    rows = [{c: python_value(row[c]) for c in columns} for row in result]
    return Answer(name, columns, rows, {k: python_value(v) for k, v in bound.items()})


def _values(store: PolicyStore, sparql: str) -> list[str]:
    return sorted({str(python_value(r["v"])) for r in store.select(sparql) if "v" in r})


def _spellings(names: list[str]) -> list[str]:
    """Each name, and the same name with its spacing and case changed (matching ignores both)."""
    out = set(names)
    for n in names:
        out.add(n.replace(" ", ""))
        out.add(" ".join(n).upper())
    return sorted(out)


def parameter_sets(store: PolicyStore, pairs: str = "all") -> Iterator[tuple[str, dict]]:
    """``(question, parameters)`` for every parameter value the store holds, and a few it does
    not (a code no list has, a name nothing bears).

    ``pairs``: ``all`` asks ``tasks-by-cooperation`` for every ordered pair of agencies met as a
    participant, a mention or an issuer (with and without successors, and with a third agency
    for the pairs that have an answer); ``cooperating`` only for pairs of agencies that take
    part in one cooperation item or are named by one task.
    """
    schemes = _values(store, "SELECT ?v WHERE { ?v a skos:ConceptScheme }")
    schemes = [s.rsplit("/", 1)[1] for s in schemes if "/agenda/" in s]
    years = _values(store, "SELECT DISTINCT ?v WHERE { ?f pk:fiscalYear ?v }")
    for scheme in schemes:
        codes = _values(
            store,
            f"SELECT ?v WHERE {{ ?a skos:inScheme <https://w3id.org/policykg/id/agenda/{scheme}>"
            " ; pk:code ?v }",
        )
        for code in [*codes, "999"]:
            yield "agenda-coverage", {"task": code, "scheme": scheme}
            for year in years:
                yield "budgets-for-agenda", {"agenda": code, "scheme": scheme, "year": year}
    programs = _values(store, "SELECT ?v WHERE { ?p a pk:Program ; pk:code ?v }")
    for program in [*programs, "0000"]:
        for year in years:
            yield "program-uses", {"program": program, "year": year}
    for task in [*_values(store, "SELECT ?v WHERE { ?t a pk:ManagementTask ; pk:code ?v }"), "X"]:
        yield "task-budget", {"task": task}
    laws = _values(store, "SELECT ?v WHERE { ?l a pk:Law ; rdfs:label|skos:altLabel ?v }")
    for law in [*_spellings(laws), "없는법"]:
        yield "law-timeline", {"law": law}
    mentioned = "{ SELECT DISTINCT ?e WHERE { ?m pk:mentionOf ?e } }"
    names = _values(store, f"SELECT ?v WHERE {{ {mentioned} ?e rdfs:label|skos:altLabel ?v }}")
    iris = _values(store, f"SELECT (?e AS ?v) WHERE {mentioned}")
    for entity in [*_spellings(names), *iris, "없는이름"]:
        yield "documents-mentioning", {"entity": entity}
    yield from _cooperation(store, pairs)


def _cooperation(store: PolicyStore, pairs: str) -> Iterator[tuple[str, dict]]:
    met = """SELECT DISTINCT ?v WHERE {
        { ?i pk:participant ?a } UNION { ?t pk:mentionsAgency ?a } UNION { ?d pk:issuer ?a }
        ?a pk:code ?v }"""
    agencies = _values(store, met)
    if pairs == "all":
        chosen = [(a, b) for a in agencies for b in agencies if a != b]
    else:
        together = """SELECT DISTINCT ?a ?b WHERE {
            { ?i pk:participant ?x , ?y } UNION { ?t pk:mentionsAgency ?x , ?y }
            ?x pk:code ?a . ?y pk:code ?b FILTER(?a != ?b) }"""
        chosen = sorted({(r["a"].value, r["b"].value) for r in store.select(together)})
    for a1, a2 in chosen:
        for successors in ("no", "yes"):
            yield "tasks-by-cooperation", {"a1": a1, "a2": a2, "successors": successors}
    for a1, a2, a3 in itertools.islice(itertools.combinations(agencies, 3), 0, None, 97):
        yield "tasks-by-cooperation", {"a1": a1, "a2": a2, "a3": a3}


_LIST = re.compile(r'GROUP_CONCAT\(.*?separator\s*=\s*"([^"]*)"\s*\)\s*AS\s*\?(\w+)', re.S)


def list_columns(name: str) -> dict[str, str]:
    """The columns of a question that are ``GROUP_CONCAT`` lists, with their separators."""
    text = (BEFORE / f"{name}.rq").read_text("utf-8")
    return {column: separator for separator, column in _LIST.findall(text)}


def sample_columns(name: str) -> set[str]:
    """The columns of a question that are a ``SAMPLE`` of their group (any value of it)."""
    text = (BEFORE / f"{name}.rq").read_text("utf-8")
    return set(re.findall(r"SAMPLE\(\?\w+\)\s+AS\s+\?(\w+)", text))


def order_columns(name: str) -> list[str]:
    """The columns among a question's ``ORDER BY`` keys."""
    text = (BEFORE / f"{name}.rq").read_text("utf-8")
    keys = re.findall(r"\?(\w+)", text.rsplit("ORDER BY", 1)[1])
    columns = question(name).columns
    return [k for k in keys if k in columns]


IDENTITY = ("task_iri", "program_iri")  # columns the old texts did not have
#: what a summary derives from the entities' IRIs (their labels by IRI, a program's IRI)
SUMMARY_IDENTITY = ("task_labels", "item_labels", "program_iri")
#: (code, IRI) columns of the rows: a code may name several entities in a store of many plans
CODED = (
    ("task", "task_iri"),
    ("program_code", "program_iri"),
    ("task_code", "task"),
    ("code", "item"),
)


def several_per_code(answer: Answer) -> bool:
    """True when a code of the answer names several tasks, programs or cooperation items (two
    plans' ``I-1-1``)."""
    seen: dict[tuple[str, object], object] = {}
    for r in answer.rows:
        for code, identity in CODED:
            found, named = r.get(identity), r.get(code)
            if None in (found, named):  # not this question's pair of columns
                continue
            if seen.setdefault((code, named), found) != found:
                return True
    return False


def differences(new: Answer, old: Answer) -> tuple[list[str], int, bool]:
    """What differs between two answers to the same parameters (nothing: ``[]``), how many
    cells hold the same list in another order, and whether rows with equal sort keys come in
    another order.

    The new answer's :data:`IDENTITY` columns are left out. Where a code names several tasks
    or programs (:func:`several_per_code`) the old texts, which told them apart by code only,
    merged the rows of those that print the same (a task without funding, once per plan) and
    summed them as one in the summary: there the rows are compared as sets, the summaries not.

    A ``GROUP_CONCAT`` list comes in the order the engine met its values, and rows whose
    ``ORDER BY`` keys are equal in the order the engine made them; SPARQL leaves both undefined
    and they change with the plan (Virtuoso sorts lists): such a cell counts as reordered, such
    rows as ties reordered, not as differences. A ``SAMPLE`` is any value of its group (an
    entity's Korean or English label): only whether it is there is compared."""
    if [c for c in new.columns if c not in IDENTITY] != old.columns:
        return [f"columns {new.columns} != {old.columns}"], 0, False
    shared_codes = several_per_code(new)
    summary = new.summary  # of all the rows, the identity columns too
    new = Answer(
        new.question, old.columns, [{c: r[c] for c in old.columns} for r in new.rows], new.params
    )
    new.summary = summary
    lists = list_columns(new.question)
    samples = sample_columns(new.question)

    def normal(row: dict) -> tuple:
        return tuple(
            (v is None)
            if c in samples
            else sorted(v.split(lists[c]))
            if c in lists and isinstance(v, str)
            else v
            for c, v in row.items()
        )

    ties = False
    new_rows, old_rows = new.rows, old.rows
    if shared_codes:
        as_set = sorted({repr(normal(r)) for r in new_rows})
        same = as_set == sorted({repr(normal(r)) for r in old_rows})
        return ([] if same else ["rows differ (as sets: a code names several entities)"]), 0, False
    if [normal(r) for r in new_rows] != [normal(r) for r in old_rows]:
        keys = order_columns(new.question)
        if [[r[k] for k in keys] for r in new_rows] == [[r[k] for k in keys] for r in old_rows]:
            by: dict[str, list[dict]] = {}
            for r in old_rows:
                by.setdefault(repr(normal(r)), []).append(r)
            matched = [by[repr(normal(r))].pop(0) for r in new_rows if by.get(repr(normal(r)))]
            if len(matched) == len(new_rows):
                ties = True
                old_rows = matched
    out: list[str] = []
    reordered = 0
    if len(new_rows) != len(old_rows):
        out.append(f"{len(new_rows)} rows != {len(old_rows)}")
    for i, (a, b) in enumerate(zip(new_rows, old_rows, strict=False)):
        cells = {}
        for c in new.columns:
            if a[c] == b[c] or (c in samples and None not in (a[c], b[c])):
                continue
            sep = lists.get(c)
            x, y = a[c], b[c]
            lists_agree = (
                sep
                and isinstance(x, str)
                and isinstance(y, str)
                and sorted(x.split(sep)) == sorted(y.split(sep))
            )
            if lists_agree:
                reordered += 1
                continue
            cells[c] = (a[c], b[c])
        if cells and len(out) < 3:
            out.append(f"row {i}: {cells}")
    if not out and _unordered(new.summary) != _unordered(old.summary):
        out.append("summary differs")
    return out, reordered, ties


def _unordered(value: object) -> object:
    """A summary with its lists sorted (they follow the rows' lists), without what it derives
    from the :data:`IDENTITY` columns (:data:`SUMMARY_IDENTITY`)."""
    if isinstance(value, dict):
        return {k: _unordered(v) for k, v in value.items() if k not in SUMMARY_IDENTITY}
    if isinstance(value, (list, tuple)):
        return sorted((_unordered(v) for v in value), key=repr)
    return value


def compare(
    store: PolicyStore,
    only: set[str] | None = None,
    pairs: str = "all",
    say=print,
    before: PolicyStore | None = None,
) -> dict[str, dict]:
    """Ask every parameter set both ways; per question the sets compared, the rows seen, the
    time each way, and the differences found (with their parameters). ``before``: the store
    the old texts read (a build of the same sources without the lookup links), else ``store``."""
    out: dict[str, dict] = {}
    for name, params in parameter_sets(store, pairs):
        if only and name not in only:
            continue
        stats = out.setdefault(
            name,
            {
                "sets": 0,
                "rows": 0,
                "reordered": 0,
                "ties": 0,
                "shared_codes": 0,
                "new_s": 0.0,
                "old_s": 0.0,
                "differences": [],
            },
        )
        start = time.perf_counter()
        new = ask(store, name, **params)
        mark = time.perf_counter()
        old = old_answer(before or store, name, **params)
        stats["new_s"] += mark - start
        stats["old_s"] += time.perf_counter() - mark
        stats["sets"] += 1
        stats["rows"] += len(old.rows)
        found, reordered, ties = differences(new, old)
        stats["reordered"] += reordered
        stats["ties"] += ties
        stats["shared_codes"] += several_per_code(new)
        if found:
            stats["differences"].append({"params": params, "found": found})
            say(f"{name} {params}: {found}")
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python3 -m tests.support.question_rewrites")
    p.add_argument("--store", required=True, help="store directory or SPARQL server URL")
    p.add_argument("--before-store", help="the store the old texts read (built before the rewrite)")
    p.add_argument("--only", action="append", help="a question to compare (repeatable)")
    p.add_argument("--pairs", choices=("all", "cooperating"), default="all")
    args = p.parse_args(argv)
    store = PolicyStore.open(args.store)
    before = PolicyStore.open(args.before_store) if args.before_store else None
    result = compare(
        store, set(args.only or ()), args.pairs, lambda m: print(m, flush=True), before
    )
    print(
        "| question | parameter sets | rows | sets with differences | list cells reordered "
        "| sets with ties reordered | sets with a code of several entities | new s | old s |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name, s in sorted(result.items()):
        print(
            f"| {name} | {s['sets']:,} | {s['rows']:,} | {len(s['differences'])} | "
            f"{s['reordered']:,} | {s['ties']:,} | {s['shared_codes']:,} | {s['new_s']:.1f} | "
            f"{s['old_s']:.1f} |"
        )
    return 1 if any(s["differences"] for s in result.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
