"""Shared fixtures: the bundled corpus built once into a real on-disk store per test session."""

from __future__ import annotations

import json
import os

import pytest

from policykg.build.pipeline import build
from policykg.store.policy_store import PolicyStore
from tests.support.oxigraph_server import TEST_STORE_ENV, oxigraph_server
from tests.support.paths import GOLD, PLAN, SOURCES
from tests.support.virtuoso_server import mark_limits, virtuoso_server


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "uses_store: the test reads the corpus store (built_store or "
        "store); CI runs these again against oxigraph serve and Virtuoso",
    )
    config.addinivalue_line(
        "markers", "fuzz: builds mutated copies of the corpus documents (tens of seconds)"
    )
    config.addinivalue_line(
        "markers",
        "fresh_machine: runs the README's run command with Debian's /usr/bin/python3, "
        "installing from PyPI (minutes); CI runs it, -m 'not fresh_machine' leaves it out",
    )


def pytest_collection_modifyitems(items):
    """Mark every test that needs the built corpus store, so CI can select them by ``-m``."""
    for item in items:
        if "built_store" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.uses_store)
    if os.environ.get(TEST_STORE_ENV) == "virtuoso":
        mark_limits(items)


@pytest.fixture(scope="session")
def built_store(tmp_path_factory):
    """The path of a store built from the bundled corpus, and the build report.

    With ``POLICYKG_TEST_STORE=oxigraph`` the store is an ``oxigraph serve`` started here and the
    "path" its URL, so every store-dependent test runs against a remote SPARQL server;
    ``POLICYKG_TEST_STORE=virtuoso`` does the same with a private Virtuoso
    (tests/support/virtuoso_server.py).
    """
    servers = {"oxigraph": oxigraph_server, "virtuoso": virtuoso_server}
    server = servers.get(os.environ.get(TEST_STORE_ENV, ""))
    if server is not None:
        with server(tmp_path_factory.mktemp(os.environ[TEST_STORE_ENV]) / "db") as url:
            yield url, build(SOURCES, url)
        return
    path = tmp_path_factory.mktemp("store")
    report = build(SOURCES, path)
    yield path, report


@pytest.fixture(scope="session")
def store(built_store) -> PolicyStore:
    return PolicyStore.open(built_store[0])


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads(GOLD.read_text("utf-8"))


@pytest.fixture(scope="session")
def plan_lines() -> list[str]:
    return PLAN.read_text("utf-8").split("\n")
