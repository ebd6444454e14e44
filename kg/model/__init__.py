"""The contracts every other layer shares: what the graph is made of.

* :mod:`.iri` — every IRI is minted here from stable keys (the fixed patterns of
  ``docs/architecture.md``);
* :mod:`.vocab` — the closed ``pk:`` vocabulary read from ``ontology/policy.ttl``, and prefixes;
* :mod:`.records` — :class:`~.records.GraphBuilder` (triples with provenance), findings, parse
  results and the source a loader reads; :mod:`.findings` — findings as the store holds them,
  read back;
* :mod:`.families` — the registry of loader families (entry points), how a document is recognised;
* :mod:`.errors` — :class:`~.errors.KGError` and its kinds;
* :mod:`.text`, :mod:`.numbering` — normalisation of text and codes, the numeral glyphs;
* :mod:`.terms` — RDF terms to Python values and back;
* :mod:`.query_text` — SPARQL text: its tokens, and bound values written into it.

Imports nothing from the other layers.
"""
