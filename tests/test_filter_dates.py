"""``--after 0001-01-01`` ("since ever") is a date: it was refused as "'0001-01-01' is not a
date" (its local time falls in year 0, out of the clock's range), and lets every video through."""

from __future__ import annotations

import math

import pytest

from core.cli import build_parser
from core.filters import Filters, parse_date
from core.library.records import VideoRecord


def test_the_first_and_last_days_of_the_calendar_are_dates():
    assert parse_date("0001-01-01") == -math.inf
    assert parse_date("9999-12-31") > parse_date("2024-05-01")  # (a real time, or inf)
    args = build_parser().parse_args(["search", "x", "--after", "0001-01-01", "--before", "9999-12-31"])
    assert (args.after, args.before) == ("0001-01-01", "9999-12-31")
    video = VideoRecord(video_id="a" * 16, path="/v/a.mp4", root="/v", size=1, mtime=1.7e9, content_hash="",
                        status="done")
    assert Filters(modified_after=parse_date("0001-01-01"), modified_before=parse_date("9999-12-31")).matcher()(video)


def test_no_date_is_still_refused():
    for text in ("2024-02-30", "yesterday", "2024-05-01T25:00"):
        with pytest.raises(ValueError):
            parse_date(text)
