"""A time typed with its units, as players and links write it (``clip.mp4@65s``, ``@1m05s``,
``--min-duration 90s``), was refused ("'65s' ... is not a time in the clip"): a new user's first
guess at a time. It reads as the same seconds now; a time that is none (``1m75s``, ``65x``, ``-5s``)
is still refused (s57 j.md)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from core.cli import build_parser
from core.clirefs import parse_time, split_clip_ref
from core.errors import SeekframeError
from tests.cli_run import run_cli


@pytest.mark.parametrize("text,seconds", [("65s", 65), ("1m5s", 65), ("1m05s", 65), ("2m", 120), ("1h2m3s", 3723),
                                          ("1.5s", 1.5), ("90s", 90), ("1:05", 65), ("75", 75)])
def test_a_time_with_units_is_its_seconds(text, seconds):
    assert parse_time(text) == seconds
    assert split_clip_ref(f"/v/beach.mp4@{text}") == ("/v/beach.mp4", seconds)


@pytest.mark.parametrize("text", ["1m75s", "1h60m", "65x", "-5s", "s", "m", "0m75s", "0h75m", "1h75s", "0:75"])
def test_a_time_that_is_none_is_still_refused(tmp_path, text):
    with pytest.raises(ValueError):
        parse_time(text)
    (clip := tmp_path / "beach.mp4").write_bytes(b"")  # (a file that is there: its "@..." is a time, or wrong)
    with pytest.raises(SeekframeError, match="is not a time in the clip"):
        split_clip_ref(f"{clip}@{text}")


def test_a_duration_filter_takes_units():
    args = build_parser().parse_args(["search", "dog", "--min-duration", "90s", "--max-duration", "2m"])
    assert (args.min_duration, args.max_duration) == (90, 120)


def test_captions_of_a_moment_named_with_units(noted_library, capsys):
    videos, lib = noted_library
    code, out, err = run_cli(capsys, "captions", f"{videos / 'red.mp4'}@1s", "--library", lib)
    assert code == 0 and "our red wall" in out, out + err


@pytest.mark.parametrize("text", ["1m75s", "0m75s", "1:75", "0:75"])
def test_a_part_past_59_is_refused_saying_why(capsys, text):
    """``0m75s`` read as 75 s where ``1m75s`` and ``0:75`` were refused; each is refused now (a
    minute written before them, 0 or not: a typo, 1m57s meant?), saying the rule, not the plain
    "not a duration" left to guess; ``75s`` and ``75`` stay 75 s."""
    with pytest.raises(SystemExit):
        build_parser().parse_args(["search", "dog", "--min-duration", text])
    err = capsys.readouterr().err
    assert f"{text!r} is not a duration: a minute or second after a larger unit stops at 59" in err, err
    with pytest.raises(SeekframeError, match="stops at 59"):  # (a clip's time: said so, not taken for a name)
        split_clip_ref(f"/nowhere/beach.mp4@{text}")
    assert build_parser().parse_args(["search", "dog", "--min-duration", "75s"]).min_duration == 75


@pytest.mark.parametrize("text,seconds", [("30", 1800), ("0.5", 30), ("90s", 90), ("45m", 2700), ("1h30m", 5400),
                                          ("2h", 7200)])
def test_wait_takes_the_units_the_other_times_take(text, seconds):
    """``--wait`` took a plain number of minutes only, where every other time takes ``90s`` or
    ``1m05s``: ``--wait 90s`` was refused. Units read through the same parser now; a plain number
    stays minutes, as its help and the nightly job's example say."""
    assert build_parser().parse_args(["index", "/v", "--wait", text]).wait == seconds


@pytest.mark.parametrize("text,said", [("1m75s", "is not a time to wait: a minute or second after a larger unit "
                                                  "stops at 59"),
                                       ("-1", "a number of minutes"), ("8d", "or with units: 90s, 1h30m")])
def test_wait_refuses_a_time_that_is_none_saying_why(capsys, text, said):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["index", "/v", "--wait", text])
    assert said in capsys.readouterr().err


def test_a_notes_span_names_the_moment_starting_there(tmp_path):
    """fr_2 #2: FILE@START-END, as `captions` and "Note added to" print a note's span, was "not a time in the
    clip" everywhere but `note --remove`; it names the moment starting at START, even where START is printed
    a little before that moment's start (to the millisecond: 4.033 for 4.0333), not the moment before."""
    from core.clirefs import moment_at
    from core.note_removal import span_text

    moments = [SimpleNamespace(start=a, end=b) for a, b in ((0.0, 4.0333), (4.0333, 8.0667), (8.0667, 12.1))]
    for m in moments:
        path, at = split_clip_ref(f"/v/my clip.mp4@{span_text(m.start, m.end)}")
        assert path == "/v/my clip.mp4" and moment_at(moments, at) is m, (span_text(m.start, m.end), at)
    (clip := tmp_path / "beach.mp4").write_bytes(b"")
    with pytest.raises(SeekframeError, match="is not a time in the clip"):
        split_clip_ref(f"{clip}@0:08-0:04")  # (no span: its end before its start)
