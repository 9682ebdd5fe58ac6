"""`note FILE@T --remove` and `captions FILE@T` disagreed on which notes are on a clip (s58 fr_5 #2-#4):
captions lists a whole-video note "On this clip" of each moment, and a moment's note on the whole video,
but --remove refused those words ('has no note "the whole afternoon"'); its "several notes" advice
dropped --library (#3), so the pasted line removed from another library; and a note added through an
identical copy's name with the original's words was added twice, while --remove then deleted both and
said one (#4). One rule now (``clirefs.on_clip``, captions'), the advice is the line as typed, and an
add sees the copies' notes."""

from __future__ import annotations

import json
import shlex
import shutil

from core.cli import main
from core.library import VideoLibrary
from core.library.records import CaptionRecord
from tests.test_note_remove import _notes, _remove


def _listed_on(lib, clip, capsys) -> list[str]:
    """The notes ``seekframe captions CLIP --json`` lists on this clip."""
    capsys.readouterr()
    assert main(["captions", clip, "--json", "--library", str(lib)]) == 0
    return sorted(r["text"] for r in json.loads(capsys.readouterr().out) if r["on_this_clip"] and r["source"] == "note")


def test_every_note_captions_lists_on_a_clip_is_removed_from_that_clip_by_its_words(noted_library, capsys):
    videos, lib = noted_library
    red, moment = str(videos / "red.mp4"), f"{videos / 'red.mp4'}@1"
    assert main(["note", red, "the whole afternoon", "--library", str(lib)]) == 0
    assert _listed_on(lib, moment, capsys) == ["our red wall", "the whole afternoon"]
    assert _remove(lib, moment, "--remove", "the", "whole", "afternoon") == 0  # (parent: 'has no note "the whole …"')
    assert '"the whole afternoon"' in capsys.readouterr().out
    assert _notes(lib) == [("our red wall", 0.0)]
    assert _listed_on(lib, red, capsys) == ["our red wall"]  # (a moment's note is on the whole video too)
    assert _remove(lib, red, "--remove") == 2  # (not its own level's: named, with the line that removes it)
    err = capsys.readouterr().err
    assert "Nothing was removed" in err and f"seekframe note {shlex.quote(red)} --remove 'our red wall'" in err, err
    assert _notes(lib) == [("our red wall", 0.0)]
    assert _remove(lib, red, "--remove", "our red wall") == 0
    assert _notes(lib) == []


def test_a_moments_own_note_is_still_removed_without_words_beside_a_whole_video_note(noted_library, capsys):
    videos, lib = noted_library
    assert main(["note", str(videos / "red.mp4"), "the whole afternoon", "--library", str(lib)]) == 0
    assert _remove(lib, f"{videos / 'red.mp4'}@1", "--remove") == 0
    assert _notes(lib) == [("the whole afternoon", -1.0)]


def test_the_several_notes_advice_keeps_the_library_and_removes_the_note_pasted(noted_library, capsys):
    videos, lib = noted_library
    red = f"{videos / 'red.mp4'}@1"
    assert main(["note", red, "a red brick", "--library", str(lib)]) == 0
    capsys.readouterr()
    assert _remove(lib, red, "--remove", "--library", str(lib)) == 2
    err = capsys.readouterr().err
    line = err.split("Say which one to remove: ", 1)[1].rsplit(". Nothing was removed.", 1)[0]
    words = shlex.split(line)
    assert words[0] == "seekframe" and words[words.index("--library") + 1] == str(lib), line  # (parent: no --library)
    assert main(words[1:]) == 0  # (pasted: the note it names goes, from this library)
    assert [t for t, _ in _notes(lib)] == ["a red brick"]


def test_a_note_on_an_identical_copy_is_not_added_twice_and_a_removal_says_each_it_removed(
        noted_library, capsys, colour_model):
    videos, lib = noted_library
    shutil.copyfile(videos / "red.mp4", videos / "red copy.mp4")
    assert main(["index", str(videos), "--library", str(lib), "--model", colour_model, "-q"]) == 0
    copy = f"{videos / 'red copy.mp4'}@1"
    assert _listed_on(lib, copy, capsys) == ["our red wall"]
    assert main(["note", copy, "our red wall", "--library", str(lib)]) == 0
    assert "already has that note; nothing was added" in capsys.readouterr().out  # (parent: "Note added.")
    assert _listed_on(lib, copy, capsys) == ["our red wall"]
    with VideoLibrary(lib) as library:  # (the same note on the copy, as the parent added it)
        mine = next(c for c in library.caption_table.read() if c.source == "note")
        twin = next(v for v in library.video_table.view().values() if v.path.endswith("red copy.mp4"))
        library.caption_table.add([CaptionRecord(mine.text, "note", mine.vector, twin.video_id, mine.start, mine.end,
                                                 caption_id="f" * 24, created_at=mine.created_at + 1)])
    assert _remove(lib, f"{videos / 'red.mp4'}@1", "--remove", "our red wall") == 0
    out = capsys.readouterr().out
    assert out.startswith("2 notes removed") and "red copy.mp4" in out, out  # (parent: 'Note removed …', one)
    assert _notes(lib) == []


def test_a_removed_note_stays_removed_when_repair_takes_the_captions_table_back_before_the_removal(
        noted_library, capsys):
    from core.library import notes_journal, torn  # (s58 fr_5 #1: the table's newest version file gone)

    videos, lib = noted_library
    assert _remove(lib, f"{videos / 'red.mp4'}@1", "--remove") == 0
    torn.manifests(lib / "db" / "captions.lance")[0][1].unlink()  # (its version from before the removal read)
    assert main(["repair", "--library", str(lib)]) == 0
    capsys.readouterr()
    assert main(["captions", f"{videos / 'red.mp4'}@1", "--library", str(lib)]) == 0
    assert "our red wall" not in capsys.readouterr().out
    assert _notes(lib) == [] and notes_journal.latest(lib) == {}


def test_the_windows_removal_of_a_whole_video_note_gone_leaves_a_moments_note_of_the_same_words(noted_library):
    import pytest

    from core.errors import SeekframeError
    from core.note_removal import remove_clip_note

    videos, lib = noted_library  # (the window names the note's own span: another window removed it already)
    with VideoLibrary(lib) as library:
        red = next(v for v in library.video_table.view().values() if v.path.endswith("red.mp4"))
        with pytest.raises(SeekframeError, match="nothing was removed|Nothing was removed"):
            remove_clip_note(library, None, red.video_id, "our red wall", -1.0, -1.0, "red.mp4")
    assert _notes(lib) == [("our red wall", 0.0)]


def test_captions_shows_each_notes_span_as_note_remove_takes_it_and_a_note_added_names_it(noted_library, capsys):
    """s60: `captions FILE` listed a clip's notes without their spans, so `note FILE@START-END --remove` was
    learned only from a refusal, and "Note added." named no clip. Each note now shows where it is, in the
    form `note --remove` takes back (--json's "clip" too), and an added note says where it went."""
    videos, lib = noted_library
    red, blue = str(videos / "red.mp4"), str(videos / "blue.mp4")
    assert main(["note", red, "the whole afternoon", "--library", str(lib)]) == 0
    assert capsys.readouterr().out == f"Note added to {red} (the whole video).\n"
    assert main(["note", f"{red}@1", "a red brick", "--library", str(lib)]) == 0
    assert capsys.readouterr().out == f"Note added to {red}@0:00-0:04.\n"  # (parent: "Note added.")

    assert main(["captions", f"{red}@1", "--library", str(lib)]) == 0
    lines = {line.split("]  ", 1)[1] for line in capsys.readouterr().out.splitlines() if "[note]" in line}
    assert lines == {"our red wall  @0:00-0:04", "a red brick  @0:00-0:04", "the whole afternoon  (on the whole video)"}
    assert main(["captions", blue, "--library", str(lib), "--json"]) == 0
    listed = {r["text"]: r["clip"] for r in json.loads(capsys.readouterr().out) if r["source"] == "note"}
    assert listed == {"our red wall": f"{red}@0:00-0:04", "a red brick": f"{red}@0:00-0:04",
                      "the whole afternoon": red}
    assert main(["captions", blue, "--library", str(lib)]) == 0  # (another clip's notes: with their FILE)
    out = capsys.readouterr().out
    assert f"our red wall  {shlex.quote(red + '@0:00-0:04')}" in out, out
    assert _remove(lib, listed["our red wall"], "--remove", "our red wall") == 0  # (the span shown, taken back)
    assert _notes(lib) == [("a red brick", 0.0), ("the whole afternoon", -1.0)]


def test_note_misuses_are_said_once_and_with_the_line_to_type(noted_library, capsys):
    """s60 (w.md): --remove on a clip with no note said "has no note" twice; the words before the clip said
    only that "red car" is not in the library; an empty library's `captions` did not mention notes."""
    videos, lib = noted_library
    blue = str(videos / "blue.mp4")
    assert _remove(lib, f"{blue}@1", "--remove") == 2
    err = capsys.readouterr().err
    assert err.count("has no note") == 1, err  # (parent: twice)
    assert _remove(lib, blue, "--remove") == 2
    assert capsys.readouterr().err.count("has no note") == 1

    assert main(["note", "red", "car", f"{blue}@1", "--library", str(lib)]) == 2
    err = capsys.readouterr().err
    assert "the clip comes first" in err, err  # (parent: 'red is not in the library')
    line = shlex.split(err.rsplit(": seekframe ", 1)[1])
    assert line == ["note", f"{blue}@1", "red", "car", "--library", str(lib)], line
    assert main(line) == 0 and ("red car", 0.0) in _notes(lib)  # (pasted: the note on that clip)

    for text, at in (("red car", f"{blue}@1"), ("our red wall", f"{videos / 'red.mp4'}@1")):
        assert _remove(lib, at, "--remove", text) == 0
    capsys.readouterr()
    assert main(["captions", blue, "--library", str(lib)]) == 0
    assert f"seekframe note {blue} 'your words'" in capsys.readouterr().out  # (parent: captions-import only)


def test_a_note_s_words_first_is_told_only_where_its_first_argument_is_no_clip(noted_library, capsys, monkeypatch):
    """rv_4 #1/#3/#5: the swapped-order advice split the note's last argument at its spaces and looked only at
    files: `note VIDEOS/red.mp4@1 "same as" /else/b.mp4` with the drive unplugged was refused and told to note
    b.mp4; `note "red car" "my clip.mp4@1"` beside a clip.mp4 was told `note clip.mp4@1 'red car' my`, its
    --library dropped; `note "red car"` was told to put 'red car' first as the clip. The added line's name
    was printed unquoted, so `my red.mp4@…` did not paste."""
    videos, lib = noted_library
    here = videos.parent / "here"
    here.mkdir()
    for name in ("my clip.mp4", "clip.mp4", "b.mp4"):
        (here / name).write_bytes(b"not read")
    monkeypatch.chdir(here)
    assert main(["note", "red car", "my clip.mp4@1", "--library", str(lib)]) == 2
    err = capsys.readouterr().err
    assert "the clip comes first" in err, err  # (parent: 'but clip.mp4@1 does … note clip.mp4@1 'red car' my')
    assert shlex.split(err.rsplit(": seekframe ", 1)[1]) == ["note", "my clip.mp4@1", "red car", "--library", str(lib)]

    assert main(["note", "red car", "--library", str(lib)]) == 2
    err = capsys.readouterr().err  # (parent: "the note's words come after the clip: seekframe note 'red car' …")
    assert "(the clip is missing: the note's words come after it: seekframe note FILE@TIME 'red car' --library " in err

    shutil.copy(videos / "red.mp4", videos / "my red.mp4")
    assert main(["index", str(videos), "--library", str(lib), "-q"]) == 0
    capsys.readouterr()
    assert main(["note", f"{videos / 'my red.mp4'}@1", "a quoted name", "--library", str(lib)]) == 0
    out = capsys.readouterr().out  # (parent: Note added to /…/my red.mp4@0:00-0:04.)
    assert out == f"Note added to {shlex.quote(str(videos / 'my red.mp4') + '@0:00-0:04')}.\n", out
    pasted = shlex.split(out[len("Note added to "):-2])
    assert main(["note", *pasted, "--remove", "a quoted name", "--library", str(lib)]) == 0
    assert capsys.readouterr().out.startswith(f"Note removed from {shlex.quote(pasted[0])}: ")

    away = videos.parent / "unplugged"
    videos.rename(away)  # (the library's drive unplugged: a note on its video is still one to add)
    assert main(["note", f"{videos / 'red.mp4'}@1", "same as", str(here / "b.mp4"), "--library", str(lib)]) == 0
    assert "the clip comes first" not in capsys.readouterr().err  # (parent: refused, told to note b.mp4)


def test_a_notes_span_as_captions_prints_it_is_taken_wherever_a_clip_is(noted_library, capsys):
    """fr_2 #2: the FILE@START-END `captions` (--json "clip") and "Note added to" print was taken only by
    `note --remove`; pasted into `note`, `captions` or `similar` it was "'0:00-0:04' … is not a time in the
    clip". It names the moment starting at START there too."""
    videos, lib = noted_library
    assert main(["captions", str(videos / "blue.mp4"), "--library", str(lib), "--json"]) == 0
    clip = next(r["clip"] for r in json.loads(capsys.readouterr().out) if r["text"] == "our red wall")
    assert clip == f"{videos / 'red.mp4'}@0:00-0:04"
    assert _listed_on(lib, clip, capsys) == ["our red wall"]  # captions
    assert main(["similar", clip, "--library", str(lib), "--json"]) == 0  # similar: clips like that moment
    assert [r["path"] for r in json.loads(capsys.readouterr().out)] == [str(videos / "blue.mp4")]
    assert main(["note", clip, "a red brick", "--library", str(lib)]) == 0  # note: added to that moment
    assert capsys.readouterr().out == f"Note added to {clip}.\n"
    assert _listed_on(lib, f"{videos / 'red.mp4'}@1", capsys) == ["a red brick", "our red wall"]
