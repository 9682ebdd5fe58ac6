"""The app's name for :mod:`core.timefmt`, the one time formatter (Qt-free, shared with the CLI)."""

from core.timefmt import clip_time_texts, format_bytes, format_clip_time, format_eta, format_range, format_time

__all__ = ["clip_time_texts", "format_bytes", "format_clip_time", "format_eta", "format_range", "format_time"]
