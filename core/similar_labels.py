"""``SimilarLabels``: the strength labels of similar clips (``Searcher.similar_clips``), by the
thresholds the model's card measured for them (``card.SimilarCalibration``), cut out of
``core.search``: a moment's (``moment``), a whole video's set similarity (``video``); none measured
for a whole video's mean vector against moments, nor for a card without them (unlabelled)."""

from __future__ import annotations

from .strength import measured_here


class SimilarLabels:
    def __init__(self, calibration):
        """``calibration``: the card's ``similar_calibration`` (None: measured for neither kind)."""
        self.calibration = calibration
        self._here: tuple = (None, True)  # (its key, whether the library is the footage they were measured on)

    def label(self, results: list, of_moment: bool, per_video: bool, videos) -> list:
        """``strength`` by the card's similar-clips thresholds: a moment's (``moment``), a whole video's
        set similarity (``video``); none measured for a whole video's mean vector against moments.
        ``videos``: a callable giving the library's videos (``Searcher._videos``), asked only when labelled."""
        sc = self.calibration
        calibration = (sc.moment if of_moment else sc.video if per_video else None) if sc is not None else None
        if calibration is not None and self._measured_here(sc.world, videos()):
            for r in results:
                r.strength = calibration.strength(r.score)
        return results

    def _measured_here(self, world: str, videos) -> bool:
        """``strength.measured_here`` for this library's indexed videos, asked again when they change (only
        thresholds measured on the demo world read them: no pass over the videos for the others)."""
        if world != "demo":
            return measured_here(world, ())
        if self._here[0] != (world, videos.done_key):
            paths = [v.path for v in videos.values() if v.video_id in videos.visible]
            self._here = ((world, videos.done_key), measured_here(world, paths))
        return self._here[1]
