"""A video kept by content is written to library.json with its row's fields (``core.library.gone_kept``).
An entry written before a later Seekframe added a field lacked it, and reading it raised KeyError: every
such entry was dropped silently, its moments swept at the next writer's open, the videos promised to be
kept 30 days lost (s52 review). A field with a default takes it; one without (the id, path, content) is
still needed."""

from __future__ import annotations

from types import SimpleNamespace

from core.library import LibrarySettings, VideoRecord, gone_kept


def test_an_entry_written_before_a_field_was_added_still_stands():
    rec = VideoRecord(video_id=f"{1:016x}", path="/v/A/1.mp4", root="/v/A", size=10, mtime=1.0,
                      content_hash="h1", status="done", model_id="m", epoch=2, n_moments=3, reader=20)
    now = 1_000_000_000.0
    older = {k: v for k, v in gone_kept.entry(rec, now, ["/v/B"]).items() if k not in ("reader", "duration")}
    damaged = {k: v for k, v in gone_kept.entry(rec, now, ["/v/B"]).items() if k != "content_hash"}
    meta = SimpleNamespace(model_id="m", settings=LibrarySettings(folders=["/v/A", "/v/B"],
                                                                  other={gone_kept.KEY: {rec.video_id: older}}))
    assert set(gone_kept.entries(meta, now=now)) == {rec.video_id}  # (the old module: dropped)
    back = gone_kept.record(older)
    assert back.reader == VideoRecord.reader and back.duration == VideoRecord.duration  # (their defaults)
    assert (back.video_id, back.path, back.epoch, back.n_moments) == (rec.video_id, rec.path, 2, 3)
    meta.settings.other[gone_kept.KEY] = {rec.video_id: damaged}
    assert gone_kept.entries(meta, now=now) == {}  # (no content to find it by: no entry)
