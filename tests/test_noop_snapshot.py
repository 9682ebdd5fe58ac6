"""A re-scan with nothing to do runs on the videos' snapshot, without LanceDB (issue 12, point 4),
and only while the snapshot is of the library as it is: any change behind it, a damaged or missing
snapshot, makes the command open the library as before, with the same results."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core.cli import main
from core.library import VideoLibrary
from core.library import schema as S
from core.library import snapshot
from core.library import store
from core.library.maintenance import Maintenance
from tests.cli_proc import indexed_folder

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def indexed(tmp_path):
    model, videos, lib = indexed_folder(tmp_path, broken=True)  # a failed file: the re-scan lists it, exit 0 (an earlier run's)
    assert (lib / snapshot.SNAPSHOT_FILE).exists()
    return model, videos, lib


def _rescan(lib, capsys, *extra) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["index", "--library", str(lib), *extra])
    got = capsys.readouterr()
    return code, got.out, got.err


def test_the_snapshot_answers_a_noop_rescan_as_the_library_does(indexed, capsys, monkeypatch):
    model, videos, lib = indexed
    with_library = _rescan(lib, capsys, "--model", str(model))  # leaves a snapshot of the same state
    (lib / snapshot.SNAPSHOT_FILE).unlink()
    assert _rescan(lib, capsys) == with_library  # the library opened: writes the snapshot again
    assert with_library[0] == 0 and "0 to index, 2 unchanged" in with_library[2] and "broken.mp4" in with_library[2]
    real = store.VideoLibrary.__init__
    monkeypatch.setattr(store.VideoLibrary, "__init__", lambda *a, **k: pytest.fail("opened"))
    assert _rescan(lib, capsys) == with_library
    assert _rescan(lib, capsys, "--model", str(model)) == with_library
    monkeypatch.setattr(store.VideoLibrary, "__init__", real)
    (lib / snapshot.SNAPSHOT_FILE).unlink()
    assert _rescan(lib, capsys, "-q") == _rescan(lib, capsys, "-q")  # without, then with the snapshot


def test_a_run_with_work_opens_the_library(indexed, capsys):
    model, videos, lib = indexed
    (videos / "blue.mp4").rename(videos / "renamed.mp4")  # a move: a write the snapshot cannot do
    code, _, err = _rescan(lib, capsys)
    assert code == 0 and "1 moved" in err and "broken.mp4" in err
    with VideoLibrary(lib, read_only=True) as library:
        assert {Path(v.path).name for v in library.video_table.all()} == {"red.mp4", "renamed.mp4", "broken.mp4"}


def _change_behind_the_snapshot(lib: Path) -> None:
    """Delete the red video's row with the snapshot left as it was (an older Seekframe, or a
    crash between the table write and the snapshot's)."""
    kept = (lib / snapshot.SNAPSHOT_FILE).read_bytes()
    with VideoLibrary(lib) as library:
        library.video_table.delete([v.video_id for v in library.video_table.all() if v.path.endswith("red.mp4")])
    (lib / snapshot.SNAPSHOT_FILE).write_bytes(kept)


def _red_is_indexed_again(lib, capsys, model) -> None:
    code, _, err = _rescan(lib, capsys)
    assert code == 0 and "1 to index" in err and "broken.mp4" in err, err  # the snapshot would say 0 to index
    with VideoLibrary(lib, read_only=True) as library:
        assert sorted(Path(v.path).name for v in library.video_table.all() if v.status == "done") == ["blue.mp4", "red.mp4"]


def test_a_table_changed_behind_the_snapshot_is_seen(indexed, capsys):
    model, videos, lib = indexed
    _change_behind_the_snapshot(lib)
    _red_is_indexed_again(lib, capsys, model)


def test_a_crash_before_the_snapshot_is_written_leaves_it_unused(indexed, capsys, monkeypatch):
    model, videos, lib = indexed
    with monkeypatch.context() as m:
        m.setattr(snapshot, "leave", lambda library: None)  # killed there
        with VideoLibrary(lib) as library:
            library.video_table.delete([v.video_id for v in library.video_table.all() if v.path.endswith("red.mp4")])
    _red_is_indexed_again(lib, capsys, model)


@pytest.mark.parametrize("damage", ["missing", "empty", "garbage", "truncated", "version", "fields", "meta"])
def test_a_damaged_or_stale_snapshot_is_ignored(indexed, capsys, damage):
    model, videos, lib = indexed
    expected = _rescan(lib, capsys)
    path = lib / snapshot.SNAPSHOT_FILE
    _change_behind_the_snapshot(lib)  # so that a snapshot used would be seen
    data = json.loads(path.read_text())
    if damage == "missing":
        path.unlink()
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "garbage":
        path.write_bytes(os.urandom(200))
    elif damage == "truncated":
        path.write_text(path.read_text()[:-40])
    else:  # a current stamp, but one part of it not of these files
        data["stamp"] = snapshot.disk_stamp(lib)
        if damage == "version":
            data["stamp"]["videos"][0] -= 1
        elif damage == "fields":
            data["stamp"]["fields"] = data["stamp"]["fields"][:-1]
        else:
            data["stamp"][snapshot.meta_io.META_FILE] = "0" * 64
        path.write_text(json.dumps(data))
    _red_is_indexed_again(lib, capsys, model)
    assert expected[0] == 0 and "broken.mp4" in expected[2]
    # ... and a current one is trusted: the same stamp with these rows is used
    assert _rescan(lib, capsys)[2].count("0 to index") == 1


def test_the_stamp_reads_lancedbs_latest_versions(indexed):
    model, videos, lib = indexed
    assert snapshot.TABLES == (S.VIDEOS, S.MOMENTS, S.CAPTIONS)
    with VideoLibrary(lib) as library:
        library.video_table.set_offline([library.video_table.all()[0].video_id], True)
        stamp = snapshot.disk_stamp(library.root)
        for name in snapshot.TABLES:
            assert stamp[name][0] == library.conn.table(name).version
    assert json.loads((lib / snapshot.SNAPSHOT_FILE).read_text())["stamp"] == snapshot.disk_stamp(lib.absolute())


def test_no_snapshot_where_opening_the_library_would_change_it(indexed, monkeypatch):
    model, videos, lib = indexed
    with VideoLibrary(lib) as library:  # library.json says something the tables do not
        library.conn.write_meta(dim=library.meta.dim + 1)
    assert not (lib / snapshot.SNAPSHOT_FILE).exists()


@pytest.mark.slow  # a fresh interpreter
def test_a_noop_rescan_imports_no_lancedb(indexed):
    model, videos, lib = indexed
    code = ("import contextlib, io, json, sys\nfrom core.cli import main\nerr = io.StringIO()\n"
            "with contextlib.redirect_stderr(err):\n    code = main(sys.argv[1:])\n"
            "print(json.dumps({'code': code, 'err': err.getvalue(), 'modules': sorted(m for m in "
            "('lancedb', 'pyarrow', 'torch', 'cv2', 'av') if m in sys.modules)}))")
    out = subprocess.run([sys.executable, "-c", code, "index", "--library", str(lib)], capture_output=True,
                         text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=ROOT, timeout=300)
    ran = json.loads(out.stdout.splitlines()[-1])
    assert ran["code"] == 0 and "0 to index, 2 unchanged" in ran["err"] and "broken.mp4" in ran["err"], out.stderr
    assert ran["modules"] == [], ran["modules"]


def test_orphans_of_a_failed_commit_are_swept_before_the_snapshot(indexed, monkeypatch):
    """A commit whose flip failed leaves its moments as orphans; an open would sweep them, so the
    closing writer does before it leaves a snapshot (which spares the next no-op run that open)."""
    model, videos, lib = indexed
    with VideoLibrary(lib) as library:
        red = next(v for v in library.video_table.all() if v.path.endswith("red.mp4"))
        moments = library.moment_table.of(red.video_id)
        def flip_fails(self, records):
            raise OSError("disk full")
        monkeypatch.setattr(type(library.video_table), "merge", flip_fails)  # after the moments' append
        with pytest.raises(OSError):
            library.moment_table.commit([(red, moments)])
        monkeypatch.undo()
        assert library.conn.table(S.MOMENTS).count_rows() > sum(v.n_moments for v in library.video_table.all())
    assert (lib / snapshot.SNAPSHOT_FILE).exists()
    with VideoLibrary(lib, read_only=True) as library:
        assert library.conn.table(S.MOMENTS).count_rows() == sum(v.n_moments for v in library.video_table.all())


def test_without_a_snapshot_a_noop_rescan_opens_the_library_and_optimizes_nothing(indexed, capsys, monkeypatch):
    model, videos, lib = indexed
    (lib / snapshot.SNAPSHOT_FILE).unlink()
    opened, optimized = [], []
    real_init, real_optimize = store.VideoLibrary.__init__, Maintenance.optimize
    monkeypatch.setattr(store.VideoLibrary, "__init__", lambda self, *a, **k: opened.append(1) or real_init(self, *a, **k))
    monkeypatch.setattr(Maintenance, "optimize", lambda self, **k: optimized.append(1) or real_optimize(self, **k))
    code, _, err = _rescan(lib, capsys)
    assert code == 0 and "0 to index, 2 unchanged" in err and "broken.mp4" in err
    assert opened == [1] and optimized == [] and (lib / snapshot.SNAPSHOT_FILE).exists()


def test_a_note_in_the_journal_alone_is_put_back_by_a_noop_rescan(indexed, capsys):
    """A note killed between its journal line and its table write: the next index puts it back
    (a writer's open does), even with nothing to index, which the snapshot would answer alone."""
    model, videos, lib = indexed
    with VideoLibrary(lib) as library:
        from core import service

        words = type("Words", (), {"encode_text": lambda self, texts: np.ones((len(texts), library.meta.dim), np.float32)})()
        vid = library.video_table.all()[0].video_id
        service.add_note(library, words, vid, "my note", 0.0, 1.0)
    _rescan(lib, capsys)  # (leaves a snapshot with the note in)
    journal = lib / "notes.jsonl"
    entry = json.loads(journal.read_text().splitlines()[0])
    entry.update(caption_id="ab" * 12, text="written, then killed")
    with open(journal, "a") as f:
        f.write(json.dumps(entry) + "\n")
    code, _, err = _rescan(lib, capsys)
    assert "1 note you wrote was put back" in err, err
    with VideoLibrary(lib, read_only=True) as library:
        assert "written, then killed" in {c.text for c in library.caption_table.read(with_vectors=False)}


def test_a_noop_rescan_of_a_path_says_where_it_looked(tmp_path, capsys, monkeypatch):
    """`seekframe index DIR` again on a folder of no videos, answered by the snapshot: its last line said "No videos
    to index in the library's folders" though DIR was typed (fr_1: the snapshot's run did not pass the PATHs on);
    it says DIR, as the run that opens the library does."""
    notes, lib = tmp_path / "notes", tmp_path / "lib"
    notes.mkdir()
    (notes / "list.mov").write_text("groceries\nmilk\n")  # (a text file named as a video)
    (notes / "README.md").write_text("notes")
    assert main(["index", str(notes), "--library", str(lib), "-q"]) == 0  # (no video: no model loaded)
    monkeypatch.setattr(store.VideoLibrary, "__init__", lambda *a, **k: pytest.fail("opened"))  # (the snapshot's)
    code, _, err = _rescan(lib, capsys, str(notes))
    assert code == 0 and f"No videos to index in {notes}: 2 files skipped" in err, err
