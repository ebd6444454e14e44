"""STUB — section parser of the performance plan (to be implemented)."""
from __future__ import annotations

from policykg.records import GraphBuilder

from .plan_outline import PlanOutline


def parse_cooperation(builder: GraphBuilder, outline: PlanOutline) -> None:
    return None
