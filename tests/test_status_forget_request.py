"""A forget of several folders (``seekframe forget /up --all``) stopped part-way (Ctrl-C, a kill, a
full disk) leaves the rest recorded (``library.json``'s ``forget_request``), removed by the next
writer's open. ``seekframe status`` said nothing of it: a user who stopped the forget saw the folders
still to go listed as any other, and not that the next index removes them. Now the status says which
folders are still to be forgotten and that the next write removes them (``forget_request`` in
--json), beside the removal under way (``forgetting``); nothing once they are gone."""

from __future__ import annotations

import json
import sys

import pytest

from core.library import VideoLibrary
from core.library.meta import read_meta
from tests.test_forget_link_above_spellings import spelled_apart  # noqa: F401
from tests.test_forget_request_resumed import _forget_all_stopped
from tests.test_status_folders import encoder, run  # noqa: F401

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")


def _status(capsys, lib) -> tuple[str, dict]:
    code, out, err = run(capsys, "status", "--library", lib)
    assert code == 0, (out, err)
    code, js, err = run(capsys, "status", "--library", lib, "--json")
    assert code == 0, (js, err)
    return out, json.loads(js)


def test_status_lists_the_folders_a_stopped_forget_left_to_remove(spelled_apart, capsys, monkeypatch):  # noqa: F811
    tmp, a, b, other, lib = spelled_apart
    assert _forget_all_stopped(capsys, monkeypatch, spelled_apart, b)[0] != 0  # (a removed, b not begun)
    assert read_meta(lib).forget_request == [b] and read_meta(lib).forgetting is None
    out, data = _status(capsys, lib)
    line = next((ln for ln in out.splitlines() if ln.startswith("Forgetting next:")), "")
    assert line.startswith(f"Forgetting next: {b}, asked with other folders by a `seekframe forget` that stopped "
                           "part-way"), out
    assert "The next `seekframe index` (or any command that writes the library, or the app) removes it" in line
    assert data["forget_request"] == [b] and data["forgetting"] is None
    assert run(capsys, "index", other, "--library", lib)[0] == 0  # (its open removes b)
    out, data = _status(capsys, lib)
    assert "Forgetting" not in out and data["forget_request"] == [], out


def test_status_says_the_removal_under_way_and_the_rest_after_it(spelled_apart, capsys, monkeypatch):  # noqa: F811
    tmp, a, b, other, lib = spelled_apart
    assert _forget_all_stopped(capsys, monkeypatch, spelled_apart, a, "mid")[0] != 0  # (a's record written)
    out, data = _status(capsys, lib)
    assert f"Forgetting {a}: interrupted" in out, out
    assert f"Forgetting next: {b}, asked" in out and f"Forgetting next: {a}" not in out, out  # (a said once)
    assert data["forgetting"] == a and data["forget_request"] == [b]


def test_a_folder_of_the_request_no_longer_listed_is_not_said(spelled_apart, capsys):  # noqa: F811
    """Only what the next open removes: a request's folder the library no longer lists (changed by
    an older seekframe) is skipped by it, so the status does not promise it."""
    tmp, a, b, other, lib = spelled_apart
    with VideoLibrary(lib, read_only=True) as library:
        assert b in library.meta.settings.folders
    data = json.loads((lib / "library.json").read_text())
    data["extra"]["forget_request"] = [str(tmp / "gone"), b]
    (lib / "library.json").write_text(json.dumps(data))
    out, data = _status(capsys, lib)
    assert data["forget_request"] == [b] and str(tmp / "gone") not in out, out
