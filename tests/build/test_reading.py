"""Reading source files: every saved form of a document is the same text (so the same graph),
bytes that are no text are an error naming the line, and only regular, readable files within the
size limit are documents; anything else is refused naming its path (exit 2), never a trace or a
hang.
"""

from __future__ import annotations

import codecs
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from policykg.build.reading import MAX_DOCUMENT_BYTES, decode, load
from policykg.cli.main import main
from policykg.model.errors import SourceParseError
from policykg.model.text import nfc
from tests.support.paths import SOURCES

DOCS = sorted(SOURCES.glob("*.txt"))
AGENDA = SOURCES / "gov-2026-national-agenda-progress.txt"  # all in EUC-KR's character set
WORK_REPORT = SOURCES / "moti-2025-12-work-report.txt"

FORMS = {
    "crlf": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    "cr": lambda t: t.replace("\n", "\r").encode("utf-8"),
    "utf-8-bom": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "utf-16-le-bom-crlf": lambda t: ("\ufeff" + t.replace("\n", "\r\n")).encode("utf-16-le"),
    "utf-16-be-bom": lambda t: ("\ufeff" + t).encode("utf-16-be"),
    "nfd": lambda t: unicodedata.normalize("NFD", t).encode("utf-8"),
}


def original(doc: Path) -> str:
    return decode(doc.read_bytes(), doc.name)


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.stem)
def test_a_document_saved_another_way_is_the_same_text(doc, form):
    """The text is all a loader sees (parse(text, source) is pure), so the same text is the
    same graph; test_other_forms_build_the_same_graph checks that end to end."""
    assert decode(FORMS[form](doc.read_text("utf-8")), doc.name) == original(doc)


@pytest.mark.parametrize("codec", ["cp949", "euc_kr"])
@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.stem)
def test_korean_legacy_encodings_read_as_the_text_they_hold(doc, codec):
    text = doc.read_text("utf-8")
    data = text.replace("\n", "\r\n").encode(codec, errors="replace")
    held = text.encode(codec, errors="replace").decode(codec)  # what a converter would write
    assert decode(data, doc.name) == nfc(held)


def test_a_document_in_the_legacy_character_set_reads_as_its_original():
    assert decode(AGENDA.read_text("utf-8").encode("euc_kr"), AGENDA.name) == original(AGENDA)


def test_other_forms_build_the_same_graph(tmp_path, capsysbinary):
    """The corpus with each document saved another way (the issue's CRLF and CR copies among
    them) builds exactly the graph of the corpus as shipped; ``--store`` after the command."""
    forms = {
        "motie-2024-performance-plan": FORMS["cr"],  # lost most of its triples before
        "geri-2021-03-gumi-issue-focus-49": FORMS["crlf"],  # had \r in its quotes before
        "moti-2025-12-work-report": FORMS["utf-16-le-bom-crlf"],
        "motie-2024-02-new-industrial-policy-2.0": lambda t: FORMS["utf-8-bom"](
            unicodedata.normalize("NFD", t)
        ),
        "gov-2026-national-agenda-progress": lambda t: t.replace("\n", "\r\n").encode("cp949"),
    }
    copies = tmp_path / "copies"
    copies.mkdir()
    for doc in DOCS:
        (copies / doc.name).write_bytes(forms[doc.stem](doc.read_text("utf-8")))

    def graph(sources: Path, store: Path) -> list[bytes]:
        assert main(["build", "--sources", str(sources), "--store", str(store)]) == 0
        capsysbinary.readouterr()
        assert main(["export", "--format", "nquads", "--store", str(store)]) == 0
        return sorted(capsysbinary.readouterr().out.splitlines())

    shipped = graph(SOURCES, tmp_path / "shipped")
    assert len(shipped) > 80_000
    assert graph(copies, tmp_path / "copies-store") == shipped


@pytest.mark.parametrize(
    ("data", "line", "reason"),
    [
        ("첫 줄\n둘째 줄\n셋째 ".encode() + b"\xff" + " 끝\n".encode(), 3, "damaged byte"),
        (b"first\rsecond\r\nthird caf\xe9\n", 3, "neither UTF-8 nor CP949/EUC-KR"),
        ("Ärger Ägypten Ähre\n".encode("latin-1"), 1, "as CP949/EUC-KR it is not Korean text"),
        ("첫 줄\r둘째 줄\r\x00셋째\r".encode(), 3, "NUL byte: not a text file"),
    ],
    ids=["damaged-utf-8", "latin-1", "latin-1-read-as-cp949", "nul-after-cr-line-ends"],
)
def test_bytes_that_are_no_text_name_their_line(data, line, reason):
    with pytest.raises(SourceParseError) as err:
        decode(data, "broken.txt")
    assert (err.value.document, err.value.line) == ("broken.txt", line)
    assert reason in err.value.reason
    assert str(err.value).startswith(f"broken.txt:{line}: ")


def test_utf16_without_a_byte_order_mark_is_named():
    with pytest.raises(SourceParseError) as err:
        decode("plain text\nline two\n".encode("utf-16-le"), "a.txt")
    assert err.value.line == 1 and "UTF-16 without a byte-order mark" in err.value.reason


# -- what is a document ---------------------------------------------------------------------------


def build_folder(folder: Path, store: Path, *, prefix: tuple[str, ...] = ()) -> tuple[int, str]:
    """``policykg build`` as a person runs it, in a child process: a hang fails the test."""
    command = [sys.executable, "-m", "policykg.cli.main", "build", "--sources", str(folder)]
    done = subprocess.run(
        [*prefix, *command, "--store", str(store)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.returncode, done.stderr


def _loop(folder: Path) -> Path:
    (folder / "a.txt").symlink_to("b.txt")
    (folder / "b.txt").symlink_to("a.txt")
    return folder / "a.txt"


def _dangling(folder: Path) -> Path:
    (folder / "gone.txt").symlink_to("nowhere.txt")
    return folder / "gone.txt"


def _link_to_folder(folder: Path) -> Path:
    (folder / "linked.txt").symlink_to(folder.parent)
    return folder / "linked.txt"


def _folder(folder: Path) -> Path:
    (folder / "notes.txt").mkdir()
    return folder / "notes.txt"


def _fifo(folder: Path) -> Path:
    os.mkfifo(folder / "pipe.txt")
    return folder / "pipe.txt"


def _device(folder: Path) -> Path:
    (folder / "null.txt").symlink_to("/dev/null")
    return folder / "null.txt"


def _non_utf8_name(folder: Path) -> Path:
    path = folder / os.fsdecode(b"caf\xe9.txt")
    shutil.copy(WORK_REPORT, path)
    return path


def _too_large(folder: Path) -> Path:
    path = folder / "huge.txt"
    with path.open("wb") as file:
        file.truncate(MAX_DOCUMENT_BYTES + 1)  # sparse: nothing is written, nothing is read
    return path


ENTRIES = {
    "symlink-loop": (_loop, "a symlink loop"),
    "dangling-symlink": (_dangling, "a dangling symlink (to nowhere.txt)"),
    "symlink-to-folder": (_link_to_folder, "a folder, not a document"),
    "folder-named-txt": (_folder, "a folder, not a document"),
    "fifo": (_fifo, "a FIFO (named pipe), not a document"),
    "device": (_device, "a character device, not a document"),
    "non-utf-8-name": (_non_utf8_name, "the file name is not valid UTF-8"),
    "too-large": (_too_large, f"{MAX_DOCUMENT_BYTES + 1:,} bytes, over the limit of"),
}


@pytest.fixture(scope="module")
def kept_store(tmp_path_factory) -> tuple[Path, int]:
    """A store built before the refused builds, and its number of quads."""
    from policykg.store.policy_store import PolicyStore

    folder = tmp_path_factory.mktemp("good")
    shutil.copy(WORK_REPORT, folder)
    store = tmp_path_factory.mktemp("kept") / "store"
    assert build_folder(folder, store)[0] == 0
    return store, len(PolicyStore.open(store))


@pytest.mark.parametrize("entry", ENTRIES)
def test_an_entry_that_is_no_document_is_refused_naming_its_path(entry, tmp_path, kept_store):
    from policykg.store.policy_store import PolicyStore

    make, reason = ENTRIES[entry]
    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copy(WORK_REPORT, folder)
    bad = make(folder)
    store, quads = kept_store
    code, err = build_folder(folder, store)
    shown = os.fsencode(bad).decode("utf-8", errors="backslashreplace")
    assert code == 2 and "Traceback" not in err
    assert err.startswith("policykg: error: ") and f"{shown}: {reason}" in err
    assert len(PolicyStore.open(store)) == quads  # the store built before is kept


def test_several_bad_entries_are_named_together(tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    paths = [_fifo(folder), _dangling(folder), _folder(folder)]
    code, err = build_folder(folder, tmp_path / "store")
    assert code == 2 and "policykg: error: 3 sources are not documents:" in err
    assert all(str(p) in err for p in paths)


def test_an_unreadable_file_is_refused_naming_its_path(tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    secret = folder / "secret.txt"
    shutil.copy(WORK_REPORT, secret)
    secret.chmod(0)
    prefix: tuple[str, ...] = ()
    if os.geteuid() == 0:  # root reads any file: run the build without that privilege
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("as root, needs util-linux setpriv to drop the right to read any file")
        prefix = (setpriv, "--bounding-set=-dac_override,-dac_read_search")
    code, err = build_folder(folder, tmp_path / "store", prefix=prefix)
    assert code == 2 and "Traceback" not in err
    assert f"policykg: error: {secret}: cannot open: Permission denied" in err


def test_load_refuses_a_fifo_without_waiting_on_it(tmp_path):
    """The one place a document is read opens it without blocking (a FIFO given directly)."""
    fifo = _fifo(tmp_path)
    code = "import sys\nfrom policykg.build.reading import load\nload(sys.argv[1])"
    done = subprocess.run(
        [sys.executable, "-c", code, str(fifo)], capture_output=True, text=True, timeout=60
    )
    assert (
        "SourceParseError" in done.stderr and "a FIFO (named pipe), not a document" in done.stderr
    )


def test_a_symlink_to_a_document_is_read(tmp_path):
    link = tmp_path / WORK_REPORT.name
    link.symlink_to(WORK_REPORT)
    assert load(link).triples == load(WORK_REPORT).triples
