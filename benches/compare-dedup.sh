#!/usr/bin/env bash
# Duplicate detection side by side with the Python datasketch baseline, in one run, on the same
# generated consultations: wall time, peak memory, and pairwise precision/recall against the
# families the generator planted. Needs `pip install datasketch`.
#
#   benches/compare-dedup.sh            # 10k and 100k opinions (datasketch takes ~4 min at 100k)
#   benches/compare-dedup.sh 10000      # sizes of your choice
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
peer=../shared/peers/py_datasketch_dedup.py
cargo build --release --quiet -p minyi-sample
cargo build --release --quiet --bin minyi
cargo build --release --quiet -p minyi-core --example dedup_eval
out=corpora/generated
for n in "${sizes[@]}"; do
  dir=$out/compare-$n
  [ -f "$dir/opinions.jsonl" ] || target/release/minyi-sample --format jsonl --n "$n" --out "$dir" >/dev/null
  # The planted family of each opinion, as the field the baseline scores against.
  python3 - "$dir" <<'PY'
import json, sys
d = sys.argv[1]
truth = {}
for line in open(f"{d}/truth.jsonl", encoding="utf-8"):
    t = json.loads(line)
    truth[t["id"]] = t["dup_group"]
with open(f"{d}/scored.jsonl", "w", encoding="utf-8") as f:
    for line in open(f"{d}/opinions.jsonl", encoding="utf-8"):
        o = json.loads(line)
        g = truth[o["id"]]
        o["gt"] = f"g{g}" if g is not None else f"solo{o['id']}"
        f.write(json.dumps(o, ensure_ascii=False) + "\n")
PY
  echo "== $n opinions"
  /usr/bin/time -f "minyi: %e s wall, %M KB peak" target/release/minyi dedup "$dir/opinions.jsonl" --jsonl >"$dir/minyi-groups.jsonl"
  target/release/examples/dedup_eval "$dir/opinions.jsonl" "$dir/truth.jsonl"
  if [ -f "$peer" ] && python3 -c 'import datasketch' 2>/dev/null; then
    /usr/bin/time -f "datasketch: %e s wall, %M KB peak" \
      python3 "$peer" "$dir/scored.jsonl" --out "$dir/datasketch-groups.jsonl" --threshold 0.5 --verify 0.5 --gt-field gt | tail -2
  else
    echo "datasketch skipped: needs ../shared/peers and 'pip install datasketch'"
  fi
done
