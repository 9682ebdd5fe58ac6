import pytest

from core.cli import build_parser, parse_time, split_clip_ref


@pytest.mark.parametrize("text,seconds", [("75", 75.0), ("75.5", 75.5), ("1:15", 75.0), ("0:01:15", 75.0), ("1:00:00", 3600.0)])
def test_parse_time(text, seconds):
    assert parse_time(text) == pytest.approx(seconds)


@pytest.mark.parametrize("bad", ["", "abc", "1:xx", "-3", "1::2"])
def test_parse_time_rejects(bad):
    with pytest.raises(ValueError):
        parse_time(bad)


def test_clip_ref_splits_seconds(tmp_path):
    f = tmp_path / "clip.mp4"
    f.write_bytes(b"x")
    assert split_clip_ref(f"{f}@12.5") == (str(f), 12.5)
    assert split_clip_ref(f"{f}@1:02") == (str(f), 62.0)
    assert split_clip_ref(str(f)) == (str(f), None)


def test_clip_ref_keeps_at_sign_in_real_names(tmp_path):
    f = tmp_path / "me@beach.mp4"
    f.write_bytes(b"x")
    assert split_clip_ref(str(f)) == (str(f), None)
    assert split_clip_ref(f"{f}@3") == (str(f), 3.0)


def test_parser_has_the_documented_commands():
    p = build_parser()
    args = p.parse_args(["search", "a dog", "-k", "5", "--json"])
    assert (args.query, args.k, args.json) == ("a dog", 5, True)
    args = p.parse_args(["index", "a", "b", "--library", "/tmp/x", "--model", "m"])
    assert args.paths == ["a", "b"] and args.library == "/tmp/x" and args.model == "m"
    for cmd in (["similar", "f@3"], ["captions", "f"], ["captions-import", "c.txt"], ["status", "--json"]):
        assert p.parse_args(cmd).func
