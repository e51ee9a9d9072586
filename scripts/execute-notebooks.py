#!/usr/bin/env python3
"""Execute the paper's notebooks headlessly on the Java kernel `java`, one fresh kernel each.

Run with the project's venv: `.venv/bin/python scripts/execute-notebooks.py [--profile smoke]`.
By default every notebooks/NN-*.ipynb runs in name order and the executed copies go to
build/notebooks-<profile>/ (the committed notebooks stay untouched); `--in-place` (full profile
only) refreshes the committed outputs. The profile reaches the kernel as the environment
variable MNIST_PROFILE: the kernel process inherits this process's environment, and the kernel
spec's own `env` does not set it.

Timeouts are explicit: a cell that runs longer than the profile's cell timeout
fails with an error naming the notebook, the cell index and its label; a kernel that does not
answer within --startup-timeout fails the notebook. Either way the remaining notebooks still run,
a summary follows, and the exit code is 1 if any notebook failed (2 for a usage error).
"""
from __future__ import annotations

import argparse
import atexit
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_GLOB = "[0-9][0-9]-*.ipynb"
# Seconds one cell may run per profile. smoke: CI keeps every cell short; quick: a first look
# that may train a few short runs; full: the paper's settings, where one cell can train several
# 20-epoch runs (about 9 min each on 2 cores with the default set-up, 2 h with stock DL4J), so a day
# bounds a hung kernel.
CELL_TIMEOUTS = {"smoke": 600, "quick": 3600, "full": 86400}
DEFAULT_STARTUP_TIMEOUT = 180  # JJava itself starts in ~1-2 s; this covers a loaded machine.
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class Outcome:
    """What happened to one notebook; failure is None when every cell ran without error."""
    path: Path
    seconds: float
    cells_run: int
    failure: str | None = None
    written_to: Path | None = None


def cell_label(cell) -> str:
    """The cell's Quarto label (`//| label: x`) or else its first non-empty line, shortened."""
    lines = [ln.strip() for ln in cell.source.splitlines() if ln.strip()]
    for ln in lines:
        m = re.match(r"^//\|\s*label:\s*(\S+)", ln)
        if m:
            return m.group(1)
    first = lines[0] if lines else "<empty>"
    return first if len(first) <= 70 else first[:67] + "..."


def rel(path: Path) -> str:
    """Path relative to the project when possible, for short messages."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def run_notebook(path: Path, out_path: Path, kernel: str, cell_timeout: int | None,
                 startup_timeout: int) -> Outcome:
    """Execute one notebook with a fresh kernel and write the executed copy to out_path."""
    nb = nbformat.read(path, as_version=4)
    code_cells = sum(1 for c in nb.cells if c.cell_type == "code" and c.source.strip())
    state = {"index": None, "start": 0.0, "run": 0}

    def on_start(cell, cell_index, **_):
        state["index"], state["start"] = cell_index, time.monotonic()

    def on_executed(cell, cell_index, execute_reply=None, **_):
        state["run"] += 1
        status = (execute_reply or {}).get("content", {}).get("status", "ok")
        print(f"    cell {cell_index:>2} ({state['run']}/{code_cells}) {cell_label(cell)}: "
              f"{time.monotonic() - state['start']:.1f} s{'' if status == 'ok' else ', ' + status}",
              flush=True)

    client = NotebookClient(
        nb, kernel_name=kernel, timeout=cell_timeout, startup_timeout=startup_timeout,
        interrupt_on_timeout=False, allow_errors=False, record_timing=True,
        # The kernel's working directory is the notebook's own folder, as in JupyterLab.
        resources={"metadata": {"path": str(path.parent.resolve())}},
        on_cell_start=on_start, on_cell_executed=on_executed,
    )
    started = time.monotonic()
    failure = None
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError, RuntimeError, TimeoutError) as e:
        failure = describe_failure(path, nb, state["index"], e, cell_timeout, startup_timeout)
        # nbclient has already cleaned up; its atexit hook would only assert on the gone manager.
        atexit.unregister(getattr(client, "_cleanup_kernel", lambda: None))
    seconds = time.monotonic() - started
    out_path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out_path)
    return Outcome(path, seconds, state["run"], failure, out_path)


def describe_failure(path: Path, nb, index: int | None, e: Exception, cell_timeout: int | None,
                     startup_timeout: int) -> str:
    """One-paragraph message naming the notebook, the cell index and label, and the cause."""
    where = rel(path)
    if index is None:  # failed before the first cell: kernel start-up
        return (f"{where}: the kernel did not start ({type(e).__name__}: {e}); "
                f"startup timeout {startup_timeout} s")
    cell = f"{where} cell {index} [{cell_label(nb.cells[index])}]"
    if isinstance(e, CellTimeoutError):
        return (f"{cell}: timed out after {cell_timeout} s (profile cell timeout; "
                f"use --cell-timeout to change)")
    if isinstance(e, DeadKernelError):
        return f"{cell}: the kernel died (out of memory? see the kernel's log above)"
    if isinstance(e, CellExecutionError):
        return f"{cell}: {e.ename}: {error_text(nb.cells[index], e)}"
    return f"{cell}: {type(e).__name__}: {ANSI.sub('', str(e)).strip()[:2000]}"


def error_text(cell, e: CellExecutionError, max_lines: int = 12) -> str:
    """The kernel's traceback lines (compiler diagnostics or stack), without colour codes."""
    errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    lines = [ANSI.sub("", ln).rstrip() for ln in (errors[-1].get("traceback", []) if errors else [])]
    lines = [ln for ln in lines if ln.strip()] or [ANSI.sub("", str(e.evalue))]
    more = f"\n      ... ({len(lines) - max_lines} more lines)" if len(lines) > max_lines else ""
    return "\n      ".join(lines[:max_lines]) + more


def check_kernel(kernel: str) -> None:
    """Print where the kernel spec comes from; exit 2 with advice if it is missing."""
    try:
        spec = KernelSpecManager().get_kernel_spec(kernel)
    except NoSuchKernel:
        sys.exit(f"error: no Jupyter kernel named '{kernel}'; run scripts/setup-notebooks.sh first")
    print(f"kernel '{kernel}': {spec.resource_dir}")
    cp = spec.metadata.get("mnist-dynamics", {}).get("library-classpath", "")
    classes = cp.split(os.pathsep)[0] if cp else ""
    if classes and not Path(classes).is_dir():
        print(f"warning: the kernel's library classpath starts with {classes}, which does not exist;"
              " build the library first (mvn -q -DskipTests package)", flush=True)


def parse_args(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("notebooks", nargs="*", type=Path,
                    help=f"notebooks to run (default: notebooks/{NOTEBOOK_GLOB} in name order)")
    ap.add_argument("--profile", choices=sorted(CELL_TIMEOUTS),
                    default=os.environ.get("MNIST_PROFILE", "smoke"),
                    help="passed to the kernel as MNIST_PROFILE (default: $MNIST_PROFILE or smoke)")
    ap.add_argument("--output-dir", type=Path,
                    help="folder for the executed copies (default: build/notebooks-<profile>)")
    ap.add_argument("--in-place", action="store_true",
                    help="overwrite the given notebooks with their outputs (profile full only; "
                         "a failed notebook is written to build/notebooks-failed instead)")
    ap.add_argument("--cell-timeout", type=int,
                    help="seconds per cell; 0 disables (default per profile: "
                         + ", ".join(f"{k} {v}" for k, v in CELL_TIMEOUTS.items()) + ")")
    ap.add_argument("--startup-timeout", type=int, default=DEFAULT_STARTUP_TIMEOUT,
                    help=f"seconds to wait for the kernel to start (default {DEFAULT_STARTUP_TIMEOUT})")
    ap.add_argument("--kernel", default="java", help="kernel spec name (default java)")
    args = ap.parse_args(argv)
    if args.in_place and args.output_dir:
        ap.error("--in-place and --output-dir exclude each other")
    if args.in_place and args.profile != "full":
        ap.error(f"--in-place refreshes the committed outputs and needs --profile full "
                 f"(got {args.profile}); use --output-dir for other profiles")
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    notebooks = args.notebooks or sorted((ROOT / "notebooks").glob(NOTEBOOK_GLOB))
    if not notebooks:
        print(f"error: no notebooks matched notebooks/{NOTEBOOK_GLOB}", file=sys.stderr)
        return 2
    missing = [str(p) for p in notebooks if not p.is_file()]
    if missing:
        print(f"error: notebook not found: {', '.join(missing)}", file=sys.stderr)
        return 2

    # The kernel inherits this environment: the profile, and the venv's kernels searched first so
    # that a user-wide kernel named 'java' (e.g. an old IJava) cannot shadow the project's one.
    os.environ["MNIST_PROFILE"] = args.profile
    venv_share = str(Path(sys.prefix) / "share" / "jupyter")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        p for p in [venv_share, os.environ.get("JUPYTER_PATH", "")] if p)
    check_kernel(args.kernel)

    cell_timeout = CELL_TIMEOUTS[args.profile] if args.cell_timeout is None else args.cell_timeout
    cell_timeout = cell_timeout if cell_timeout > 0 else None
    out_dir = args.output_dir or ROOT / "build" / f"notebooks-{args.profile}"
    print(f"profile {args.profile}: cell timeout {cell_timeout or 'none'} s, "
          f"startup timeout {args.startup_timeout} s, "
          f"output {'in place' if args.in_place else rel(out_dir)}", flush=True)

    outcomes = []
    for path in notebooks:
        print(f"==> {rel(path)}", flush=True)
        if args.in_place:
            target = path  # replaced only after a clean run, below
            scratch = ROOT / "build" / "notebooks-failed" / path.name
        else:
            target = scratch = out_dir / path.name
        outcome = run_notebook(path, scratch if args.in_place else target, args.kernel,
                               cell_timeout, args.startup_timeout)
        if args.in_place and outcome.failure is None:
            outcome.written_to.replace(target)
            outcome.written_to = target
        status = "ok" if outcome.failure is None else "FAILED"
        print(f"<== {rel(path)}: {status} in {outcome.seconds:.1f} s wall "
              f"({outcome.cells_run} code cells), written to {rel(outcome.written_to)}", flush=True)
        if outcome.failure:
            print(f"    error: {outcome.failure}", flush=True)
        outcomes.append(outcome)

    failed = [o for o in outcomes if o.failure]
    print("\nsummary:")
    for o in outcomes:
        print(f"  {'ok    ' if not o.failure else 'FAILED'} {o.seconds:8.1f} s  {rel(o.path)}")
    for o in failed:
        print(f"  FAILED: {o.failure}")
    print(f"notebooks: {len(outcomes) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
