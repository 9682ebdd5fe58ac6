"""Add folder's question named every library folder inside the added one as taken in ("… holds the
library folders A/Clips, A/Other: added, it takes them in …"), but the run does not take in one whose
videos are held or offline, or that is not there (``core.run_roots``: it stays listed on its own
while its videos are kept offline, and the run says so): the words promised a fold the run would not
make. The question and the run now ask one rule (``core.taking_in``), fed by the library's records
(``LibraryStatus.kept_apart``), so the question names only what the run takes in."""

from __future__ import annotations

import os

from app.engine import session_status
from app.folder_questions import looked_to_add
from core.library import VideoLibrary
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video


def _folders(lib) -> list[str]:
    with VideoLibrary(str(lib), read_only=True) as library:
        return list(library.meta.settings.folders or [])


def _status(lib):
    with VideoLibrary(str(lib), read_only=True) as library:
        return session_status(library, read_only=True)


def _library(tmp_path, capsys, monkeypatch):
    """A/Other and A/Clips listed; A/Clips' drive was away at the last re-scan (its videos kept
    offline, held as missing) and is back now, not re-scanned yet."""
    use_encoder(monkeypatch, FixedTextEncoder)
    top, lib = tmp_path / "A", tmp_path / "lib"
    write_video(top / "Other" / "snow.mp4", [Segment(2, "blue")], seed=2)
    write_video(top / "Clips" / "beach.mp4", [Segment(2, "red")], seed=1)
    for folder in (top / "Other", top / "Clips"):
        assert run_cli(capsys, "index", folder, "--library", lib)[0] == 0
    os.rename(top / "Clips", tmp_path / "away")
    assert run_cli(capsys, "index", "--library", lib)[0] == 0
    os.rename(tmp_path / "away", top / "Clips")
    return top, lib


def test_a_held_library_folder_inside_is_not_promised_as_taken_in(tmp_path, capsys, monkeypatch):
    top, lib = _library(tmp_path, capsys, monkeypatch)
    other, clips = str(top / "Other"), str(top / "Clips")
    status = _status(lib)
    assert status.kept_apart == (clips,)
    is_folder, question = looked_to_add(str(top), status.folders, status.offline_folders, status.kept_apart)
    assert is_folder and question == (
        f"{top} holds the library folder {other}: added, it takes it in and is listed as one folder, its videos "
        f"kept (not indexed again). Removing {top} later removes its videos too. The library folder {clips} "
        "stays listed on its own while its videos are kept offline. Add it?")  # (old: 'holds … Clips, … Other')
    code, out, err = run_cli(capsys, "index", top, "--library", lib)  # (what the run does: the same)
    assert code == 0, out + err
    assert _folders(lib) == [clips, str(top)]


def test_only_held_ones_inside_asks_nothing(tmp_path, capsys, monkeypatch):
    top, lib = _library(tmp_path, capsys, monkeypatch)
    assert run_cli(capsys, "forget", top / "Other", "--library", lib)[0] == 0
    status = _status(lib)
    assert looked_to_add(str(top), status.folders, status.offline_folders, status.kept_apart) == (True, None)
    code, out, err = run_cli(capsys, "index", top, "--library", lib)
    assert code == 0, out + err
    assert _folders(lib) == [str(top / "Clips"), str(top)]  # (nothing taken in: nothing to ask)


def test_a_library_folder_gone_since_the_last_status_is_not_promised(tmp_path):
    top = tmp_path / "A"
    (top / "Other").mkdir(parents=True)
    folders = [str(top / "Other"), str(top / "Gone")]  # (Gone: removed since, not known offline yet)
    is_folder, question = looked_to_add(str(top), folders)
    assert is_folder and question.startswith(f"{top} holds the library folder {top / 'Other'}: added")
    assert question.endswith(f"The library folder {top / 'Gone'} stays listed on its own while its videos are "
                             "kept offline. Add it?")
