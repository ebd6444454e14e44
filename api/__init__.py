"""The HTTP server (FastAPI, the ``web`` extra): ``policykg serve``.

* :mod:`.main` — ``create_app(settings)``; :mod:`.settings` — the one settings object;
  :mod:`.dependencies` — what routers are handed (settings, the sandbox, the graph);
* :mod:`.routers` — one router per concern: ``/sparql``, ``/store``, ``/api``, the pages;
* the SPARQL endpoint's parts: :mod:`.guard` (what a query may do), :mod:`.sandbox` and
  :mod:`.worker` (queries in killable worker processes), :mod:`.protocol`, :mod:`.negotiation`,
  :mod:`.service_description`, :mod:`.errors` (one JSON error shape), :mod:`.following`
  (answering from the new generation after a rebuild);
* :mod:`.tabular` (CSV and XLSX downloads), :mod:`.pyvis_export` (a self-contained graph page),
  :mod:`.templating` (the server-rendered pages) and :mod:`.charts` (their SVG charts);
* ``static/`` and ``templates/`` — the pages and their vendored assets (no CDN).

Imports :mod:`policykg`; nothing in :mod:`policykg` imports it.
"""
