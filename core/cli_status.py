"""``seekframe status``: what the library holds, whether library.json agrees with its tables,
what its model knows, and the hint to switch a real-footage library off the demo model."""

from __future__ import annotations

import contextlib
import io
import json
import sys


def model_hint(lib, card, library_arg: str | None = None) -> str:
    """A hint when a library of real videos is indexed with a model of the generated world
    (libraries indexed with the demo model before it had a library of its own)."""
    from .model_choice import bundled_real_model, is_demo_library

    from .demo import holds_real_videos
    from .library.records import DONE

    if card is None or card.domain != "generated" or is_demo_library(lib.root):
        return ""
    if not holds_real_videos(v.path for v in lib.videos() if v.status == DONE):
        return ""
    real = bundled_real_model()
    model = f'"{real}"' if real else "openai/clip-vit-base-patch32"
    where = f' --library "{library_arg}"' if library_arg else ""
    return ("This library uses the demo model, which only knows generated shapes; switch to the "
            f"real-footage model: seekframe index --reindex{where} --model {model}")


def print_library_status(lib, as_json: bool, library_arg: str | None = None) -> int:
    """Exit code 0, or 2 when library.json and the tables disagree (the message says how to repair)."""
    from .encoders.card import card_of_source
    from .progress import print_status

    source = lib.meta.model_source
    card = card_of_source(source) if source else None
    if as_json:
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            code = print_status(lib, as_json=True)
        data = json.loads(buf.getvalue())
        if card is not None:
            data["model_card"] = card.to_json()
        data.update(problems=lib.meta_problems, notes=lib.meta_notes)
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 2 if lib.meta_problems else code
    code = print_status(lib, as_json=False)
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
