"""Problems are reported in one order, whatever order the checks found them in, and in every
run (a set's order changes from one Python process to the next)."""

from __future__ import annotations

import os
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from minutebook.core.diagnostics import SourceSpan, error, sort_diagnostics, warning

SPAN = SourceSpan("content/shp/2011-02-15.md", 4, 7)
SAME_PLACE_AND_MESSAGE = [
    warning(SPAN, "the date is after today", "write status: draft"),
    error(SPAN, "the date is after today", "correct the date"),
    warning(SPAN, "the date is after today", "write status: draft", "date"),
    warning(SourceSpan("content/shp/2011-02-15.md", 2, 1), "another problem"),
]

IN_A_NEW_PROCESS = """
from minutebook.core.diagnostics import SourceSpan, error, sort_diagnostics, warning
span = SourceSpan("content/a.md", 4, 7)
found = [warning(span, "m", "a"), error(span, "m", "b"), warning(span, "m", "c", "date")]
print([(d.severity.value, d.fix) for d in sort_diagnostics(found)])
"""


@given(st.permutations(SAME_PLACE_AND_MESSAGE))
def test_problems_at_one_place_with_one_message_sort_the_same_every_time(found):
    assert sort_diagnostics(found) == sort_diagnostics(SAME_PLACE_AND_MESSAGE)
    assert sort_diagnostics(found)[0].message == "another problem"


def test_the_order_is_the_same_in_every_process():
    orders = {
        subprocess.run(
            [sys.executable, "-c", IN_A_NEW_PROCESS],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(6)
    }
    assert len(orders) == 1
