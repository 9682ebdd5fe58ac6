"""The rule read off search results' strength labels, Qt-free and light (no numpy, no LanceDB):
the app's GUI thread imports it, as ``core.search`` and the command line do."""

# what the window's tooltip adds after a result, or another clip's caption, that is no strong match
STRENGTH_TIP = {"weak": " (a weak match)", "none": " (not a real match: the closest there is)"}


def no_strong_match(results) -> bool:
    """True when the results are labelled (a calibrated model) and none is a strong match: the
    query found only its closest moments, not an answer. False for no results or no labels."""
    return bool(results) and all(r.strength in ("weak", "none") for r in results)


def measured_here(world: str, paths) -> bool:
    """Whether similar clips' thresholds measured on ``world``'s footage (``card.SimilarCalibration.world``)
    read the scores of a library of these videos: those measured on the demo world only where it
    holds the demo clips alone (the demo model scores real clips alike whatever they show: 0.99 and
    more between clips of nothing in common, ``tools/calibrate_similar.py --world real``); those
    measured on real footage, any; a card that names no world, or one not known (written by hand, or
    by an older script), none: its numbers may be the demo world's, which would call every clip alike."""
    if world != "demo":
        return world == "real"
    from .demo import holds_real_videos  # (OpenCV: only for a model measured on the demo world)

    return not holds_real_videos(paths)
