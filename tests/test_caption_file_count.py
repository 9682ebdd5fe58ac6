"""A caption file within the size bound (256 MB) but holding millions of tiny captions (one letter a
line) was parsed whole before anything was checked: ~370 bytes of memory a caption, 1.5 GB for an 8 MB
.txt of 4 million lines, ~45 GB for one of 256 MB: the window or the command killed for memory.
A file holding more than ``MAX_CAPTIONS`` (counted by its line breaks, a .json by its strings) is
refused before any caption is made, nothing imported, in words that say how many."""

from __future__ import annotations

import pytest

from core import caption_files
from core.caption_files import MAX_CAPTIONS, ParsedCaption, parse_caption_file
from core.errors import SeekframeError


@pytest.mark.parametrize("ext, body", [
    (".txt", "a\n" * (MAX_CAPTIONS + 1)),
    (".txt", "a\r\n" * MAX_CAPTIONS + "a"),
    (".csv", "video,caption\n" + "v.mp4,a\n" * (MAX_CAPTIONS + 1)),
    (".json", "[" + ",".join(['"a"'] * (8 * MAX_CAPTIONS + 1)) + "]"),
])
def test_a_caption_file_of_too_many_captions_is_refused_before_any_is_made(tmp_path, monkeypatch, ext, body):
    path = tmp_path / f"many{ext}"
    path.write_text(body)
    made = []
    monkeypatch.setattr(caption_files, "ParsedCaption", lambda *a, **k: made.append(1) or ParsedCaption(*a, **k))
    with pytest.raises(SeekframeError, match=r"holds [\d,]+ (lines|strings): more than one import takes "
                                             r"\(at most 1,000,000 captions\)\. Nothing was imported"):
        parse_caption_file(path)
    assert made == []


@pytest.mark.slow
def test_a_million_captions_are_still_read(tmp_path):
    path = tmp_path / "many.txt"
    path.write_text("a\r\n" * (MAX_CAPTIONS - 1) + "a")  # (CRLF counted once a line)
    assert len(parse_caption_file(path)) == MAX_CAPTIONS
