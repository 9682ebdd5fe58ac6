"""`seekframe note CLIP TEXT` printed "Note added." for the very note the clip had already (the same
text on the same moment, a command run twice): the library keeps one (``core.captions.add_note``
returns the clip's note as it is), so the second "Note added." told of a note that is not there.
Now the second says the clip has that note already and nothing was added, as the window says it;
another note, or the same text on another moment, is said added."""

from __future__ import annotations

import json

from tests.cli_run import fake_model, run_cli  # noqa: F401  (fake_model: a fixture)
from tests.videos import Segment, write_video

AGAIN = "already has that note; nothing was added."


def test_the_same_note_twice_is_said_added_once(tmp_path, capsys, fake_model):  # noqa: F811
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / "red.mp4", [Segment(8, "red")])
    assert run_cli(capsys, "index", videos, "--library", lib)[0] == 0
    clip = f"{videos / 'red.mp4'}@4"

    added = f"Note added to {videos / 'red.mp4'}@0:04-0:08.\n"  # (the moment it went on)
    assert run_cli(capsys, "note", clip, "grandpa's old car", "--library", lib)[:2] == (0, added)
    code, out, err = run_cli(capsys, "note", clip, "  grandpa's old car ", "--library", lib)  # (the same, trimmed)
    assert (code, out) == (0, f"{videos / 'red.mp4'}@0:04-0:08 {AGAIN}\n"), out + err  # (s60: "This clip …")
    assert run_cli(capsys, "note", clip, "grandpa's blue car", "--library", lib)[1] == added
    assert run_cli(capsys, "note", videos / "red.mp4", "grandpa's old car", "--library", lib)[1] == \
        f"Note added to {videos / 'red.mp4'} (the whole video).\n"  # (the same text on the whole video: another note)

    code, out, err = run_cli(capsys, "captions", videos / "red.mp4", "--library", lib, "--json")
    assert code == 0, err
    notes = sorted(c["text"] for c in json.loads(out) if c.get("source") == "note")
    assert notes == ["grandpa's blue car", "grandpa's old car", "grandpa's old car"], out
