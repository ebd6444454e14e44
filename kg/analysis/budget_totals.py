"""Totals of budget rows: a gross total, and a total in which no won is counted twice.

The rows are those of the ``budgets-for-agenda`` question: one per printed amount, at the level
of a program, a sub-project or an item line, with the task and the program's occurrence
(``ordinal``) in the task's table, and ``program_users``: every task funded from the program that
year, and ``whole_krw``: the program's whole budget for the year as the document states it (every
reading, space-separated; empty when none is stated). Tasks among the rows are the question's
tasks; the other users are outside it.

* A task's amount of a program is the program row's amount; when the table prints none, the
  sum of its sub-project rows (and, for a sub-project without an amount, of its item lines).
* The **gross** total adds every task's amount of every program, as the tables print them.
* The **deduplicated** total counts each program once, by :func:`count_once` (the one rule of
  the project for money shared by several tasks; :mod:`policykg.analysis.impact` uses it too). A
  program's summary row gives ``whole_krw`` (the cap, :func:`stated_whole`), ``by_task`` (each
  task's amount of it, the parts of its gross), ``capped_at_whole`` (true when its distinct
  sub-projects add up to more than that whole, so the whole is what counts),
  ``whole_contradicted`` (true when one task's table alone prints more than that whole, which
  then caps nothing) and ``not_added`` (the tasks whose share, printed without amounts by
  sub-project, is left out as part of what the other tables print).

>>> rows = [
...   {"task": "A", "program_code": "1", "program": "P", "ordinal": 1, "level": "program",
...    "sub_project_code": None, "sub_project": None, "item": None, "amount_krw": 100,
...    "program_users": "A B C"},
...   {"task": "A", "program_code": "1", "program": "P", "ordinal": 1, "level": "sub-project",
...    "sub_project_code": "301", "sub_project": "S", "item": None, "amount_krw": 100,
...    "program_users": "A B C"},
...   {"task": "B", "program_code": "1", "program": "P", "ordinal": 1, "level": "program",
...    "sub_project_code": None, "sub_project": None, "item": None, "amount_krw": 100,
...    "program_users": "A B C", "whole_krw": ""}]
>>> t = budget_totals(rows)
>>> t["gross_total_krw"], t["dedup_total_krw"]
(200, 100)
>>> t["programs"][0]["shared_with_outside"]
['C']
>>> t["programs"][0]["capped_at_whole"], t["programs"][0]["whole_krw"] is None
(False, True)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from policykg.analysis.labels import key, labels
from policykg.analysis.money import eok


@dataclass(frozen=True)
class Share:
    """What one task's table prints for a program (or a sub-project): its own row, if any, and
    its breakdown into leaves. A leaf is keyed ``(part, item)``: a part (sub-project) with
    ``item`` empty for the part's own row, or one of its item lines where the table prints no row
    for the part; keys must name a leaf the same way in every table. ``task`` groups the shares
    one task's table prints (a table may print a program twice, e.g. a loan part apart)."""

    amount: int | None
    leaves: Mapping[tuple[Hashable, Hashable], int] = field(default_factory=dict)
    task: Hashable | None = None

    @property
    def total(self) -> int:
        """The task's amount: its row, or the sum of its leaves when the table prints none."""
        return self.amount if self.amount is not None else sum(self.leaves.values())

    @property
    def itemised(self) -> bool:
        """True when the leaves account for the whole row (so they can be compared leaf by leaf)."""
        return bool(self.leaves) and (
            self.amount is None or self.amount == sum(self.leaves.values())
        )


@dataclass(frozen=True)
class Once:
    """A program's amount counted once; whether its stated whole budget lowered it
    (``capped_at_whole``) or could not, being less than one task's table prints
    (``whole_contradicted``); ``not_added``: the tasks whose share, printed without a
    breakdown by sub-project, the figure leaves out as part of what the other tables print
    (rule 2 of :func:`count_once`)."""

    krw: int
    capped_at_whole: bool = False
    whole_contradicted: bool = False
    not_added: tuple[Hashable, ...] = field(default=(), compare=False, repr=False)


def count_once(shares: Iterable[Share], whole: int | None = None) -> Once:
    """The amount of one program that several tables print, with no won counted twice.

    This is the project's one rule for money shared by several tasks:

    1. Each distinct part (sub-project) counts once: the largest amount any table gives it, or,
       when tables print item lines of it instead, the sum of its distinct items (each at its
       largest) if that is more. Two tasks funded from different sub-projects both count; two
       tables printing the same sub-project (or an item of one another table prints whole)
       count it once.
    2. A table that does not itemise its share (no breakdown, or one that does not add up to its
       row) may print any of those parts: the figure is at least its amount, no more.
    3. The figure never exceeds ``whole``, the program's whole budget for the year as the
       document states it (:func:`stated_whole`): parts adding up to more overlap, and the whole
       counts (``capped_at_whole``). A stated whole smaller than what one task's table alone
       prints for the program is contradicted by the document and caps nothing
       (``whole_contradicted``): it is the whole of a part, not of what the tables print (5143's
       whole is printed per part, its loan part apart; 6431's "(25.53)" in I-4-3 is less than
       III-1-3's 790.30억원 of it).

    >>> a = Share(100, {("301", ""): 60, ("302", ""): 40}, task="A")
    >>> b = Share(None, {("302", ""): 40, ("303", ""): 30}, task="B")
    >>> count_once([a, b])
    Once(krw=130, capped_at_whole=False, whole_contradicted=False)
    >>> count_once([a, b], whole=120)
    Once(krw=120, capped_at_whole=True, whole_contradicted=False)
    >>> count_once([a, b], whole=90)                    # A's table alone prints 100
    Once(krw=130, capped_at_whole=False, whole_contradicted=True)
    >>> count_once([Share(80), Share(60)], whole=120)   # rows without a breakdown: the largest
    Once(krw=80, capped_at_whole=False, whole_contradicted=False)
    >>> count_once([a, Share(40, task="C")]).not_added  # C prints 40 and no sub-project
    ('C',)
    >>> count_once([a, Share(None, {("302", "x"): 10, ("302", "y"): 15})])  # items inside 302
    Once(krw=100, capped_at_whole=False, whole_contradicted=False)
    >>> count_once([]).krw
    0
    """
    own: dict[Hashable, int] = {}
    items: dict[Hashable, dict[Hashable, int]] = defaultdict(dict)
    per_task: dict[Hashable, int] = defaultdict(int)
    unitemised: list[tuple[Hashable, int]] = []  # (task, amount) of shares with no breakdown
    for n, share in enumerate(shares):
        task = share.task if share.task is not None else ("share", n)
        per_task[task] += share.total
        if not share.itemised:
            unitemised.append((task, share.total))
            continue
        for (part, item), amount in share.leaves.items():
            if item:
                items[part][item] = max(items[part].get(item, 0), amount)
            else:
                own[part] = max(own.get(part, 0), amount)
    parts = sum(max(own.get(p, 0), sum(items[p].values())) for p in own.keys() | items.keys())
    largest = max(unitemised, key=lambda share: share[1], default=(None, 0))
    once = max(parts, largest[1])
    counted = largest[0] if largest[1] > parts else None  # the one share the figure is
    not_added = tuple(dict.fromkeys(t for t, _amount in unitemised if t != counted))
    if whole is None or once <= whole:
        return Once(once, not_added=not_added)
    if whole < max(per_task.values()):
        return Once(once, whole_contradicted=True, not_added=not_added)
    return Once(whole, capped_at_whole=True, not_added=not_added)


def stated_whole(readings: Iterable[int | str] | str | None) -> int | None:
    """The whole budget to cap a program at, from every amount the document states for it.

    Where tables print conflicting wholes for one program and year (each kept as a
    ``pk:reading``, with a ``budget-whole-conflict`` finding), the **largest** reading is the
    cap: what exceeds it is double-counted under every reading, while capping at a smaller one
    could drop money another table says is there (5145 in 2024 is printed as 1,660억원 and as
    27억원, the latter a single task's part). ``readings`` may be a space-separated string, as
    the ``whole_krw`` column of ``budgets-for-agenda`` gives them.

    >>> stated_whole("166000000000 2700000000")
    166000000000
    >>> stated_whole([]) is None and stated_whole("") is None and stated_whole(None) is None
    True
    """
    if readings is None:
        return None
    if isinstance(readings, str):
        readings = readings.split()
    return max((int(r) for r in readings), default=None)


class _Occurrence:
    """One program row of one task's table, with what is printed below it."""

    def __init__(self) -> None:
        self.program: int | None = None
        self.subs: dict[str, int] = {}
        self.items: dict[tuple[str, str], int] = {}

    def add(self, row: Mapping[str, Any]) -> None:
        amount = int(row["amount_krw"])
        sub = str(row.get("sub_project_code") or row.get("sub_project") or "")
        if row["level"] == "program":
            self.program = amount
        elif row["level"] == "sub-project":
            self.subs[sub] = self.subs.get(sub, 0) + amount
        elif row["level"] == "item":
            key = (sub, str(row.get("item") or ""))
            self.items[key] = self.items.get(key, 0) + amount

    def share(self, task: str) -> Share:
        leaves: dict[tuple[Hashable, Hashable], int] = {
            (sub, ""): amount for sub, amount in self.subs.items()
        }
        leaves.update({key: a for key, a in self.items.items() if key[0] not in self.subs})
        return Share(self.program, leaves, task)


def _by_task(found: list[tuple[str, Share]]) -> dict[str, int]:
    """Each task's amount of one program as its table prints it (the parts of the gross)."""
    out: dict[str, int] = defaultdict(int)
    for task, share in found:
        out[task] += share.total
    return dict(out)


def budget_totals(rows: Iterable[Mapping[str, Any]]) -> dict[str, object]:
    """Gross and deduplicated totals of budget rows, per program and overall.

    Tasks and programs are told apart by their IRIs (``task_iri``, ``program_iri``) where the
    rows give them, so that two plans' tasks or two ministries' programs of one code are not
    added up as one; the summary names them by :func:`labels` (``task_labels``: each task's
    label by its IRI; a program's ``label`` beside its ``program_iri``), and a page shows
    those names."""
    rows = list(rows)
    task_label = labels(rows, "task", "task_iri")
    budget_rows = [r for r in rows if r.get("level") and r.get("amount_krw") is not None]
    program_label = labels(budget_rows, "program_code", "program_iri")
    codes = {str(r["task"]) for r in rows}  # program_users lists tasks by code
    occurrences: dict[tuple[str, str, int], _Occurrence] = defaultdict(_Occurrence)
    names: dict[str, tuple[str, str, str | None]] = {}
    users: dict[str, set[str]] = defaultdict(set)
    wholes: dict[str, set[int]] = defaultdict(set)
    for r in budget_rows:
        program = key(r, "program_code", "program_iri")
        code, name, node = str(r["program_code"]), str(r.get("program") or ""), r.get("program_iri")
        names.setdefault(program, (code, name, str(node) if node else None))
        task = task_label[key(r, "task", "task_iri")]
        occurrences[(task, program, int(r.get("ordinal") or 1))].add(r)
        users[program].update(str(r.get("program_users") or "").split())
        wholes[program].update(int(w) for w in str(r.get("whole_krw") or "").split())
    programs: dict[str, list[tuple[str, Share]]] = defaultdict(list)
    for (task, program, _n), occ in occurrences.items():
        programs[program].append((task, occ.share(task)))
    listed: list[dict[str, Any]] = []
    for program, found in programs.items():
        whole = stated_whole(wholes[program])
        once = count_once((share for _t, share in found), whole)
        mine = sorted({t for t, _share in found})
        code, name, node = names[program]
        listed.append(
            {
                "program_iri": node,
                "program_code": code,
                "program": name,
                "label": program_label[program],
                "tasks": mine,
                "gross_krw": sum(share.total for _t, share in found),
                "by_task": _by_task(found),
                "counted_once_krw": once.krw,
                "whole_krw": whole,
                "capped_at_whole": once.capped_at_whole,
                "whole_contradicted": once.whole_contradicted,
                "not_added": list(dict.fromkeys(t for t, _s in found if t in once.not_added)),
                "shared_within": len(mine) > 1,
                "shared_with_outside": sorted(users[program] - codes),
            }
        )
    listed.sort(key=lambda p: (-p["counted_once_krw"], p["label"]))
    gross_total = sum(p["gross_krw"] for p in listed)
    dedup_total = sum(p["counted_once_krw"] for p in listed)
    funded = {t for t, _p, _n in occurrences}
    tasks = list(dict.fromkeys(task_label.values()))
    return {
        "tasks": len(tasks),
        "task_labels": task_label,
        "tasks_with_amounts": len(funded),
        "tasks_without_amounts": [t for t in tasks if t not in funded],
        "programs": listed,
        "gross_total_krw": gross_total,
        "gross_total": eok(gross_total),
        "dedup_total_krw": dedup_total,
        "dedup_total": eok(dedup_total),
        "shared_programs": [
            p["label"] for p in listed if p["shared_within"] or p["shared_with_outside"]
        ],
    }
