"""Summaries of named questions: totals and flags computed from their rows.

:data:`SUMMARIES` maps a question's name to its summary function ``(rows, params) -> dict``;
:func:`policykg.analysis.questions.ask` adds the summary to the answer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from policykg.analysis.budget_totals import budget_totals
from policykg.analysis.labels import key, labels

Summary = Callable[[list[dict[str, object]], Mapping[str, object]], dict[str, object]]


def tasks_by_cooperation(rows, params):
    """The cooperation items and the distinct tasks found, by how they were found; each named
    by its code (:func:`~policykg.analysis.labels.labels`: with its plan where the code names
    items or tasks of several plans) and counted by its IRI."""
    items = labels((r for r in rows if r["kind"] == "cooperation-item"), "code", "item")
    tasks = labels((r for r in rows if r.get("task_code")), "task_code", "task")
    related = sorted(
        {tasks[key(r, "task_code", "task")] for r in rows if r["kind"] == "cooperation-task"}
    )
    named = sorted(
        {tasks[key(r, "task_code", "task")] for r in rows if r["kind"] == "task-mention"}
    )
    agencies = [
        str(v).rsplit("/", 1)[-1]
        for k, v in sorted(params.items())
        if k.startswith("a") and v and not str(v).endswith("/agency/NONE")
    ]
    return {
        "agencies": agencies,
        "cooperation_items": sorted(items.values(), key=lambda c: (int(c.split()[0]), c)),
        "related_tasks": related,
        "tasks_naming_all": named,
        "tasks": sorted(set(related) | set(named)),
        "item_labels": items,
        "task_labels": tasks,
    }


def budgets_for_agenda(rows, params):
    """Gross and deduplicated totals of the agenda's budgets, and the programs it shares."""
    return {
        "agenda": params.get("agenda"),
        "scheme": params.get("scheme"),
        "year": params.get("year"),
        **budget_totals(rows),
    }


def task_budget(rows, params):
    """The task's totals for each year its table prints (:func:`budget_totals` per year)."""
    years = sorted({int(str(r["year"])) for r in rows})
    return {
        "task": params.get("task"),
        "years": {y: budget_totals(r for r in rows if int(str(r["year"])) == y) for y in years},
    }


def program_uses(rows, params):
    """The program's totals for the year over the tasks that use it (:func:`budget_totals`)."""
    named = ({**r, "program_code": r["program"], "program": r["program_name"]} for r in rows)
    return {"program": params.get("program"), "year": params.get("year"), **budget_totals(named)}


SUMMARIES: dict[str, Summary] = {
    "tasks-by-cooperation": tasks_by_cooperation,
    "budgets-for-agenda": budgets_for_agenda,
    "task-budget": task_budget,
    "program-uses": program_uses,
}


def of_entity(name: str, rows, params, identity: str, node: str) -> dict[str, Any]:
    """The summary of question ``name`` over the rows of one entity only: those whose
    ``identity`` column (``task_iri``, ``program_iri``) is ``node``. A question asked by code
    answers for every entity of that code (in a store of many plans, every plan's ``I-1-1``)."""
    return SUMMARIES[name]([r for r in rows if r.get(identity) == node], params)
