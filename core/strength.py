"""The rule read off search results' strength labels, Qt-free and light (no numpy, no LanceDB):
the app's GUI thread imports it, as ``core.search`` and the command line do."""


def no_strong_match(results) -> bool:
    """True when the results are labelled (a calibrated model) and none is a strong match: the
    query found only its closest moments, not an answer. False for no results or no labels."""
    return bool(results) and all(r.strength in ("weak", "none") for r in results)
