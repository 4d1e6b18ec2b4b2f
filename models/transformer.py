"""``complaints.transformer.v1``: one pretrained encoder, a category head and a severity
head, with the grading engine's cue features joined to the pooled representation.

Same interface as the linear grader (``fit``, ``predict_proba``, ``predict_scores``,
``evidence``, ``classes_``), so the policy layer and the service never know which model
answered. Pickled into the same bundle format: the encoder's config, weights and
tokenizer files travel inside ``model.joblib``.

Only this module (and ``training.pretrain``) imports torch and transformers; install
them with the ``transformer`` extra. Weights are only ever read from a local path.
"""

from __future__ import annotations

import io
import math
import random
import re
import sys
import tempfile
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

try:
    import torch
    from torch import nn
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("The transformer model needs torch and transformers: "
                      "pip install 'tousu[transformer]' (CPU: torch==2.13.0)") from exc

from models.errors import BundleError, NotFittedError
from pipeline.complaint import Complaint
from pipeline.cues import CUE_FEATURE_NAMES, cue_features

HEADS = ("category", "severity")
AMP_DTYPES = ("auto", "bfloat16", "float16")
TRUNCATIONS = ("head", "head_tail")  # what of a text longer than max_length is read
CPU = torch.device("cpu")


def resolve_device(device: str) -> torch.device:
    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(device)


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)


def load_local_encoder(path: str | Path) -> tuple[Any, Any]:
    """Returns (tokenizer, encoder) from a local checkpoint; never downloads."""
    from transformers import AutoModel, AutoTokenizer

    where = Path(path)
    if not (where / "config.json").is_file():
        raise BundleError(f"No pretrained encoder at {where}: expected a folder with config.json, weights and "
                          "tokenizer files (save_pretrained), e.g. from `tousu pretrain`. Nothing is downloaded.")
    tokenizer = AutoTokenizer.from_pretrained(str(where), local_files_only=True)
    encoder = AutoModel.from_pretrained(str(where), local_files_only=True)
    return tokenizer, encoder


def encoder_parameter_groups(encoder: Any, learning_rate: float, layer_decay: float) -> list[dict[str, Any]]:
    """The encoder's parameters grouped by depth, with layer-wise learning-rate decay.

    The top layer learns at ``learning_rate``, each layer below at ``layer_decay`` times the
    one above, the embeddings at the lowest rate: the lower layers hold the general language
    the pretraining learnt, and a small labelled set should move them least. ``layer_decay``
    1 gives every parameter the same rate.
    """
    if not 0.0 < layer_decay <= 1.0:
        raise ValueError(f"layer_decay must lie in (0, 1], got {layer_decay}")
    n_layers = int(getattr(encoder.config, "num_hidden_layers", 0))
    by_depth: dict[int, list[Any]] = {}
    for name, parameter in encoder.named_parameters():
        match = re.search(r"(?:^|\.)layer\.(\d+)\.", name)
        depth = 0 if name.startswith("embeddings.") else int(match.group(1)) + 1 if match else n_layers
        by_depth.setdefault(depth, []).append(parameter)
    return [{"params": params, "lr": learning_rate * layer_decay ** (n_layers - min(depth, n_layers))}
            for depth, params in sorted(by_depth.items())]


class _MultiTaskNet(nn.Module):
    def __init__(self, encoder: Any, n_cues: int, n_category: int, n_severity: int, dropout: float) -> None:
        super().__init__()
        self.encoder = encoder
        hidden = int(encoder.config.hidden_size)
        self.cue_proj = nn.Linear(n_cues, 32)
        self.dropout = nn.Dropout(dropout)
        self.category = nn.Linear(hidden + 32, n_category)
        self.severity = nn.Linear(hidden + 32, n_severity)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                cues: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)  # mean over real tokens
        z = self.dropout(torch.cat([pooled, torch.relu(self.cue_proj(cues))], dim=-1))
        return self.category(z), self.severity(z)


#: tokens (texts x the longest of them) a forward pass of grading takes at most, on a CPU and
#: on a GPU: chunks of like length (on a CPU 16 texts at 128 tokens, more of shorter texts)
INFERENCE_TOKENS = {"cpu": 2048, "cuda": 8192}


def _rows(encoded: dict[str, torch.Tensor], part: torch.Tensor) -> dict[str, torch.Tensor]:
    """The rows ``part`` of an encoded batch, cut to the longest text among them.

    ``_encode`` pads every text to the longest of all; the columns past the longest of a
    mini-batch are padding in every row, masked out of attention and of the mean, so
    leaving them out changes no output and saves their cost (most complaints are shorter
    than ``max_length``).
    """
    mask = encoded["attention_mask"][part]
    width = max(1, int(mask.sum(dim=1).max())) if len(part) else 1
    return {k: v[part][:, :width] if k in ("input_ids", "attention_mask") else v[part] for k, v in encoded.items()}


def _macro_f1(y: np.ndarray, pred: np.ndarray, n: int) -> float:
    scores = []
    for k in range(n):
        tp = int(((pred == k) & (y == k)).sum())
        fp = int(((pred == k) & (y != k)).sum())
        fn = int(((pred != k) & (y == k)).sum())
        if tp + fp + fn:
            scores.append(2 * tp / (2 * tp + fp + fn))
    return float(np.mean(scores)) if scores else 0.0


class TransformerGrader:
    """A multi-task encoder grader; parameters are stored as given (scikit-learn style)."""

    name = "complaints.transformer.v1"

    def __init__(self, base_model: str | Path = "", *, max_length: int = 160, epochs: int = 4,
                 batch_size: int = 16, learning_rate: float = 5e-5, head_learning_rate: float = 1e-3,
                 weight_decay: float = 0.01, warmup_ratio: float = 0.1, validation_fraction: float = 0.1,
                 patience: int = 1, level3_weight: float = 2.0, layer_decay: float = 1.0, dropout: float = 0.1,
                 evidence_full: float = 0.5, device: str = "auto", mixed_precision: bool = True,
                 amp_dtype: str = "auto", truncation: str = "head", random_state: int = 0,
                 progress: bool = False) -> None:
        self.base_model = base_model
        self.max_length = max_length
        self.truncation = truncation
        self.epochs = epochs
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.head_learning_rate = head_learning_rate
        self.weight_decay = weight_decay
        self.warmup_ratio = warmup_ratio
        self.validation_fraction = validation_fraction
        self.patience = patience
        self.level3_weight = level3_weight
        self.layer_decay = layer_decay
        self.dropout = dropout
        self.evidence_full = evidence_full
        self.device = device
        self.mixed_precision = mixed_precision
        self.amp_dtype = amp_dtype
        self.random_state = random_state
        self.progress = progress

    # fitting
    def _encode(self, complaints: Sequence[Complaint]) -> dict[str, torch.Tensor]:
        texts = [c.text_features for c in complaints]
        if getattr(self, "truncation", "head") == "head_tail":  # a model saved before the option reads heads
            batch = self._head_and_tail(texts)
        else:
            batch = self.tokenizer_(texts, truncation=True, padding=True, max_length=self.max_length_,
                                    return_tensors="pt")
        cues = torch.tensor([cue_features(c.cues) for c in complaints], dtype=torch.float32)
        return {"input_ids": batch["input_ids"], "attention_mask": batch["attention_mask"], "cues": cues}

    def _head_and_tail(self, texts: Sequence[str]) -> Any:
        """Tokens of texts longer than ``max_length``: the first quarter and the last three quarters.

        A work order often opens with intake-form fields and ends with what the user said
        (the "head + tail" truncation of Sun et al., 2019, How to Fine-Tune BERT for Text
        Classification); a short text is read whole either way.
        """
        tok = self.tokenizer_
        encoded = tok(list(texts), return_special_tokens_mask=True, verbose=False)
        rows: list[list[int]] = []
        for ids, special in zip(encoded["input_ids"], encoded["special_tokens_mask"], strict=True):
            if len(ids) > self.max_length_:
                lead = next((i for i, m in enumerate(special) if not m), 0)  # the template before the text
                trail = next((i for i, m in enumerate(reversed(special)) if not m), 0)  # and after it
                budget = self.max_length_ - lead - trail
                head = budget // 4
                ids = (ids[:lead + head] + ids[len(ids) - trail - (budget - head):] if budget > 1
                       else ids[:self.max_length_])
            rows.append(ids)
        width = max((len(r) for r in rows), default=0)
        input_ids = torch.full((len(rows), width), tok.pad_token_id, dtype=torch.long)
        attention = torch.zeros((len(rows), width), dtype=torch.long)
        for i, ids in enumerate(rows):
            input_ids[i, :len(ids)] = torch.tensor(ids, dtype=torch.long)
            attention[i, :len(ids)] = 1
        return {"input_ids": input_ids, "attention_mask": attention}

    def fit(self, complaints: Sequence[Complaint], labels: Mapping[str, Sequence[object]]) -> TransformerGrader:
        """Fine-tunes the encoder and both heads; early stopping on a validation split."""
        from tqdm import tqdm
        from transformers import get_linear_schedule_with_warmup

        if self.amp_dtype not in AMP_DTYPES:
            raise ValueError(f"amp_dtype must be one of {AMP_DTYPES}, got {self.amp_dtype!r}")
        if self.truncation not in TRUNCATIONS:
            raise ValueError(f"truncation must be one of {TRUNCATIONS}, got {self.truncation!r}")
        for head in HEADS:
            if head not in labels or len(labels[head]) != len(complaints):
                raise ValueError(f"labels[{head!r}] must give one value per complaint")
        seed_everything(self.random_state)
        self.tokenizer_, encoder = load_local_encoder(self.base_model)
        positions = getattr(encoder.config, "max_position_embeddings", None)
        # an encoder pretrained on shorter texts cannot read longer ones: clamp (2 for [CLS], [SEP])
        self.max_length_ = min(self.max_length, positions - 2) if positions else self.max_length
        self.classes_: dict[str, list[Any]] = {h: sorted(set(labels[h]), key=str) for h in HEADS}
        if sorted(self.classes_["severity"]) != [1, 2, 3] and set(self.classes_["severity"]) - {1, 2, 3}:
            raise ValueError(f"severity labels must be 1, 2, 3; got {self.classes_['severity']}")
        self.dropped_classes_: dict[str, list[Any]] = {}
        index = {h: {c: i for i, c in enumerate(self.classes_[h])} for h in HEADS}
        y = {h: np.array([index[h][v] for v in labels[h]]) for h in HEADS}
        device = resolve_device(self.device)
        self.net_ = _MultiTaskNet(encoder, len(CUE_FEATURE_NAMES), len(self.classes_["category"]),
                                  len(self.classes_["severity"]), self.dropout).to(device)

        rng = np.random.default_rng(self.random_state)
        order = rng.permutation(len(complaints))
        n_val = max(1, int(round(len(complaints) * self.validation_fraction))) if len(complaints) >= 10 else 0
        val_idx, train_idx = order[:n_val], order[n_val:]
        encoded = self._encode(complaints)

        def batches(idx: np.ndarray, shuffle: bool) -> Any:
            idx = rng.permutation(idx) if shuffle else idx
            for start in range(0, len(idx), self.batch_size):
                part = torch.as_tensor(idx[start:start + self.batch_size])
                yield {k: v.to(device) for k, v in _rows(encoded, part).items()}, part

        counts = np.bincount(y["severity"], minlength=len(self.classes_["severity"])).astype(float)
        weights = counts.sum() / np.maximum(counts, 1.0) / len(counts)  # balanced ...
        level3 = self.classes_["severity"].index(3) if 3 in self.classes_["severity"] else None
        if level3 is not None:
            weights[level3] *= self.level3_weight  # ... and level 3 weighs more: missing it costs most
        sev_loss = nn.CrossEntropyLoss(weight=torch.tensor(weights, dtype=torch.float32, device=device))
        cat_loss = nn.CrossEntropyLoss()
        heads = [p for n, p in self.net_.named_parameters() if not n.startswith("encoder.")]
        optimizer = torch.optim.AdamW([
            *encoder_parameter_groups(self.net_.encoder, self.learning_rate, self.layer_decay),
            {"params": heads, "lr": self.head_learning_rate},
        ], weight_decay=self.weight_decay)
        steps = max(1, math.ceil(len(train_idx) / self.batch_size) * self.epochs)
        schedule = get_linear_schedule_with_warmup(optimizer, int(steps * self.warmup_ratio), steps)
        amp = self.mixed_precision and device.type == "cuda"
        dtype = _amp_dtype(self.amp_dtype) if amp else torch.float32
        # float16 needs loss scaling against underflow; bfloat16 has float32's range and does not
        scaler = torch.amp.GradScaler("cuda", enabled=dtype == torch.float16)
        # how this model was trained travels with it (the bundle's pickle) and is reported
        self.trained_on_ = {
            "device": device.type, "mixed_precision": str(dtype).removeprefix("torch.") if amp else False,
            "device_name": torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu",
        }
        y_t = {h: torch.as_tensor(y[h]) for h in HEADS}
        best, best_state, stale = -1.0, None, 0
        self.history_: list[dict[str, float]] = []
        bar = tqdm(total=steps, desc="fine-tune", unit="step", disable=not self.progress, file=sys.stderr)
        for epoch in range(self.epochs):
            self.net_.train()
            total = 0.0
            for batch, part in batches(train_idx, shuffle=True):
                with torch.autocast(device_type=device.type, dtype=dtype, enabled=amp):
                    cat_logits, sev_logits = self.net_(**batch)
                    loss = cat_loss(cat_logits.float(), y_t["category"][part].to(device)) + \
                        sev_loss(sev_logits.float(), y_t["severity"][part].to(device))
                optimizer.zero_grad(set_to_none=True)
                scaler.scale(loss).backward()
                scaler.unscale_(optimizer)
                nn.utils.clip_grad_norm_(self.net_.parameters(), 1.0)
                scaler.step(optimizer)
                scaler.update()
                schedule.step()
                total += loss.item()
                bar.update(1)
            record = {"epoch": epoch + 1, "train_loss": total / max(1, math.ceil(len(train_idx) / self.batch_size))}
            if n_val:
                logits = self._logits(encoded, val_idx, device)
                score = np.mean([_macro_f1(y[h][val_idx], logits[h].argmax(1), len(self.classes_[h]))
                                 for h in HEADS])
                record["validation_macro_f1"] = float(score)
                if score > best:
                    best, stale = float(score), 0
                    best_state = {k: v.detach().cpu().clone() for k, v in self.net_.state_dict().items()}
                else:
                    stale += 1
            self.history_.append(record)
            if n_val and stale > self.patience:
                break
        bar.close()
        if best_state is not None:
            self.net_.load_state_dict(best_state)
        # temperature scaling on the validation split: probabilities that mean what they say
        self.temperature_ = {h: 1.0 for h in HEADS}
        if n_val:
            logits = self._logits(encoded, val_idx, device)
            self.temperature_ = {h: _fit_temperature(logits[h], y[h][val_idx]) for h in HEADS}
        self.net_.to("cpu").eval()
        return self

    def _logits(self, encoded: dict[str, torch.Tensor], idx: np.ndarray, device: torch.device) -> dict[str, np.ndarray]:
        self.net_.eval()
        out = {h: np.zeros((len(idx), len(self.classes_[h])), dtype=np.float32) for h in HEADS}
        # longest first, in chunks of like length and at most INFERENCE_TOKENS: little padding
        lengths = encoded["attention_mask"][torch.as_tensor(idx, dtype=torch.long)].sum(dim=1).numpy()
        by_length = np.argsort(-lengths, kind="stable")
        budget, start = INFERENCE_TOKENS.get(device.type, INFERENCE_TOKENS["cuda"]), 0
        with torch.no_grad():
            while start < len(idx):
                size = max(1, budget // max(1, int(lengths[by_length[start]])))
                rows, start = by_length[start:start + size], start + size
                part = torch.as_tensor(np.asarray(idx)[rows], dtype=torch.long)
                cat, sev = self.net_(**{k: v.to(device) for k, v in _rows(encoded, part).items()})
                out["category"][rows] = cat.float().cpu().numpy()
                out["severity"][rows] = sev.float().cpu().numpy()
        return out

    # prediction
    def _check_fitted(self) -> None:
        if not hasattr(self, "net_"):
            raise NotFittedError("This TransformerGrader is not fitted yet; call fit() first.")

    def evidence(self, complaints: Sequence[Complaint]) -> np.ndarray:
        """The share of each text's tokens the tokenizer knows (not ``[UNK]``)."""
        self._check_fitted()
        unk = self.tokenizer_.unk_token_id
        out = np.zeros(len(complaints))
        for i, c in enumerate(complaints):
            ids = self.tokenizer_(c.text_features, truncation=True, max_length=self.max_length_,
                                  add_special_tokens=False)["input_ids"]
            out[i] = (sum(t != unk for t in ids) / len(ids)) if ids else 0.0
        return out

    def predict_proba(self, complaints: Sequence[Complaint]) -> dict[str, np.ndarray]:
        return self.predict_scores(complaints)[0]

    def predict_scores(self, complaints: Sequence[Complaint]) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Probabilities per head (temperature-scaled, shrunk when evidence is low) and evidence."""
        self._check_fitted()
        if not complaints:
            return {h: np.zeros((0, len(self.classes_[h]))) for h in HEADS}, np.zeros(0)
        encoded = self._encode(complaints)
        logits = self._logits(encoded, np.arange(len(complaints)), getattr(self, "inference_device_", CPU))
        evidence = self.evidence(complaints)
        weight = np.clip(evidence / self.evidence_full, 0.0, 1.0)[:, None]
        out = {}
        for h in HEADS:
            z = logits[h] / self.temperature_[h]
            z = z - z.max(axis=1, keepdims=True)
            proba = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
            out[h] = weight * proba + (1.0 - weight) / proba.shape[1]
        return out, evidence

    def to(self, device: str) -> TransformerGrader:
        """Grades on ``device`` from now on ("cuda" where one is lent); a saved bundle still loads on the CPU."""
        self._check_fitted()
        target = resolve_device(device)
        if getattr(self, "quantized_", False) and target.type != "cpu":
            raise ValueError("an int8-quantised model grades on the CPU only")
        self.net_.to(target)
        self.inference_device_ = target
        return self

    def quantize(self) -> TransformerGrader:
        """Dynamic int8 quantisation of the linear layers for CPU inference (in place)."""
        self._check_fitted()
        self.net_.to(CPU)
        self.__dict__.pop("inference_device_", None)
        with warnings.catch_warnings():  # torch.ao.quantization is deprecated, still the CPU path that pays
            warnings.simplefilter("ignore", DeprecationWarning)
            self.net_ = torch.ao.quantization.quantize_dynamic(self.net_, {nn.Linear}, dtype=torch.qint8)
        self.quantized_ = True
        return self

    # pickling: the encoder travels as config + weights + tokenizer files
    def __getstate__(self) -> dict[str, Any]:
        state = {k: v for k, v in self.__dict__.items() if k not in ("net_", "tokenizer_", "inference_device_")}
        if hasattr(self, "net_"):
            if getattr(self, "quantized_", False):
                raise BundleError("Save the model before quantising it; quantise after loading.")
            weights = io.BytesIO()
            torch.save(self.net_.state_dict(), weights)
            state["_weights"] = weights.getvalue()
            state["_encoder_config"] = self.net_.encoder.config.to_dict()
            with tempfile.TemporaryDirectory() as tmp:
                self.tokenizer_.save_pretrained(tmp)
                state["_tokenizer_files"] = {p.name: p.read_bytes() for p in Path(tmp).iterdir() if p.is_file()}
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        weights = state.pop("_weights", None)
        config = state.pop("_encoder_config", None)
        files = state.pop("_tokenizer_files", None)
        self.__dict__.update(state)
        if weights is None:
            return
        from transformers import AutoConfig, AutoModel, AutoTokenizer

        with tempfile.TemporaryDirectory() as tmp:
            for name, data in (files or {}).items():
                (Path(tmp) / name).write_bytes(data)
            self.tokenizer_ = AutoTokenizer.from_pretrained(tmp, local_files_only=True)
        model_type = config.pop("model_type")
        encoder = AutoModel.from_config(AutoConfig.for_model(model_type, **config))
        self.net_ = _MultiTaskNet(encoder, len(CUE_FEATURE_NAMES), len(self.classes_["category"]),
                                  len(self.classes_["severity"]), self.dropout)
        self.net_.load_state_dict(torch.load(io.BytesIO(weights), map_location="cpu", weights_only=True))
        self.net_.eval()


def _amp_dtype(name: str) -> torch.dtype:
    """The autocast type: bfloat16 where the GPU computes it natively (Ampere and newer), else float16."""
    if name == "auto":
        return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
    dtype: torch.dtype = getattr(torch, name)
    return dtype


def _fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """The temperature minimising the validation negative log-likelihood (grid search)."""
    if len(y) == 0:
        return 1.0
    best_t, best_nll = 1.0, math.inf
    for t in np.exp(np.linspace(math.log(0.25), math.log(8.0), 41)):
        z = logits / t
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        nll = -float(logp[np.arange(len(y)), y].mean())
        if nll < best_nll:
            best_t, best_nll = float(t), nll
    return best_t
