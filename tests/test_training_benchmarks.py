"""The benchmarks' files under the names people download them by (beyond
``test_training_data_layouts``): each of these was refused, or read wrong, before."""

from __future__ import annotations

import pytest

from core.errors import SeekframeError
from training.config import load_config
from training.data import msvd
from training.data.splits import load_splits
from tests.test_training_data_faults import _msrvtt


@pytest.mark.parametrize("name", ["video_corpus.csv", "MSVD_corpus.csv"])
def test_msvd_corpus_csv_under_the_name_most_code_gives_it(tmp_path, name):
    """``video_corpus.csv`` (the corpus as the S2VT-era code distributes it): 'train_list.txt:
    annotation file not found'."""
    rows = ["VideoID,Start,End,WorkerID,Source,AnnotationTime,Language,Description"]
    clips = [(f"-y{k:02d}_x", k, k + 7) for k in range(40)]
    for k, (y, s, e) in enumerate(clips):
        rows += [f'{y},{s},{e},1,clean,20,English,"a dog, running {k}"', f"{y},{s},{e},2,clean,20,French,un chien {k}",
                 f"{y},{s},{e},3,clean,20,English,a dog runs {k}"]
    (tmp_path / name).write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "YouTubeClips").mkdir()
    for y, s, e in clips:
        (tmp_path / "YouTubeClips" / f"{y}_{s}_{e}.avi").write_bytes(b"\0")  # (stand-ins: never decoded)
    train, val, test = load_splits(load_config(None, [f"data.root={tmp_path}", "data.format=msvd"]))
    assert (len(train), len(val), len(test)) == (24, 2, 14)  # the standard shares, in order, val its own
    assert train.entries[0].video_id == "-y00_x_0_7"
    assert train.entries[0].captions == ["a dog, running 0", "a dog runs 0"]  # English rows only
    assert test.entries[0].path == str(tmp_path / "YouTubeClips" / "-y26_x_26_33.avi")
    assert msvd.CORPUS in msvd.LAYOUTS and name in msvd.LAYOUTS


def test_the_generated_world_is_never_written_over_a_real_download(tmp_path):
    """``--config synthetic --set data.root=data/msrvtt`` (data.format left at synthetic) wrote the
    world's MSRVTT_data.json and videos/video<N>.mp4 over the user's MSR-VTT."""
    from training.data import synthetic

    root = _msrvtt(tmp_path / "msrvtt", n=6)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    cfg = load_config(None, [f"data.root={root}", "data.generate.n_videos=4"])
    with pytest.raises(SeekframeError, match=r"holds files that no generated world wrote .*Set data\.format"):
        load_splits(cfg)
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before
    world = dict(n_videos=4, size=(32, 24), seconds=(1, 2), captions_per_video=2)
    synthetic.generate(tmp_path / "new", **world)  # an empty or missing folder: written
    assert synthetic.is_written(tmp_path / "new", **world)
    (tmp_path / "new" / synthetic.MANIFEST).unlink()  # a world cut short (its manifest comes last)...
    (tmp_path / "new" / synthetic.WRITING).write_text("{}")
    synthetic.generate(tmp_path / "new", **world)  # ...is its own: written again
    assert synthetic.is_written(tmp_path / "new", **world)
    synthetic.generate(tmp_path / "new", **{**world, "n_videos": 5})  # another world of its own: replaced
    assert synthetic.is_written(tmp_path / "new", **{**world, "n_videos": 5})
