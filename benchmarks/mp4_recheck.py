"""What reader 17's one-time check of an MP4/MOV costs a library indexed by reader 16 or before.

Each file is checked as the decode process checks it (``core.decode_pool.decode_file`` with
``recheck_of=16``): a steady-rate clip is kept from its sample table alone (``reader_recheck.steady_mp4``),
never opened by FFmpeg; against that, the same file opened and probed as indexing opens it and asked
``reads_as_by`` (what every MP4 of a phone library would have cost had each been opened). Best and median
of ``--repeat`` runs, in milliseconds, one line a file:

    .venv/bin/python benchmarks/mp4_recheck.py /work/shared/videos/*.mp4
    .venv/bin/python benchmarks/mp4_recheck.py --make-1080p /tmp/phone60.mp4   # writes a 60 s 1080p 30 fps
                                                                             # H.264 clip with B-frames first
    .venv/bin/python benchmarks/mp4_recheck.py /work/shared/videos/*.mp4 --fragmented /tmp/frag
        # each file also remuxed (stream copy) into fragmented MP4s there and measured: a fragment a group of
        # pictures (frag_keyframe+empty_moov, a screen recorder's, OBS's) and a fragment a frame (the most
        # fragments a file can have: frag_every_frame+empty_moov)
    .venv/bin/python benchmarks/mp4_recheck.py ... --cold [--questions]
        # --questions: also the header's questions alone that the check and one open ask (steady_mp4; the
        # probe's edits_end, shown_end, samples_listed, uneven, fragmented, mp4_samples.shown_end)
        # every answer the process keeps by file (core.file_memo: the index's tracks, the fragments' samples, a
        # timeline's scan) dropped before each run: what an index run pays, each file checked and opened once
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.decode_pool import DecodeSpec, decode_file  # noqa: E402
from core.media import PROBE_TIMEOUT_S, reads_as_by  # noqa: E402


def make_1080p(path: Path, seconds: int = 60) -> Path:
    """A phone-like clip: 1920 x 1080, 30 fps, H.264 with 2 B-frames, a keyframe every 2 s (~30 MB; minutes)."""
    import av

    with av.open(str(path), "w") as out:
        s = out.add_stream("libx264", rate=30)
        s.width, s.height, s.pix_fmt = 1920, 1080, "yuv420p"
        s.options = {"preset": "veryfast", "bf": "2", "g": "60", "crf": "32"}
        base = np.random.default_rng(0).integers(0, 255, (1080, 1920, 3), np.uint8)
        for i in range(30 * seconds):
            out.mux(s.encode(av.VideoFrame.from_ndarray(np.roll(base, i * 4, axis=1), format="rgb24")))
        out.mux(s.encode())
    return path


FRAGMENTED = {"frag": "frag_keyframe+empty_moov", "frame": "frag_every_frame+empty_moov"}


def fragmented(path: Path, folder: Path) -> list[Path]:
    """``path``'s video remuxed, packets as they are, into ``folder``'s fragmented MP4s (``FRAGMENTED``)."""
    from tests.remux import remux

    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for suffix, flags in FRAGMENTED.items():
        dst = folder / f"{path.stem}.{suffix}.mp4"
        if not dst.exists():
            remux(path, dst, movflags=flags)
        made.append(dst)
    return made


def forget() -> None:
    """Drop every answer kept by file (``core.file_memo.FileMemo``) in the modules loaded."""
    from core.file_memo import FileMemo

    for name, module in list(sys.modules.items()):
        if name.startswith("core.") and module is not None:
            for value in list(vars(module).values()):
                if isinstance(value, FileMemo):
                    value.answers.clear()


def timed(fn, repeat: int, cold: bool = False) -> tuple[float, float]:
    fn()
    runs = []
    for _ in range(repeat):
        if cold:
            forget()
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return 1000 * min(runs), 1000 * float(np.median(runs))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--make-1080p", type=Path, help="write a 60 s 1080p clip there first, and measure it too")
    ap.add_argument("--fragmented", type=Path, help="remux each file into fragmented MP4s in this folder, measure them too")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--cold", action="store_true", help="drop the answers kept by file before each run")
    ap.add_argument("--questions", action="store_true", help="time the header's questions of one open alone too")
    args = ap.parse_args()
    paths = list(args.paths)
    if args.make_1080p:
        paths.append(args.make_1080p if args.make_1080p.exists() else make_1080p(args.make_1080p))
    if args.fragmented:
        paths += [made for path in list(paths) for made in fragmented(path, args.fragmented)]
    spec = DecodeSpec(recheck_of=16)
    for path in paths:
        def by_index():
            info, moments = decode_file(str(path), spec)
            assert moments is None, f"{path}: read otherwise by 16"
            return info

        def opened():
            reader = spec.sampler().open(str(path), probe_timeout_s=PROBE_TIMEOUT_S)
            try:
                return reads_as_by(reader, 16)
            finally:
                reader.close()

        kept_unopened = by_index() is None
        (a, am), (b, bm) = timed(by_index, args.repeat, args.cold), timed(opened, args.repeat, args.cold)
        how = "index alone" if kept_unopened else "opened (its table not steady)"
        line = f"{path.name}: checked by {how} {a:.2f} ms (median {am:.2f}); opened and probed {b:.1f} ms (median {bm:.1f})"
        if args.questions:
            track = video_id(path)
            (q, qm) = timed(lambda: asked(path, track), args.repeat, args.cold)
            line += f"; its header's questions {q:.2f} ms (median {qm:.2f})"
        print(line)


def video_id(path: Path) -> int:
    import av

    with av.open(str(path)) as container:
        return container.streams.video[0].id


def asked(path: Path, track: int) -> None:
    """What the check before an open and the open's probe ask of an MP4's header (``core.stream_facts``)."""
    from core import mp4_header, mp4_samples
    from core.reader_recheck import steady_mp4

    steady_mp4(str(path), 16)
    mp4_header.edits_end(path, track), mp4_header.shown_end(path, track), mp4_header.samples_listed(path, track)
    mp4_samples.uneven(path, track), mp4_samples.fragmented(path), mp4_samples.shown_end(path, track)


if __name__ == "__main__":
    main()
