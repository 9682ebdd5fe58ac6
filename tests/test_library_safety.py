"""Library state that is missing, odd or locked: a message and exit code 2, never a traceback,
never a silently emptied library (issue 10, points 2, 9 and 10)."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.cli import main
from core.errors import LibraryError, SeekframeError
from core.library.lock import lock_library
from tests.cli_run import run_cli

ROOT = Path(__file__).resolve().parent.parent
LOCKED = "is being written by another Seekframe process"


# ------------------------------------------------------------------ point 10: lock first


def test_second_writer_is_refused_before_any_model_is_loaded(tmp_path, capsys, monkeypatch):
    from core.encoders import Encoder

    def no_load(*a, **k):
        raise AssertionError("the model was loaded before the lock was checked")

    monkeypatch.setattr(Encoder, "load", classmethod(no_load))
    lib = tmp_path / "lib"
    holder = lock_library(lib)
    try:
        for cmd in (["index", tmp_path], ["captions-import", tmp_path / "c.txt"],
                    ["note", tmp_path / "v.mp4@3", "a note"], ["forget", tmp_path]):
            code, _, err = run_cli(capsys, *cmd, "--library", lib)
            assert code == 2 and LOCKED in err, (cmd, err)
    finally:
        holder.release()


def test_second_writer_process_is_refused_at_once_without_heavy_imports(tmp_path):
    lib = tmp_path / "lib"
    holder = lock_library(lib)
    probe = ("import sys; from core.cli import main; code = main(sys.argv[1:]); "
             "print(sorted(m for m in ('lancedb', 'torch', 'transformers') if m in sys.modules)); "
             "sys.exit(code)")
    try:
        t0 = time.monotonic()
        r = subprocess.run([sys.executable, "-c", probe, "index", str(tmp_path), "--library", str(lib),
                            "--model", str(tmp_path / "no-model")],
                           capture_output=True, text=True, cwd=ROOT, timeout=120)
        elapsed = time.monotonic() - t0
    finally:
        holder.release()
    assert r.returncode == 2 and LOCKED in r.stderr, r.stderr
    assert r.stdout.strip() == "[]", f"imported before refusing: {r.stdout}"
    assert elapsed < 10, elapsed  # about half a second; generous for a loaded machine


@pytest.mark.parametrize("by, said", [
    ("app", "is being written by the Seekframe app (pid {pid}): it is opening it, indexing or saving a "
            "change. Wait until the app's work is done"),
    ("", "is being written by another Seekframe process (pid {pid}). Wait for it to finish"),
])
def test_a_refused_writer_is_told_who_writes_and_what_to_do(tmp_path, capsys, monkeypatch, by, said):
    """The app holds its library's lock while it writes: a command refused said only "another
    Seekframe process (pid N)", as if nothing could be done about it."""
    from core.library import lock

    lib = tmp_path / "lib"
    monkeypatch.setattr(lock, "HOLDER", by)
    holder = lock_library(lib)
    monkeypatch.setattr(lock, "HOLDER", "")
    try:
        code, _, err = run_cli(capsys, "forget", tmp_path, "--library", lib)
    finally:
        holder.release()
    assert code == 2 and said.format(pid=os.getpid()) in " ".join(err.split()), err
    assert "Searching it works meanwhile" in err


# ------------------------------------------------------------------ point 9: odd library state


def test_lock_file_that_is_a_folder_gives_a_message(tmp_path, capsys):
    lib = tmp_path / "lib"
    (lib / "writer.lock").mkdir(parents=True)
    code, _, err = run_cli(capsys, "index", tmp_path / "none", "--library", lib)
    assert code == 2 and "writer.lock" in err and "folder" in err and "Traceback" not in err
    with pytest.raises(LibraryError, match="rmdir"):
        lock_library(lib)


@pytest.mark.parametrize("err, says", [(errno.EROFS, "on a read-only drive"), (errno.EACCES, "not writable by you")])
def test_a_library_that_cannot_be_written_says_so_not_that_its_lock_is_bad(tmp_path, capsys, monkeypatch,
                                                                           err, says):
    from core.library import VideoLibrary

    lib = tmp_path / "lib"
    with VideoLibrary(lib) as library:  # a library, empty
        library.bind_model("some-model", "/models/some", 8)
    real_open = os.open

    def refusing(path, flags, *a, **k):
        if str(path).endswith("writer.lock"):
            raise OSError(err, os.strerror(err), str(path))
        return real_open(path, flags, *a, **k)

    monkeypatch.setattr(os, "open", refusing)
    code, _, out = run_cli(capsys, "note", f"{tmp_path / 'x.mp4'}@1", "x", "--library", lib)
    assert code == 2 and says in out and "can be searched" in out
    assert "remove it" not in out and "Traceback" not in out


@pytest.mark.slow  # (9-12 s under load 12)
def test_a_damaged_table_file_gives_a_message_and_a_way_out_not_a_traceback(tmp_path, capsys, colour_model):
    from tests.videos import Segment, write_video

    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / "red.mp4", [Segment(4, "red")])
    write_video(videos / "blue.mp4", [Segment(4, "blue")])
    assert run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model, "-q")[0] == 0
    assert run_cli(capsys, "note", f"{videos / 'red.mp4'}@1", "our red wall", "--library", lib)[0] == 0
    for data in (lib / "db" / "moments.lance" / "data").glob("*.lance"):
        os.truncate(data, 1000)  # a copy cut short, a disk error
    code, out, err = run_cli(capsys, "search", "red", "--library", lib)
    assert code == 2 and "Traceback" not in err
    assert "cannot be read" in err and "damaged" in err and "`seekframe repair`" in err

    code, out, err = run_cli(capsys, "repair", "--library", lib)  # the way out the message names
    assert code == 0 and "The moments table could not be read: set aside as" in out, err
    assert len(list((lib / "db").glob("moments.lance.damaged-*"))) == 1  # kept, not deleted
    code, _, err = run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)
    assert code == 0 and "Indexed 2 of 2 video files" in err  # embedded again
    code, out, _ = run_cli(capsys, "search", "red", "--library", lib, "--json", "-k", "1")
    assert code == 0 and json.loads(out)[0]["path"].endswith("red.mp4")
    code, out, _ = run_cli(capsys, "captions", f"{videos / 'red.mp4'}@1", "--library", lib, "--json")
    assert [r["text"] for r in json.loads(out) if r["on_this_clip"]] == ["our red wall"]  # the note, still tied
    assert "nothing to repair" in run_cli(capsys, "repair", "--library", lib)[1]


def test_a_reader_that_leaves_the_pipe_early_gets_no_traceback(tmp_path, monkeypatch):
    from core.library import VideoLibrary

    lib = tmp_path / "lib"
    with VideoLibrary(lib) as library:
        library.bind_model("some-model", "/models/some", 8)
    read, write = os.pipe()
    os.close(read)  # `seekframe status | head -1`, head gone
    out = os.fdopen(write, "w")
    monkeypatch.setattr(sys, "stdout", out)
    try:
        assert main(["status", "--library", str(lib)]) == 0
    finally:
        out.close()


# ------------------------------------------------------------------ point 9: odd clip times


@pytest.mark.parametrize("when", ["-1", "nan", "inf", "-inf", "NaN", "-0.5", "1:-3"])
def test_a_time_that_is_no_time_is_refused_with_a_message(tmp_path, when):
    from core.cli import split_clip_ref

    f = tmp_path / "clip.mp4"
    f.write_bytes(b"x")
    with pytest.raises(SeekframeError, match="not a time in the clip"):
        split_clip_ref(f"{f}@{when}")
    if when != "1:-3":  # a plain number is a time attempt even for a file that is not there
        with pytest.raises(SeekframeError, match="not a time in the clip"):
            split_clip_ref(f"{tmp_path / 'gone.mp4'}@{when}")


def test_exponent_seconds_are_seconds_and_real_at_names_still_work(tmp_path):
    from core.cli import split_clip_ref

    f = tmp_path / "clip.mp4"
    f.write_bytes(b"x")
    assert split_clip_ref(f"{f}@1e3") == (str(f), 1000.0)
    assert split_clip_ref(f"{f}@2.5e1") == (str(f), 25.0)
    # a name with "@" that is not on disk is still just a name (the search says it is unknown)
    assert split_clip_ref(f"{tmp_path}/me@beach.mp4") == (f"{tmp_path}/me@beach.mp4", None)


@pytest.mark.parametrize("cmd", ["similar", "captions", "note"])
def test_cli_odd_times_exit_2_with_a_message(tmp_path, capsys, cmd):
    f = tmp_path / "clip.mp4"
    f.write_bytes(b"x")
    extra = ["a note"] if cmd == "note" else []
    for when in ("-1", "nan", "inf"):
        code, _, err = run_cli(capsys, cmd, f"{f}@{when}", *extra, "--library", tmp_path / "lib")
        assert code == 2 and "not a time in the clip" in err and "not in the library" not in err, err


# ------------------------------------------------------------------ point 2: lost or odd library.json

DIM = 16
MODEL = "tiny-000000000001"


def _indexed_library(root, n_videos=3, per=4, model=MODEL, dim=DIM):
    import numpy as np

    from core.library import MomentRecord, VideoLibrary, VideoRecord

    rng = np.random.default_rng(0)
    with VideoLibrary(root) as lib:
        lib.bind_model(model, "/models/tiny", dim)
        lib.update_settings(folders=["/media"])
        for i in range(n_videos):
            v = rng.normal(size=(per, dim)).astype(np.float32)
            rec = VideoRecord(video_id=f"{i:016x}", path=f"/media/v{i}.mp4", root="/media",
                              size=100, mtime=1.0, content_hash=f"h{i}", duration=4.0 * per)
            lib.moment_table.commit([(rec, [MomentRecord(rec.video_id, 0, j, 4.0 * j, 4.0 * j + 4,
                                              4.0 * j + 2, v[j]) for j in range(per)])])
    return n_videos * per


def _moment_rows(root) -> int:
    import lancedb

    return lancedb.connect(str(root / "db")).open_table("moments").count_rows()


def test_missing_library_json_is_rebuilt_from_the_tables_and_keeps_every_vector(tmp_path, capsys):
    from core.library import VideoLibrary

    root = tmp_path / "lib"
    n = _indexed_library(root)
    (root / "library.json").unlink()

    code, out, _ = run_cli(capsys, "status", "--library", root, "--json")  # a reader: nothing written
    status = json.loads(out)
    assert code == 0 and status["moments"] == n and status["model_id"] == MODEL and status["dim"] == DIM
    assert any("missing" in note for note in status["notes"])
    assert not (root / "library.json").exists()

    with VideoLibrary(root) as lib:  # the next writer rebuilds it
        assert (lib.meta.model_id, lib.meta.dim) == (MODEL, DIM)
        lib.bind_model(MODEL, "/models/tiny-again", DIM)  # the same model: nothing to re-embed
        assert len(lib.moment_search.search([1.0] + [0.0] * (DIM - 1), 100)) == n
    assert json.loads((root / "library.json").read_text())["model_id"] == MODEL
    assert _moment_rows(root) == n
    with VideoLibrary(root, read_only=True) as ro:
        assert sum(v.n_moments for v in ro.video_table.all() if v.status == "done") == n


def test_missing_library_json_and_another_model_is_refused_not_emptied(tmp_path):
    from core.errors import ModelMismatchError
    from core.library import VideoLibrary

    root = tmp_path / "lib"
    n = _indexed_library(root)
    (root / "library.json").unlink()
    with VideoLibrary(root) as lib, pytest.raises(ModelMismatchError, match="--reindex"):
        lib.bind_model("other-000000000002", "/models/other", 8)
    assert _moment_rows(root) == n


def test_unknown_model_refuses_writers_with_a_repair_message_and_reads_still_work(tmp_path, capsys):
    import lancedb

    from core.library import VideoLibrary

    root = tmp_path / "lib"
    n = _indexed_library(root)
    (root / "library.json").unlink()
    lancedb.connect(str(root / "db")).open_table("videos").update(values={"model_id": ""})

    code, _, err = run_cli(capsys, "forget", "/media", "--library", root)
    assert code == 2 and "seekframe index --reindex --model" in err and "Traceback" not in err
    code, out, _ = run_cli(capsys, "status", "--library", root)
    assert code == 2 and "Problem:" in out and "cannot be told" in out and "--reindex" in out
    with VideoLibrary(root, read_only=True) as ro:
        assert len(ro.moment_search.search([1.0] + [0.0] * (DIM - 1), 100)) == n
    assert _moment_rows(root) == n

    with VideoLibrary(root, repair=True) as lib:  # what `index --reindex` opens
        assert lib.repairing
        lib.reset_for_model("new-000000000003", "/models/new", 8)
        assert all(v.status == "pending" for v in lib.video_table.all())  # all embedded again
    assert VideoLibrary(root, read_only=True).meta.model_id == "new-000000000003"


def test_a_wrong_dim_is_refused_with_a_message_and_keeps_the_vectors(tmp_path, capsys):
    from core.library import VideoLibrary

    root = tmp_path / "lib"
    n = _indexed_library(root)
    data = json.loads((root / "library.json").read_text())
    (root / "library.json").write_text(json.dumps({**data, "dim": 32}))

    with pytest.raises(LibraryError, match="32 dimensions.*vectors of 16.*--reindex"):
        VideoLibrary(root)
    code, _, err = run_cli(capsys, "index", tmp_path / "none", "--library", root)
    assert code == 2 and "inconsistent" in err and "Traceback" not in err
    code, out, _ = run_cli(capsys, "status", "--library", root, "--json")
    assert code == 2 and json.loads(out)["problems"]
    with VideoLibrary(root, read_only=True) as ro:  # reads use what the table holds
        assert ro.meta.dim == DIM and len(ro.moment_search.search([1.0] + [0.0] * (DIM - 1), 100)) == n
    assert _moment_rows(root) == n and json.loads((root / "library.json").read_text())["dim"] == 32


def test_done_videos_whose_moments_are_gone_are_embedded_again(tmp_path):
    import lancedb

    from core.library import VideoLibrary

    root = tmp_path / "lib"
    _indexed_library(root)
    lancedb.connect(str(root / "db")).drop_table("moments")  # what the old code left behind
    with VideoLibrary(root) as lib:
        assert {v.status for v in lib.video_table.all()} == {"pending"}


@pytest.mark.parametrize("text,expect", [
    ("{not json", "unreadable"),
    ("[1, 2]", "unreadable"),
    ('{"schema_version": 1, "extra": {"settings": {"folders": "/media"}}}', '"folders" should be a list'),
    ('{"schema_version": 1, "extra": {"settings": {"folders": [1]}}}', '"folders" should be a list'),
    ('{"schema_version": 1, "extra": {"settings": []}}', '"settings" should be an object'),
    ('{"schema_version": 1, "extra": {"settings": {"window_s": "x"}}}', '"window_s"'),
    ('{"schema_version": 1, "dim": 1e999}', "damaged"),
])
def test_malformed_library_json_gives_a_message(tmp_path, capsys, text, expect):
    root = tmp_path / "lib"
    _indexed_library(root, n_videos=1)
    (root / "library.json").write_text(text)
    for cmd in (["status"], ["index", tmp_path / "none"], ["search", "a dog"]):
        code, _, err = run_cli(capsys, *cmd, "--library", root)
        assert code == 2 and expect in err and "Traceback" not in err, (cmd, err)
    assert _moment_rows(root) == 1 * 4


def test_a_time_past_the_end_says_the_clip_is_shorter(tmp_path, capsys, monkeypatch):
    import core.cli

    class Stub:  # the library's model, without loading one: only clip vectors are compared
        model_id, embed_dim, card = MODEL, DIM, None

    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: Stub())
    root = tmp_path / "lib"
    _indexed_library(root)  # v0.mp4 is 16 s long
    for cmd in ("similar", "captions"):
        code, _, err = run_cli(capsys, cmd, "/media/v0.mp4@1e3", "--library", root)
        assert code == 2 and "16:40.0 is outside /media/v0.mp4 (0:00–0:16.0)" in err, err
        assert "not in the library" not in err
        code, out, err = run_cli(capsys, cmd, "/media/v0.mp4@5", "--library", root, "--json")
        assert code == 0, err


def test_cli_index_after_library_json_was_deleted_keeps_the_moments(tmp_path, capsys, colour_model):
    from tests.videos import Segment, write_video

    videos, root = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / "a.mp4", [Segment(8, "red")], seed=1)
    write_video(videos / "b.mp4", [Segment(4, "blue")], seed=2)
    assert run_cli(capsys, "index", videos, "--library", root, "--model", colour_model)[0] == 0
    before = json.loads(run_cli(capsys, "status", "--library", root, "--json")[1])
    (root / "library.json").unlink()

    code, out, err = run_cli(capsys, "index", videos, "--library", root, "--model", colour_model)
    assert code == 0, err
    after = json.loads(run_cli(capsys, "status", "--library", root, "--json")[1])
    assert after["moments"] == before["moments"] == 3 and after["model_id"] == before["model_id"]
    assert _moment_rows(root) == 3 and after["problems"] == []
    hits = json.loads(run_cli(capsys, "search", "red", "--library", root, "--json", "-k", "1")[1])
    assert hits and hits[0]["path"].endswith("a.mp4")


def test_the_app_opens_a_library_that_refuses_writers_read_only_and_says_why(tmp_path):
    from app.engine import open_library

    root = tmp_path / "lib"
    n = _indexed_library(root)
    data = json.loads((root / "library.json").read_text())
    (root / "library.json").write_text(json.dumps({**data, "dim": 32}))
    lib, read_only, problem = open_library(str(root))
    try:
        assert read_only and "--reindex" in problem  # the repair, not "another window writes"
        assert len(lib.moment_search.search([1.0] + [0.0] * (DIM - 1), 100)) == n  # still searchable
    finally:
        lib.close()
    lib, read_only, problem = open_library(str(tmp_path / "fresh"))
    lib.close()
    assert not read_only and problem == ""


def test_writer_free_tells_a_held_lock_and_leaves_the_holders_info(tmp_path):
    from core.library.lock import writer_free

    lib = tmp_path / "lib"
    assert not writer_free(lib) and not lib.exists()  # (nothing there: nothing created)
    held = lock_library(lib)
    info = (lib / "writer.lock").read_bytes()
    assert not writer_free(lib)
    assert (lib / "writer.lock").read_bytes() == info  # (the holder's pid is still what it says)
    held.release()
    assert writer_free(lib)
    lock_library(lib).release()  # (the probe left it free)


def test_index_wait_waits_for_the_writer_then_indexes_and_gives_up_after_its_minutes(tmp_path, capsys, monkeypatch):
    """A nightly ``seekframe index`` that met the app's own run failed at once; ``--wait`` waits."""
    import threading

    from core.library import lock

    lib, folder = tmp_path / "lib", tmp_path / "videos"
    folder.mkdir()
    monkeypatch.setattr(lock, "WAIT_STEP_S", 0.05)
    monkeypatch.setattr(lock, "HOLDER", "app")
    holder = lock_library(lib)
    monkeypatch.setattr(lock, "HOLDER", "")
    timer = threading.Timer(0.5, holder.release)
    timer.start()
    try:
        code, _, err = run_cli(capsys, "index", folder, "--library", lib, "--wait", "1")
    finally:
        timer.cancel()
        holder.release()
    assert code == 0, err
    assert f"waiting for the Seekframe app (pid {os.getpid()}) to finish" in err and err.count("waiting for") == 1
    lock_library(lib).release()  # (free: the index let it go)

    holder = lock_library(lib)
    try:
        t0 = time.monotonic()
        code, _, err = run_cli(capsys, "index", folder, "--library", lib, "-q", "--wait", "0.01")  # 0.6 s
        waited = time.monotonic() - t0
        code_now, _, _ = run_cli(capsys, "index", folder, "--library", lib)
    finally:
        holder.release()
    assert code == 2 and LOCKED in err and "waiting for" not in err  # (-q: only the refusal)
    assert waited >= 0.5 and code_now == 2
    code, _, err = run_cli(capsys, "index", folder, "--library", lib, "--wait", "-1")
    assert code == 2 and "a number of minutes" in err


def test_a_wait_shorter_than_a_step_still_waits_for_a_writer_that_ends_within_it(tmp_path, monkeypatch):
    import threading

    from core.library import lock

    monkeypatch.setattr(lock, "WAIT_STEP_S", 60.0)  # (the step far longer than the wait: a minute)
    holder = lock_library(tmp_path / "lib")
    timer = threading.Timer(0.2, holder.release)
    timer.start()
    try:
        t0 = time.monotonic()
        lock_library(tmp_path / "lib", wait_s=0.6).release()  # (refused at once before: 0.6 s < one step)
        assert time.monotonic() - t0 < 20  # (0.6 s: not a whole step, a minute, however loaded the machine)
    finally:
        timer.cancel()
        holder.release()
