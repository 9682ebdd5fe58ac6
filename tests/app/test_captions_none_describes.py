"""The captions panel says when none of the other captions describes the clip well, and which are
weak or no real match, as the results grid says it of a search's results: every caption the library
held was listed under "5 other captions, closest first", one about nothing at -0.06 among them, as
if they matched (s53 search audit, the bundled real-footage model on real footage; the engine labels
each caption's strength by the model's calibration, ``Searcher.clip_captions``)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.captions_panel import CaptionsPanel, section_header
from core.search import CaptionResult

CLIP = ("v1", 4.0, 8.0)


@pytest.fixture
def panel(show_view, no_real_dialogs):
    return show_view(CaptionsPanel())


def others(strengths):
    texts = ["cars driving on a road", "a plate of food", "a dog running on the beach"]
    return [CaptionResult(t, 0.4 - 0.2 * i, "imported", f"c{i}", strength=s)
            for i, (t, s) in enumerate(zip(texts, strengths))]


def shown(panel):
    t = panel._tree
    return {t.topLevelItem(i).text(0): [t.topLevelItem(i).child(j) for j in range(t.topLevelItem(i).childCount())]
            for i in range(t.topLevelItemCount())}


def test_other_captions_none_strong_say_so_and_each_says_how_weak(panel):
    panel.show_captions("Captions for road.mp4 at 0:04", others(["weak", "none", "none"]), clip=CLIP)
    sections = shown(panel)
    assert "3 other captions, closest first: no close match" in sections, list(sections)
    rows = sections["3 other captions, closest first: no close match"]
    assert "(a weak match)" in rows[0].toolTip(0) and "(a weak match)" in rows[0].toolTip(1)
    assert "(not a real match: the closest there is)" in rows[2].toolTip(0)


def test_a_strong_caption_or_unlabelled_ones_are_headed_as_before(panel):
    panel.show_captions("Captions for road.mp4 at 0:04", others(["strong", "none", "none"]), clip=CLIP)
    rows = shown(panel)["3 other captions, closest first"]
    assert "match" not in rows[0].toolTip(0) and "(not a real match" in rows[1].toolTip(0)
    panel.show_captions("Captions for road.mp4 at 0:04", others(["", "", ""]), clip=CLIP)  # (no calibrated model)
    rows = shown(panel)["3 other captions, closest first"]
    assert all("match" not in r.toolTip(0) for r in rows)


def test_one_weak_caption_and_own_captions():
    assert section_header(False, 1, weak=True) == "1 other caption: no close match"
    assert section_header(True, 2, weak=True) == "On this clip (2)"  # (a clip's own are its own, whatever their score)
    assert section_header(False, 0, weak=True) == "Other captions, closest first"


def test_own_captions_are_never_marked(panel):
    own = replace(others(["none"])[0], video_id="v1", path="/v/road.mp4", start=4.0, end=8.0)
    panel.show_captions("Captions for road.mp4 at 0:04", [own], clip=CLIP)
    rows = shown(panel)["On this clip (1)"]
    assert "match" not in rows[0].toolTip(0)
