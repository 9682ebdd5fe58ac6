"""The rest of a `seekframe forget` of several folders that stopped part-way is removed by the next
writer's open (``core.library.forget_request.resume``). A full disk there lets the open go on; any
other failure (a file refused, a table that cannot be read) made the open fail with the bare error
(a traceback for an OSError, a PermissionError in the window): nothing said what this open had
removed already, what was left, nor that nothing was lost. Now the open is refused with all of that
(``ResumeFailed``, a ``LibraryError``: said by `seekframe`, a window opens read-only saying it), the
request kept so a later open tries again. And a request library.json holds that cannot be read (not a
list of folders) was dropped in silence at the next write: now it never stops an open, is said, and
is kept aside in library.json (``forget_request_unread``), nothing of it acted on."""

from __future__ import annotations

import errno
import json
import sys

import pytest

from core.library import VideoLibrary
from core.library import forget_request
from core.library.meta import read_meta
from core.library.store import VideoLibrary as Store
from tests.test_forget_link_above_spellings import spelled_apart  # noqa: F401
from tests.test_forget_request_resumed import _forget_all_stopped
from tests.test_status_folders import encoder, folder_status, run  # noqa: F401

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
UNREAD = "forget_request_unread"  # (library.json's key: forget_request.UNREAD)


def _refuse(monkeypatch, folder, exc):
    """The removal of ``folder`` (a writer's open resuming the request) fails with ``exc``."""
    real = Store.forget_folder

    def forget(self, root, keep=()):
        if root == folder:
            raise exc
        return real(self, root, keep)

    monkeypatch.setattr(Store, "forget_folder", forget)


def test_a_refused_file_says_what_was_removed_and_what_is_left(spelled_apart, capsys, monkeypatch):  # noqa: F811
    tmp, a, b, other, lib = spelled_apart
    assert _forget_all_stopped(capsys, monkeypatch, spelled_apart, b)[0] != 0  # (a removed, b left)
    denied = PermissionError(errno.EACCES, "Permission denied", str(lib / "library.json"))
    with monkeypatch.context() as m:
        _refuse(m, b, denied)
        code, out, err = run(capsys, "index", other, "--library", lib)
    assert code == 2 and "Traceback" not in err, (code, out, err)
    assert "the rest of a `seekframe forget` of several folders that stopped part-way could not be removed" in err
    assert "Nothing was removed at this open." in err, err
    assert (f"Still to remove: {b} (it is still in the library, the request kept): the next time the library is "
            "opened to write (the same command again, any `seekframe index`, or the app) tries again.") in err, err
    assert "Nothing was lost" in err and "Why: library.json in the library at" in err and "cannot be written" in err, err
    assert read_meta(lib).forget_request == [b]  # (kept: a later open tries again)
    code, out, err = run(capsys, "index", other, "--library", lib)  # (the file writable again)
    assert code == 0 and f"The removal of {b}, asked with other folders" in err, (out, err)
    assert set(folder_status(capsys, lib)) == {other} and read_meta(lib).forget_request is None


def test_a_failure_after_the_removal_under_way_counts_it_among_those_removed(spelled_apart, capsys,  # noqa: F811
                                                                             monkeypatch):
    tmp, a, b, other, lib = spelled_apart
    assert _forget_all_stopped(capsys, monkeypatch, spelled_apart, a, "mid")[0] != 0  # (a begun, b left)
    with monkeypatch.context() as m:
        _refuse(m, b, RuntimeError("something went wrong"))
        with pytest.raises(forget_request.ResumeFailed) as caught:
            VideoLibrary(lib)  # (the app's open, or any writer's)
    said = str(caught.value)
    assert f"Removed at this open: {a} (2 videos)." in said and f"Still to remove: {b} " in said, said
    assert "Why: RuntimeError: something went wrong" in said, said
    assert isinstance(caught.value.__cause__, RuntimeError)
    meta = read_meta(lib)
    assert meta.forgetting is None and meta.forget_request == [b]  # (a done, b kept for a later open)
    with VideoLibrary(lib, read_only=True) as library:  # (a reader opens: searchable meanwhile)
        assert b in library.meta.settings.folders
    with VideoLibrary(lib) as library:
        assert library.forget_resumed == [(b, 1)]


def test_a_failure_mid_removal_says_that_removal_is_finished_first(spelled_apart, capsys, monkeypatch):  # noqa: F811
    tmp, a, b, other, lib = spelled_apart
    assert _forget_all_stopped(capsys, monkeypatch, spelled_apart, b)[0] != 0
    real = Store._finish_forget

    def finish(self):  # (b's record written, its rows' delete refused)
        if self.conn.meta.forgetting == b:
            raise OSError(errno.EIO, "Input/output error")
        return real(self)

    with monkeypatch.context() as m:
        m.setattr(Store, "_finish_forget", finish)
        with pytest.raises(forget_request.ResumeFailed) as caught:
            VideoLibrary(lib)
    said = str(caught.value)
    assert f"Still to remove: {b} " in said and f"finishing the removal of {b} first" in said, said
    assert read_meta(lib).forgetting == b
    with VideoLibrary(lib) as library:
        assert library.forget_finished == (b, 1)
    assert set(folder_status(capsys, lib)) == {other}


def test_a_request_that_cannot_be_read_never_stops_an_open_and_is_kept_aside(spelled_apart, capsys):  # noqa: F811
    tmp, a, b, other, lib = spelled_apart
    data = json.loads((lib / "library.json").read_text())
    data["extra"]["forget_request"] = {"folders": [b]}  # (no list: a hand edit, another program)
    (lib / "library.json").write_text(json.dumps(data))
    code, out, err = run(capsys, "status", "--library", lib)  # (a reader says it too)
    assert code == 0 and "could not be read" in out and UNREAD in out, out
    with VideoLibrary(lib) as library:
        assert any("could not be read" in n and UNREAD in n for n in library.meta_notes), library.meta_notes
        assert library.forget_resumed == [] and library.meta.forget_request is None
    extra = json.loads((lib / "library.json").read_text())["extra"]
    assert extra[UNREAD] == {"folders": [b]} and "forget_request" not in extra  # (kept aside as it was)
    with VideoLibrary(lib) as library:  # (said once)
        assert not any("could not be read" in n for n in library.meta_notes), library.meta_notes
    assert json.loads((lib / "library.json").read_text())["extra"][UNREAD] == {"folders": [b]}
    assert set(folder_status(capsys, lib)) == {a, b, other}  # (nothing of it acted on)


def test_a_request_with_entries_that_cannot_be_read_removes_its_folders_and_keeps_the_rest_aside(
        spelled_apart, capsys):  # noqa: F811
    tmp, a, b, other, lib = spelled_apart
    data = json.loads((lib / "library.json").read_text())
    data["extra"]["forget_request"] = [b, 5, None]
    (lib / "library.json").write_text(json.dumps(data))
    with VideoLibrary(lib) as library:
        assert library.forget_resumed == [(b, 1)]
        assert any("could not be read ([5, null]" in n for n in library.meta_notes), library.meta_notes
    extra = json.loads((lib / "library.json").read_text())["extra"]
    assert extra[UNREAD] == [5, None] and "forget_request" not in extra
    assert set(folder_status(capsys, lib)) == {a, other}
