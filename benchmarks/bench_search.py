"""What search costs: a cold build with and without it, the index's size, and what a reader's
first search downloads and how long its first results take in headless Chromium.

    python benchmarks/bench_search.py --sizes 1000 10000

Each size's archive is generated (generate.py) into a temporary folder, built cold twice
(`search: false`, then with search), and the built site is served on 127.0.0.1 to Chromium
(Debian's /usr/bin/chromium through Playwright), which types a word and waits for results.
"""

from __future__ import annotations

import argparse
import functools
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORDS = ("substance", "budget", "apologies")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def cold_build(site: Path, output: Path, *, search: bool) -> float:
    config = site / "minutebook.yaml"
    text = config.read_text("utf-8").replace("\nsearch: false\n", "\n")
    config.write_text(text + ("" if search else "\nsearch: false\n"), "utf-8")
    shutil.rmtree(site / ".minutebook-cache", ignore_errors=True)
    shutil.rmtree(output, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "minutebook", "build", str(site), "--output", str(output), "-q"],
        check=True,
    )
    return time.perf_counter() - started


def first_search(output: Path, base_path: str) -> list[tuple[str, float, int, int]]:
    """For each word, in a fresh browser: the ms from typing to the first result shown (the
    page loads Pagefind as it opens), the bytes downloaded after typing, and in all."""
    from playwright.sync_api import sync_playwright

    root = output.parent / "served"
    shutil.rmtree(root, ignore_errors=True)
    (root / base_path.strip("/")).parent.mkdir(parents=True, exist_ok=True)
    (root / base_path.strip("/")).symlink_to(output)
    handler = functools.partial(_Quiet, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}{base_path}search/"
    found = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"]
        )
        for word in WORDS:
            context = browser.new_context()
            tab = context.new_page()
            sizes: list[int] = []
            tab.on(
                "requestfinished",
                lambda r, sizes=sizes: sizes.append(r.sizes()["responseBodySize"]),
            )
            tab.goto(url)
            tab.wait_for_load_state("networkidle")
            before = sum(sizes)
            started = time.perf_counter()
            tab.get_by_label("Words to find").fill(word)
            tab.wait_for_selector("#search-list > li")
            ms = (time.perf_counter() - started) * 1000
            tab.wait_for_load_state("networkidle")
            found.append((word, ms, sum(sizes) - before, sum(sizes)))
            context.close()
        browser.close()
    server.shutdown()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            site, output = Path(folder) / "site", Path(folder) / "output"
            subprocess.run(
                [sys.executable, str(HERE / "generate.py"), str(size), str(site)], check=True
            )
            without = cold_build(site, output, search=False)
            with_search = cold_build(site, output, search=True)
            index = sum(f.stat().st_size for f in (output / "pagefind").rglob("*") if f.is_file())
            print(
                f"{size} meetings: cold build {without:.2f} s without search, "
                f"{with_search:.2f} s with (+{with_search - without:.2f} s, "
                f"{(with_search - without) / without:.0%}); index {index / 2**20:.1f} MiB"
            )
            for word, ms, downloaded in first_search(output, "/minutes/"):
                print(
                    f"  first search '{word}': {ms:.0f} ms to results, {downloaded / 1024:.0f} KiB"
                )


if __name__ == "__main__":
    main()
