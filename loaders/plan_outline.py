"""The outline of a performance plan: its parts, goals and the line range of every task's plan.

STUB — to be implemented: find the parts of the document (linkage tables, detailed plans,
cooperation section, organisation), the strategic goals, performance goals and management tasks
with their titles, and each task's section of the detailed plans. Emits the goal/task triples.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from policykg.records import GraphBuilder


@dataclass(frozen=True)
class TaskSection:
    """The detailed plan of one management task: lines ``start``..``end`` (inclusive)."""

    code: str
    title: str
    heading_line: int
    start: int
    end: int


@dataclass
class PlanOutline:
    """What the section parsers of a plan share.

    ``parts`` maps a part name (``linkage``, ``linkage_appendix``, ``details``, ``cooperation``,
    ``organisation``, ...) to its inclusive line range. ``tasks`` maps a task code to its title.
    """

    lines: list[str]
    parts: dict[str, tuple[int, int]] = field(default_factory=dict)
    strategic_goals: dict[str, str] = field(default_factory=dict)
    performance_goals: dict[str, str] = field(default_factory=dict)
    tasks: dict[str, str] = field(default_factory=dict)
    task_sections: list[TaskSection] = field(default_factory=list)

    def task_at(self, line: int) -> TaskSection | None:
        """The task section containing ``line``, if any."""
        starts = [s.start for s in self.task_sections]
        i = bisect_right(starts, line) - 1
        if i >= 0 and self.task_sections[i].start <= line <= self.task_sections[i].end:
            return self.task_sections[i]
        return None


def parse_outline(builder: GraphBuilder) -> PlanOutline:
    return PlanOutline(list(builder.lines))
