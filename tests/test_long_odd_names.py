"""A long file name that is not valid text (a Latin-1 name from an old Windows disk, up to the
255 bytes a Linux name may hold): the link ``openable`` makes for Qt and the desktop's opener
shows each undecodable byte as U+FFFD, three bytes in UTF-8, so its name can be longer than the
file's own; it must still be made, and lead to the file."""

from __future__ import annotations

import os

import pytest

from core import filenames as F


@pytest.mark.parametrize("name", [
    b"caf\xe9 " + b"L" * 243 + b".mp4",  # 252 bytes, one undecodable
    b"\xe9" * 120 + b".mp4",  # 124 bytes, shown as 364
    b"\xe9" * 251 + b".mp4",  # the longest name there is
])
def test_a_long_name_that_is_no_text_gets_a_link_that_opens_it(tmp_path, name):
    raw = os.fsencode(tmp_path) + b"/" + name
    with open(raw, "wb") as f:
        f.write(b"the video")
    path = os.fsdecode(raw)
    link = F.openable(path, tmp_path / "links")
    assert link != path and not F.has_surrogates(link)
    assert len(os.path.basename(link).encode()) <= 255 and link.endswith(".mp4")
    with open(link, "rb") as f:
        assert f.read() == b"the video"
    assert F.openable(path, tmp_path / "links") == link  # the same link again
    assert not [n for n in os.listdir(os.path.dirname(link)) if n != os.path.basename(link)]  # no leftovers
