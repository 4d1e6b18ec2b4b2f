"""``tousu pretrain``: a small BERT encoder trained with masked-language modelling on a
company's own complaint texts, with a WordPiece tokenizer built from the same texts.

For those without a pretrained Chinese checkpoint: the result is a folder that
``tousu train --model-type transformer --base-model DIR`` fine-tunes. Texts are normalised
and PII-masked first, like everything tousu learns from. Needs the ``transformer`` extra.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pipeline.complaint import strip_template
from pipeline.errors import InvalidTextError
from pipeline.mask import MASK_TOKENS, mask_pii
from pipeline.normalise import normalise


@dataclass(frozen=True)
class PretrainConfig:
    vocab_size: int = 8000
    hidden_size: int = 256
    layers: int = 4
    heads: int = 4
    intermediate_size: int = 1024
    max_length: int = 160
    epochs: int = 8
    batch_size: int = 32
    learning_rate: float = 5e-4
    mlm_probability: float = 0.15
    random_state: int = 0
    device: str = "auto"

    def __post_init__(self) -> None:
        if self.hidden_size % self.heads:
            raise ValueError(f"hidden_size {self.hidden_size} must be a multiple of heads {self.heads}")
        if not 0.0 < self.mlm_probability < 1.0:
            raise ValueError(f"mlm_probability must lie in (0, 1), got {self.mlm_probability}")
        if min(self.vocab_size, self.layers, self.epochs, self.batch_size, self.max_length) < 1:
            raise ValueError("vocab_size, layers, epochs, batch_size and max_length must be positive")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def clean_texts(texts: Sequence[str]) -> list[str]:
    """Normalised, masked texts without template noise; unusable ones are left out."""
    out = []
    for text in texts:
        try:
            out.append(strip_template(mask_pii(normalise(text))[0]))
        except InvalidTextError:
            continue
    return out


def build_tokenizer(texts: Sequence[str], vocab_size: int) -> Any:
    """A WordPiece tokenizer (one token per Chinese character) learned from ``texts``."""
    from tokenizers import BertWordPieceTokenizer
    from transformers import PreTrainedTokenizerFast

    trainer = BertWordPieceTokenizer(clean_text=True, handle_chinese_chars=True, strip_accents=False,
                                     lowercase=True)
    trainer.train_from_iterator(texts, vocab_size=vocab_size, min_frequency=2,
                                special_tokens=["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *MASK_TOKENS])
    return PreTrainedTokenizerFast(tokenizer_object=trainer._tokenizer, unk_token="[UNK]", pad_token="[PAD]",
                                   cls_token="[CLS]", sep_token="[SEP]", mask_token="[MASK]",
                                   additional_special_tokens=list(MASK_TOKENS))


def pretrain(texts: Sequence[str], out: Path, *, config: PretrainConfig, progress: bool = False,
             on_epoch: Any = None) -> dict[str, Any]:
    """Builds the tokenizer, trains the encoder, saves both to ``out``; returns a summary."""
    import torch
    from tqdm import tqdm
    from transformers import BertConfig, BertForMaskedLM, DataCollatorForLanguageModeling

    from models.transformer import resolve_device, seed_everything

    started = time.perf_counter()
    seed_everything(config.random_state)
    corpus = clean_texts(texts)
    if len(corpus) < 10:
        raise ValueError(f"Only {len(corpus)} usable texts; pretraining needs at least 10.")
    tokenizer = build_tokenizer(corpus, config.vocab_size)
    model_config = BertConfig(vocab_size=len(tokenizer), hidden_size=config.hidden_size,
                              num_hidden_layers=config.layers, num_attention_heads=config.heads,
                              intermediate_size=config.intermediate_size,
                              max_position_embeddings=max(config.max_length, 64) + 2,
                              pad_token_id=tokenizer.pad_token_id)
    device = resolve_device(config.device)
    model = BertForMaskedLM(model_config)
    # transformers types its wrapped .to() as taking a model, not a device
    model.to(device)  # type: ignore[arg-type]
    encoded = tokenizer(corpus, truncation=True, max_length=config.max_length)
    examples = [{"input_ids": ids} for ids in encoded["input_ids"]]
    collator = DataCollatorForLanguageModeling(tokenizer, mlm_probability=config.mlm_probability)
    optimizer = torch.optim.AdamW(model.parameters(), lr=config.learning_rate, weight_decay=0.01)
    steps = math.ceil(len(examples) / config.batch_size) * config.epochs
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=config.learning_rate, total_steps=steps,
                                                    pct_start=0.1)
    generator = torch.Generator().manual_seed(config.random_state)
    losses = []
    bar = tqdm(total=steps, desc="pretrain", unit="step", disable=not progress, file=sys.stderr)
    model.train()
    for epoch in range(config.epochs):
        order = torch.randperm(len(examples), generator=generator).tolist()
        total, n = 0.0, 0
        for start in range(0, len(order), config.batch_size):
            batch = collator([examples[i] for i in order[start:start + config.batch_size]])
            loss = model(**{k: v.to(device) for k, v in batch.items()}).loss
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            total, n = total + loss.item(), n + 1
            bar.update(1)
        losses.append(total / max(n, 1))
        if on_epoch:
            on_epoch(epoch + 1, losses[-1])
    bar.close()
    out.mkdir(parents=True, exist_ok=True)
    model.bert.save_pretrained(str(out))  # the encoder without the MLM head: what `train` fine-tunes
    tokenizer.save_pretrained(str(out))
    return {"texts": len(corpus), "vocab": len(tokenizer), "epochs": config.epochs, "mlm_loss": losses,
            "seconds": round(time.perf_counter() - started, 1), "out": str(out)}
