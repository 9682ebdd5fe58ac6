"""A clip of a library folder on a network share found empty (held: ``core.shares``) copied
elsewhere in the library was taken as that video having moved: its id, moments and notes went to
the copy, and the share's video was embedded again once the share was back. A held share's folder
now counts as away, as an unplugged drive's does: the copy takes its twin's moments
(``core.sync_kept``) and the share's video stays, offline, with its own id and moments."""

from __future__ import annotations

import shutil
import sys

import numpy as np
import pytest

from core import shares
from core.cli import main
from tests.fakes import cli_encoder
from tests.test_copy_of_offline_twin import rows
from tests.test_emptied_share import _mountinfo
from tests.videos import Segment, write_video


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/mountinfo's form")
def test_a_copy_of_a_clip_of_an_emptied_share_takes_its_moments(tmp_path, monkeypatch):
    encoder = cli_encoder(monkeypatch)
    home, nas, aside, lib = tmp_path / "home", tmp_path / "nas", tmp_path / "aside", tmp_path / "lib"
    write_video(home / "red.mp4", [Segment(2, "red")], seed=1)
    write_video(nas / "blue.mp4", [Segment(2, "blue")], seed=2)
    monkeypatch.setattr(shares, "MOUNTINFO", _mountinfo(tmp_path, str(nas.resolve()), "cifs", "//nas/videos"))
    assert main(["index", str(home), str(nas), "--library", str(lib), "-q"]) == 0
    blue, copy = str(nas / "blue.mp4"), str(home / "blue copy.mp4")
    before = rows(lib)

    aside.mkdir()
    shutil.move(str(nas / "blue.mp4"), aside / "blue.mp4")  # the NAS's disk away: the share lists it empty
    shutil.copy2(aside / "blue.mp4", copy)  # (copied to the computer before)
    embedded = encoder.embedded
    assert main(["index", "--library", str(lib), "-q"]) == 0
    now = rows(lib)
    assert encoder.embedded == embedded
    assert now[blue][:3] == (before[blue][0], True, "done")  # the share's video kept, offline
    np.testing.assert_array_equal(now[blue][3], before[blue][3])
    assert now[copy][0] != before[blue][0] and now[copy][1:3] == (False, "done")
    np.testing.assert_array_equal(now[copy][3], before[blue][3])  # its twin's moments

    shutil.move(str(aside / "blue.mp4"), nas / "blue.mp4")  # the share back
    assert main(["index", "--library", str(lib), "-q"]) == 0
    now = rows(lib)
    assert encoder.embedded == embedded and len(now) == 3
    assert now[blue][:3] == (before[blue][0], False, "done") and not now[copy][1]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/mountinfo's form")
def test_with_prune_a_clip_moved_out_of_a_share_keeps_its_moments_and_id(tmp_path, monkeypatch):
    """`--prune` says the share's videos not found are really gone: one found elsewhere moved there."""
    encoder = cli_encoder(monkeypatch)
    home, nas, lib = tmp_path / "home", tmp_path / "nas", tmp_path / "lib"
    write_video(home / "red.mp4", [Segment(2, "red")], seed=1)
    write_video(nas / "blue.mp4", [Segment(2, "blue")], seed=2)
    monkeypatch.setattr(shares, "MOUNTINFO", _mountinfo(tmp_path, str(nas.resolve()), "cifs", "//nas/videos"))
    assert main(["index", str(home), str(nas), "--library", str(lib), "-q"]) == 0
    before = rows(lib)
    shutil.move(str(nas / "blue.mp4"), home / "blue.mp4")
    embedded = encoder.embedded
    assert main(["index", "--library", str(lib), "-q", "--prune"]) == 0
    now = rows(lib)
    assert encoder.embedded == embedded and len(now) == 2
    assert now[str(home / "blue.mp4")][:3] == (before[str(nas / "blue.mp4")][0], False, "done")
