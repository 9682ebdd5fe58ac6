"""Captions of a video kept by its content (a one-folder re-scan removed it: ``core.library.gone_kept``) and
later let go (a whole re-scan, its folder removed, the library's model changed, past its age or the count)
stayed in the captions table on its id, as every removed video's do: ``seekframe status --json`` counted them
and ``seekframe captions`` listed them as captions of no clip, though the library no longer has the video.

They are kept on purpose (and in notes.jsonl): once the content is indexed again the notes journal ties them to
it (``notes_journal.relink``), so a clip deleted by mistake and put back finds its captions. The status
counts the captions of the library's videos (and those of no video), and ``seekframe captions`` lists none of
a video the library no longer has (its JSON told them from captions of no clip by nothing; nor does the
window's captions panel: tests/test_captions_of_removed_videos_agree.py)."""

from __future__ import annotations

import json
import time

import pytest

from core.library import VideoLibrary, gone_kept
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video

RED_WORDS = "a brick wall painted red"


def _kept(tmp_path, capsys, monkeypatch):
    """Folders A (red, blue, green) and B (white) indexed, a caption imported on A/red.mp4, red deleted and
    A re-scanned alone: red kept by its content (B not looked at)."""
    enc = FixedTextEncoder()
    use_encoder(monkeypatch, lambda: enc)
    a, b, lib = tmp_path / "A", tmp_path / "B", tmp_path / "lib"
    for i, colour in enumerate(("red", "blue", "green")):
        write_video(a / f"{colour}.mp4", [Segment(2, colour)], seed=i)
    write_video(b / "white.mp4", [Segment(2, "white")], seed=9)
    assert run_cli(capsys, "index", a, b, "--library", lib, "-q")[0] == 0
    caps = tmp_path / "caps.csv"
    caps.write_text(f"video,start,end,text\nred.mp4,0,2,{RED_WORDS}\n")
    assert run_cli(capsys, "captions-import", caps, "--library", lib)[0] == 0
    assert _counted(capsys, lib) == 1
    (a / "red.mp4").unlink()
    code, _, err = run_cli(capsys, "index", a, "--library", lib)
    assert code == 0 and "1 removed" in err, err
    with VideoLibrary(str(lib), read_only=True) as library:
        assert len(gone_kept.entries(library.meta)) == 1
    return a, b, lib


def _counted(capsys, lib) -> int:
    code, out, err = run_cli(capsys, "status", "--library", lib, "--json")
    assert code == 0, err
    return json.loads(out)["captions"]


def _shown(capsys, lib, clip) -> list[str]:
    code, out, err = run_cli(capsys, "captions", clip, "--library", lib, "--json")
    assert code == 0, err
    return [c["text"] for c in json.loads(out)]


def _gone(capsys, lib, clip) -> None:
    """Nothing counts or shows red's caption, nor keeps red."""
    with VideoLibrary(str(lib), read_only=True) as library:
        assert not [e for e in gone_kept.entries(library.meta).values() if e["path"].endswith("red.mp4")]
    assert _counted(capsys, lib) == 0  # (old: 1)
    assert RED_WORDS not in _shown(capsys, lib, clip)  # (old: listed, of no clip)


def _edit_entry(lib, **fields) -> None:
    with VideoLibrary(str(lib)) as library:
        kept = {vid: {**e, **fields} for vid, e in library.meta.settings.other[gone_kept.KEY].items()}
        library.update_settings(**{gone_kept.KEY: kept})


@pytest.mark.slow
def test_a_whole_re_scan_lets_it_go_and_its_captions_come_back_with_its_content(tmp_path, capsys, monkeypatch):
    a, b, lib = _kept(tmp_path, capsys, monkeypatch)
    assert _counted(capsys, lib) == 0  # (kept: not the library's, not searchable, until found)
    assert RED_WORDS not in _shown(capsys, lib, b / "white.mp4")
    assert run_cli(capsys, "index", "--library", lib, "-q")[0] == 0  # (the whole library: it is nowhere)
    _gone(capsys, lib, b / "white.mp4")
    write_video(b / "red again.mp4", [Segment(2, "red")], seed=0)  # (its content back: a new video, its caption tied)
    code, _, err = run_cli(capsys, "index", b, "--library", lib)
    assert code == 0 and "1 to index" in err, err
    assert _counted(capsys, lib) == 1 and RED_WORDS in _shown(capsys, lib, b / "red again.mp4")


@pytest.mark.slow
def test_its_folder_removed_lets_it_go(tmp_path, capsys, monkeypatch):
    a, b, lib = _kept(tmp_path, capsys, monkeypatch)
    assert run_cli(capsys, "forget", a, "--library", lib)[0] == 0
    _gone(capsys, lib, b / "white.mp4")


@pytest.mark.slow
@pytest.mark.parametrize("bound", ["model", "age", "count"])
def test_another_model_its_age_or_the_count_lets_it_go(tmp_path, capsys, monkeypatch, bound):
    """The entry as a model switch, 31 days or a newer entry past ``MAX_KEPT`` leaves it (library.json edited
    to that state: ``gone_kept.entries`` reads it so)."""
    a, b, lib = _kept(tmp_path, capsys, monkeypatch)
    if bound == "model":
        _edit_entry(lib, model_id="another-model")
    elif bound == "age":
        _edit_entry(lib, at=time.time() - gone_kept.MAX_AGE_S - 60)
    else:
        monkeypatch.setattr(gone_kept, "MAX_KEPT", 1)
        (a / "blue.mp4").unlink()  # (kept after red: the newer one stays)
        assert run_cli(capsys, "index", a, "--library", lib, "-q")[0] == 0
    _gone(capsys, lib, b / "white.mp4")
