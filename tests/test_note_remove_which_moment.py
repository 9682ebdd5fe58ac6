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


def test_notes_a_longer_reindex_put_on_one_moment_are_removed_by_that_moments_line(tmp_path, capsys, colour_model):
    """Notes keep the span they were written on: after `index --reindex --window 8` over notes written at
    --window 4, one moment holds two of them. Its FILE@TIME --remove WORDS removed nothing (the "several
    moments" refusal, of a moment's clip, offering the same line twice), and so did FILE --remove WORDS,
    whose lines were those: a dead end. The whole video's refusal offers one line a moment now, saying
    it removes both, and that line removes them."""
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
    assert f'{three} has no note "sunset" on the whole video, and 2 of its moments have one: @0:00, @0:08.' in err, err
    lines = [line.strip() for line in err.splitlines() if line.strip().startswith("seekframe note ")]
    assert [shlex.split(line)[2] for line in lines] == [f"{three}@0:00", f"{three}@0:08"], err
    assert "(removes both: that moment holds the ones written at @0:00, @0:04)" in err, err
    assert len(_notes(lib)) == 3

    words = shlex.split(lines[0])
    assert main(words[1:]) == 0, capsys.readouterr().err  # (pasted: the 0-8 s moment's two notes go)
    assert '2 notes removed from' in capsys.readouterr().out
    assert _notes(lib) == [("sunset", 8.0)]


def test_the_windows_removal_takes_the_note_of_its_own_span_not_a_longer_ones_of_the_same_words(
        tmp_path, colour_model):
    """The window removes the note the user picked by that note's own span. After a `--reindex --window 4`,
    a note written at --window 8 (0-8 s) overlaps the new 4-8 s moment, so a note "sunset" written there
    since had a twin of the same words on its span: the window's removal of the new one refused (with the
    CLI's "which moment?" words) or, without that refusal, removed both. It removes the one picked."""
    from core.library import VideoLibrary
    from core.note_removal import remove_clip_note

    videos, lib = tmp_path / "videos", tmp_path / "lib"
    two = videos / "two.mp4"
    write_video(two, [Segment(4, "red"), Segment(4, "green")])
    index = ["index", str(videos), "--library", str(lib), "--model", colour_model, "-q"]
    assert main([*index, "--window", "8"]) == 0
    assert main(["note", f"{two}@5", "sunset", "--library", str(lib)]) == 0  # (on 0-8 s)
    assert main([*index, "--window", "4", "--reindex"]) == 0
    assert main(["note", f"{two}@5", "sunset", "--library", str(lib)]) == 0  # (on 4-8 s)
    assert _notes(lib) == [("sunset", 0.0), ("sunset", 4.0)]

    with VideoLibrary(lib) as library:
        video = next(iter(library.video_table.all()))
        said = remove_clip_note(library, None, video.video_id, "sunset", 4.0, 8.0, "two.mp4 (0:04–0:08)")
    assert said == 'Note removed from two.mp4 (0:04–0:08): "sunset".', said
    assert _notes(lib) == [("sunset", 0.0)]
