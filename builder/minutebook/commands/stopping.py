"""How `serve` stops: on Ctrl-C (SIGINT), `kill` (SIGTERM) or a closed terminal (SIGHUP), the
same clean way, from its first moment.

Python turns SIGINT into KeyboardInterrupt only when the process did not start with SIGINT
ignored. A background job of a script (`minutebook serve &` from bash -c), `nohup` and some CI
runners and service managers start it ignored, and then Ctrl-C (or a test's SIGINT) would never
stop the preview. So `serve` sets its own handler for each. This module imports nothing of
Minutebook: `python -m minutebook serve` sets the handlers before it loads the rest (a third of
a second), so that a Ctrl-C while it starts is not lost either (see minutebook.__main__).
"""

from __future__ import annotations

import signal
from collections.abc import Mapping
from types import FrameType
from typing import Any

STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


# The stops asked for. Process-wide, as signals are: the KeyboardInterrupt a handler raises is
# lost when it lands in a weakref callback or a __del__ (Python only prints "Exception ignored
# in …"), as one did in a run of the whole test suite, in a WeakSet's callback; this remembers
# it for the next look (see raise_if_asked). (A list: appending takes no lock.)
_asked: list[int] = []


def _stop(signal_number: int, frame: FrameType | None) -> None:
    _asked.append(signal_number)
    raise KeyboardInterrupt


def stop_on_signals() -> dict[int, Any]:
    """From now on each of STOP_SIGNALS raises KeyboardInterrupt in the main thread, whatever
    the process started with. Returns the handlers they had (see restore_handlers)."""
    return {number: signal.signal(number, _stop) for number in STOP_SIGNALS}


def raise_if_asked() -> None:
    """KeyboardInterrupt if a stop was asked for since the handlers were set: `serve` looks
    often, so that one the handler raised where it was lost still stops it."""
    if _asked:
        raise KeyboardInterrupt


def restore_handlers(handlers: Mapping[int, Any]) -> None:
    """Put back handlers stop_on_signals replaced (for a caller that goes on running)."""
    for number, handler in handlers.items():
        if handler is not None:  # (None: set outside Python, which cannot be put back)
            signal.signal(number, handler)
