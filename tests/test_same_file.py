"""One rule for "is this file still the one indexed": the library's (``core.sync``: a file left
alone, or changed while it was read) and the app's (``app.file_state``, ``app.found``: a search
result's file changed since) are ``core.scan.same_file``."""

from __future__ import annotations

from core.scan import MTIME_SLACK_S, same_file


def test_same_size_and_a_time_within_the_slack_is_the_same_file():
    indexed = (1000, 1_700_000_000.25)
    assert same_file(indexed, 1000, 1_700_000_000.25)
    assert same_file(indexed, 1000, 1_700_000_000.25 + MTIME_SLACK_S / 2)  # a float's rounding
    assert same_file(indexed, 1000, 1_700_000_000.25 - MTIME_SLACK_S / 2)
    assert not same_file(indexed, 1001, 1_700_000_000.25)  # another size
    assert not same_file(indexed, 1000, 1_700_000_000.25 + 2 * MTIME_SLACK_S)  # touched since
    assert not same_file(indexed, 1000, 1_700_000_000.25 - 2 * MTIME_SLACK_S)
    assert MTIME_SLACK_S == 1e-3
