"""A result's file not there is said "gone since it was indexed" only when its library folder is
there: a drive unplugged (or a folder moved away whole) since the last index is no file deleted,
and the next index marks its videos offline, keeping them. The CLI's "(file gone since it was
indexed)" / ``--json`` ``missing`` and the app's "No longer there … moved, renamed or deleted"
said so of every result on an unplugged drive. Also: one folder-identity helper for the library's
writer and the app, and a lock file holding JSON that is not an object refuses the writer plainly."""

from __future__ import annotations

import json
import os
from types import SimpleNamespace

import pytest

from core.errors import LibraryLockedError
from core.library.lock import WriterLock
from core.scan import file_gone, folder_id
from tests.test_search_said import copies, fake_model  # noqa: F401  (fixtures)
from tests.cli_run import run_cli


def test_file_gone_is_a_file_missing_from_a_folder_that_is_there(tmp_path):
    folder = tmp_path / "videos"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.mp4").write_bytes(b"x")
    (folder / "sub" / "b.mp4").write_bytes(b"x")
    assert not file_gone(str(folder / "a.mp4"), str(folder))
    os.remove(folder / "a.mp4")
    assert file_gone(str(folder / "a.mp4"), str(folder))
    assert file_gone(str(folder / "a.mp4"))  # (no root given: the file's own folder)
    os.remove(folder / "sub" / "b.mp4")  # its own folder empty now, the library folder there
    assert file_gone(str(folder / "sub" / "b.mp4"), str(folder))
    os.rename(folder, tmp_path / "elsewhere")  # the drive unplugged: the library folder not there
    assert not file_gone(str(folder / "sub" / "b.mp4"), str(folder))
    assert not file_gone(str(folder / "sub" / "b.mp4"))
    folder.mkdir()  # an unplugged drive's mount point, left empty
    assert not file_gone(str(folder / "a.mp4"), str(folder))


def test_a_search_on_an_unplugged_drive_does_not_say_its_files_were_deleted(copies, capsys, tmp_path):
    videos, lib = copies
    os.rename(videos, tmp_path / "unplugged")  # (its mount point gone with it)
    code, out, _ = run_cli(capsys, "search", "blue", "--library", lib, "-k", "4")
    assert code == 0 and "blue.mp4" in out and "gone" not in out, out
    code, out, _ = run_cli(capsys, "search", "blue", "--library", lib, "-k", "4", "--json")
    rows = json.loads(out)
    assert rows and not any(r["missing"] for r in rows), rows
    videos.mkdir()  # a mount point left empty: the same
    code, out, _ = run_cli(capsys, "search", "blue", "--library", lib, "-k", "4")
    assert code == 0 and "gone" not in out, out


def test_the_apps_results_on_an_unplugged_drive_are_offline_not_gone(copies, tmp_path):
    from app.file_state import GONE, state_now
    from app.found import annotate
    from core.library import VideoLibrary
    from core.search import Searcher

    videos, lib = copies
    with VideoLibrary(lib, read_only=True) as library:
        view = library.video_table.view()
        blue = next(v for v in view.values() if v.path.endswith("blue.mp4"))
        vector = library.moment_table.of(blue.video_id)[0].vector
        results = Searcher(library, None)._search_vector(vector, 8, None, True)

        os.remove(videos / "blue.mp4")  # deleted, its folder there: gone
        found = {r.path: r for r in annotate(results, view)}
        assert found[blue.path].file_state == GONE and not found[blue.path].offline
        assert state_now(found[blue.path]) == GONE

        os.rename(videos, tmp_path / "unplugged")  # then the drive unplugged: offline, as the next index says
        found = {r.path: r for r in annotate(results, view)}
        assert all(r.offline and r.file_state == "" for r in found.values()), found
        shown_before = SimpleNamespace(path=blue.path, root=blue.root, offline=False, indexed=(blue.size, blue.mtime))
        assert state_now(shown_before) == ""  # (in the preview when it went: the player says it is not there)


def test_one_folder_identity_for_the_writer_and_the_app(tmp_path):
    from app import library_look
    from core.library import connection

    assert connection.folder_id is folder_id and library_look.folder_id is folder_id
    assert folder_id(tmp_path) == (os.stat(tmp_path).st_dev, os.stat(tmp_path).st_ino)
    assert folder_id(tmp_path / "none") is None


@pytest.mark.parametrize("text", ["[1, 2]", "3", '"app"', "null"])
def test_a_lock_file_holding_json_that_is_no_object_refuses_plainly(tmp_path, text):
    holder = WriterLock(tmp_path / "seekframe.lock")
    holder.acquire()
    try:
        (tmp_path / "seekframe.lock").write_text(text)  # (written over by hand, or a disk error)
        with pytest.raises(LibraryLockedError, match="pid unknown"):  # (it was an AttributeError's traceback)
            WriterLock(tmp_path / "seekframe.lock").acquire()
    finally:
        holder.release()


def test_of_identical_copies_one_that_is_there_is_listed_not_one_deleted(copies, capsys):
    """``fold_copies`` listed the first path (``backup/red.mp4``) though it was deleted: the line
    said "(file gone since it was indexed)" (now "moved, renamed or deleted"), the app's card "gone" and its preview refused to play,
    with a copy that plays named beside it."""
    videos, lib = copies
    os.remove(videos / "backup" / "red.mp4")
    code, out, _ = run_cli(capsys, "search", "red", "--library", lib, "-k", "4")
    line = next(l for l in out.splitlines() if "identical copies" in l)
    assert code == 0 and "backup" not in line.split("(identical")[0] and "since it was indexed" not in line, out
    assert "(identical copies: backup/red.mp4, videos/red.mp4)" in line \
        or "(identical copies: backup/red.mp4, red (copy).mp4)" in line, line


def test_a_touched_file_is_hashed_once_not_at_every_search(tmp_path, monkeypatch):
    """Only its time changed: its content is read (a few MiB) to tell, once per size and time,
    not at every search (each keystroke of a search as you type)."""
    import os
    from types import SimpleNamespace

    from app import found
    from core import scan_hash
    from core.scan import content_hash

    video = tmp_path / "v.mp4"
    video.write_bytes(os.urandom(1 << 16))
    st = video.stat()
    rec = SimpleNamespace(size=st.st_size, mtime=st.st_mtime - 100, content_hash=content_hash(str(video), st.st_size),
                          root=str(tmp_path))
    reads = []
    monkeypatch.setattr(scan_hash, "content_hash", lambda *a: reads.append(a) or content_hash(*a))
    monkeypatch.setattr(scan_hash, "_KEPT", {})
    assert [found._state(str(video), rec) for _ in range(3)] == ["", "", ""]  # (the same content)
    assert len(reads) == 1
    os.utime(video, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # touched again: looked at again
    assert found._state(str(video), rec) == "" and len(reads) == 2
