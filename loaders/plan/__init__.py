"""The performance-plan family (성과관리 시행계획); the entry is :mod:`.family` (``FAMILY``,
``parse``).

* :mod:`.outline` — parts, goals, tasks and the line range of every task's plan, from
  :mod:`.linkage` (the "국정목표 연계" table's rows), :mod:`.detail` (the detailed part's headings)
  and :mod:`.variants` (titles as printed in the plan's other lists); :mod:`.context` — whose plan
  it is and its date;
* :mod:`.agenda` — links to the national agenda, 민생과제 and work-plan items;
* :mod:`.budget` — the budget tables of each task; :mod:`.indicators` — performance indicators;
* :mod:`.organisation` — the ministry's organisation chart; :mod:`.cooperation` — cross-ministry
  cooperation items, with :mod:`.relations` (which tasks they concern);
* :mod:`.agencies` — agencies each task's plan names; :mod:`.laws` — laws and strategies named.
"""
