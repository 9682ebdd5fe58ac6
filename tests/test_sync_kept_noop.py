"""A re-scan that finds nothing new to index does not go through the library's videos looking for
copies of offline ones (core/sync_kept.copies_of_kept runs on every re-scan's plan: at 20,000 videos a
pass over all of them for nothing, on the no-op re-scan issue 12 wants under 1.5 s)."""

from core.scan import ScanResult
from core.sync import SyncPlan
from core.sync_kept import copies_of_kept


class Untouchable(list):
    def __iter__(self):
        raise AssertionError("the library's videos were gone through with nothing to index")


def test_nothing_to_index_reads_no_video():
    plan = SyncPlan()
    copies_of_kept(plan, Untouchable(), ScanResult())
    assert plan.to_index == [] and plan.copies == []
