"""The README's two commands: CI runs its test command verbatim, and its run command installs,
builds and serves with Debian's own Python, which refuses ``pip install`` outside a virtual
environment (PEP 668), as on a fresh Debian 12 or Ubuntu 24.04 with ``python3-venv``.

The run command test copies the checkout (the files git knows, as a fresh clone has them) into a
temporary folder and runs the command there with ``/usr/bin/python3`` first on ``PATH``; it
installs from PyPI (a few minutes), so it is marked ``fresh_machine``: CI runs it, and
``-m "not fresh_machine"`` leaves it out locally.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
from pathlib import Path
from urllib.request import urlopen

import pytest

from tests.support.paths import README, ROOT
from tests.support.processes import free_port, wait_until_answers

DEBIAN_PYTHON = Path("/usr/bin/python3")


def readme_commands() -> tuple[str, str]:
    """The run command and the test command: the first two command lines of the README."""
    found = re.findall(r"^    (python3 .+)$", README.read_text("utf-8"), flags=re.M)
    assert len(found) >= 2, "the README opens with its run and test commands"
    return found[0], found[1]


def test_ci_runs_the_readme_test_command():
    run, test = readme_commands()
    assert test in (ROOT / ".ci" / "run").read_text("utf-8").splitlines()
    # both make and use a virtual environment: Debian's python3 refuses pip installs
    for command in (run, test):
        assert command.startswith("python3 -m venv .venv && . .venv/bin/activate && ")
    assert run.endswith("policykg build && policykg serve")


def test_every_package_folder_is_installed():
    """A regular install takes the packages pyproject.toml lists (an editable one finds any)."""
    tomllib = pytest.importorskip("tomllib")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    folders = {folder: package for package, folder in config["package-dir"].items()}
    found = {
        ".".join([folders[init.relative_to(ROOT).parts[0]], *init.relative_to(ROOT).parts[1:-1]])
        for top in ("kg", "loaders", "api", "cli")
        for init in (ROOT / top).rglob("__init__.py")
    }
    assert found <= set(config["packages"]), sorted(found - set(config["packages"]))


def checkout_copy(target: Path) -> Path:
    """The files of the checkout as a fresh clone has them (untracked, unignored ones too)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
    )
    if listed.returncode != 0:
        pytest.skip("needs the checkout's git metadata to copy it as a clone has it")
    for name in filter(None, listed.stdout.decode("utf-8", "surrogateescape").split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.mark.fresh_machine
@pytest.mark.skipif(
    not DEBIAN_PYTHON.exists(), reason="no system Python at /usr/bin/python3 on this machine"
)
def test_the_run_command_installs_builds_and_serves_with_debians_python(tmp_path):
    has_venv = subprocess.run([DEBIAN_PYTHON, "-c", "import ensurepip, venv"], capture_output=True)
    if has_venv.returncode != 0:
        pytest.skip("the system Python has no venv module (Debian: apt install python3-venv)")
    run, _test = readme_commands()
    port = free_port()
    command = run.replace("policykg serve", f"policykg serve --port {port}")  # a free port
    assert command.count(f"--port {port}") == 1
    checkout = checkout_copy(tmp_path / "checkout")
    # python3 is /usr/bin/python3; pip's own settings (its index, certificates) are kept, and
    # the store goes to the temporary folder (XDG_DATA_HOME)
    env = {k: v for k, v in os.environ.items() if k.startswith(("PIP_", "LANG", "LC_"))}
    env |= {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", str(tmp_path))}
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    log = tmp_path / "run.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            ["bash", "-c", command],
            cwd=checkout,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        url = f"http://127.0.0.1:{port}/api/questions/budgets-for-agenda?agenda=20"
        try:
            wait_until_answers(proc, url, "the README's run command", timeout=1500, poll=1)
        except RuntimeError as exc:
            pytest.fail(f"{exc}:\n{log.read_text('utf-8', 'replace')[-3000:]}")
        with urlopen(url, timeout=30) as answer:
            rows = json.load(answer)["rows"]
        assert rows and all(r["agenda"] for r in rows)
        assert (tmp_path / "data" / "policykg" / "store" / "current").exists()
        venv_python = (checkout / ".venv" / "bin" / "python3").resolve()
        assert venv_python == DEBIAN_PYTHON.resolve()  # the venv is made from Debian's python3
    finally:
        stop_group(proc)


def stop_group(proc: subprocess.Popen) -> None:
    """Stop the command and everything it started (the server runs in its own session)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(15)
            break
        except subprocess.TimeoutExpired:
            continue
    proc.wait()
