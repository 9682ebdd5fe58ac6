"""A library folder made read-only (or given to another user) while `seekframe index` writes it: the
run stops with what the system refused in plain words, and loses nothing. Before, the message quoted
the storage engine whole, 'cannot be written: lance error: LanceError(IO): Permission denied (os error
13) at path "…/db/moments.lance/data/.tmpCn6RtZ"', a temporary file's name the user never made; the
engine's text now goes to the log (``core.unreadable.denied_why``)."""

from __future__ import annotations

import pytest

import core.cli
from core.cli import main
from core.library.moments import MomentTable
from tests.fakes import ColourMeanEncoder
from tests.test_disk_full import consistent
from tests.videos import Segment, write_video

RAW = ('lance error: LanceError(IO): {what} at path "{lib}/db/moments.lance/data/.tmpCn6RtZ", /root/.cargo/registry/'
       'src/index.crates.io-1949cf8c6b5b557f/lance-io-13.0.0/src/object_store.rs:1000:21')


@pytest.mark.parametrize("what, words", [("Permission denied (os error 13)", "permission denied"),
                                         ("Read-only file system (os error 30)", "its drive is read-only")])
def test_a_library_refused_mid_run_says_so_plainly_and_the_next_run_finishes(tmp_path, monkeypatch, capsys, what,
                                                                             words):
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    for i in range(3):
        write_video(videos / f"clip{i}.mp4", [Segment(2, ["red", "green", "blue"][i])], seed=i)
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    real, landed = MomentTable.commit, []

    def commit(self, items):
        out = []
        for item in items:  # one video at a time; the folder is made read-only once one is in
            if landed:
                raise RuntimeError(RAW.format(what=what, lib=lib))
            out += real(self, [item])
            landed.append(item)
        return out

    monkeypatch.setattr(MomentTable, "commit", commit)
    assert main(["index", str(videos), "--library", str(lib), "-q"]) == 2
    err = capsys.readouterr().err
    assert f"the library at {lib} cannot be written ({words}). " in err and "Nothing is damaged." in err, err
    assert "LanceError" not in err and ".tmp" not in err and ".rs:" not in err, err
    assert consistent(lib) == 1  # (the video committed first stays, searchable)
    monkeypatch.setattr(MomentTable, "commit", real)  # writable again: the same command finishes
    assert main(["index", str(videos), "--library", str(lib), "-q"]) == 0
    assert consistent(lib) == 3


def test_a_front_end_that_names_no_folder_is_told_which_folder_to_give_back():
    """The window names no library folder (its banner says 'The library …'): the way out said
    `sudo chown -R "$USER" LIBRARY`, a placeholder to type as if it were a folder."""
    from core.unreadable import damaged_library_message

    said = damaged_library_message(RuntimeError(RAW.format(what="Permission denied (os error 13)", lib="/x/lib")))
    assert said.startswith("the library cannot be written (permission denied). ") and "LIBRARY" not in said, said
    assert '`sudo chown -R "$USER"` on the library\'s folder' in said
    named = damaged_library_message(RuntimeError(RAW.format(what="Permission denied (os error 13)", lib="/x/lib")),
                                    "/x/lib")
    assert '`sudo chown -R "$USER" /x/lib`' in named


def test_the_folder_to_give_back_is_quoted_as_a_shell_reads_it():
    """A library folder with a space in its path (macOS's default data home is under
    ~/Library/Application Support) was said bare: `sudo chown -R "$USER" /Users/me/Library/Application
    Support/seekframe/library`, which a shell runs on two paths, neither the library."""
    import shlex

    from core.unreadable import damaged_library_message

    lib = "/Users/me/Library/Application Support/seekframe/library"
    said = damaged_library_message(RuntimeError(RAW.format(what="Permission denied (os error 13)", lib=lib)), lib)
    command = said.split("(e.g. `", 1)[1].split("`", 1)[0]
    assert shlex.split(command) == ["sudo", "chown", "-R", "$USER", lib], said
