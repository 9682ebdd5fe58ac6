"""The commands a run's words tell a user to type name a folder or file as a shell reads it back:
``seekframe forget "/home/me/My "best" $trip"`` (a folder renamed, `mv` as a whole; a video kept
offline) gave the shell another path, or none, where a name holds ``"``, ``$``, a backquote or ``\\``."""

from __future__ import annotations

import re
import shlex

import pytest

from core.filenames import shell_word
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video

NAME = 'My "best" $trip `2024` \\o'


def _forget_typed(err: str) -> list[str]:
    command = re.search(r"`seekframe forget (.*?)` takes it off", err, re.S).group(1)
    return shlex.split(command)


def test_a_folder_renamed_is_named_to_forget_as_the_shell_reads_it(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    a, b, lib = tmp_path / NAME, tmp_path / "Movies", tmp_path / "lib"
    write_video(a / "red.mp4", [Segment(2, "red")], seed=0)
    assert run_cli(capsys, "index", a, "--library", lib, "-q")[0] == 0
    a.rename(b)
    code, _, err = run_cli(capsys, "index", b, "--library", lib)
    assert code == 0 and "1 moved" in err, err
    assert _forget_typed(err) == [str(a)], err  # (old: the shell's split of "…My "best" $trip…")


def test_a_video_indexed_by_name_and_gone_is_named_to_forget_as_the_shell_reads_it(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    clip, lib = tmp_path / f"{NAME}.mp4", tmp_path / "lib"
    write_video(clip, [Segment(2, "red")], seed=0)
    assert run_cli(capsys, "index", clip, "--library", lib, "-q")[0] == 0
    clip.rename(tmp_path / "elsewhere.mp4")
    code, _, err = run_cli(capsys, "index", "--library", lib)
    assert code == 0 and "the video is kept, marked offline" in err, err
    assert _forget_typed(err) == [str(clip)], err


@pytest.mark.parametrize("path,word", [
    ("/home/me/Videos", '"/home/me/Videos"'),  # (as before: double quotes)
    ("/home/me/it's here #1 50%", "\"/home/me/it's here #1 50%\""),
    ('/home/me/say "hi"', "'/home/me/say \"hi\"'"),
    ("/home/me/it's $5", "'/home/me/it'\"'\"'s $5'"),
])
def test_shell_word(path, word):
    assert shell_word(path) == word
    assert shlex.split(word) == [path]
