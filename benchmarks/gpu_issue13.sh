#!/usr/bin/env bash
# Issue 13's GPU check in one call of the device tool (a lent GPU machine; see README, "The transformer model").
# The machine has python3 with torch and transformers but none of tousu's other needs and no network, so the
# call carries them, prepared here:
#   echo '/.whl/' >> .git/info/exclude; echo '/.device/' >> .git/info/exclude; echo '/shared/' >> .git/info/exclude
#   pip download --no-deps --only-binary=:all: --python-version 3.12 --platform manylinux2014_x86_64 -d .whl \
#       rjieba==0.2.2 opencc==1.4.2 pydantic==2.14.4 pydantic_core==2.50.5 annotated-types typing-inspection \
#       chinesecalendar holidays sqlalchemy==2.0.58 tzdata
#   .venv/bin/tousu encoder build --out var/encoders/e5-small-zh --prune-vocab --vocab-texts ../shared/data/cocc/train.jsonl
#   .venv/bin/python benchmarks/encoder_pack.py pack var/encoders/e5-small-zh .device/e5-small-zh.npz
#   mkdir -p shared/data/cocc && cp ../shared/data/cocc/train.jsonl shared/data/cocc/   # ignored, removed after
# then run: bash benchmarks/gpu_issue13.sh, carrying .whl, .device and shared/data/cocc. Results land in $OUT.
set -uo pipefail
OUT=${OUT:-/tmp/gpu-out}; mkdir -p "$OUT"
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
export PYTHONPATH=/tmp/site:$PWD PYTHONUNBUFFERED=1 TOUSU_COCC_DIR=$PWD/shared/data/cocc MLFLOW_DISABLE_TELEMETRY=true
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
python3 -c "import sys, torch, transformers, sklearn, numpy; print(sys.version.split()[0], torch.__version__, transformers.__version__, sklearn.__version__, numpy.__version__, torch.cuda.is_available())"
python3 benchmarks/encoder_pack.py unpack .device/e5-small-zh.npz /tmp/e5-small-zh || exit 1
timeout 120 python3 -m pytest -q -p no:cacheprovider tests/models/test_transformer.py -k cuda 2>&1 | tee "$OUT/cuda_tests.log" | tail -4
python3 benchmarks/sweep_transformer.py --encoder /tmp/e5-small-zh --folds 5 --workers 5 --device cuda \
    --deadline-s "${DEADLINE_S:-210}" --json "$OUT/sweep.json" 2> >(tee "$OUT/sweep.log" | grep -v "it/s\]" >&2) | tail -120
