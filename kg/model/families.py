"""The registry of loader families: how a document is recognised and which parser reads it.

Families register through the ``policykg.loaders`` entry-point group (as rdflib's plugins do), so
``kg`` never imports a loader and a new family needs no change here. A family's ``parse(text,
source)`` is pure: no file, network or clock access.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import entry_points

from policykg.model.errors import UnknownLoaderError
from policykg.model.records import ParseResult, SourceInfo

ENTRY_POINT_GROUP = "policykg.loaders"


@dataclass(frozen=True)
class LoaderFamily:
    """A document family: how to recognise its documents and how to parse one.

    ``matches(file_name, text)`` says whether a document belongs to the family; ``parse(text,
    source)`` turns its NFC text into a :class:`ParseResult`. ``order`` sorts families when
    documents are built (the plan first, so later documents can refer to it).
    """

    name: str
    description: str
    matches: Callable[[str, str], bool]
    parse: Callable[[str, SourceInfo], ParseResult]
    order: int = 50


@lru_cache(maxsize=1)
def families() -> dict[str, LoaderFamily]:
    """Every registered family by name."""
    found = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        fam = ep.load()
        found[fam.name] = fam
    return dict(sorted(found.items(), key=lambda kv: (kv[1].order, kv[0])))


def family(name: str) -> LoaderFamily:
    """The family registered as ``name``; an unknown name lists the valid ones."""
    try:
        return families()[name]
    except KeyError:
        raise UnknownLoaderError(
            f"no loader family {name!r}; registered: {', '.join(families()) or 'none'}"
        ) from None


def detect(file_name: str, text: str) -> LoaderFamily:
    """The family that recognises a document."""
    for fam in families().values():
        if fam.matches(file_name, text):
            return fam
    raise UnknownLoaderError(
        f"{file_name}: no loader family recognises this document; registered: "
        f"{', '.join(families()) or 'none'}"
    )
