"""`seekframe captions-import` on a full disk said the index's words ('Nothing was lost ..., and
every video indexed before this is in it'), nothing of the captions the user had just imported. It
says now that the file's captions are not in the library yet (an import adds all or none) and to
run it again once there is room; run again, each caption is there once."""

from __future__ import annotations

import errno

import pytest

from core.cli import EXIT_DISK_FULL
from core.library import VideoLibrary, notes_journal
from core.library.captions import CaptionTable
from tests.cli_run import run_cli


def _full(*_a, **_k):
    raise OSError(errno.ENOSPC, "No space left on device")


def _imported(lib) -> list[str]:
    with VideoLibrary(lib, read_only=True) as library:
        return sorted(c.text for c in library.caption_table.read(with_vectors=False) if c.source == "imported")


@pytest.mark.parametrize("where", ["journal", "table"])
def test_an_import_on_a_full_disk_says_its_captions_are_not_in_yet(noted_library, tmp_path, capsys, monkeypatch,
                                                                   where):
    videos, lib = noted_library
    captions = tmp_path / "captions.csv"
    captions.write_text(f"video,start,end,text\n{videos / 'red.mp4'},0,2,a red brick wall\n"
                        f"{videos / 'blue.mp4'},0,2,a blue sky\n")
    with monkeypatch.context() as m:  # the disk fills as the journal's lines (or the table's rows) are written
        m.setattr(*((notes_journal, "_append_whole", _full) if where == "journal" else (CaptionTable, "add", _full)))
        code, out, err = run_cli(capsys, "captions-import", captions, "--library", lib)
    assert code == EXIT_DISK_FULL, (out, err)
    assert "The file's captions are not in the library yet (an import adds all of them or none)" in err, err
    assert "then run the same command again: no caption is added twice." in err, err
    assert "every video indexed before this" not in err and "Traceback" not in err, err
    assert _imported(lib) == []
    code, out, err = run_cli(capsys, "captions-import", captions, "--library", lib)
    assert code == 0, err
    assert _imported(lib) == ["a blue sky", "a red brick wall"]
