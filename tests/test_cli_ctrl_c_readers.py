"""A Ctrl-C of a command that only reads the library (fault attack s42, finding 7). Before:
``seekframe status``, ``search``, ``similar`` and ``captions`` interrupted said "the library is
consistent, run the same command to finish", words for a writer: a reader has nothing to finish.
Now they say that nothing was changed; a writer (``index``) says as before that running it again
finishes."""

from __future__ import annotations

import pytest

from core import cli
from core.cli import main
from core.search import Searcher
from tests.cli_proc import indexed_folder


def interrupt(*_a, **_k):
    raise KeyboardInterrupt


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    return indexed_folder(tmp_path_factory.mktemp("ctrl-c"))


@pytest.mark.parametrize("command", ["status", "search", "similar", "captions"])
def test_a_reader_interrupted_says_nothing_was_changed(library, capsys, monkeypatch, command):
    model, videos, lib = library
    monkeypatch.setattr(cli, "print_library_status", interrupt)
    monkeypatch.setattr(Searcher, "text", interrupt)
    monkeypatch.setattr(cli, "resolve_clip", interrupt)
    args = {"status": [], "search": ["a red thing"], "similar": [f"{videos / 'red.mp4'}@1"],
            "captions": [f"{videos / 'red.mp4'}@1"]}[command]
    capsys.readouterr()
    assert main([command, *args, "--library", str(lib)]) == 130
    err = capsys.readouterr().err
    assert err == f"seekframe: interrupted; nothing was changed (`seekframe {command}` only reads the library).\n"


def test_a_writer_interrupted_says_running_it_again_finishes(library, capsys, monkeypatch, tmp_path):
    from core import indexer

    model, videos, lib = library
    monkeypatch.setattr(indexer.MomentIndexer, "run", interrupt)
    capsys.readouterr()
    assert main(["index", "--library", str(lib)]) == 130
    assert "interrupted; the library is consistent, run the same command to finish." in capsys.readouterr().err


def test_a_demo_interrupted_says_its_clips_are_whole_and_leaves_no_part(capsys, monkeypatch, tmp_path):
    """``seekframe demo`` stopped by Ctrl-C (s58 h.md) said "the library is consistent, run the same command
    to finish", a writer's words, of a command that touches no library, and left the clip it was writing
    as a hidden ``.NAME.part.mp4`` in the folder. It says what it left now: the clips written, each whole."""
    from core import demo_world

    opened, frames, convert, open_writer = [], [], demo_world.cv2.cvtColor, demo_world.cv2.VideoWriter

    def counted(*a, **k):
        opened.append(1)
        return open_writer(*a, **k)

    def stop_midway(*a, **k):  # (the second clip's third frame: one clip written, one begun)
        frames.append(len(opened))
        if frames.count(2) == 3:
            raise KeyboardInterrupt
        return convert(*a, **k)

    monkeypatch.setattr(demo_world.cv2, "VideoWriter", counted)
    monkeypatch.setattr(demo_world.cv2, "cvtColor", stop_midway)
    assert main(["demo", "--out", str(tmp_path / "demo")]) == 130
    assert capsys.readouterr().err == ("seekframe: interrupted; the demo clips written so far are whole, and no "
                                       "library was touched: run the same command again to write them all.\n")
    left = sorted(p.name for p in (tmp_path / "demo").iterdir())
    assert left and not [n for n in left if ".part" in n], left


def test_an_index_interrupted_before_its_new_library_was_made_says_none_was(capsys, monkeypatch, tmp_path):
    """A Ctrl-C in a first index's scan (s58 h.md) said "the library is consistent, run the same command to
    finish" where no library was made; `seekframe status` then said there is none."""
    from core import cli_args

    (videos := tmp_path / "videos").mkdir()
    monkeypatch.setattr(cli_args, "check_index_paths", interrupt)
    lib = tmp_path / "lib"
    assert main(["index", str(videos), "--library", str(lib)]) == 130
    assert capsys.readouterr().err == ("seekframe: interrupted before the library was made; nothing was indexed: "
                                       "run the same command again.\n")
    assert not (lib / "library.json").exists()
