"""``seekframe forget PATH`` with PATH above several library folders (``forget ~`` with ~/Videos
and ~/Phone in the library) removed them all without a word; now it is refused, saying which
folders and how many videos it would remove (exit 2, nothing removed), unless ``--all`` is given or
a yes is typed in a terminal. One library folder, or a path in one, is forgotten as before."""

from __future__ import annotations

import io

from tests.test_status_folders import encoder, folder_status, make_folder, run  # noqa: F401


def two_folders(tmp_path, capsys):
    home, lib = tmp_path / "home", tmp_path / "lib"
    videos, phone = make_folder(home / "Videos", 2), make_folder(home / "Phone", 1)
    assert run(capsys, "index", videos, phone, "--library", lib)[0] == 0
    return home, videos, phone, lib


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_forgetting_a_path_above_several_folders_is_refused_and_says_what_would_go(tmp_path, capsys):
    home, videos, phone, lib = two_folders(tmp_path, capsys)
    code, out, err = run(capsys, "forget", home, "--library", lib)
    assert code == 2 and not out, (out, err)
    assert f"{home} holds 2 of the library's folders" in err, err
    assert f"{videos} (2 videos)" in err and f"{phone} (1 video)" in err and "3 videos in all" in err
    assert f"forget {home} --all" in err and "nothing was forgotten" in err
    assert set(folder_status(capsys, lib)) == {str(videos), str(phone)}  # nothing removed
    code, out, err = run(capsys, "forget", "/", "--library", lib)  # the root of everything: the same
    assert code == 2 and "holds 2 of the library's folders" in err and not out
    assert set(folder_status(capsys, lib)) == {str(videos), str(phone)}

    code, out, err = run(capsys, "forget", home, "--all", "--library", lib)
    assert code == 0 and "Removed 3 videos" in out, (out, err)
    assert folder_status(capsys, lib) == {}


def test_one_folder_or_a_path_in_it_or_above_only_it_is_forgotten_as_before(tmp_path, capsys):
    home, videos, phone, lib = two_folders(tmp_path, capsys)
    code, out, err = run(capsys, "forget", videos / "clip0.mp4", "--library", lib)  # a file in one
    assert code == 0 and f"Removed the video {videos / 'clip0.mp4'} " in out and not err.strip(), (out, err)
    code, out, err = run(capsys, "forget", videos, "--library", lib)  # exactly one folder
    assert code == 0 and "Removed 1 video " in out and "holds" not in err, (out, err)
    code, out, err = run(capsys, "forget", home, "--library", lib)  # above one folder only now
    assert code == 0 and "Removed 1 video " in out and "holds" not in err, (out, err)
    assert folder_status(capsys, lib) == {}


def test_in_a_terminal_it_asks_and_only_yes_removes(tmp_path, capsys, monkeypatch):
    home, videos, phone, lib = two_folders(tmp_path, capsys)
    monkeypatch.setattr("sys.stdin", _Terminal("n\n"))
    code, out, err = run(capsys, "forget", home, "--library", lib)
    assert code == 2 and "Forget all 2 folders? [y/N]" in err and "nothing was forgotten" in err and not out
    assert set(folder_status(capsys, lib)) == {str(videos), str(phone)}
    monkeypatch.setattr("sys.stdin", _Terminal(""))  # end of input: no
    assert run(capsys, "forget", home, "--library", lib)[0] == 2
    assert set(folder_status(capsys, lib)) == {str(videos), str(phone)}

    monkeypatch.setattr("sys.stdin", _Terminal("yes\n"))
    code, out, err = run(capsys, "forget", home, "--library", lib)
    assert code == 0 and "Removed 3 videos" in out and "Forget all 2 folders?" in err, (out, err)
    assert folder_status(capsys, lib) == {}


def test_a_library_folder_nested_in_the_one_named_is_part_of_it(tmp_path, capsys):
    """A library listing ~/Videos and ~/Videos/trip (as earlier versions made it, and the app's
    adds): forgetting ~ above them is one folder, not refused."""
    from core.library import VideoLibrary

    home, lib = tmp_path / "home", tmp_path / "lib"
    videos = make_folder(home / "Videos", 1)
    make_folder(videos / "trip", 2)
    assert run(capsys, "index", videos, "--library", lib)[0] == 0
    with VideoLibrary(lib) as library:
        library.update_settings(folders=[str(videos), str(videos / "trip")])
    assert set(folder_status(capsys, lib)) == {str(videos), str(videos / "trip")}
    code, out, err = run(capsys, "forget", home, "--library", lib)
    assert code == 0 and "Removed 3 videos" in out and "holds" not in err, (out, err)
    assert folder_status(capsys, lib) == {}


class _CtrlC(_Terminal):
    def readline(self, *args):
        raise KeyboardInterrupt


def test_ctrl_c_at_the_question_is_a_no(tmp_path, capsys, monkeypatch):
    """Ctrl-C at 'Forget all 2 folders? [y/N]' removes nothing and says so; it said 'interrupted; the
    library is consistent, run the same command to finish', as if a removal were half done (running
    it again and answering yes would remove them all)."""
    home, videos, phone, lib = two_folders(tmp_path, capsys)
    monkeypatch.setattr("sys.stdin", _CtrlC())
    code, out, err = run(capsys, "forget", home, "--library", lib)
    assert code == 2 and not out, (out, err)
    assert err.endswith("[y/N] \nseekframe: nothing was forgotten.\n") and "finish" not in err, err
    assert set(folder_status(capsys, lib)) == {str(videos), str(phone)}
