"""The encoder's CPU-thread policy (issue 16, point 4): how many torch threads a query and an
indexing run use is the ``Encoder``'s to say (``cpu_plan``, ``cpu_threads``), not the indexer's."""

from __future__ import annotations

import threading

import numpy as np
import pytest
import torch

from core.encode_budget import encoding_plan, moments_per_pass
from core.encoders import Encoder
from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from tests.fakes import ColourMeanEncoder
from tests.models import tiny_model
from tests.videos import Segment, write_video


@pytest.fixture(scope="module")
def encoder():
    model, tok = tiny_model()
    return Encoder(model.eval(), tok, device="cpu")


@pytest.fixture
def torch_threads():
    saved = torch.get_num_threads()
    yield saved
    torch.set_num_threads(saved)


@pytest.mark.parametrize("cores,decoders,workers,threads,plan", [
    (8, 2, None, None, (2, 3)),  # two encoding threads sharing the 6 cores the decoders leave
    (4, 2, None, None, (2, 1)),
    (2, 2, None, None, (2, 1)),  # at least one torch thread each
    (1, 1, None, None, (1, 1)),  # one core: one encoding thread
    (8, 2, 3, None, (3, 2)),  # the run's overrides
    (8, 2, None, 5, (2, 5)),
    (8, 2, None, 0, (2, None)),  # 0: torch's own setting left alone
])
def test_cpu_plan_shares_the_cores_left_by_the_decoders(encoder, monkeypatch, cores, decoders, workers,
                                                        threads, plan):
    monkeypatch.setattr("os.cpu_count", lambda: cores)
    assert encoder.cpu_plan(decoders, workers, threads) == plan
    opts = IndexOptions(decode_workers=decoders, encode_workers=workers, encode_threads=threads)
    assert encoding_plan(encoder, opts) == plan  # what the indexer asks


@pytest.mark.parametrize("device,size,frames,opts,per_pass", [
    ("cpu", 224, 4, {}, 1),  # the real-footage model: one moment a pass, its activations small
    ("cpu", 224, 8, {}, 1),
    ("cpu", 112, 4, {}, 5),
    ("cpu", 32, 8, {}, 16),  # the demo model: the whole batch
    ("cpu", 32, 8, {"batch_size": 4}, 4),
    ("cpu", 224, 4, {"encode_batch": 3}, 3),  # the run's override
    ("cuda", 224, 4, {}, 16),  # a GPU takes the batch at once
])
def test_moments_per_pass_keep_a_cpu_pass_to_a_few_frames(device, size, frames, opts, per_pass):
    class Sized:
        pass
    enc = Sized()
    enc.device, enc.image_size, enc.frames_per_moment = torch.device(device), size, frames
    assert moments_per_pass(enc, IndexOptions(**opts)) == per_pass


def test_a_model_in_training_mode_is_encoded_by_one_thread(encoder, monkeypatch):
    monkeypatch.setattr("os.cpu_count", lambda: 8)
    encoder.model.train()
    try:
        assert encoder.cpu_plan(2, workers=4) == (1, 6)
    finally:
        encoder.model.eval()


def test_encoders_without_a_plan_use_one_thread_and_leave_torch_alone():
    assert encoding_plan(ColourMeanEncoder(), IndexOptions(encode_threads=3)) == (1, None)


def test_cpu_threads_sets_the_calling_threads_count_and_restores_it(encoder, torch_threads):
    torch.set_num_threads(3)
    with encoder.cpu_threads(1):
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == 3
    with pytest.raises(RuntimeError):
        with encoder.cpu_threads(2):
            raise RuntimeError("an encoding error")
    assert torch.get_num_threads() == 3  # restored whatever happened
    with encoder.cpu_threads(None):
        assert torch.get_num_threads() == 3


def test_a_query_runs_on_one_thread_a_long_list_on_torchs_own(encoder, torch_threads, monkeypatch):
    torch.set_num_threads(2)
    seen = []
    real = encoder.model.encode_text
    monkeypatch.setattr(encoder.model, "encode_text", lambda *a: (seen.append(torch.get_num_threads()), real(*a))[1])
    encoder.encode_text(["a red ball"])
    encoder.encode_text(["red"] * 9, batch_size=64)  # more than QUERY_TEXTS
    assert seen == [1, 2] and torch.get_num_threads() == 2


def test_an_indexing_run_encodes_with_the_encoders_plan_and_restores_torch(encoder, tmp_path, torch_threads,
                                                                           monkeypatch):
    write_video(tmp_path / "v" / "red.mp4", [Segment(12, "red")], size=(64, 48))
    torch.set_num_threads(4)
    monkeypatch.setattr(Encoder, "cpu_plan", lambda self, *a: (2, 1))
    seen = []
    real = encoder.model.encode_video

    def spy(pixels):
        seen.append((threading.current_thread().name, torch.get_num_threads()))
        return real(pixels)

    monkeypatch.setattr(encoder.model, "encode_video", spy)
    with VideoLibrary(tmp_path / "lib") as lib:
        opts = IndexOptions(two_pass=False, encode_batch=1, batch_size=4)
        events = list(MomentIndexer(lib, encoder, opts).run([str(tmp_path / "v")]))
    assert events[-1].kind == "finished" and not events[-1].failed
    assert {n for _, n in seen} == {1}  # every pass on the plan's one torch thread
    assert any(name.startswith("seekframe-encode") for name, _ in seen)  # the helper took a part
    assert torch.get_num_threads() == 4  # the indexing thread's own setting back
    assert np.isfinite(encoder.encode_text(["red"])).all()
