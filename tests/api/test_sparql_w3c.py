"""The W3C SPARQL 1.1 Protocol and Graph Store Protocol suites, replayed against a live server.

All 34 protocol tests and all 14 graph-store tests (every test resource of the manifests) run on a
scratch store with updates enabled; the pass counts are printed at the end of the session.
"""

from __future__ import annotations

import pytest

from tests.support import w3c_runner
from tests.support.sparql_server import running, scratch_store

TOKEN = "w3c-token"
SUITES = {suite: w3c_runner.load(suite) for suite in w3c_runner.MANIFESTS}
PASSED: dict[str, int] = {}


@pytest.fixture(scope="module")
def runner(tmp_path_factory, pytestconfig):
    store = scratch_store(tmp_path_factory.mktemp("w3c") / "store")
    with running(store, "--allow-update", "--token", TOKEN) as base:
        yield w3c_runner.Runner(base, TOKEN)
    counts = ", ".join(f"{s} {PASSED.get(s, 0)}/{len(t)}" for s, t in SUITES.items())
    capture = pytestconfig.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled():  # printed even when output is captured
        print(f"\nW3C SPARQL 1.1 suites passed: {counts}")


def test_the_suites_are_complete():
    assert len(SUITES["protocol"]) == 34
    assert len(SUITES["graph-store"]) == 14


@pytest.mark.parametrize(
    "test", [t for s in SUITES.values() for t in s], ids=lambda t: f"{t.suite}:{t.short}"
)
def test_w3c(runner, test):
    problems = runner.run(test)
    assert not problems, "\n".join(problems)
    PASSED[test.suite] = PASSED.get(test.suite, 0) + 1


def test_service_description(runner):
    results = runner.service_description()
    assert results == {"returns-rdf": [], "has-endpoint-triple": [], "conforms-to-schema": []}
