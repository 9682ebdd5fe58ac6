"""A training split too small to carve a validation split of data.val_fraction from was refused with
'give the data set a val split, or more training videos': the setting that decides it, and a value
that works, were not named (a researcher's first tiny run of a benchmark layout, 12 training
videos at the default 10%)."""

from __future__ import annotations

import pytest

from core.errors import SeekframeError
from training.data.base import Split, VideoEntry
from training.data.holdout import carve


def _split(name, n, start=0):
    return Split(name, [VideoEntry(f"v{i}", [f"caption {i}"], f"/x/v{i}.mp4") for i in range(start, start + n)])


def test_a_split_too_small_for_its_fraction_names_the_setting_and_a_value_that_carves():
    with pytest.raises(SeekframeError, match=r"--set data\.val_fraction=0\.17") as info:
        carve(_split("train", 12), _split("test", 4, 100), 0.1, 0)
    train, val = carve(_split("train", 12), _split("test", 4, 100), 0.17, 0)  # the value said works
    assert len(val) == 2 and len(train) == 10


def test_max_val_that_leaves_too_few_is_named():
    with pytest.raises(SeekframeError, match=r"data\.max_val"):
        carve(_split("train", 40), _split("test", 4, 100), 0.1, 0, max_val=1)


def test_a_split_too_small_for_any_fraction_says_so_without_a_value():
    with pytest.raises(SeekframeError) as info:
        carve(_split("train", 3), _split("test", 4, 100), 0.1, 0)
    assert "val_fraction=" not in str(info.value) and "more training videos" in str(info.value)


def test_two_candidates_are_told_a_value_that_is_not_refused():
    """Train videos that are also in test leave 2 that may be carved: the hint said val_fraction=1,
    which carve refuses ('must be between 0 and 1'); the value said now carves both."""
    train = _split("train", 6)
    with pytest.raises(SeekframeError, match=r"--set data\.val_fraction=0\.99\b"):
        carve(train, _split("test", 4, 0), 0.1, 0)  # (v0..v3 in test too: v4 and v5 may be carved)
    kept, val = carve(train, _split("test", 4, 0), 0.99, 0)
    assert sorted(e.video_id for e in val.entries) == ["v4", "v5"] and len(kept) == 4
