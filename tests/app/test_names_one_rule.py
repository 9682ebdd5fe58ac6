"""The window's cards (``app.results.card_names``: ``core.filenames.names_apart``, 297cd42d) and the
terminal (``seekframe search``'s "identical copies", the cut-short words: ``telling_apart``) named
files of one name by two implementations of one rule (s59 rv_9's finding 1): the same file could come
to be named one way in the grid and another in the terminal once either changed. ``telling_apart`` is
now ``names_apart``'s name of the path; here both are held to the same names on the cases where the
rule is subtle: a name in its composed (NFC) and decomposed (NFD) spelling, in one folder and in two,
a path that is the end of another, two spellings of one path, an undecodable byte."""

from __future__ import annotations

import pytest

from app.results import card_names
from core.cli_print import copies_text
from core.filenames import telling_apart
from core.progress import Tally

NFC, NFD = "caf\u00e9", "cafe\u0301"

GROUPS = {
    "spelling alone": [f"/home/me/Videos/{NFC}.mp4", f"/home/me/Videos/{NFD}.mp4"],
    "two folders": [f"/home/me/Videos/{NFC}.mp4", f"/home/me/Mac/{NFD}.mp4", f"/home/me/Old/{NFC}.mp4"],
    "folders spelled two ways": [f"/v/{NFC}/clip.mp4", f"/v/{NFD}/clip.mp4", "/w/clip.mp4"],
    "the end of another": ["/v/2024/clip.mp4", "/backup/v/2024/clip.mp4", "/v/clip.mp4", "/w/v/clip.mp4"],
    "a folder's spellings far up": [f"/{NFC}/a/b/x.mp4", f"/{NFD}/a/b/x.mp4", "/c/b/x.mp4"],
    "one path two ways": ["/v//a/x.mp4", "/v/a/x.mp4", "/w/a/x.mp4"],
    "an undecodable byte": ["/v/caf\udce9/x.mp4", f"/v/{NFC}/x.mp4", f"/v/{NFD}/x.mp4"],
}


@pytest.mark.parametrize("paths", list(GROUPS.values()), ids=list(GROUPS))
def test_the_grid_and_the_terminal_name_files_of_one_name_alike(paths):
    cards = card_names(paths)
    assert set(cards) == set(paths)  # (every one shares its name, as read, with another)
    assert {p: telling_apart(p, paths) for p in paths} == cards
    first, *copies = paths
    said = f"identical {'copy' if len(copies) == 1 else 'copies'}"
    assert copies_text(copies, first) == f"  ({said}: {', '.join(cards[p] for p in copies)})"
    tally = Tally()
    tally.cut_short = dict.fromkeys(paths, "cut short")
    told = tally.cut_text(names=len(paths))
    assert f"({', '.join(cards[p] for p in paths)})." in told


def test_a_name_alone_is_its_name_in_both():
    """A file no other shares the name of: the grid goes by its name (``shown_name``), the terminal too."""
    paths = [f"/home/me/{NFC}.mp4", "/home/me/other.mp4"]
    assert card_names(paths) == {}
    assert [telling_apart(p, paths) for p in paths] == [f"{NFC}.mp4", "other.mp4"]
