"""A forget request library.json holds that cannot be read is set aside by the next writer's open as
``forget_request_unread`` (``core.library.forget_request``). A second one, set aside later (another
hand edit, another program), replaced it: the folders the first named, which a person reads there to
forget them again, were lost without a word. Now the one kept before moves to
``forget_request_unread_before`` (newest first, the last 8 only: never piling up), the newest stays
under ``forget_request_unread``, the open's note says where the older ones are, and reading the same
request again (a reader, or a writer before it sets it aside) moves nothing."""

from __future__ import annotations

import json

from core.library import VideoLibrary
from core.library.meta import read_meta

UNREAD, UNREAD_BEFORE = "forget_request_unread", "forget_request_unread_before"  # (library.json's keys)
KEPT_BEFORE = 8


def _hand_edit(lib, value) -> None:
    data = json.loads((lib / "library.json").read_text())
    data["extra"]["forget_request"] = value
    (lib / "library.json").write_text(json.dumps(data))


def _extra(lib) -> dict:
    return json.loads((lib / "library.json").read_text())["extra"]


def test_an_older_request_set_aside_is_kept_when_a_newer_one_is(tmp_path):
    lib = tmp_path / "lib"
    VideoLibrary(lib).close()
    _hand_edit(lib, "/v/a")
    with VideoLibrary(lib) as library:
        assert library.unread_note and UNREAD_BEFORE not in library.unread_note
    assert _extra(lib)[UNREAD] == "/v/a" and UNREAD_BEFORE not in _extra(lib)
    _hand_edit(lib, {"folders": ["/v/b"]})
    with VideoLibrary(lib, read_only=True) as reader:  # (a reader reads it: nothing written, nothing moved)
        assert reader.meta.extra[UNREAD] == {"folders": ["/v/b"]} and reader.meta.extra[UNREAD_BEFORE] == ["/v/a"]
    assert _extra(lib)[UNREAD] == "/v/a" and UNREAD_BEFORE not in _extra(lib)
    with VideoLibrary(lib) as library:
        assert f"those kept aside before it are in {UNREAD_BEFORE}" in library.unread_note, library.unread_note
    extra = _extra(lib)
    assert extra[UNREAD] == {"folders": ["/v/b"]} and extra[UNREAD_BEFORE] == ["/v/a"]
    assert "forget_request" not in extra and read_meta(lib).forget_request is None
    with VideoLibrary(lib) as library:  # (nothing new to set aside: nothing moved, nothing said)
        assert not library.unread_note
    assert _extra(lib)[UNREAD_BEFORE] == ["/v/a"]


def test_the_ones_kept_before_never_pile_up(tmp_path):
    lib = tmp_path / "lib"
    VideoLibrary(lib).close()
    for i in range(KEPT_BEFORE + 4):
        _hand_edit(lib, f"/v/{i}")
        VideoLibrary(lib).close()
    extra = _extra(lib)
    last = KEPT_BEFORE + 3
    assert extra[UNREAD] == f"/v/{last}"
    assert extra[UNREAD_BEFORE] == [f"/v/{i}" for i in range(last - 1, last - 1 - KEPT_BEFORE, -1)]


def test_a_reader_says_no_move_that_has_not_happened(tmp_path, capsys):
    """A reader (`seekframe status`, a window opened read-only) reads a second request that cannot be read
    before any writer set it aside: library.json still holds the first under ``forget_request_unread`` and
    nothing under ``forget_request_unread_before``, so the reader says where the writer moves it, not that
    it is there (it said "those kept aside before it are in forget_request_unread_before")."""
    from core.cli import main

    lib = tmp_path / "lib"
    VideoLibrary(lib).close()
    _hand_edit(lib, "/v/a")
    VideoLibrary(lib).close()  # (a writer sets it aside)
    _hand_edit(lib, "/v/b")
    moves = f"(the one kept aside there now moves to {UNREAD_BEFORE} then)"
    with VideoLibrary(lib, read_only=True) as reader:
        assert f"are in {UNREAD_BEFORE}" not in reader.unread_note and moves in reader.unread_note, reader.unread_note
    assert main(["status", "--library", str(lib)]) == 0
    out = capsys.readouterr().out
    assert f"are in {UNREAD_BEFORE}" not in out and moves in out, out
    assert _extra(lib)[UNREAD] == "/v/a" and UNREAD_BEFORE not in _extra(lib)  # (as the reader said: not moved)
    VideoLibrary(lib).close()  # (the writer moves it: /v/a before, /v/b kept aside)
    _hand_edit(lib, "/v/c")
    with VideoLibrary(lib, read_only=True) as reader:  # (one there before it, and one the writer moves)
        assert (f"(the one kept aside there now moves to {UNREAD_BEFORE} then, with those kept aside before it)"
                in reader.unread_note), reader.unread_note
    with VideoLibrary(lib) as library:  # (the writer's open says where they are, as before)
        assert f"(those kept aside before it are in {UNREAD_BEFORE})" in library.unread_note, library.unread_note
    assert _extra(lib)[UNREAD_BEFORE] == ["/v/b", "/v/a"]
    _hand_edit(lib, "/v/d")
    VideoLibrary(lib).close()
    data = json.loads((lib / "library.json").read_text())  # (a person took the one kept aside out by hand)
    del data["extra"][UNREAD]
    data["extra"]["forget_request"] = "/v/e"
    (lib / "library.json").write_text(json.dumps(data))
    with VideoLibrary(lib, read_only=True) as reader:  # (nothing to move: those before it are there)
        assert f"(those kept aside before it are in {UNREAD_BEFORE})" in reader.unread_note, reader.unread_note
