"""The scan counts a file named as a video that it does not list under the kind ``walk_rule.listed_as_video``
gives with its reason, never by the reason's words: a still GIF and a WebP photo as images, a tracker music
module as an audio file. The old ``_add_video`` matched the words (``why.startswith("a music")``, ``why !=
"image"``): reworded, a music module was counted as an image and a WebP photo named one by one."""

from __future__ import annotations

import core.scan
from core.scan import scan
from tests.test_scan_skipped import write_gif
from tests.test_webp import write_still_webp


def reworded(reason):
    """``reason`` in other words (a message reworded, translated): its kind as it was."""
    if isinstance(reason, str):  # (the old rule gave the words alone)
        return reason and f"Skipped: {reason}."
    return reason and reason._replace(why=reason.why and f"Skipped: {reason.why}.")


def test_a_reworded_reason_is_still_counted_under_its_kind(tmp_path, monkeypatch):
    folder = tmp_path / "videos"
    folder.mkdir()
    write_gif(folder / "logo.gif", [(30, 30, 200)])  # a still image
    write_still_webp(folder / "photo.webp")
    module = bytearray(2048)  # a ProTracker module: "M.K." at 1080
    module[:10], module[1080:1084] = b"space song", b"M.K."
    (folder / "space.mod").write_bytes(bytes(module))
    said = scan([str(folder)])
    listed = core.scan.listed_as_video
    monkeypatch.setattr(core.scan, "listed_as_video", lambda path: reworded(listed(path)))
    found = scan([str(folder)])
    assert not found.files
    assert found.skipped == said.skipped == {"image": 2, "audio file": 1}  # (old, reworded: 3 images, 0 audio)
    assert sorted(found.skipped_files) == [(p, f"Skipped: {why}.") for p, why in sorted(said.skipped_files)]
    assert [p.rsplit("/", 1)[1] for p, _ in sorted(said.skipped_files)] == ["logo.gif", "space.mod"]
