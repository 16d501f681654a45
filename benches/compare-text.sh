#!/usr/bin/env bash
# Normalisation and segmentation in MB/s per core: minyi, raw jieba-rs and Python jieba, measured
# in one run on the same text. Needs `pip install jieba` for the Python baseline.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --bench text -- --noplot 2>&1 | tee target/bench-text.log | grep -E '^(normalize|segment|setup)/|thrpt|time:' || true
peer=../shared/peers/py_jieba_seg.py
if [ -f "$peer" ] && python3 -c 'import jieba' 2>/dev/null; then
  echo "python jieba (same normalised text, one core):"
  python3 "$peer" target/bench-input/segment.jsonl --repeat 2
else
  echo "python jieba baseline skipped: needs ../shared/peers and 'pip install jieba'"
fi
