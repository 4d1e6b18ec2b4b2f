"""Figures logged with a run: confusion matrices and a reliability (calibration) plot."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "SimHei",
             "Microsoft YaHei", "PingFang SC")


def _pyplot() -> Any:  # the matplotlib.pyplot module, configured
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["font.sans-serif"] = [*CJK_FONTS, "DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False
    return plt


def has_cjk_font() -> bool:
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    return any(name in names for name in CJK_FONTS)


def tick_labels(labels: Sequence[object]) -> list[str]:
    """Chinese labels where a CJK font is installed; otherwise their indices (see labels.json)."""
    if has_cjk_font() or all(str(lb).isascii() for lb in labels):
        return [str(lb) for lb in labels]
    return [f"#{i}" for i in range(len(labels))]


def confusion(truth: Sequence[object], pred: Sequence[object], labels: Sequence[object]) -> np.ndarray:
    """Returns counts[i, j]: items of class labels[i] predicted as labels[j]."""
    index = {lb: i for i, lb in enumerate(labels)}
    counts = np.zeros((len(labels), len(labels)), dtype=int)
    for t, p in zip(truth, pred, strict=True):
        if t in index and p in index:
            counts[index[t], index[p]] += 1
    return counts


def reliability(confidence: Sequence[float], correct: Sequence[bool], bins: int = 10
                ) -> list[dict[str, float]]:
    """Returns per-bin mean confidence, accuracy and count (empty bins left out)."""
    conf = np.asarray(confidence, dtype=float)
    ok = np.asarray(correct, dtype=float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    out = []
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        mask = (conf >= lo) & ((conf < hi) | (hi == 1.0))
        if mask.any():
            out.append({"lo": float(lo), "hi": float(hi), "confidence": float(conf[mask].mean()),
                        "accuracy": float(ok[mask].mean()), "n": int(mask.sum())})
    return out


def expected_calibration_error(bins: Sequence[dict[str, float]]) -> float:
    total = sum(b["n"] for b in bins)
    return float(sum(b["n"] * abs(b["accuracy"] - b["confidence"]) for b in bins) / total) if total else 0.0


def plot_confusion(counts: np.ndarray, labels: Sequence[object], title: str, path: Path) -> Path:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(1.0 + 0.7 * len(labels), 0.8 + 0.6 * len(labels)))
    ax.imshow(counts, cmap="Blues")
    ticks = tick_labels(labels)
    ax.set_xticks(range(len(labels)), ticks, rotation=45, ha="right")
    ax.set_yticks(range(len(labels)), ticks)
    for i in range(len(labels)):
        for j in range(len(labels)):
            ax.text(j, i, int(counts[i, j]), ha="center", va="center",
                    color="white" if counts[i, j] > counts.max() / 2 else "black", fontsize=8)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


def plot_reliability(curves: Mapping[str, Sequence[dict[str, float]]], path: Path) -> Path:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(4.5, 4.5))
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfect")
    for name, bins in curves.items():
        ax.plot([b["confidence"] for b in bins], [b["accuracy"] for b in bins], marker="o",
                label=f"{name} (ECE {expected_calibration_error(bins):.3f})")
    ax.set_xlabel("predicted probability")
    ax.set_ylabel("observed accuracy")
    ax.set_title("calibration")
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path
