#!/usr/bin/env bash
# The project's test command (README "Run the tests"; .ci/run calls exactly this).
# Installs what is missing, then runs every check, continues after a failure so that all are
# reported, and ends with one summary line. Steps:
#   1. system packages            scripts/setup-system.sh
#   2. library build + unit tests a one-node Slurm (scripts/slurm-local.sh start: installs slurm-wlm and munge if
#                                 missing; where it cannot start, SlurmClusterTest is reported skipped with the
#                                 reason), then mvn -B verify (JUnit 5 on real MNIST; fault injection; the Slurm
#                                 executor on the real cluster; benchmarks' checks); then the tests that need the
#                                 stock nd4j-native build (-P reference-builds). The cluster is stopped at the end.
#   3. article builder tests      python3 -m unittest (scripts/tests)
#   4. notebooks                  scripts/test-notebooks.sh: .venv + Java kernel, every notebook executed
#                                 headlessly with MNIST_PROFILE=smoke into build/, JupyterLab in Chromium
#   5. article                    scripts/check_article.py --pdf --browser: embeds, variables, cross-references, table widths,
#                                 Source links, shortcodes, the preview and its PDF (Chromium)
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
passed=0
failed=0
failures=()
step() {
  local name="$1"; shift
  echo
  echo "==> $name"
  local t0=$SECONDS
  if "$@"; then
    passed=$((passed + 1)); echo "==> $name: ok ($((SECONDS - t0)) s)"
  else
    failed=$((failed + 1)); failures+=("$name"); echo "==> $name: FAILED ($((SECONDS - t0)) s)"
  fi
}
step "system packages" bash scripts/setup-system.sh
echo
echo "==> one-node Slurm for SlurmClusterTest (scripts/slurm-local.sh start)"
if bash scripts/slurm-local.sh start; then
  trap 'bash scripts/slurm-local.sh stop' EXIT   # also when the script is interrupted
else
  echo "==> no Slurm: SlurmClusterTest will be reported as skipped with the reason"
fi
step "library unit tests (mvn verify)" mvn -B -ntp verify
# The default build ships the -onednn nd4j-native build only; the stock-equivalence and benchmark tests need the
# stock build too, so they run again (they are skipped above) in a separate build folder with the reference builds.
step "stock-equivalence and benchmark tests (reference builds)" mvn -B -ntp -P cpu,reference-builds \
  -Dbuild.dir="$ROOT/build/lib-reference" -pl lib -Dtest='FastSetUpEquivalenceTest,BenchCommandTest' \
  -Dsurefire.failIfNoSpecifiedTests=false test
step "article builder tests" env PYTHONDONTWRITEBYTECODE=1 python3 -m unittest discover -s scripts/tests
if [[ -f scripts/test-notebooks.sh ]]; then
  step "notebooks (smoke profile, headless + browser)" bash scripts/test-notebooks.sh
fi
if [[ -f _variables.yml ]]; then
  step "article checks, preview and its PDF, table widths in Chromium" python3 scripts/check_article.py --pdf --browser
fi
echo
echo "==> stopping the one-node Slurm"
bash scripts/slurm-local.sh stop
trap - EXIT
echo
[[ $failed -eq 0 ]] || echo "failed steps: ${failures[*]}"
echo "test: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
