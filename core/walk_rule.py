"""The rules a walk of a library folder follows at each entry of a folder it lists, one set for the
re-scan's walk (``core.scan._walk``) and ``core.gone_rule``'s, which asks of one folder what the re-scan
finds there (every folder read, a video there), so that the two never disagree: hidden names passed
over, a link that leads nowhere (its target not there, or a loop) no folder it cannot read, links to
folders followed, a file named as a video (``is_video_name``: ``VIDEO_EXTENSIONS``) listed unless it is
a still image or a music module."""

from __future__ import annotations

import os
from typing import NamedTuple

from .file_kinds import gif_frames, is_tracker_module
from .scan_links import leads_nowhere
from .webp import scans_as_video

FOLDER, VIDEO, OTHER = "folder", "video", "other"

VIDEO_EXTENSIONS = frozenset(
    {
        ".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi", ".wmv", ".flv", ".mpg", ".mpeg",
        ".m2v", ".ts", ".mts", ".m2ts", ".3gp", ".3g2", ".ogv", ".vob", ".divx", ".asf",
        ".qt", ".dv", ".m1v", ".f4v", ".mxf", ".rm", ".rmvb", ".gif",
        ".webp",  # an animated one (a phone's or a messenger's clip, a sticker); a still one is an image
        # recorders' own names: JVC Everio camcorders (.mod, .tod), HDV (.m2t), DVD recorders
        # (VIDEO_RM.VRO, .m2p), satellite and cable boxes (.trp, .tp), Windows Media Center
        # (.wtv, .dvr-ms), Android (.3gpp), 3D cameras (.mk3d), Dahua CCTV exports (.dav: core.dhav)
        ".mod", ".tod", ".m2t", ".vro", ".m2p", ".trp", ".tp", ".wtv", ".dvr-ms", ".3gpp", ".mk3d", ".dav",
        # bare video streams, no container (security cameras' and DVRs' exports): frames at the
        # stream's own rate, else FFmpeg's 25 a second, as players show them
        ".h264", ".264", ".h265", ".265", ".hevc", ".mjpeg", ".mjpg",
    }
)


def is_video_name(name: str) -> bool:
    """Whether a file named ``name`` is read as a video, by its extension. A hidden one too: a
    folder's walk passes over hidden files before it asks, but a hidden video named on its own
    (``seekframe index ~/Videos/.surprise.mp4``) is indexed."""
    return os.path.splitext(name)[1].lower() in VIDEO_EXTENSIONS


def entry_rule(entry: os.DirEntry) -> str:
    """How a walk of a library folder takes an entry of a folder it lists, the same for ``_walk`` and
    for ``gone_rule``'s walk, which asks what this one finds: "" passed over (hidden), ``DANGLING`` or
    ``LOOP`` (a link that leads nowhere, its target gone meanwhile too: never a folder not read),
    ``FOLDER`` (a link to one too), ``VIDEO`` (named as one), ``OTHER``. OSError: it cannot be read."""
    if entry.name.startswith("."):
        return ""
    if entry.is_symlink() and (nowhere := leads_nowhere(entry.path)):
        return nowhere
    try:
        if entry.is_dir(follow_symlinks=True):
            return FOLDER
    except OSError:
        if entry.is_symlink() and (nowhere := leads_nowhere(entry.path)):
            return nowhere
        raise
    return VIDEO if is_video_name(entry.name) else OTHER


class Unlisted(NamedTuple):
    """Why a file named as a video is not listed: ``kind``, the scan's skipped count it goes to ("image",
    "audio file": ``ScanResult.skipped``), and ``why``, the words said of it ("": counted only, not named)."""

    kind: str
    why: str


def listed_as_video(path: str) -> Unlisted | None:
    """None when a regular file named as a video is listed by the scan; else why not (``_add_video``)."""
    if path.lower().endswith(".gif") and gif_frames(path) < 2:
        return Unlisted("image", "a still image (a GIF with one frame), not a video")
    if path.lower().endswith(".webp") and not scans_as_video(path):  # (a photo, as most WebP files are)
        return Unlisted("image", "")  # (counted as other images are, not named one by one)
    if path.lower().endswith(".mod") and is_tracker_module(path):
        return Unlisted("audio file", "a music module (.mod), not a camcorder's video")
    return None
