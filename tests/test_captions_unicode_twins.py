"""A caption file that names videos in the other Unicode spelling of the names the library holds
(``Café.mp4`` composed, NFC, as Windows and Linux write it, of a file a Mac copied decomposed, NFD,
or the other way round) linked none of its captions: ``seekframe captions-import`` said 'Imported 2
captions (0 linked to videos, 2 naming videos not in the library)'. Now a reference that matches no
video as written is looked up with both spellings composed, by path, name or stem, folders too; as
written still comes first, so of two distinct files named in the two spellings each keeps its own."""

from __future__ import annotations

import unicodedata

import pytest

from core.captions import VideoFinder
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.test_folder_spellings_links import row
from tests.videos import Segment, write_video

NAMES = ("Café.mp4", "Ålesund.mov", "Łódź/Noël.mkv")
SPELLINGS = [("NFD", "NFC"), ("NFC", "NFD")]


def spelt(form: str, text: str) -> str:
    return unicodedata.normalize(form, text)


@pytest.mark.parametrize("library,file", SPELLINGS, ids=["library-NFD", "library-NFC"])
@pytest.mark.parametrize("how", ["path", "name", "stem", "folder/name"])
def test_a_reference_in_the_other_spelling_finds_the_video(library, file, how):
    videos = [row(spelt(library, f"/v/{n}"), "/v") for n in NAMES] + [row("/v/plain.mp4", "/v")]
    finder = VideoFinder(videos)
    for name, video in zip(NAMES, videos):
        ref = {"path": f"/v/{name}", "name": name.rsplit("/", 1)[-1], "stem": name.rsplit("/", 1)[-1].rsplit(".", 1)[0],
               "folder/name": name}[how]
        assert finder.find(spelt(file, ref)) is video, (how, ascii(ref))
    assert finder.find("plain") is videos[-1] and finder.find(spelt(file, "Cafe.mp4")) is None


def test_as_written_first_where_both_spellings_are_videos():
    nfc, nfd = row(spelt("NFC", "/v/Café.mp4"), "/v"), row(spelt("NFD", "/v/Café.mp4"), "/v")
    finder = VideoFinder([nfc, nfd])
    assert finder.find(spelt("NFC", "Café.mp4")) is nfc and finder.find(spelt("NFD", "Café.mp4")) is nfd
    finder = VideoFinder([nfd, nfc])
    assert finder.find(spelt("NFC", "/v/Café.mp4")) is nfc and finder.find(spelt("NFD", "/v/Café.mp4")) is nfd


@pytest.mark.parametrize("library,file", SPELLINGS, ids=["library-NFD", "library-NFC"])
def test_captions_import_links_names_in_the_other_spelling(tmp_path, capsys, monkeypatch, library, file):
    use_encoder(monkeypatch, FixedTextEncoder)
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    for i, name in enumerate(("Café.mp4", "Ålesund.mov")):
        write_video(videos / spelt(library, name), [Segment(2, ["red", "blue"][i])], seed=i)
    assert run_cli(capsys, "index", videos, "--library", lib, "-q")[0] == 0
    captions = tmp_path / "captions.csv"
    captions.write_text(spelt(file, "video,caption\nCafé.mp4,a red café\nÅlesund,a blue fjord\n"), encoding="utf-8")
    code, out, err = run_cli(capsys, "captions-import", captions, "--library", lib)
    assert code == 0 and "Imported 2 captions (2 linked to videos)" in out, out + err
    code, out, err = run_cli(capsys, "captions", videos / spelt(library, "Ålesund.mov"), "--library", lib)
    own = out.split("Captions that describe it")[0]  # (its own captions; then the nearest of any clip)
    assert code == 0 and "a blue fjord" in own and "a red café" not in own, out + err


@pytest.mark.parametrize("library,file", SPELLINGS, ids=["library-NFD", "library-NFC"])
def test_a_name_not_in_plain_ascii_that_names_no_video_is_none(library, file):
    """The composed look-up looked up again without end (a finder of composed names made a finder of its own
    for every reference it did not find: RecursionError), so a caption row naming a video not in the library
    whose name is not plain ASCII stopped the whole import."""
    finder = VideoFinder([row(spelt(library, "/v/Café.mp4"), "/v"), row("/v/plain.mp4", "/v")])
    for ref in ("Zoë.mp4", "/v/Zoë.mp4", "Łódź/Noël"):
        assert finder.find(spelt(file, ref)) is None, ascii(ref)
    assert finder.find(spelt(file, "Café.mp4")) is finder.videos[0]
