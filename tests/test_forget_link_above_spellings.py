"""``seekframe forget /up``, /up a link to /videos, above the library folders /l1/a and /l2/b that
were added through different links (/l1 and /l2 both links to /videos). Before: refused, "not one
of the library's folders, nor in one: nothing was forgotten" (abcb450 mapped /up to the one path
that spells the folders it holds, when they agree on one; here none does), and so was ``forget
/videos``. Now such a path asks what a path above several folders asks ("holds 2 of the library's
folders: ..."), naming them as the library lists them, removes nothing without ``--all`` or a yes,
and removes them all with it; a path whose folders agree on one spelling goes as before."""

from __future__ import annotations

import os
import sys

import pytest

from core.library.meta import read_meta
from tests.test_forget_wide import _Terminal
from tests.test_status_folders import encoder, folder_status, make_folder, run  # noqa: F401

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")


@pytest.fixture
def spelled_apart(tmp_path, capsys):
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    make_folder(videos / "a", 2)
    make_folder(videos / "b", 1)
    other = make_folder(tmp_path / "other", 1)
    for name in ("l1", "l2", "up"):
        os.symlink(videos, tmp_path / name)
    a, b = str(tmp_path / "l1" / "a"), str(tmp_path / "l2" / "b")
    assert run(capsys, "index", a, b, other, "--library", lib)[0] == 0
    assert set(folder_status(capsys, lib)) == {a, b, str(other)}
    return tmp_path, a, b, str(other), lib


def test_a_link_above_folders_spelled_through_different_links_asks_about_them_all(spelled_apart, capsys):
    tmp, a, b, other, lib = spelled_apart
    for typed in (tmp / "up", str(tmp / "up") + os.sep, tmp / "videos"):
        code, out, err = run(capsys, "forget", typed, "--library", lib)
        up = os.path.normpath(str(typed))
        assert code == 2 and not out, (typed, out, err)
        assert f"{up} holds 2 of the library's folders: {a} (2 videos); {b} (1 video)." in err, err
        assert f"forget {up} --all" in err and "nothing was forgotten" in err, err
        assert set(folder_status(capsys, lib)) == {a, b, other}  # nothing removed
    code, out, err = run(capsys, "forget", tmp / "up", "--all", "--library", lib)
    assert code == 0 and out.startswith(f"Removed 3 videos under {tmp / 'up'}"), (out, err)
    assert set(folder_status(capsys, lib)) == {other}


def test_in_a_terminal_only_yes_removes_them(spelled_apart, capsys, monkeypatch):
    tmp, a, b, other, lib = spelled_apart
    monkeypatch.setattr(sys, "stdin", _Terminal("n\n"))
    code, out, err = run(capsys, "forget", tmp / "up", "--library", lib)
    assert code == 2 and "Forget all 2 folders? [y/N]" in err and "nothing was forgotten" in err, err
    assert set(folder_status(capsys, lib)) == {a, b, other}
    monkeypatch.setattr(sys, "stdin", _Terminal("y\n"))
    code, out, err = run(capsys, "forget", tmp / "up", "--library", lib)
    assert code == 0 and out.startswith(f"Removed 3 videos under {tmp / 'up'}"), (out, err)
    assert set(folder_status(capsys, lib)) == {other}


def test_the_folders_held_through_links(spelled_apart):
    from core.forgetting import held_through_links

    tmp, a, b, other, lib = spelled_apart
    meta = read_meta(lib)
    assert held_through_links(meta, str(tmp / "up")) == [a, b]
    assert held_through_links(meta, str(tmp / "l1" / "a")) == []  # (a library folder: no question)
    assert held_through_links(meta, str(tmp / "elsewhere")) == []


def test_keep_inside_is_refused_for_folders_spelled_apart(spelled_apart, capsys):
    tmp, a, b, other, lib = spelled_apart
    code, out, err = run(capsys, "forget", tmp / "up", "--keep-inside", "--library", lib)
    assert code == 2 and not out and "name that folder. Nothing was forgotten." in err, (out, err)
    assert set(folder_status(capsys, lib)) == {a, b, other}


def test_a_link_above_one_library_folder_that_is_a_link_removes_it(tmp_path, capsys):
    """/lnka a link to videos/a, listed so; /up a link to videos: forget /up removes /lnka, as a
    link above one library folder does (no path spells videos as the library spells a)."""
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    make_folder(videos / "a", 2)
    other = make_folder(tmp_path / "other", 1)
    os.symlink(videos / "a", tmp_path / "lnka")
    os.symlink(videos, tmp_path / "up")
    assert run(capsys, "index", tmp_path / "lnka", other, "--library", lib)[0] == 0
    code, out, err = run(capsys, "forget", tmp_path / "up", "--library", lib)
    assert code == 0 and out.startswith(f"Removed 2 videos under {tmp_path / 'lnka'}"), (out, err)
    assert set(folder_status(capsys, lib)) == {str(other)}


def test_a_folder_holding_one_as_spelled_and_one_through_a_link_asks_about_both(tmp_path, capsys):
    """videos/b listed as spelled, videos/a listed through /l1 (a link to videos): forget videos
    removed videos/b alone, 'Removed 1 video under videos', and kept l1/a's videos, which are in
    videos too. Now it asks about both, and --all removes both; a path holding only folders as
    spelled goes as before (no question for one)."""
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    make_folder(videos / "a", 2)
    make_folder(videos / "b", 1)
    other = make_folder(tmp_path / "other", 1)
    os.symlink(videos, tmp_path / "l1")
    a, b = str(tmp_path / "l1" / "a"), str(videos / "b")
    assert run(capsys, "index", a, b, other, "--library", lib)[0] == 0
    code, out, err = run(capsys, "forget", videos, "--library", lib)
    assert code == 2 and not out, (out, err)
    assert f"{videos} holds 2 of the library's folders: {b} (1 video); {a} (2 videos)." in err, err
    assert set(folder_status(capsys, lib)) == {a, b, str(other)}  # nothing removed
    code, out, err = run(capsys, "forget", videos, "--all", "--library", lib)
    assert code == 0 and out.startswith(f"Removed 3 videos under {videos}"), (out, err)
    assert set(folder_status(capsys, lib)) == {str(other)}
    code, out, err = run(capsys, "forget", tmp_path, "--library", lib)  # (one, as spelled: as before)
    assert code == 0 and out.startswith(f"Removed 1 video under {tmp_path}"), (out, err)


@pytest.fixture
def spelled_and_linked(tmp_path, capsys):
    """videos/a listed as spelled; videos/b listed only through the link links/b -> videos/b."""
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    make_folder(videos / "a", 2)
    make_folder(videos / "b", 1)
    other = make_folder(tmp_path / "other", 1)
    (tmp_path / "links").mkdir()
    os.symlink(videos / "b", tmp_path / "links" / "b")
    a, b = str(videos / "a"), str(tmp_path / "links" / "b")
    assert run(capsys, "index", a, b, other, "--library", lib)[0] == 0
    return videos, a, b, str(other), lib


def test_a_mix_the_read_only_check_could_not_see_is_asked_about_under_the_lock(spelled_and_linked, capsys,
                                                                                monkeypatch):
    """The library's description lost (library.json, rebuilt by the writer's open), so the check
    before the writer opens reads nothing: forget videos removed videos/a alone, 'Removed 2 videos
    under videos', silently keeping links/b, which lies in videos too. Now the writer's own check
    asks about both (nothing removed), a terminal's yes removes each under its own spelling."""
    videos, a, b, other, lib = spelled_and_linked
    os.remove(lib / "library.json")
    code, out, err = run(capsys, "forget", videos, "--library", lib)
    assert code == 2 and not out, (out, err)
    assert f"{videos} holds 2 of the library's folders: {a} (2 videos); {b} (1 video)." in err, err
    assert "nothing was forgotten" in err, err
    assert set(folder_status(capsys, lib)) == {a, b, other}
    os.remove(lib / "library.json")
    monkeypatch.setattr(sys, "stdin", _Terminal("y\n"))
    code, out, err = run(capsys, "forget", videos, "--library", lib)
    assert code == 0 and "Forget all 2 folders? [y/N]" in err, (out, err)
    assert out.startswith(f"Removed 3 videos under {videos}"), (out, err)
    assert set(folder_status(capsys, lib)) == {other}


def test_a_folder_added_through_a_link_meanwhile_is_asked_about(tmp_path, capsys, monkeypatch):
    """links/b (-> videos/b) added by another process between forget's read-only check and its
    writer lock: forget videos removed videos/a alone and kept links/b. Now the check under the
    lock asks about both; --all removes both."""
    import core.cli_forget

    videos, lib = tmp_path / "videos", tmp_path / "lib"
    make_folder(videos / "a", 2)
    make_folder(videos / "b", 1)
    (tmp_path / "links").mkdir()
    os.symlink(videos / "b", tmp_path / "links" / "b")
    a, b = str(videos / "a"), str(tmp_path / "links" / "b")
    assert run(capsys, "index", a, "--library", lib)[0] == 0
    checked = core.cli_forget._reach_read_only

    def added_meanwhile(args, root):
        asked = checked(args, root)
        assert core.cli.main(["index", b, "--library", str(lib)]) == 0
        return asked

    with monkeypatch.context() as m:
        m.setattr(core.cli_forget, "_reach_read_only", added_meanwhile)
        code, out, err = run(capsys, "forget", videos, "--library", lib)
    assert code == 2 and not out, (out, err)
    assert f"{videos} holds 2 of the library's folders: {a} (2 videos); {b} (1 video)." in err, err
    assert set(folder_status(capsys, lib)) == {a, b}
    code, out, err = run(capsys, "forget", videos, "--all", "--library", lib)
    assert code == 0 and out.startswith(f"Removed 3 videos under {videos}"), (out, err)
    assert set(folder_status(capsys, lib)) == set()
