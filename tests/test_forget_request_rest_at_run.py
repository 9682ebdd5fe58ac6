"""The rest of a `seekframe forget` of several folders that stopped part-way is removed by the next
writer's open (``core.library.forget_request.resume``); a full disk there stops it and the open goes
on. A writer that then stays open (the window; `seekframe index`, whose run follows its own open)
never removed the rest: an index run finished only the removal under way
(``VideoLibrary.finish_pending_forget``), so a user who freed space and ran the index (pressed
Re-scan) still had the folder, and the run indexed it again. Now a run's start removes the rest
first, as an open does (``forget_resumed``, a new list), and `seekframe index` says it as its open
does. A re-scan with nothing to do (the library's snapshot, no LanceDB) went by it too: it opens the
library now. A failure other than a full disk there stops the run with its own words, not an open's."""

from __future__ import annotations

import errno
import sys

import pytest

from core.library import VideoLibrary
from core.library import meta as meta_io
from core.library.meta import read_meta
from tests.test_forget_link_above_spellings import spelled_apart  # noqa: F401
from tests.test_forget_request_resumed import _forget_all_stopped
from tests.test_forget_whole import refuse_writes
from tests.test_status_folders import encoder, folder_status, run  # noqa: F401

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")


def _refuse_once(monkeypatch, folder) -> None:
    """The first write of ``folder``'s removal record fails as on a full disk (space freed after it)."""
    write, refused = meta_io.write_meta, []

    def refusing(where, meta):
        if meta.forgetting == folder and not refused:
            refused.append(meta)
            raise OSError(errno.ENOSPC, "No space left on device")
        return write(where, meta)

    monkeypatch.setattr(meta_io, "write_meta", refusing)


def test_a_run_on_the_handle_a_full_disk_stopped_removes_the_rest_first(spelled_apart, capsys,  # noqa: F811
                                                                        monkeypatch):
    tmp, a, b, other, lib = spelled_apart
    assert _forget_all_stopped(capsys, monkeypatch, spelled_apart, b)[0] != 0  # (a removed, b left)
    with monkeypatch.context() as m:
        refuse_writes(m, lambda meta: meta.forgetting == b)
        library = VideoLibrary(lib)  # (the window's open: it stays open)
    try:
        assert library.forget_resumed == [] and library.meta.forget_request == [b]
        opened = library.forget_resumed
        assert library.finish_pending_forget(rest=True) == (b, 1)  # (space freed: a run's start)
        assert library.forget_resumed == [(b, 1)] and library.forget_resumed is not opened
        assert library.meta.forget_request is None and library.meta.settings.folders == [other]
        assert library.finish_pending_forget(rest=True) is None  # (nothing left: said once)
    finally:
        library.close()
    assert read_meta(lib).forget_request is None
    assert set(folder_status(capsys, lib)) == {other}


def test_a_run_s_start_refused_by_a_full_disk_again_raises_as_the_disk_full(spelled_apart, capsys,  # noqa: F811
                                                                            monkeypatch):
    tmp, a, b, other, lib = spelled_apart
    assert _forget_all_stopped(capsys, monkeypatch, spelled_apart, b)[0] != 0
    with monkeypatch.context() as m:
        refuse_writes(m, lambda meta: meta.forgetting == b)
        with VideoLibrary(lib) as library:
            with pytest.raises(OSError) as caught:  # (its run never begins: b is not indexed again)
                library.finish_pending_forget(rest=True)
            assert caught.value.errno == errno.ENOSPC and library.meta.forget_request == [b]
    with VideoLibrary(lib) as library:
        assert library.forget_resumed == [(b, 1)]


def test_another_failure_at_a_run_s_start_is_said_as_itself(spelled_apart, capsys, monkeypatch):  # noqa: F811
    from core.library import forget_request
    from core.library.store import VideoLibrary as Store

    tmp, a, b, other, lib = spelled_apart
    assert _forget_all_stopped(capsys, monkeypatch, spelled_apart, b)[0] != 0
    with monkeypatch.context() as m:
        refuse_writes(m, lambda meta: meta.forgetting == b)
        library = VideoLibrary(lib)
    try:
        denied = PermissionError(errno.EACCES, "Permission denied", str(lib / "library.json"))
        with monkeypatch.context() as m:
            m.setattr(Store, "forget_folder", lambda self, root, keep=(): (_ for _ in ()).throw(denied))
            with pytest.raises(PermissionError) as caught:  # (no 'was not opened to write': it is open)
                library.finish_pending_forget(rest=True)
        assert not isinstance(caught.value, forget_request.ResumeFailed)
        assert library.meta.forget_request == [b]
    finally:
        library.close()


def test_index_after_its_own_open_was_stopped_removes_the_rest_and_says_it(spelled_apart, capsys,  # noqa: F811
                                                                           monkeypatch):
    tmp, a, b, other, lib = spelled_apart
    assert _forget_all_stopped(capsys, monkeypatch, spelled_apart, b)[0] != 0
    with monkeypatch.context() as m:
        _refuse_once(m, b)  # (the open's try refused; space freed before the run starts)
        code, out, err = run(capsys, "index", "--library", lib)
    assert code == 0, (code, out, err)
    said = [line for line in err.splitlines() if f"The removal of {b}" in line]
    assert len(said) == 1 and said[0].startswith("seekframe: "), err
    assert ("asked with other folders by an earlier `seekframe forget` that stopped part-way, is done now: "
            "1 video removed") in said[0], said
    assert read_meta(lib).forget_request is None
    assert set(folder_status(capsys, lib)) == {other}


def test_a_re_scan_with_nothing_to_do_is_no_way_around_the_rest(spelled_apart, capsys, monkeypatch):  # noqa: F811
    from core.library import snapshot

    tmp, a, b, other, lib = spelled_apart
    assert _forget_all_stopped(capsys, monkeypatch, spelled_apart, b)[0] != 0
    with monkeypatch.context() as m:
        refuse_writes(m, lambda meta: meta.forgetting == b)
        VideoLibrary(lib).close()  # (the rest kept; the library's snapshot left as for a re-scan)
    assert read_meta(lib).forget_request == [b]
    shortcut = snapshot.open_snapshot(lib)  # (what a re-scan runs on when it would change nothing)
    assert shortcut is not None
    with pytest.raises(snapshot.WriteNeeded):  # (the rest is the library's writer's to remove)
        shortcut.finish_pending_forget(rest=True)
    code, out, err = run(capsys, "index", "--library", lib)
    assert code == 0 and f"The removal of {b}" in err, (code, out, err)
    assert read_meta(lib).forget_request is None
    assert set(folder_status(capsys, lib)) == {other}
