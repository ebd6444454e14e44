"""Curated reference data: facts from outside the documents, each with its source.

* :mod:`.agencies` — the agency registry (names, short forms, reorganisations) and date-aware
  resolution of a name ("산업부" is MOTIE in 2024, MOTIR in 2025-12);
* :mod:`.curated` — law aliases, gazetteers of regions and industries, topical links between the
  agenda lists (``data/reference/*.json``);
* :mod:`.triples` — all of it as the triples of the reference graph.

Imports only :mod:`policykg.model`.
"""
