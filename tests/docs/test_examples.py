"""Every example runs: the doctests of every module, and the examples of every page of docs/.

Modules are found by walking the installed packages, so a new module's examples run without a
list to edit. A page's ``>>>`` examples run as one doctest session against the corpus store
(``g`` is its :class:`~policykg.PolicyGraph`); its shell lines (``policykg …`` and ``echo … |
policykg …``) run as a person would type them, with ``$POLICYKG_STORE`` naming the store, and must
succeed and print something; its ``GET /…`` lines are requested from the server and must answer.
"""

from __future__ import annotations

import doctest
import importlib
import os
import pkgutil
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

import policykg
from tests.support.paths import DOCS, README

# policykg.loaders, .api and .cli are folders of their own mapped into policykg (pyproject.toml):
# an editable install does not show them in policykg.__path__, so each is walked
PACKAGES = ("policykg", "policykg.loaders", "policykg.api", "policykg.cli")
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE

# Commands a page shows that a test must not run, each with its reason.
NOT_RUN = {
    "python3 -m benchmarks": "a benchmark of minutes (docs/performance.md)",
    "python3 benchmarks/": "a benchmark of minutes (docs/performance.md)",
    "python3 -m tests.support.question_rewrites": "a check of every parameter set: minutes",
    "pip install": "installs packages",
    "python3 -m pip": "installs packages",
    "bash .ci/": "installs packages",
}


def _modules() -> list[str]:
    names = set()
    for package in PACKAGES:
        root = importlib.import_module(package)
        names.add(package)
        names.update(info.name for info in pkgutil.walk_packages(root.__path__, package + "."))
    return sorted(names)


MODULES = _modules()


@pytest.mark.parametrize("name", MODULES)
def test_module_examples(name):
    module = importlib.import_module(name)
    failures, _tried = doctest.testmod(module, optionflags=FLAGS, verbose=False, report=True)
    assert failures == 0


def test_the_walk_finds_every_package():
    """The walk reaches the loaders, the API and the CLI (folders mapped into policykg)."""
    assert {
        "policykg.loaders.plan.budget.numbers",
        "policykg.api.tabular",
        "policykg.cli.main",
        "policykg.analysis.impact",
        "policykg.model.text",
    } <= set(MODULES)


def _pages() -> list[Path]:
    return [README, *sorted(DOCS.glob("*.md"))]


def _blocks(text: str) -> list[tuple[int, str, str]]:
    """``(line, info, body)`` of each fenced block and each indented block of a page."""
    out, lines, i = [], text.split("\n"), 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            info, start, body = line[3:].strip(), i + 1, []
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                body.append(lines[i])
                i += 1
            out.append((start + 1, info, "\n".join(body)))
        elif line.startswith("    ") and (i == 0 or not lines[i - 1].strip()):
            start, body = i, []
            while i < len(lines) and (lines[i].startswith("    ") or not lines[i].strip()):
                body.append(lines[i][4:])
                i += 1
            out.append((start + 1, "", "\n".join(body).strip("\n")))
            continue
        i += 1
    return out


def _shell_lines(page: Path) -> list[tuple[int, str]]:
    """Shell commands of a page's code blocks (continuation lines joined, comments dropped)."""
    found = []
    for start, info, body in _blocks(page.read_text("utf-8")):
        if info not in ("", "sh", "bash", "console"):
            continue
        joined = body.replace("\\\n", " ")
        for offset, line in enumerate(joined.split("\n")):
            command = line.strip()
            if not command.startswith(("policykg ", "echo ", "python3 ", "bash ", "pip ")):
                continue
            found.append((start + offset, command))
    return found


SHELL = [(page.name, line, command) for page in _pages() for line, command in _shell_lines(page)]
HTTP = [
    (page.name, start, line.split()[1])
    for page in _pages()
    for start, _info, body in _blocks(page.read_text("utf-8"))
    for line in body.split("\n")
    if re.match(r"GET /\S+", line.strip())
]
DOCTEST_PAGES = [p.name for p in _pages() if ">>> " in p.read_text("utf-8")]


def _skip_reason(command: str) -> str | None:
    if "serve" in command.split():
        return "a long-running server (tests/api start it themselves)"
    if "http://127.0.0.1:" in command:
        return "needs a SPARQL server at that address (tests/store run against one)"
    return next((why for prefix, why in NOT_RUN.items() if prefix in command), None)


def test_every_page_has_its_examples_found():
    """The collection is not empty where pages have examples (a broken parser would pass)."""
    assert len(SHELL) >= 15 and len(HTTP) >= 8 and "python-api.md" in DOCTEST_PAGES


@pytest.mark.parametrize("page", DOCTEST_PAGES)
def test_page_doctests(page, built_store):
    from policykg import PolicyGraph

    path = README if page == README.name else DOCS / page
    graph = PolicyGraph.open(built_store[0])
    # a fence ends an example's expected output as a blank line would (line numbers kept)
    text = "\n".join("" if s.startswith("```") else s for s in path.read_text("utf-8").split("\n"))
    test = doctest.DocTestParser().get_doctest(text, {"g": graph}, page, str(path), 0)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    runner.run(test, out=sys.stdout.write)
    assert test.examples and runner.failures == 0, f"{runner.failures} failing examples in {page}"


@pytest.mark.parametrize(("page", "line", "command"), SHELL, ids=[f"{p}:{n}" for p, n, _ in SHELL])
def test_page_commands(page, line, command, built_store, tmp_path):
    reason = _skip_reason(command)
    if reason:
        pytest.skip(f"{page}:{line} not run: {reason}")
    env = {**os.environ, "POLICYKG_STORE": str(built_store[0])}
    if "build" in shlex.split(command, comments=True)[:3]:
        env["POLICYKG_STORE"] = str(tmp_path / "store")  # a build of its own
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"{page}:{line}: {command}\n{done.stderr[-2000:]}"
    written = [p for p in tmp_path.iterdir() if p.is_file()]
    assert done.stdout.strip() or written, f"{page}:{line}: {command} printed nothing"


@pytest.fixture(scope="module")
def client(built_store):
    from fastapi.testclient import TestClient

    from policykg.api.main import create_app
    from policykg.api.settings import Settings

    with TestClient(create_app(Settings(store=built_store[0]))) as c:
        yield c


@pytest.mark.parametrize(("page", "line", "url"), HTTP, ids=[f"{p}:{n}" for p, n, _ in HTTP])
def test_page_requests(page, line, url, client):
    response = client.get(url)
    assert response.status_code == 200, f"{page}:{line}: GET {url} -> {response.status_code}"
    assert response.content


def test_the_package_version_is_the_distributions():
    from importlib.metadata import version

    assert policykg.__version__ == version("policykg")
