"""Under torchrun every process takes as many steps each epoch (``training.shards``): a process left without a batch
ended its epoch while the others waited for it in DDP's all-reduce forever (6 training videos, batch size 8, 2
processes: rank 0 took a step, rank 1 none). A set too small for one step each is refused with its sizes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from training import loop, shards

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("world", [1, 2, 3, 4])
@pytest.mark.parametrize("pairs", [1, 2])
def test_every_process_takes_as_many_steps(world, pairs):
    for n in range(0, 30):
        for batch_size in (2, 3, 4, 8):
            ranks = [loop.PairedBatchSampler(n, batch_size, pairs, seed=n, rank=r, world=world) for r in range(world)]
            lengths = {len(list(s)) for s in ranks} | {len(s) for s in ranks}
            steps = shards.steps_per_process(n, batch_size, pairs, world)
            assert lengths == {steps}, (n, batch_size)
            videos = [i for s in ranks for b in s for i, _ in b]
            assert len(set(videos)) * pairs == len(videos)  # no video dealt twice (each batch holds it `pairs` times)
            alone = len(loop.PairedBatchSampler(n, batch_size, pairs, seed=n))
            assert steps == alone // world  # the last round's remainder (fewer batches than processes) is dropped
            refused = shards.too_few_words(n, batch_size, pairs, world, "teacher.batch_size")
            assert (refused is None) == (steps > 0), (n, batch_size)


def test_the_refusal_names_the_sizes_and_what_fits():
    said = shards.too_few_words(6, 8, 1, 2, "teacher.batch_size")
    assert said.startswith("6 training videos make 1 batch of up to 8 videos (teacher.batch_size 8)")
    assert "each of the 2 processes needs one" in said
    assert "set teacher.batch_size to 4 or less" in said and "run at most 1 process" in said
    assert shards.steps_per_process(6, 4, 1, 2) == 1  # what it says fits does
    said = shards.too_few_words(1, 8, 2, 1, "student.batch_size")
    assert said.startswith("1 training video makes 0 batches") and "a batch needs at least 2 videos" in said


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _two_processes(out: Path, stages: list[str], limit: float = 60.0) -> list[tuple[int, str]]:
    """(exit code, output) of each of two processes of ``tests.two_process_fit``; a run still going after
    ``limit`` seconds is killed (its process groups) and fails the test, instead of hanging the suite."""
    env = {**os.environ, "MASTER_ADDR": "127.0.0.1", "MASTER_PORT": str(_free_port()), "WORLD_SIZE": "2",
           "OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-m", "tests.two_process_fit", str(out), *stages], cwd=ROOT,
                              env={**env, "RANK": str(r), "LOCAL_RANK": str(r)}, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, start_new_session=True) for r in (0, 1)]
    deadline = time.monotonic() + limit
    try:
        return [(p.wait(timeout=max(0.1, deadline - time.monotonic())), p.stdout.read()) for p in procs]
    except subprocess.TimeoutExpired:
        pytest.fail(f"the two processes were still running after {limit:.0f} s: one waits for the other")
    finally:
        for p in procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
            p.stdout.close()


def test_two_processes_train_an_uneven_set_then_refuse_one_too_small(tmp_path):
    # (about 4 s of CPU, more wall under load: a real process group needs two fresh processes, each importing torch)
    # 10 items in batches of 3: 3 batches (and a lone item left out), 1 step each, the third batch dropped;
    # then 6 items in a batch of 8: one batch for 2 processes, refused on both instead of rank 0 waiting forever
    done = _two_processes(tmp_path, ["10:3", "6:8"])
    for rank, (code, out) in enumerate(done):
        assert f"rank {rank} stage 0: 1 steps" in out, out[-2000:]
        assert code == 2, out[-2000:]
        assert (f"rank {rank} refused: {tmp_path / 'stage1'}: 6 training videos make 1 batch of up to 8 videos "
                "(batch_size 8), and each of the 2 processes needs one") in out
    assert not (tmp_path / "stage1").exists() or not any((tmp_path / "stage1").iterdir())  # nothing was trained


def test_a_run_too_small_for_its_processes_is_refused_before_anything_trains(tmp_path, monkeypatch, capsys):
    from tests.test_training_run import SMALL_WORLD, TINY
    from training.run import main

    monkeypatch.setattr(loop, "distributed", lambda: (0, 2))  # rank 0 of 2 (no process group: barriers pass)
    out = tmp_path / "run"
    args = ["--config", "training/configs/synthetic.yaml", "--set", f"output={out}",
            "--set", f"data.root={tmp_path / 'world'}", "--set", "seeds=[0]"]
    for s in [*TINY, *SMALL_WORLD, "teacher.batch_size=4", "student.batch_size=16"]:  # the teacher's fits, not the students'
        args += ["--set", s]
    assert main(args) == 2
    said = capsys.readouterr().err
    assert ("training: the 'mckd' stage: 6 training videos make 1 batch of up to 8 videos (student.batch_size 16: "
            "8 videos, each 2 times), and each of the 2 processes needs one") in said
    assert "set student.batch_size to 8 or less" in said
    assert not (out / "seed0" / "teacher").exists()  # refused before the teacher trained
