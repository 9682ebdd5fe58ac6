"""What a folder's removal says it removed, one way for every front end: ``FinishedRemoval`` (the
count of a removal an earlier try left part-way, finished now), ``removed_count`` (its videos and
the files that could not be read that went with them, ``core.library.folder_forget.Removed``'s
``unread``), ``forget_summary`` (the CLI's forget and the window's removal). No Qt, no printing."""

from __future__ import annotations

from .plural import count


class FinishedRemoval(int):
    """``forget_folder``'s count when the call finished a removal an earlier one left part-way
    (a full disk refused its last write, or it was killed): the videos it removed in all, 0 when
    not known (their rows went in another process's or an earlier run's try); ``unread``: the files
    that could not be read that went with them (taken from a ``folder_forget.Removed`` given)."""

    unread: int = 0

    def __new__(cls, videos: int = 0, unread: int | None = None):
        self = super().__new__(cls, videos)
        self.unread = getattr(videos, "unread", 0) if unread is None else unread
        return self


def removed_count(n) -> str:
    """``n`` videos removed, and the files that could not be read that went with them when there were
    any (``n.unread``): '1 video', '0 videos and 2 files that could not be read'."""
    unread = getattr(n, "unread", 0)
    return count(n, "video") + (f" and {count(unread, 'file')} that could not be read" if unread else "")


def names_a_video(n, path: str) -> bool:
    """Whether a removal of ``path`` that removed ``n`` (videos, ``n.unread`` files that could not be
    read) was of one video file (``seekframe forget clip.mp4``), not a folder: named as a video,
    and one file at most went (nothing asked of the disk: the file may be gone, its drive away)."""
    from .walk_rule import is_video_name

    return is_video_name(path) and int(n) + getattr(n, "unread", 0) <= 1


def forget_summary(n: int, folder: str) -> str:
    from .filenames import shown  # (a name's newline or escape codes never act on the terminal)

    if isinstance(n, FinishedRemoval):  # (its videos went in the try that stopped: "Removed 0" would mislead)
        removed = f" ({removed_count(n)} removed in all)" if n or n.unread else ""
        return (f"The removal of {shown(folder)} from the library is finished{removed}: an earlier try had "
                "stopped part-way. The files are untouched.")
    if names_a_video(n, folder):  # (a file is no folder: nothing is "under" it; "Removed 1 video under clip.mp4")
        what = ("the video " if n else "") + shown(folder) + ("" if n else ", a file that could not be read,")
        return (f"Removed {what} from the library (the file is untouched)." if n or getattr(n, "unread", 0)
                else f"{shown(folder)} was not in the library: nothing removed (the file is untouched).")
    return f"Removed {removed_count(n)} under {shown(folder)} from the library (the files are untouched)."
