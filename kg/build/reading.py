"""Reading a source document from disk: bytes to NFC text, then the family's pure ``parse``.

:func:`load` is the only place a document file is opened; everything after it works on text.
"""

from __future__ import annotations

from pathlib import Path

from policykg.model.errors import SourceParseError
from policykg.model.families import detect, family
from policykg.model.records import ParseResult, Sink, SourceInfo
from policykg.model.text import nfc


def decode(data: bytes, document: str) -> str:
    """Decode UTF-8 strictly and NFC-normalise once; a bad byte names its line."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        start = data.rfind(b"\n", 0, exc.start) + 1
        end = data.find(b"\n", exc.start)
        hint = ""
        try:
            data[start : end if end >= 0 else len(data)].decode("cp949")
            hint = " (the line decodes as CP949/EUC-KR: convert the file to UTF-8)"
        except UnicodeDecodeError:
            pass
        raise SourceParseError(document, line, f"not valid UTF-8{hint}") from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise SourceParseError(document, line, "NUL byte: not a text file")
    return nfc(text)


def load(
    path: str | Path, family_name: str | None = None, *, sink: Sink | None = None
) -> ParseResult:
    """Read one document from disk and parse it with its (detected or named) family; ``sink``
    takes parts of it while it is parsed (see :class:`~.records.SourceInfo`)."""
    path = Path(path)
    text = decode(path.read_bytes(), path.name)
    fam = family(family_name) if family_name else detect(path.name, text)
    return fam.parse(text, SourceInfo(path.stem, path.name, sink))
