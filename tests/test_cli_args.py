import pytest

from core.cli import build_parser
from core.clirefs import parse_time, split_clip_ref


@pytest.mark.parametrize("text,seconds", [("75", 75.0), ("75.5", 75.5), ("1:15", 75.0), ("0:01:15", 75.0), ("1:00:00", 3600.0),
                                          ("90:30", 5430.0), ("1:59.5", 119.5)])
def test_parse_time(text, seconds):
    assert parse_time(text) == pytest.approx(seconds)


@pytest.mark.parametrize("bad", ["", "abc", "1:xx", "-3", "1::2", "1:99", "1:60", "0:75:00"])
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


# -- issue 11, point 8: `seekframe --library DIR [--model M]` opens the app ----------------------
class _FakeEntryPoint:
    def __init__(self, target):
        self.target = target

    def load(self):
        if isinstance(self.target, Exception):
            raise self.target
        return self.target


def _fake_gui(monkeypatch, target):
    from importlib import metadata

    monkeypatch.setattr(metadata, "entry_points",
                        lambda group: [_FakeEntryPoint(target)] if group == "seekframe.gui" else [])


@pytest.mark.parametrize("argv", [[], ["--library", "/tmp/lib"], ["--library", "/tmp/lib", "--model", "m"],
                                  ["--model", "openai/clip-vit-base-patch32"]])
def test_plain_seekframe_with_library_and_model_launches_the_app_with_them(monkeypatch, argv):
    from core.cli import main

    seen = []
    _fake_gui(monkeypatch, lambda a: seen.append(list(a)) or 0)
    assert main(argv) == 0
    assert seen == [argv]


def test_app_main_parses_what_the_launcher_passes():
    pytest.importorskip("PySide6")
    from app.main import parse_args

    args, qt = parse_args(["--library", "/tmp/lib", "--model", "m"])
    assert (args.library, args.model, qt) == ("/tmp/lib", "m", [])


def test_an_app_that_cannot_start_says_so(monkeypatch, capsys):
    from core.cli import main

    _fake_gui(monkeypatch, ImportError("No module named 'PySide6'"))
    assert main(["--library", "/tmp/lib"]) == 2
    err = capsys.readouterr().err
    assert "desktop app cannot start" in err and "PySide6" in err and "Traceback" not in err


def test_options_before_a_command_apply_to_it(tmp_path, capsys):
    from core.cli import main

    lib = tmp_path / "nowhere"
    assert main(["--library", str(lib), "status"]) == 2
    assert f"No library at {lib}" in capsys.readouterr().err
    assert main(["--model", "m", "status"]) == 2
    assert "--model does not apply to `seekframe status`" in capsys.readouterr().err


# -- point 10: help, --version, arguments checked before anything loads --------------------------
def _subparsers(parser):
    import argparse

    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return action.choices


def test_version_prints_the_engine_version(capsys):
    import core
    from core.cli import main

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"seekframe {core.__version__}"


def test_every_argument_has_a_description_and_every_command_examples():
    import argparse

    parser = build_parser()
    assert "examples:" in parser.epilog and "exit codes" in parser.epilog
    for name, sp in _subparsers(parser).items():
        assert "examples:" in (sp.epilog or ""), name
        assert sp.formatter_class is argparse.RawDescriptionHelpFormatter
        for action in sp._actions:
            if not isinstance(action, argparse._HelpAction):
                assert action.help, (name, action.dest)
    help_text = _subparsers(parser)["search"].format_help()
    assert "how many moments to list" in help_text and "print the results as JSON" in help_text
    assert '"a dog catching a frisbee' in help_text  # the query's description and an example


def test_model_and_device_help_says_the_defaults_taken(monkeypatch, tmp_path):
    """--model's help said 'the library's own model' alone, though a new library gets one too, and
    --device's 'the best available' left out $SEEKFRAME_DEVICE, which comes first: each default the
    help names is the one taken."""
    from core.encoders.encoder import pick_device
    from core.model_choice import bundled_real_model, default_model

    help_text = " ".join(_subparsers(build_parser())["index"].format_help().split())
    assert "a new library gets the newest exported student, else the bundled real-footage model" in help_text
    assert "default: $SEEKFRAME_DEVICE, else a CUDA GPU" in help_text
    monkeypatch.setenv("SEEKFRAME_MODELS", str(tmp_path / "no-students"))
    assert default_model(tmp_path / "new-library") == bundled_real_model()
    monkeypatch.setenv("SEEKFRAME_DEVICE", "cpu")
    assert pick_device(None).type == "cpu"


@pytest.mark.parametrize("argv,message", [
    (["search", "x", "--after", "2024-13-01"], "is not a date"),
    (["search", "x", "--before", "yesterday"], "is not a date"),
    (["search", "x", "-k", "0"], "is not a number of results"),
    (["search", "x", "-k", "many"], "is not a number of results"),
    (["search", "x", "--min-duration", "nan"], "is not a duration"),
    (["search", "x", "--min-duration", "10", "--max-duration", "5"], "nothing could match"),
    (["search", "x", "--after", "2024-06-01", "--before", "2024-01-01"], "nothing could match"),
    (["index", "--window", "0"], "more than 0 seconds"),
    (["similar", "/v/a.mp4@nan"], "not a time in the clip"),
    (["note", "/v/a.mp4@3", "   "], "a note needs some text"),
])
def test_bad_arguments_exit_2_with_a_message_before_any_model(monkeypatch, capsys, argv, message):
    import core.cli
    from core.cli import main

    def no_load(*a, **k):
        raise AssertionError("the model was loaded before the arguments were checked")

    monkeypatch.setattr(core.cli, "_load_encoder", no_load)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err, err
    assert f"seekframe {argv[0]}: error:" in err, err  # the command's own usage and name


def test_minutes_work_for_durations():
    args = build_parser().parse_args(["search", "x", "--min-duration", "1:30", "--max-duration", "120"])
    assert (args.min_duration, args.max_duration) == (90.0, 120.0)


def test_a_bad_date_exits_at_once_without_importing_torch_or_lancedb(tmp_path):
    import subprocess
    import sys
    import time
    from pathlib import Path

    probe = ("import sys; from core.cli import main; code = main(sys.argv[1:]); "
             "print(sorted(m for m in ('lancedb', 'torch', 'transformers', 'cv2') if m in sys.modules)); "
             "sys.exit(code)")
    t0 = time.monotonic()
    r = subprocess.run([sys.executable, "-c", probe, "search", "a dog", "--after", "2024-02-30",
                        "--library", str(tmp_path / "lib")],
                       capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent, timeout=120)
    elapsed = time.monotonic() - t0
    assert r.returncode == 2 and "is not a date" in r.stderr, r.stderr
    assert r.stdout.strip() == "[]", f"imported before refusing: {r.stdout}"
    assert elapsed < 10, elapsed  # well under a second on a quiet machine; generous when loaded


def test_index_ray_takes_an_address_or_gives_a_path_back():
    from core.cli_args import ray_address

    def address(*argv):
        args = build_parser().parse_args(["index", *argv])
        return ray_address(args), args.paths

    assert address("/v") == (None, ["/v"])  # no --ray: local
    assert address("/v", "--ray") == ("", ["/v"])  # start a local Ray instance
    assert address("--ray", "/v") == ("", ["/v"])  # argparse took the folder as the address
    assert address("--ray", "auto", "/v") == ("auto", ["/v"])
    assert address("/v", "--ray", "10.0.0.2:6379") == ("10.0.0.2:6379", ["/v"])
    assert address("/v", "--ray=ray://head:10001") == ("ray://head:10001", ["/v"])


@pytest.mark.parametrize("query", ["", "   "])
def test_an_empty_search_asks_what_to_look_for(query, capsys):
    from core.cli import main

    assert main(["search", query]) == 2
    err = capsys.readouterr().err
    assert "seekframe search: error: say what to look for" in err and "usage: seekframe search" in err, err


def test_a_caption_file_that_is_no_regular_file_is_said_so(tmp_path):
    from core.cli_args import check_caption_file
    from core.errors import SeekframeError

    with pytest.raises(SeekframeError, match="is not a regular file"):
        check_caption_file("/dev/null")
    with pytest.raises(SeekframeError, match="does not exist"):
        check_caption_file(tmp_path / "none.csv")


def test_demo_into_a_file_says_a_file_is_in_the_way(tmp_path, capsys):
    from core.cli import main

    (tmp_path / "taken").write_text("x")
    assert main(["demo", "--out", str(tmp_path / "taken")]) == 2
    assert "a file is in the way" in capsys.readouterr().err


def test_a_folder_or_nothing_given_as_a_clip_is_said_so(tmp_path):
    from core.clirefs import video_for
    from core.errors import SeekframeError
    from core.library import VideoLibrary

    with VideoLibrary(tmp_path / "lib") as library:
        with pytest.raises(SeekframeError, match="is a folder: name a video in it"):
            video_for(library, str(tmp_path))
        with pytest.raises(SeekframeError, match="Name a video of the library"):
            video_for(library, "  ")
        with pytest.raises(SeekframeError, match="is not in the library"):
            video_for(library, str(tmp_path / "x.mp4"))


def test_a_relative_seekframe_library_is_named_in_full_and_said_to_be_relative(tmp_path, capsys, monkeypatch):
    # SEEKFRAME_LIBRARY=mylib: each working folder has a library of its own; from another one the
    # user's library looked lost ("No library at mylib"), and `seekframe index` made an empty one there
    from core.cli import main

    monkeypatch.setenv("SEEKFRAME_LIBRARY", "mylib")
    monkeypatch.chdir(tmp_path)
    assert main(["status"]) == 2
    err = capsys.readouterr().err
    assert f"No library at {tmp_path / 'mylib'} (SEEKFRAME_LIBRARY=mylib is relative" in err
    assert main(["index"]) == 2  # nothing to re-scan: says so, and makes no library
    err = capsys.readouterr().err
    assert "No folders to index" in err and str(tmp_path / "mylib") in err
    assert not (tmp_path / "mylib").exists()


def test_captions_import_help_names_every_column_the_reader_takes():
    """The help named four caption columns and five video columns of the six and six the reader
    takes (enCap, videoID left out): it lists the reader's own (core.caption_files)."""
    from core.caption_files import TEXT_KEYS, VIDEO_KEYS

    text = " ".join(_subparsers(build_parser())["captions-import"].format_help().split())
    assert all(key in text for key in TEXT_KEYS + VIDEO_KEYS), text


@pytest.mark.parametrize("typed", [
    ["note", "--library", "sunset", "/v/two.mp4", "--remove", "sunset"],  # (a library folder named as the note)
    ["note", "--lib", "sunset", "/v/two.mp4", "sunset", "--remove"],
    ["--library", "sunset", "note", "/v/two.mp4", "--remove", "sunset", "-v"],
    ["note", "/v/two.mp4", "--remove", "the", "sunset", "--library", "the sunset"],
    ["note", "--library", "L", "/v/two.mp4", "--r", "sunset"],  # (--remove abbreviated as argparse takes it)
    ["note", "--re", "/v/two.mp4", "sunset", "--lib", "L", "-v"],
    ["note", "/v/two.mp4", "--remove", "--library", "L", "--", "-x"],  # (words that start with "-")
])
def test_the_removal_line_to_paste_keeps_every_options_value(typed):
    """`note FILE --remove WORDS`'s advice (which moment's note?) is the line as typed, the clip given its
    @TIME and the words put after --remove once. The words were looked for from the word after `note` + 1,
    so an option's value that read as the note's was taken out instead: `note --library sunset two.mp4
    --remove sunset` gave `note --library two.mp4@0:04 --remove sunset sunset`, the clip pasted as the
    library. And it lost --library where --remove was typed `--r`/`--re`, or the line held `--` (words that
    start with "-": pasted, `-x` was taken for an option) (s59 rv_7 #4): it is built from the parsed
    arguments now. Parsed again, the line must give the same library, -v and words, and the moment's clip."""
    import shlex

    from core.cli_args import removal_line

    parser = build_parser()
    given = parser.parse_args(typed)
    line = removal_line(given, given.text, "0:04")
    again = parser.parse_args(shlex.split(line)[1:])
    library = given.library or given.gui_library
    assert (again.library or again.gui_library, again.clip, again.text, again.remove, again.verbose) == (
        library, f"{given.clip}@0:04", given.text, True, given.verbose), line


def test_a_process_builds_the_parser_once_a_thread(monkeypatch, capsys, tmp_path):
    """Each command of a process built the whole parser again (7 ms of a 55 ms ``status``: the test
    suite runs ~3 commands a test); now each thread builds it once."""
    import threading

    from core import cli, cli_args

    built = []
    real = cli_args.build_parser
    monkeypatch.setattr(cli_args, "build_parser", lambda *a: built.append(1) or real(*a))
    monkeypatch.setattr(cli, "_parsers", threading.local())
    assert cli.main(["--version"]) == 0
    assert cli.main(["search"]) == 2  # (a usage error: the query is missing)
    assert cli.main(["status", "--library", str(tmp_path / "none")]) != 0
    assert len(built) == 1
    other = threading.Thread(target=cli.main, args=(["--version"],))
    other.start()
    other.join()
    assert len(built) == 2  # (a parse writes on its parser: another thread gets its own)


@pytest.mark.parametrize("first", [
    ["search", "-x"],  # (an error that retries the command line with "--" to say how to give it)
    ["note", "/v/clip.mp4@3", "--remove", "the", "text"],  # (the intermixed parse: the text's nargs changed)
    ["search", "red", "car", "--folder", "/v", "-k", "3", "--json"],
    ["index", "--model", "m", "--reindex", "/v"],
    ["nosuchcommand"],
])
def test_a_parse_leaves_nothing_the_next_reads(first, capsys):
    """The parser a command used gives each next command line what a fresh one gives: its values,
    its defaults, its errors and their advice."""
    def parsed(parser, argv):
        try:
            args = vars(parser.parse_args(argv))
            args.pop("func", None)
        except SystemExit as exc:
            args = {"exit": exc.code}
        return args, capsys.readouterr()

    lines = [["search", "a", "dog", "-k", "2"], ["search", "-x"], ["note", "/v/clip.mp4@1", "Rex"],
             ["note", "/v/clip.mp4@1", "--remove"], ["similar", "/v/clip.mp4@1", "--folder", "/w"],
             ["status"], ["index"], ["search"]]
    used = build_parser()
    parsed(used, first)
    for argv in lines:
        assert parsed(used, argv) == parsed(build_parser(), argv), argv
