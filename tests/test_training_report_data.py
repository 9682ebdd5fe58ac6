"""results.md's data lines: "Left out of test: 1 videos" said neither how many the split listed
nor its noun right ("1 of 8 videos"; "1 val video")."""

from __future__ import annotations

from training.report import data_lines


def test_left_out_is_counted_against_what_the_split_listed_with_its_noun_right():
    data = {"train": {"videos": 7, "left_out": [["bad", "cannot be decoded"]]},
            "val": {"videos": 1, "left_out": []},
            "test": {"videos": 0, "left_out": [["gone", "file not found"]]}}
    lines = data_lines(data)
    assert lines[0] == "Data: 7 train videos, 1 val video, 0 test videos."
    assert lines[1] == "Left out of train: 1 of 8 videos (bad: cannot be decoded)."
    assert lines[2] == "Left out of test: 1 of 1 video (gone: file not found)."
    many = [[f"v{i}", "file not found"] for i in range(5)]
    assert data_lines({"test": {"videos": 3, "left_out": many}})[1] == (
        "Left out of test: 5 of 8 videos (v0: file not found; v1: file not found; v2: file not found; …).")
    assert data_lines({}) == []
