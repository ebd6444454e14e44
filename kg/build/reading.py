"""Reading a source document from disk: bytes to NFC text, then the family's pure ``parse``.

:func:`load` is the only place a document file is opened; everything after it works on text.
:func:`decode` makes every copy of a document give the same text, whatever it was saved as:

- the encodings Korean government files come in: UTF-8 (with or without a byte-order mark),
  UTF-16 with a byte-order mark (as word processors export it), and CP949 (which holds EUC-KR);
  a file that is none of these, or UTF-8 with damaged bytes, is an error naming its first bad
  line: guessing would change the text silently;
- line ends: CRLF (Windows) and a lone CR (old Mac) become LF;
- Unicode normalisation: NFC (a copy of the text in NFD gives the same text).

A document is a regular, readable file of at most :data:`MAX_DOCUMENT_BYTES`; anything else is
an error naming the path, found before a byte is read (a FIFO is never waited on).
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from policykg.model.errors import SourceParseError
from policykg.model.families import detect, family
from policykg.model.records import ParseResult, Sink, SourceInfo
from policykg.model.text import nfc

MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
"""The largest document read (64 MiB: the text of a 1,000-page plan is about 1 MB)."""

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, document: str) -> str:
    """The text of a document's bytes: encoding detected, line ends LF, NFC.

    >>> decode("첫 줄\\r\\n둘째 줄\\r\\n".encode("cp949"), "a.txt")
    '첫 줄\\n둘째 줄\\n'
    >>> decode("\\ufeff한글\\r끝".encode("utf-16-le"), "a.txt")
    '한글\\n끝'
    """
    codec = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if codec == "utf-16":
        text = _decode_utf16(data, document)
    elif codec == "utf-8":
        text = _decode_8bit(data[len(codecs.BOM_UTF8) :], document, utf8_only=True)
    else:
        text = _decode_8bit(data, document)
    text = _lf(text)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        utf16 = codec != "utf-16" and _utf16_like(data)
        hint = " (UTF-16 without a byte-order mark? save it as UTF-8)" if utf16 else ""
        raise SourceParseError(document, line, f"NUL byte: not a text file{hint}")
    return nfc(text)


def _lf(text: str) -> str:
    """CRLF and lone CR line ends as LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _decode_8bit(data: bytes, document: str, utf8_only: bool = False) -> str:
    """UTF-8; else CP949/EUC-KR, when the bytes are that and not UTF-8 with a few bad bytes."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    before = data[:first_bad]
    line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
    if utf8_only or _mostly_utf8(data):
        why = "not valid UTF-8 (the rest of the file is: a damaged byte?)"
    else:
        try:  # EUC-KR spells a syllable outside its set as eight bytes of jamo; CP949 does not
            text = _decode_korean(data)
        except UnicodeDecodeError:
            start = data.rfind(b"\n", 0, first_bad) + 1
            end = data.find(b"\n", first_bad)
            try:
                data[start : end if end >= 0 else len(data)].decode("cp949")
                why = "undecidable encoding (mixed: this line is CP949/EUC-KR, others are not)"
            except UnicodeDecodeError:
                why = "undecidable encoding (neither UTF-8 nor CP949/EUC-KR)"
        else:
            if _korean(data, text):
                return text
            why = "undecidable encoding (not UTF-8; read as CP949/EUC-KR it is not Korean text)"
    raise SourceParseError(
        document,
        line,
        f"byte 0x{data[first_bad]:02x}: {why}; a document is read as UTF-8, UTF-16 with a "
        f"byte-order mark, or CP949/EUC-KR",
    )


def _decode_korean(data: bytes) -> str:
    try:
        return data.decode("euc_kr")
    except UnicodeDecodeError:
        return data.decode("cp949")


def _mostly_utf8(data: bytes) -> bool:
    """More well-formed UTF-8 multi-byte characters than bad bytes: UTF-8 with damage, not
    another encoding (CP949 Korean text forms a well-formed UTF-8 sequence by chance about
    once in eight characters)."""
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    multibyte = len(lenient) - len(lenient.encode("ascii", errors="ignore")) - bad
    return multibyte > bad


def _korean(data: bytes, text: str) -> bool:
    """CP949 as Korean files hold it: its non-ASCII characters nearly all in the KS X 1001 set
    of EUC-KR (CP949's extra Hangul are rare in real text; another 8-bit encoding read as CP949
    is mostly those)."""
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    extra = data.decode("euc_kr", errors="replace").count("\ufffd")
    return extra * 4 <= non_ascii


def _decode_utf16(data: bytes, document: str) -> str:
    """UTF-16 after its byte-order mark (the codec reads the mark and drops it)."""
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError as exc:
        line = _lf(data[: exc.start].decode("utf-16", errors="replace")).count("\n") + 1
        raise SourceParseError(document, line, f"not valid UTF-16: {exc.reason}") from None


def _utf16_like(data: bytes) -> bool:
    """NULs at every other byte of the start: UTF-16 text of mostly ASCII characters."""
    head = data[:200]
    quarter = len(head) // 4
    return len(head) >= 4 and (head[1::2].count(0) > quarter or head[::2].count(0) > quarter)


@contextmanager
def open_document(path: Path) -> Iterator[BinaryIO]:
    """Open a document: a regular, readable file with a UTF-8 name, of at most
    :data:`MAX_DOCUMENT_BYTES`; anything else is a :class:`SourceParseError` naming the path.

    Opened without blocking and checked on the open file, so a FIFO or a device is refused,
    never waited on or read, even if it replaced a checked file meanwhile.
    """
    try:
        path.name.encode("utf-8")
    except UnicodeEncodeError:
        raise SourceParseError(
            shown(path), None, "the file name is not valid UTF-8 (it names the document): rename it"
        ) from None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise SourceParseError(shown(path), None, _refusal(path, exc)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SourceParseError(shown(path), None, f"{_kind(info.st_mode)}, not a document")
        if info.st_size > MAX_DOCUMENT_BYTES:
            raise SourceParseError(shown(path), None, _too_large(info.st_size))
        file = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with file:
        yield file


def read_document(path: Path) -> bytes:
    """The bytes of a document (see :func:`open_document`)."""
    with open_document(path) as file:
        try:
            data = file.read(MAX_DOCUMENT_BYTES + 1)
        except OSError as exc:
            raise SourceParseError(shown(path), None, f"cannot read: {exc.strerror}") from None
    if len(data) > MAX_DOCUMENT_BYTES:  # it grew after it was opened
        raise SourceParseError(shown(path), None, _too_large(len(data)))
    return data


def _too_large(size: int) -> str:
    limit = f"{MAX_DOCUMENT_BYTES:,} bytes ({MAX_DOCUMENT_BYTES / 2**20:g} MiB)"
    return f"{size:,} bytes, over the limit of {limit} for one document"


def _kind(mode: int) -> str:
    """What a file that is not a regular one is, in words."""
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    )
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def _refusal(path: Path, exc: OSError) -> str:
    """Why ``path`` cannot be opened, in words (a symlink's loop or missing target, a kind of
    file that cannot be opened such as a socket)."""
    if exc.errno == errno.ELOOP:
        return "a symlink loop"
    if path.is_symlink() and not path.exists():
        return f"a dangling symlink (to {shown(Path(os.readlink(path)))})"
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = stat.S_IFREG
    if not stat.S_ISREG(mode):
        return f"{_kind(mode)}, not a document"
    return f"cannot open: {exc.strerror or exc}"


def shown(path: Path) -> str:
    """``path`` printable: bytes of a name that are not UTF-8 shown as ``\\xNN``."""
    return os.fsencode(path).decode("utf-8", errors="backslashreplace")


def load(
    path: str | Path, family_name: str | None = None, *, sink: Sink | None = None
) -> ParseResult:
    """Read one document from disk and parse it with its (detected or named) family; ``sink``
    takes parts of it while it is parsed (see :class:`~.records.SourceInfo`)."""
    path = Path(path)
    text = decode(read_document(path), path.name)
    fam = family(family_name) if family_name else detect(path.name, text)
    return fam.parse(text, SourceInfo(path.stem, path.name, sink))
