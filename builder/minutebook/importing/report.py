"""The report: per input, what was found and every field to check, with its source line."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from minutebook.importing.importer import Outcome


def report_json(outcomes: Sequence[Outcome]) -> str:
    return json.dumps([_row(outcome) for outcome in outcomes], indent=2, ensure_ascii=False)


def _row(outcome: Outcome) -> dict[str, Any]:
    return {
        "source": outcome.source,
        "status": outcome.status,
        "reason": outcome.reason,
        "written": outcome.written,
        "organisation": outcome.organisation,
        "date": outcome.date.isoformat() if outcome.date else None,
        "items": outcome.items,
        "present": outcome.present,
        "warnings": [
            {"field": d.field, "line": d.line or None, "message": d.message} for d in outcome.doubts
        ],
        "check_errors": outcome.check_errors,
    }


def report_text(outcomes: Sequence[Outcome], *, dry_run: bool) -> str:
    lines: list[str] = []
    for outcome in outcomes:
        if outcome.is_imported:
            verb = "would write" if dry_run else "wrote"
            lines.append(f"{outcome.source}: {verb} {outcome.written}")
            items = f"{outcome.items} item{'s' * (outcome.items != 1)}"
            lines.append(
                f"    {outcome.organisation}, {outcome.date}: {items}, {outcome.present} present"
            )
        else:
            lines.append(f"{outcome.source}: {outcome.status}: {outcome.reason}")
        for problem in outcome.check_errors:
            lines.append(f"    minutebook check: error: {problem}")
        for doubt in outcome.doubts:
            where = f"{outcome.source}:{doubt.line}" if doubt.line else outcome.source
            lines.append(f"    check {doubt.field} ({where}): {doubt.message}")
    done = sum(outcome.is_imported for outcome in outcomes)
    verb = "would be imported" if dry_run else "imported"
    lines.append(
        f"minutebook import: {done} of {len(outcomes)} file{'s' * (len(outcomes) != 1)} "
        f"{verb}, as drafts" + ("" if dry_run else "; nothing is published until you approve them")
    )
    return "\n".join(lines)
