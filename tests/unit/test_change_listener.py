"""serve's ChangeListener: told by the operating system which files changed (no look at every
file ten times a second), including in folders made after it started."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from minutebook.commands.serve import ChangeListener

DEADLINE_SECONDS = 10.0  # how long to wait for the operating system to tell (usually ms)


@pytest.fixture
def listener(tmp_path: Path) -> Iterator[ChangeListener]:
    (tmp_path / "content").mkdir()
    (tmp_path / "minutebook.yaml").write_text("title: Test\n")
    listening = ChangeListener(tmp_path)
    listening.start()
    if listening.failed:  # serve looks at the files itself there (QuickWatcher)
        pytest.skip("this machine's operating system does not tell of changes (no inotify)")
    yield listening
    listening.stop()


def told(listener: ChangeListener, wanted: Callable[[set[str]], bool]) -> set[str]:
    """Everything the listener told until `wanted` holds of it (or the deadline passed)."""
    seen: set[str] = set()
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline and not wanted(seen):
        seen |= listener.take()
        time.sleep(0.02)
    return seen


def test_a_saved_meeting_file_is_told(listener: ChangeListener, tmp_path: Path):
    meeting = tmp_path / "content" / "shp" / "2011-02-15.md"
    meeting.parent.mkdir()
    time.sleep(0.2)  # the new folder's watch
    meeting.write_text("---\ndate: 2011-02-15\n---\n")
    assert str(meeting) in told(listener, lambda seen: str(meeting) in seen)
    assert not listener.failed


def test_the_config_is_told(listener: ChangeListener, tmp_path: Path):
    config = tmp_path / "minutebook.yaml"
    config.write_text("title: Another\n")
    assert str(config) in told(listener, lambda seen: str(config) in seen)


def test_a_themes_folder_made_later_is_watched(listener: ChangeListener, tmp_path: Path):
    (tmp_path / "themes").mkdir()
    time.sleep(0.5)  # told of the folder, the listener watches what is in it
    stylesheet = tmp_path / "themes" / "default" / "static" / "style.css"
    stylesheet.parent.mkdir(parents=True)
    time.sleep(0.2)
    stylesheet.write_text("main { color: #111; }\n")
    assert str(stylesheet) in told(listener, lambda seen: str(stylesheet) in seen)


def test_a_content_folder_deleted_and_made_again_is_watched_again(
    listener: ChangeListener, tmp_path: Path
):
    content = tmp_path / "content"
    content.rmdir()
    time.sleep(0.3)
    content.mkdir()
    time.sleep(0.5)
    meeting = content / "2011-02-15.md"
    meeting.write_text("---\ndate: 2011-02-15\n---\n")
    assert str(meeting) in told(listener, lambda seen: str(meeting) in seen)
    assert not listener.failed


def test_where_the_operating_system_cannot_tell_serve_looks_itself(tmp_path: Path):
    """A folder it cannot watch (here: gone) leaves `failed` set."""
    listening = ChangeListener(tmp_path / "gone")
    listening.start()
    assert listening.failed
    listening.stop()


def test_a_save_calls_on_change_so_serve_looks_at_once(listener: ChangeListener, tmp_path: Path):
    called = threading.Event()
    listener.on_change = called.set
    config = tmp_path / "minutebook.yaml"
    config.write_text("title: Once more\n")
    assert called.wait(DEADLINE_SECONDS)
    assert str(config) in listener.take()  # told, and still there to take
