"""The build: source files to a validated store generation (the write path).

* :mod:`.pipeline` — :func:`~.pipeline.build`: read, parse, write, link, validate, swap in;
* :mod:`.reading` — a source file to NFC text, parsed by its family (the only file IO of a parse);
* :mod:`.shared` — which triples go to the shared graph (resources several documents describe);
* :mod:`.lookups` — the links the named questions look up, derived once everything is written;
* :mod:`.findings` — data-quality findings as triples, and read back;
* :mod:`.validate`, :mod:`.shacl` — the SHACL shapes of ``ontology/shapes.ttl`` run on the store.

Imports :mod:`policykg.model`, :mod:`policykg.reference` and :mod:`policykg.store`; loaders are
found through entry points, never imported.
"""
