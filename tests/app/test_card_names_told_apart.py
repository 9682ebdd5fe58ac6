"""Two results of files of the same name in two folders (a phone's IMG_0001.MOV beside a camera's,
a clip and a part-copy of it in a sub-folder) were two cards of the same name: "truncated.mp4" and
"truncated.mp4" side by side in the Videos grid (s59 H's walk on real footage), told apart only by
their tooltips, and a screen reader said both alike. A card names its file by as much of its path as
tells it from the other results' files of that name (``core.filenames.telling_apart``), its name
alone where no other result has it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.results import ResultsModel
from core.search import SearchResult


def _result(path: str, i: int) -> SearchResult:
    return SearchResult(path, 4.0, 8.0, 0.5 - i / 100, f"{i:016x}", f"{i:016x}:1:0", 4.0, strength="strong")


def test_cards_of_files_of_the_same_name_say_their_folder_and_the_rest_their_name(qapp):
    paths = ["/home/me/Videos/truncated.mp4", "/home/me/Videos/2024/truncated.mp4", "/home/me/Videos/car.mp4"]
    model = ResultsModel()
    model.set_results("req", [_result(p, i) for i, p in enumerate(paths)])
    names = [model.index(i).data(Qt.ItemDataRole.DisplayRole) for i in range(3)]
    assert names == ["Videos/truncated.mp4", "2024/truncated.mp4", "car.mp4"]
    spoken = [model.index(i).data(Qt.ItemDataRole.AccessibleTextRole) for i in range(3)]
    assert [s.split(",")[0] for s in spoken] == names
    model.set_results("other", [_result(paths[1], 0), _result(paths[2], 1)])  # (alone now: its name alone)
    assert model.index(0).data(Qt.ItemDataRole.DisplayRole) == "truncated.mp4"


def test_names_in_composed_and_decomposed_spellings_are_told_apart():
    """rv_5's finding 4: café.mp4 composed (NFC) beside a Mac copy's café.mp4 decomposed (NFD) read alike,
    and the cards said "café.mp4" twice: grouped by the exact spelling, they were no name twins."""
    from app.results import card_names

    nfc, nfd = "/home/me/Videos/caf\u00e9.mp4", "/home/me/Mac/cafe\u0301.mp4"
    assert card_names([nfc, nfd]) == {nfc: "Videos/caf\u00e9.mp4", nfd: "Mac/cafe\u0301.mp4"}
    here = "/home/me/Videos/cafe\u0301.mp4"  # (the same folder: only the spelling tells them apart, and says so)
    assert card_names([nfc, here]) == {nfc: "caf\u00e9.mp4 spelled composed (NFC)",
                                       here: "cafe\u0301.mp4 spelled decomposed (NFD)"}


def test_many_results_of_one_name_are_named_in_one_pass(monkeypatch):
    """rv_5's finding 3: 600 results named GX010001.MP4 (a camera's dump, one card a folder) took 1.3-1.7 s
    on the GUI thread at each search: each card's name read every other path of its name again, once a
    suffix length (quadratic). Counted: the letters' readings (NFC) stay a few a path; the names stay
    those ``telling_apart`` gives, one path at a time."""
    import unicodedata

    from app.results import card_names
    from core.filenames import telling_apart

    paths = [f"/media/cam/DCIM/{100 + i % 7}GOPRO/{i:03d}/GX010001.MP4" for i in range(200)]
    paths += ["/media/cam//DCIM/100GOPRO/000/GX010001.MP4", "/media/b/GX010001.MP4", "/x/a.mp4"]
    real, calls = unicodedata.normalize, []
    monkeypatch.setattr(unicodedata, "normalize", lambda form, s: (calls.append(1), real(form, s))[1])
    names = card_names(paths)
    assert len(calls) < 10 * len(paths), len(calls)  # (the parent: over 300 000 for these 203)
    monkeypatch.setattr(unicodedata, "normalize", real)
    same = [p for p in dict.fromkeys(paths) if p.endswith("GX010001.MP4")]
    assert names == {p: telling_apart(p, same) for p in same}
    assert names["/media/b/GX010001.MP4"] == "b/GX010001.MP4" and "/x/a.mp4" not in names
