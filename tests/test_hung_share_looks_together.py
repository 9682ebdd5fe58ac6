"""Links into a network share that stopped answering, looked at one after another, each its whole bound (rv_4's
finding 2 on 6aa75dfb): ``search --folder A`` whose links led nowhere at A's walk (a share not mounted then,
mounted now and not answering) waited a bound a link, at every search (``search_links.LinkMap.real``); so did a
re-scan's check of links whose folders were left empty (``sync_mounts.links_emptied``). Each is one look of all the
links together now (``bounded_meta.together``): one bound in all. The looks are counted as they are made: two
under way at once (before: one, then the other)."""

from __future__ import annotations

import os
import threading

import pytest

from core import bounded_read, search_links, sync_mounts
from core.library import VideoLibrary
from core.scan import scan
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.test_hung_link_kept import _local_with_links
from tests.test_hung_share_metadata import hold, index  # noqa: F401 (hold: the fixture)
from tests.test_hung_share_named import on_main  # noqa: F401 (the fixture)
from tests.videos import Segment, write_video

pytestmark = pytest.mark.slow  # (the hung looks wait their bound, 1 s)

LINKS = ("nas1", "nas2")


def _at_once(monkeypatch, module, name) -> dict:
    """``module.name``'s calls spied: {"most": the most of them under way at one time}."""
    real, lock, state = getattr(module, name), threading.Lock(), {"now": 0, "most": 0}

    def spied(*args):
        with lock:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
        try:
            return real(*args)
        finally:
            with lock:
                state["now"] -= 1

    monkeypatch.setattr(module, name, spied)
    return state


def _held(hold, a) -> None:
    for link in LINKS:
        for name in ("scandir", "stat", "lstat"):
            hold(name, a / link)


def test_a_folders_links_that_led_nowhere_are_looked_at_together(tmp_path, hold, on_main, monkeypatch, capsys):
    a, share, lib = _local_with_links(tmp_path, monkeypatch, links=LINKS)
    write_video(tmp_path / "b" / "b.mp4", [Segment(2, "green")])  # (another library folder: a's links looked for)
    index(lib, [tmp_path / "b"])
    with VideoLibrary(lib) as library:  # (the share was not mounted at a's walk)
        links = library.meta.settings.folder_links
        library.update_settings(folder_links={**links, str(a): {**links[str(a)], "links": dict.fromkeys(LINKS, "")}})
    made, held = on_main
    for link in LINKS:
        for name in ("scandir", "stat", "lstat"):
            held(hold, name, a / link)
    monkeypatch.setattr(bounded_read, "READ_TIMEOUT_S", 1.0)
    looks = _at_once(monkeypatch, search_links, "_leads_on")
    use_encoder(monkeypatch, FixedTextEncoder)
    code, out, err = run_cli(capsys, "search", "blue", "--folder", a, "--library", lib)
    assert code == 0 and "own.mp4" in out and not made, out + err + str(made)
    assert looks["most"] == 2, looks  # (both links' looks under way at once: one bound in all)


def test_links_emptied_since_the_walk_are_looked_at_together(tmp_path, hold, monkeypatch):
    a, share, lib = _local_with_links(tmp_path, monkeypatch, links=LINKS)
    for i, link in enumerate(LINKS):
        (share / link / f"kept{i}.mp4").unlink()  # (nothing listed behind either link)
    found = scan([str(a)])
    _held(hold, a)  # (the share stopped answering since the walk)
    monkeypatch.setattr(bounded_read, "READ_TIMEOUT_S", 1.0)
    looks = _at_once(monkeypatch, sync_mounts, "_emptied")
    with VideoLibrary(lib, read_only=True) as library:
        known = list(library.video_table.all())
    kept, away = sync_mounts.links_emptied(known, found, [str(a)], prune=False)
    assert sorted(os.path.basename(v.path) for v in kept.values()) == ["kept0.mp4", "kept1.mp4"], kept
    assert away == [str(a / link) for link in LINKS] and looks["most"] == 2, (away, looks)
