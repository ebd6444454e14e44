"""Where the graph lives: an on-disk pyoxigraph store, or any SPARQL 1.1 server.

* :mod:`.policy_store` — :class:`~.policy_store.PolicyStore`, the read-only view every reader
  uses (SPARQL over the union of named graphs, bound parameters), and the store's location;
* :mod:`.writers` — writing a build: a new generation swapped in atomically, or an upload to a
  server swapped in with one update;
* :mod:`.generations` — generation directories, the ``current`` link and readers' pins;
* :mod:`.remote` — the SPARQL 1.1 Protocol and Graph Store Protocol client.

Imports only :mod:`policykg.model`.
"""
