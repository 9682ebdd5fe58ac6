"""A library of reader 20 checks its MP4/MOV files once after reader 21 (``core.reader_recheck.steady_mp4``). 21
changed only the stills of a fragmented MP4 whose samples FFmpeg's index at open did not list whole; without a
segment index ('sidx': OBS's fragmented recordings, a phone's crash-safe file) FFmpeg's open reads every 'moof', its
index lists every sample (66 of 66 in each layout here, sound or not), and 20 told its stills as 21 does. Such a file
is kept from its tables alone, never opened (8ad6db1 opened every fragmented one: FFmpeg reading every fragment
again). A segment-indexed one is still opened: a global 'sidx' (its index at open: the first fragments, 32 of 66),
or one before each fragment (all but the last, 64 of 66: FFmpeg stops where a 'sidx' reaches the file's end)."""

from __future__ import annotations

import pytest

av = pytest.importorskip("av")

from core.decode_pool import DecodeSpec, ReadsOtherwise, decode_file  # noqa: E402
from core.reader_recheck import steady_mp4  # noqa: E402
from tests.recheck_library import read_alike  # noqa: E402
from tests.remux import remux  # noqa: E402
from tests.test_reader_fragments import write_with_sound  # noqa: E402
from tests.test_reader_recheck_21 import later_stills  # noqa: E402
from tests.test_vfr_mp4_end import TIMES as SCREEN, write_vfr  # noqa: E402

LAYOUTS = ("frag_keyframe+empty_moov", "frag_keyframe", "frag_every_frame+empty_moov",
           "frag_keyframe+empty_moov+default_base_moof", "separate_moof+frag_keyframe+empty_moov")
CHECK = DecodeSpec(size=None, recheck_of=20, check_only=True)  # (a library of 20's check, as the indexer asks it)


def _opens(monkeypatch) -> list[str]:
    """The files FFmpeg opens from now on."""
    opened: list[str] = []
    real = av.open

    def counted(path, *args, **kwargs):
        opened.append(str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(av, "open", counted)
    return opened


def test_a_library_of_20_keeps_its_fragmented_mp4s_without_a_segment_index_unopened(tmp_path, monkeypatch):
    screen = write_vfr(tmp_path / "screen.mp4", SCREEN, 2)  # (B-frames and stills: a screen recording)
    paths = [remux(screen, tmp_path / f"{k}.mp4", movflags=layout) for k, layout in enumerate(LAYOUTS)]
    paths.append(write_with_sound(tmp_path / "sound.mp4", "frag_keyframe+empty_moov", bframes=2))
    for path in paths:  # (FFmpeg's index at open lists every sample: 20 read it as 21 does)
        with av.open(str(path)) as container:
            assert len(container.streams.video[0].index_entries) == (66 if path != paths[-1] else 50), path.name
        assert read_alike(path, 20), path.name
    opened = _opens(monkeypatch)
    for path in paths:
        assert decode_file(str(path), CHECK) == (None, None), path.name
    assert opened == []  # (the old check: each of the 6 opened, then kept)
    assert all(steady_mp4(str(path), 20) for path in paths)


def test_a_library_of_20_still_opens_its_segment_indexed_mp4s(tmp_path, monkeypatch):
    later = later_stills(tmp_path / "sidx.mp4")  # (a global 'sidx', stills after its first fragment: 20 skipped them)
    each = remux(write_vfr(tmp_path / "screen.mp4", SCREEN, 2), tmp_path / "dash.mp4", movflags="dash")
    with av.open(str(each)) as container:  # (a 'sidx' before each fragment: the last one's samples not listed)
        assert len(container.streams.video[0].index_entries) < len(SCREEN)
    opened = _opens(monkeypatch)
    assert not steady_mp4(str(later), 20) and not steady_mp4(str(each), 20)
    with pytest.raises(ReadsOtherwise):
        decode_file(str(later), CHECK)
    info, moments = decode_file(str(each), CHECK)  # (opened, its stills told alike: kept)
    assert info is not None and moments is None
    assert len(opened) == 2


@pytest.mark.parametrize("bframes", [0, 2])
def test_a_library_of_20_keeps_its_segment_indexed_mp4s_without_stills_unopened(tmp_path, monkeypatch, bframes):
    """A segment-indexed MP4 (a DASH download) whose table says no frame is shown ``STILL_S`` or more, nor seems so
    among any first samples FFmpeg's index lists (its longest sample and its composition offsets' spread together
    shorter: ``mp4_samples.never_held``), has no stills by 21's count nor by 20's: kept from its tables alone. The
    old check opened each (guessing from the decoder's B-frames), then kept it."""
    src = write_with_sound(tmp_path / "src.mp4", "", seconds=8, bframes=bframes)
    paths = [remux(src, tmp_path / f"{k}.mp4", movflags=layout)
             for k, layout in enumerate(("dash+global_sidx", "dash", "frag_keyframe+global_sidx"))]
    for path in paths:  # (FFmpeg's index at open lists a part: what the old check opened the file for)
        with av.open(str(path)) as container:
            assert len(container.streams.video[0].index_entries) < 80, path.name
        assert read_alike(path, 20), path.name  # (opened, it is kept: nothing to re-index)
    opened = _opens(monkeypatch)
    for path in paths:
        assert decode_file(str(path), CHECK) == (None, None), path.name
    assert opened == []
