#!/usr/bin/env bash
# Measures whole sweeps (README "GPU and clusters"; issue 16, item 6) and writes results/bench-sweep.csv:
# the same plan under the smoke profile, in one bench run, by
#   local-1x2   the local executor, 1 worker process with 2 threads   (sweep --workers 1 --threads 2)
#   local-2x1   the local executor, 2 worker processes, 1 thread each (sweep --workers 2 --threads 1, the default)
#   slurm-2     the Slurm executor, a job array with 2 tasks at once of 1 CPU and 1 thread each
#               (sweep --executor slurm --workers 2 --cpus-per-task 1); needs a Slurm (scripts/slurm-local.sh start)
# each in a fresh project folder under a temporary directory, so nothing is finished earlier.
#
# Per mode: runs, training images (trainImages x epochs of every run's config.json), wall seconds of the whole sweep
# command (JVM starts, data checks, evaluation and checkpoints included), total training images/s = images / wall,
# runs per hour = runs / wall x 3600, the ratio of images/s to local-1x2, and the 1-minute load average before and
# after the mode (other work on the machine competes; compare only ratios measured in the same bench run).
#
# Usage: bash scripts/bench-sweep.sh            (plan: optimizers, smoke profile, its first seed: 4 runs per mode)
#   MNIST_BENCH_PLAN=architecture MNIST_BENCH_SEEDS=2 bash scripts/bench-sweep.sh
#   MNIST_BENCH_CONFIGS=2 bash scripts/bench-sweep.sh     (the plan's first 2 configurations only: 2 runs per mode)
#   MNIST_BENCH_MODES="slurm-2 local-2x1 local-1x2"       (order of the modes; the ratio is to local-1x2 wherever it is)
# Output: results/bench-sweep.csv (or MNIST_BENCH_OUT). Exit status: 0 ok, 1 a sweep failed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PLAN="${MNIST_BENCH_PLAN:-optimizers}"
SEEDS="${MNIST_BENCH_SEEDS:-1}"
CONFIGS="${MNIST_BENCH_CONFIGS:-0}"   # 0: all of the plan's configurations
OUT="${MNIST_BENCH_OUT:-$ROOT/results/bench-sweep.csv}"
MODES="${MNIST_BENCH_MODES:-local-1x2 local-2x1 slurm-2}"
[[ -f "$ROOT/experiments/$PLAN.yaml" ]] || { echo "bench-sweep: no plan $ROOT/experiments/$PLAN.yaml" >&2; exit 2; }
[[ $SEEDS =~ ^[1-9][0-9]*$ ]] || { echo "bench-sweep: MNIST_BENCH_SEEDS = '$SEEDS' is not a whole number >= 1" >&2; exit 2; }
[[ -d "$ROOT/data/mnist" ]] || { echo "bench-sweep: no $ROOT/data/mnist (bin/mnist-dynamics fetch-data)" >&2; exit 2; }
WORK="$(mktemp -d /tmp/bench-sweep.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

project() { # a fresh project: the plan with its first $SEEDS seeds, MNIST linked
  local dir="$WORK/$1"
  mkdir -p "$dir/experiments" "$dir/data"
  echo "<!-- placeholder: marks the project root -->" > "$dir/pom.xml"
  python3 - "$ROOT/experiments/$PLAN.yaml" "$dir/experiments/$PLAN.yaml" "$SEEDS" "$CONFIGS" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
if int(sys.argv[4]) > 0:  # only the plan's first N configurations
    head, runs = text.split("\nruns:\n", 1)
    entries = re.split(r"(?m)^(?=  - label:)", runs)
    text = head + "\nruns:\n" + "".join([e for e in entries if e.startswith("  - label:")][: int(sys.argv[4])])
m = re.search(r"^seeds:\s*\[([^\]]*)\]", text, re.M)
seeds = [s.strip() for s in m.group(1).split(",")][: int(sys.argv[3])]
text = text[: m.start()] + "seeds: [" + ", ".join(seeds) + "]" + text[m.end():]
if len(seeds) < 2 and not re.search(r"^intervals:", text, re.M):
    text += "\nintervals: false   # one seed: no interval across seeds\n"
open(sys.argv[2], "w").write(text)
EOF
  ln -s "$(readlink -f "$ROOT/data/mnist")" "$dir/data/mnist"
  echo "$dir"
}

load() { cut -d' ' -f1 /proc/loadavg; }

echo "mode,executor,workers,threads_per_run,plan,profile,runs,train_images,wall_s,images_per_s,runs_per_hour,ratio_to_local_1x2,load_1min_before,load_1min_after,nice" > "$OUT.tmp"
status=0
for mode in $MODES; do
  case $mode in
    local-1x2) flags=(--workers 1 --threads 2); executor=local; workers=1; threads=2 ;;
    local-2x1) flags=(--workers 2 --threads 1); executor=local; workers=2; threads=1 ;;
    slurm-2) flags=(--executor slurm --workers 2 --threads 1 --cpus-per-task 1 --mem 3G --poll-seconds 1); executor=slurm; workers=2; threads=1 ;;
    *) echo "bench-sweep: unknown mode $mode" >&2; exit 2 ;;
  esac
  dir=$(project "$mode")
  before=$(load)
  echo "bench-sweep: $mode (load $before)"
  t0=$(date +%s.%N)
  if ! "$ROOT/bin/mnist-dynamics" sweep --project-dir "$dir" --plan "$PLAN" --profile smoke "${flags[@]}" > "$WORK/$mode.out" 2> "$WORK/$mode.err"; then
    echo "bench-sweep: $mode failed; its output:" >&2; tail -n 20 "$WORK/$mode.out" "$WORK/$mode.err" >&2; status=1; continue
  fi
  t1=$(date +%s.%N)
  after=$(load)
  row=$(python3 - "$dir/runs/mnist" "$t0" "$t1" <<'EOF'
import glob, json, sys
configs = [json.load(open(f)) for f in glob.glob(sys.argv[1] + "/*/config.json")]
images = sum(c["trainImages"] * c["epochs"] for c in configs)
wall = float(sys.argv[3]) - float(sys.argv[2])
print(f"{len(configs)},{images},{wall:.1f},{images / wall:.1f},{len(configs) / wall * 3600:.1f}")
EOF
)
  echo "$mode,$executor,$workers,$threads,$PLAN,smoke,$row,,$before,$after,$(nice)" >> "$OUT.tmp"
  echo "bench-sweep: $mode: $row (runs, images, s, images/s, runs/h)"
done
if [[ $status -ne 0 ]]; then
  echo "bench-sweep: a sweep failed; $OUT left as it was (partial rows: $OUT.tmp)" >&2
  exit 1
fi
python3 - "$OUT.tmp" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
base = [float(r["images_per_s"]) for r in rows if r["mode"] == "local-1x2"]
for r in rows:
    r["ratio_to_local_1x2"] = f"{float(r['images_per_s']) / base[0]:.2f}" if base else ""
with open(sys.argv[1], "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
EOF
mv "$OUT.tmp" "$OUT"
echo "bench-sweep: wrote $OUT"
cat "$OUT"
exit $status
