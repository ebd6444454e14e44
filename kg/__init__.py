"""policykg: a knowledge graph and query engine for Korean industrial policy documents."""

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
]
__version__ = "0.1.0"


def __getattr__(name: str):
    """``PolicyGraph`` is imported on first use, so ``import policykg`` stays light."""
    if name == "PolicyGraph":
        from policykg.graph import PolicyGraph

        return PolicyGraph
    raise AttributeError(f"module 'policykg' has no attribute {name!r}")
