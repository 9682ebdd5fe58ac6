"""Two asks of one root (a folder the user added in the window while the model loaded, then the run
a closed window left of it, resumed: ``RemovedMeanwhile.asked``) kept the one with the higher count
of removals, whatever the library's count now. A count above it was counted in a numbering the
library has gone back from (library.json rebuilt, restored from a backup): the run left at count 10
won over the user's add read at count 2, was ordered by its older clock (``numbered``), and a
removal between the two (count 2) dropped the user's add ('was dropped with the removal'). Now
``resume_removed.latest`` compares the counts only where both are in the library's numbering as it
is now; otherwise their clocks (both this machine's) tell."""

from __future__ import annotations

from types import SimpleNamespace

from app.jobs import IndexJob
from app.removed_meanwhile import RemovedMeanwhile
from app.resume_removed import Asked, latest, removed_after


def _meanwhile(count: int, on_way) -> RemovedMeanwhile:
    runner = SimpleNamespace(roots_on_the_way=lambda: list(on_way), _reads=lambda *a, **k: None)
    session = SimpleNamespace(library=SimpleNamespace(meta=SimpleNamespace(removed_seq=count, removed=None)))
    return RemovedMeanwhile(runner, session)


def test_an_ask_from_a_numbering_gone_back_does_not_win_by_its_count():
    meanwhile = _meanwhile(2, ["/v/a"])
    users = meanwhile._asked["/v/a"] = Asked(200.0, 2)  # (added while the model loaded; its count read)
    meanwhile.asked(IndexJob(("/v/a",)), {"/v/a": Asked(100.0, 10)})  # (the run a closed window left)
    assert meanwhile.asks()["/v/a"] == users
    removal = {"folder": "/v/a", "at": 150.0, "seq": 2}  # (between the two: before the user's add)
    assert not removed_after(removal, meanwhile.asks()["/v/a"])


def test_asks_in_the_numbering_as_it_is_are_ordered_by_their_counts():
    assert latest(Asked(200.0, 2), Asked(100.0, 3), 3) == Asked(100.0, 3)  # (the counts, not the clocks)
    assert latest(Asked(200.0, 2), Asked(100.0, 3)) == Asked(100.0, 3)
    assert latest(Asked(200.0, 2), Asked(100.0, 10), 2) == Asked(200.0, 2)
    assert latest(Asked(100.0, 2), Asked(200.0, 10), 2) == Asked(200.0, 10)
