"""The transformer grader on a tiny encoder built on the fly (nothing is downloaded)."""

from __future__ import annotations

import json

import numpy as np
import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

from models.bundle import load_bundle  # noqa: E402
from models.errors import BundleError  # noqa: E402
from models.grader import Grader  # noqa: E402
from tests.conftest import SHANGHAI, STARTER  # noqa: E402
from tousu.grading import classify_texts  # noqa: E402
from training.config import TrainConfig  # noqa: E402
from training.pretrain import PretrainConfig, pretrain  # noqa: E402
from training.train import train  # noqa: E402

pytestmark = pytest.mark.slow
TINY = PretrainConfig(vocab_size=1500, hidden_size=32, layers=1, heads=2, intermediate_size=64, max_length=64,
                      epochs=1, batch_size=32)


@pytest.fixture(scope="module")
def encoder(tmp_path_factory, starter_records):
    out = tmp_path_factory.mktemp("encoder") / "tiny"
    summary = pretrain([r["text"] for r in starter_records], out, config=TINY)
    assert summary["vocab"] > 100 and len(summary["mlm_loss"]) == 1
    return out


@pytest.fixture(scope="module")
def records(starter_records):
    return starter_records[::2]  # every category keeps enough examples


def test_pretrained_tokenizer_knows_the_domain(encoder):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(encoder), local_files_only=True)
    tokens = tokenizer.tokenize("宽带无法上网，联系<PHONE>")
    assert "[UNK]" not in tokens[:6] and "<PHONE>" in tokens


def test_fit_save_reload_predicts_the_same(tmp_path, encoder, records):
    config = TrainConfig(model="transformer", base_model=str(encoder), epochs=1, batch_size=32, max_length=64,
                         device="cpu")
    bundle, problems = train(records, tmp_path / "bundle", config=config, data_sha256="0" * 64)
    assert problems == [] and bundle.meta["model"] == "complaints.transformer.v1"
    assert bundle.model.trained_on_ == {"device": "cpu", "mixed_precision": False, "device_name": "cpu"}
    grader = Grader(bundle)
    texts = [r["text"] for r in records[:6]]
    before = grader.model.predict_proba([grader.prepare(t) for t in texts])
    again = Grader(load_bundle(bundle.path))
    after = again.model.predict_proba([again.prepare(t) for t in texts])
    for head in ("category", "severity"):
        assert before[head].shape == (6, len(bundle.meta["classes"][head]))
        np.testing.assert_allclose(before[head], after[head], rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(before[head].sum(1), 1.0, rtol=1e-5)
    # the policy layer and the whole grading path work unchanged on it
    import datetime as dt

    from pipeline.policy import load_policy

    when = dt.datetime(2026, 11, 2, 10, tzinfo=SHANGHAI)
    [result] = classify_texts(again, load_policy(), [texts[0]], received_at=when)
    assert result.level in (1, 2, 3) and result.model_version == bundle.bundle_id


def test_training_is_deterministic_with_a_seed(tmp_path, encoder, records):
    from models.transformer import TransformerGrader
    from pipeline.complaint import prepare

    complaints = [prepare(r["text"]) for r in records[:60]]
    labels = {"category": [r["category"] for r in records[:60]], "severity": [r["severity"] for r in records[:60]]}
    a = TransformerGrader(encoder, epochs=1, batch_size=16, max_length=48, device="cpu").fit(complaints, labels)
    b = TransformerGrader(encoder, epochs=1, batch_size=16, max_length=48, device="cpu").fit(complaints, labels)
    np.testing.assert_allclose(a.predict_proba(complaints[:5])["severity"], b.predict_proba(complaints[:5])["severity"],
                               rtol=1e-5, atol=1e-6)
    quantized = a.quantize().predict_proba(complaints[:5])["severity"]
    assert np.abs(quantized - b.predict_proba(complaints[:5])["severity"]).max() < 0.2


def test_ensemble_averages_with_weights_chosen_on_validation(tmp_path, encoder, records):
    config = TrainConfig(model="ensemble", base_model=str(encoder), epochs=1, batch_size=32, max_length=64,
                         device="cpu")
    bundle, _ = train(records, tmp_path / "ensemble", config=config, data_sha256="1" * 64)
    model = load_bundle(bundle.path).model
    assert model.name == "complaints.ensemble.v1"
    assert all(abs(sum(model.weights_for(head)) - 1.0) < 1e-9 for head in ("category", "severity"))
    grader = Grader(load_bundle(bundle.path))
    proba = grader.model.predict_proba([grader.prepare(records[0]["text"])])
    assert {"category", "severity", "impact"} <= set(proba)   # impact comes from the linear member


def test_an_ensemble_weighs_its_members_on_the_weights_data(tmp_path, encoder, records, starter_records):
    apart = starter_records[1::2][:60] + records[:5]  # five of them also in the training records
    config = TrainConfig(model="ensemble", base_model=str(encoder), epochs=1, batch_size=32, max_length=64,
                         device="cpu")
    bundle, _ = train(records, tmp_path / "weighed", config=config, data_sha256="2" * 64, weigh_records=apart)
    assert bundle.meta["n_train"] == len(records) - 5  # no text is both learnt from and weighed on
    assert bundle.meta["metrics"]["weights_chosen_on"] == {"n": 65, "left_out_of_training": 5}
    model = load_bundle(bundle.path).model
    assert all(abs(sum(model.weights_for(head)) - 1.0) < 1e-9 for head in ("category", "severity"))


def test_layer_decay_slows_the_lower_layers_and_covers_every_parameter():
    from transformers import BertConfig, BertModel

    from models.transformer import encoder_parameter_groups

    model = BertModel(BertConfig(vocab_size=50, hidden_size=16, num_hidden_layers=3, num_attention_heads=2,
                                 intermediate_size=32, max_position_embeddings=16))
    groups = encoder_parameter_groups(model, 1e-4, 0.5)
    assert [g["lr"] for g in groups][:4] == pytest.approx([1e-4 * 0.125, 1e-4 * 0.25, 1e-4 * 0.5, 1e-4])
    grouped = [id(p) for g in groups for p in g["params"]]
    assert sorted(grouped) == sorted(id(p) for p in model.parameters())  # each exactly once
    assert {g["lr"] for g in encoder_parameter_groups(model, 1e-4, 1.0)} == {1e-4}
    with pytest.raises(ValueError, match="layer_decay"):
        encoder_parameter_groups(model, 1e-4, 0.0)
    with pytest.raises(ValueError, match="layer_decay"):
        TrainConfig(model="transformer", base_model="x", layer_decay=1.5)


def test_missing_base_model_is_a_clear_error(tmp_path, records, capsys):
    from tousu.cli import main

    with pytest.raises(ValueError, match="base_model"):
        TrainConfig(model="transformer")
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    code = main(["train", "--data", str(data), "--out", str(tmp_path / "b"), "--model-type", "transformer",
                 "--base-model", str(tmp_path / "nowhere"), "--no-track", "--quiet"])
    assert code == 2 and "No pretrained encoder" in capsys.readouterr().err
    with pytest.raises(BundleError, match="Nothing is downloaded"):
        from models.transformer import load_local_encoder

        load_local_encoder("bert-base-chinese")


def test_cli_pretrain_and_train_a_transformer(tmp_path, capsys):
    from tousu.cli import main

    assert main(["pretrain", "--data", str(STARTER), "--out", str(tmp_path / "enc"), "--epochs", "1",
                 "--hidden-size", "32", "--layers", "1", "--max-length", "64", "--vocab-size", "1500",
                 "--quiet"]) == 0
    summary = json.loads(capsys.readouterr().out)
    n_starter = len(STARTER.read_text(encoding="utf-8").splitlines())
    assert summary["texts"] == n_starter and (tmp_path / "enc" / "config.json").is_file()
    assert main(["train", "--data", str(STARTER), "--out", str(tmp_path / "b"), "--model-type", "transformer",
                 "--base-model", str(tmp_path / "enc"), "--epochs", "1", "--device", "cpu", "--quiet"]) == 0
    trained = json.loads(capsys.readouterr().out)
    assert trained["bundle_id"].startswith("complaints.transformer.v1") and trained["registered_version"]


# The GPU path: skipped where no CUDA device is present (CI, the project's own machines);
# run where one is lent with `python -m pytest tests/models/test_transformer.py -k cuda`.
needs_cuda = pytest.mark.skipif(not __import__("torch").cuda.is_available(),
                                reason="no CUDA device here: the GPU training path runs only where one is present")


def _fit(encoder, records, **params):
    from models.transformer import TransformerGrader
    from pipeline.complaint import prepare

    complaints = [prepare(r["text"]) for r in records]
    labels = {"category": [r["category"] for r in records], "severity": [r["severity"] for r in records]}
    model = TransformerGrader(encoder, epochs=2, batch_size=16, max_length=48, **params).fit(complaints, labels)
    return model, complaints


@needs_cuda
def test_cuda_mixed_precision_trains_and_serves_on_the_cpu(tmp_path, encoder, records):
    config = TrainConfig(model="transformer", base_model=str(encoder), epochs=2, batch_size=32, max_length=64,
                         device="cuda", mixed_precision=True)
    bundle, problems = train(records, tmp_path / "bundle", config=config, data_sha256="2" * 64)
    model = bundle.model
    assert problems == [] and model.trained_on_["device"] == "cuda"
    assert model.trained_on_["mixed_precision"] == "bfloat16"  # every GPU this path targets computes it
    assert all(np.isfinite(h["train_loss"]) for h in model.history_)
    assert {p.device.type for p in model.net_.parameters()} == {"cpu"}  # served on the CPU after training
    reloaded = Grader(load_bundle(bundle.path))
    texts = [r["text"] for r in records[:8]]
    before = model.predict_proba([reloaded.prepare(t) for t in texts])
    after = reloaded.model.predict_proba([reloaded.prepare(t) for t in texts])
    for head in ("category", "severity"):
        np.testing.assert_allclose(before[head], after[head], rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(after[head].sum(1), 1.0, rtol=1e-5)


@needs_cuda
def test_cuda_full_precision_learns_what_the_cpu_learns(encoder, records):
    # the same seed and data on both devices: only kernel rounding differs, so a device
    # mix-up (labels, class weights or a batch left on the wrong device) would show here
    on_cpu, complaints = _fit(encoder, records[:96], device="cpu")
    on_gpu, _ = _fit(encoder, records[:96], device="cuda", mixed_precision=False)
    assert on_gpu.trained_on_["device"] == "cuda" and not on_gpu.trained_on_["mixed_precision"]
    for head in ("category", "severity"):
        np.testing.assert_allclose(on_gpu.predict_proba(complaints[:16])[head],
                                   on_cpu.predict_proba(complaints[:16])[head], atol=2e-2)


@needs_cuda
def test_cuda_float16_trains_through_the_loss_scaler(encoder, records):
    model, complaints = _fit(encoder, records[:96], device="cuda", amp_dtype="float16")
    assert model.trained_on_["mixed_precision"] == "float16"
    assert all(np.isfinite(h["train_loss"]) for h in model.history_)  # scaled fp16 gradients stayed finite
    np.testing.assert_allclose(model.predict_proba(complaints[:4])["severity"].sum(1), 1.0, rtol=1e-5)


def test_unknown_amp_dtype_is_refused_before_training(encoder, records):
    with pytest.raises(ValueError, match="amp_dtype"):
        _fit(encoder, records[:20], device="cpu", amp_dtype="float8")


def test_autocast_types_by_name():
    import torch

    from models.transformer import _amp_dtype

    assert _amp_dtype("float16") is torch.float16 and _amp_dtype("bfloat16") is torch.bfloat16


def test_cascade_consults_the_encoder_only_where_the_linear_model_is_unsure(tmp_path, encoder, records):
    """Sure complaints keep the linear model's answer; the unsure share mixes both members."""
    config = TrainConfig(model="cascade", base_model=str(encoder), epochs=1, batch_size=32, max_length=64,
                         device="cpu", cascade_share=0.25)
    bundle, _ = train(records, tmp_path / "bundle", config=config, data_sha256="0" * 64)
    model = load_bundle(bundle.path).model
    assert bundle.meta["model"] == "complaints.cascade.v1" and model.consulted_share_ <= 0.25
    grader = Grader(load_bundle(bundle.path))
    complaints = [grader.prepare(r["text"]) for r in records]
    fast, slow = grader.model.members_
    linear = fast.predict_proba(complaints)
    unsure = np.minimum(linear["category"].max(1), linear["severity"].max(1)) < grader.model.threshold_
    assert 0 < unsure.sum() <= 0.4 * len(complaints)  # about the declared share on texts it did not tune on
    mixed = grader.model.predict_proba(complaints)
    encoder_view = slow.predict_proba([c for c, u in zip(complaints, unsure, strict=True) if u])
    for head in ("category", "severity"):
        w_fast, w_slow = grader.model.weights_for(head)
        np.testing.assert_allclose(mixed[head][~unsure], linear[head][~unsure])
        np.testing.assert_allclose(mixed[head][unsure], w_fast * linear[head][unsure] + w_slow * encoder_view[head],
                                   atol=1e-6)


def test_to_cpu_grades_as_before_and_a_bundle_forgets_the_device(encoder, records):
    import pickle

    model, complaints = _fit(encoder, records[:48], device="cpu")
    before = model.predict_proba(complaints[:8])
    model.to("cpu")
    assert "inference_device_" not in model.__getstate__()
    again = pickle.loads(pickle.dumps(model))
    for head in ("category", "severity"):
        np.testing.assert_allclose(model.predict_proba(complaints[:8])[head], before[head], rtol=1e-6)
        np.testing.assert_allclose(again.predict_proba(complaints[:8])[head], before[head], rtol=1e-6)
    model.quantize()
    with pytest.raises(ValueError, match="CPU only"):
        model.to("cuda")


def test_a_text_grades_the_same_alone_or_in_a_batch_of_other_lengths(encoder, records):
    """Batches are cut to their longest text and ordered by length: no grade may depend on its neighbours."""
    import torch

    from models.transformer import _rows

    model, complaints = _fit(encoder, records[:48], device="cpu")
    texts = sorted(complaints, key=lambda c: len(c.text_features))
    mixed = [texts[0], texts[-1], *texts[1:-1]]  # the shortest beside the longest: most of its row is padding
    together = model.predict_proba(mixed)
    for i in (0, 1, 5):
        alone = model.predict_proba([mixed[i]])
        for head in ("category", "severity"):
            np.testing.assert_allclose(together[head][i], alone[head][0], rtol=1e-4, atol=1e-6)
    encoded = model._encode(mixed[:2])
    short = _rows(encoded, torch.tensor([0]))
    assert short["input_ids"].shape[1] == int(encoded["attention_mask"][0].sum()) < encoded["input_ids"].shape[1]
    assert short["cues"].shape == encoded["cues"][:1].shape


@needs_cuda
def test_cuda_grading_matches_the_cpu_and_saves_for_the_cpu(encoder, records):
    import pickle

    model, complaints = _fit(encoder, records[:96], device="cpu")
    on_cpu = model.predict_proba(complaints[:16])
    model.to("cuda")
    assert {p.device.type for p in model.net_.parameters()} == {"cuda"}
    on_gpu = model.predict_proba(complaints[:16])
    reloaded = pickle.loads(pickle.dumps(model))  # what a bundle holds: it loads and grades on the CPU
    assert {p.device.type for p in reloaded.net_.parameters()} == {"cpu"}
    for head in ("category", "severity"):
        np.testing.assert_allclose(on_gpu[head], on_cpu[head], atol=1e-4)
        np.testing.assert_allclose(reloaded.predict_proba(complaints[:16])[head], on_cpu[head], atol=1e-5)


def _reader(tokenizer, max_length, truncation="head_tail"):
    from models.transformer import TransformerGrader

    model = TransformerGrader("unused", max_length=max_length, truncation=truncation)
    model.tokenizer_, model.max_length_ = tokenizer, max_length
    return model


def test_head_and_tail_reads_the_start_and_the_end_of_a_long_text(encoder, records):
    from models.transformer import load_local_encoder
    from pipeline.complaint import prepare

    tokenizer, _ = load_local_encoder(encoder)  # `tousu pretrain`'s tokenizer adds no template tokens
    long = prepare("表单字段：宽带账号，安装地址，业务类型。" * 6 + "用户反映宽带从昨天起完全上不了网，要求尽快修复")
    pieces = tokenizer(long.text_features)["input_ids"]
    assert len(pieces) > 40  # longer than the 24 tokens read below
    assert _reader(tokenizer, 24)._encode([long])["input_ids"][0].tolist() == pieces[:6] + pieces[-18:]
    assert _reader(tokenizer, 24, "head")._encode([long])["input_ids"][0].tolist() == pieces[:24]
    short = [prepare(r["text"][:12]) for r in records[:3]]  # short texts read the same either way
    for name, value in _reader(tokenizer, 24, "head")._encode(short).items():
        assert _reader(tokenizer, 24)._encode(short)[name].tolist() == value.tolist(), name


def test_head_and_tail_keeps_the_template_tokens_around_the_text(tmp_path):
    from transformers import PreTrainedTokenizerFast

    from pipeline.complaint import prepare
    from tests.training.test_encoder import PIECES, _tokenizer

    # XLM-R's layout (multilingual-e5): <s> text </s>
    tokenizer = PreTrainedTokenizerFast(tokenizer_file=str(_tokenizer(tmp_path / "t.json")), bos_token="<s>",
                                        eos_token="</s>", cls_token="<s>", sep_token="</s>", pad_token="<pad>",
                                        unk_token="<unk>")
    text = prepare("话费" + "宽带断网" * 10 + "话费宽带")
    full = tokenizer(text.text_features)["input_ids"]
    assert full[0] == PIECES.index("<s>") and full[-1] == PIECES.index("</s>") and len(full) > 20
    ids = _reader(tokenizer, 12)._encode([text, prepare("宽带断网")])["input_ids"].tolist()
    # 10 text tokens between <s> and </s>: the first 2 and the last 8
    assert ids[0] == full[:3] + full[-9:]
    pad = PIECES.index("<pad>")
    assert ids[1] == tokenizer("宽带断网")["input_ids"] + [pad] * (12 - len(tokenizer("宽带断网")["input_ids"]))


def test_head_and_tail_trains_saves_and_reloads(tmp_path, encoder, records):
    config = TrainConfig(model="transformer", base_model=str(encoder), epochs=1, batch_size=32, max_length=24,
                         truncation="head_tail", device="cpu")
    bundle, problems = train(records, tmp_path / "bundle", config=config, data_sha256="3" * 64)
    assert problems == [] and bundle.model.truncation == "head_tail"
    again = Grader(load_bundle(bundle.path))
    texts = [r["text"] for r in records[:6]]
    before = bundle.model.predict_proba([again.prepare(t) for t in texts])
    after = again.model.predict_proba([again.prepare(t) for t in texts])
    for head in ("category", "severity"):
        np.testing.assert_allclose(after[head], before[head], rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="truncation"):
        TrainConfig(model="transformer", base_model=str(encoder), truncation="middle")
