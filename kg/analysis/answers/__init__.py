"""Answer pages as data: one view per named question, and one for the budget cut.

* :mod:`.view` — what a page shows (:class:`~.view.AnswerView`: sentences, figures, charts,
  tables with sources, findings);
* :mod:`.common` — titles, where figures were read, cells in 억원, the findings touching them;
* :mod:`.programs` — programs counted once: their table and charts, and what counting once
  leaves out, in words;
* :mod:`.budgets`, :mod:`.cut`, :mod:`.lists` — the views of the questions.

:func:`answer_view` is the entry; :data:`PAGES` lists every page with its parameters.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from policykg.analysis.questions import Param, questions
from policykg.model.errors import NotFoundError

from . import budgets, cut, lists
from .view import AnswerView, Reader

Builder = Callable[[Reader, dict[str, str]], AnswerView]

BUILDERS: dict[str, Builder] = {
    "budgets-for-agenda": budgets.budgets_for_agenda,
    "task-budget": budgets.task_budget,
    "program-uses": budgets.program_uses,
    "budget-cut": cut.budget_cut,
    "tasks-by-cooperation": lists.tasks_by_cooperation,
    "agenda-coverage": lists.agenda_coverage,
    "documents-mentioning": lists.documents_mentioning,
    "law-timeline": lists.law_timeline,
}


@dataclass(frozen=True)
class Page:
    """An answer page: its name, titles and the parameters its form asks for."""

    name: str
    title_ko: str
    title_en: str
    description_ko: str
    description_en: str
    params: tuple[Param, ...]


BUDGET_CUT = Page(
    "budget-cut",
    cut.TITLE_KO,
    cut.TITLE_EN,
    cut.DESCRIPTION_KO,
    cut.DESCRIPTION_EN,
    cut.PARAMS,
)


def pages() -> dict[str, Page]:
    """Every answer page by name: the named questions of ``queries/``, then the budget cut."""
    out = {
        q.name: Page(q.name, q.title_ko, q.title, q.description_ko, q.description, q.params)
        for q in questions().values()
    }
    out[BUDGET_CUT.name] = BUDGET_CUT
    return out


def answer_view(reader: Reader, name: str, params: Mapping[str, str]) -> AnswerView:
    """The view of page ``name`` for ``params`` (unknown or bad parameters raise
    :class:`~policykg.model.errors.QueryError`, an unknown page or entity
    :class:`~policykg.model.errors.NotFoundError`)."""
    builder = BUILDERS.get(name)
    if builder is None:
        raise NotFoundError(f"no answer page {name!r}; available: {', '.join(pages())}")
    return builder(reader, {k: str(v) for k, v in params.items()})
