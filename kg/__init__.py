"""policykg: a knowledge graph and query engine for Korean industrial policy documents."""
from __future__ import annotations

from .errors import (KGError, NotFoundError, QueryError, SourceParseError, StoreError,
                     UnknownLoaderError)

__all__ = ["KGError", "NotFoundError", "QueryError", "SourceParseError", "StoreError",
           "UnknownLoaderError"]
__version__ = "0.1.0"
