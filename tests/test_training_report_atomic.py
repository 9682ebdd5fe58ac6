"""A run's report files are replaced whole: a run stopped while it writes them (a full disk, a kill,
Ctrl-C) leaves the report before, never half a results.md or a results.json that does not parse.
They were written in place: a disk full halfway through results.json left the first half of it."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import matplotlib.figure
import pytest

from training import report


def _per_seed(r1):
    return {0: {"baseline": {"t2v_r1": r1 - 5.0}, "mckd": {"t2v_r1": r1}}}


def _disk_full_halfway(monkeypatch, name):
    """Writing a file whose name holds ``name`` writes half of it, then fails as a full disk does."""
    real = Path.write_text

    def write_text(self, text, *args, **kwargs):
        if name in self.name:
            real(self, text[: len(text) // 2], *args, **kwargs)
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, text, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", write_text)


@pytest.mark.parametrize("name", ["results.json", "per_query_ranks.json", "results.md"])
def test_a_report_cut_short_leaves_the_one_before_whole(tmp_path, monkeypatch, name):
    cfg = {"name": "t", "data": {"format": "synthetic"}}
    report.write_report(tmp_path, cfg, _per_seed(40.0), {}, {0: {"mckd": [1, 2], "baseline": [2, 1]}})
    before = (tmp_path / name).read_text()
    _disk_full_halfway(monkeypatch, name)
    with pytest.raises(OSError):
        report.write_report(tmp_path, cfg, _per_seed(47.0), {}, {0: {"mckd": [1, 1], "baseline": [2, 2]}})
    assert (tmp_path / name).read_text() == before
    if name.endswith(".json"):
        json.loads((tmp_path / name).read_text())
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_a_plot_cut_short_leaves_the_one_before_whole(tmp_path, monkeypatch):
    summary = report.aggregate(_per_seed(40.0))
    history = {"mckd": {0: [{"epoch": 1, "loss": 2.0}, {"epoch": 2, "loss": 1.5}]}}
    report.plot(tmp_path, history, summary)
    names = ("loss_curves.png", "r1_per_model.png")
    before = {n: (tmp_path / n).read_bytes() for n in names}
    assert all(b.startswith(b"\x89PNG") for b in before.values())

    def savefig(self, fname, *args, **kwargs):
        Path(fname).write_bytes(b"\x89PNG half a picture")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", savefig)
    with pytest.raises(OSError):
        report.plot(tmp_path, history, report.aggregate(_per_seed(47.0)))
    assert {n: (tmp_path / n).read_bytes() for n in names} == before
