"""Summaries of named questions (totals and flags computed from their rows)."""
from __future__ import annotations
