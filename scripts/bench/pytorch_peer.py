#!/usr/bin/env python3
"""PyTorch peer of the project's benchmark (`bin/mnist-dynamics bench --pytorch`).

Trains the paper's baseline CNN exactly as the Java benchmark child (org.mnistdynamics.bench.BenchChild) does, in
PyTorch on the CPU, and prints one line `PEER-RESULT <json>` with the same fields as the Java child's result.

Network (org.mnistdynamics.model.CnnSpec.BASELINE, 421,642 parameters): conv 3x3 'same' 32 + ReLU -> max-pool 2x2
-> conv 3x3 'same' 64 + ReLU -> max-pool 2x2 -> dense 128 + ReLU -> dropout 0.5 (probability of dropping) -> dense
10 + softmax with cross-entropy (log-softmax fused into the loss, as PyTorch users write it). Initialisation as
DL4J's: He normal N(0, 2/fan_in) for the conv and dense layers (WeightInit.RELU), Glorot normal
N(0, 2/(fan_in+fan_out)) for the output layer (WeightInit.XAVIER), biases 0. Adam, lr 1e-3, betas (0.9, 0.999),
eps 1e-8; mini-batches of 128 gathered from the shuffled in-memory training split (the first N images of the MNIST
training file, raw byte / 255, float32) as the project's Trainer does.

Variants: `eager` (NCHW) and `channels-last` (model and inputs in torch.channels_last). Threads: torch's intra-op
threads = --threads (the benchmark also sets OMP_NUM_THREADS).

Exit codes: 0 with a PEER-RESULT line; 0 with a `PEER-UNAVAILABLE <reason>` line when torch cannot be imported;
2 for bad arguments or data.

`--profile FILE` instead profiles --images worth of training steps with torch.profiler after the warm-up and writes
a JSON list of per-operator rows (phase, layer, op, calls, self time) to FILE (see org.mnistdynamics.bench.OpProfile).
"""
import argparse
import json
import math
import os
import resource
import statistics
import struct
import sys
import time

PREFIX = "PEER-RESULT "
UNAVAILABLE = "PEER-UNAVAILABLE "
PARAMETERS = 421_642  # CnnSpec.BASELINE.parameterCount()
BATCH = 128
TRAIN_SIZE = 55_000


def read_idx(path, expected_magic):
    """Reads an uncompressed IDX file; returns (dims, payload bytes)."""
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack(">I", data[:4])[0]
    if magic != expected_magic:
        raise ValueError(f"{path}: magic {magic:#x}, expected {expected_magic:#x} (an uncompressed IDX file)")
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return dims, data[4 + 4 * ndim:]


def load_train(torch, data_dir, count):
    """The first `count` images (float32 [count, 1, 28, 28], byte / 255) and labels (int64) of the training file."""
    dims, pixels = read_idx(os.path.join(data_dir, "train-images-idx3-ubyte"), 0x00000803)
    ldims, labels = read_idx(os.path.join(data_dir, "train-labels-idx1-ubyte"), 0x00000801)
    if dims[0] < count or ldims[0] < count or tuple(dims[1:]) != (28, 28):
        raise ValueError(f"{data_dir}: {dims} images / {ldims} labels, need {count} images of 28x28")
    x = torch.frombuffer(bytearray(pixels[:count * 784]), dtype=torch.uint8).reshape(count, 1, 28, 28)
    y = torch.frombuffer(bytearray(labels[:count]), dtype=torch.uint8).to(torch.int64)
    return x.to(torch.float32).div_(255.0), y


def build_model(torch):
    nn = torch.nn
    model = nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Flatten(), nn.Linear(7 * 7 * 64, 128), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(128, 10))
    # module index -> layer name as in the Java network (ReLU belongs to its layer, dropout to the output layer's input)
    names = {0: "conv1", 1: "conv1", 2: "pool1", 3: "conv2", 4: "conv2", 5: "pool2", 6: "flatten", 7: "dense",
             8: "dense", 9: "dropout", 10: "output"}
    with torch.no_grad():
        for i, m in enumerate(model):
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                if names[i] == "output":
                    nn.init.xavier_normal_(m.weight)  # DL4J XAVIER: N(0, 2 / (fan_in + fan_out))
                else:
                    nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")  # DL4J RELU: N(0, 2 / fan_in)
                nn.init.zeros_(m.bias)
    count = sum(p.numel() for p in model.parameters())
    if count != PARAMETERS:
        raise AssertionError(f"the PyTorch network has {count} parameters, the Java baseline {PARAMETERS}")
    return model, names


class Batches:
    """Endless shuffled mini-batches over the split (reshuffled every pass), gathered into new tensors."""

    def __init__(self, torch, x, y, channels_last, seed):
        self.torch, self.x, self.y, self.channels_last = torch, x, y, channels_last
        self.generator = torch.Generator().manual_seed(seed)
        self.order, self.position = None, len(x)

    def next(self):
        torch = self.torch
        if self.position >= len(self.x):
            self.order = torch.randperm(len(self.x), generator=self.generator)
            self.position = 0
        idx = self.order[self.position:self.position + BATCH]
        self.position += BATCH
        xb = self.x.index_select(0, idx)
        if self.channels_last:
            xb = xb.contiguous(memory_format=torch.channels_last)
        return xb, self.y.index_select(0, idx)


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data-dir", required=True, help="folder with the uncompressed MNIST IDX files (data/mnist)")
    p.add_argument("--variant", choices=["eager", "channels-last"], default="eager")
    p.add_argument("--images", type=int, default=4096, help="images per timed repeat")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--warmup", type=int, default=1024, help="untimed warm-up images")
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--profile", help="write a torch.profiler operator table (JSON) here instead of timing")
    a = p.parse_args(argv)
    if a.images < BATCH or a.repeats < 1 or a.warmup < 0 or a.threads < 1:
        p.error("need --images >= 128, --repeats >= 1, --warmup >= 0, --threads >= 1")
    try:
        import torch
    except Exception as e:  # ImportError, or a broken install (missing shared libraries)
        print(UNAVAILABLE + f"cannot import torch with {sys.executable}: {type(e).__name__}: {e}", flush=True)
        return 0
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    per_repeat = -(-a.images // BATCH)
    warmup = -(-a.warmup // BATCH)
    total = warmup + (1 if a.profile else a.repeats) * per_repeat
    pool = min(total, TRAIN_SIZE // BATCH) * BATCH  # as BenchChild: each image at most once unless more are needed
    try:
        x, y = load_train(torch, a.data_dir, pool)
    except (OSError, ValueError) as e:
        print(f"pytorch_peer: {e}", file=sys.stderr)
        return 2
    model, names = build_model(torch)
    channels_last = a.variant == "channels-last"
    if channels_last:
        model = model.to(memory_format=torch.channels_last)
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    batches = Batches(torch, x, y, channels_last, a.seed)
    loss_fn = torch.nn.functional.cross_entropy

    def step():
        xb, yb = batches.next()
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        value = loss.item()  # the Java side reads the score every step too
        if not math.isfinite(value):
            raise RuntimeError(f"non-finite training loss {value}")
        return value

    for _ in range(warmup):
        last = step()
    if a.profile:
        rows = profile(torch, model, names, batches, opt, loss_fn, per_repeat)
        with open(a.profile, "w") as f:
            json.dump(rows, f)
        return 0
    rates, utilisation = [], []
    last = float("nan")
    for _ in range(a.repeats):
        c0, t0 = time.process_time(), time.perf_counter()
        for _ in range(per_repeat):
            last = step()
        wall = time.perf_counter() - t0
        rates.append(per_repeat * BATCH / wall)
        utilisation.append((time.process_time() - c0) / (wall * a.threads))
    result = {
        "variant": a.variant, "threads": a.threads, "torchVersion": torch.__version__,
        "onednn": bool(torch.backends.mkldnn.is_available()), "parameters": PARAMETERS,
        "imagesPerSecond": rates, "cpuUtilisation": utilisation, "lastLoss": last,
        "peakRssMiB": peak_rss_mib(), "loadAverage": os.getloadavg()[0],
    }
    print(PREFIX + json.dumps(result), flush=True)
    return 0


def profile(torch, model, names, batches, opt, loss_fn, steps):
    """Per-operator self CPU time over `steps` training steps, attributed to phase and layer.

    Forward ops are attributed by a record_function range per module; backward ops by the autograd node they run in
    (matched to the forward op that created it through its sequence number); the update is everything inside
    opt.step(). Returns rows {phase, layer, op, calls, self_ms} summed over the steps, plus `step` rows with the
    wall time per step.
    """
    from torch.profiler import profile as tprofile, ProfilerActivity, record_function
    handles = []
    for i, m in enumerate(model):
        name = names[i]
        handles.append(m.register_forward_pre_hook(lambda mod, inp, n=name: mod.__dict__.__setitem__(
            "_peer_rf", record_function("fwd:" + n).__enter__())))
        handles.append(m.register_forward_hook(lambda mod, inp, out: mod.__dict__.pop("_peer_rf").__exit__(None, None, None)))
    wall = 0.0
    with tprofile(activities=[ProfilerActivity.CPU]) as prof:
        for _ in range(steps):
            t0 = time.perf_counter()
            with record_function("phase:data"):
                xb, yb = batches.next()
            with record_function("phase:zero_grad"):
                opt.zero_grad(set_to_none=True)
            with record_function("phase:forward"):
                loss = loss_fn(model(xb), yb)
            with record_function("phase:backward"):
                loss.backward()
            with record_function("phase:update"):
                opt.step()
            loss.item()
            wall += time.perf_counter() - t0
    for h in handles:
        h.remove()
    events = prof.events()
    seq_layer = {}
    for e in events:  # forward ops: innermost enclosing fwd:<layer> range
        layer = None
        parent = e.cpu_parent
        while parent is not None:
            if parent.name.startswith("fwd:"):
                layer = parent.name[4:]
                break
            parent = parent.cpu_parent
        if layer and e.sequence_nr >= 0 and e.sequence_nr not in seq_layer:
            seq_layer[e.sequence_nr] = layer
    acc = {}
    for e in events:
        if e.name.startswith(("fwd:", "phase:")):
            continue
        phase, layer, anc = "other", "-", e.cpu_parent
        chain = []
        while anc is not None:
            chain.append(anc)
            anc = anc.cpu_parent
        for c in chain:
            if c.name.startswith("fwd:") and layer == "-":
                layer = c.name[4:]
            if c.name.startswith("autograd::engine::evaluate_function") and layer == "-":
                layer = seq_layer.get(c.sequence_nr, "-")
            if c.name.startswith("phase:"):
                phase = c.name[6:]
        if e.name.startswith("autograd::engine::evaluate_function") and layer == "-":
            layer = seq_layer.get(e.sequence_nr, "-")
        if phase == "forward" and layer == "-":
            layer = "loss"
        key = (phase, layer, e.name)
        calls, self_us = acc.get(key, (0, 0.0))
        acc[key] = (calls + 1, self_us + e.self_cpu_time_total)
    rows = [{"phase": k[0], "layer": k[1], "op": k[2], "calls": v[0] / steps, "self_ms": v[1] / 1000.0 / steps}
            for k, v in sorted(acc.items())]
    rows.append({"phase": "step", "layer": "-", "op": "wall time per step (profiled)", "calls": 1,
                 "self_ms": 1000.0 * wall / steps})
    return rows


if __name__ == "__main__":
    sys.exit(main())
