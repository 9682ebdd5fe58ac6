"""An unreadable training clip under DataLoader workers (every shipped config uses 8): its warning
was printed by each worker to bare stderr, never to train.log, re-tried every epoch, and the
report never listed it as left out of training."""

from __future__ import annotations

import logging
import os
from types import SimpleNamespace

import pytest
import torch

from core.media import FrameSampler
from tests.videos import Segment, write_broken_video, write_video
from training import loop
from training.data.base import Split, VideoEntry
from training.data.dataset import ClipTextDataset, collate
from training.pipeline import Run
from training.report import data_lines


@pytest.mark.slow
def test_an_unreadable_training_clip_under_workers_is_said_once_in_the_log_and_reported(tmp_path, caplog):
    entries = [VideoEntry(c, [f"a {c} clip"], str(write_video(tmp_path / f"{c}.mp4", [Segment(1.0, c)],
                                                                fps=10, size=(32, 32))))
               for c in ("red", "green", "blue")]
    entries.insert(1, VideoEntry("bad", ["broken"], str(write_broken_video(tmp_path / "bad.mp4"))))
    split = Split("train", entries)
    gone: dict[str, str] = {}
    ds = ClipTextDataset(split, FrameSampler(size=16), 2, train=True, left_out=gone)
    model = torch.nn.Linear(1, 1)
    seen = []

    def step(m, batch):
        seen.extend(batch["video_id"])
        return m(batch["frames"].float().mean((1, 2, 3, 4))[:, None]).mean(), {}

    cfg = {"batch_size": 4, "lr": 0.01, "weight_decay": 0.0, "epochs": 2}
    with caplog.at_level(logging.INFO, logger="training"):
        loop.fit(model=model, step_fn=step, dataset=ds, collate=collate, cfg=cfg, train_cfg={"num_workers": 2},
                 seed=0, out_dir=tmp_path / "out", device=torch.device("cpu"))
    assert "bad" not in seen and len(seen) == 8
    assert caplog.text.count("left out of training") == 1 and "bad.mp4" in caplog.text
    assert list(gone) == ["bad"] and ds._unreadable == {1}  # (the next epochs' workers skip it)
    # a later dataset of the split (the next seed) knows it already
    assert ClipTextDataset(split, FrameSampler(size=16), 2, train=True, left_out=gone)._unreadable == {1}
    run = SimpleNamespace(train=split, val=Split("val", entries[:1]), test=Split("test", entries[2:]),
                          left_out_of_training=gone)
    summary = Run.data_summary(run)
    assert summary["train"]["videos"] == 3 and [v for v, _ in summary["train"]["left_out"]] == ["bad"]
    assert data_lines(summary)[1].startswith("Left out of train: 1 of 4 videos (bad: ")


def test_training_clips_all_gone_under_workers_is_a_training_error_not_a_traceback(tmp_path):
    """Every clip's file removed mid-run (a WebDataset shard's copies deleted): a worker's 'no video of
    the train split can be read' (a MediaError) came back to the main process as a RuntimeError with
    the worker's traceback, which no one catches: a crash mid-epoch."""
    from core.errors import SeekframeError

    entries = [VideoEntry(c, [f"a {c} clip"], str(write_video(tmp_path / f"{c}.mp4", [Segment(1.0, c)],
                                                                fps=10, size=(32, 32))))
               for c in ("red", "green")]
    ds = ClipTextDataset(Split("train", entries), FrameSampler(size=16), 2, train=True)
    for e in entries:
        os.unlink(e.path)  # (after the split was loaded and checked)
    loader = torch.utils.data.DataLoader(ds, batch_size=2, collate_fn=collate, num_workers=1)
    try:
        next(iter(loader))
    except SeekframeError as e:  # (a SplitUnreadable: training.run says it as 'training: ...', exit 2)
        said = str(e)
    assert said.startswith("no video of the train split can be read (the last tried: ")
    assert "Traceback" not in said and "removed or moved while the run read them" in said
