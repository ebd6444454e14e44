"""The HTTP server (FastAPI, the ``web`` extra): ``policykg serve``.

* :mod:`.main` — ``create_app(settings)``; :mod:`.server` — uvicorn, with the server's own errors
  in the one shape; :mod:`.settings` — the one settings object; :mod:`.dependencies` — what
  routers are handed (settings, the sandbox, the client, the write guard);
* :mod:`.front` — ``/sparql`` answered outside FastAPI's routing (the hot path), and query strings
  that are not UTF-8 refused for every route;
* :mod:`.routers` — one router per concern: ``/store``, ``/api``, the pages, ``/docs``;
* the SPARQL endpoint's parts: :mod:`.guard` (what a query may do), :mod:`.sandbox` and
  :mod:`.worker` (queries in killable worker processes, shared fairly among clients),
  :mod:`.results` (answers cut at the row cap), :mod:`.protocol`, :mod:`.negotiation`,
  :mod:`.service_description`, :mod:`.errors` (one JSON error shape), :mod:`.openapi` (the
  statuses really sent), :mod:`.following` (answering from the new generation after a rebuild);
* :mod:`.tabular` (CSV and XLSX downloads), :mod:`.pyvis_export` (a self-contained graph page),
  :mod:`.templating` (the server-rendered pages) and :mod:`.charts` (their SVG charts);
* ``static/`` and ``templates/`` — the pages and their vendored assets (no CDN).

Imports :mod:`policykg`; nothing in :mod:`policykg` imports it.
"""
