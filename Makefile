# The README's two commands: `make run` and `make test`. Everything they need is here.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
MODEL := var/models/default

.PHONY: setup model run test bench cv

$(BIN)/tousu: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

setup: $(BIN)/tousu

# the bundled default model, trained on the project's own starter data
$(MODEL)/meta.json: $(BIN)/tousu training/data/starter.jsonl pipeline/resources/cues.yaml pipeline/resources/user_dict.txt
	$(BIN)/tousu train --data training/data/starter.jsonl --out $(MODEL) --quiet

model: $(MODEL)/meta.json

# grades one example complaint with the bundled model (the service arrives with issue 4)
run: model
	$(BIN)/tousu classify "客户来电反映家里宽带从昨天起完全无法上网，客户情绪激动，要求赔偿并表示要向工信部投诉，联系电话13812345678"

test: setup
	$(BIN)/python -m pytest

bench: model
	$(BIN)/python benchmarks/bench_grading.py

cv: setup
	$(BIN)/python benchmarks/cv_cocc.py
