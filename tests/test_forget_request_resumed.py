"""A forget of several folders (``seekframe forget /up --all``, /up above /l1/a and /l2/b added
through different links) removes them one at a time, each whole or not at all, and library.json
recorded only the one under way: stopped part-way (Ctrl-C, a kill) after /l1/a, the next start
(any writer's open: `seekframe index`, the app) knew nothing of /l2/b, which stayed in the library
though the user had asked for it to go. Now the whole request is recorded before the first removal
(``forget_request``), each removal drops its folder from it, and the next writer's open removes
the rest, saying so; the stop says it will. A library.json written before it (no list) reads as
before."""

from __future__ import annotations

import json
import sys

import pytest

from core.library import VideoLibrary
from core.library.meta import read_meta
from core.library.store import VideoLibrary as Store
from tests.test_forget_link_above_spellings import spelled_apart  # noqa: F401
from tests.test_status_folders import encoder, folder_status, run  # noqa: F401

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")


def _ctrl_c_at(monkeypatch, folder, where="before"):
    """Ctrl-C when core's removal of ``folder`` starts ("before": nothing of it done), or once its
    record is written ("mid": finished by the next writer's open)."""
    real_forget, real_finish = Store.forget_folder, Store._finish_forget

    def forget(self, root, keep=()):
        if where == "before" and root == folder:
            raise KeyboardInterrupt
        return real_forget(self, root, keep)

    def finish(self):
        if where == "mid" and self.conn.meta.forgetting == folder:
            raise KeyboardInterrupt
        return real_finish(self)

    monkeypatch.setattr(Store, "forget_folder", forget)
    monkeypatch.setattr(Store, "_finish_forget", finish)


def _forget_all_stopped(capsys, monkeypatch, spelled_apart, folder, where="before"):
    """``seekframe forget /up --all`` stopped by Ctrl-C at ``folder``'s removal (``_ctrl_c_at``):
    what it returned and said, ``(code, out, err)``."""
    tmp, lib = spelled_apart[0], spelled_apart[-1]
    with monkeypatch.context() as m:
        _ctrl_c_at(m, folder, where)
        return run(capsys, "forget", tmp / "up", "--all", "--library", lib)


def test_a_stop_after_the_first_folder_leaves_the_rest_to_the_next_index(spelled_apart, capsys,  # noqa: F811
                                                                          monkeypatch):
    tmp, a, b, other, lib = spelled_apart
    code, out, err = _forget_all_stopped(capsys, monkeypatch, spelled_apart, b)
    assert code != 0 and f"Removed 2 videos under {a}" in out, (code, out, err)
    assert (f"{b} was not removed: it is still in the library, and the next time the library is opened to write "
            "(the same command again, or any `seekframe index`) removes it too, as asked") in err, err
    assert read_meta(lib).forget_request == [b]  # (what a kill there leaves too)
    code, out, err = run(capsys, "index", other, "--library", lib)
    assert code == 0, (out, err)
    assert (f"The removal of {b}, asked with other folders by an earlier `seekframe forget` that stopped "
            "part-way, is done now: 1 video removed") in err, err
    assert set(folder_status(capsys, lib)) == {other}
    assert read_meta(lib).forget_request is None


def test_a_kill_mid_way_through_the_first_is_finished_and_the_rest_removed_by_the_next_open(
        spelled_apart, capsys, monkeypatch):  # noqa: F811
    tmp, a, b, other, lib = spelled_apart
    # (a's record written, its rows not deleted: as a kill leaves it)
    code, out, err = _forget_all_stopped(capsys, monkeypatch, spelled_apart, a, "mid")
    assert code != 0, (code, out, err)
    meta = read_meta(lib)
    assert meta.forgetting == a and meta.forget_request == [a, b], meta
    with VideoLibrary(lib) as library:  # (the app's open, or any writer's)
        assert library.forget_finished == (a, 2) and library.forget_resumed == [(b, 1)]
        assert library.meta.settings.folders == [other]
    assert read_meta(lib).forget_request is None
    assert set(folder_status(capsys, lib)) == {other}


def test_the_same_command_again_says_the_rest_once(spelled_apart, capsys, monkeypatch):  # noqa: F811
    tmp, a, b, other, lib = spelled_apart
    assert _forget_all_stopped(capsys, monkeypatch, spelled_apart, b)[0] != 0
    code, out, err = run(capsys, "forget", tmp / "up", "--all", "--library", lib)  # (/up: /l2 above b alone now)
    assert code == 0 and out.startswith(f"The removal of {b} from the library is finished (1 video removed in "
                                        "all)"), (code, out, err)
    assert "removal" not in err, err  # (said once, under the folder removed)
    assert set(folder_status(capsys, lib)) == {other}


def test_the_last_folder_named_again_is_the_removal_done(spelled_apart, capsys, monkeypatch):  # noqa: F811
    tmp, a, b, other, lib = spelled_apart
    assert _forget_all_stopped(capsys, monkeypatch, spelled_apart, b)[0] != 0
    code, out, err = run(capsys, "forget", b, "--library", lib)  # (the folder the stop said was left)
    assert code == 0 and out.startswith(f"The removal of {b} from the library is finished (1 video"), (out, err)
    assert set(folder_status(capsys, lib)) == {other}


def test_a_library_json_without_the_list_reads_as_before(spelled_apart, capsys, monkeypatch):  # noqa: F811
    tmp, a, b, other, lib = spelled_apart
    # (a's removal stopped mid-way by an older seekframe: no list)
    _forget_all_stopped(capsys, monkeypatch, spelled_apart, a, "mid")
    data = json.loads((lib / "library.json").read_text())
    del data["extra"]["forget_request"]
    (lib / "library.json").write_text(json.dumps(data))
    assert read_meta(lib).forgetting == a and read_meta(lib).forget_request is None
    with VideoLibrary(lib) as library:
        assert library.forget_finished == (a, 2) and library.forget_resumed == []
    assert set(folder_status(capsys, lib)) == {b, other}  # (only what it recorded)
    data = json.loads((lib / "library.json").read_text())
    data["extra"]["forget_request"] = "not a list"  # (odd: read as none)
    (lib / "library.json").write_text(json.dumps(data))
    assert read_meta(lib).forget_request is None


def test_the_same_command_after_a_kill_mid_way_counts_the_rest_as_its_own(spelled_apart, capsys,  # noqa: F811
                                                                          monkeypatch):
    tmp, a, b, other, lib = spelled_apart
    assert _forget_all_stopped(capsys, monkeypatch, spelled_apart, a, "mid")[0] != 0
    code, out, err = run(capsys, "forget", tmp / "up", "--all", "--library", lib)
    assert code == 0 and out.startswith(f"Removed 3 videos under {tmp / 'up'}"), (code, out, err)
    assert f"The removal of {a}, which an earlier try had stopped part-way, was finished first (2 of them)" in out
    assert "removal" not in err, err  # (said once, as this forget's own)
    assert set(folder_status(capsys, lib)) == {other}


def test_a_full_disk_leaves_the_rest_for_an_open_after_it(spelled_apart, capsys, monkeypatch):  # noqa: F811
    from tests.test_forget_whole import refuse_writes

    tmp, a, b, other, lib = spelled_apart
    assert _forget_all_stopped(capsys, monkeypatch, spelled_apart, b)[0] != 0
    with monkeypatch.context() as m:  # (b's record refused: the open goes on, nothing of b begun)
        refuse_writes(m, lambda meta: meta.forgetting == b)
        with VideoLibrary(lib) as library:
            assert library.forget_resumed == [] and library.meta.forget_request == [b]
            assert library.forgetting is None
    with VideoLibrary(lib) as library:  # (space freed)
        assert library.forget_resumed == [(b, 1)]
    assert set(folder_status(capsys, lib)) == {other}


def test_a_request_whose_folder_the_library_no_longer_lists_as_recorded_removes_nothing(tmp_path, capsys,
                                                                                          encoder):  # noqa: F811
    """Every folder of a request is a library folder as the library spells it, and every writer's open
    removes the rest before anything else writes: one no longer listed so was changed by a writer
    that does not know the request (an older seekframe keeps library.json's unknown keys as they
    are: it forgot /v/b, then /v was added, taking /v/b's videos in). Removing /v/b's videos from
    the folder the user added since would lose them (and the notes on them): nothing is removed,
    the stale request is dropped."""
    from tests.test_status_folders import make_folder

    videos, lib = tmp_path / "v", tmp_path / "lib"
    make_folder(videos / "b", 1)
    make_folder(videos / "c", 2)
    assert run(capsys, "index", videos, "--library", lib)[0] == 0
    data = json.loads((lib / "library.json").read_text())
    data["extra"]["forget_request"] = [str(videos / "b"), str(tmp_path / "gone")]
    (lib / "library.json").write_text(json.dumps(data))
    with VideoLibrary(lib) as library:
        assert library.forget_resumed == []
        assert len(library.video_table.all()) == 3
    assert read_meta(lib).forget_request is None  # (stale: never acted on later either)
    assert folder_status(capsys, lib)[str(videos)]["videos"]["total"] == 3
