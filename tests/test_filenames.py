"""``core.filenames``: names that are not valid text are stored reversibly, shown readably, written
as JSON that reads back, and opened through a link; valid names pass through unchanged."""

from __future__ import annotations

import json
import os
import random
import unicodedata

import pytest

from core import filenames as F

LATIN1 = os.fsdecode(b"/videos/caf\xe9 \xe0 la plage.mp4")  # undecodable bytes: U+DCE9, U+DCE0
VALID = ["/v/beach.mp4", "/v/日本 ünï.mp4", "/v/a\ufffdb.mp4", "/v/😀.mkv", "", "/v/%41\\x41.mp4"]


def naive_stored(text: str) -> str:
    """What ``stored`` is meant to write, one character at a time."""
    out = []
    for ch in text:
        if ch == "\ufffe":
            out.append("\ufffe\ufffe")
        elif 0xD800 <= ord(ch) <= 0xDFFF:
            out.append(f"\ufffe{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def random_names(n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    alphabet = ["a", "/", " ", "0", "f", "é", "日", "\ufffe", "\ufffd", "\n", "\udce9", "\udc80", "\udcff",
                "\ud800", "\udfff", "\ud83d", "\U0001f600", "\x7f", "\x85", "\u2028", "\xa0"]
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(n)]


@pytest.mark.parametrize("name", VALID)
def test_valid_names_are_stored_and_shown_as_they_are(name):
    assert F.stored(name) == name and F.unstored(name) == name and F.shown(name) == name
    assert not F.has_surrogates(name)


def test_stored_is_valid_text_that_gives_back_every_name():
    for name in random_names(3000) + [LATIN1, "\ufffe0041", "\ufffe\ufffe0041", "\ufffe"]:
        kept = F.stored(name)
        assert kept == naive_stored(name)
        kept.encode("utf-8")  # (raises on a lone surrogate: what Arrow refuses)
        assert F.unstored(kept) == name


def test_a_literal_escape_character_followed_by_hex_is_not_taken_for_an_escape():
    name = "/v/\ufffe00e9.mp4"  # typed, however unlikely: not a byte
    assert F.unstored(F.stored(name)) == name and F.stored(name) != name


def test_shown_writes_undecodable_bytes_and_control_characters_as_escapes():
    assert F.shown(LATIN1) == "/videos/caf\\xe9 \\xe0 la plage.mp4"
    assert F.shown("/v/line\nbreak\t.mp4") == "/v/line\\nbreak\\t.mp4"
    assert F.shown("/v/\x1b[31mred.mp4") == "/v/\\x1b[31mred.mp4"
    assert F.shown("/v/half\ud800.mp4") == "/v/half\\ud800.mp4"  # (an unpaired half of a Windows name)
    assert F.shown_name(LATIN1) == "caf\\xe9 \\xe0 la plage.mp4"
    for name in random_names(500, seed=1):
        text = F.shown(name)
        assert not any(unicodedata.category(c) in ("Cc", "Cs") for c in text), text
        assert len(text.splitlines()) <= 1
        text.encode("utf-8")


def test_json_text_is_valid_utf8_json_that_reads_back_to_the_same_names():
    value = [{"path": LATIN1, "score": 0.5}, {"path": "/v/日本.mp4", "note": "\ufffe"}]
    text = F.json_text(value, indent=2)
    text.encode("utf-8")
    assert json.loads(text) == value
    assert "日本" in text  # valid names stay readable (not \\u escapes)


@pytest.fixture
def undecodable_file(tmp_path):
    path = os.path.join(os.fsencode(tmp_path), b"caf\xe9.mp4")
    try:
        with open(path, "wb") as f:
            f.write(b"not really a video")
    except (OSError, UnicodeError):
        pytest.skip("this filesystem keeps no name that is not valid UTF-8")
    return os.fsdecode(path)


def test_openable_links_a_name_that_is_no_text_and_reuses_the_link(undecodable_file, tmp_path):
    links = tmp_path / "links"
    first = F.openable(undecodable_file, links)
    assert first != undecodable_file and not F.has_surrogates(first)
    assert os.path.basename(first) == "caf\ufffd.mp4"
    with open(first, "rb") as f:
        assert f.read() == b"not really a video"
    assert F.openable(undecodable_file, links) == first
    assert len(list(links.iterdir())) == 1


def test_openable_leaves_valid_names_and_falls_back_when_no_link_can_be_made(undecodable_file, tmp_path):
    assert F.openable("/v/beach.mp4", tmp_path / "links") == "/v/beach.mp4"
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    assert F.openable(undecodable_file, blocker) == undecodable_file
