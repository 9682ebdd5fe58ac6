"""Files named as videos that hold none, each said so that the user knows what to do: a web page a
download saved in the video's place, a file whose data never reached the disk (zeros: a recorder or
copy cut by a crash or a power loss), rather than "not a video file or unsupported format"."""

from __future__ import annotations

import pytest

from core.errors import MediaError, is_not_video
from core.media import probe
from core.unopenable import TEXT_FILE, UNKNOWN
from tests.test_tracks import write


def reason(path) -> str:
    with pytest.raises(MediaError) as e:
        probe(path)
    return e.value.reason


@pytest.mark.parametrize("page", [b"<!DOCTYPE html>\n<html><body>Access denied</body></html>",
                                  b"\xef\xbb\xbf  <html lang='en'><head><title>403</title>",
                                  b"\n<!-- saved page -->\n<HTML>"])
def test_a_web_page_saved_as_a_video_says_so(tmp_path, page):
    path = tmp_path / "clip.mp4"
    path.write_bytes(page + b" " * 4000)
    assert reason(path).startswith("a web page (HTML), not a video")


def test_a_file_of_zeros_says_its_data_was_never_written(tmp_path):
    path = tmp_path / "VID_0001.mp4"
    path.write_bytes(bytes(300_000))
    assert reason(path).startswith("the file holds only zero bytes")


def test_a_video_whose_start_is_zeros_says_its_start_was_never_written(tmp_path):
    whole = write(tmp_path / "whole.mkv", 2.0)
    data = open(whole, "rb").read() * 10  # (its clusters again: bytes enough past a zeroed block)
    path = tmp_path / "VID_0002.mkv"
    path.write_bytes(bytes(4096) + data[4096:])
    assert reason(path).startswith("the file begins with zero bytes where a video's header is")


def test_other_files_keep_their_reason(tmp_path):
    path = tmp_path / "noise.mp4"
    path.write_bytes(b"\x01\x02 not a known format" * 100)
    assert reason(path) == UNKNOWN


def test_a_file_deleted_while_it_is_opened_is_failed_with_a_reason(tmp_path, monkeypatch):
    """The file deleted (or its share gone) after FFmpeg failed to open it, while its first bytes are
    looked at: the reader fails it with a reason (MediaError), not with the raw OSError of a
    ``stat`` of a name no longer there."""
    from core import unopenable

    path = tmp_path / "noise.mp4"
    path.write_bytes(b"\x01\x02 not a known format" * 100)
    signatures = unopenable._SIGNATURES

    class DeletedOnRead:  # (read right after the file's first bytes: the file deleted then)
        def __iter__(self):
            path.unlink(missing_ok=True)
            return iter(signatures)

    monkeypatch.setattr(unopenable, "_SIGNATURES", DeletedOnRead())
    assert reason(path) == UNKNOWN
    assert not path.exists()


@pytest.mark.parametrize("text", [b"hello\n", b"# Shopping list\n\n* milk\n* bread\n" * 300, "café\tnotes\r\n".encode()])
def test_a_text_file_named_as_a_video_says_it_is_text(tmp_path, text):
    """A note or a list saved as clip.mov said 'not a video file or unsupported format', as if a codec
    were missing; it says it holds text now (s57 j.md)."""
    path = tmp_path / "clip.mov"
    path.write_bytes(text)
    assert reason(path) == TEXT_FILE and is_not_video(reason(path))  # (skipped, not failed: rv_5 finding 3)


def test_a_character_cut_at_the_look_s_end_still_reads_as_text():
    from core.unopenable import _text

    assert _text(("€".encode() * 2000)[:4096])  # (4096 = 3 * 1365 + 1: the last character cut)
    assert not _text(b"\x00\x00\x00\x18ftypmp42")
