"""What ``seekframe repair`` did, in words (``set_aside_text``): each table set aside and what follows
for the user (``after``: the next index embeds the videos again, caption files imported again), a
version rolled back, a cut data file taken out, a newest version gone taken as it reads, the
library description rebuilt, notes and imported captions put back; the index named in the front
end's words (the CLI's `seekframe index`, the window's re-scan: ``app.library_repair``)."""

from __future__ import annotations

from core.library import gone_versions, torn, torn_fragments
from core.library import meta as meta_io

_AFTER = {
    "moments": "{index} embeds your videos again; notes and captions are kept",
    "videos": "{index} finds your videos again as new and ties your notes to them, and your imported captions too",
    "captions": "import your caption files again: imported captions were in it (your notes are kept beside it)",
    "db": "{index} embeds your videos again and ties your notes to them; import your caption files again",
}


def after(table: str, index: str = "the next `seekframe index`") -> str:
    """What follows for the user once ``table`` is set aside; ``index``: how they index (the app's
    words for it: "the next re-scan")."""
    return _AFTER[table].format(index=index)


def set_aside_text(found: dict, index: str = "the next `seekframe index`", shown=str) -> str:
    """What ``repair`` did (``found``: {table, or "db": where it is now}), a sentence each."""
    what = {"db": "The library's tables folder was not a folder",
            meta_io.META_FILE: f"The library description {meta_io.META_FILE} could not be read"}
    text = " ".join(f"{what.get(name, f'The {name} table could not be read')}: set aside as {shown(str(where))}. "
                    f"Now {after(name, index)}." for name, where in found.items()
                    if name not in ("notes", "imported", "rebuilt", "rolled_back", "dropped", "forgot", "gone",
                                    meta_io.META_FILE))
    if lost := found.get("gone"):
        text = " ".join(gone_versions.accepted_text(name, *versions, index=index) for name, versions in lost.items()) \
            + " " + text
    if found.get("dropped"):
        text = f"{torn_fragments.dropped_text(found['dropped'], index)} {text}"
    if rolled := found.get("rolled_back"):
        text = " ".join(torn.rolled_back_text(name, moved) for name, moved in rolled.items()) + " " + text
    if meta_io.META_FILE in found:
        text = (f"{what[meta_io.META_FILE]}: set aside as {shown(str(found[meta_io.META_FILE]))}. "
                f"{found.get('rebuilt', '')} " + text)
    if found.get("notes"):
        n = found["notes"]
        text += f" {n} note{'s' if n != 1 else ''} you wrote {'were' if n != 1 else 'was'} put back from notes.jsonl."
    if found.get("imported"):
        n = found["imported"]
        text += (f" {n} imported caption{'s' if n != 1 else ''} {'were' if n != 1 else 'was'} put back from "
                 f"notes.jsonl ({'their' if n != 1 else 'its'} vectors made by {index}).")
    return text.strip()
