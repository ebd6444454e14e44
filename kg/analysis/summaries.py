"""Summaries of named questions (totals and flags computed from their rows)."""
from __future__ import annotations

from policykg.analysis.budget_totals import budget_totals
from policykg.analysis.questions import summary


@summary("tasks-by-cooperation")
def tasks_by_cooperation(rows, params):
    """The cooperation items and the distinct tasks found, by how they were found."""
    items = sorted({r["code"] for r in rows if r["kind"] == "cooperation-item"}, key=int)
    related = sorted({r["task_code"] for r in rows if r["kind"] == "cooperation-task"})
    named = sorted({r["task_code"] for r in rows if r["kind"] == "task-mention"})
    agencies = [str(v).rsplit("/", 1)[-1] for k, v in sorted(params.items())
                if k.startswith("a") and v and not str(v).endswith("/agency/NONE")]
    return {"agencies": agencies, "cooperation_items": items, "related_tasks": related,
            "tasks_naming_all": named, "tasks": sorted(set(related) | set(named))}


@summary("budgets-for-agenda")
def budgets_for_agenda(rows, params):
    """Gross and deduplicated totals of the agenda's budgets, and the programs it shares."""
    return {"agenda": params.get("agenda"), "scheme": params.get("scheme"),
            "year": params.get("year"), **budget_totals(rows)}
