"""`seekframe note FILE --remove WORDS` (no @TIME: the whole video's note) removed, where no note on the
whole video had those words, every one of its moments' notes that had them ("2 notes removed from FILE:
"sunset" (@0:00), "sunset" (@0:04)"): a user who wrote the same words on two moments and meant one lost
both, with no way back (s58 stop list). It removes nothing now and says which moments have them, with the
line that removes each (FILE@TIME, --library kept); words on one moment alone are still removed so."""

from __future__ import annotations

import shlex

from core.cli import main
from tests.test_note_remove import _notes, _remove
from tests.videos import Segment, write_video


def test_words_on_several_moments_are_removed_from_the_moment_named(tmp_path, capsys, colour_model):
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    two = videos / "two.mp4"
    write_video(two, [Segment(4, "red"), Segment(4, "green")])  # (two moments: 0-4 s, 4-8 s)
    assert main(["index", str(videos), "--library", str(lib), "--model", colour_model, "-q"]) == 0
    for at in ("1", "5"):
        assert main(["note", f"{two}@{at}", "sunset", "--library", str(lib)]) == 0
    assert main(["note", f"{two}@1", "a red wall", "--library", str(lib)]) == 0
    capsys.readouterr()

    assert _remove(lib, str(two), "--remove", "sunset") == 2
    err = capsys.readouterr().err
    assert (f'{two} has no note "sunset" on the whole video, and 2 of its moments have one: @0:00, @0:04. '
            "Nothing was removed. Say which moment's to remove:") in err, err
    lines = [line.strip() for line in err.splitlines() if line.strip().startswith("seekframe note ")]
    assert [shlex.split(line)[2] for line in lines] == [f"{two}@0:00", f"{two}@0:04"], err
    assert sorted(t for t, _ in _notes(lib)) == ["a red wall", "sunset", "sunset"]  # (parent: both sunsets gone)

    words = shlex.split(lines[1])
    assert words[words.index("--library") + 1] == str(lib) and main(words[1:]) == 0  # (pasted: that moment's)
    assert _notes(lib) == [("a red wall", 0.0), ("sunset", 0.0)]
    assert _remove(lib, str(two), "--remove", "sunset") == 0  # (on one moment alone: removed, as before)
    assert f'Note removed from {two}: "sunset".' in capsys.readouterr().out
    assert _notes(lib) == [("a red wall", 0.0)]


def test_notes_a_longer_reindex_put_on_one_moment_are_each_removed_by_their_own_line(tmp_path, capsys, colour_model):
    """Notes keep the span they were written on: after `index --reindex --window 8` over notes written at
    --window 4, one moment holds two of them. Its FILE@TIME --remove WORDS removed nothing (the "several
    moments" refusal, of a moment's clip, offering the same line twice), and so did FILE --remove WORDS,
    whose lines were those: a dead end. Then (2e808265) the moment's line removed both: `@0:04`, typed for
    the note written at 0:04, removed the one written at 0:00 too, with no line for one alone (s59 rv_7 #2).
    A time inside one note's own span names that note now, and the whole video's refusal offers a line
    for each note that removes it alone."""
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    three = videos / "three.mp4"
    write_video(three, [Segment(4, "red"), Segment(4, "green"), Segment(4, "blue")])
    index = ["index", str(videos), "--library", str(lib), "--model", colour_model, "-q"]
    assert main([*index, "--window", "4"]) == 0
    for at in ("1", "5", "9"):
        assert main(["note", f"{three}@{at}", "sunset", "--library", str(lib)]) == 0
    assert main([*index, "--window", "8", "--reindex"]) == 0  # (moments 0-8 s, 8-12 s)
    capsys.readouterr()

    assert _remove(lib, str(three), "--remove", "sunset") == 2
    err = capsys.readouterr().err
    lines = [line.strip() for line in err.splitlines() if line.strip().startswith("seekframe note ")]
    assert [shlex.split(line)[2] for line in lines] == [f"{three}@0:00", f"{three}@0:04", f"{three}@0:08"], err
    assert "removes both" not in err, err
    assert "and 2 of its moments have 3 in all: @0:00, @0:04, @0:08." in err, err  # (moments, not lines: parent 3)
    assert len(_notes(lib)) == 3

    words = shlex.split(lines[0])
    assert main(words[1:]) == 0, capsys.readouterr().err  # (pasted: the note written at 0:00 alone)
    assert f'Note removed from {three}@0:00: "sunset".' in capsys.readouterr().out
    assert _notes(lib) == [("sunset", 4.0), ("sunset", 8.0)]
    assert _remove(lib, f"{three}@0:06", "--remove", "sunset") == 0  # (the one written on 0:04-0:08: its own)
    assert _notes(lib) == [("sunset", 8.0)]


def _longer_note_then_a_shorter_ones(tmp_path, colour_model):
    """(two.mp4, library): "sunset" written on 0-8 s at --window 8, then `--reindex --window 4` and "sunset"
    written on the 4-8 s moment: both notes' spans hold every time in 4-8 s."""
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    two = videos / "two.mp4"
    write_video(two, [Segment(4, "red"), Segment(4, "green")])
    index = ["index", str(videos), "--library", str(lib), "--model", colour_model, "-q"]
    assert main([*index, "--window", "8"]) == 0
    assert main(["note", f"{two}@5", "sunset", "--library", str(lib)]) == 0  # (on 0-8 s)
    assert main([*index, "--window", "4", "--reindex"]) == 0
    assert main(["note", f"{two}@5", "sunset", "--library", str(lib)]) == 0  # (on 4-8 s)
    return two, lib


def test_the_windows_removal_takes_the_note_of_its_own_span_not_a_longer_ones_of_the_same_words(
        tmp_path, colour_model):
    """The window removes the note the user picked by that note's own span. After a `--reindex --window 4`,
    a note written at --window 8 (0-8 s) overlaps the new 4-8 s moment, so a note "sunset" written there
    since had a twin of the same words on its span: the window's removal of the new one refused (with the
    CLI's "which moment?" words) or, without that refusal, removed both. It removes the one picked."""
    from core.library import VideoLibrary
    from core.note_removal import remove_clip_note

    two, lib = _longer_note_then_a_shorter_ones(tmp_path, colour_model)
    assert _notes(lib) == [("sunset", 0.0), ("sunset", 4.0)]

    with VideoLibrary(lib) as library:
        video = next(iter(library.video_table.all()))
        said = remove_clip_note(library, None, video.video_id, "sunset", 4.0, 8.0, "two.mp4 (0:04–0:08)")
    assert said == 'Note removed from two.mp4 (0:04–0:08): "sunset".', said
    assert _notes(lib) == [("sunset", 0.0)]


def test_notes_no_time_tells_apart_are_named_by_their_span_and_never_removed_together_unsaid(
        tmp_path, capsys, colour_model):
    """A note written on 0-8 s at --window 8, then `--reindex --window 4` and the same words on the 4-8 s
    moment: every time in 4-8 s is inside both notes' spans. `note FILE@0:05 --remove sunset` removed both
    without a word (s59 rv_7 #2), and no line removed the newer one alone. It removes nothing now and
    offers each note's line by its own span (FILE@START-END), which removes that note alone."""
    two, lib = _longer_note_then_a_shorter_ones(tmp_path, colour_model)
    capsys.readouterr()

    assert _remove(lib, f"{two}@0:05", "--remove", "sunset") == 2
    err = capsys.readouterr().err
    assert "0:00–0:08, 0:04–0:08. Nothing was removed." in err, err
    lines = [line.strip() for line in err.splitlines() if line.strip().startswith("seekframe note ")]
    assert [shlex.split(line)[2] for line in lines] == [f"{two}@0:00-0:08", f"{two}@0:04-0:08"], err
    assert _notes(lib) == [("sunset", 0.0), ("sunset", 4.0)]  # (the parent: both gone, exit 0)

    assert _remove(lib, f"{two}@0:04-0:07", "--remove", "sunset") == 2  # (no note's span: nothing removed)
    assert 'names no note\'s span; nothing was removed. Its moments\' notes: 0:00-0:08 "sunset", 0:04-0:08 ' \
        '"sunset".' in capsys.readouterr().err
    words = shlex.split(lines[1])
    assert words[words.index("--library") + 1] == str(lib) and main(words[1:]) == 0  # (pasted: the newer alone)
    assert _notes(lib) == [("sunset", 0.0)]
