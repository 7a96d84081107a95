#!/usr/bin/env python3
"""How well `minutebook import` reads minutes: accuracy per field against a labelled set.

    python benchmarks/bench_import.py [--documents DIR] [--labels FILE] [--config FILE]
                                      [--organisation NAME] [--json]

Defaults: the labelled set in tests/fixtures/import/ (documents/, labels.json and the
minutebook.yaml the documents are imported into). Every document is imported into a fresh
site, `minutebook check` is run on the result, and each document is scored on:

- imported: a meeting file was written and `minutebook check` finds no error in it;
- body: the body the file names is the labelled one (its canonical name, ignoring case);
- date: the meeting's date;
- items: the number of agenda items is exactly the labelled number;
- present: the number of people present or in attendance is within one of the label;
- tracebacks: inputs whose import raised (must be 0).

labels.json: {"documents": {"<file name>": {"body": …, "date": "YYYY-MM-DD", "items": N,
"present": N}}}. To check another labelled set (an independent one), give its folder, its
labels and a config (or `--organisation` for minutes that do not name their body).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "tests" / "fixtures" / "import"
sys.path.insert(0, str(HERE.parent / "builder"))

from minutebook.commands.check import check_site  # noqa: E402
from minutebook.core.diagnostics import Severity  # noqa: E402
from minutebook.importing.importer import Outcome, import_files  # noqa: E402
from minutebook.reading.loading import load_site  # noqa: E402

FIELDS = ("imported", "body", "date", "items", "present")


def score(outcome: Outcome, label: dict[str, object], errors: set[str]) -> dict[str, bool]:
    body = str(label.get("body", "")).casefold()
    return {
        "imported": outcome.written is not None and outcome.written not in errors,
        "body": (outcome.organisation or "").casefold() == body,
        "date": (outcome.date.isoformat() if outcome.date else None) == label.get("date"),
        "items": outcome.items == label.get("items"),
        "present": abs(outcome.present - int(str(label.get("present", -99)))) <= 1,
    }


def run(
    documents: Path, labels: dict[str, dict[str, object]], config: Path, organisation: str | None
):
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        shutil.copy(config, site / "minutebook.yaml")
        loaded = load_site(site)
        assert loaded.config is not None, "the config does not load"
        rows, tracebacks = [], 0
        started = time.perf_counter()
        for name, label in sorted(labels.items()):
            try:
                [outcome] = import_files(
                    [documents / name], site, loaded.config, (), organisation=organisation
                )
            except Exception:
                traceback.print_exc()
                tracebacks += 1
                outcome = Outcome(name, "failed", "traceback")
            rows.append((name, label, outcome))
        elapsed = time.perf_counter() - started
        checked = check_site(site)
        errors = {d.span.path for d in checked.diagnostics if d.severity is Severity.ERROR}
        scored = [
            (name, label, outcome, score(outcome, label, errors)) for name, label, outcome in rows
        ]
    return scored, tracebacks, elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=Path, default=FIXTURES / "documents")
    parser.add_argument("--labels", type=Path, default=FIXTURES / "labels.json")
    parser.add_argument("--config", type=Path, default=FIXTURES / "minutebook.yaml")
    parser.add_argument("--organisation")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    labels = json.loads(args.labels.read_text("utf-8"))["documents"]
    scored, tracebacks, elapsed = run(args.documents, labels, args.config, args.organisation)
    total = len(scored)
    accuracy = {f: sum(s[f] for *_, s in scored) / total for f in FIELDS}
    misses = [
        {"document": name, "field": f, "expected": label.get(f), "found": _found(outcome, f)}
        for name, label, outcome, s in scored
        for f in FIELDS
        if not s[f]
    ]
    if args.json:
        print(
            json.dumps(
                {
                    "documents": total,
                    "tracebacks": tracebacks,
                    "seconds": elapsed,
                    "accuracy": accuracy,
                    "misses": misses,
                },
                indent=2,
                default=str,
            )
        )
        return 0
    print(f"{total} documents, {tracebacks} tracebacks, {elapsed:.2f} s to import them all\n")
    print("| field | right | accuracy |\n|---|---|---|")
    for f in FIELDS:
        print(f"| {f} | {round(accuracy[f] * total)}/{total} | {accuracy[f]:.0%} |")
    if misses:
        print("\nMisses:")
        for miss in misses:
            print(
                f"  {miss['document']}: {miss['field']}: expected {miss['expected']}, "
                f"found {miss['found']}"
            )
    return 0


def _found(outcome: Outcome, field: str) -> object:
    if field == "imported":
        return outcome.written or outcome.reason
    if field == "body":
        return outcome.organisation
    return getattr(outcome, field)


if __name__ == "__main__":
    sys.exit(main())
