"""Mutated copies of a source document, for the fuzz test of the build (tests/build).

A :class:`Mutant` is the bytes of a copy and what the build must make of it (its oracle):

- ``same-text``: a copy saved differently (line ends, byte-order mark, UTF-16, CP949/EUC-KR,
  NFD) whose text is ``reference``: the build must give exactly the graph of ``reference``
  saved as UTF-8 with LF line ends (the original document, or for a re-encoding that cannot hold
  every character, the original with those characters replaced as the encoder replaces them);
- ``not-text``: bytes that are no text in any encoding read (damaged UTF-8, a NUL): the build
  must stop with an error naming the document and ``line``, the line of the first such byte;
- ``edited``: the text itself changed (truncated, lines deleted or repeated, a byte flipped
  into another valid character): no expected graph exists, so the build must either stop with
  an error naming the document and a line of it, or succeed with a graph that is a faithful
  reading of the edited text (every source span of the document inside its lines and quoting
  them exactly), the document listed in the report or reported unrecognised.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

SAME_TEXT = ("crlf", "cr", "mixed-line-ends", "utf-8-bom", "utf-16", "cp949", "euc-kr", "nfd")
DESTRUCTIVE = ("truncate", "delete-lines", "repeat-lines", "flip-byte", "nul")
KINDS = SAME_TEXT + DESTRUCTIVE


@dataclass(frozen=True)
class Mutant:
    kind: str
    detail: str
    data: bytes
    oracle: str  # same-text | not-text | edited
    reference: str = ""  # same-text: the text whose graph the copy must give
    line: int = 0  # not-text: the line of the first byte that is no text


def line_ends(text: str, rng: random.Random, style: str) -> str:
    if style == "lf":
        return text
    if style == "crlf":
        return text.replace("\n", "\r\n")
    if style == "cr":
        return text.replace("\n", "\r")
    # a lone CR, then an empty line ending in LF, would read as one CRLF line end: such an
    # empty line ends in CRLF instead
    out: list[str] = []
    parts = text.split("\n")
    for part in parts[:-1]:
        end = rng.choice(("\n", "\r\n", "\r"))
        if end == "\n" and not part and out and out[-1] == "\r":
            end = "\r\n"
        out += [part, end]
    return "".join([*out, parts[-1]])


def line_of(data: bytes, offset: int) -> int:
    """The 1-based line of byte ``offset`` (LF, CRLF and a lone CR each end a line)."""
    before = data[:offset]
    return before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1


def first_non_text(data: bytes) -> int | None:
    """The offset of the first byte that is not UTF-8 text (a bad sequence or a NUL)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        nul = data.find(b"\x00", 0, exc.start)
        return exc.start if nul < 0 else nul
    return data.find(b"\x00") if "\x00" in text else None


def mutate(text: str, kind: str, rng: random.Random) -> Mutant:
    """One mutated copy of ``text`` (a UTF-8/LF document)."""
    if kind in SAME_TEXT:
        return _same_text(text, kind, rng)
    data = text.encode("utf-8")
    lines = text.split("\n")
    if kind == "truncate":  # at a character (a shorter text) or at any byte
        if rng.random() < 0.5:
            cut = len(text[: rng.randrange(len(text))].encode("utf-8"))
        else:
            cut = rng.randrange(len(data))
        data, detail = data[:cut], f"at byte {cut} of {len(data)}"
    elif kind in ("delete-lines", "repeat-lines"):
        start = rng.randrange(len(lines))
        end = min(len(lines), start + rng.randint(1, 50))
        block = lines[start:end]
        kept = lines[:start] + (block * 2 if kind == "repeat-lines" else []) + lines[end:]
        data, detail = "\n".join(kept).encode("utf-8"), f"lines {start + 1}-{end}"
    elif kind == "flip-byte":  # any bits, or the low six (in a Korean syllable: another one)
        at, mask = rng.randrange(len(data)), rng.randrange(1, rng.choice((64, 256)))
        data = data[:at] + bytes([data[at] ^ mask]) + data[at + 1 :]
        detail = f"byte {at} xor 0x{mask:02x}"
    else:  # nul
        at = rng.randrange(len(data) + 1)
        data, detail = data[:at] + b"\x00" + data[at:], f"at byte {at}"
    bad = first_non_text(data)
    if bad is not None:
        return Mutant(kind, detail, data, "not-text", line=line_of(data, bad))
    return Mutant(kind, detail, data, "edited")


def _same_text(text: str, kind: str, rng: random.Random) -> Mutant:
    style = rng.choice(("lf", "crlf", "cr", "mixed"))
    if kind in ("crlf", "cr"):
        return Mutant(kind, "", line_ends(text, rng, kind).encode("utf-8"), "same-text", text)
    if kind == "mixed-line-ends":
        return Mutant(kind, "", line_ends(text, rng, "mixed").encode("utf-8"), "same-text", text)
    if kind == "utf-8-bom":
        data = b"\xef\xbb\xbf" + line_ends(text, rng, style).encode("utf-8")
        return Mutant(kind, f"{style} line ends", data, "same-text", text)
    if kind == "nfd":
        data = unicodedata.normalize("NFD", line_ends(text, rng, style)).encode("utf-8")
        return Mutant(kind, f"{style} line ends", data, "same-text", text)
    if kind == "utf-16":
        codec = rng.choice(("utf-16-le", "utf-16-be"))
        data = line_ends("\ufeff" + text, rng, style).encode(codec)
        return Mutant(kind, f"{codec}, {style} line ends", data, "same-text", text)
    # cp949, euc-kr: characters the encoding lacks are replaced (as a converter would), and the
    # copy must read as the original with those replacements
    codec = kind.replace("-", "_")
    data = line_ends(text, rng, style).encode(codec, errors="replace")
    reference = text.encode(codec, errors="replace").decode(codec)
    lost = sum(a != b for a, b in zip(text, reference, strict=False)) if reference != text else 0
    detail = f"{style} line ends" + (f", {lost} characters replaced" if lost else "")
    return Mutant(kind, detail, data, "same-text", reference)
