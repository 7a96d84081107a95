"""The search index: the search documents (archive/search.py) → Pagefind's bundle, in memory,
for the Writer to put under `pagefind/` with the rest of the site.

Pagefind's own Python API (`pagefind.index.PagefindIndex`) is not used: it waits 0.1 s for each
reply of the Pagefind process (ten thousand meetings: over 15 minutes) and cannot read a reply
over 2 MiB (the bundle of a large archive). This module speaks the same protocol to the same
binary (`pagefind --service`, from the `pagefind-bin-extended` wheel): base64 JSON messages,
each followed by a comma, all sent at once by a thread while the replies are read.

Pagefind writes each filter's values in the order of a Rust HashMap, which changes from run to
run; the filter files, the metadata file naming them and the entry file naming that are made
again here with the values in order, so the same archive gives the same bytes (see canonical).
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import hashlib
import json
import subprocess
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import IO, Any

import cbor2

from minutebook.archive.pages import Planner
from minutebook.archive.search import SearchDocument, search_documents
from minutebook.core import cache
from minutebook.core.diagnostics import SourceSpan, error
from minutebook.output.render import with_strings

# Pagefind's files a reader's browser needs: the script, its worker and WebAssembly, the entry
# file and the index. Its ready-made interfaces (pagefind-ui.js…) are not: the theme has its own.
_NEEDED_FILES = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
_NEEDED_PREFIXES = ("wasm.", "pagefind.", "index/", "fragment/", "filter/")
# The last index made, with the digest of its documents (see search_bundle).
SEARCH_CACHE = "search-index.pickle"
# Pagefind's compressed files start with this signature before their CBOR.
_SIGNATURE = b"pagefind_dcd"


class SearchIndexProblem(Exception):
    """Pagefind could not make the index (missing, or it failed): a problem with the machine's
    set-up, reported with what to do, never a half-made index."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.diagnostic = error(
            SourceSpan("minutebook.yaml"),
            f"the search index could not be made: {message}",
            "install Pagefind with  pip install 'pagefind[extended]'  (Minutebook's own "
            "requirement), or turn search off with  search: false  in minutebook.yaml",
            "search",
        )

    def __reduce__(self) -> tuple[type, tuple[str]]:
        return (type(self), (str(self),))


def search_bundle(
    planner: Planner, dirs: Sequence[Path], store: cache.Store | None = None
) -> dict[str, bytes]:
    """The search index of the site's published meetings, by name in the output folder.

    Kept in the cache with the digest of its documents: a build whose documents are those of
    the last (a template, the config's other keys, a stylesheet) does not run Pagefind again,
    which costs more than the rest of the build (see benchmarks/bench_search.py)."""
    planner = with_strings(planner, dirs)
    folder = planner.urls.output_path(planner.urls.search_bundle()).removesuffix("index.html")
    language = planner.archive.config.language
    key = _key_of(search_documents(planner), language) if store is not None else None
    bundle = store.load(SEARCH_CACHE, 1) if store and store.load(SEARCH_CACHE) == key else None
    if not isinstance(bundle, dict):
        bundle = make_bundle(search_documents(planner), language)
        if store is not None:
            store.save(SEARCH_CACHE, key, bundle)
    return {folder + name: data for name, data in bundle.items()}


def _key_of(documents: Iterable[SearchDocument], language: str) -> str:
    hasher = hashlib.sha256(f"{_pagefind_version()} {language}".encode())
    for document in documents:
        hasher.update(f"\0{document.url}\0{document.html}".encode("utf-8", "surrogatepass"))
    return hasher.hexdigest()


def _pagefind_version() -> str:
    try:
        return metadata.version("pagefind-bin-extended")
    except metadata.PackageNotFoundError:
        return "none"


def make_bundle(documents: Iterable[SearchDocument], language: str) -> dict[str, bytes]:
    """The bundle's files, by name relative to the bundle's folder, in a fixed order."""
    files = _run_pagefind(documents, language.split("-")[0].lower())
    return canonical({name: data for name, data in files.items() if _is_needed(name)})


def _is_needed(name: str) -> bool:
    return name in _NEEDED_FILES or name.startswith(_NEEDED_PREFIXES)


def _executable() -> str:
    try:
        from pagefind_bin_extended import get_executable  # type: ignore[import-untyped]
    except ImportError as missing:
        raise SearchIndexProblem(
            "Pagefind is not installed: install it with  pip install 'pagefind[extended]'"
        ) from missing
    return str(get_executable())


def _message(number: int, payload: Mapping[str, Any]) -> bytes:
    request = {"message_id": number, "payload": payload}
    return base64.b64encode(json.dumps(request).encode("utf-8")) + b","


def _requests(documents: Iterable[SearchDocument], language: str) -> Iterator[bytes]:
    yield _message(0, {"type": "NewIndex", "config": {"force_language": language}})
    number = 0
    for number, document in enumerate(documents, start=1):
        add = {"type": "AddFile", "index_id": 0, "url": document.url}
        yield _message(number, add | {"file_path": None, "file_contents": document.html})
    yield _message(number + 1, {"type": "GetFiles", "index_id": 0})


def _run_pagefind(documents: Iterable[SearchDocument], language: str) -> dict[str, bytes]:
    process = subprocess.Popen(
        [_executable(), "--service"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdin is not None and process.stdout is not None
    failed: list[BaseException] = []
    feeder = threading.Thread(
        target=_send, args=(process.stdin, _requests(documents, language), failed)
    )
    feeder.start()
    try:
        return _read_files(process.stdout)
    finally:
        feeder.join()
        process.kill()
        process.wait()
        if failed:
            raise failed[0]


def _send(pipe: IO[bytes], messages: Iterator[bytes], failed: list[BaseException]) -> None:
    try:
        for message in messages:
            pipe.write(message)
        pipe.flush()  # (stdin stays open: Pagefind stops at its end, before its last reply)
    except BrokenPipeError:
        pass  # Pagefind stopped: the reader says why
    except BaseException as problem:  # a document that could not be made: the build's to raise
        failed.append(problem)
        with contextlib.suppress(BrokenPipeError):
            pipe.close()  # Pagefind stops, so the reader never waits for a reply forever


def _read_files(pipe: IO[bytes]) -> dict[str, bytes]:
    """Read replies until GetFiles's (the last): its files, decoded."""
    pending = bytearray()
    while True:
        chunk = pipe.read1(1 << 20)  # type: ignore[attr-defined]
        if not chunk:
            raise SearchIndexProblem("Pagefind stopped before it made the search index")
        pending += chunk
        while (end := pending.find(b",")) >= 0:
            reply = json.loads(base64.b64decode(bytes(pending[:end])))
            del pending[: end + 1]
            payload = reply.get("payload", {}) if isinstance(reply, dict) else {}
            if payload.get("type") == "Error":
                raise SearchIndexProblem(f"Pagefind failed: {payload.get('message')}")
            if payload.get("type") == "GetFiles":
                return {f["path"]: base64.b64decode(f["content"]) for f in payload["files"]}


def canonical(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """The bundle with each filter's values sorted, its filter and metadata files named after
    their new contents, in name order: the same index gives the same bytes."""
    renamed: dict[str, str] = {}  # old hash (as the metadata names it) → new
    out: dict[str, bytes] = {}
    for name, data in files.items():
        if name.startswith("filter/"):
            language, old = _hash_of(name)
            name_filter, values = _decode(data)
            data = _encode([name_filter, sorted(values, key=lambda value: value[0])])
            new = f"{language}_{_short_hash(data, 7)}"
            renamed[f"{language}_{old}"] = new
            name = f"filter/{new}.pf_filter"
        out[name] = data
    if "pagefind-entry.json" not in files:
        return dict(sorted(out.items()))
    entry = json.loads(files["pagefind-entry.json"])
    for language, about in entry["languages"].items():
        old_meta = f"pagefind.{about['hash']}.pf_meta"
        meta = _decode(out.pop(old_meta))
        meta[3] = sorted([name, renamed.get(hashed, hashed)] for name, hashed in meta[3])
        data = _encode(meta)
        about["hash"] = f"{language}_{_short_hash(data, 10)}"
        out[f"pagefind.{about['hash']}.pf_meta"] = data
    out["pagefind-entry.json"] = json.dumps(entry, separators=(",", ":")).encode("utf-8")
    # Only the WebAssembly of the index's language (Pagefind writes one for "unknown" too).
    wasm = {f"wasm.{about['wasm']}.pagefind" for about in entry["languages"].values()}
    return {
        name: data
        for name, data in sorted(out.items())
        if not name.startswith("wasm.") or name in wasm
    }


def _hash_of(name: str) -> tuple[str, str]:
    language, _, hashed = name.removeprefix("filter/").removesuffix(".pf_filter").partition("_")
    return language, hashed


def _short_hash(data: bytes, length: int) -> str:
    return hashlib.sha256(data).hexdigest()[:length]


def _decode(data: bytes) -> Any:
    return cbor2.loads(gzip.decompress(data).removeprefix(_SIGNATURE))


def _encode(value: Any) -> bytes:
    return gzip.compress(_SIGNATURE + cbor2.dumps(value), mtime=0)
