"""``--device``'s value read as the command line is parsed: a typo (``--device gpu``, ``cuda1``) is
refused at once, exit 2, instead of after the scan, the library made and the model loading begun
(``encoders.encoder.pick_device`` then said it: 15 s later, an empty library left behind). Whether
the device is there (a CUDA GPU, Apple's MPS) is still for ``pick_device`` to say, when the model
loads."""

from __future__ import annotations

import argparse
import re

_PLAIN = re.compile(r"(cpu|cuda|mps)(:\d+)?|auto")  # (the devices the help names, read without torch)


def device_arg(text: str) -> str:
    """``text`` when torch reads it as a device (or ``auto``, ``pick_device``'s own); else
    ArgumentTypeError saying which devices there are. torch is imported only for a value that is
    none of the plain ones (``xpu``, a typo)."""
    if _PLAIN.fullmatch(text):
        return text
    import torch

    try:
        torch.device(text)
    except (RuntimeError, TypeError, ValueError):
        raise argparse.ArgumentTypeError(f"{text!r} is not a device: use cpu, cuda (an NVIDIA GPU), cuda:1 (the "
                                         "second one) or mps (Apple's GPU)") from None
    return text


def env_device_error() -> str | None:
    """What is wrong with ``$SEEKFRAME_DEVICE`` (the default of ``--device``, read as
    ``pick_device`` reads it), None when it is unset or a device: a cron job's or a service's typo
    is refused as the command line is, before the scan, the library or the model."""
    import os

    typed = os.environ.get("SEEKFRAME_DEVICE", "").strip()
    if not typed:
        return None
    try:
        device_arg(typed)
    except argparse.ArgumentTypeError as exc:
        return f"$SEEKFRAME_DEVICE: {exc} (or unset it)"
    return None
