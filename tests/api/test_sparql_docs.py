"""docs/sparql.md documents every server setting, every `serve` option and every error code
of the endpoint modules."""

from __future__ import annotations

import dataclasses
import re

from policykg.api.settings import Settings
from policykg.cli.main import parser
from tests.support.paths import API, DOCS

DOC = (DOCS / "sparql.md").read_text("utf-8")
ENDPOINT_MODULES = [
    "errors.py",
    "guard.py",
    "negotiation.py",
    "protocol.py",
    "sandbox.py",
    "worker.py",
    "dependencies.py",
    "front.py",
    "results.py",
    "routers/store.py",
    "routers/pages.py",
    "server.py",
]


def test_every_setting_is_documented():
    missing = [f.name for f in dataclasses.fields(Settings) if f"`{f.name}`" not in DOC]
    assert not missing


def test_every_serve_option_is_documented():
    serve = parser()._subparsers._group_actions[0].choices["serve"]
    options = [o for a in serve._actions for o in a.option_strings if o.startswith("--")]
    missing = [o for o in options if o != "--help" and f"`{o}`" not in DOC]
    assert not missing


def test_every_error_code_is_documented():
    source = "\n".join((API / m).read_text("utf-8") for m in ENDPOINT_MODULES)
    codes = set(re.findall(r'ApiError\(\d{3}, "([a-z-]+)"', source))
    codes |= set(re.findall(r'_error\(\d{3}, "([a-z-]+)"', source))
    codes |= set(re.findall(r'status, code = \d{3}, "([a-z-]+)"', source))
    assert codes, "no error codes found"
    missing = sorted(c for c in codes if f"`{c}`" not in DOC)
    assert not missing
