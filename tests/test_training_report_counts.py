"""results.md says what its numbers are counted over: how many test queries each direction has, and
for the moment hit rate how many videos and event captions and what a hit is (IoU >= 0.5). It said
'Moment hit rate on multi-event test videos (top moment in the right video and interval)': a
25.0 ± 17.7% read the same over 8 queries as over 8000, and 'interval' named no threshold."""

from __future__ import annotations

from training import report


def _row(r1, hits):
    return {"t2v_r1": r1, "t2v_n": 12, "v2t_r1": r1, "v2t_n": 4, "moment_hit_rate": hits, "queries": 8, "videos": 3}


def test_the_report_says_its_query_counts_and_what_a_moment_hit_is(tmp_path):
    per_seed = {s: {"baseline": _row(30.0 + s, 25.0), "mckd": _row(40.0 + s, 37.5)} for s in (0, 1)}
    report.write_report(tmp_path, {"name": "t", "data": {"format": "synthetic"}}, per_seed, {})
    md = (tmp_path / "results.md").read_text()
    assert "Test queries: 12 captions (t2v), 4 videos (v2t: each video's best-ranked caption)." in md
    assert ("Moment hit rate on the 3 multi-event test videos, 8 event captions (each caption's top moment "
            "among all their moments, cut as the app cuts them, in the right video with temporal IoU >= 0.5; "
            "the students alone, the models the app can run):") in md
    assert "- Student, MCKD: 37.5 ± 0.0%" in md


def test_one_query_is_said_in_the_singular(tmp_path):
    row = {"t2v_r1": 100.0, "t2v_n": 1, "v2t_r1": 100.0, "v2t_n": 1}
    report.write_report(tmp_path, {"name": "t"}, {0: {"mckd": row}}, {})
    assert "Test queries: 1 caption (t2v), 1 video (v2t" in (tmp_path / "results.md").read_text()
