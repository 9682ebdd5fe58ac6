"""``index_throughput.py``'s table: a row per model (and per A/B variant), its targets marked."""

from __future__ import annotations

TARGET_RATIO = 1.25
TARGET_RSS_MB = 2048


def markdown(rows: list[dict], meta: dict) -> str:
    lines = [
        f"Index throughput — {meta['videos']['files']} files, {meta['videos']['video_s']} s of video "
        f"({', '.join(f'{n}× {k}' for k, n in meta['videos']['kinds'].items())}); "
        f"{meta['cpus']} CPUs, decode workers {meta['decode_workers']}, best of {meta['repeat']}"
        + (f"; {meta['tag']}" if meta.get("tag") else ""),
        "",
        "| model | files | video s | moments | decode-only s | index s | ratio | moments/s "
        "| CPU s decode / index | CPU ratio | encode thread-s | commit s | decode RSS MB "
        "| index peak RSS MB | each decode process MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        ok_ratio = "✓" if r["ratio"] <= TARGET_RATIO else "✗"
        ok_rss = "✓" if r["index_peak_rss_mb"] <= TARGET_RSS_MB else "✗"
        lines.append(
            f"| {r['model']} | {r['files']} | {r['video_s']} | {r['moments']} | {r['decode_s']:.2f} "
            f"| {r['index_s']:.2f} | {r['ratio']:.2f} {ok_ratio} | {r['moments_per_s']:.1f} "
            f"| {r['decode_cpu_s']:.1f} / {r['index_cpu_s']:.1f} | {r['index_cpu_s'] / r['decode_cpu_s']:.2f} "
            f"| {r['encode_s']:.2f} | {r['commit_s']:.2f} | {r['decode_peak_rss_mb']:.0f} "
            f"| {r['index_peak_rss_mb']:.0f} {ok_rss} | {r['decoders_peak_rss_mb']:.0f} |")
    for r in rows:
        extra = [f"index peak RSS p50 {r['index_peak_rss_p50_mb']:.0f} MB"] if r.get("index_peak_rss_p50_mb") else []
        if r.get("loaded") == "VisionOnlyModel":
            extra.append("the model's video side loaded, as `seekframe index` does")
        if r.get("index_s_p50") is not None and meta.get("arenas_ab"):
            extra.append(f"index s median {r['index_s_p50']:.2f}, CPU s median {r['index_cpu_s_p50']:.1f}")
        if r.get("first_pass_s"):
            extra.append(f"first (quick) pass {r['first_pass_s']:.2f} s = {r['first_pass_x']}× real time")
        if extra:
            lines.append(f"\n{r['model']}: " + "; ".join(extra) + ".")
    lines += ["", f"Targets: ratio ≤ {TARGET_RATIO}, index peak RSS ≤ {TARGET_RSS_MB} MB. Times are the "
              "best of the repeats; CPU s (user + sys of the run, model load excluded) are those of "
              "the best runs, the decode processes' included: on a shared machine the CPU ratio is the "
              "steadier number. Peak RSS: the indexing (or decode-only) process; each decode process "
              "(`decode_workers` of them) adds its own, the last column. encode "
              "thread-s: time in `encode_moments` summed over the encoding threads; commit s: in "
              "`MomentTable.commit` + `maybe_optimize`. index s includes the final `close()`."]
    return "\n".join(lines) + "\n"
