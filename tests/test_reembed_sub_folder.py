"""A ``seekframe index --reindex A/sub`` (a sub-folder of the library folder A) stopped part-way while an
earlier ``--reindex A`` also waited: each run's entry (``core.reembed_record``) counted the videos it made
wait, so those of A/sub were counted twice: ``seekframe status`` said "5 videos of A, A/sub wait" of a
library of 3, the window's library panel "5 to embed again", and its resume of the killed runs said as
many. Each waiting video is now counted once, in the entry of the latest run that asked for it
(``reembed_record.waiting``), what status, the panel (``with_waiting``) and the resume (``killed``) read."""

from __future__ import annotations

import json
import sys

import pytest

from core import reembed_record
from core.library import VideoLibrary
from core.library.moments import MomentTable
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.test_reindex_killed_record import _killed, as_killed, dead_process
from tests.test_reindex_keeps_searchable import _videos
from tests.videos import Segment, write_video

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="another process is not looked at on Windows")


def _crashed_reindexes(tmp_path, capsys, monkeypatch, *inside):
    """A library folder A (blue.mp4, sub/red.mp4, sub/green.mp4), then a ``--reindex`` of each of ``inside``
    (paths in A, in turn), each crashed before it embedded anything: (A, the library)."""
    use_encoder(monkeypatch, FixedTextEncoder)
    a, lib = tmp_path / "A", tmp_path / "lib"
    write_video(a / "sub" / "red.mp4", [Segment(2, "red")], seed=1)
    write_video(a / "sub" / "green.mp4", [Segment(2, "green")], seed=3)
    write_video(a / "blue.mp4", [Segment(2, "blue")], seed=2)
    assert run_cli(capsys, "index", a, "--library", lib)[0] == 0

    def crash(self, items):
        raise RuntimeError("crashed")

    with monkeypatch.context() as m:
        m.setattr(MomentTable, "commit", crash)
        for path in inside:
            with pytest.raises(RuntimeError, match="crashed"):
                run_cli(capsys, "index", "--reindex", a / path, "--library", lib)
    return a, lib


def _waiting(capsys, lib) -> dict:
    code, out, err = run_cli(capsys, "status", "--json", "--library", lib)
    assert code == 0, err
    return json.loads(out)["reembed_waiting"]


def _panel(lib) -> dict:
    """What the window's library panel counts per library folder (``SessionStatus.folder_reembed``)."""
    from core.library_status import library_status

    with VideoLibrary(lib, read_only=True) as library:
        st = library_status(library)
    return reembed_record.with_waiting({}, st.reembed, [f.path for f in st.folders])


def test_a_sub_folder_s_reindex_after_its_folder_s_counts_each_video_once(tmp_path, capsys, monkeypatch):
    a, lib = _crashed_reindexes(tmp_path, capsys, monkeypatch, ".", "sub")
    sub = str(a / "sub")
    assert _waiting(capsys, lib) == {str(a): 1, sub: 2}  # (the parent: {A: 3, A/sub: 2}, 5 of 3 videos)
    code, out, err = run_cli(capsys, "status", "--library", lib)
    assert f"3 videos of {a}, {sub} wait to be embedded again" in out, out
    assert _panel(lib) == {str(a): 3}
    as_killed(lib, dead_process())
    assert _killed(lib) == ((str(a), 1), (sub, 2))  # (what the window's resume says and embeds again)
    before = _videos(lib)
    assert run_cli(capsys, "index", "--library", lib)[0] == 0  # (a plain run embeds the three again, once)
    after = _videos(lib)
    assert all(after[n][1] > before[n][1] for n in before), (before, after)
    assert _waiting(capsys, lib) == {}


def test_a_folder_s_reindex_after_its_sub_folder_s_takes_its_videos(tmp_path, capsys, monkeypatch):
    """The latest run asked for A/sub's videos too: counted in A's entry, A/sub's then waits for none."""
    a, lib = _crashed_reindexes(tmp_path, capsys, monkeypatch, "sub", ".")
    assert _waiting(capsys, lib) == {str(a): 3}  # (the parent: {A/sub: 2, A: 3})
    assert _panel(lib) == {str(a): 3}
