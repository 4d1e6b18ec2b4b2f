"""How long fine-tuning the transformer grader takes, by encoder size and device.

    .venv/bin/python benchmarks/bench_finetune.py [--texts 1854] [--devices cpu,cuda] [--sizes tiny,base]

A deployment fine-tunes a real pretrained checkpoint (``--base-model DIR``); this measures
what that costs without one: the encoders are built here with random weights, in the
geometry of a small domain encoder (``tiny``: 4 layers, hidden 128, what ``tousu
pretrain`` makes) and of BERT-base (``base``: 12 layers, hidden 768, bert-base-chinese's
vocabulary size of 21,128). Their tokenizer comes from ``tousu pretrain`` on the project's
starter texts, which are repeated up to ``--texts`` complaints (the size of the shared
data), so nothing licensed is read and nothing is downloaded. Accuracy is not measured here
(random weights): see ``bench_transformer.py`` for that.

Each run times ``TransformerGrader.fit`` (the real training path) for one epoch and for
three: the difference is what an epoch itself costs, without the fixed part (tokenising,
validation, temperature scaling); then a prediction on the CPU, where the service runs it.
On CUDA: full precision, bfloat16 and float16 (with loss scaling) autocast. Prints one JSON
object per run, then a summary with the speed-ups of training over the CPU.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402

from models.transformer import TransformerGrader  # noqa: E402
from pipeline.complaint import prepare  # noqa: E402
from training.data import load_labelled  # noqa: E402
from training.pretrain import PretrainConfig, pretrain  # noqa: E402

STARTER = ROOT / "training" / "data" / "starter.jsonl"
SIZES = {
    "tiny": {"hidden_size": 128, "num_hidden_layers": 4, "num_attention_heads": 4, "intermediate_size": 512},
    "base": {"hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12, "intermediate_size": 3072,
             "vocab_size": 21128},
}


def build_encoder(tokenizer_dir: Path, size: str, out: Path) -> Path:
    """Saves a randomly initialised BERT of the named geometry beside the pretrained tokenizer."""
    from transformers import AutoTokenizer, BertConfig, BertModel

    tokenizer = AutoTokenizer.from_pretrained(str(tokenizer_dir), local_files_only=True)
    # the named vocabulary size (bert-base-chinese's), never fewer rows than the tokenizer has
    geometry = {**SIZES[size], "vocab_size": max(SIZES[size].get("vocab_size", 0), len(tokenizer))}
    BertModel(BertConfig(max_position_embeddings=512, **geometry)).save_pretrained(str(out))
    tokenizer.save_pretrained(str(out))
    return out


def fit_seconds(encoder: Path, complaints, labels, *, epochs: int, **params) -> tuple[float, TransformerGrader]:  # type: ignore[no-untyped-def]
    if params["device"] == "cuda":
        torch.cuda.synchronize()
    started = time.perf_counter()
    model = TransformerGrader(encoder, epochs=epochs, patience=epochs, **params).fit(complaints, labels)
    return time.perf_counter() - started, model


def run(encoder: Path, complaints, labels, *, device: str, amp: str, batch_size: int,  # type: ignore[no-untyped-def]
        max_length: int) -> dict[str, object]:
    params = {"device": device, "mixed_precision": amp != "off", "amp_dtype": "auto" if amp == "off" else amp,
              "batch_size": batch_size, "max_length": max_length}
    # warm-up: the first fit of a setting pays one-off costs (CUDA context, cuBLAS handles,
    # autocast kernels) that would otherwise land on the one-epoch run and skew the difference
    fit_seconds(encoder, complaints[:64], {h: v[:64] for h, v in labels.items()}, epochs=1, **params)
    if device == "cuda":
        torch.cuda.reset_peak_memory_stats()
    one, _ = fit_seconds(encoder, complaints, labels, epochs=1, **params)
    three, model = fit_seconds(encoder, complaints, labels, epochs=3, **params)
    epoch = (three - one) / 2  # an epoch's own time: tokenising, validation and calibration cancel out
    sample = complaints[:256]
    started = time.perf_counter()
    model.predict_proba(sample)
    predict_cpu = len(sample) / (time.perf_counter() - started)
    out: dict[str, object] = {
        "device": model.trained_on_["device_name"], "mixed_precision": model.trained_on_["mixed_precision"],
        "texts": len(complaints), "fit_1_epoch_s": round(one, 2), "epoch_s": round(epoch, 2),
        "train_texts_per_s": round(len(complaints) * 0.9 / epoch, 1),  # 10% held out for validation
        "predict_cpu_texts_per_s": round(predict_cpu, 1),
        "parameters_m": round(sum(p.numel() for p in model.net_.parameters()) / 1e6, 1),
    }
    if device == "cuda":
        out["peak_gpu_mib"] = round(torch.cuda.max_memory_allocated() / 2**20)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=int, default=1854)
    ap.add_argument("--devices", default="cpu,cuda")
    ap.add_argument("--sizes", default="tiny,base")
    ap.add_argument("--cpu-texts", type=int, default=128, help="texts for CPU runs of the base size (slow)")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--amp", default="off,bfloat16,float16", help="CUDA autocast settings to run")
    ap.add_argument("--max-length", type=int, default=160)
    args = ap.parse_args()
    records = load_labelled(STARTER).records
    devices = [d for d in args.devices.split(",") if d != "cuda" or torch.cuda.is_available()]
    print(json.dumps({"torch": torch.__version__, "cuda": torch.cuda.is_available(),
                      "threads": torch.get_num_threads(), "devices": devices}), flush=True)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        tokenizer_dir = Path(tmp) / "tokenizer"
        pretrain([r["text"] for r in records], tokenizer_dir,
                 config=PretrainConfig(vocab_size=8000, hidden_size=32, layers=1, heads=2, intermediate_size=64,
                                       max_length=args.max_length, epochs=1))
        for size in args.sizes.split(","):
            encoder = build_encoder(tokenizer_dir, size, Path(tmp) / size)
            for device in devices:
                n = args.texts if device == "cuda" or size == "tiny" else min(args.texts, args.cpu_texts)
                chosen = [records[i % len(records)] for i in range(n)]
                complaints = [prepare(r["text"]) for r in chosen]
                labels = {h: [r[h] for r in chosen] for h in ("category", "severity")}
                for amp in (args.amp.split(",") if device == "cuda" else ("off",)):
                    result = {"size": size, **run(encoder, complaints, labels, device=device, amp=amp,
                                                  batch_size=args.batch_size, max_length=args.max_length)}
                    results.append(result)
                    print(json.dumps(result, ensure_ascii=False), flush=True)
    summary = {}
    for size in args.sizes.split(","):
        per = {(r["device"] != "cpu", r["mixed_precision"] or "fp32"): r["train_texts_per_s"] for r in results
               if r["size"] == size}
        cpu = per.get((False, "fp32"))
        for (gpu, amp), speed in per.items():
            if gpu and cpu:
                summary[f"{size}_gpu_{amp}_vs_cpu"] = round(speed / cpu, 1)
    print(json.dumps({"summary": summary}), flush=True)


if __name__ == "__main__":
    main()
