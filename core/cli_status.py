"""``seekframe status``: what the library holds, folder by folder (online or not, why vanished
videos were kept), whether library.json agrees with its tables, what its model knows, and the
hint to switch a real-footage library off the demo model."""

from __future__ import annotations

import json
import os
import sys

OFFLINE_REASONS = ("missing", "empty", "device")  # core.sync HOLD_REASONS keys meaning "not there"


def model_hint(lib, card, library_arg: str | None = None) -> str:
    """A hint when a library of real videos is indexed with a model of the generated world
    (libraries indexed with the demo model before it had a library of its own)."""
    from .model_choice import bundled_real_model, is_demo_library

    if card is None or card.domain != "generated" or is_demo_library(lib.root):
        return ""
    from .demo import holds_real_videos  # the demo world imports OpenCV: only when it can matter
    from .library.records import DONE

    if not holds_real_videos(v.path for v in lib.videos() if v.status == DONE):
        return ""
    real = bundled_real_model()
    model = f'"{real}"' if real else "openai/clip-vit-base-patch32"
    where = f' --library "{library_arg}"' if library_arg else ""
    return ("This library uses the demo model, which only knows generated shapes; switch to the "
            f"real-footage model: seekframe index --reindex{where} --model {model}")


def folder_report(lib) -> list[dict]:
    """Each library folder: ``path``; ``online`` (the folder is there now and its last index did
    not find it missing, empty or on another drive); ``held``, the ``core.sync.HOLD_REASONS``
    key saying why its vanished videos are kept offline instead of removed (None when none are;
    "missing" also when the folder is gone since), and ``why`` in words; ``videos`` by status."""
    from .library.records import DONE, FAILED, PENDING
    from .scan import is_under
    from .sync import HELD_ROOTS, HOLD_REASONS

    held = lib.settings.get(HELD_ROOTS)
    held = held if isinstance(held, dict) else {}
    videos = lib.videos()
    report = []
    for folder in lib.settings.get("folders", []):
        mine = [v for v in videos if is_under(v.path, folder)]
        reason = held.get(folder) if held.get(folder) in HOLD_REASONS else None
        if not (os.path.isdir(folder) or os.path.isfile(folder)):  # a video given by name is a root too
            reason = "missing"
        report.append({
            "path": folder, "online": reason not in OFFLINE_REASONS, "held": reason,
            "why": HOLD_REASONS[reason] if reason else None,
            "videos": {"total": len(mine), "done": sum(v.status == DONE for v in mine),
                       "failed": sum(v.status == FAILED for v in mine),
                       "pending": sum(v.status == PENDING for v in mine),
                       "offline": sum(v.offline for v in mine)},
        })
    return report


def _folder_line(f: dict) -> str:
    from .plural import count

    n = f["videos"]
    line = (f"Folder:  {f['path']}  {'online' if f['online'] else 'offline'}, {count(n['total'], 'video')} "
            f"({n['done']} done, {n['failed']} failed, {n['offline']} offline)")
    return line + (f"; kept: {f['why']}" if f["held"] else "")


def print_library_status(lib, as_json: bool, library_arg: str | None = None) -> int:
    """Exit code 0, or 2 when library.json and the tables disagree (the message says how to repair)."""
    from .encoders.card import card_of_source
    from .library.records import FAILED

    source = lib.meta.model_source
    card = card_of_source(source) if source else None
    failed = [(v.path, v.error) for v in lib.videos() if v.status == FAILED]
    offline = [v.path for v in lib.videos() if v.offline]
    folders = folder_report(lib)
    if as_json:
        data = {**lib.stats(), "library": str(lib.root), "folders": lib.settings.get("folders", []),
                "folder_status": folders, "failed": [{"path": p, "reason": r} for p, r in failed],
                "offline": offline, "model_switch": lib.model_switch}
        if card is not None:
            data["model_card"] = card.to_json()
        data.update(problems=lib.meta_problems, notes=lib.meta_notes)
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=str)
        sys.stdout.write("\n")
        return 2 if lib.meta_problems else 0
    code = 0
    print(f"Library: {lib.root}")
    print(f"Model:   {lib.meta.model_id or '(none yet)'}  {lib.meta.model_source}")
    switch = lib.model_switch
    if switch:
        print(f"Switching to the model {switch['model_source'] or switch['model_id']} (interrupted); "
              "`seekframe index` finishes it, captions and notes included.")
    for folder in folders:
        print(_folder_line(folder))
    for key, value in lib.stats().items():
        if key not in ("model_id",):
            print(f"  {key}: {value}")
    if failed:
        print("Failed files:")
        for p, r in failed:
            print(f"  {p}: {r}")
    if offline:
        print(f"Offline videos: {len(offline)} (kept; they are back when their folder is; "
              "`seekframe index --prune FOLDER` removes those that are really gone)")
        for folder in folders:
            if folder["videos"]["offline"]:
                print(f"  {folder['path']}: {folder['videos']['offline']} offline")
    for note in lib.meta_notes:
        print(f"Note:    {note}.")
    if lib.meta_problems:  # library.json and the tables disagree: say what and how to repair
        from .library.meta import REPAIR

        print("Problem: " + "; ".join(lib.meta_problems) + ". " + REPAIR)
        code = 2
    if card is not None:
        print("What the model knows:")
        for line in card.lines():
            print(f"  {line}")
        hint = model_hint(lib, card, library_arg)
        if hint:
            print(hint)
    return code
