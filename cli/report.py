"""The closing report of ``build`` and the report of ``validate``."""

from __future__ import annotations

from collections import Counter

from policykg.build.duplicates import LikelyDuplicate
from policykg.build.pipeline import BuildReport
from policykg.build.validate import ValidationReport
from policykg.model.records import Finding


def _short(uri: str) -> str:
    return uri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def render_findings(findings: list[Finding], limit: int | None = None) -> list[str]:
    kinds = Counter(f.kind for f in findings)
    out = [f"data-quality findings: {len(findings)}"]
    out += [f"  {kind}: {n}" for kind, n in sorted(kinds.items())]
    shown = findings if limit is None else findings[:limit]
    out += [f"  [{f.severity}] {f.where()} {f.kind}: {f.message}" for f in shown]
    if limit is not None and len(findings) > limit:
        out.append(f"  ... {len(findings) - limit} more (`policykg validate` lists all)")
    return out


def render_build_report(report: BuildReport) -> str:
    out = [f"store: {report.store}", "documents (triples):"]
    out += [f"  {doc}: {n}" for doc, n in report.documents.items()]
    out.append("entities by type:")
    out += [f"  {_short(t)}: {n}" for t, n in report.counts.items()]
    out.append("links by property:")
    out += [f"  {_short(p)}: {n}" for p, n in report.links.items()]
    out += render_findings(report.findings, limit=40)
    if report.validation:
        out.append(f"SHACL violations: {len(report.validation.violations)}")
    return "\n".join(out)


def render_validation(report: ValidationReport) -> str:
    out = [f"SHACL violations: {len(report.violations)}"]
    out += [f"  {v.focus} {_short(v.path)}: {v.message}" for v in report.violations[:200]]
    out += render_findings(report.findings)
    out += render_duplicates(report.duplicates)
    out.append("OK" if report.ok else "FAILED")
    return "\n".join(out)


def render_duplicates(duplicates: list[LikelyDuplicate]) -> list[str]:
    """Likely duplicate laws and strategies, for a person to confirm by a curated alias."""
    if not duplicates:
        return []
    out = [
        f"Likely duplicates to confirm: {len(duplicates)} (a confirmed pair is an alias in "
        "data/reference/laws.json or strategies.json, with its justification and source)"
    ]
    for d in duplicates:
        if d.second is None:
            out.append(f"  {d.kind} {d.first.name} [{d.first.where()}]: {d.reason}")
        else:
            out.append(
                f"  {d.kind} {d.first.name} [{d.first.where()}] ~ {d.second.name} "
                f"[{d.second.where()}]: {d.reason}"
            )
    return out
