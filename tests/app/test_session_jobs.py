"""The session's parts that need no Qt: the typed job queue (``app.jobs``) and the model-switch
state machine (``app.model_switch.ModelSwitch``)."""

from __future__ import annotations

from types import SimpleNamespace

from app.jobs import ForgetJob, IndexJob, JobQueue, SwitchJob, rest_after_removal
from app.run_words import retried_text, run_messages
from app.model_switch import READ_ONLY, REINDEX, SAME, USE, ModelSwitch, Phase


def test_plain_index_jobs_merge_prune_jobs_do_not():
    q = JobQueue()
    q.add(IndexJob(("/a",)))
    q.add(ForgetJob("/x"))
    q.add(IndexJob(("/b", "/a")))
    q.add(IndexJob(("/c",), prune=True))
    assert list(q) == [IndexJob(("/a", "/b")), ForgetJob("/x"), IndexJob(("/c",), prune=True)]
    q.add(IndexJob())  # every folder takes in the named ones
    assert list(q)[0] == IndexJob(None) and len(q) == 3


def test_index_jobs_wait_for_the_model_others_do_not():
    q = JobQueue()
    q.add(IndexJob(("/a",)))
    q.add(ForgetJob("/x"))
    assert q.take(has_model=False) is None and len(q) == 2
    assert q.take(has_model=True) == IndexJob(("/a",))
    assert q.take(has_model=False) == ForgetJob("/x")
    assert q.take(has_model=True) is None and not q


def test_removing_a_folder_forgets_it_first_and_drops_it_from_the_queued_runs():
    q = JobQueue()
    q.add(IndexJob(("/a", "/b")))
    q.add(IndexJob(("/a",), prune=True))
    q.forget_first("/a", again=rest_after_removal(("/a", "/c"), "/a"))
    assert list(q) == [ForgetJob("/a"), IndexJob(("/c",)), IndexJob(("/b",))]
    assert q.roots() == ["/c", "/b"]
    assert rest_after_removal(None, "/a") == IndexJob() and rest_after_removal(("/a",), "/a") is None


def test_a_switch_goes_first_keeps_pruning_runs_and_reindexes_every_folder():
    q = JobQueue()
    q.add(IndexJob(("/a",)))
    q.add(IndexJob(("/b",), prune=True))
    enc = object()
    q.switch_first(enc)
    assert list(q) == [SwitchJob(enc), IndexJob(("/b",), prune=True), IndexJob()]
    q.drop_index()
    assert list(q) == [SwitchJob(enc)]


def _tally(*events):
    from core.progress import Tally

    tally = Tally()
    for kind, phase, path, error in events:
        tally.add(SimpleNamespace(kind=kind, phase=phase, current=path, error=error))
    return tally


def test_a_run_cancelled_by_the_session_itself_says_nothing():
    ev = SimpleNamespace(kind="cancelled", failed=[], files_total=3, moments=0)
    assert run_messages(ev, _tally(), silent=True) == []
    assert run_messages(ev, _tally())[0][1].startswith("Indexing cancelled")
    two = _tally(("file_done", "full", "/v/b.mp4", ""), ("file_done", "full", "/v/c.mp4", ""))
    done = SimpleNamespace(kind="finished", failed=[("/v/a.mp4", "broken")], files_total=3, moments=1200)
    assert [level for level, _ in run_messages(done, two)] == ["info", "warning"]
    assert "Indexed 2 of 3 video files (1,200 moments)" in run_messages(done, two)[0][1]
    # a file that failed in the quick pass is not in the full pass's total: it is not taken twice
    two_pass = SimpleNamespace(kind="finished", failed=[("/v/a.mp4", "broken")], files_total=2, moments=800)
    quick_too = _tally(("file_done", "quick", "/v/b.mp4", ""), *[("file_done", "full", p, "") for p in "bc"])
    assert "Indexed 2 of 2 video files" in run_messages(two_pass, quick_too)[0][1]


def test_videos_of_an_earlier_reader_checked_and_kept_are_not_counted_as_files_to_index():
    tally = _tally(("file_checked", "full", "/v/a.mp4", ""), ("file_checked", "full", "/v/b.mp4", ""),
                   ("file_done", "full", "/v/turned.mp4", ""),  # checked, shown otherwise: indexed again
                   ("file_checked", "full", "/v/c.mp4", "decoding hung for more than 600 s"))
    done = SimpleNamespace(kind="finished", failed=[], files_total=4, moments=15)
    (level, text), (check_level, checked) = run_messages(done, tally)
    assert (level, check_level) == ("info", "warning")
    assert text == "Indexed 1 of 1 video file (15 moments)."
    assert checked.startswith("Checked 2 videos indexed by an earlier version") and "kept as they were" in checked
    assert "1 could not be checked" in checked and "/v/c.mp4: decoding hung" in checked
    only_kept = _tally(("file_checked", "full", "/v/a.mp4", ""))
    assert run_messages(SimpleNamespace(kind="finished", failed=[], files_total=1, moments=0), only_kept) == [
        ("info", "Checked 1 video indexed by an earlier version: read as before, kept as it was.")]


def test_files_gone_while_read_are_a_warning_that_they_are_tried_again():
    tally = _tally(("file_done", "full", "/v/a.mp4", ""),
                   ("file_away", "full", "/media/usb/b.mp4", "it could no longer be found (No such device)"),
                   ("file_away", "full", "/media/usb/c.mp4", "it could no longer be found (No such device)"))
    done = SimpleNamespace(kind="finished", failed=[], files_total=3, moments=9)
    (level, text), (away_level, away) = run_messages(done, tally)
    # (not "2 failed": no list names them failed; they are no failure, tried again by the next run)
    assert (level, text) == ("info", "Indexed 1 of 3 video files (9 moments): 2 gone or changed while read.")
    assert away_level == "warning" and away.startswith("2 files could not be read and are no longer as found")
    assert "the next run tries them again (/media/usb/b.mp4: it could no longer be found" in away


def _enc(model_id):
    return SimpleNamespace(model_id=model_id, source=model_id, name=model_id)


def test_switch_states():
    sw = ModelSwitch()
    assert sw.begin() and sw.phase is Phase.LOADING and not sw.begin()  # one at a time
    assert sw.loaded(_enc("m1"), "", None, True, read_only=False) == USE  # an empty library
    sw.load_ended()
    assert sw.phase is Phase.IDLE

    sw.begin()
    assert sw.loaded(_enc("m1"), "m1", _enc("m1"), True, read_only=False) == SAME
    sw.load_ended()
    sw.begin()  # the same model, which could not search the library: used (it can now)
    assert sw.loaded(_enc("m1"), "m1", _enc("m1"), False, read_only=False) == USE
    sw.load_ended()
    sw.begin()
    assert sw.loaded(_enc("m2"), "m1", _enc("m1"), True, read_only=True) == READ_ONLY
    sw.load_ended()
    assert not sw.busy

    sw.begin()
    assert sw.loaded(_enc("m2"), "m1", _enc("m1"), True, read_only=False) == REINDEX
    sw.load_ended()  # the load's worker ends before the re-index is done: still switching
    assert sw.reindexing and sw.search_note() and not sw.begin()
    sw.reindexed()
    assert not sw.busy and sw.search_note() == ""


def test_a_file_cut_short_in_the_quick_pass_then_changed_is_said_once_and_truly():
    """A file truncated while it was read: the quick pass indexed it as cut short, the full pass
    found it changed. The run said both "1 file is cut short: the part that plays is indexed" and
    "nothing was recorded for them", while the quick pass's moments were kept."""
    tally = _tally(("file_done", "quick", "/v/a.mp4", "cut short: plays 15.5 s of 30.2 s"),
                   ("file_done", "quick", "/v/b.mp4", ""),
                   ("file_done", "full", "/v/b.mp4", ""),
                   ("file_away", "full", "/v/a.mp4", "it changed while it was read"))
    assert tally.cut_text() == ""  # (no longer as found: what the quick pass found of it no longer holds)
    away = tally.away_text()
    assert away.startswith("1 file could not be read and is no longer as found")
    assert "the quick pass's moments of it are kept, the next run tries it again" in away, away
    assert "nothing was recorded" not in away
    gone = _tally(("file_away", "full", "/v/c.mp4", "it could no longer be found"))
    assert "nothing was recorded for it, the next run tries it again" in gone.away_text()


def test_one_failed_file_is_said_in_the_singular():
    done = SimpleNamespace(kind="finished", failed=[("/v/broken.mp4", "not a video file")], files_total=2, moments=1)
    messages = run_messages(done, _tally(("file_done", "full", "/v/a.mp4", ""),
                                         ("file_failed", "full", "/v/broken.mp4", "not a video file")))
    assert messages[0] == ("info", "Indexed 1 of 2 video files (1 moment): 1 failed.")  # (adding up, as a run's)
    assert messages[1] == ("warning", "1 file could not be indexed (broken.mp4: not a video file). "
                                      "It is retried when it changes, or now with Try again.")


def test_a_file_whose_read_was_denied_is_said_to_be_read_again_once_its_permissions_are_put_right():
    """Since a4d6cb0 a video whose read was denied is indexed again by the run after its permissions
    are put right (a chmod changes no mtime: core.failure_retry.readable_again); the window said
    "It is retried when it changes" of it."""
    denied = "cannot read the file (Permission denied)"
    done = SimpleNamespace(kind="finished", failed=[("/v/locked.mp4", denied)], files_total=2, moments=1)
    messages = run_messages(done, _tally(("file_done", "full", "/v/a.mp4", "")))
    assert messages[1] == ("warning", f"1 file could not be indexed (locked.mp4: {denied}). Its read was denied: "
                                      "the next indexing run (a re-scan) after its permissions are put right reads "
                                      "it again, or now with Try again once they are.")
    assert retried_text([denied, "not a video file"]) == (
        "1 of them, whose read was denied, is tried again by the next indexing run (a re-scan) after its "
        "permissions are put right; the others when they change, or now with Try again.")
    assert retried_text([denied, denied, "cannot read the file (Input/output error)", "not a video file"]) == (
        "1 of them, whose failure may have been of the moment, is tried again by the next indexing run (a re-scan); "
        "2, whose read was denied, once their permissions are put right; the others when they change, or now with "
        "Try again.")
    # one that opens and is denied all the same, in 3 runs (a lock): no run tries it again
    assert retried_text([f"{denied} (in 3 runs; not tried again until the file changes)"]) == (
        "It is retried when it changes, or now with Try again.")


def test_removing_a_folder_drops_the_runs_of_folders_inside_it_not_of_those_beside_it():
    q = JobQueue()
    q.add(IndexJob(("/h/Downloads", "/home/x", "/hx", "/h/Videos/new")))
    forget = q.forget_first("/h", None, True)  # (a run of ~/Downloads, part of ~, would add it back after)
    assert list(q) == [ForgetJob("/h", True, ("/h/Downloads", "/h/Videos/new")), IndexJob(("/home/x", "/hx"))]
    assert forget.dropped == ("/h/Downloads", "/h/Videos/new")
    # keeping the folders it took in: a run of a folder in one of them stays
    q = JobQueue()
    q.add(IndexJob(("/h/Downloads", "/h/Videos/new", "/h/Videos")))
    q.forget_first("/h", rest_after_removal(("/h", "/h/Phone/dcim", "/c"), "/h", ("/h/Videos", "/h/Phone")),
                   True, ("/h/Videos", "/h/Phone"), dropped=("/h/Music",))
    assert list(q) == [ForgetJob("/h", True, ("/h/Music", "/h/Downloads")), IndexJob(("/h/Phone/dcim", "/c")),
                       IndexJob(("/h/Videos/new", "/h/Videos"))]
    assert rest_after_removal(("/h/Downloads",), "/h") is None
    assert rest_after_removal(("/", "/a"), "/a") == IndexJob(("/",))  # (a folder above it is no part of it)
    q = JobQueue()
    q.add(IndexJob(("/a/b",)))
    q.forget_first("/")  # (the root: every folder lies in it)
    assert list(q) == [ForgetJob("/", False, ("/a/b",))]


def test_a_cancel_drops_the_runs_a_waiting_removal_holds_too():
    q = JobQueue()
    q.add(IndexJob(("/h/New",)))
    q.add(IndexJob(("/h/Old",), prune=True))
    forget = q.forget_first("/h")
    assert {j.roots for j in forget.held} == {("/h/New",), ("/h/Old",)}
    q.drop_index(prune_too=False)  # (a model switch's: the pruning runs stay)
    (waiting,) = q.waiting_removals()
    assert waiting.held == (IndexJob(("/h/Old",), prune=True),)
    q.drop_index()  # (the user's cancel)
    (waiting,) = q.waiting_removals()
    q.put_back_runs(waiting)  # (then refused: nothing put back)
    assert list(q) == [ForgetJob("/h", False, ("/h/New", "/h/Old"))]


def test_roots_found_in_a_removed_folder_through_a_link_leave_the_queued_runs_and_the_one_left_alike():
    """``JobQueue.drop_roots`` and ``IndexResume.drop_roots`` (the run a closed window left) drop
    them the same way, ``jobs.without_roots``: as spelled, a run left with none gone, a pruning run
    still pruning, a run of every folder kept."""
    from app.jobs import without_roots

    q = JobQueue()
    q.add(IndexJob(("/l/New", "/b")))
    q.add(ForgetJob("/x"))
    q.add(IndexJob(("/l/Old",), prune=True))
    q.add(IndexJob(("/l/Prune", "/c"), prune=True))
    assert q.drop_roots(["/l/New", "/l/Old", "/l/Prune"]) == ["/l/New", "/l/Old", "/l/Prune"]
    assert list(q) == [IndexJob(("/b",)), ForgetJob("/x"), IndexJob(("/c",), prune=True)]
    assert without_roots(IndexJob(("/l/New", "/b")), ["/l/New"]) == (IndexJob(("/b",)), ["/l/New"])
    assert without_roots(IndexJob(("/l/New",)), ["/l/New"]) == (None, ["/l/New"])
    assert without_roots(IndexJob(), ["/l/New"]) == (IndexJob(), [])
