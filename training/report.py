"""Write a run's results: ``results.json``, ``results.md`` (the paper's table shape) and PNG plots."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import numpy as np

ROW_NAMES = {"teacher": "Teacher (multimodal contrastive)", "baseline": "Student, ranking loss only",
             "mckd": "Student, MCKD", "no_kd": "MCKD without distillation",
             "no_dis": "MCKD without discrimination"}
METRICS = {"R@1": "r1", "R@5": "r5", "R@10": "r10", "MdR": "medr", "MnR": "meanr"}  # column: metric key


def aggregate(per_seed: dict[int, dict[str, dict]]) -> dict[str, dict]:
    """{seed: {row: {metric: value}}} → {row: {metric: {"mean", "std", "n"}}}."""
    rows: dict[str, dict[str, list]] = {}
    for results in per_seed.values():
        for row, metrics in results.items():
            for key, value in metrics.items():
                if isinstance(value, (int, float)):
                    rows.setdefault(row, {}).setdefault(key, []).append(float(value))
    return {row: {k: {"mean": float(np.mean(v)), "std": float(np.std(v)), "n": len(v)} for k, v in m.items()}
            for row, m in rows.items()}


def _cell(stat: dict | None, digits: int = 1) -> str:
    if not stat:
        return "–"
    if stat["n"] > 1:
        return f"{stat['mean']:.{digits}f} ± {stat['std']:.{digits}f}"
    return f"{stat['mean']:.{digits}f}"


def markdown_table(summary: dict[str, dict], title: str) -> str:
    head = (["model"] + [f"t2v {m}" for m in METRICS] + [f"v2t {m}" for m in METRICS]
            + ["rsum", "params (M)", "video params (M)", "clips/s"])
    lines = [f"# {title}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in ["teacher", "baseline", "mckd", "no_kd", "no_dis"]:
        if row not in summary:
            continue
        s = summary[row]
        cells = [ROW_NAMES[row]]
        cells += [_cell(s.get(f"t2v_{key}")) for key in METRICS.values()]
        cells += [_cell(s.get(f"v2t_{key}")) for key in METRICS.values()]
        cells += [_cell(s.get("rsum")), _cell(s.get("params_m"), 2), _cell(s.get("video_params_m"), 3),
                  _cell(s.get("clips_per_s"), 0)]
        lines.append("| " + " | ".join(cells) + " |")
    extra = [r for r in summary if "moment_hit_rate" in summary[r]]
    if extra:
        lines += ["", "Moment hit rate on multi-event test videos (top moment in the right video and interval):", ""]
        lines += [f"- {ROW_NAMES.get(r, r)}: {_cell(summary[r]['moment_hit_rate'])}%" for r in extra]
    n = max((s.get("t2v_r1", {}).get("n", 0) for s in summary.values()), default=0)
    lines += ["", f"Mean ± standard deviation over {n} seed(s). Recalls in percent; MdR/MnR: median/mean rank."]
    return "\n".join(lines) + "\n"


def plot(out_dir: Path, histories: dict[str, dict[int, list[dict]]], summary: dict[str, dict]) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    written = []
    fig, ax = plt.subplots(figsize=(7, 4))
    styles = ["-", "--", ":", "-."]
    for k, (stage, by_seed) in enumerate(histories.items()):  # a colour per stage, a line style per seed
        for n, (seed, hist) in enumerate(sorted(by_seed.items())):
            if hist:
                ax.plot([h["epoch"] for h in hist], [h["loss"] for h in hist], label=f"{stage} (seed {seed})",
                        color=f"C{k % 10}", linestyle=styles[n % len(styles)], alpha=0.8)
    ax.set_xlabel("epoch"), ax.set_ylabel("training loss"), ax.set_title("Loss curves")
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(out_dir / "loss_curves.png", dpi=110)
    written.append(out_dir / "loss_curves.png")
    plt.close(fig)

    rows = [r for r in ["teacher", "baseline", "mckd", "no_kd", "no_dis"] if r in summary and "t2v_r1" in summary[r]]
    if rows:
        fig, ax = plt.subplots(figsize=(7, 4))
        means = [summary[r]["t2v_r1"]["mean"] for r in rows]
        stds = [summary[r]["t2v_r1"]["std"] for r in rows]
        ax.bar(range(len(rows)), means, yerr=stds, capsize=4, color=["#777", "#c66", "#36c", "#9bd", "#9bd"][: len(rows)])
        labels = [textwrap.fill(ROW_NAMES[r].replace(",", ""), 16) for r in rows]  # long names side by side
        ax.set_xticks(range(len(rows)), labels, fontsize=8)
        ax.set_ylabel("text→video R@1 (%)"), ax.set_title("R@1 per model")
        fig.tight_layout()
        fig.savefig(out_dir / "r1_per_model.png", dpi=110)
        written.append(out_dir / "r1_per_model.png")
        plt.close(fig)
    return written


def write_report(out_dir: Path, cfg: dict, per_seed: dict, histories: dict) -> dict:
    summary = aggregate(per_seed)
    results = {"config": cfg, "per_seed": {str(k): v for k, v in per_seed.items()}, "summary": summary}
    (out_dir / "results.json").write_text(json.dumps(results, indent=2, default=str))
    (out_dir / "results.md").write_text(markdown_table(summary, f"{cfg['name']}: text–video retrieval"))
    plot(out_dir, histories, summary)
    return summary
