"""policykg: a knowledge graph and query engine for Korean industrial policy documents.

The public names: :class:`PolicyGraph` (the Python API, :mod:`policykg.graph`), the errors, and
:mod:`iri <policykg.model.iri>` (the fixed IRIs of ``docs/architecture.md``). The layers below
them are described in ``docs/architecture.md``.

>>> from policykg import iri
>>> iri.task("I-2-1").value
'https://w3id.org/policykg/id/plan/motie-2024/task/I-2-1'
"""

from __future__ import annotations

from policykg.model.errors import (
    KGError,
    NotFoundError,
    QueryError,
    SourceParseError,
    StoreError,
    UnknownLoaderError,
)

__all__ = [
    "KGError",
    "NotFoundError",
    "PolicyGraph",
    "QueryError",
    "SourceParseError",
    "StoreError",
    "UnknownLoaderError",
    "iri",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    """``PolicyGraph`` and ``iri`` are imported on first use, so ``import policykg`` stays light."""
    if name == "PolicyGraph":
        from policykg.graph import PolicyGraph

        return PolicyGraph
    if name == "iri":
        from policykg.model import iri

        return iri
    raise AttributeError(f"module 'policykg' has no attribute {name!r}")
