"""mypy on the package as it is installed: ``policykg`` is ``kg/``, ``policykg.loaders`` is
``loaders/`` and so on (``[tool.setuptools] package-dir``), which mypy cannot see through the
editable install's import hook. So the package is laid out as symlinks in a scratch folder, mypy
checks it there (with the settings of ``[tool.mypy]``), and the paths it reports are mapped back to
the repository's.
"""

import importlib
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    # the folders mapped into policykg, as the (editable) install has them
    dirs = {
        name: Path(importlib.import_module(name).__path__[0])
        for name in (
            "policykg",
            "policykg.loaders",
            "policykg.api",
            "policykg.cli",
            "policykg.ontology",
            "policykg.queries",
            "policykg.data",
        )
    }
    with tempfile.TemporaryDirectory() as tmp:
        view = Path(tmp)
        # shortest names first, so "policykg" exists before "policykg.loaders" is linked into it
        for package in sorted(dirs, key=len):
            target = view.joinpath(*package.split("."))
            if target.parent != view:
                target.parent.mkdir(parents=True, exist_ok=True)
            if package == "policykg":  # the root: a real folder, its entries linked one by one
                target.mkdir(parents=True)
                for entry in dirs[package].iterdir():
                    (target / entry.name).symlink_to(entry)
            else:
                target.symlink_to(dirs[package])
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "mypy",
                "--config-file",
                str(ROOT / "pyproject.toml"),
                "-p",
                "policykg",
            ],
            cwd=view,
            capture_output=True,
            text=True,
        )
        out = done.stdout + done.stderr
        for package in sorted(dirs, key=len, reverse=True):
            folder = dirs[package].relative_to(ROOT).as_posix()
            out = out.replace(package.replace(".", "/") + "/", folder + "/")
        print(out, end="")
        return done.returncode


if __name__ == "__main__":
    sys.exit(main())
