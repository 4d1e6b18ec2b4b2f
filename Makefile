# The README's two commands: `make run` and `make test`. Everything they need is here.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
MODEL := var/models/default

.PHONY: setup model run test bench bench-service bench-web cv

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

# the service with its embedded defaults: SQLite under var/, the bundled model, 2 workers
run: model
	@echo "API keys: $(BIN)/tousu keys create --role admin   (OpenAPI: http://127.0.0.1:8000/docs)"
	$(BIN)/tousu serve --host 127.0.0.1 --port 8000 --workers 2

# lint and the type checker first (pyproject.toml [tool.ruff], [tool.mypy]), then the tests
test: setup
	$(BIN)/ruff check pipeline models training serving tousu tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: model
	$(BIN)/python benchmarks/bench_grading.py

# the agents' pages in headless Chromium with 10,000 stored complaints (apt-get install chromium)
bench-web: model
	$(BIN)/python benchmarks/bench_web.py --screenshots docs/screenshots

# load on the running service over loopback (needs wrk: apt-get install wrk)
bench-service: model
	$(BIN)/python benchmarks/bench_service.py

cv: setup
	$(BIN)/python benchmarks/cv_cocc.py
