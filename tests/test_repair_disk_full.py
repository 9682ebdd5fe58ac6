"""`seekframe repair` on a full disk said the index's words: 'Nothing was lost: the library is
consistent, and every video indexed before this is in it', of a library being repaired, though the
repair had set its damaged table aside and then could not make it anew: nothing said where the
table went. Run again once there was room, it set the empty table its first try had begun aside too
and named that one as the table ("set aside as …-<a second later>", empty; within the same second,
a crash: 'Directory not empty'). It now says the repair did not finish and what it did so far, and run again, it
makes that table anew and sets nothing more aside."""

from __future__ import annotations

import core.cli
from core.cli import EXIT_DISK_FULL, main
from tests.fakes import ColourMeanEncoder
from tests.mounts import mounts  # noqa: F401  (the fixture)
from tests.test_disk_full import _fill
from tests.videos import Segment, write_video


def test_a_repair_a_full_disk_stops_says_what_it_did_and_finishes_once_there_is_room(tmp_path, monkeypatch,
                                                                                    capsys, mounts):
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    lib = mounts.tmpfs(tmp_path / "lib", size="8m")
    videos = tmp_path / "videos"
    for i, colour in enumerate(("red", "blue")):
        write_video(videos / f"c{i}.mp4", [Segment(2, colour)], seed=i)
    assert main(["index", str(videos), "--library", str(lib), "-q"]) == 0
    for data in (lib / "db" / "videos.lance" / "data").glob("*.lance"):  # (cut short: damage to repair)
        data.write_bytes(data.read_bytes()[:500])
    _fill(lib, 0)
    capsys.readouterr()
    assert main(["repair", "--library", str(lib)]) == EXIT_DISK_FULL
    err = capsys.readouterr().err
    (aside,) = (lib / "db").glob("videos.lance.damaged-*")
    assert "The repair did not finish; so far: The videos table could not be read: set aside as " \
           f"{aside}." in err, err
    assert "then run the same command again to finish it." in err, err
    assert "the library is consistent" not in err and "every video indexed" not in err, err
    (lib / "filler").unlink()
    assert main(["repair", "--library", str(lib)]) == 0
    out = capsys.readouterr().out
    assert "could not be read" not in out, out
    assert list((lib / "db").glob("videos.lance.damaged-*")) == [aside]  # (the empty one made again, not set aside)
    assert main(["index", str(videos), "--library", str(lib), "-q"]) == 0
    assert main(["status", "--library", str(lib)]) == 0
    assert "2 videos (2 done" in capsys.readouterr().out
