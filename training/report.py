"""Write a run's results: ``results.json``, ``results.md`` (the paper's table shape, with the
published anchors of its benchmark, significance of MCKD against each baseline) and PNG plots."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import numpy as np

from core.atomic import replacing
from core.plural import count
from training.anchors import anchor_lines, claim_line
from training.objective_words import objective_lines
from training.stats import compare
from training.student_card import fed_words

ROW_NAMES = {"teacher": "Teacher (multimodal contrastive)", "baseline": "Student, ranking loss only",
             "mckd": "Student, MCKD", "no_kd": "MCKD without distillation",
             "no_dis": "MCKD without discrimination"}
ROWS = list(ROW_NAMES)
METRICS = {"R@1": "r1", "R@5": "r5", "R@10": "r10", "MdR": "medr", "MnR": "meanr"}  # column: metric key
COMPARED = ["baseline", "no_kd", "no_dis", "teacher"]  # MCKD is tested against each of these


def aggregate(per_seed: dict[int, dict[str, dict]]) -> dict[str, dict]:
    """{seed: {row: {metric: value}}} → {row: {metric: {"mean", "std", "n"}}}; ``std`` is the
    sample standard deviation (ddof=1) over seeds, None with a single seed."""
    rows: dict[str, dict[str, list]] = {}
    for results in per_seed.values():
        for row, metrics in results.items():
            for key, value in metrics.items():
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    rows.setdefault(row, {}).setdefault(key, []).append(float(value))
    return {row: {k: {"mean": float(np.mean(v)), "std": float(np.std(v, ddof=1)) if len(v) > 1 else None,
                      "n": len(v)} for k, v in m.items()}
            for row, m in rows.items()}


def paired(per_query: dict, row: str, other: str) -> dict | None:
    """``row`` against ``other``, paired over the test queries of every seed both were evaluated on
    (``per_query``: {seed: {row: [t2v rank per query]}}); None where no seed has both."""
    seeds = [s for s, rows in per_query.items() if row in rows and other in rows]
    if not seeds:
        return None
    a = np.concatenate([np.asarray(per_query[s][row]) == 1 for s in seeds])
    b = np.concatenate([np.asarray(per_query[s][other]) == 1 for s in seeds])
    return {**compare(a, b), "seeds": len(seeds)}


def significance(per_query: dict) -> dict[str, dict]:
    """MCKD against each other row (``paired``)."""
    return {other: t for other in COMPARED if (t := paired(per_query, "mckd", other)) is not None}


def _cell(stat: dict | None, digits: int = 1) -> str:
    if not stat:
        return "–"
    if stat["std"] is not None:  # several seeds
        return f"{stat['mean']:.{digits}f} ± {stat['std']:.{digits}f}"
    return f"{stat['mean']:.{digits}f}"


def markdown_table(summary: dict[str, dict], title: str, tests: dict | None = None,
                   header: list[str] = (), teacher_test: dict | None = None) -> str:
    """``teacher_test``: the teacher against the ranking-loss student (``paired``), which the claim
    line reads: whether MCKD had a stronger teacher to distil than what its student learns alone."""
    head = (["model"] + [f"t2v {m}" for m in METRICS] + [f"v2t {m}" for m in METRICS]
            + ["rsum", "val t2v R@1", "video params (M)", "text params (M)", "of which frozen (M)",
               "MFLOPs/clip", "clips/s"])
    lines = [f"# {title}", "", *header, "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in ROWS:
        if row not in summary:
            continue
        s = summary[row]
        cells = [ROW_NAMES[row]]
        cells += [_cell(s.get(f"{side}_{key}")) for side in ("t2v", "v2t") for key in METRICS.values()]
        cells += [_cell(s.get("rsum")), _cell(s.get("val_t2v_r1")), _cell(s.get("video_params_m"), 3),
                  _cell(s.get("text_params_m"), 2), _cell(s.get("frozen_text_params_m"), 2),
                  _cell(s.get("mflops_per_clip"), 1), _cell(s.get("clips_per_s"), 0)]
        lines.append("| " + " | ".join(cells) + " |")
    if tests:
        lines += ["", "MCKD against each model, paired over test queries (t2v R@1 difference in points, "
                  "95% paired bootstrap interval, exact McNemar p):", ""]
        for other, t in tests.items():
            verdict = "significant" if t["significant"] else "**not significant**"
            lines.append(f"- vs {ROW_NAMES[other]}: {t['diff']:+.1f} [{t['lo']:+.1f}, {t['hi']:+.1f}], "
                         f"McNemar p = {t['mcnemar_p']:.3g}, {t['n']} queries over {t['seeds']} seed(s): {verdict}")
    if "mckd" in summary:
        r1 = {row: summary[row]["t2v_r1"]["mean"] for row in ("teacher", "baseline")
              if "t2v_r1" in summary.get(row, {})}
        lines += ["", claim_line((tests or {}).get("baseline"), r1.get("teacher"), r1.get("baseline"), teacher_test)]
    asked = next((summary[r] for r in ROWS if r in summary and "t2v_n" in summary[r]), None)
    if asked:
        lines += ["", f"Test queries: {count(round(asked['t2v_n']['mean']), 'caption')} (t2v), "
                  f"{count(round(asked['v2t_n']['mean']), 'video')} (v2t: each video's best-ranked caption)."]
    extra = [r for r in ROWS if r in summary and "moment_hit_rate" in summary[r]]
    if extra:
        said = summary[extra[0]]
        on = (f"the {count(round(said['videos']['mean']), 'multi-event test video')}, "
              f"{count(round(said['queries']['mean']), 'event caption')}" if "videos" in said and "queries" in said
              else "the multi-event test videos")
        lines += ["", f"Moment hit rate on {on} (each caption's top moment among all their moments, cut as the "
                  f"app cuts them, in the right video with temporal IoU >= 0.5; the students alone, the models "
                  f"the app can run):", ""]
        lines += [f"- {ROW_NAMES[r]}: {_cell(summary[r]['moment_hit_rate'])}%" for r in extra]
    n = max((s.get("t2v_r1", {}).get("n", 0) for s in summary.values()), default=0)
    spread = f"Mean ± sample standard deviation (ddof=1) over {n} seeds" if n > 1 else "One seed: no spread over seeds"
    lines += ["", f"{spread}. Recalls in percent; MdR/MnR: median/mean rank. Each model "
              "keeps the epoch that scored best on the validation split (val t2v R@1); the test split is "
              "scored once. Video parameters: what indexing runs; text parameters include a frozen "
              "pretrained text tower (counted apart). MFLOPs per clip of the video side; clips/s: median "
              "of timed passes after a warm-up, the same clips and batches for every model."]
    return "\n".join(lines) + "\n"


TITLES = {"val_t2v_r1": "validation t2v R@1 (%)", "temperature": "teacher's learned temperature τ"}
LOSS_TITLES = {"teacher": "teacher loss: weighted sum of InfoNCE terms",
               "students": "student loss: each row's own objective (results.md)"}


def _panels(histories: dict) -> list[tuple[str, str | None]]:
    """The objectives a loss plot shows, one panel each as (history key, whose: "teacher", "students"
    or None for all): the total loss first, the teacher's and the students' apart (different objectives,
    on scales of their own), then every term any stage recorded, then validation R@1."""
    keys: list[str] = []
    has_loss = set()
    for stage, by_seed in histories.items():
        for hist in by_seed.values():
            for h in hist:
                keys += [k for k in h if k not in keys and k not in ("epoch", "seconds", "val_rsum")]
                if "loss" in h:
                    has_loss.add("teacher" if stage == "teacher" else "students")
    ordered = [("loss", who) for who in ("teacher", "students") if who in has_loss]
    return ordered + [(k, None) for k in keys if k not in ("loss", "val_t2v_r1")] + (
        [("val_t2v_r1", None)] if "val_t2v_r1" in keys else [])


def _whose(stage: str, who: str | None) -> bool:
    return who is None or (stage == "teacher") == (who == "teacher")


def plot(out_dir: Path, histories: dict[str, dict[int, list[dict]]], summary: dict[str, dict]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    panels = _panels(histories) or [("loss", None)]
    cols = min(3, len(panels))
    rows_n = -(-len(panels) // cols)
    fig, axes = plt.subplots(rows_n, cols, figsize=(4.2 * cols, 3.2 * rows_n), squeeze=False)
    styles = ["-", "--", ":", "-."]
    for ax, (key, who) in zip(axes.flat, panels):
        epochs: set = set()
        for k, (stage, by_seed) in enumerate(histories.items()):  # a colour per stage, a style per seed
            for n, (seed, hist) in enumerate(sorted(by_seed.items()) if _whose(stage, who) else ()):
                pts = [(h["epoch"], h[key]) for h in hist if key in h]
                if pts:  # (a marker at each epoch: a run of one epoch is a point, no line)
                    ax.plot(*zip(*pts), label=f"{stage} (seed {seed})", color=f"C{k % 10}",
                            linestyle=styles[n % len(styles)], marker="o", markersize=3, alpha=0.8)
                    epochs.update(e for e, _ in pts)
        ax.set_title(LOSS_TITLES.get(who) if key == "loss" and who else TITLES.get(key, key), fontsize=9)
        ax.set_xlabel("epoch", fontsize=8)
        if 0 < len(epochs) <= 12:  # (epochs are whole: no tick at 1.2, nor 0.945 around a single epoch)
            ax.set_xticks(sorted(epochs))
        else:
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    for ax in list(axes.flat)[len(panels):]:
        ax.axis("off")
    legend: dict = {}  # (each stage's line once, from whichever panel draws it)
    for ax in axes.flat:
        for handle, label in zip(*ax.get_legend_handles_labels()):
            legend.setdefault(label, handle)
    if legend:
        fig.legend(list(legend.values()), list(legend), fontsize=7, loc="lower right")
    fig.tight_layout()
    _save_figure(fig, out_dir / "loss_curves.png")
    plt.close(fig)

    rows = [r for r in ROWS if r in summary and "t2v_r1" in summary[r]]
    if rows:
        fig, ax = plt.subplots(figsize=(7, 4))
        means = [summary[r]["t2v_r1"]["mean"] for r in rows]
        stds = [summary[r]["t2v_r1"]["std"] for r in rows]
        several = all(s is not None for s in stds)  # error bars only from several seeds
        ax.bar(range(len(rows)), means, yerr=stds if several else None, capsize=4 if several else 0,
               color=["#777", "#c66", "#36c", "#9bd", "#9bd"][: len(rows)])
        labels = [textwrap.fill(ROW_NAMES[r].replace(",", ""), 16) for r in rows]  # long names side by side
        ax.set_xticks(range(len(rows)), labels, fontsize=8)
        ax.set_ylabel("text→video R@1 (%)")
        ax.set_title("R@1 per model" + (" (± sample SD over seeds)" if several else " (one seed)"))
        fig.tight_layout()
        _save_figure(fig, out_dir / "r1_per_model.png")
        plt.close(fig)


def write_text(path: Path, text: str) -> None:
    """``path`` replaced whole by ``text`` (``core.atomic``): a run stopped while it writes (Ctrl-C, a
    kill, a full disk) leaves the file before, never half of the new one."""
    with replacing(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def _save_figure(fig, path: Path) -> None:
    with replacing(path) as tmp:
        fig.savefig(tmp, dpi=110, format="png")


def data_lines(data: dict) -> list[str]:
    """The splits' sizes, which of the data's splits each is (the test split reported, the validation
    split choosing epochs: ``Split.source``), and the videos left out (missing, empty, unreadable)."""
    if not data:
        return []
    line = "Data: " + ", ".join(count(d["videos"], f"{name} video") for name, d in data.items())
    out = [line + "."]
    roles = {"test": "Test split (every number of the table is scored on it, once)",
             "val": "Validation split (choosing each model's epoch only, never a reported number)",
             "train": "Train split"}
    for name, d in data.items():
        gone = d["left_out"]
        if gone:  # of the videos the split listed: those it holds and those left out
            shown = "; ".join(f"{v}: {why}" for v, why in gone[:3])
            carved = d.get("carved", 0)  # (listed for train, then given to validation: not left out)
            out.append(f"Left out of {name}: {len(gone)} of {count(d['videos'] + len(gone) + carved, 'video')}"
                       + (f" it lists, {carved} of them carved out for validation" if carved else "")
                       + f" ({shown}{'; …' if len(gone) > 3 else ''}).")
    out += [f"{roles[name]}: {d['from']}." for name in ("test", "val", "train") if (d := data.get(name)) and d.get("from")]
    return out + [""]


def _tower(part: dict | None, frozen: bool = False) -> str:
    if not isinstance(part, dict) or not part.get("type"):
        return "none"
    if part["type"] == "precomputed":  # (data.features: no tower, the features read in its place)
        return "pre-extracted frame features"
    source = part.get("pretrained")
    how = f"pretrained {source}" + (", frozen" if frozen else ", fine-tuned") if source else "trained from scratch"
    return f"{part['type']} ({how})"


def model_words(spec, section: dict) -> str:
    """A stage's model as configured (``section``: the run config's ``teacher`` or ``student``): its
    name and towers, each pretrained (from where, frozen or not) or trained from scratch, or the
    folder or hub id it starts from; then how long it trained."""
    trained = (f"up to {count(int(section['epochs']), 'epoch')}, batch {section['batch_size']}"
               if "epochs" in section and "batch_size" in section else "")
    if not isinstance(spec, dict):
        return f"{spec or 'none named'}" + (f"; {trained}" if trained else "")
    text = spec.get("text")
    frozen = bool(section.get("freeze_text") and isinstance(text, dict) and text.get("pretrained"))
    temporal = (spec.get("temporal") or {}).get("type", "none") if isinstance(spec.get("temporal"), dict) else "none"
    size = f", {spec['image_size']} px" if spec.get("image_size") else ""
    parts = [f"vision {_tower(spec.get('vision'))}", f"temporal {temporal}", f"text {_tower(text, frozen)}"]
    return f"{spec.get('name') or 'unnamed'}: {', '.join(parts)}{size}" + (f"; {trained}" if trained else "")


def model_lines(cfg: dict, device: str | None = None) -> list[str]:
    """Which models the table's rows are, and on what they were fed: the teacher's and the students'
    model configs (every student row starts from the same configured model, its initial weights
    drawn from the seed), the frames a clip or the pre-extracted features, and the device."""
    data = cfg.get("data") or {}
    out = []
    if isinstance(cfg.get("teacher"), dict) and cfg["teacher"].get("model") is not None:
        out.append(f"Teacher: {model_words(cfg['teacher']['model'], cfg['teacher'])}.")
    if isinstance(cfg.get("student"), dict) and cfg["student"].get("model") is not None:
        out.append(f"Students (each row, the same initial weights for a seed): "
                   f"{model_words(cfg['student']['model'], cfg['student'])}.")
    fed = fed_words(data, where=True) if data.get("features") or data.get("n_frames") else ""
    said = [s for s in (fed, f"on {device}" if device else "") if s]
    return out + ([f"Input: {', '.join(said)}."] if said else []) + ([""] if out or said else [])


def speed_lines(per_seed: dict, device: str | None = None) -> list[str]:
    """What the clips/s column is worth: the machine's load average while the models were timed
    (``measure.machine_load``: more runnable threads than CPUs means other work shared them), and
    how far one model's timed passes lay apart. Nothing where no model was timed."""
    timed = [m for results in per_seed.values() for m in results.values() if isinstance(m, dict) and "clips_per_s" in m]
    if not timed:
        return []
    on = f" on {device}" if device else ""
    context = [m.get("timed_while") or {} for m in timed]  # (``measure.timed_clips``: each timing's own)
    loads = [c["load_avg_1m"] for c in context if "load_avg_1m" in c]
    cpus = max((int(c["cpus"]) for c in context if "cpus" in c), default=0)
    spreads = [m["clips_per_s_fastest_pass"] / m["clips_per_s_slowest_pass"] for m in timed
               if m.get("clips_per_s_slowest_pass") and "clips_per_s_fastest_pass" in m]
    words = [f"Speeds (clips/s) were timed{on}"]
    if loads and cpus:
        low, high = min(loads), max(loads)
        span = f"{low:.1f}" if f"{low:.1f}" == f"{high:.1f}" else f"{low:.1f} to {high:.1f}"
        words.append(f"while the machine's load average (1 min, this run's own threads included) was {span} "
                     f"with {count(cpus, 'CPU')} for the run: "
                     + ("other work shared the processors, so these speeds are mostly noise, even between "
                        "the models of this run: time them again on an idle machine to compare them"
                        if high > cpus else "the run may have had the processors to itself"))
    else:
        words.append("with the machine's load not recorded (this system gives no load average): on a "
                     "shared machine these speeds are rough")
    out = " ".join(words) + "."
    if spreads and max(spreads) >= 1.5:
        out += f" One model's fastest timed pass was {max(spreads):.1f} times its slowest."
    return [out]


def write_report(out_dir: Path, cfg: dict, per_seed: dict, histories: dict, per_query: dict | None = None,
                 data: dict | None = None, device: str | None = None) -> dict:
    """``data``: each split's videos and those left out (``Run.data_summary``), said in the header with
    the models (``model_lines``) and ``device`` (``loop.device_words``)."""
    summary = aggregate(per_seed)
    tests = significance(per_query) if per_query else {}
    teacher_test = paired(per_query, "teacher", "baseline") if per_query else None
    results = {"config": cfg, "per_seed": {str(k): v for k, v in per_seed.items()}, "summary": summary,
               "significance": tests, "teacher_vs_baseline": teacher_test, "data": data or {}}
    write_text(out_dir / "results.json", json.dumps(results, indent=2, default=str))
    write_text(out_dir / "per_query_ranks.json", json.dumps({str(k): v for k, v in (per_query or {}).items()}))
    header = (anchor_lines(str((cfg.get("data") or {}).get("format", ""))) + data_lines(data or {})
              + model_lines(cfg, device)
              + objective_lines(cfg, [r for r in ROWS if r in summary], ROW_NAMES, per_seed))
    table = markdown_table(summary, f"{cfg['name']}: text–video retrieval", tests, header, teacher_test)
    write_text(out_dir / "results.md", table + "".join(f"\n{line}\n" for line in speed_lines(per_seed, device)))
    plot(out_dir, histories, summary)
    return summary
