"""Real kill -9 of the ``seekframe`` command during a model switch and a caption import (issue
10, points 3 and 4). Before: after a kill during ``index --reindex --model B`` a plain ``index``
left every caption and note on model A (``captions FILE@T`` found nothing); a killed
``captions-import`` kept part of its file, and importing it again duplicated captions.

The child is the real command (``python -m core.cli``, or for the import a probe that only marks
when the import embeds and commits, so the kill is known to land inside it), killed with SIGKILL:
no handler, no cleanup. It is forked from a warm parent that took its imports once
(``tests.cli_zygote``): a process of its own all the same."""

from __future__ import annotations

import json
import random
import shutil
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from core.cli import main
from core.library import VideoLibrary
from tests.cli_proc import kill_when
from tests.cli_zygote import MODEL_PRELOAD, start_cli, start_probe  # (forked from a warm parent)
from tests.models import save_tiny_model
from tests.videos import COLORS, Segment, write_video

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")]

N_VIDEOS = 6
SECONDS = 8  # 2 moments of 4 s each
N_CAPTIONS = 600
A_DIM, B_DIM = 32, 16


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    """A library of N_VIDEOS indexed with model A, N_CAPTIONS imported captions and a note."""
    base = tmp_path_factory.mktemp("indexed")
    model_a = save_tiny_model(base / "model-a", seed=1, embed_dim=A_DIM)
    model_b = save_tiny_model(base / "model-b", seed=2, embed_dim=B_DIM)
    names = list(COLORS)
    videos = base / "videos"
    for i in range(N_VIDEOS):
        write_video(videos / f"clip{i:02d}.mp4", [Segment(SECONDS / 2, names[i % 8]),
                                                  Segment(SECONDS / 2, names[(i + 3) % 8])], seed=i)
    lib = base / "lib"
    captions = base / "captions.txt"
    captions.write_text("".join(f"a {names[i % 8]} scene number {i}\n" for i in range(N_CAPTIONS)))
    assert main(["index", str(videos), "--library", str(lib), "--model", str(model_a), "-q"]) == 0
    assert main(["captions-import", str(captions), "--library", str(lib)]) == 0
    assert main(["note", f"{videos / 'clip01.mp4'}@5", "the second half", "--library", str(lib)]) == 0
    return {"lib": lib, "videos": videos, "a": model_a, "b": model_b}


def copy_library(indexed, tmp_path) -> Path:
    lib = tmp_path / "lib"
    shutil.copytree(indexed["lib"], lib)
    return lib


def switch_recorded(lib: Path) -> bool:
    try:
        return "model_switch" in json.loads((lib / "library.json").read_text()).get("extra", {})
    except (OSError, ValueError):  # replaced this instant
        return False


# -- point 3: kill -9 during index --reindex --model B ---------------------------------------------

def switch_span(indexed, tmp_path) -> float:
    """Seconds an uninterrupted ``index --reindex --model B`` runs on after it recorded the switch
    (on a copy of the library): the span a kill at a random point is drawn from."""
    (tmp_path / "probe").mkdir()
    lib = copy_library(indexed, tmp_path / "probe")
    proc = start_cli("index", "--reindex", "--library", lib, "--model", indexed["b"], "-q")
    deadline = time.monotonic() + 120
    while proc.poll() is None and not switch_recorded(lib) and time.monotonic() < deadline:
        time.sleep(0.005)
    start = time.monotonic()
    proc.wait(timeout=120)
    proc.stderr.close()
    return time.monotonic() - start


@pytest.mark.parametrize("when", ["at-the-switch", "random"])
def test_killed_reindex_is_finished_by_a_plain_index(indexed, tmp_path, capsys, when):
    """Killed once the switch is recorded in library.json (forgetting model A's vectors,
    re-embedding the captions and notes), right away or at a random point of the rest of the
    run (then it may land among the videos, or while the library is compacted). The rest of the
    run is measured first: a fixed second outlasted it once the re-index got faster."""
    delay = 0.0 if when == "at-the-switch" else random.uniform(0.0, 0.7 * switch_span(indexed, tmp_path))
    for attempt in range(3):  # (a machine whose load fell since the measure runs faster: a kill half as late)
        lib = copy_library(indexed, tmp_path / f"try{attempt}")
        proc = start_cli("index", "--reindex", "--library", lib, "--model", indexed["b"], "-q")
        alive = kill_when(proc, lambda: switch_recorded(lib), delay=delay)
        stderr = proc.stderr.read()
        proc.stderr.close()
        if alive or when == "at-the-switch":
            break
        delay /= 2
    assert alive, f"the re-index ended before the kill ({delay:.2f} s after the switch began): {stderr}"
    if when == "at-the-switch":  # the kill landed inside the switch: a plain index must finish it
        assert switch_recorded(lib), "the kill landed after the switch was over"
    if switch_recorded(lib):
        code, out, _ = run(capsys, "status", "--library", lib)
        assert code == 0 and "Switching to the model" in out

    code, _, err = run(capsys, "index", "--library", lib, "-q")  # the README's plain command
    assert code == 0, err
    with VideoLibrary(lib, read_only=True) as library:
        assert library.meta.dim == B_DIM and library.meta.model_source == str(indexed["b"])
        assert library.model_switch is None
        vids = library.video_table.all()
        assert len(vids) == N_VIDEOS and {v.status for v in vids} == {"done"}
        assert all(v.n_moments == SECONDS // 4 for v in vids)
        moments = [m for v in vids for m in library.moment_table.of(v.video_id)]
        assert len(moments) == N_VIDEOS * SECONDS // 4 and max(Counter(m.moment_id for m in moments).values()) == 1
        assert all(m.vector.shape == (B_DIM,) for m in moments)
        caps = library.caption_table.read()
        assert len(caps) == N_CAPTIONS + 1 and len({c.caption_id for c in caps}) == N_CAPTIONS + 1
        assert all(c.vector.shape == (B_DIM,) for c in caps)  # every caption and the note on B
        assert sum(c.source == "note" for c in caps) == 1
    code, out, err = run(capsys, "captions", f"{indexed['videos'] / 'clip01.mp4'}@5", "--library", lib, "--json")
    rows = json.loads(out)  # the 10 best, and the note on this clip (listed first) if it is not among them
    assert code == 0 and len([r for r in rows if not r["on_this_clip"]]) >= 9 and len(rows) <= 11, err
    assert rows[0]["on_this_clip"] and rows[0]["source"] == "note"
    code, out, _ = run(capsys, "status", "--library", lib, "--json")
    assert code == 0 and json.loads(out)["model_switch"] is None


# -- point 4: kill -9 during captions-import -------------------------------------------------------

# Marks (files in argv[1]) when the import starts embedding, starts its commit and has committed;
# the command itself runs unchanged.
PROBE = """
import sys, pathlib
marks = pathlib.Path(sys.argv[1])
import core.captions as C
from core.library.captions import CaptionTable
embed, add = C.embed, CaptionTable.add
def marked_embed(*a, **k):
    (marks / "embedding").touch()
    return embed(*a, **k)
def marked_add(self, records):
    (marks / "committing").touch()
    out = add(self, records)
    (marks / "committed").touch()
    return out
C.embed, CaptionTable.add = marked_embed, marked_add
from core.cli import main
sys.exit(main(sys.argv[2:]))
"""


def imported_texts(lib: Path) -> Counter:
    with VideoLibrary(lib, read_only=True) as library:
        return Counter(c.text for c in library.caption_table.read(with_vectors=False) if c.source == "imported")


@pytest.mark.parametrize("phase", ["embedding", "committing"])
def test_killed_caption_import_keeps_none_or_all_and_a_rerun_adds_each_once(indexed, tmp_path, capsys, phase):
    lib = copy_library(indexed, tmp_path)
    before = imported_texts(lib)
    new = tmp_path / "more.csv"  # hundreds of captions, linked to the library's videos
    texts = [f"moment {i} of clip {i % N_VIDEOS:02d}, {list(COLORS)[i % 8]}" for i in range(N_CAPTIONS)]
    new.write_text("video,caption\n" + "".join(f'clip{i % N_VIDEOS:02d}.mp4,"{t}"\n' for i, t in enumerate(texts)))
    marks = tmp_path / "marks"
    marks.mkdir()
    proc = start_probe(PROBE, marks, "captions-import", new, "--library", lib, "--model", indexed["a"],
                       preload=MODEL_PRELOAD)
    alive = kill_when(proc, lambda: (marks / phase).exists(), delay=random.uniform(0, 0.01))
    stderr = proc.stderr.read()
    proc.stderr.close()
    landed = {m.name for m in marks.iterdir()}
    assert alive and "embedding" in landed, f"the kill should land inside the import ({landed}): {stderr}"
    if phase == "embedding":
        assert "committing" not in landed, "the kill should land before the commit"

    after = imported_texts(lib)
    added = after - before
    assert not added or (set(added) == set(texts) and max(added.values()) == 1), \
        f"a part of the file was kept: {len(added)} of {len(texts)}"
    if "committed" not in landed and phase == "embedding":
        assert not added

    code, out, err = run(capsys, "captions-import", new, "--library", lib)
    assert code == 0, err
    again = imported_texts(lib)
    assert again - before == Counter(texts)  # each exactly once, whatever the kill left
    assert again & before == before  # and the earlier captions untouched
    code, out, _ = run(capsys, "captions-import", new, "--library", lib)
    assert code == 0 and f"{N_CAPTIONS} were already in the library" in out
    assert imported_texts(lib) == again
