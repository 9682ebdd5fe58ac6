"""The window gives back the memory glibc's malloc keeps free between the user's actions and once it
is idle (app/idle_trim.py): a window open for hours grew by 200-500 MB its worker threads had freed
(benchmarks/RESULTS.md, "A long window session"). It trims when no work runs and its resident memory
grew since the last trim, a moment after each search's answer as well as every 30 s; not while work
runs, not for a small growth, and nothing is started where it cannot trim."""

from __future__ import annotations

from PySide6.QtCore import QObject

from app import idle_trim
from app.idle_trim import IdleTrim
from core import arenas

MB = 1024 * 1024


class Fake:
    def __init__(self, rss: int):
        self.rss, self.busy, self.trims = rss, [], 0

    def trim(self) -> bool:
        self.trims += 1
        self.rss -= 200 * MB  # (what it gave back)
        return True

    def make(self, qtbot, can: bool = True) -> IdleTrim:
        parent = QObject()
        trimmer = IdleTrim(parent, trim=self.trim, rss=lambda: self.rss, busy=lambda: list(self.busy),
                           can_trim=lambda: can, run=lambda fn: fn())
        trimmer._keep = parent  # (the parent lives as long as the test holds the trimmer)
        return trimmer


def test_idle_and_grown_it_trims_once(qtbot):
    fake = Fake(900 * MB)
    trimmer = fake.make(qtbot)
    assert trimmer.timer.isActive() and trimmer.timer.interval() == idle_trim.CHECK_S * 1000
    assert not trimmer.check() and fake.trims == 0  # (nothing grew)
    fake.rss += 300 * MB
    fake.busy = ["search"]
    assert not trimmer.check() and fake.trims == 0  # (work runs: later)
    fake.busy = []
    assert trimmer.check() and fake.trims == 1 and trimmer.after == 1000 * MB
    assert not trimmer.check() and fake.trims == 1  # (given back: nothing more until it grows again)
    fake.rss += idle_trim.GREW_BYTES // 2
    assert not trimmer.check()
    fake.rss += idle_trim.GREW_BYTES
    assert trimmer.check() and fake.trims == 2


def test_where_it_cannot_trim_no_timer_runs(qtbot):
    assert not Fake(900 * MB).make(qtbot, can=False).timer.isActive()


def test_the_window_has_one_on_linux_with_glibc(qtbot, make_app_window, demo_library):
    window = make_app_window(demo_library, ready=False)
    assert isinstance(window.idle_trim, IdleTrim)
    assert window.idle_trim.timer.isActive() == arenas.can_trim()


def test_a_moment_after_an_answer_it_trims_without_waiting_for_the_timer(qtbot):
    fake = Fake(900 * MB)
    trimmer = fake.make(qtbot)
    fake.rss += 300 * MB
    trimmer.answered(object(), [])
    assert trimmer.soon.isActive() and fake.trims == 0  # (the answer's worker ends first)
    qtbot.waitUntil(lambda: fake.trims == 1, timeout=idle_trim.AFTER_ANSWER_MS + 2000)
    assert trimmer.timer.remainingTime() > 2000  # (not the 30 s look's doing)
    fake.rss += 300 * MB
    fake.busy = ["search"]
    trimmer.answered(object(), [])
    qtbot.wait(idle_trim.AFTER_ANSWER_MS + 100)
    assert fake.trims == 1  # (the next search already running: left to a later look)


def test_where_it_cannot_trim_an_answer_starts_nothing(qtbot):
    trimmer = Fake(900 * MB).make(qtbot, can=False)
    trimmer.answered(object(), [])
    assert not trimmer.soon.isActive()


def test_the_window_looks_after_each_answer(qtbot, make_app_window, demo_library):
    window = make_app_window(demo_library, ready=False)
    window.idle_trim.soon.stop()
    window.session.search_results.emit(object(), [])
    assert window.idle_trim.soon.isActive() == arenas.can_trim()
