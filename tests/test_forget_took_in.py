"""A mistaken ``seekframe index ~`` with ~/Videos listed takes ~/Videos in (its videos ~'s since:
``core.indexer``'s fold); ``seekframe forget ~`` then removed ~/Videos's moments with ~'s own without
a word, though the user never named ~/Videos. Now a library folder that took others in is refused
as a path above several folders is, saying what would go (exit 2, nothing removed), unless
``--all`` or a yes typed in a terminal; an ordinary folder, or a folder whose folders taken in
hold no video any more, is forgotten as before."""

from __future__ import annotations

from core.library import VideoLibrary
from tests.test_forget_wide import _Terminal
from tests.test_status_folders import encoder, folder_status, make_folder, run  # noqa: F401
from tests.videos import Segment, write_video


def took_in(tmp_path, capsys):
    """~/Videos (2 videos) and ~/Phone (1) listed, then ``index ~`` (1 video of its own)."""
    home, lib = tmp_path / "home", tmp_path / "lib"
    videos, phone = make_folder(home / "Videos", 2), make_folder(home / "Phone", 1)
    write_video(home / "Downloads" / "own.mp4", [Segment(3, "red")], seed=7)
    assert run(capsys, "index", videos, phone, "--library", lib)[0] == 0
    code, _, err = run(capsys, "index", home, "--library", lib)
    assert code == 0 and "1 to index, 3 unchanged" in err, err
    assert set(folder_status(capsys, lib)) == {str(home)}
    return home, videos, phone, lib


def test_forgetting_a_folder_that_took_others_in_is_refused_and_says_what_would_go(tmp_path, capsys):
    home, videos, phone, lib = took_in(tmp_path, capsys)
    code, out, err = run(capsys, "forget", home, "--library", lib)
    assert code == 2 and not out, (out, err)
    assert (f"{home} took in the library folders {videos} (2 videos); {phone} (1 video) when it was indexed, "
            f"and holds 1 video of its own. Forgetting {home} removes those videos too, 4 videos in all") in err, err
    assert f"forget {home} --all" in err and "nothing was forgotten" in err
    assert folder_status(capsys, lib)[str(home)]["videos"]["total"] == 4  # nothing removed
    code, out, err = run(capsys, "forget", tmp_path, "--library", lib)  # a path above it alone: the same
    assert code == 2 and f"{home} took in the library folders" in err and not out

    code, out, err = run(capsys, "forget", home, "--all", "--library", lib)
    assert code == 0 and "Removed 4 videos" in out, (out, err)
    assert folder_status(capsys, lib) == {}
    with VideoLibrary(lib, read_only=True) as library:
        assert not library.meta.settings.took_in  # (its record goes with it)


def test_in_a_terminal_it_asks_and_only_yes_removes(tmp_path, capsys, monkeypatch):
    home, videos, phone, lib = took_in(tmp_path, capsys)
    monkeypatch.setattr("sys.stdin", _Terminal("n\n"))
    code, out, err = run(capsys, "forget", home, "--library", lib)
    assert code == 2 and f"Forget {home} and the folders it took in? [y/N]" in err and not out, err
    assert folder_status(capsys, lib)[str(home)]["videos"]["total"] == 4
    monkeypatch.setattr("sys.stdin", _Terminal("y\n"))
    code, out, err = run(capsys, "forget", home, "--library", lib)
    assert code == 0 and "Removed 4 videos" in out, (out, err)


def test_once_the_folders_taken_in_hold_no_video_it_is_forgotten_as_before(tmp_path, capsys):
    """A folder taken in forgotten by name (a part of ~: only its videos go, not asked), the other's
    videos gone from disk and pruned: ~ is an ordinary folder again."""
    home, videos, phone, lib = took_in(tmp_path, capsys)
    code, out, err = run(capsys, "forget", videos, "--library", lib)  # inside ~: what was named only
    assert code == 0 and "Removed 2 videos" in out and "took in" not in err, (out, err)
    code, _, err = run(capsys, "forget", home, "--library", lib)
    assert code == 2 and f"{home} took in the library folder {phone} (1 video) when" in err, err
    with VideoLibrary(lib, read_only=True) as library:
        assert library.meta.settings.took_in == {str(home): [str(phone)]}
    (phone / "clip0.mp4").unlink()
    assert run(capsys, "index", "--prune", "--library", lib)[0] == 0  # (finds ~/Videos's clips again: ~'s)
    code, out, err = run(capsys, "forget", home, "--library", lib)
    assert code == 0 and "Removed 3 videos" in out and not err.strip(), (out, err)


def test_a_folder_that_took_in_another_taken_in_counts_both(tmp_path, capsys):
    """trip listed, then ~/Videos (taking trip in), then ~ (taking ~/Videos, and so trip, in)."""
    home, lib = tmp_path / "home", tmp_path / "lib"
    videos = make_folder(home / "Videos", 1)
    trip = make_folder(videos / "trip", 2)
    for folder in (trip, videos, home):
        assert run(capsys, "index", folder, "--library", lib)[0] == 0
    with VideoLibrary(lib, read_only=True) as library:
        assert library.meta.settings.took_in == {str(home): [str(videos), str(trip)]}
    code, out, err = run(capsys, "forget", home, "--library", lib)
    assert code == 2 and f"{home} took in the library folder {videos} (3 videos) when it was indexed, and " \
                         "holds 0 videos of its own" in err, err


def test_an_ordinary_folder_is_forgotten_without_a_question(tmp_path, capsys):
    home, lib = tmp_path / "home", tmp_path / "lib"
    videos = make_folder(home / "Videos", 2)
    make_folder(videos / "trip", 1)
    assert run(capsys, "index", videos, "--library", lib)[0] == 0
    assert run(capsys, "index", videos / "trip", "--library", lib)[0] == 0  # part of it: nothing taken in
    code, out, err = run(capsys, "forget", videos, "--library", lib)
    assert code == 0 and "Removed 3 videos" in out and not err.strip(), (out, err)
