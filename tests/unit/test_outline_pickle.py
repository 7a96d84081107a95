"""The outline a build leaves for the next keeps its skeleton's pickle: a quick build that
changes no meeting's place saves it again without pickling the skeleton again, and what it
saves loads as what it was."""

from __future__ import annotations

import pickle
import shutil
from dataclasses import replace
from pathlib import Path

from conftest import REPO_ROOT, build_site
from minutebook.core import cache
from minutebook.incremental import outline as outline_module
from minutebook.incremental.outline import Outline, outline_name


def saved_outline(tmp_path: Path) -> Outline:
    root = tmp_path / "site"
    shutil.copytree(REPO_ROOT / "content", root / "content")
    shutil.copy(REPO_ROOT / "minutebook.yaml", root / "minutebook.yaml")
    assert build_site(root).published
    loaded = cache.Store(root).load(outline_name(str((root / "output").resolve())))
    assert isinstance(loaded, Outline)
    return loaded


def test_an_outline_loads_as_it_was_saved(tmp_path: Path):
    outline = saved_outline(tmp_path)
    again = pickle.loads(pickle.dumps(outline))
    assert again == outline
    assert pickle.loads(pickle.dumps(again)) == outline  # saved again with the kept pickle


def test_an_unchanged_skeleton_is_not_pickled_again(tmp_path: Path, monkeypatch):
    outline = pickle.loads(pickle.dumps(saved_outline(tmp_path)))  # as a quick build has it
    pickled: list[object] = []
    real = pickle.dumps

    def counting(value: object, *args: object, **kwargs: object) -> bytes:
        pickled.append(value)
        return real(value, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(outline_module.pickle, "dumps", counting)
    edited = replace(outline, pages=outline.pages + 1)  # the same skeleton
    real(edited)
    assert outline.skeleton not in pickled
    moved = replace(edited, skeleton=replace(outline.skeleton, approves={}))
    assert pickle.loads(real(moved)).skeleton == moved.skeleton
    assert moved.skeleton in pickled
