"""The rule read off search results' strength labels, Qt-free and light (no numpy, no LanceDB):
the app's GUI thread imports it, as ``core.search`` and the command line do."""

# what the window's tooltip adds after a result, or another clip's caption, that is no strong match
STRENGTH_TIP = {"weak": " (a weak match)", "none": " (not a real match: the closest there is)"}


def no_strong_match(results) -> bool:
    """True when the results are labelled (a calibrated model) and none is a strong match: the
    query found only its closest moments, not an answer. False for no results or no labels."""
    return bool(results) and all(r.strength in ("weak", "none") for r in results)
