"""The registry of loader families and ``load``: read a file, decode, NFC-normalise, parse.

Families register through the ``policykg.loaders`` entry-point group (as rdflib's plugins do), so
``kg`` never imports a loader and a new family needs no change here. A family's ``parse(text,
source)`` is pure: no file, network or clock access.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import entry_points
from pathlib import Path
from typing import Callable

from policykg.model.errors import SourceParseError, UnknownLoaderError
from policykg.model.records import ParseResult, Sink, SourceInfo
from policykg.model.text import nfc

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
            f"no loader family {name!r}; registered: {', '.join(families()) or 'none'}") from None


def detect(file_name: str, text: str) -> LoaderFamily:
    """The family that recognises a document."""
    for fam in families().values():
        if fam.matches(file_name, text):
            return fam
    raise UnknownLoaderError(
        f"{file_name}: no loader family recognises this document; registered: "
        f"{', '.join(families()) or 'none'}")


def decode(data: bytes, document: str) -> str:
    """Decode UTF-8 strictly and NFC-normalise once; a bad byte names its line."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        start = data.rfind(b"\n", 0, exc.start) + 1
        end = data.find(b"\n", exc.start)
        hint = ""
        try:
            data[start:end if end >= 0 else len(data)].decode("cp949")
            hint = " (the line decodes as CP949/EUC-KR: convert the file to UTF-8)"
        except UnicodeDecodeError:
            pass
        raise SourceParseError(document, line, f"not valid UTF-8{hint}") from None
    if "\x00" in text:
        line = text[:text.index("\x00")].count("\n") + 1
        raise SourceParseError(document, line, "NUL byte: not a text file")
    return nfc(text)


def load(path: str | Path, family_name: str | None = None, *,
         sink: Sink | None = None) -> ParseResult:
    """Read one document from disk and parse it with its (detected or named) family; ``sink``
    takes parts of it while it is parsed (see :class:`~.records.SourceInfo`)."""
    path = Path(path)
    text = decode(path.read_bytes(), path.name)
    fam = family(family_name) if family_name else detect(path.name, text)
    return fam.parse(text, SourceInfo(path.stem, path.name, sink))
