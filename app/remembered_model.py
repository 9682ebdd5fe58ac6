"""The model the window last used (its settings' ``model/source``), which a library with no model yet
tries first (``app.engine.OpenRun.candidates``), as this install has it.

The settings outlive an install: an update that puts Seekframe elsewhere (0fd2f02 kept the bundled
models in ``resources/models/``, later versions in ``core/resources/models/``; a wheel of another
Python, an app folder of a new version) leaves the folder remembered gone. Tried as it was, a new
library's open warned 'model folder not found: <old folder> … Using another model instead.' before it
loaded this install's very model. ``here`` gives this install's folder of the bundled model that
folder was (``core.earlier_builds.bundled_name``, the rule a library's own recorded folder follows:
``earlier_builds.for_library``), silently; an earlier build of it kept in the cache gives this
version's build too (a new library starts on this version's). A user's own model folder is given as
it is: gone, it is tried and said as such. In the opening worker: it looks at the disk."""

from __future__ import annotations


def here(source: str | None) -> str | None:
    """``source`` as this install has it: a bundled model's folder (this install's, a gone install's,
    an earlier build of it made in the cache) as this install's folder of that model; any other as
    it is (None or '' too)."""
    if not source:
        return source
    from core.earlier_builds import current_build

    return current_build(source) or source
