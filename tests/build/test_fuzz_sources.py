"""Fuzz: ``policykg build`` over mutated copies of the corpus documents, seeded and bounded.

Each case is one document of ``data/sources/`` mutated one way (tests/support/mutations.py: line
ends, a byte-order mark, UTF-16, CP949, EUC-KR, NFD; truncation, deleted or repeated lines, a
flipped byte, a NUL) and built alone by the real command in a child process with a time limit.
Every case: no Python trace, no hang (the build ends within ``TIMEOUT``), exit 0 or 2. Then the
oracle of its mutation (see :mod:`tests.support.mutations`):

- the same text saved differently → exit 0 and exactly the graph (every quad of the store) of
  that text saved as UTF-8 with LF line ends;
- bytes that are no text → exit 2, ``policykg: error: <file>:<line>: …`` naming the line of the
  first such byte;
- the text edited → exit 2 naming the document and one of its lines, or exit 0 with the document
  in the report (or reported unrecognised) and every source span of it inside the edited text's
  lines, quoting exactly those lines: a clean build is a faithful reading of what it was given.

``POLICYKG_FUZZ_SEED`` and ``POLICYKG_FUZZ_CASES`` run other or more cases; the table of cases
and what each gave is written to ``tests/artifacts/fuzz-sources.txt``.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat

from policykg.build.reading import decode
from policykg.model import iri
from policykg.model.records import GraphBuilder, SourceInfo
from policykg.store.policy_store import PolicyStore
from tests.support.mutations import KINDS, Mutant, mutate
from tests.support.paths import ARTIFACTS, PLAN, SOURCES

SEED = int(os.environ.get("POLICYKG_FUZZ_SEED", "17"))
CASES = int(os.environ.get("POLICYKG_FUZZ_CASES", str(3 * len(KINDS))))
TIMEOUT = 180  # seconds for one build of one document (about 1 s, the plan 4 s, when idle)

pytestmark = pytest.mark.fuzz

SPANS = """
SELECT ?span ?start ?end ?quote ?doc WHERE {
  ?span a pk:SourceSpan ; pk:document ?doc ; pk:startLine ?start ; pk:endLine ?end ;
        pk:quote ?quote }
"""


@dataclass
class Built:
    code: int | None  # None: killed at the time limit
    out: str
    err: str
    store: Path

    def error(self) -> str:
        return next((ln for ln in self.err.splitlines() if ln.startswith("policykg:")), "")


def build(folder: Path, store: Path) -> Built:
    command = [sys.executable, "-m", "policykg.cli.main", "--store", str(store), "build"]
    try:
        done = subprocess.run(
            [*command, "--sources", str(folder)], capture_output=True, text=True, timeout=TIMEOUT
        )
    except subprocess.TimeoutExpired:
        return Built(None, "", "", store)
    return Built(done.returncode, done.stdout, done.stderr, store)


def quads(store: Path) -> list[str]:
    data = PolicyStore.open(store).store.dump(format=RdfFormat.N_QUADS)
    return sorted(data.decode("utf-8").splitlines())


def cases(count: int, seed: int) -> list[tuple[int, Path, Mutant]]:
    """``count`` cases, each mutation kind in turn, documents drawn at random (the plan, which
    takes four times as long to build, less often)."""
    rng = random.Random(seed)
    docs = sorted(SOURCES.glob("*.txt"))
    weights = [1 if doc == PLAN else 3 for doc in docs]
    texts = {doc: doc.read_text("utf-8") for doc in docs}
    out = []
    for n in range(count):
        doc = rng.choices(docs, weights)[0]
        out.append((n, doc, mutate(texts[doc], KINDS[n % len(KINDS)], rng)))
    return out


def check(n: int, doc: Path, mutant: Mutant, built: Built, references: dict) -> str:
    """What the case gave, in words; an ``AssertionError`` where it broke the oracle."""
    where = f"case {n} {doc.name} {mutant.kind} ({mutant.detail})"
    assert built.code is not None, f"{where}: no answer in {TIMEOUT} s (a hang)"
    assert "Traceback" not in built.err, f"{where}: a Python trace\n{built.err}"
    assert built.code in (0, 2), f"{where}: exit {built.code}\n{built.err}"
    error = built.error()
    if mutant.oracle == "same-text":
        assert built.code == 0, f"{where}: {error}"
        expected = references[mutant.reference]
        got = quads(built.store)
        assert got == expected, f"{where}: {len(set(got) ^ set(expected))} quads differ"
        return f"same graph ({len(got)} quads)"
    if mutant.oracle == "not-text":
        assert built.code == 2, f"{where}: built, but the copy holds bytes that are no text"
        assert error.startswith(f"policykg: error: {doc.name}:{mutant.line}: "), f"{where}: {error}"
        return f"error at line {mutant.line}: {error.split(': ', 3)[-1][:60]}"
    lines = decode(mutant.data, doc.name).split("\n")
    if built.code == 2:
        named = re.match(rf"policykg: error: (?:{re.escape(doc.name)}|{doc.stem}):(\d+): ", error)
        assert named and 1 <= int(named.group(1)) <= len(lines), f"{where}: {error}"
        return f"error at line {named.group(1)}: {error.split(': ', 3)[-1][:60]}"
    assert f"  {doc.stem}: " in built.out or "unrecognised-document" in built.out, where
    spans = PolicyStore.open(built.store).select(SPANS)
    builder = GraphBuilder(SourceInfo(doc.stem), lines)
    own = [s for s in spans if s["doc"] == iri.document(doc.stem)]
    for span in own:
        start, end = int(span["start"].value), int(span["end"].value)
        assert 1 <= start <= end <= len(lines), f"{where}: span {start}-{end} of {len(lines)}"
        assert span["quote"].value == builder.quote(start, end), f"{where}: quote of {start}-{end}"
    findings = re.search(r"data-quality findings: (\d+)", built.out)
    return f"built: {len(own)} spans faithful, {findings.group(1) if findings else 0} findings"


def test_mutated_documents_build_cleanly_or_fail_clearly(tmp_path):
    chosen = cases(CASES, SEED)
    reference_texts = {m.reference: doc for _n, doc, m in chosen if m.oracle == "same-text"}

    def reference(text: str) -> tuple[str, list[str]]:
        key = hashlib.sha256(text.encode()).hexdigest()[:12]
        folder = tmp_path / f"ref-{key}"
        folder.mkdir()
        (folder / reference_texts[text].name).write_text(text, "utf-8")
        built = build(folder, tmp_path / f"ref-{key}-store")
        assert built.code == 0, built.err
        return text, quads(built.store)

    def run(case: tuple[int, Path, Mutant]) -> tuple[int, str]:
        n, doc, mutant = case
        folder = tmp_path / f"case-{n}"
        folder.mkdir()
        (folder / doc.name).write_bytes(mutant.data)
        built = build(folder, tmp_path / f"case-{n}-store")
        try:
            return n, check(n, doc, mutant, built, references)
        except AssertionError as exc:
            return n, f"FAILED {exc}"

    with ThreadPoolExecutor(max_workers=2) as pool:
        references = dict(pool.map(reference, reference_texts))
        outcomes = dict(pool.map(run, chosen))
    table = [
        f"{n:3}  {doc.stem[:28]:28}  {m.kind:15} {m.detail[:40]:40}  {outcomes[n]}"
        for n, doc, m in chosen
    ]
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "fuzz-sources.txt").write_text(
        f"seed {SEED}, {len(chosen)} cases\n" + "\n".join(table) + "\n", "utf-8"
    )
    failed = [row for row in table if "FAILED" in row]
    assert not failed, "\n".join(failed)
    # every oracle was exercised, so a case kind cannot quietly stop testing anything
    assert {m.oracle for _n, _d, m in chosen} == {"same-text", "not-text", "edited"}
