"""``python -m training.run --config training/configs/NAME.yaml [--set key=value ...] [--restart STAGE]``

Runs the stages the config names for every seed (teacher, the MCKD student, the ranking-only
baseline, ablations), each kept at its best epoch on the validation split, evaluates them once on
test, and writes to the config's output folder.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import textwrap
from pathlib import Path

from core.atomic import replacing
from core.encoders.folder import shared_tokenizers
from core.errors import SeekframeError
from training import checkpoint, loop
from training.config import STAGES, STUDENT_VARIANTS, load_config, require_models
from training.pipeline import Run
from training.report import write_report

log = logging.getLogger("training")
CONFIGS = Path(__file__).parent / "configs"
OUTPUTS = """outputs (in the config's output folder):
  config.json            the settings of the models reported (written once every stage is trained)
  results.json / .md     test metrics per seed, mean ± sample SD, significance of MCKD vs each model,
                         parameters per side, MFLOPs per clip, clips/s; results.md has the paper's
                         table shape and the benchmark's published anchors
  per_query_ranks.json   each test caption's t2v rank per seed and model (the paired tests' input)
  exported.json          where this run exported its student (a re-run may replace only that)
  loss_curves.png        one panel per objective and validation R@1; r1_per_model.png
  train.log              what the run logged (each re-run appends to it)
  seed<N>/<stage>/       stage.json (what shaped it), history.json, the model; checkpoint.safetensors
                         while the stage trains (an interrupted stage resumes from it, nothing
                         unpickled; removed once it is done)
  student/               the exported student (export.stage of the first seed), a model folder the
                         app loads; an export.folder that holds a model this run did not write
                         there is kept (refused before training) unless export.replace: true
A re-run reuses or resumes a stage only when its stage.json matches the run's settings, data and
teacher; otherwise it refuses, naming what changed (--restart STAGE retrains it)."""


def _config_lines() -> list[str]:
    """One line per shipped config: its name, first sentence and '# Run time:' line."""
    lines = []
    for path in sorted(CONFIGS.glob("*.yaml")):
        comments = [ln[1:].strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.startswith("#")]
        text = " ".join(c for c in comments if not c.lower().startswith("run time"))
        first = textwrap.shorten(re.split(r"(?<=\.)\s", text, maxsplit=1)[0], 100) if text else ""
        runtime = next((c.split(":", 1)[1].strip() for c in comments if c.lower().startswith("run time:")), "not measured")
        lines.append(f"  {path.stem:<17} {first}\n  {'':<17} run time: {runtime}")
    return lines


def epilog() -> str:
    stages = "\n".join(f"  {line.strip()}" for line in (sys.modules["training.config"].__doc__ or "").splitlines()
                       if line.startswith("``") and line.strip("`").split("`")[0] in STAGES)
    return ("configs (training/configs/NAME.yaml):\n" + "\n".join(_config_lines())
            + "\n\nstages, in the order they run:\n" + stages.replace("``", "") + "\n\n" + OUTPUTS)


def config_path(name: str) -> Path:
    """``name`` as a path, or, when no such file is there, the shipped config of that name
    (``--config synthetic``: the names ``--help`` lists)."""
    path = Path(name).expanduser()
    shipped = CONFIGS / f"{name}.yaml"
    return shipped if not path.exists() and "/" not in name and shipped.is_file() else path


def stopped_words(out: Path, doing: tuple[int, str] | str | None) -> str:
    """What a run stopped by Ctrl-C leaves, from what is on disk: ``doing`` is the (seed, stage) it
    was at, "eval" once every stage was trained, None before any stage began."""
    again = "a re-run of the same command"
    if isinstance(doing, tuple):
        seed, stage = doing
        folder = out / f"seed{seed}" / stage
        if (folder / checkpoint.NAME).exists():
            return (f"stopped while training seed {seed} {stage}: {again} keeps the stages already trained "
                    f"and resumes {stage} from its last finished epoch ({folder / checkpoint.NAME})")
        if (folder / ("teacher.safetensors" if stage == "teacher" else "model/config.json")).exists():
            return f"stopped at seed {seed} {stage}, already trained: {again} keeps every stage trained so far"
        return (f"stopped while training seed {seed} {stage}, before its first epoch ended: {again} keeps "
                f"the stages already trained and trains {stage} from its start")
    if doing == "eval":
        return (f"stopped after training, while evaluating or exporting: {again} keeps every trained stage, "
                "evaluates them again and writes the report")
    return f"stopped before training began: {again} starts from there"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m training.run", description=__doc__.split("\n\n")[1],
                                epilog=epilog(), formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--config", required=True, metavar="CONFIG",
                   help="a YAML config: the name of a shipped one (e.g. synthetic) or a path")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="override a config value")
    p.add_argument("--restart", action="append", default=[], metavar="STAGE",
                   help="retrain STAGE from scratch, deleting its outputs (repeatable; 'all': every stage)")
    args = p.parse_args(argv)
    with shared_tokenizers():  # (the teacher, each student and their folders: MiniLM's tokenizer loaded once)
        return _run(args)


def _run(args) -> int:
    out, doing = None, None
    try:
        cfg = load_config(config_path(args.config), args.set)
        require_models(cfg)
        bad = [r for r in args.restart if r != "all" and r not in STAGES[:-1]]
        if bad:
            raise SeekframeError(f"--restart takes a stage ({', '.join(STAGES[:-1])}) or 'all', not {bad[0]!r}")
        out = Path(cfg["output"])
        out.mkdir(parents=True, exist_ok=True)
        rank, _ = loop.distributed()  # under torchrun rank 0 writes the shared files, the others wait
        handlers = [logging.StreamHandler(sys.stderr)] + ([logging.FileHandler(out / "train.log")] if rank == 0 else [])
        logging.basicConfig(level=logging.INFO, format=f"%(asctime)s {f'[rank {rank}] ' if rank else ''}%(message)s",
                            handlers=handlers)
        if rank == 0:
            run = Run(cfg, tuple(args.restart))  # generates the synthetic world when it is not on disk yet
        loop.barrier()
        if rank != 0:
            run = Run(cfg, tuple(args.restart))
        run.check()  # a stale stage is refused before anything trains
        for seed in cfg["seeds"]:
            for stage in cfg["stages"]:
                doing = (seed, stage) if stage != "eval" else None
                if stage == "teacher":
                    run.teacher(seed, train=True)
                elif stage in STUDENT_VARIANTS:
                    run.train_student(seed, stage)
        run.gather_left_out()  # (every rank: another's unreadable training videos said in rank 0's report too)
        if rank == 0:  # once every stage holds a model of these settings, config.json says them
            with replacing(out / "config.json") as tmp:
                Path(tmp).write_text(json.dumps(cfg, indent=2))
        per_seed, per_query = {}, {}
        doing = "eval"
        for seed in cfg["seeds"]:
            if "eval" in cfg["stages"] and rank == 0:
                per_seed[seed], per_query[seed] = run.evaluate(seed, run.completed(seed))
        if rank == 0 and per_seed:
            write_report(out, cfg, per_seed, run.histories(), per_query, data=run.data_summary(),
                         device=loop.device_words(run.device, cfg["precision"]))
            print((out / "results.md").read_text())
        exported = run.export() if rank == 0 else None
        if exported:
            print(f"Exported student: {exported}")
        return 0
    except SeekframeError as exc:
        print(f"training: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl-C: said in a line, not a traceback through torch
        print(f"\ntraining: {stopped_words(out, doing)}", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
