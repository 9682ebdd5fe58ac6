"""A forget is whole or not at all. Before: ``seekframe forget FOLDER`` (and the app's "remove
folder", the same ``service.forget_folder``) deleted the folder's videos first and dropped it from
``library.json`` second; killed (or a write refused) between the two, the folder stayed listed
with no videos, and the next plain ``seekframe index`` (the app's next re-scan) embedded it
again: the forget was undone without a word. Now the forget is recorded in ``library.json`` first
(``forgetting``) and any writer's open finishes it; ``seekframe status`` says it is pending.

The kills are real: the command (or the app's engine calls) in a child process (forked from the warm
parent of ``tests.cli_zygote``), SIGKILLed inside the forget by a probe that patches
``VideoTable.delete``: by itself, at that point, as ``tests.rescan_kill``'s probes are."""

from __future__ import annotations

import errno
import json
import signal
import sys
from pathlib import Path

import pytest

from core.cli import main
from core.library import VideoLibrary
from core.library import meta as meta_io
from tests.cli_zygote import run_probe
from tests.models import save_tiny_model
from tests.videos import Segment, write_video

# Kills the forget when it deletes the folder's rows, before or after they go, marking argv[1] first.
HOLD_IN_DELETE = """
import os, pathlib, signal, sys
mark, when = pathlib.Path(sys.argv[1]), sys.argv[2]
from core.library.videos import VideoTable
delete = VideoTable.delete
def held(self, video_ids):
    if when == "after":
        delete(self, video_ids)
    mark.touch()
    os.kill(os.getpid(), signal.SIGKILL)
VideoTable.delete = held
"""
CLI = HOLD_IN_DELETE + """
from core.cli import main
sys.exit(main(sys.argv[3:]))
"""
# The app's way: the library opened by app.engine, the forget run through engine.as_writer (the
# ForgetJob's worker in app.job_runner).
APP = HOLD_IN_DELETE + """
from app import engine
from core import service
library, read_only, problem = engine.open_library(sys.argv[3])
assert not read_only, problem
engine.as_writer(service.forget_folder, library, sys.argv[4])
"""


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    """A library of two folders, a (red, green) and b (blue), indexed by the command."""
    base = tmp_path_factory.mktemp("forget")
    model = save_tiny_model(base / "model", seed=1)
    a, b = base / "videos" / "a", base / "videos" / "b"
    write_video(a / "red.mp4", [Segment(4, "red")], seed=1)
    write_video(a / "green.mp4", [Segment(4, "green")], seed=2)
    write_video(b / "blue.mp4", [Segment(4, "blue")], seed=3)
    lib = base / "lib"
    assert main(["index", str(a), str(b), "--library", str(lib), "--model", str(model), "-q"]) == 0
    return {"lib": lib, "model": model, "a": str(a), "b": str(b)}


def copy_library(indexed, tmp_path) -> Path:
    import shutil

    lib = tmp_path / "lib"
    shutil.copytree(indexed["lib"], lib)
    return lib


def contents(lib: Path) -> tuple[list[str], dict[str, str]]:
    """(the library's folders, {video path: status})."""
    with VideoLibrary(lib, read_only=True) as library:
        return (list(library.meta.settings.folders or []),
                {v.path: v.status for v in library.video_table.all()})


def assert_forgotten(lib: Path, indexed) -> None:
    folders, videos = contents(lib)
    assert folders == [indexed["b"]], f"the forgotten folder came back: {folders}"
    assert sorted(videos) == [str(Path(indexed["b"]) / "blue.mp4")], f"its videos came back: {sorted(videos)}"
    assert set(videos.values()) == {"done"}
    assert "forgetting" not in json.loads((lib / "library.json").read_text()).get("extra", {})


def plain_index(capsys, lib, model) -> None:
    assert main(["index", "--library", str(lib), "--model", str(model), "-q"]) == 0, capsys.readouterr().err
    capsys.readouterr()


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
@pytest.mark.parametrize("when", ["before", "after"])  # the kill before or after the rows went
def test_a_forget_killed_part_way_is_finished_and_the_next_index_does_not_bring_the_folder_back(
        indexed, tmp_path, capsys, when):
    lib = copy_library(indexed, tmp_path)
    mark = tmp_path / "held"
    code, stderr = run_probe(CLI, mark, when, "forget", indexed["a"], "--library", lib, timeout=120)
    assert code == -signal.SIGKILL and mark.exists(), f"the kill should land inside the forget: {stderr}"

    assert main(["status", "--library", str(lib), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["forgetting"] == indexed["a"]
    assert main(["status", "--library", str(lib)]) == 0
    out = capsys.readouterr().out
    assert f"Forgetting {indexed['a']}: interrupted" in out and "finishes it" in out

    plain_index(capsys, lib, indexed["model"])  # (its open finishes the forget before the run)
    assert_forgotten(lib, indexed)
    assert main(["status", "--library", str(lib), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["forgetting"] is None


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_the_apps_remove_folder_killed_part_way_is_finished_by_the_apps_next_open(indexed, tmp_path, capsys):
    from app import engine
    from core import service

    lib = copy_library(indexed, tmp_path)
    mark = tmp_path / "held"
    code, stderr = run_probe(APP, mark, "after", lib, indexed["a"], timeout=120)
    assert code == -signal.SIGKILL and mark.exists(), f"the kill should land inside the forget: {stderr}"

    library, read_only, problem = engine.open_library(str(lib))  # the app started again
    try:
        assert not read_only, problem
        encoder = engine.load_encoder(str(indexed["model"]))
        run = service.IndexRun(library, encoder, [], no_folders="none")  # the app's re-scan (IndexJob())
        kinds = [ev.kind for ev in engine.events_as_writer(library, run.events)]
        assert kinds[-1] == "finished", kinds
    finally:
        library.close()
    assert_forgotten(lib, indexed)


def refuse_writes(monkeypatch, which):
    """``library.json`` writes of a meta for which ``which(meta)`` holds fail as on a full disk."""
    write = meta_io.write_meta

    def refusing(where, meta):
        if which(meta):
            raise OSError(errno.ENOSPC, "No space left on device")
        return write(where, meta)

    monkeypatch.setattr(meta_io, "write_meta", refusing)


def test_a_forget_whose_last_write_is_refused_is_finished_by_the_next_index(indexed, tmp_path, capsys, monkeypatch):
    lib = copy_library(indexed, tmp_path)
    with monkeypatch.context() as m:  # the write that drops the folder refused (the rows already gone)
        refuse_writes(m, lambda meta: indexed["a"] not in (meta.settings.folders or []))
        assert main(["forget", indexed["a"], "--library", str(lib)]) != 0
        capsys.readouterr()
    plain_index(capsys, lib, indexed["model"])
    assert_forgotten(lib, indexed)


def test_the_same_forget_run_again_after_a_full_disk_finishes_it_without_a_refusal(indexed, tmp_path, capsys,
                                                                                   monkeypatch):
    """A full disk's message says to run the same command again: its open finishes the forget,
    and the forget itself then says so, not that the folder is none of the library's."""
    lib = copy_library(indexed, tmp_path)
    with monkeypatch.context() as m:
        refuse_writes(m, lambda meta: indexed["a"] not in (meta.settings.folders or []))
        assert main(["forget", indexed["a"], "--library", str(lib)]) == 3  # (the disk-full exit code)
        assert "run the same command again" in capsys.readouterr().err
    assert main(["forget", indexed["a"], "--library", str(lib)]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out  # its videos went the first time, in another run: finished, not "Removed 0"
    assert f"The removal of {indexed['a']} from the library is finished: an earlier try" in out, out
    assert main(["forget", indexed["a"], "--library", str(lib)]) == 2  # a later open finished nothing: refused
    assert "not one of the library's folders" in capsys.readouterr().err
    plain_index(capsys, lib, indexed["model"])
    assert_forgotten(lib, indexed)


def test_a_forget_whose_first_write_is_refused_forgets_nothing_now_or_later(indexed, tmp_path, capsys, monkeypatch):
    from core import service
    from core.errors import SeekframeError

    lib = copy_library(indexed, tmp_path)
    before = contents(lib)
    with VideoLibrary(lib) as library:
        with monkeypatch.context() as m:  # recording the forget refused: nothing may go
            refuse_writes(m, lambda meta: meta.forgetting)
            with pytest.raises((OSError, SeekframeError)):
                service.forget_folder(library, indexed["a"])
        assert library.forgetting is None
        library.update_settings(window_s=5.0)  # a later write of this handle records no forget
    assert "forgetting" not in json.loads((lib / "library.json").read_text()).get("extra", {})
    with VideoLibrary(lib):  # a writer's open finishes no forget
        pass
    assert contents(lib) == before


def test_a_library_json_without_the_key_reads_and_is_written_without_it(indexed, tmp_path):
    lib = copy_library(indexed, tmp_path)
    data = json.loads((lib / "library.json").read_text())
    assert "forgetting" not in data.get("extra", {})  # (older Seekframes read the same file)
    assert meta_io.read_meta(lib).forgetting is None
    data["extra"]["forgetting"] = 3  # not a path: read as no forget under way
    (lib / "library.json").write_text(json.dumps(data))
    assert meta_io.read_meta(lib).forgetting is None


def test_a_reader_does_not_list_nor_find_the_videos_of_a_folder_whose_forget_is_pending(indexed, tmp_path, capsys):
    """A forget interrupted before its rows went (the next writer's open finishes it): a reader
    (`seekframe search`, `status`, the app while another process writes) still listed and found the
    forgotten folder's videos until then."""
    lib = copy_library(indexed, tmp_path)
    with VideoLibrary(lib) as library:
        library.conn.write_meta(forgetting=indexed["a"])  # recorded, its rows not deleted yet
    _folders, videos = contents(lib)  # (read-only)
    assert sorted(videos) == [str(Path(indexed["b"]) / "blue.mp4")], sorted(videos)
    assert main(["search", "a red thing", "--library", str(lib), "-k", "10"]) == 0
    out = capsys.readouterr().out
    assert "blue.mp4" in out and indexed["a"] not in out, out
    plain_index(capsys, lib, indexed["model"])  # the writer finishes it
    assert_forgotten(lib, indexed)


def test_an_index_run_on_the_handle_whose_forget_a_full_disk_stopped_does_not_bring_the_folder_back(
        indexed, tmp_path, monkeypatch):
    """The app keeps its writer handle open: its forget's last write refused (a full disk), the
    forget stays pending on that handle, and a re-scan (File › Re-scan, a folder added, resumed
    work: an IndexRun on the same handle) found the folder still listed and embedded it again.
    The run now finishes the forget first, and says so through ``forget_finished``."""
    from core import service
    from core.encoders.video_side import load_video_encoder

    lib = copy_library(indexed, tmp_path)
    with VideoLibrary(lib) as library:
        with monkeypatch.context() as m:
            refuse_writes(m, lambda meta: indexed["a"] not in (meta.settings.folders or []))
            with pytest.raises(OSError):
                service.forget_folder(library, indexed["a"])
        assert library.forgetting == indexed["a"]
        events = list(service.IndexRun(library, load_video_encoder(indexed["model"], text=True), []).events())
        assert events[-1].kind != "error", events[-1]
        assert library.forget_finished == (indexed["a"], 2)  # (its 2 rows went before the refusal: counted)
    assert_forgotten(lib, indexed)


def test_a_stopped_removal_of_the_only_folder_is_finished_and_said_by_the_next_index(indexed, tmp_path, capsys,
                                                                                    monkeypatch):
    """`seekframe status` says the next `seekframe index` finishes it: that index finished it
    without a word and then failed, 'No folders to index' (exit 2)."""
    lib = copy_library(indexed, tmp_path)
    assert main(["forget", indexed["a"], "--library", str(lib)]) == 0
    with monkeypatch.context() as m:  # b, now the only folder: its last write refused
        refuse_writes(m, lambda meta: indexed["b"] not in (meta.settings.folders or []))
        assert main(["forget", indexed["b"], "--library", str(lib)]) != 0
    capsys.readouterr()
    assert main(["index", "--library", str(lib), "--model", str(indexed["model"])]) == 0
    err = capsys.readouterr().err
    assert f"The removal of {indexed['b']} from the library is finished" in err, err
    assert "No folders" not in err, err
    folders, videos = contents(lib)
    assert folders == [] and videos == {}
