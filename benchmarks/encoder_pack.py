"""Moves a built encoder folder at a sixth of its size, bit for bit.

    .venv/bin/python benchmarks/encoder_pack.py pack var/encoders/e5-small-zh .device/e5-small-zh.npz
    python benchmarks/encoder_pack.py unpack .device/e5-small-zh.npz DIR

``tousu encoder build`` dequantises multilingual-e5-small's 4-bit image into float32: the
pruned folder weighs 118 MB, more than the device tool carries in one call (64 MiB). Its
matrices were Q4_0 blocks before, so they travel as Q4_0 blocks again: a matrix whose
round trip through ``training.encoder.quantize_q4`` reproduces it exactly travels as blocks,
every other tensor as float32, the folder's other files as they are. ``unpack`` rebuilds
the folder and checks every tensor against the digest taken at ``pack``: the weights a
remote run fine-tunes are the ones built and verified here.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from safetensors.numpy import load_file, save_file  # noqa: E402

from training.encoder import QK, dequantize_q4, quantize_q4  # noqa: E402

WEIGHTS = "model.safetensors"


def _digest(array: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest()


def pack(folder: Path, out: Path) -> dict[str, int]:
    """Writes ``out`` (npz) from an encoder folder; returns how many tensors travel each way."""
    if not (folder / WEIGHTS).is_file():
        raise SystemExit(f"{folder} holds no {WEIGHTS}: pack a folder `tousu encoder build` wrote")
    arrays: dict[str, np.ndarray] = {}
    manifest: dict[str, dict[str, object]] = {}
    for name, tensor in load_file(str(folder / WEIGHTS)).items():
        entry: dict[str, object] = {"shape": list(tensor.shape), "dtype": str(tensor.dtype), "sha256": _digest(tensor)}
        if tensor.dtype == np.float32 and tensor.ndim == 2 and tensor.shape[1] % QK == 0:
            blocks = quantize_q4(tensor)
            if np.array_equal(dequantize_q4(blocks, *tensor.shape), tensor):
                arrays[f"q4/{name}"] = np.frombuffer(blocks, dtype=np.uint8)
                entry["q4"] = True
        if not entry.get("q4"):
            arrays[f"raw/{name}"] = tensor
        manifest[name] = entry
    files = sorted(p.name for p in folder.iterdir() if p.is_file() and p.name != WEIGHTS)
    for name in files:
        arrays[f"file/{name}"] = np.frombuffer((folder / name).read_bytes(), dtype=np.uint8)
    arrays["manifest"] = np.frombuffer(json.dumps({"tensors": manifest, "files": files}).encode(), dtype=np.uint8)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(out, **arrays)  # type: ignore[arg-type]
    q4 = sum(1 for e in manifest.values() if e.get("q4"))
    return {"tensors_q4": q4, "tensors_raw": len(manifest) - q4, "files": len(files), "bytes": out.stat().st_size}


def unpack(packed: Path, folder: Path) -> dict[str, int]:
    """Rebuilds the encoder folder; raises if a tensor differs from the one packed."""
    if not packed.is_file():
        raise SystemExit(f"no pack at {packed}: make one with `encoder_pack.py pack FOLDER {packed}`")
    with np.load(packed) as data:
        manifest = json.loads(data["manifest"].tobytes())
        tensors: dict[str, np.ndarray] = {}
        for name, entry in manifest["tensors"].items():
            if entry.get("q4"):
                rows, cols = entry["shape"]
                tensor = dequantize_q4(data[f"q4/{name}"].tobytes(), rows, cols)
            else:
                tensor = data[f"raw/{name}"]
            if _digest(tensor) != entry["sha256"]:
                raise SystemExit(f"tensor {name} does not match its digest: the pack is damaged")
            tensors[name] = tensor
        folder.mkdir(parents=True, exist_ok=True)
        for name in manifest["files"]:
            (folder / name).write_bytes(data[f"file/{name}"].tobytes())
    save_file(tensors, str(folder / WEIGHTS), metadata={"format": "pt"})
    return {"tensors": len(tensors), "files": len(manifest["files"])}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("pack")
    p.add_argument("folder", type=Path)
    p.add_argument("out", type=Path)
    u = sub.add_parser("unpack")
    u.add_argument("packed", type=Path)
    u.add_argument("folder", type=Path)
    args = ap.parse_args(argv)
    result = pack(args.folder, args.out) if args.command == "pack" else unpack(args.packed, args.folder)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
