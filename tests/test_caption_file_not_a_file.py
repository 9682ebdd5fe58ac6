"""A caption file is read as library.json and a model's JSON are (``core.regular_file.read_regular``, one
copy of the rule, s52 review): a named pipe called captions.txt was opened with plain ``open()`` and the
import waited for ever for a writer; it is refused at once now, in words that name it. A folder and a
file over the bound keep their words."""

from __future__ import annotations

import os

import pytest

import core.caption_files as caption_files
from core.caption_files import parse_caption_file
from core.errors import SeekframeError
from core.json_text import NotJsonFile, read_file
from core.library.location import NotAFile as LibraryNotAFile
from core.regular_file import NotAFile, TooLarge, read_regular


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
@pytest.mark.timeout(20)  # (the old module waits for a writer: this fails it instead of hanging)
def test_a_named_pipe_called_captions_txt_is_refused_not_waited_on(tmp_path):
    os.mkfifo(tmp_path / "captions.txt")
    with pytest.raises(SeekframeError, match="captions.txt: it is a named pipe, not a file. Nothing was imported"):
        parse_caption_file(tmp_path / "captions.txt")


def test_a_folder_and_a_file_too_large_keep_their_words(tmp_path, monkeypatch):
    (tmp_path / "dir.txt").mkdir()
    with pytest.raises(SeekframeError, match="it is a folder"):
        parse_caption_file(tmp_path / "dir.txt")
    (tmp_path / "big.txt").write_bytes(b"a caption\n" * 200)
    monkeypatch.setattr(caption_files, "MAX_FILE_BYTES", 1000)
    with pytest.raises(SeekframeError, match="too large for a caption file"):
        parse_caption_file(tmp_path / "big.txt")


def test_one_rule_for_the_library_the_models_json_and_captions(tmp_path):
    assert LibraryNotAFile is NotAFile and issubclass(TooLarge, NotAFile)
    (tmp_path / "a.json").write_bytes(b"{}" * 10)
    assert read_regular(tmp_path / "a.json", 20) == b"{}" * 10
    with pytest.raises(TooLarge):
        read_regular(tmp_path / "a.json", 19)
    with pytest.raises(NotJsonFile, match="^it is 20 bytes, too large for a model's JSON file$"):
        read_file(tmp_path / "a.json", 19)
    with open(tmp_path / "huge.json", "wb") as f:  # (sparse: its size said as status and the window say sizes,
        f.truncate(300_000_000)  # 1000 a step; it read "286 MB", 1024 a step, and "0 MB" of 20 bytes)
    with pytest.raises(NotJsonFile, match="^it is 300.0 MB, too large"):
        read_file(tmp_path / "huge.json")
    with pytest.raises(NotJsonFile, match="^it is a folder, not a file$"):
        read_file(tmp_path)
