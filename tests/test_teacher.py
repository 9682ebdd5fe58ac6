"""The MCKD teacher on tiny configs: shapes, unit norms, both input regimes, and that its
multimodal contrastive loss can overfit a fixed tiny batch."""

from __future__ import annotations

import pytest
import torch

from tests.models import tiny_config, tiny_tokenizer
from training.losses import mckd_loss
from training.teacher import MotionStream, Teacher, normalize_teacher_config

CAPTIONS = ["a red square moving left", "a blue circle moving right", "a green star spinning",
            "a yellow ball bouncing"]


def _teacher(seed=0, **kw) -> Teacher:
    cfg = {"base": tiny_config(temporal="transformer"), **kw}
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return Teacher(cfg)


def _batch(b=4, t=4, size=32, seed=0):
    g = torch.Generator().manual_seed(seed)
    frames = torch.randint(0, 256, (b, t, size, size, 3), generator=g, dtype=torch.uint8)
    enc = tiny_tokenizer()(CAPTIONS[:b], padding=True, return_tensors="pt")
    return frames, enc["input_ids"], enc["attention_mask"]


def _assert_unit(out, b, d):
    for key in ("appearance", "motion", "video", "text"):
        assert out[key].shape == (b, d), key
        assert torch.allclose(out[key].norm(dim=-1), torch.ones(b), atol=1e-5), key


def test_forward_shapes_and_unit_norms():
    teacher = _teacher().eval()
    frames, ids, mask = _batch()
    with torch.no_grad():
        out = teacher(frames, ids, mask)
        _assert_unit(out, 4, 32)
        sim = teacher.similarity(out)
        assert sim.shape == (4, 4)
        assert torch.allclose(sim, out["text"] @ out["video"].T)
        # uint8 frames and the base model's preprocessed pixels give the same result
        again = teacher(teacher.base.preprocess(frames), ids, mask)
        assert torch.allclose(again["video"], out["video"], atol=1e-6)
        # appearance is exactly the base VideoTextModel's video embedding
        assert torch.allclose(out["appearance"], teacher.base.encode_video(teacher.base.preprocess(frames)),
                              atol=1e-6)
        assert torch.allclose(out["video"], torch.nn.functional.normalize(out["appearance"] + out["motion"]),
                              atol=1e-6)
        no_text = teacher(frames)
        assert "text" not in no_text and no_text["video"].shape == (4, 32)


def test_single_frame_moment_has_a_motion_embedding():
    teacher = _teacher().eval()
    frames, ids, mask = _batch(t=1)
    with torch.no_grad():
        _assert_unit(teacher(frames, ids, mask), 4, 32)


def test_motion_stream_sees_only_differences():
    torch.manual_seed(0)
    m = MotionStream(width=8, embed_dim=6, layers=2).eval()
    x = torch.randn(3, 5, 8)
    with torch.no_grad():
        assert torch.allclose(m(x), m(x + torch.randn(3, 1, 8)), atol=1e-5)  # a constant offset
        reverse = m(x.flip(1))
    assert not torch.allclose(m(x), reverse)  # direction of change matters


def test_feature_regime():
    teacher = _teacher(feature_dim=24).eval()
    _, ids, mask = _batch()
    feats = torch.randn(4, 6, 24)
    with torch.no_grad():
        out = teacher.forward_features(feats, ids, mask)
    _assert_unit(out, 4, 32)
    with pytest.raises(ValueError):
        teacher.forward_features(torch.randn(4, 6, 5), ids, mask)
    with pytest.raises(ValueError):
        _teacher().forward_features(feats, ids, mask)  # no feature_dim configured


def test_feature_projection_is_identity_at_width():
    teacher = _teacher(feature_dim=32)
    w = teacher.feature_proj.linear.weight
    assert torch.equal(w, torch.eye(32))


def test_config_validation_and_round_trip():
    base = tiny_config()
    with pytest.raises(ValueError):
        normalize_teacher_config({"base": base, "wings": 2})
    with pytest.raises(ValueError):
        normalize_teacher_config({"base": base, "motion": {"pool": "median"}})
    with pytest.raises(ValueError):
        normalize_teacher_config({"base": base, "motion": {"kernel_size": 2}})
    with pytest.raises(ValueError):
        normalize_teacher_config({"no": "base"})
    cfg = normalize_teacher_config({"base": base, "motion": {"layers": 1}})
    assert cfg["motion"]["kernel_size"] == 3 and cfg["temperature"] == 0.05
    teacher = _teacher(seed=3, motion={"layers": 1, "pool": "max"})
    rebuilt = Teacher(teacher.to_config())
    rebuilt.load_state_dict(teacher.state_dict())
    frames, ids, mask = _batch()
    with torch.no_grad():
        assert torch.allclose(rebuilt.eval()(frames, ids, mask)["video"],
                              teacher.eval()(frames, ids, mask)["video"], atol=1e-6)


def test_base_may_be_named_model_or_a_model_folder(tmp_path):
    from tests.models import save_tiny_model

    teacher = Teacher({"model": tiny_config(), "motion": {"kernel_size": 3, "layers": 2}})
    assert teacher.config["base"]["embed_dim"] == 32 and teacher.tokenizer is None
    folder = save_tiny_model(tmp_path / "base", seed=4)
    teacher = Teacher({"base": str(folder)}).eval()
    assert teacher.tokenizer is not None and isinstance(teacher.config["base"], dict)
    frames, ids, mask = _batch()
    with torch.no_grad():
        out = teacher(frames, ids, mask)
        # the evaluation helpers give the fused video and the text embeddings
        assert torch.allclose(teacher.encode_video(frames), out["video"], atol=1e-6)
        assert torch.allclose(teacher.encode_text(ids, mask), out["text"], atol=1e-6)
    assert teacher.text_max_length == teacher.base.text_max_length
    Teacher(teacher.to_config())  # a folder-based teacher's config rebuilds without the folder


def test_learned_temperature_follows_logit_scale():
    teacher = _teacher(learn_temperature=True)
    tau = teacher.temperature()
    assert isinstance(tau, torch.Tensor) and tau.requires_grad
    assert tau.item() == pytest.approx(1 / teacher.base.logit_scale.exp().item())
    assert _teacher().temperature() == 0.05


def test_a_learned_temperature_never_leaves_its_bounds():
    """The learned τ was clamped on one side only (τ >= 0.01): a logit scale driven far below 0 gave a
    τ in the thousands, or infinite once exp underflowed. Now within [0.01, 1], as open_clip keeps it."""
    teacher = _teacher(learn_temperature=True)
    with torch.no_grad():
        teacher.base.logit_scale.fill_(-1000.0)
    assert teacher.temperature().item() == 1.0
    with torch.no_grad():
        teacher.base.logit_scale.fill_(50.0)
    assert teacher.temperature().item() == pytest.approx(0.01)


def test_teacher_overfits_a_fixed_batch_and_trains_every_stream():
    torch.manual_seed(0)
    teacher = _teacher(seed=1).train()
    frames, ids, mask = _batch(seed=1)
    opt = torch.optim.Adam(teacher.parameters(), lr=3e-3)
    losses = []
    for step in range(30):
        out = teacher(frames, ids, mask)
        loss, parts = teacher.loss(out, video_ids=torch.arange(4))
        opt.zero_grad()
        loss.backward()
        if step == 0:
            for name in ("motion", "base.vision", "base.text", "base.temporal"):
                mod = teacher.get_submodule(name)
                assert any(p.grad is not None and p.grad.abs().sum() > 0 for p in mod.parameters()), name
        opt.step()
        losses.append(loss.item())
    assert set(parts) == {"appearance_text", "motion_text", "appearance_motion"}
    assert losses[-1] < 0.5 * losses[0], losses


def test_teacher_similarity_distils_into_a_student():
    from tests.models import tiny_model

    teacher = _teacher().eval()
    student, _ = tiny_model(seed=2)
    student.train()
    frames, ids, mask = _batch()
    with torch.no_grad():
        t_sim = teacher.similarity(teacher(frames, ids, mask))
    s_out = student(student.preprocess(frames), ids, mask)
    s_sim = s_out["text_embeds"] @ s_out["video_embeds"].T
    loss, parts = mckd_loss(s_sim, t_sim, s_out["text_embeds"], s_out["video_embeds"],
                            torch.arange(4), {"kd_weight": 1.0})
    loss.backward()
    assert {"rank", "kd", "dis"} <= set(parts)
    assert any(p.grad is not None for p in student.parameters())
    assert all(p.grad is None for p in teacher.parameters())
