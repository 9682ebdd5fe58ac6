"""A video whose re-embed (``seekframe index --reindex A`` on the library's own model) failed on its
content kept its earlier moments and its folder's record (``core.reembed_record``), so every later
plain ``seekframe index`` (the window's re-scan, Finish indexing) decoded it again, failed again and
said "the next index tries it again", and ``seekframe status`` said it waited for an interrupted
--reindex. Its failure is recorded now (``core.reembed_failed``): later plain runs pass it over, as
they pass over a video that failed at its first index, until its file changes, the user asks
(``--reindex A`` again, ``--retry-failed``), or, a failure of the moment, ``failure_retry.TRIES`` runs
in all; status says why it stays on its earlier moments."""

from __future__ import annotations

import io
import json
import os
from contextlib import redirect_stdout
from pathlib import Path

from core import service
from core.library import VideoLibrary
from tests.decode_blips import BROKEN, EIO, decode
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_video


def _run(tmp_path, reindex=False, **options) -> tuple[list, list[str], dict]:
    """One run over videos (A)  with the test's decoder: its events, the files it decoded, {name: (status, epoch)}."""
    (tmp_path / "opened").write_text("")
    with VideoLibrary(tmp_path / "lib") as lib:
        run = service.IndexRun(lib, ColourMeanEncoder(), [str(tmp_path / "videos")], reindex=reindex,
                               two_pass=False, decode_fn=decode, file_timeout_s=20.0, **options)
        events = list(run.events())
        videos = {Path(v.path).name: (v.status, v.epoch) for v in lib.video_table.all()}
    assert events[-1].kind == "finished", events[-1]
    return events, (tmp_path / "opened").read_text().split(), videos


def _library(tmp_path, bad="broken.mp4"):
    """videos' good.mp4 and ``bad`` indexed, then a ``--reindex`` of it in which ``bad`` fails."""
    a = tmp_path / "videos"
    write_video(a / "good.mp4", [Segment(2, "red")], fps=10)
    write_video(a / "plain.mp4", [Segment(2, "green")], fps=10)  # (indexed as `bad`, then renamed: decode fails it)
    _run(tmp_path)
    os.rename(a / "plain.mp4", a / bad)
    first = _run(tmp_path)[2]
    assert first[bad][0] == "done", first  # (found moved: its moments kept, nothing decoded)
    events, opened, videos = _run(tmp_path, reindex=True)
    assert sorted(opened) == sorted(["good.mp4", bad]) and videos[bad] == first[bad], (opened, videos)
    return events, first


def _status(tmp_path) -> dict:
    from core.cli_status import print_library_status

    out = io.StringIO()
    with VideoLibrary(tmp_path / "lib", read_only=True) as lib, redirect_stdout(out):
        print_library_status(lib, as_json=True)
    return json.loads(out.getvalue())


def _status_text(tmp_path) -> str:
    from core.cli_status import print_library_status

    out = io.StringIO()
    with VideoLibrary(tmp_path / "lib", read_only=True) as lib, redirect_stdout(out):
        print_library_status(lib, as_json=False)
    return out.getvalue()


def test_a_video_whose_reembed_fails_on_its_content_is_not_decoded_by_every_plain_run(tmp_path):
    reindexed, before = _library(tmp_path)
    for _ in range(2):  # (the parent decoded it in each plain run, and failed it again)
        events, opened, videos = _run(tmp_path)
        assert opened == [] and videos["broken.mp4"] == before["broken.mp4"], (opened, videos)
        assert events[0].summary["reembed_held"] == 1 and events[-1].failed[0][1].startswith(BROKEN), events[-1]
    [(path, reason)] = reindexed[-1].failed
    assert path.endswith("broken.mp4") and reason.startswith(BROKEN), reindexed[-1].failed
    assert "--retry-failed" in reason and "next index tries it again" not in reason, reason
    assert events[-1].failed == reindexed[-1].failed  # (said as a failed video passed over is)
    st = _status(tmp_path)
    assert st["reembed_waiting"] == {} and len(st["reembed_failed"]) == 1, st
    assert st["reembed_failed"][0]["path"].endswith("broken.mp4") and st["reembed_failed"][0]["reason"] == BROKEN
    said = _status_text(tmp_path)
    assert "interrupted --reindex" not in said, said
    assert (f"1 video of {tmp_path / 'videos'} could not be embedded again, so it is searched with its earlier "
            f"moments: {BROKEN}. It is not tried again until its file changes") in said and "--retry-failed" in said


def test_its_file_changed_it_is_tried_again(tmp_path):
    _, before = _library(tmp_path)
    bad = tmp_path / "videos" / "broken.mp4"
    st = os.stat(bad)
    os.utime(bad, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    events, opened, videos = _run(tmp_path)
    assert opened == ["broken.mp4"], opened  # (its failure recorded again, for its file as it is now)
    assert _run(tmp_path)[1] == []


def test_the_user_asks_it_is_tried_again(tmp_path):
    _library(tmp_path)
    assert _run(tmp_path, reindex_failed=True)[1] == ["broken.mp4"]  # (seekframe index --retry-failed)
    assert _run(tmp_path)[1] == []
    assert sorted(_run(tmp_path, reindex=True)[1]) == ["broken.mp4", "good.mp4"]  # (--reindex A again)
    assert _run(tmp_path)[1] == []


def test_a_failure_of_the_moment_is_tried_again_and_embedded_once_it_reads(tmp_path):
    (tmp_path / "blip").touch()
    events, before = _library(tmp_path, bad="flaky.mp4")
    assert events[-1].failed[0][1].startswith(EIO), events[-1].failed
    st = _status(tmp_path)
    assert st["reembed_waiting"] == {str(tmp_path / "videos"): 1} and st["reembed_failed"] == [], st
    assert st["reembed_again"] == [{"path": str(tmp_path / "videos" / "flaky.mp4"), "reason": EIO}], st
    said = _status_text(tmp_path)  # (the parent: only "waits to be embedded again (an interrupted --reindex)")
    assert (f"Of those, 1 video failed its last try, perhaps a failure of the moment: {EIO}. The next `seekframe "
            f"index` tries it again (in up to 3 runs in all).") in said, said
    assert _run(tmp_path)[1] == ["flaky.mp4"]  # (the share still blips)
    assert f"{EIO} (in 2 runs)" in str(_status(tmp_path)["reembed_again"])
    (tmp_path / "blip").unlink()
    events, opened, videos = _run(tmp_path)
    assert opened == ["flaky.mp4"] and videos["flaky.mp4"][1] > before["flaky.mp4"][1], (opened, videos)
    st = _status(tmp_path)
    assert st["reembed_waiting"] == {} and st["reembed_failed"] == st["reembed_again"] == [], st
    with VideoLibrary(tmp_path / "lib", read_only=True) as lib:
        assert not {"unfinished_reembed", "reembed_failed"} & set(lib.meta.settings.other or {})


def held_after_its_last_try(tmp_path) -> None:
    """videos' flaky.mp4, whose re-embed fails with a read error of the moment, in ``failure_retry.TRIES``
    runs: held now until its file changes."""
    (tmp_path / "blip").touch()
    _library(tmp_path, bad="flaky.mp4")
    for _ in range(2):  # (the share still blips: its second and third try)
        assert _run(tmp_path)[1] == ["flaky.mp4"]
    assert _run(tmp_path)[1] == []


def test_after_its_last_try_status_says_the_runs_once(tmp_path):
    """status and --json said the recorded reason raw inside their own sentence ("… (in 3 runs; not tried
    again until the file changes). It is not tried again until its file changes …"); the window's
    tooltip: tests/app/test_reembed_failed_said.py."""
    held_after_its_last_try(tmp_path)
    st = _status(tmp_path)
    assert st["reembed_again"] == [], st
    assert st["reembed_failed"] == [{"path": str(tmp_path / "videos" / "flaky.mp4"), "reason": f"{EIO} (in 3 runs)"}], st
    said = _status_text(tmp_path)
    assert (f"so it is searched with its earlier moments: {EIO} (in 3 runs). It is not tried again until its file "
            "changes: `seekframe index --retry-failed` tries it again.") in said, said
    assert said.count("not tried again") == 1, said


class _OtherModel(ColourMeanEncoder):
    model_id = "fake-other0123456"


def test_after_a_model_switch_a_video_that_fails_is_a_failed_video_not_decoded_by_every_run(tmp_path):
    """A switch takes the old vectors away: a video whose embedding with the new model fails is a failed
    video (``core.failure_retry``), not one on earlier moments; it was already passed over (pinned here)."""
    _library(tmp_path)

    def run(encoder, **options) -> list[str]:
        (tmp_path / "opened").write_text("")
        with VideoLibrary(tmp_path / "lib") as lib:
            events = list(service.IndexRun(lib, encoder, [str(tmp_path / "videos")], two_pass=False,
                                           decode_fn=decode, file_timeout_s=20.0, **options).events())
            videos = {Path(v.path).name: (v.status, v.error) for v in lib.video_table.all()}
        assert events[-1].kind == "finished", events[-1]
        return (tmp_path / "opened").read_text().split(), videos

    opened, videos = run(_OtherModel(), reindex=True)
    assert sorted(opened) == ["broken.mp4", "good.mp4"] and videos["broken.mp4"] == ("failed", BROKEN), videos
    assert run(_OtherModel())[0] == []
    st = _status(tmp_path)
    assert st["reembed_failed"] == [] and [f["reason"] for f in st["failed"]] == [BROKEN], st


def test_several_are_said_by_name_with_why():
    from core.reembed_failed import held_text

    held = [(f"/v/A/{n}.mp4", BROKEN) for n in "abcd"]
    said = held_text(held[:2], folders=["/v/A", "/v"])
    assert said.startswith(f"2 videos of /v/A could not be embedded again, so they are searched with their earlier "
                           f"moments: a.mp4: {BROKEN}; b.mp4: {BROKEN}. They are not tried again until their files "
                           f"change"), said
    assert f"c.mp4: {BROKEN} and 1 more." in held_text(held, folders=["/v/A"])


def test_forgetting_the_folder_drops_its_reembed_records(tmp_path):
    """Nothing dropped the folder's entries of the --reindex's record, its process and its failed videos
    when the folder was forgotten: stale in library.json for good (rv_1 finding 5)."""
    from core import reembed_failed, reembed_record
    from core.forgetting import forget_folder

    (tmp_path / "other").mkdir()
    _library(tmp_path)
    with VideoLibrary(tmp_path / "lib") as lib:
        list(service.IndexRun(lib, ColourMeanEncoder(), [str(tmp_path / "other")], two_pass=False).events())
        other = lib.meta.settings.other
        assert {reembed_record.KEY, reembed_record.RUNS, reembed_failed.KEY} <= set(other), other
        forget_folder(lib, str(tmp_path / "videos"))
    with VideoLibrary(tmp_path / "lib", read_only=True) as lib:
        settings = lib.meta.settings
        assert settings.folders == [str(tmp_path / "other")], settings.folders
    assert not {reembed_record.KEY, reembed_record.RUNS, reembed_failed.KEY} & set(settings.other), settings.other


def test_a_forget_keeping_folders_inside_keeps_what_speaks_of_them():
    from core.library.meta import LibrarySettings
    from core.reembed_record import KEY, RUNS, forgotten_values

    failed = {"in": {"path": "/v/A/sub/a.mp4"}, "out": {"path": "/v/A/b.mp4"}, "else": {"path": "/v/B/c.mp4"}}
    settings = LibrarySettings(other={KEY: {"/v/A": 1.0, "/v/A/x": 2.0, "/v/B": 3.0}, RUNS: {"/v/A/x": {"pid": 1}},
                                      "reembed_failed": failed})
    assert forgotten_values(settings, "/v/A", kept=["/v/A/sub"]) == {  # (A's entry holds sub's videos: onto sub)
        KEY: {"/v/A/sub": 1.0, "/v/B": 3.0}, RUNS: None, "reembed_failed": {"in": failed["in"], "else": failed["else"]}}
    assert forgotten_values(settings, "/v/C") == {}
    # (a kept folder's own entry and run stay its own, at the latest start; a video's entry names the kept folder)
    settings = LibrarySettings(other={KEY: {"/v/A": 5.0, "/v/A/sub": 2.0, "/v/A/two/c.mp4": 1.0},
                                      RUNS: {"/v/A": {"pid": 1}, "/v/A/sub": {"pid": 2},
                                             "/v/A/two/c.mp4": {"pid": 3, "folder": "/v/A"}}})
    assert forgotten_values(settings, "/v/A", kept=["/v/A/sub", "/v/A/two"]) == {
        KEY: {"/v/A/sub": 5.0, "/v/A/two": 5.0, "/v/A/two/c.mp4": 1.0},
        RUNS: {"/v/A/sub": {"pid": 2}, "/v/A/two": {"pid": 1}, "/v/A/two/c.mp4": {"pid": 3, "folder": "/v/A/two"}}}


def test_a_video_moved_later_into_a_folder_whose_only_waiting_video_is_held_is_not_embedded_again(tmp_path):
    """A video broken for good kept its folder's record for good (``reembed_record.finished_values``), so
    an older video moved into that folder later was due: status said it waited for "an interrupted
    --reindex", and the next plain run embedded it again (rv_1 finding 5)."""
    older = tmp_path / "elsewhere"
    write_video(older / "blue.mp4", [Segment(2, "blue")], fps=10)
    with VideoLibrary(tmp_path / "lib") as lib:  # (indexed before the --reindex)
        events = list(service.IndexRun(lib, ColourMeanEncoder(), [str(older)], two_pass=False).events())
    assert events[-1].kind == "finished"
    _library(tmp_path)
    os.rename(older / "blue.mp4", tmp_path / "videos" / "blue.mp4")
    (tmp_path / "opened").write_text("")
    with VideoLibrary(tmp_path / "lib") as lib:
        events = list(service.IndexRun(lib, ColourMeanEncoder(), None, two_pass=False, decode_fn=decode,
                                       file_timeout_s=20.0).events())
        blue = [v for v in lib.video_table.all() if v.path.endswith("blue.mp4")]
    assert events[-1].kind == "finished" and [v.status for v in blue] == ["done"], (events[-1], blue)
    assert (tmp_path / "opened").read_text().split() == []  # (the parent: blue.mp4 embedded again)
    st = _status(tmp_path)
    assert st["reembed_waiting"] == {} and [Path(f["path"]).name for f in st["reembed_failed"]] == ["broken.mp4"], st
    bad = tmp_path / "videos" / "broken.mp4"
    os.utime(bad, ns=(os.stat(bad).st_atime_ns, os.stat(bad).st_mtime_ns + 5_000_000_000))
    assert _run(tmp_path)[1] == ["broken.mp4"]  # (its file changed: embedded again, failing again)
    st = _status(tmp_path)
    assert st["reembed_waiting"] == {} and [Path(f["path"]).name for f in st["reembed_failed"]] == ["broken.mp4"], st


def test_an_entry_narrowed_to_a_video_is_said_of_its_folder():
    from types import SimpleNamespace

    from core.library.meta import LibrarySettings
    from core.reembed_record import KEY, RUNS, waiting

    settings = LibrarySettings(folders=["/v/A"], other={KEY: {"/v/A/b.mp4": 5.0},
                                                        RUNS: {"/v/A/b.mp4": {"folder": "/v/A", "ended": "finished"}}})
    b = SimpleNamespace(path="/v/A/b.mp4", status="done", quick=False, indexed_at=1.0, offline=False)
    assert waiting(settings, [b]) == (("/v/A", 1),)  # (its file changed since its failure: it waits again)


def test_a_run_taking_a_narrowed_entry_over_keeps_its_folder():
    """Else, that run killed, the window's open resumed a run of the video's path as a folder of its own."""
    from types import SimpleNamespace

    from core.library.meta import LibrarySettings
    from core.reembed_record import KEY, RUNS, claim, runs

    lib = SimpleNamespace(meta=SimpleNamespace(settings=LibrarySettings(folders=["/v/A"], other={
        KEY: {"/v/A/b.mp4": 5.0}, RUNS: {"/v/A/b.mp4": {"folder": "/v/A", "ended": "finished"}}})))
    lib.update_settings = lambda **values: setattr(lib.meta, "settings", lib.meta.settings.updated(**values))
    assert claim(lib, ["/v/A"]) == ["/v/A/b.mp4"]
    taken = runs(lib.meta.settings)["/v/A/b.mp4"]
    assert taken["folder"] == "/v/A" and "ended" not in taken and taken["pid"] > 0, taken
