"""JSON read from a file a user handed us (a model folder's config, tokenizer and card files):
``loads`` is ``json.loads`` but for lists or objects nested thousands deep (``[[[[…``), where
Python's parser runs out of recursion: a RecursionError, which no reader's ``except ValueError``
took (``seekframe search --model DIR`` ended in a traceback, "a fault of Seekframe's"). It is
raised as ``TooDeep``, a ValueError, as any other JSON no reader can take."""

from __future__ import annotations

import json


class TooDeep(ValueError):
    """JSON nested too deeply for Python's parser: no file Seekframe reads holds such."""


def loads(data: str | bytes):
    try:
        return json.loads(data)
    except RecursionError:
        raise TooDeep("its JSON is nested too deeply (lists or objects within each other thousands deep)") from None
