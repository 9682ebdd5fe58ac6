"""HDR video to the SDR picture a model was trained on and a person's thumbnail shows.

Phones record HDR by default (HLG on iPhones, HDR10's PQ on many Android phones): 10-bit frames
whose numbers mean light through another curve and in the wider BT.2020 colours. Read as if they
were SDR, they look grey and washed out, and a model sees a faded world. FFmpeg's own tone
mapping needs the zimg library, which PyAV's FFmpeg lacks, so it is done here, on the frame
already scaled to the model's size (a few milliseconds at 224 px): FFmpeg converts the YUV to
16-bit R'G'B' with the frame's own matrix, then the signal is turned into light (PQ's or HLG's
curve), with HDR reference white (BT.2408: 203 cd/m², 75% HLG) as SDR white, brought into BT.709
colours, its highlights rolled off above ``KNEE`` and encoded with the sRGB curve."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

# FFmpeg's AVColorTransferCharacteristic and AVColorPrimaries values
TRC_PQ, TRC_HLG = 16, 18
PRIMARIES_BT2020 = 9

PQ_REFERENCE_WHITE = 203.0  # cd/m², BT.2408
HLG_REFERENCE_SIGNAL = 0.75  # BT.2408
KNEE = 0.8  # linear SDR light below this is kept as it is

# linear BT.2020 RGB to linear BT.709 RGB (BT.2087)
BT2020_TO_BT709 = np.array([[1.6605, -0.5876, -0.0728],
                            [-0.1246, 1.1329, -0.0083],
                            [-0.0182, -0.1006, 1.1187]], np.float32)

_M1, _M2 = 2610 / 16384, 2523 / 4096 * 128
_C1, _C2, _C3 = 3424 / 4096, 2413 / 4096 * 32, 2392 / 4096 * 32
_HLG_A, _HLG_B, _HLG_C = 0.17883277, 0.28466892, 0.55991073


def transfer_of(frame) -> str:
    """``"pq"``, ``"hlg"`` or ``""`` (SDR) for a decoded PyAV frame."""
    trc = getattr(frame, "color_trc", 0)
    return {TRC_PQ: "pq", TRC_HLG: "hlg"}.get(int(trc or 0), "")


def wide_gamut(frame) -> bool:
    return int(getattr(frame, "color_primaries", 0) or 0) == PRIMARIES_BT2020


def pq_to_nits(signal: np.ndarray) -> np.ndarray:
    """SMPTE ST 2084's EOTF: a PQ signal in [0, 1] to cd/m² (0 to 10,000)."""
    p = np.power(np.clip(signal, 0.0, 1.0), 1.0 / _M2)
    return 10000.0 * np.power(np.maximum(p - _C1, 0.0) / (_C2 - _C3 * p), 1.0 / _M1)


def nits_to_pq(nits: np.ndarray) -> np.ndarray:
    """ST 2084's inverse EOTF: cd/m² to a PQ signal."""
    y = np.power(np.clip(np.asarray(nits, np.float64) / 10000.0, 0.0, 1.0), _M1)
    return np.power((_C1 + _C2 * y) / (1.0 + _C3 * y), _M2)


def hlg_to_scene(signal: np.ndarray) -> np.ndarray:
    """BT.2100's inverse HLG OETF: a signal in [0, 1] to scene light in [0, 1]."""
    e = np.clip(signal, 0.0, 1.0)
    low = e * e / 3.0
    high = (np.exp((e - _HLG_C) / _HLG_A) + _HLG_B) / 12.0
    return np.where(e <= 0.5, low, high)


def scene_to_hlg(light: np.ndarray) -> np.ndarray:
    """BT.2100's HLG OETF."""
    e = np.clip(np.asarray(light, np.float64), 0.0, 1.0)
    return np.where(e <= 1 / 12, np.sqrt(3.0 * e), _HLG_A * np.log(np.maximum(12.0 * e - _HLG_B, 1e-12)) + _HLG_C)


def roll_off(light: np.ndarray) -> np.ndarray:
    """Linear light kept below ``KNEE``, brought smoothly under 1 above it (slope 1 at the knee)."""
    span = 1.0 - KNEE
    over = np.maximum(light - KNEE, 0.0)
    return np.where(light <= KNEE, light, KNEE + span * (1.0 - np.exp(-over / span)))


def srgb_encode(light: np.ndarray) -> np.ndarray:
    x = np.clip(light, 0.0, 1.0)
    return np.where(x <= 0.0031308, 12.92 * x, 1.055 * np.power(x, 1 / 2.4) - 0.055)


def srgb_decode(value: np.ndarray) -> np.ndarray:
    v = np.clip(np.asarray(value, np.float64), 0.0, 1.0)
    return np.where(v <= 0.04045, v / 12.92, np.power((v + 0.055) / 1.055, 2.4))


@lru_cache(maxsize=2)
def _light_table(transfer: str) -> np.ndarray:
    """Every 16-bit signal value's light, SDR white 1 (a lookup: the curves cost ~10 ms a frame)."""
    signal = np.arange(65536, dtype=np.float64) / 65535
    if transfer == "pq":
        light = pq_to_nits(signal) / PQ_REFERENCE_WHITE
    elif transfer == "hlg":
        light = hlg_to_scene(signal) / hlg_to_scene(np.float64(HLG_REFERENCE_SIGNAL))
    else:
        raise ValueError(f"not an HDR transfer: {transfer!r}")
    return light.astype(np.float32)


@lru_cache(maxsize=1)
def _sdr_table() -> np.ndarray:
    """8-bit sRGB of linear light from 0 to ``_MAX_LIGHT`` in steps of 1/``_STEPS``, rolled off."""
    light = np.arange(int(_MAX_LIGHT * _STEPS) + 1, dtype=np.float64) / _STEPS
    return np.floor(srgb_encode(roll_off(light)) * 255.0 + 0.5).astype(np.uint8)


_STEPS = 8192  # per unit of light: finer than 8-bit sRGB's smallest step (1/3295 at black)
_MAX_LIGHT = 64.0  # PQ's 10,000 cd/m² is 49 times its reference white; above: white anyway


def to_sdr(rgb16: np.ndarray, transfer: str, bt2020: bool) -> np.ndarray:
    """16-bit R'G'B' of an HDR frame (``transfer`` ``"pq"`` or ``"hlg"``) to 8-bit sRGB."""
    light = _light_table(transfer)[rgb16]
    if bt2020:
        light = light @ BT2020_TO_BT709.T
    index = np.rint(np.clip(light, 0.0, _MAX_LIGHT) * _STEPS).astype(np.int32)
    return _sdr_table()[index]
