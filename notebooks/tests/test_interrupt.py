#!/usr/bin/env python3
"""Interrupting a notebook cell stops the work (issue 14, point 1), tested on the real Java kernel.

Run with the project's venv after scripts/setup-notebooks.sh and a library build:
`.venv/bin/python notebooks/tests/test_interrupt.py`; scripts/test-notebooks.sh runs it.

JJava answers an interrupt at once (it cancels the cell's future), but the cell's thread runs on
unless the work checks for interruption. The test starts the kernel `java` with jupyter_client,
with its own scratch runs folder (MNIST_RUNS_DIR) and the smoke profile, and checks:

  A. a training started with `paper.experiments().run(...)` is interrupted in the middle of its
     first epoch (the cell prints its progress): the run's status.json says "interrupted" at the
     next mini-batch (within a second; on a loaded machine within one mini-batch's time), its lock
     file is empty (released), and its checkpoints are intact (a valid epoch-0 manifest);
  B. the same run is started again: it resumes after the intact checkpoint; it is interrupted
     again, and the cell that runs it once more is sent at once, while the interrupted thread may
     still hold the run: that cell completes the run (it waits for the lock) with no
     OverlappingFileLockException;
  C. an interrupted t-SNE (3,000 points) stops: 3 s after the interrupt no thread of the kernel
     is inside Smile's t-SNE any more.

Prints one line per check and ends with "interrupt-tests: N passed, N failed"; exit code 1 if any
failed, 77 (skipped) if the kernel spec or the library build is missing.
"""
from __future__ import annotations

import json
import os
import queue
import sys
import tempfile
import time
from pathlib import Path

from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from jupyter_client.manager import KernelManager

ROOT = Path(__file__).resolve().parents[2]
VENV_KERNELS = ROOT / ".venv" / "share" / "jupyter"
results: list[tuple[str, bool, str]] = []


def check(name: str, ok: bool, detail: str = "") -> None:
    results.append((name, ok, detail))
    print(f"test-interrupt: {'ok  ' if ok else 'FAIL'} {name}{(': ' + detail) if detail else ''}", flush=True)


def execute(kc, code: str, timeout: float = 600) -> dict:
    """Run a cell and wait for its reply; returns {'status', 'stdout', 'stderr', 'error', 'seconds'}."""
    t0 = time.monotonic()
    msg_id = kc.execute(code)
    return collect(kc, msg_id, timeout, t0)


def collect(kc, msg_id: str, timeout: float, t0: float | None = None) -> dict:
    """Gather a cell's output until the kernel is idle for it; then its reply."""
    t0 = time.monotonic() if t0 is None else t0
    out = {"stdout": "", "stderr": "", "error": ""}
    deadline = time.monotonic() + timeout
    while True:
        try:
            msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            raise TimeoutError(f"cell did not finish within {timeout} s")
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream":
            out[content["name"]] += content["text"]
        elif kind == "error":
            out["error"] += f"{content['ename']}: {content['evalue']}"
        elif kind == "status" and content["execution_state"] == "idle":
            break
    reply = kc.get_shell_msg(timeout=max(1, deadline - time.monotonic()))
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=max(1, deadline - time.monotonic()))
    out["status"] = reply["content"]["status"]
    if out["status"] == "error" and not out["error"]:
        out["error"] = f"{reply['content'].get('ename')}: {reply['content'].get('evalue')}"
    out["seconds"] = time.monotonic() - t0
    return out


def watch(kc, msg_id: str, until, timeout: float = 1800) -> dict:
    """Reads a running cell's stdout until until(stdout so far) holds; also the mean time between its last BATCH lines."""
    text, stamps = "", []
    deadline = time.monotonic() + timeout
    while not until(text):
        try:
            msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            raise TimeoutError(f"the cell printed no progress within {timeout} s; stdout so far: {text[-500:]}")
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
            text += msg["content"]["text"]
            stamps += [time.monotonic()] * msg["content"]["text"].count("BATCH")
        elif msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "error":
            raise RuntimeError(f"the cell failed: {msg['content']['ename']}: {msg['content']['evalue']}")
    last = stamps[-4:]
    return {"text": text, "batch_seconds": (last[-1] - last[0]) / (len(last) - 1) if len(last) > 1 else 0.0}


def wait_for(predicate, timeout: float, step: float = 0.02):
    """Polls predicate() until it returns a truthy value; returns it, or None after timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return None


def status(run: Path) -> dict:
    try:
        return json.loads((run / "status.json").read_text())
    except (OSError, ValueError):
        return {}


SETUP = """
import org.mnistdynamics.experiment.Paper;
import org.mnistdynamics.model.CnnSpec;
import org.mnistdynamics.train.*;
var paper = Paper.open();
// 3 epochs of 4,096 images (32 mini-batches each), evaluation on 500 images
var config = new RunConfig("mnist", CnnSpec.BASELINE, OptimizerSpec.paperDefault("adam"), 128, 3, 314, 4096, 500);
var runDir = RunDirectory.of(paper.experiments().paths().runs(), config);
// prints where the training is, so that the test interrupts it in the middle of an epoch
var progress = new TrainingProgress() {
    public void epochStarted(String runId, int epoch, int epochs, int batches) { System.out.println("EPOCH " + epoch); }
    public void batchDone(int batch, double loss) { System.out.println("BATCH " + batch); }
};
System.out.println("RUN " + runDir.path());
"""
TRAIN = 'var r = paper.experiments().run(config, progress); System.out.println("STATE " + r.status().state());'
TSNE = """
var rnd = new java.util.Random(1);
double[][] pts = new double[3000][50];
int[] lab = new int[3000];
for (int i = 0; i < 3000; i++) { lab[i] = i % 10; for (int j = 0; j < 50; j++) pts[i][j] = rnd.nextGaussian() + (j == lab[i] ? 5 : 0); }
org.mnistdynamics.analysis.Embeddings.tsne(pts, lab, org.mnistdynamics.analysis.TsneOptions.defaults(1).withMaxPoints(3000).withProgress(false));
"""
# The t-SNE stops at its next iteration boundary; on a loaded machine (CI beside training) one iteration on 3,000
# points can take several seconds, so poll for up to 60 s instead of looking once after a fixed delay.
TSNE_THREADS = """
long t0 = System.nanoTime(), inTsne;
do {
    Thread.sleep(250);
    inTsne = Thread.getAllStackTraces().entrySet().stream().filter(e -> java.util.Arrays.stream(e.getValue())
            .anyMatch(f -> f.getClassName().startsWith("smile.manifold.TSNE"))).count();
} while (inTsne > 0 && System.nanoTime() - t0 < 60_000_000_000L);
System.out.println("TSNE-STOPPED-AFTER-MS " + (System.nanoTime() - t0) / 1_000_000);
System.out.println("TSNE-THREADS " + inTsne);
"""


def main() -> int:
    lib = ROOT / "lib" / "target"
    os.environ["JUPYTER_PATH"] = str(VENV_KERNELS)
    try:
        KernelSpecManager().get_kernel_spec("java")
    except NoSuchKernel:
        print("test-interrupt: SKIP: kernel spec 'java' missing; run scripts/setup-notebooks.sh first")
        return 77
    if not (lib / "classes").is_dir() or not (lib / "dependency").is_dir():
        print("test-interrupt: SKIP: the library is not built (mvn -q -DskipTests package)")
        return 77
    runs = Path(tempfile.mkdtemp(prefix="interrupt-runs-"))
    env = dict(os.environ, MNIST_RUNS_DIR=str(runs), MNIST_PROFILE="smoke")
    km = KernelManager(kernel_name="java")
    km.start_kernel(env=env)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=180)
        setup = execute(kc, SETUP)
        if setup["status"] != "ok":
            check("set-up cell", False, setup["error"] + setup["stderr"])
            return finish()
        run = Path(setup["stdout"].split("RUN ", 1)[1].split()[0])

        # A. interrupt in the middle of an epoch (after a few mini-batches: the first ones carry one-time set-up)
        train_id = kc.execute(TRAIN)
        seen = watch(kc, train_id, lambda text: "EPOCH 1" in text and text.split("EPOCH 1", 1)[1].count("BATCH") >= 6)
        batch = seen["batch_seconds"]
        t0 = time.monotonic()
        km.interrupt_kernel()
        reply = collect(kc, train_id, 120, t0)
        stopped = wait_for(lambda: status(run).get("state") == "interrupted", 60)
        latency = time.monotonic() - t0
        st = status(run)
        check("A: the interrupted cell returns", reply["status"] == "error", f"{reply['error']} after {reply['seconds']:.2f} s")
        # The training checks once per mini-batch, so it stops at the next mini-batch boundary: within a second on
        # an idle machine (a mini-batch takes about 0.05 s here); on a loaded one, within one mini-batch's time.
        bound = max(1.0, 1.0 + 2 * batch)
        check("A: training stops at the next mini-batch, marked interrupted", bool(stopped) and latency < bound,
              f"status.json '{st.get('state')}' {latency:.2f} s after the interrupt (bound {bound:.2f} s; mini-batches "
              f"took {batch:.2f} s): {st.get('message', '')}")
        released = wait_for(lambda: (run / "run.lock").exists() and (run / "run.lock").read_text() == "", 10)
        check("A: the lock is released", bool(released), f"run.lock holds '{(run / 'run.lock').read_text()}'")
        done = st.get("epochsCompleted", -1)
        intact = all((run / "checkpoints" / f"epoch-{e:03d}.json").exists() for e in range(done + 1))
        check("A: checkpoints intact", done >= 0 and intact, f"epochs 0..{done} have manifests")
        if not stopped:
            return finish()

        # B. resume, interrupt again, and re-run at once while the interrupted thread may still hold the run
        train_id = kc.execute(TRAIN)
        resumed = watch(kc, train_id, lambda text: "EPOCH" in text and text.rsplit("EPOCH", 1)[1].count("BATCH") >= 6)
        first = next((ln for ln in resumed["text"].splitlines() if ln.startswith("EPOCH ")), "none")
        check("B: running it again resumes after the intact checkpoint", first == f"EPOCH {done + 1}",
              f"first epoch trained: {first}")
        km.interrupt_kernel()
        collect(kc, train_id, 120)
        rerun = execute(kc, TRAIN, timeout=1800)
        text = rerun["stdout"] + rerun["stderr"] + rerun["error"]
        check("B: re-running at once completes the run (it waits for the interrupted thread)",
              rerun["status"] == "ok" and "STATE completed" in rerun["stdout"] and status(run).get("state") == "completed",
              f"{rerun['status']} in {rerun['seconds']:.1f} s; {rerun['error'] or rerun['stdout'].strip().splitlines()[-1]}")
        check("B: no OverlappingFileLockException", "OverlappingFileLockException" not in text)

        # C. an interrupted t-SNE stops
        tsne_id = kc.execute(TSNE)
        time.sleep(4.0)
        km.interrupt_kernel()
        collect(kc, tsne_id, 60)
        after = execute(kc, TSNE_THREADS, timeout=120)
        count = after["stdout"].split("TSNE-THREADS ", 1)[-1].strip() if "TSNE-THREADS" in after["stdout"] else "?"
        waited = after["stdout"].split("TSNE-STOPPED-AFTER-MS ", 1)[-1].split()[0] if "TSNE-STOPPED" in after["stdout"] else "?"
        check("C: an interrupted t-SNE stops (no thread in Smile's TSNE within 60 s)", count == "0",
              f"{count} thread(s) in smile.manifold.TSNE after {waited} ms; {after['error']}")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return finish()


def finish() -> int:
    passed = sum(1 for _, ok, _ in results if ok)
    failed = len(results) - passed
    print(f"interrupt-tests: {passed} passed, {failed} failed")
    return 1 if failed or not results else 0


if __name__ == "__main__":
    sys.exit(main())
