"""``seekframe forget PATH`` while another folder's removal, stopped by a full disk, still cannot
finish: the writer's open tries to finish it first and fails (the disk is still full), so a
mistyped path and a real folder both got exit 3 and the generic "the disk ... is full ... run the
same command again". Now a path that is no library folder is told so (exit 2, as without the full
disk), checked read-only before the writer opens; a real folder gets the full-disk exit and a
message naming the removal that waits."""

from __future__ import annotations

from pathlib import Path

from core.cli import main
from tests.test_forget_whole import contents, copy_library, indexed, refuse_writes  # noqa: F401


def _stop_removal_of_a(monkeypatch, lib, a, capsys) -> None:
    refuse_writes(monkeypatch, lambda meta: a not in (meta.settings.folders or []))
    assert main(["forget", a, "--library", str(lib)]) == 3
    capsys.readouterr()


def test_a_typo_is_told_it_is_no_library_folder_while_a_removal_waits(indexed, tmp_path, capsys,  # noqa: F811
                                                                    monkeypatch):
    a = indexed["a"]
    lib = copy_library(indexed, tmp_path)
    _stop_removal_of_a(monkeypatch, lib, a, capsys)
    typo = str(tmp_path / "no" / "such")
    assert main(["forget", typo, "--library", str(lib)]) == 2
    err = capsys.readouterr().err
    assert f"{typo} is not one of the library's folders" in err, err
    assert "is full" not in err, err


def test_a_real_folder_is_told_which_removal_waits_on_the_full_disk(indexed, tmp_path, capsys,  # noqa: F811
                                                                   monkeypatch):
    a, b = indexed["a"], indexed["b"]
    lib = copy_library(indexed, tmp_path)
    _stop_removal_of_a(monkeypatch, lib, a, capsys)
    assert main(["forget", b, "--library", str(lib)]) == 3  # (the disk-full exit code)
    err = capsys.readouterr().err
    assert f"{b} was not removed" in err and f"The removal of {a}, which a full disk stopped earlier" in err, err
    assert "every video indexed before this" not in err, err  # (not the generic full-disk message)
    monkeypatch.undo()
    folders, videos = contents(lib)
    assert b in folders and str(Path(b) / "blue.mp4") in videos  # b untouched
    # once space is freed the same command removes b, the waiting removal finished first
    assert main(["forget", b, "--library", str(lib)]) == 0, capsys.readouterr().err
    folders, videos = contents(lib)
    assert folders == [] and videos == {}
