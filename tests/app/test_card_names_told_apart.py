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
