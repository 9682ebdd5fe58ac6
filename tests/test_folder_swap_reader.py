"""A reader that finds no folder between the two renames of a save's swap (``core.atomic.replacing_folder``:
the folder before set aside as ``.NAME.old``, the new one not yet in its place) puts the one before back
(``folder_at``, e548981: a model load, the models folder's listing). The save's second rename then met a
folder in its place and failed (ENOTEMPTY): a training export or a model save lost at its very end to a
look at the models folder. The swap now sets the folder before aside again and finishes."""

from __future__ import annotations

import os

import pytest

from core import atomic


def _folder(path, text):
    path.mkdir()
    (path / "config.json").write_text(text)


def test_a_reader_between_the_renames_does_not_fail_the_save(tmp_path, monkeypatch):
    target = tmp_path / "student"
    _folder(target, "before")
    real, looked = os.replace, []

    def replace(src, dst):
        real(src, dst)
        if os.fspath(dst).endswith(".student.old") and not looked:  # (the first rename of the swap)
            looked.append(atomic.folder_at(target))  # (a reader, there and then: it puts it back)

    monkeypatch.setattr(atomic.os, "replace", replace)
    with atomic.replacing_folder(target) as part:
        (part / "config.json").write_text("after")
    assert looked == [target]
    assert (target / "config.json").read_text() == "after"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["student"]


def test_another_refusal_of_the_rename_still_fails_the_save(tmp_path, monkeypatch):
    target = tmp_path / "student"
    _folder(target, "before")
    real = os.replace

    def replace(src, dst):
        if os.fspath(src).endswith(".student.part"):
            raise PermissionError(13, "Permission denied")
        real(src, dst)

    monkeypatch.setattr(atomic.os, "replace", replace)
    with pytest.raises(PermissionError):
        with atomic.replacing_folder(target) as part:
            (part / "config.json").write_text("after")
    monkeypatch.undo()
    assert (atomic.folder_at(target) / "config.json").read_text() == "before"  # (the one before, found again)


def test_a_reader_putting_the_folder_before_back_first_does_not_fail_the_next_save(tmp_path, monkeypatch):
    """A save stopped between its renames left the folder before as ``.NAME.old``: the next save puts it back
    first, and a reader's ``folder_at`` may do so in the same moment. The one that came second failed with
    FileNotFoundError: the save, before it wrote anything."""
    target, old = tmp_path / "student", tmp_path / ".student.old"
    _folder(old, "before")
    real = os.replace

    def replace(src, dst):
        if os.fspath(src) == os.fspath(old) and old.exists():
            real(old, target)  # (a reader's ``folder_at``, first)
        real(src, dst)

    monkeypatch.setattr(atomic.os, "replace", replace)
    with atomic.replacing_folder(target) as part:
        (part / "config.json").write_text("after")
    assert (target / "config.json").read_text() == "after"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["student"]
