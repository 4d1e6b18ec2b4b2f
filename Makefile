# The README's two commands: `make run` and `make test`. Everything they need is here.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
MODEL := var/models/default


.PHONY: setup setup-test model run test bench bench-service bench-web cv

# two installs: the service needs only the core (a fresh `make run` in about a minute); the
# tests need every extra (torch, transformers, the encoder packages, Playwright, schemathesis)
$(VENV)/.core: pyproject.toml
	@echo "tousu: installing the service (core dependencies) into $(VENV) ..."
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install --progress-bar on -e .
	touch $@

$(VENV)/.test: pyproject.toml
	@echo "tousu: installing the test extras into $(VENV) (torch CPU build, transformers, Playwright ...) ..."
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install --progress-bar on -e '.[test]'
	touch $@ $(VENV)/.core

setup: $(VENV)/.core
setup-test: $(VENV)/.test

# the bundled default model, trained on the project's own starter data; retrained when the data,
# the text stages' resources or the code that prepares, trains or stores it changes
$(MODEL)/meta.json: $(VENV)/.core training/data/starter.jsonl pipeline/resources/cues.yaml pipeline/resources/user_dict.txt pipeline/resources/template_fields.txt $(wildcard pipeline/*.py models/*.py training/*.py)
	@echo "tousu: training the bundled default model on the project's starter data ..."
	$(BIN)/tousu train --data training/data/starter.jsonl --out $(MODEL) --quiet

model: $(MODEL)/meta.json

# the service with its embedded defaults: SQLite under var/, the bundled model, 2 workers;
# it prints "tousu ready: ..." once it answers
run: model
	$(BIN)/tousu serve --host 127.0.0.1 --port 8000 --workers 2

# lint and the type checker first (pyproject.toml [tool.ruff], [tool.mypy]), then the tests
test: setup-test
	$(BIN)/ruff check pipeline models training serving tousu tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: setup-test model
	$(BIN)/python benchmarks/bench_grading.py

# the agents' pages in headless Chromium with 10,000 stored complaints (apt-get install chromium)
bench-web: setup-test model
	$(BIN)/python benchmarks/bench_web.py --screenshots docs/screenshots

# load on the running service over loopback (needs wrk: apt-get install wrk)
bench-service: setup-test model
	$(BIN)/python benchmarks/bench_service.py

cv: setup-test
	$(BIN)/python benchmarks/cv_cocc.py
