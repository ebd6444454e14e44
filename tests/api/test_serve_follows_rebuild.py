"""A running ``policykg serve`` answers from the store ``policykg build`` last swapped in.

The server is a real process; the builds run here, from different selections of the bundled
documents, into the directory it serves. Each step asks the SPARQL endpoint (both query workers),
a named question and the search index of the graph API, and checks that the answers name exactly
the documents of the latest build. Generations a reader still has open are pinned: a build leaves
them on disk, and prunes them once the reader has moved on.
"""

from __future__ import annotations

import shutil
import threading
import time
from multiprocessing import Pipe
from pathlib import Path

import httpx

from policykg.api import worker
from policykg.api.following import Following, generation
from policykg.build.pipeline import build
from policykg.store.generations import current, remove_unless_pinned
from policykg.store.policy_store import PolicyStore
from tests.support.paths import SOURCES
from tests.support.sparql_server import running

REPORT = "moti-2025-12-work-report"
POLICY = "motie-2024-02-new-industrial-policy-2.0"
DOC = "https://w3id.org/policykg/id/doc/"
DOC_GRAPHS = (
    "SELECT ?g WHERE { GRAPH ?g {} FILTER(STRSTARTS(STR(?g), "
    '"https://w3id.org/policykg/id/doc/")) }'
)
WORKERS = 2


def _build(tmp_path: Path, root: Path, *names: str) -> Path:
    """Build ``root`` from only the documents ``names``; the generation it swapped in."""
    src = tmp_path / f"src-{'+'.join(names)}"
    if not src.exists():
        src.mkdir()
        for name in names:
            shutil.copy(SOURCES / f"{name}.txt", src / f"{name}.txt")
    build(src, root)
    return current(root)


def _documents_served(base: str) -> set[str]:
    """The documents every route of the server answers from; they must all agree."""
    seen = []
    for _ in range(2 * WORKERS):  # sequential requests take the workers in turn
        r = httpx.get(
            f"{base}/sparql",
            params={"query": DOC_GRAPHS},
            headers={"Accept": "application/sparql-results+json"},
            timeout=30,
        )
        assert r.status_code == 200, r.text
        seen.append({b["g"]["value"].removeprefix(DOC) for b in r.json()["results"]["bindings"]})
    r = httpx.get(
        f"{base}/api/questions/documents-mentioning", params={"entity": "반도체"}, timeout=30
    )
    assert r.status_code == 200, r.text
    seen.append({row["document"] for row in r.json()["rows"]})
    r = httpx.get(f"{base}/api/search", params={"q": "디스플레이", "type": "Strategy"}, timeout=30)
    assert r.status_code == 200, r.text
    strategies = {row["label"] for row in r.json()["rows"]}
    seen.append({POLICY} if "디스플레이 산업 혁신전략" in strategies else set())
    assert all(s == seen[0] for s in seen[:-1]), seen
    assert seen[-1] == (seen[0] & {POLICY}), seen
    return seen[0]


def _settle() -> None:
    """Wait until every idle worker has followed the last build: each looks once a tick."""
    time.sleep(2.5 * worker._TICK_SECONDS)


def test_running_server_follows_rebuilds_and_releases_old_generations(tmp_path):
    root = tmp_path / "store"
    first = _build(tmp_path, root, REPORT)
    with running(root, "--workers", str(WORKERS)) as base:
        assert _documents_served(base) == {REPORT}

        second = _build(tmp_path, root, POLICY)
        assert second != first
        assert _documents_served(base) == {POLICY}
        _settle()

        third = _build(tmp_path, root, REPORT, POLICY)
        assert _documents_served(base) == {REPORT, POLICY}
        assert not first.exists()  # the server let go of it, so the build pruned it
        _settle()

        # two builds while the server sits idle: the graph API still has the third generation
        # open (it looks at the link only when asked); the workers follow on their own
        _build(tmp_path, root, POLICY)
        fifth = _build(tmp_path, root, REPORT)
        assert not second.exists()
        assert third.exists()  # pinned by the server: older than the two kept, yet not pruned
        assert _documents_served(base) == {REPORT}
        _settle()

        _build(tmp_path, root, POLICY)
        assert not third.exists()  # released when the server moved to the fifth
        assert fifth.exists()
        assert _documents_served(base) == {POLICY}


def test_an_open_reader_keeps_its_generation_until_it_is_dropped(tmp_path):
    root = tmp_path / "store"
    first = _build(tmp_path, root, REPORT)
    reader = PolicyStore.open(root)
    assert reader.pin.generation == first
    _build(tmp_path, root, POLICY)
    _build(tmp_path, root, REPORT, POLICY)
    assert first.exists()
    assert {g.removeprefix(DOC) for g in reader.graphs() if g.startswith(DOC)} == {REPORT}

    del reader
    _build(tmp_path, root, POLICY)
    assert not first.exists()
    assert len(list(root.glob("gen-*"))) == 2


def test_a_remote_store_is_its_url_whatever_builds_do():
    url = "http://127.0.0.1:1/sparql"
    assert generation(url) == url


def test_what_is_open_is_given_without_waiting_only_for_the_current_generation(tmp_path):
    """``Following.opened`` is what a request's event loop reads (``get`` may open a store)."""
    root = tmp_path / "store"
    for name in ("gen-1", "gen-2"):
        (root / name).mkdir(parents=True)
    (root / "current").symlink_to("gen-1")
    opened: list[str] = []
    following = Following(root, lambda: opened.append(generation(root)) or len(opened))
    assert following.opened() is None  # nothing opened yet
    assert following.get() == 1
    assert following.opened() == 1
    (root / "current").unlink()
    (root / "current").symlink_to("gen-2")  # a build swapped a generation in
    assert following.opened() is None  # not the stale value
    assert following.get() == 2 and following.opened() == 2
    assert opened == [str(root / "gen-1"), str(root / "gen-2")]


def test_the_writer_of_an_updatable_server_follows_rebuilds_too(tmp_path):
    root = tmp_path / "store"
    _build(tmp_path, root, REPORT)
    auth = {"Authorization": "Bearer s3cret", "Accept": "application/n-triples"}
    with running(root, "--allow-update", "--token", "s3cret") as base:

        def graph(name: str) -> httpx.Response:
            return httpx.get(
                f"{base}/store", params={"graph": DOC + name}, headers=auth, timeout=30
            )

        assert graph(REPORT).status_code == 200
        assert graph(POLICY).status_code == 404
        _build(tmp_path, root, POLICY)
        assert graph(REPORT).status_code == 404
        policy = graph(POLICY)
        assert policy.status_code == 200 and "new-industrial-policy" in policy.text


def test_an_idle_worker_lets_go_of_the_generation_its_last_request_used(tmp_path):
    """The worker loop itself, without the pool: however requests were dealt out, a worker that
    answered on a generation and then sat idle through a build holds nothing of it."""
    root = tmp_path / "store"
    first = _build(tmp_path, root, REPORT)
    ours, theirs = Pipe()
    threading.Thread(target=worker._serve, args=(theirs, str(root), False), daemon=True).start()
    assert ours.recv()["ready"]
    ours.send({"op": "graphs"})
    assert ours.recv()["status"] == 200

    second = _build(tmp_path, root, POLICY)
    time.sleep(3 * worker._TICK_SECONDS)  # idle ticks: the worker opens the second generation
    assert not remove_unless_pinned(second)  # the worker has it open
    assert remove_unless_pinned(first)  # and nothing of the first
    ours.close()
