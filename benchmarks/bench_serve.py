"""Time `minutebook serve` from a save to the updated page being served.

    python benchmarks/bench_serve.py SITE [--rounds 5] [--edit text|listed|title|moved]

Starts the server on a free port, waits for its first build, then edits one meeting file per
round and polls that meeting's page over HTTP every 5 ms until the edit is there. The edit
(`--edit`) is a sentence appended to the minutes (`text`, the default), or one more person
present, from an organisation already present (`listed`: the organisation's pages list who
attended, and are remade in the same build), or a new title (`title`: the home page, dates
and lists show it too), or one more person present from an organisation new to the archive
(`moved`: the meeting moves onto that organisation's lists). What is timed is save → page
served; the browser's reload (a websocket message and one page load on localhost) comes on
top.
"""

from __future__ import annotations

import argparse
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

POLL_SECONDS = 0.005
DEADLINE_SECONDS = 60.0
STARTUP_SECONDS = 900.0


@dataclass(frozen=True)
class ServeTiming:
    site: str
    meetings: int
    rounds: int
    median_seconds: float
    max_seconds: float


def page_path(site: Path, meeting: Path) -> str:
    """content/<org-slug>/<YYYY-MM-DD>.md is served at meetings/YYYY/MM/DD/<org-slug>/."""
    year, month, day = meeting.stem.split("-")[:3]
    return f"meetings/{year}/{month}/{day}/{meeting.parent.name}/"


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):  # busy: ask again
        return ""


def wait_for(url: str, text: str, deadline: float) -> float:
    while time.perf_counter() < deadline:
        if text in fetch(url):
            return time.perf_counter()
        time.sleep(POLL_SECONDS)
    raise SystemExit(f"error: {url} did not show {text!r} in time")


def pick_meeting(site: Path) -> Path:
    meetings = sorted((site / "content").glob("*/*.md"))
    for meeting in meetings[len(meetings) // 2 :] + meetings:
        if "status: draft" not in meeting.read_text(encoding="utf-8").split("\n---\n")[0]:
            return meeting
    raise SystemExit("error: no published meeting to edit")


def append_sentence(text: str, mark: str) -> str:
    return f"{text}\n{mark}\n"


def add_person(text: str, mark: str) -> str:
    organisation = re.search(r"(?m)^    organisation: (.+)$", text)
    if organisation is None or "\npresent:\n" not in text:
        raise SystemExit("error: the meeting to edit has no one present from an organisation")
    person = f"\npresent:\n  - name: {mark}\n    organisation: {organisation[1]}\n"
    return text.replace("\npresent:\n", person, 1)


def change_title(text: str, mark: str) -> str:
    text = re.sub(r"(?m)^title: .*\n", "", text, count=1)
    return text.replace("---\n", f"---\ntitle: {mark}\n", 1)


def add_body(text: str, mark: str) -> str:
    """One more person present, from an organisation new to the archive (named by the mark):
    the meeting moves onto that organisation's lists."""
    person = f"\npresent:\n  - name: A. Guest\n    organisation: {mark}\n"
    return text.replace("\npresent:\n", person, 1)


EDITS = {"text": append_sentence, "listed": add_person, "title": change_title, "moved": add_body}


# A file changed less than this before the build that read it is read again by the next
# (minutebook.sources.RACY_NS: its stamp cannot yet vouch for it).
RACY_SECONDS = 2.0


def wait_until_settled(site: Path) -> None:
    """Wait until every meeting file is older than RACY_SECONDS. A clerk's files are (the
    preview starts on an archive written before), where a site copied just now would have
    every file read again by the build after the first, which the first save would time.
    (serve settles such files itself 2.5 s after a build, see Preview.settle; the first save
    here comes sooner.)"""
    files = [site / "minutebook.yaml", *(site / "content").rglob("*.md")]
    newest = max(max(stat.st_mtime, stat.st_ctime) for stat in map(Path.stat, files))
    time.sleep(max(0.0, newest + RACY_SECONDS + 0.1 - time.time()))


def time_serve(site: Path, rounds: int, edit: str = "text") -> ServeTiming:
    meeting = pick_meeting(site)
    original = meeting.read_bytes()
    wait_until_settled(site)
    process = subprocess.Popen(
        [sys.executable, "-m", "minutebook", "serve", str(site), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # printed once the first build is done and it listens
        match = re.search(r"http://\S+", line)
        if match is None:
            raise SystemExit(f"error: minutebook serve did not start: {line!r}")
        url = match.group() + page_path(site, meeting)
        wait_for(url, "</html>", time.perf_counter() + STARTUP_SECONDS)
        times = []
        for round_number in range(rounds):
            mark = f"Benchmark {round_number} {time.time_ns()}"
            text = EDITS[edit](meeting.read_text(encoding="utf-8"), mark)
            saved = time.perf_counter()
            meeting.write_text(text, encoding="utf-8")
            times.append(wait_for(url, mark, saved + DEADLINE_SECONDS) - saved)
            time.sleep(0.5)  # a clerk's next save comes later than this
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        meeting.write_bytes(original)
    count = len(list((site / "content").rglob("*.md")))
    return ServeTiming(str(site), count, rounds, statistics.median(times), max(times))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--edit", choices=sorted(EDITS), default="text")
    args = parser.parse_args(argv)
    timing = time_serve(args.site.resolve(), args.rounds, args.edit)
    print(
        f"{timing.meetings} meetings, {args.edit} edited: save → page served, "
        f"median {timing.median_seconds:.3f} s, "
        f"max {timing.max_seconds:.3f} s over {timing.rounds} saves"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
