#!/usr/bin/env bash
# Sets up the notebook toolchain in the project: a local .venv with the pinned packages of
# notebooks/requirements.txt (JupyterLab, nbclient, JJava ...) and the kernel spec `java`
# in .venv/share/jupyter/kernels/java whose JVM has the library (lib/target) on its start-up
# classpath. Idempotent: re-running only re-installs when requirements.txt changed and always
# rewrites the kernel spec. Needs python3 (>= 3.11.5) and java (>= 17); never touches the
# system Python.
#
# Environment: MNIST_VENV (default <project>/.venv), PYTHON (default python3),
#              MNIST_KERNEL_JVM_OPTS (replaces the kernel's heap/off-heap options, e.g. "-Xmx4g"),
#              MNIST_LIB_TARGET (the library's build folder, default <project>/lib/target; for a
#              build made elsewhere with -Dbuild.dir=...).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${MNIST_VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"
REQS="$ROOT/notebooks/requirements.txt"
LIB_TARGET="${MNIST_LIB_TARGET:-$ROOT/lib/target}"

die() { echo "setup-notebooks: error: $*" >&2; exit 1; }
say() { echo "setup-notebooks: $*"; }

# --- prerequisites ---------------------------------------------------------------------------
command -v "$PYTHON" >/dev/null 2>&1 || die "'$PYTHON' not found; install Python >= 3.11.5 (or set PYTHON=/path/to/python3)"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11, 5) else 1)' \
  || die "$("$PYTHON" --version 2>&1) is too old: the pinned packages need Python >= 3.11.5"
"$PYTHON" -c 'import venv, ensurepip' 2>/dev/null \
  || die "'$PYTHON' lacks the venv/ensurepip modules (on Debian/Ubuntu: apt-get install python3-venv)"

if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="$(command -v java || true)"; fi
[[ -n "$JAVA" ]] || die "java not found on PATH (and JAVA_HOME unset); install a JDK 17, e.g. apt-get install openjdk-17-jdk-headless"
JAVA_MAJOR="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1)"
[[ "${JAVA_MAJOR%%.*}" =~ ^[0-9]+$ && "${JAVA_MAJOR%%.*}" -ge 17 ]] \
  || die "$JAVA reports Java '${JAVA_MAJOR:-unknown}'; the kernel and the library need Java >= 17"
[[ -f "$REQS" ]] || die "$REQS is missing"

# --- virtual environment ----------------------------------------------------------------------
if [[ -x "$VENV/bin/python" ]] && ! "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
  say "$VENV is broken (its Python does not start); recreating it"
  rm -rf "$VENV"
fi
if [[ ! -x "$VENV/bin/python" ]]; then
  say "creating $VENV with $("$PYTHON" --version 2>&1)"
  "$PYTHON" -m venv "$VENV" || die "'$PYTHON -m venv $VENV' failed"
fi

STAMP="$VENV/.notebooks-requirements.sha256"
WANT="$(sha256sum "$REQS" | cut -d' ' -f1)"
if [[ "$(cat "$STAMP" 2>/dev/null || true)" != "$WANT" ]]; then
  say "installing notebooks/requirements.txt into $VENV"
  "$VENV/bin/python" -m pip install --disable-pip-version-check --no-input -q -r "$REQS" \
    || die "pip install -r $REQS failed (see the messages above)"
  echo "$WANT" > "$STAMP"
else
  say "requirements unchanged since the last install; skipping pip"
fi

# --- kernel spec ------------------------------------------------------------------------------
"$VENV/bin/python" "$ROOT/scripts/write-java-kernelspec.py" --project-root "$ROOT" \
  --lib-target "$LIB_TARGET" --java "$JAVA" || die "writing the kernel spec failed"

# A user-wide kernel named 'java' (e.g. an old IJava install) would shadow this one in Jupyter's
# search order; our scripts put the venv first via JUPYTER_PATH, but warn interactive users.
RESOLVED="$(env -u JUPYTER_PATH "$VENV/bin/jupyter" kernelspec list --json \
  | "$VENV/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["kernelspecs"].get("java", {}).get("resource_dir", "nowhere"))')" \
  || die "'jupyter kernelspec list' failed in $VENV"
if [[ "$RESOLVED" != "$VENV/share/jupyter/kernels/java" ]]; then
  say "warning: 'jupyter kernelspec list' resolves kernel 'java' to $RESOLVED, which shadows"
  say "         $VENV/share/jupyter/kernels/java; remove it or start Jupyter with"
  say "         JUPYTER_PATH=$VENV/share/jupyter"
fi

if [[ ! -d "$LIB_TARGET/classes" || ! -d "$LIB_TARGET/dependency" ]]; then
  say "warning: $LIB_TARGET/classes or .../dependency is missing; the kernel needs the built"
  say "         library: run 'mvn -q -DskipTests package' in $ROOT before starting a notebook"
fi
say "done. Start JupyterLab with: $VENV/bin/jupyter lab   (kernel: 'Java (JJava, mnist-dynamics)')"
