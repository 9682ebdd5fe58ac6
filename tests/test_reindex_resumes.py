"""A ``seekframe index --reindex A`` (the library's own model and cut) killed or crashed part-way was
recorded nowhere: ``seekframe status`` said nothing of A's videos still on their earlier moments, and
a plain ``seekframe index`` (the window's Finish indexing, its resume of a killed run) left them so;
only ``--reindex A`` again finished it, embedding all of A again, the videos done already too. The
run now records itself in ``library.json`` before it embeds anything (``core.reembed_record``): status
says how many wait, and a plain index embeds those again, and only those."""

from __future__ import annotations

import json
import sys

import pytest

from core import reembed_record
from core.library import VideoLibrary
from core.library.moments import MomentTable
from tests.cli_run import FixedTextEncoder, run_cli
from tests.test_reindex_keeps_searchable import _found, _two_folders, _videos, killed_in_embedding

WAITS = "of {a} {verb} to be embedded again (an interrupted --reindex)"


def _crash_after_first_commit(monkeypatch, lib, a):
    """A ``--reindex A`` whose second commit raises (a crash part-way: one of A's videos embedded anew)."""
    from core import service

    real, commits = MomentTable.commit, []

    def crash(self, items):
        commits.append(len(items))
        if len(commits) > 1:
            raise RuntimeError("crashed")
        return real(self, items)

    monkeypatch.setattr(MomentTable, "commit", crash)
    with VideoLibrary(lib) as writer:
        with pytest.raises(RuntimeError, match="crashed"):
            list(service.IndexRun(writer, FixedTextEncoder(), [str(a)], reindex=True, commit_videos=1).events())
    monkeypatch.setattr(MomentTable, "commit", real)
    assert commits[0] == 1, commits


def _status(capsys, lib) -> str:
    code, out, err = run_cli(capsys, "status", "--library", lib)
    assert code == 0, err
    return out


@pytest.mark.parametrize("plain", [["index"], ["index", "A"]], ids=["library", "the-folder"])
def test_a_crashed_reindex_is_said_and_a_plain_index_finishes_only_the_rest(tmp_path, capsys, monkeypatch, plain):
    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    before = _videos(lib)
    _crash_after_first_commit(monkeypatch, lib, a)
    crashed = _videos(lib)
    anew = [n for n in ("red.mp4", "green.mp4") if crashed[n][1] > before[n][1]]
    assert len(anew) == 1 and all(s == "done" for s, _ in crashed.values()), crashed
    out = _status(capsys, lib)
    assert f"1 video {WAITS.format(a=a, verb='waits')}" in out, out
    code, out, err = run_cli(capsys, "status", "--json", "--library", lib)
    assert json.loads(out)["reembed_waiting"] == {str(a): 1}, out

    code, out, err = run_cli(capsys, *[str(a) if p == "A" else p for p in plain], "--library", lib)
    assert code == 0, err
    after = _videos(lib)
    assert after[anew[0]] == crashed[anew[0]], after  # (embedded anew already: not again)
    left = ({"red.mp4", "green.mp4"} - set(anew)).pop()
    assert after[left][0] == "done" and after[left][1] > crashed[left][1], after
    assert after["blue.mp4"] == before["blue.mp4"], after
    assert "embedded again" not in _status(capsys, lib)
    with VideoLibrary(lib, read_only=True) as library:
        assert reembed_record.KEY not in library.meta.settings.other
    assert "red.mp4" in _found(capsys, lib)


def test_a_plain_index_of_another_folder_leaves_the_record(tmp_path, capsys, monkeypatch):
    """Only a run covering A finishes A's re-embed; one of B alone neither embeds A's nor drops it."""
    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    _crash_after_first_commit(monkeypatch, lib, a)
    crashed = _videos(lib)
    assert run_cli(capsys, "index", b, "--library", lib)[0] == 0
    assert _videos(lib) == crashed
    assert f"1 video {WAITS.format(a=a, verb='waits')}" in _status(capsys, lib)


def test_a_finished_reindex_leaves_no_record(tmp_path, capsys, monkeypatch):
    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    assert run_cli(capsys, "index", "--reindex", a, "--library", lib)[0] == 0
    with VideoLibrary(lib, read_only=True) as library:
        assert reembed_record.KEY not in library.meta.settings.other
    assert "embedded again" not in _status(capsys, lib)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_reindex_killed_in_its_embedding_is_said_and_finished_by_a_plain_index(tmp_path, capsys, monkeypatch):
    a, b, lib, before = killed_in_embedding(tmp_path, capsys, monkeypatch)
    assert f"2 videos {WAITS.format(a=a, verb='wait')}" in _status(capsys, lib)
    code, out, err = run_cli(capsys, "index", "--library", lib)
    assert code == 0, err
    after = _videos(lib)
    assert all(after[n][1] > before[n][1] for n in ("red.mp4", "green.mp4")), after
    assert after["blue.mp4"] == before["blue.mp4"], after
    assert "embedded again" not in _status(capsys, lib)


def test_a_video_whose_reindex_failed_still_waits_and_a_plain_index_retries_it(tmp_path, capsys, monkeypatch):
    """A video whose decode fails during the re-embed keeps its earlier moments (no failed row), but the
    finished run dropped its folder's record: status said nothing of it, and a plain index left it so.
    The entry stays while a video it embedded again failed: said, and embedded by the next plain run."""
    from core import service
    from tests.test_reindex_keeps_searchable import red_fails

    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    before = _videos(lib)
    with VideoLibrary(lib) as writer:
        events = list(service.IndexRun(writer, FixedTextEncoder(), [str(a)], reindex=True, decode_fn=red_fails).events())
    assert events[-1].kind == "finished", events[-1]
    failed = _videos(lib)
    assert failed["red.mp4"] == before["red.mp4"] and failed["green.mp4"][1] > before["green.mp4"][1], failed
    assert f"1 video {WAITS.format(a=a, verb='waits')}" in _status(capsys, lib)  # (the parent: nothing said)

    code, out, err = run_cli(capsys, "index", "--library", lib)  # (red.mp4 reads again)
    assert code == 0, err
    after = _videos(lib)
    assert after["red.mp4"][0] == "done" and after["red.mp4"][1] > before["red.mp4"][1], after
    assert after["green.mp4"] == failed["green.mp4"] and after["blue.mp4"] == before["blue.mp4"], after
    assert "embedded again" not in _status(capsys, lib)
    with VideoLibrary(lib, read_only=True) as library:
        assert reembed_record.KEY not in library.meta.settings.other
