"""How an answer names the entities of its rows: by their codes, which are unique within a plan
(a task ``I-1-1``, a cooperation item ``1``) or a ministry (a program ``1937``) but not in a store
of many plans; there a code that names several entities of an answer is given with the plan or
ministry of each (``I-1-1 (motie-2024)``), and what is counted is counted by IRI.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from policykg.model import iri


def key(row: Mapping[str, Any], code: str, identity: str) -> str:
    """What tells the entity a row names apart (its task: ``code="task",
    identity="task_iri"``): its IRI, or its code where the row gives none (rows made by hand)."""
    return str(row.get(identity) or row[code])


def labels(rows: Iterable[Mapping[str, Any]], code: str, identity: str) -> dict[str, str]:
    """How a summary names each task (``code="task", identity="task_iri"``), program or
    cooperation item of the rows: by its code, and where one code names several of them (two
    plans' ``I-1-1``, two ministries' program ``1937``, as in a store of many plans), by its code
    and the plan or ministry of its IRI. Keyed by :func:`key`.

    >>> labels([{"task": "I-1-1", "task_iri": iri.ID + "plan/motie-2024/task/I-1-1"},
    ...         {"task": "I-1-1", "task_iri": iri.ID + "plan/me-2024/task/I-1-1"},
    ...         {"task": "I-1-2"}], "task", "task_iri").values()
    dict_values(['I-1-1 (motie-2024)', 'I-1-1 (me-2024)', 'I-1-2'])
    """
    codes: dict[str, str] = {}
    for r in rows:
        codes.setdefault(key(r, code, identity), str(r[code]))
    count = Counter(codes.values())
    return {
        k: c if count[c] == 1 else f"{c} ({k.removeprefix(iri.ID).split('/')[1]})"
        for k, c in codes.items()
    }
