"""Where things are in the repository, for tests and benchmarks alike."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "data" / "sources"
PLAN = SOURCES / "motie-2024-performance-plan.txt"
TESTS = ROOT / "tests"
CASES = TESTS / "cases"
GOLD = TESTS / "data" / "gold" / "motie-2024-sample.json"
W3C = TESTS / "data" / "w3c"
ARTIFACTS = TESTS / "artifacts"
DOCS = ROOT / "docs"
README = ROOT / "README.md"
API = ROOT / "api"
