"""``seekframe captions-import`` (and the window's import) of a caption holding one of Unicode's other
line breaks, or a quoted CSV caption over two lines: read whole. The .txt and .csv readers split the file
with ``str.splitlines``, which also breaks at U+0085 (NEL: a cp1252 '…' read as Latin-1 and saved as
UTF-8, the commonest mojibake of crowd-sourced text), U+2028/U+2029 and \\x1c-\\x1e (and \\v, \\f): a .txt
caption became two, a .csv row was cut there and its rest read as a row of its own (its video column
the caption's rest, its caption none: dropped), and the line break of a quoted caption was lost, its
two lines' words run together."""

from __future__ import annotations

import pytest

from core.caption_files import parse_caption_file

BREAKS = ["\x85", "\u2028", "\u2029", "\x1c", "\x1d", "\x1e"]  # (\v and \f: a .txt's line breaks as before)


@pytest.mark.parametrize("brk", BREAKS, ids=ascii)
def test_a_txt_caption_with_another_line_break_is_one_caption(tmp_path, brk):
    f = tmp_path / "c.txt"
    f.write_text(f"\ufeffa dog runs{brk} then sits\r\na red car\n", encoding="utf-8")
    assert [c.text for c in parse_caption_file(f)] == [f"a dog runs{brk} then sits", "a red car"]


@pytest.mark.parametrize("brk", BREAKS + ["\x0b", "\x0c"], ids=ascii)
def test_a_csv_caption_with_another_line_break_is_read_whole(tmp_path, brk):
    f = tmp_path / "c.csv"
    f.write_text(f"video,caption,start\r\nbeach.mp4,a dog runs{brk}then sits,2\r\npark.mp4,a red car,3\r\n",
                 encoding="utf-8")
    rows = [(r.video, r.text, r.start) for r in parse_caption_file(f)]
    assert rows == [("beach.mp4", f"a dog runs{brk}then sits", 2.0), ("park.mp4", "a red car", 3.0)]


def test_a_quoted_csv_caption_over_two_lines_keeps_its_words_apart(tmp_path):
    f = tmp_path / "c.csv"
    f.write_text('video,caption\nbeach.mp4,"a dog runs\nthen sits"\npark.mp4,a red car\n', encoding="utf-8")
    rows = [(r.video, r.text) for r in parse_caption_file(f)]
    assert rows == [("beach.mp4", "a dog runs\nthen sits"), ("park.mp4", "a red car")]
