"""A video replaced by another between the scan and its read (a new take saved over a clip, the
old one moved into a subfolder, while the folder is being indexed): the moments read are the new
file's, so the record must not claim the old file's content, or the next run takes the old file,
found in the subfolder by that content, for the video moved there, and gives it the new one's
moments for good."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from core.library.records import DONE, VideoRecord
from core.scan import content_hash
from core.as_scanned import hash_as_read
from tests.fakes import ColourMeanEncoder
from tests.replace_faults import swap_then_decode
from tests.videos import Segment, write_video


def run(lib_path, folder, **options) -> list:
    with VideoLibrary(lib_path) as lib:
        return list(MomentIndexer(lib, ColourMeanEncoder(), IndexOptions(**options)).run([str(folder)]))


def colours(lib_path) -> dict:
    """Each video's name under the folder: (its record, its moments' mean vector: r, g, b, 1)."""
    with VideoLibrary(lib_path, read_only=True) as lib:
        return {os.path.relpath(v.path, Path(v.root)): (v, np.mean([m.vector for m in lib.moment_table.of(v.video_id)], axis=0))
                for v in lib.video_table.all()}


def test_a_video_replaced_before_its_read_is_never_taken_for_the_old_one_moved(tmp_path):
    folder = tmp_path / "videos"
    write_video(folder / "swap.mp4", [Segment(3, "red")], seed=1)
    write_video(folder / "other.mp4", [Segment(3, "green")], seed=2)
    write_video(tmp_path / "blue.mp4", [Segment(5, "blue")], seed=3)
    os.rename(tmp_path / "blue.mp4", folder / "new_swap.mp4.part")
    lib = tmp_path / "lib"

    run(lib, folder, two_pass=False, decode_fn=swap_then_decode)  # swap.mp4 read as the blue take
    assert not (folder / "new_swap.mp4.part").exists() and (folder / "kept" / "swap.mp4").exists()
    run(lib, folder, two_pass=False)  # the next run finds the red clip in kept/, the blue at swap.mp4

    held = colours(lib)
    assert set(held) == {"swap.mp4", "other.mp4", os.path.join("kept", "swap.mp4")}
    assert all(rec.status == DONE for rec, _ in held.values())
    red, blue = held[os.path.join("kept", "swap.mp4")][1], held["swap.mp4"][1]
    assert red[0] > red[2], f"kept/swap.mp4 (red) holds another video's moments: {red}"
    assert blue[2] > blue[0], f"swap.mp4 (blue) holds another video's moments: {blue}"
    assert held["swap.mp4"][0].duration > 4  # the blue take's own length


def test_a_video_read_as_scanned_keeps_its_fingerprint(tmp_path):
    """The guard against the case above leaves a video read as scanned as it was: moved later,
    its moments go with it, none embedded again."""
    folder = tmp_path / "videos"
    write_video(folder / "a.mp4", [Segment(3, "red")], seed=1)
    lib = tmp_path / "lib"
    run(lib, folder, two_pass=False, decode_fn=swap_then_decode)
    (folder / "sub").mkdir()
    os.rename(folder / "a.mp4", folder / "sub" / "a.mp4")
    events = run(lib, folder, two_pass=False)
    assert not [e for e in events if e.kind == "file_started"]  # moved: nothing decoded again
    held = colours(lib)
    assert set(held) == {os.path.join("sub", "a.mp4")} and held[os.path.join("sub", "a.mp4")][0].content_hash


def test_hash_as_read_tells_a_file_replaced_from_one_only_touched_or_gone(tmp_path):
    path = write_video(tmp_path / "a.mp4", [Segment(2, "red")], seed=1)
    write_video(tmp_path / "b.mp4", [Segment(2, "blue")], seed=2)
    st = os.stat(path)
    rec = VideoRecord(video_id="0123456789abcdef", path=str(path), root=str(tmp_path), size=st.st_size,
                      mtime=st.st_mtime, content_hash=content_hash(str(path)))
    assert hash_as_read(rec) == rec.content_hash  # as scanned
    os.utime(path, (1, 1))
    assert hash_as_read(rec) == rec.content_hash  # touched: the same content
    os.replace(tmp_path / "b.mp4", path)
    assert hash_as_read(rec) == ""  # another video at its name
    os.unlink(path)
    assert hash_as_read(rec) == rec.content_hash  # gone: nothing says it was read otherwise
