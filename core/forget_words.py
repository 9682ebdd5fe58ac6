"""What a folder's removal says it removed, one way for every front end: ``FinishedRemoval`` (the
count of a removal an earlier try left part-way, finished now), ``removed_count`` (its videos and
the files that could not be read or were skipped as no video that went with them,
``core.library.folder_forget.Removed``'s ``unread`` and ``not_videos``), ``forget_summary`` (the
CLI's forget and the window's removal). No Qt, no printing."""

from __future__ import annotations

from .plural import count


class FinishedRemoval(int):
    """``forget_folder``'s count when the call finished a removal an earlier one left part-way
    (a full disk refused its last write, or it was killed): the videos it removed in all, 0 when
    not known (their rows went in another process's or an earlier run's try); ``unread``: the files
    that are no videos that went with them, ``not_videos`` the kinds of those skipped as no video
    (taken from a ``folder_forget.Removed`` given, as its own)."""

    unread: int = 0
    not_videos: tuple[str, ...] = ()

    def __new__(cls, videos: int = 0, unread: int | None = None, not_videos: tuple[str, ...] | None = None):
        self = super().__new__(cls, videos)
        self.unread = getattr(videos, "unread", 0) if unread is None else unread
        self.not_videos = tuple(getattr(videos, "not_videos", ()) if not_videos is None else not_videos)
        return self


def together(counts, kind=FinishedRemoval):
    """The removals ``counts`` (``folder_forget.Removed``, ``FinishedRemoval``, plain ints) as one of
    ``kind``: their videos, their files that are no videos (``unread``) and the kinds of those skipped
    as no video (``not_videos``) added up."""
    counts = list(counts)
    return kind(sum(counts), sum(getattr(k, "unread", 0) for k in counts),
                sum((tuple(getattr(k, "not_videos", ())) for k in counts), ()))


def removed_count(n) -> str:
    """``n`` videos removed, and the files that went with them when there were any: those that could
    not be read, those skipped as no video (``n.unread`` in all, ``n.not_videos`` the kinds of the
    latter, as ``seekframe status`` says them): '1 video', '0 videos and 2 files that could not be
    read', '4 videos and 1 text file skipped as not a video'."""
    kinds = tuple(getattr(n, "not_videos", ()))
    unread = getattr(n, "unread", 0) - len(kinds)
    parts = [count(n, "video")] + ([f"{count(unread, 'file')} that could not be read"] if unread > 0 else [])
    if kinds:
        parts.append(f"{_kinds(kinds)} skipped as not {'a video' if len(kinds) == 1 else 'videos'}")
    return ", ".join(parts[:-1]) + f" and {parts[-1]}" if len(parts) > 1 else parts[0]


def _kinds(kinds: tuple[str, ...]) -> str:
    """'1 text file', '2 images', or of several kinds '3 files (2 images, 1 text file)'."""
    from collections import Counter

    from .scan import skipped_text  # (the scan's words for what it skips: "1 text file", "2 images")

    said = skipped_text(Counter(kinds))
    return said if len(set(kinds)) == 1 else f"{count(len(kinds), 'file')} ({said})"


def _a(kind: str) -> str:
    return ("an " if kind[:1] in "aeiou" else "a ") + kind


def names_a_video(n, path: str) -> bool:
    """Whether a removal of ``path`` that removed ``n`` (videos, ``n.unread`` files that are no
    videos) was of one video file (``seekframe forget clip.mp4``), not a folder: named as a video,
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
        kinds = getattr(n, "not_videos", ())  # (a text file saved as list.mov: said as the no video it was)
        what = ("the video " if n else "") + shown(folder) + ("" if n else f", {_a(kinds[0])} skipped as not a "
                                                                  "video," if kinds else ", a file that could not be read,")
        return (f"Removed {what} from the library (the file is untouched)." if n or getattr(n, "unread", 0)
                else f"{shown(folder)} was not in the library: nothing removed (the file is untouched).")
    return f"Removed {removed_count(n)} under {shown(folder)} from the library (the files are untouched)."
