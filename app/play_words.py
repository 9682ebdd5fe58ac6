"""What the preview says when it cannot play a file (``app.player``; the preview's controller
compares a player's error with :func:`missing_file_message` to tell a file gone)."""

from __future__ import annotations

from PySide6.QtMultimedia import QMediaPlayer

from core.filenames import shown

_REASONS = {
    QMediaPlayer.Error.ResourceError: "the file could not be opened or read",
    QMediaPlayer.Error.FormatError: "its format or codec is not supported here",
    QMediaPlayer.Error.NetworkError: "the network location could not be reached",
    QMediaPlayer.Error.AccessDeniedError: "permission to read it was denied",
}


def missing_file_message(path: str) -> str:
    return (f"Cannot play {shown(path)}: the file is not there. It may have been moved, renamed or "
            "deleted, or it is on a drive that is not connected.")


def cannot_play_message(path: str, err: QMediaPlayer.Error, text: str) -> str:
    """The media player's error ``err`` (its own words: ``text``) on the file at ``path``, said."""
    reason = _REASONS.get(err, "it could not be played")
    detail = f" ({text.rstrip('.')})" if text else ""
    return f"Cannot play {shown(path)}: {reason}{detail}."
