"""Reading the graph: questions, totals, the networkx projection, impact and search (the read path).

* :mod:`.questions` — the named questions of ``queries/*.rq`` with bound parameters;
  :mod:`.summaries` — their totals and flags; :mod:`.budget_totals` — gross and counted-once
  budget totals (the one rule for a program shared by several tasks);
* :mod:`.projection` — the RDF graph as one networkx graph with edge kinds;
* :mod:`.impact` — impact tracing and the budget-cut simulation over the projection;
* :mod:`.describe` — one entity with its neighbours and source lines;
* :mod:`.search` — Korean-aware search over labels, codes and quotes.

Imports :mod:`policykg.model` (and is handed a store); :mod:`policykg.graph` is its façade.
"""
