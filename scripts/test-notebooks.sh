#!/usr/bin/env bash
# Tests the notebook toolchain end to end (builds nothing: the library must be built already,
# `mvn -q -DskipTests package`):
#   1. scripts/setup-notebooks.sh (project .venv + kernel spec `java`);
#   2. headless: notebooks/tests/kernel-smoke.ipynb on a fresh Java kernel with the smoke
#      profile; fails if ND4J finds no backend on its first call or the library is not on the
#      kernel's start-up classpath;
#   2b. every notebooks/NN-*.ipynb executed headlessly with MNIST_PROFILE=smoke into
#      build/notebooks-smoke/ (trains the smoke runs if they are not recorded yet);
#   2c. notebooks/tests/test_interrupt.py: interrupting training and t-SNE cells on the real
#      kernel with jupyter_client (issue 14);
#   3. real browser: tests/browser/jupyterlab-smoke.mjs opens a notebook in JupyterLab in
#      Debian's Chromium and runs a Java cell (notebooks/02-optimizers.ipynb once it exists,
#      the kernel smoke notebook until then). Skipped, with a message, only if Chromium is
#      missing and cannot be installed.
# Ends with "notebook-tests: N passed, N failed[, N skipped]"; exit code 1 if any failed.
# Environment: MNIST_LIB_TARGET (library build folder, default lib/target), CHROMIUM.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
LIB_TARGET="${MNIST_LIB_TARGET:-$ROOT/lib/target}"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
export CHROMIUM
passed=0; failed=0; skipped=0
say() { echo "test-notebooks: $*"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
finish() {
  echo "notebook-tests: $passed passed, $failed failed$([[ $skipped -gt 0 ]] && echo ", $skipped skipped")"
  [[ $failed -eq 0 ]]; exit
}

if [[ ! -d "$LIB_TARGET/classes" || ! -d "$LIB_TARGET/dependency" ]]; then
  say "error: $LIB_TARGET/classes and $LIB_TARGET/dependency are needed; build the library first:"
  say "       (cd $ROOT && mvn -q -DskipTests package)"
  failed=1; finish
fi

# --- 1. environment --------------------------------------------------------------------------
t0=$(now)
if ! bash scripts/setup-notebooks.sh; then
  say "error: scripts/setup-notebooks.sh failed"; failed=1; finish
fi
say "setup: $(since "$t0") s"

# --- 2. headless execution of the kernel smoke notebook ---------------------------------------
t0=$(now)
OUT="$ROOT/build/notebooks-test"
if .venv/bin/python scripts/execute-notebooks.py --profile smoke --output-dir "$OUT" \
     notebooks/tests/kernel-smoke.ipynb \
   && .venv/bin/python - "$OUT/kernel-smoke.ipynb" <<'PY'
# The executed copy must show what only a working kernel produces: the profile passed through
# the environment, and the XChart figure as a PNG.
import sys, nbformat
nb = nbformat.read(sys.argv[1], as_version=4)
outs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
text = "".join(o.get("text", "") for o in outs if o.get("output_type") == "stream")
problems = []
if "profile=smoke" not in text:
    problems.append("no 'profile=smoke' in the outputs: MNIST_PROFILE did not reach the kernel")
if not any("image/png" in o.get("data", {}) for o in outs):
    problems.append("no image/png output: the headless XChart figure is missing")
for p in problems:
    print(f"test-notebooks: error: {sys.argv[1]}: {p}")
sys.exit(1 if problems else 0)
PY
then
  passed=$((passed + 1)); say "headless kernel smoke: passed in $(since "$t0") s"
else
  failed=$((failed + 1)); say "headless kernel smoke: FAILED after $(since "$t0") s"
fi

# --- 2b. every paper notebook, smoke profile, into a scratch folder ---------------------------
# (the committed notebooks carry full-profile outputs and are never overwritten here)
t0=$(now)
if MNIST_PROFILE=smoke .venv/bin/python scripts/execute-notebooks.py --profile smoke --output-dir "$ROOT/build/notebooks-smoke"; then
  passed=$((passed + 1)); say "paper notebooks (smoke): passed in $(since "$t0") s"
else
  failed=$((failed + 1)); say "paper notebooks (smoke): FAILED after $(since "$t0") s"
fi

# --- 2c. interrupting cells on the real kernel (jupyter_client) ------------------------------
# notebooks/tests/test_interrupt.py: an interrupted training stops at the next mini-batch and is
# marked interrupted with its lock released, re-running resumes (also while the interrupted thread
# still holds the run), an interrupted t-SNE stops. Exit 77 = skipped (kernel or build missing).
t0=$(now)
.venv/bin/python notebooks/tests/test_interrupt.py; rc=$?
case $rc in
  0) passed=$((passed + 1)); say "kernel interrupt: passed in $(since "$t0") s" ;;
  77) skipped=$((skipped + 1)); say "kernel interrupt: SKIPPED (see the message above)" ;;
  *) failed=$((failed + 1)); say "kernel interrupt: FAILED after $(since "$t0") s" ;;
esac

# --- 3. real browser ---------------------------------------------------------------------------
install_if_root() {  # apt package names...
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    say "installing $* with apt-get"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    return 1
  fi
}
browser_test() {
  if [[ ! -x "$CHROMIUM" ]]; then
    install_if_root chromium || true
    if [[ ! -x "$CHROMIUM" ]]; then
      say "SKIP browser test: Chromium not found at $CHROMIUM and could not be installed"
      say "     (as root: apt-get install chromium; or set CHROMIUM=/path/to/chromium)"
      return 77
    fi
  fi
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    install_if_root nodejs npm || true
  fi
  command -v node >/dev/null && command -v npm >/dev/null \
    || { say "error: node and npm (Node.js >= 20) are needed for the browser test"; return 1; }
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error) \
    || { say "error: npm ci in tests/browser failed"; return 1; }
  local nb=notebooks/02-optimizers.ipynb
  [[ -f "$nb" ]] || nb=notebooks/tests/kernel-smoke.ipynb
  node tests/browser/jupyterlab-smoke.mjs "$nb" --screenshot build/screenshots/jupyterlab.png
}
t0=$(now)
browser_test; rc=$?
case $rc in
  0) passed=$((passed + 1)); say "browser: passed in $(since "$t0") s (screenshot build/screenshots/jupyterlab.png)" ;;
  77) skipped=$((skipped + 1)) ;;
  *) failed=$((failed + 1)); say "browser: FAILED after $(since "$t0") s" ;;
esac

finish
