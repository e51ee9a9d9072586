#!/usr/bin/env bash
# Build the article preview, check it in headless Chromium (every <img> decodes, no "??",
# "@fig-" or dangling cross-reference) and write build/screenshots/article.png.
# Extra arguments go to check_article.py (e.g. --root, --variables, --screenshot).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec python3 "$here/check_article.py" --browser "$@"
