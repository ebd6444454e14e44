"""Reading the graph: questions, totals, the networkx projection, impact and search (the read path).

* :mod:`.questions` — the named questions of ``queries/*.rq`` with bound parameters;
  :mod:`.summaries` — their totals and flags; :mod:`.budget_totals` — gross and counted-once
  budget totals (the one rule for a program shared by several tasks); :mod:`.labels` — how an
  answer names what its rows name (a code, with its plan or ministry where it names several);
* :mod:`.projection` — the RDF graph as one networkx graph with edge kinds;
* :mod:`.impact` — impact tracing and the budget-cut simulation over the projection;
* :mod:`.describe` — one entity with its neighbours, source lines and yearly budget;
* :mod:`.search` — Korean-aware search over labels, codes and quotes;
* :mod:`.money` — amounts as people read them (억원, 조원);
* :mod:`.findings`, :mod:`.lines` — the data-quality findings with both readings, and the text of
  every line the graph quotes;
* :mod:`.answers` — answer pages as data (sentences, figures, charts, tables with sources);
* :mod:`.interpret`, :mod:`.gazetteer` — the question box: a question in Korean or English to a
  named question and its parameters.

Imports :mod:`policykg.model` (and is handed a store); :mod:`policykg.graph` is its façade.
"""
