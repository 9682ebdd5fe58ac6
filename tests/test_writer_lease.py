"""A writer that lets go of its lock while it has nothing to write (the app between jobs), so that
another process (``seekframe index`` from a terminal or a cron job) can write the library
meanwhile; it takes the lock again before its next write and sees what the other one did."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from core.errors import LibraryGoneError, LibraryLockedError, ReadOnlyLibraryError
from core.library import VideoLibrary
from core.library.lock import writer_free

from .test_library import DIM, fill, moments, unit, vid, video

MODEL = ("tiny-000000000001", "/models/tiny", DIM)


@pytest.fixture
def lib(tmp_path):
    lib = VideoLibrary(tmp_path / "lib")
    lib.bind_model(*MODEL)
    yield lib
    lib.close(optimize=False)


def test_a_released_writer_lets_another_write_then_takes_the_lock_back_and_sees_it(lib):
    rng = np.random.default_rng(0)
    fill(lib, rng, n_videos=2, per=3)
    assert not writer_free(lib.root)
    assert lib.release_writer()
    assert writer_free(lib.root) and lib.read_only

    with VideoLibrary(lib.root) as other:  # (a terminal's `seekframe index`: refused before)
        other.bind_model(*MODEL)
        v = unit(rng, 4)
        other.moment_table.commit([(video(7), moments(7, v))])

    lib.refresh()  # a reader meanwhile: the other writer's video is searchable
    assert lib.video_table.get(vid(7)) is not None
    assert lib.moment_search.search(v[2], k=1)[0].video_id == vid(7)

    with lib.write_lease():
        assert not writer_free(lib.root) and not lib.read_only
        w = unit(rng, 2)
        lib.moment_table.commit([(video(8), moments(8, w))])
    assert {vid(i) for i in (0, 1, 7, 8)} <= set(lib.video_table.state().visible)
    lib.close()
    with VideoLibrary(lib.root, read_only=True) as again:  # nothing of either writer lost
        assert set(again.video_table.state().visible) == {vid(i) for i in (0, 1, 7, 8)}


def test_taking_the_lock_while_another_writes_is_refused_and_leaves_a_reader(lib):
    rng = np.random.default_rng(1)
    fill(lib, rng, n_videos=1, per=2)
    lib.release_writer()
    other = VideoLibrary(lib.root)
    try:
        with pytest.raises(LibraryLockedError):
            with lib.write_lease():
                pass
        assert lib.read_only and len(lib.video_table.all()) == 1  # still reads
        with pytest.raises(ReadOnlyLibraryError):
            lib.video_table.upsert(video(3))
    finally:
        other.close()
    with lib.write_lease():  # free again: it writes
        lib.video_table.upsert(video(3))
    assert lib.video_table.get(vid(3)) is not None


def test_a_lease_keeps_the_lock_whatever_release_is_asked_meanwhile(lib):
    inside, go_on = threading.Event(), threading.Event()

    def write():
        with lib.write_lease():
            inside.set()
            go_on.wait(10)
            lib.video_table.upsert(video(4))

    t = threading.Thread(target=write)
    t.start()
    assert inside.wait(10)
    assert not lib.release_writer()  # (another thread's job is writing)
    assert not writer_free(lib.root)
    go_on.set()
    t.join(10)
    assert lib.video_table.get(vid(4)) is not None
    assert lib.release_writer() and writer_free(lib.root)
    assert not lib.release_writer()  # (nothing held: nothing to do)


def test_nothing_changed_meanwhile_takes_the_lock_without_opening_again(lib, monkeypatch):
    fill(lib, np.random.default_rng(2), n_videos=1, per=2)
    lib.release_writer()
    opened = []
    monkeypatch.setattr(lib, "_open", lambda repair: opened.append(repair))
    with lib.write_lease():
        pass
    assert opened == []
    lib.release_writer()
    with VideoLibrary(lib.root) as other:  # another writer committed meanwhile
        other.video_table.upsert(video(5))
    with lib.write_lease():
        pass
    assert opened == [False]  # opened again as a writer opens it


def test_a_released_library_whose_folder_went_is_never_made_again_where_it_was(lib, tmp_path):
    lib.release_writer()
    moved = tmp_path / "moved"
    lib.root.rename(moved)
    with pytest.raises(LibraryGoneError):
        lib.take_writer()
    assert not lib.root.exists()  # (no new, empty library where it was)


def test_a_handle_opened_read_only_can_take_the_writer_when_free(lib):
    fill(lib, np.random.default_rng(3), n_videos=1, per=2)
    lib.close()
    reader = VideoLibrary(lib.root, read_only=True)
    try:
        with reader.write_lease():
            reader.video_table.upsert(video(6))
        assert reader.release_writer() and writer_free(reader.root)
        assert reader.video_table.get(vid(6)) is not None
    finally:
        reader.close()


def test_a_videos_table_made_anew_meanwhile_is_read_again_whatever_its_version(lib):
    """``seekframe repair`` set the videos table aside while the app had let go of its lock, and
    the new table reached the version this handle had cached: the handle's rows were of the old
    table, so taking the lock back brought its videos back as ghosts and swept the new video's
    moments as orphans."""
    import shutil

    rng = np.random.default_rng(4)
    fill(lib, rng, n_videos=6, per=2)
    assert lib.release_writer()
    released = lib._version("videos")
    db = lib.root / "db"
    shutil.move(db / "videos.lance", db / "videos.lance.damaged-1")  # (what repair's set_aside does)
    with VideoLibrary(lib.root) as other:  # its open: a new videos table, the old moments swept
        other.bind_model(*MODEL)
        v = unit(rng, 3)
        other.moment_table.commit([(video(7), moments(7, v))])
        i = 20
        while other._version("videos") < released:
            other.video_table.upsert(video(i))
            i += 1
        assert other._version("videos") == released
        theirs = {r.video_id for r in other.video_table.state().records}

    with lib.write_lease():
        assert {r.video_id for r in lib.video_table.state().records} == theirs  # (not the old rows)
    assert lib.video_table.get(vid(0)) is None
    assert lib.moment_search.search(v[1], k=1)[0].video_id == vid(7)  # (its moments kept)
    lib.close()
    with VideoLibrary(lib.root, read_only=True) as again:
        assert {r.video_id for r in again.video_table.all()} == theirs
        assert len(again.moment_table.of(vid(7))) == 3


class Encoder:  # the model the app loaded with the library: a note's vector is of it
    model_id, source, embed_dim = MODEL

    def encode_text(self, texts):
        return np.eye(len(texts), DIM, dtype=np.float32)


def test_a_note_is_refused_when_another_process_switched_the_library_to_another_model_meanwhile(lib):
    """The app lets go of its lock between writes, so a terminal's `seekframe index --reindex
    --model OTHER` can switch the library under it: a note then written with the app's model was
    stored (and journalled) as the new model's vector, searched with it for ever."""
    from core import service
    from core.errors import ModelMismatchError
    from core.library import notes_journal

    rng = np.random.default_rng(5)
    fill(lib, rng, n_videos=1, per=2)
    assert lib.release_writer()
    with VideoLibrary(lib.root) as other:  # the same width, another model
        other.reset_for_model("tiny-000000000002", "/models/other", DIM)
        other.moment_table.commit([(video(0), moments(0, unit(rng, 2)))])
    with lib.write_lease():
        with pytest.raises(ModelMismatchError, match="/models/other now"):
            service.add_note(lib, Encoder(), vid(0), "grandpa's car", 0.0, 2.0)
        assert lib.caption_table.read() == []
    assert notes_journal.latest(lib.root) == {}
