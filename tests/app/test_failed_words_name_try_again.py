"""A first index whose files failed for a reason of the moment (a read error of a share, a decoder that hung)
or whose read was denied (or a video not embedded again for a failure of the moment) said when the next
re-scan reads them, never the Try again the index strip showed under them, which reads them now; a failure
of any other kind named it. Whatever the failure, the window's words and its button agree: each names Try
again where the strip shows it (s58 E)."""

from __future__ import annotations

from types import SimpleNamespace

from app.index_panel import IndexPanel
from app.run_words import run_messages
from core.progress import Tally
from tests.app.test_try_failed_again import _reason

DENIED = "cannot read the file (Permission denied)"
MOMENT = "cannot read the file (Input/output error)"
HUNG = "decoding hung for more than 120 s"
BROKEN = "not a video file"
KEPT = _reason("Input/output error", True)  # (a video not embedded again, searched on its earlier moments)
KEPT_CHANGED = _reason("Invalid data found when processing input", False)


def _said(failed) -> str:
    """The window's warning at the end of a first index whose files ``failed`` ((path, reason))."""
    done = SimpleNamespace(kind="finished", failed=failed, files_total=len(failed) + 1, moments=3)
    tally = Tally()
    tally.add(SimpleNamespace(kind="file_done", phase="full", current="/v/fine.mp4", error=""))
    for path, reason in failed:
        tally.add(SimpleNamespace(kind="file_failed", phase="full", current=path, error=reason))
    return " ".join(t for level, t in run_messages(done, tally) if level == "warning")


def test_every_failure_the_strip_offers_try_again_for_is_said_with_it(show_view):
    panel = show_view(IndexPanel())
    for reasons in ([DENIED], [MOMENT], [HUNG, MOMENT], [DENIED, MOMENT], [DENIED, DENIED, HUNG], [BROKEN],
                    [BROKEN, DENIED], [KEPT], [KEPT, KEPT], [KEPT, KEPT_CHANGED]):
        failed = [(f"/v/clip{i}.mp4", reason) for i, reason in enumerate(reasons)]
        panel.set_failed(failed)
        assert panel._again.isVisibleTo(panel), reasons  # (the strip's button, under them)
        said = _said(failed)
        assert said.startswith((f"{len(failed)} file", f"{len(failed)} video")), said
        assert said.endswith((" with Try again.", " with Try again once they are.")), said
