"""A path typed that matched no library folder as spelled (``seekframe forget PATH``, ``search --folder PATH``)
was resolved, with every library folder's links, on the command's own thread with no bound
(``forgetting.listed_spelling``, ``filters._spellings``): a network share that stopped answering held a forget
of a typo, or of a link to another folder, for ever; a path with a ``..`` (``A/../B``: read as the OS reads it,
``folder_spelling.as_the_os_reads``) was resolved so too, by ``index``, ``forget`` and ``--folder``. Each look
is a bounded one now (``core.typed_looks``): a library folder that does not answer is compared by its spelling
alone, and a typed path that does not answer is refused in words, nothing changed.

The share's calls hang in-process (``test_hung_share_metadata.Held``, 5 s a call on the old code, ``on_main``):
on the old code each test ends, late, and fails on the looks made by the command's own thread."""

from __future__ import annotations

import os

import pytest

from core.library import VideoLibrary
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.test_hung_share_metadata import hold  # noqa: F401 (the fixture)
from tests.test_hung_share_named import folders, on_main  # noqa: F401 (the fixture)
from tests.test_hung_share_results import indexed  # noqa: F401 (the fixture: a share's video and a local one)

pytestmark = pytest.mark.slow  # (each hung look waits its bound, 1 s; the old code 5 s a call)

NO_ANSWER = "does not answer (nothing in 1 s: a network share that stopped answering?)"


@pytest.fixture
def dropped(indexed, hold, on_main):
    """The library of ``indexed``, its share not answering (its ``stat`` and ``lstat``, and anything in it):
    (library, share, local, the share's calls the command's own thread made)."""
    lib, share, local = indexed
    made, held = on_main
    for name in ("stat", "lstat"):
        held(hold, name, share)
    return lib, share, local, made


def videos(lib) -> list[str]:
    with VideoLibrary(lib, read_only=True) as library:
        return sorted(os.path.basename(v.path) for v in library.video_table.all())


def test_forget_of_a_typo_is_refused_while_a_share_does_not_answer(dropped, capsys, tmp_path):
    lib, share, local, made = dropped
    code, out, err = run_cli(capsys, "forget", tmp_path / "typo", "--library", lib)
    assert made == [], made  # (each look at the share bounded: none made by the command's own thread)
    assert code == 2 and "is not one of the library's folders" in err and "nothing was forgotten" in err, err
    assert folders(lib) == [str(share), str(local)] and videos(lib) == ["kept.mp4", "own.mp4"]


def test_forget_through_a_link_forgets_its_folder_while_another_share_does_not_answer(dropped, capsys, tmp_path):
    lib, share, local, made = dropped
    (tmp_path / "lnk").symlink_to(local, target_is_directory=True)
    code, out, err = run_cli(capsys, "forget", tmp_path / "lnk", "--library", lib)
    assert made == [], made
    assert code == 0 and f"Removed 1 video under {local}" in out, out + err
    assert folders(lib) == [str(share)] and videos(lib) == ["kept.mp4"]  # (the share's left as it was)


def test_forget_through_a_link_into_a_share_that_does_not_answer_is_refused_in_words(dropped, capsys, tmp_path):
    """Which library folder the link leads to cannot be told: refused, said why; nothing forgotten (the old code
    waited for the share, for ever on a share that never answers)."""
    lib, share, local, made = dropped
    (tmp_path / "nas").symlink_to(share, target_is_directory=True)
    code, out, err = run_cli(capsys, "forget", tmp_path / "nas", "--library", lib)
    said = " ".join(err.split())
    assert made == [], made
    assert code == 2 and f"{tmp_path / 'nas'} {NO_ANSWER}" in said and "nothing was changed" in said, said
    assert "run the command again" in said, said
    assert folders(lib) == [str(share), str(local)] and videos(lib) == ["kept.mp4", "own.mp4"]


@pytest.mark.parametrize("command", ["forget", "index"])
def test_a_path_with_dots_through_a_share_that_does_not_answer_is_refused_in_words(dropped, capsys, command):
    """``SHARE/../local`` is read as the OS reads it (after a link, the parent of where it leads): the share does
    not answer, so where it leads cannot be told; refused, nothing changed (the old code: the local folder,
    after the share's wait: forgotten, or indexed)."""
    lib, share, local, made = dropped
    typed = f"{share}{os.sep}..{os.sep}{local.name}"
    code, out, err = run_cli(capsys, command, typed, "--library", lib)
    said = " ".join(err.split())
    assert made == [], made
    assert code == 2 and f"{typed} {NO_ANSWER}" in said and "where its '..' leads cannot be told" in said, said
    assert folders(lib) == [str(share), str(local)] and videos(lib) == ["kept.mp4", "own.mp4"]


def test_search_in_a_folder_through_a_link_ends_while_a_share_does_not_answer(dropped, capsys, tmp_path,
                                                                             monkeypatch):
    lib, share, local, made = dropped
    use_encoder(monkeypatch, FixedTextEncoder)
    (tmp_path / "lnk").symlink_to(local, target_is_directory=True)
    code, out, err = run_cli(capsys, "search", "blue", "--folder", tmp_path / "lnk", "--library", lib)
    assert made == [], made
    assert code == 0 and "own.mp4" in out and "kept.mp4" not in out, out + err
    (tmp_path / "nas").symlink_to(share, target_is_directory=True)
    code, out, err = run_cli(capsys, "search", "red", "--folder", tmp_path / "nas", "--library", lib)
    assert made == [], made
    assert code == 2 and f"{tmp_path / 'nas'} {NO_ANSWER}" in " ".join(err.split()), out + err
