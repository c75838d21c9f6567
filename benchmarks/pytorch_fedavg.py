#!/usr/bin/python3
"""Run FedAvg on Fashion-MNIST with a plain PyTorch loop, as the reference for FedWorkbench's engine.

The set-up is the 2NN of McMahan et al. 2017, "Communication-Efficient Learning of Deep Networks from
Decentralized Data": a 784-200-200-10 ReLU network (or, with --model softmax, one 784-10 linear layer) and K
clients. The training set is split IID (a seeded permutation cut into K nearly equal shares) or into McMahan's
pathological shards (sorted by label, cut into K·s shards whose sizes differ by at most one, shuffled, s shards
per client), the same split rules as the engine's iid and shards partitions. Each round samples a fraction C of
the clients, which run E local epochs of minibatch SGD with batch size B and learning rate eta. The server then
averages the client models weighted by sample count and evaluates the global model on the full test set. Pixels
are scaled to [0, 1] like torchvision's ToTensor, the same as the engine's loader.

Writes one JSON object per round to standard output, with the field names of `fedwb run --json`, then a
summary object that also records the torch version, its thread settings and the BLAS library it loaded. The
same information goes to standard error as one readable line.

Run with Debian's interpreter, which has python3-torch:
    /usr/bin/python3 benchmarks/pytorch_fedavg.py --rounds 10
"""

import argparse
import gzip
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-folder", default="/usr/share/datasets/fashion-mnist",
                        help="folder with the four Fashion-MNIST idx .gz files")
    parser.add_argument("--model", choices=("mlp", "softmax"), default="mlp",
                        help="mlp: the 784-200-200-10 ReLU network; softmax: one 784-10 linear layer")
    parser.add_argument("--partition", choices=("iid", "shards"), default="iid",
                        help="iid: equal random shares; shards: label-sorted shards, --shards-per-client each")
    parser.add_argument("--shards-per-client", type=int, default=2,
                        help="label-sorted shards each client receives under --partition shards")
    parser.add_argument("--rounds", type=int, default=50, help="federated rounds")
    parser.add_argument("--clients", type=int, default=100, help="total clients K")
    parser.add_argument("--fraction", type=float, default=0.1, help="fraction C of clients sampled per round")
    parser.add_argument("--local-epochs", type=int, default=1, help="local epochs E")
    parser.add_argument("--batch-size", type=int, default=10, help="local minibatch size B")
    parser.add_argument("--lr", type=float, default=0.05, help="local SGD learning rate")
    parser.add_argument("--seed", type=int, default=42, help="seed of the partition, sampling and initialization")
    parser.add_argument("--threads", type=int, default=1, help="torch intra-op threads")
    arguments = parser.parse_args()
    if arguments.clients < 1:
        parser.error(f"--clients {arguments.clients} must be at least 1.")
    if not 0 < arguments.fraction <= 1:
        parser.error(f"--fraction {arguments.fraction} must be in (0, 1].")
    if arguments.shards_per_client < 1:
        parser.error(f"--shards-per-client {arguments.shards_per_client} must be at least 1; McMahan et al. 2017 use 2.")
    if arguments.rounds < 1 or arguments.local_epochs < 1 or arguments.batch_size < 1 or arguments.threads < 1:
        parser.error("--rounds, --local-epochs, --batch-size and --threads must each be at least 1.")
    return arguments


def read_idx(path, header_bytes):
    with gzip.open(path, "rb") as file:
        return np.frombuffer(file.read(), dtype=np.uint8, offset=header_bytes)


def load_split(folder, prefix):
    images = read_idx(os.path.join(folder, f"{prefix}-images-idx3-ubyte.gz"), 16).reshape(-1, 784)
    labels = read_idx(os.path.join(folder, f"{prefix}-labels-idx1-ubyte.gz"), 8)
    features = torch.from_numpy(images.astype(np.float32) / 255.0)
    return features, torch.from_numpy(labels.astype(np.int64))


def loaded_blas_libraries():
    """Return the shared libraries with 'blas' in their name that this process has mapped."""
    with open("/proc/self/maps", encoding="utf-8") as maps:
        paths = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
    return sorted(os.path.realpath(path) for path in paths)


def openblas_description():
    """Return OpenBLAS's build configuration and thread count, or None when no OpenBLAS is loaded.

    Calls openblas_get_config and openblas_get_num_threads from the OpenBLAS C API through ctypes.
    """
    import ctypes

    for path in loaded_blas_libraries():
        if "openblas" not in path.lower():
            continue
        try:
            library = ctypes.CDLL(path)
            library.openblas_get_config.restype = ctypes.c_char_p
            return f"{library.openblas_get_config().decode()}, {library.openblas_get_num_threads()} thread(s)"
        except (OSError, AttributeError):
            continue
    return None


def split_iid(labels, clients, rng):
    """Cut a seeded permutation of the sample indices into CLIENTS shares whose sizes differ by at most one."""
    return np.array_split(rng.permutation(len(labels)), clients)


def split_shards(labels, clients, shards_per_client, rng):
    """Split into McMahan et al.'s pathological shards: sort by label, cut K·s shards, deal s random shards per client.

    The sort is stable, so ties keep index order. Shard sizes differ by at most one, so no sample is lost when
    K·s does not divide the sample count.
    """
    shard_count = clients * shards_per_client
    if shard_count > len(labels):
        raise SystemExit(f"pytorch_fedavg.py: {clients} clients × {shards_per_client} shards = {shard_count} shards "
                         f"do not fit {len(labels)} training samples; use fewer clients or shards per client.")
    shards = np.array_split(np.argsort(labels.numpy(), kind="stable"), shard_count)
    order = rng.permutation(shard_count)
    shares = []
    for client in range(clients):
        dealt = order[client * shards_per_client:(client + 1) * shards_per_client]
        shares.append(np.concatenate([shards[shard] for shard in dealt]))
    return shares


def create_model(kind):
    if kind == "softmax":
        return nn.Linear(784, 10)
    return nn.Sequential(nn.Linear(784, 200), nn.ReLU(), nn.Linear(200, 200), nn.ReLU(), nn.Linear(200, 10))


def train_client(model, global_state, features, labels, indices, arguments, generator):
    """Train from the global state with minibatch SGD and return the summed per-sample loss."""
    model.load_state_dict(global_state)
    optimizer = torch.optim.SGD(model.parameters(), lr=arguments.lr)
    loss_sum = 0.0
    for _ in range(arguments.local_epochs):
        order = indices[torch.randperm(len(indices), generator=generator)]
        # Like DataLoader(drop_last=False), the last batch keeps the remaining samples.
        for start in range(0, len(order), arguments.batch_size):
            batch = order[start:start + arguments.batch_size]
            optimizer.zero_grad()
            loss = F.cross_entropy(model(features[batch]), labels[batch])
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(batch)
    return loss_sum


def main():
    arguments = parse_arguments()
    torch.set_num_threads(arguments.threads)
    torch.manual_seed(arguments.seed)

    train_features, train_labels = load_split(arguments.data_folder, "train")
    test_features, test_labels = load_split(arguments.data_folder, "t10k")
    # A first matrix product makes torch load its BLAS, so /proc/self/maps lists it.
    torch.ones(8, 8) @ torch.ones(8, 8)
    environment = {
        "torchVersion": torch.__version__,
        "torchThreads": torch.get_num_threads(),
        "torchInteropThreads": torch.get_num_interop_threads(),
        "ompNumThreads": os.environ.get("OMP_NUM_THREADS"),
        "blas": loaded_blas_libraries(),
        "openblas": openblas_description(),
    }
    print(f"torch {environment['torchVersion']}, {environment['torchThreads']} thread(s), BLAS: "
          f"{', '.join(environment['blas']) or 'none found in /proc/self/maps'}"
          f" ({environment['openblas'] or 'not OpenBLAS'})", file=sys.stderr)

    rng = np.random.default_rng(arguments.seed)
    if arguments.partition == "shards":
        shares = split_shards(train_labels, arguments.clients, arguments.shards_per_client, rng)
    else:
        shares = split_iid(train_labels, arguments.clients, rng)
    client_indices = [torch.from_numpy(share.astype(np.int64)) for share in shares]
    if any(len(indices) == 0 for indices in client_indices):
        raise SystemExit(f"pytorch_fedavg.py: {arguments.clients} clients leave some client without training samples; "
                         f"use at most {len(train_labels)} clients.")
    clients_per_round = max(1, int(arguments.fraction * arguments.clients + 1e-9))

    global_model = create_model(arguments.model)
    local_model = create_model(arguments.model)
    generator = torch.Generator().manual_seed(arguments.seed)
    run_start = time.perf_counter()
    total_samples = 0

    for round_number in range(1, arguments.rounds + 1):
        round_start = time.perf_counter()
        sampled = sorted(rng.choice(arguments.clients, clients_per_round, replace=False))
        global_state = {name: tensor.clone() for name, tensor in global_model.state_dict().items()}
        weighted_sum = {name: torch.zeros_like(tensor) for name, tensor in global_state.items()}
        total_weight = 0
        loss_sum = 0.0

        training_start = time.perf_counter()
        for client in sampled:
            indices = client_indices[client]
            loss_sum += train_client(local_model, global_state, train_features, train_labels, indices, arguments, generator)
            weight = len(indices)
            with torch.no_grad():
                for name, tensor in local_model.state_dict().items():
                    weighted_sum[name] += weight * tensor
            total_weight += weight
        training_seconds = time.perf_counter() - training_start

        global_model.load_state_dict({name: tensor / total_weight for name, tensor in weighted_sum.items()})
        with torch.no_grad():
            logits = global_model(test_features)
            test_loss = F.cross_entropy(logits, test_labels).item()
            test_accuracy = (logits.argmax(dim=1) == test_labels).float().mean().item()

        trained_samples = total_weight * arguments.local_epochs
        total_samples += trained_samples
        now = time.perf_counter()
        print(json.dumps({
            "round": round_number,
            "testAccuracy": test_accuracy,
            "testLoss": test_loss,
            "trainLoss": loss_sum / trained_samples,
            "sampledClients": len(sampled),
            "trainedSamples": trained_samples,
            "roundSeconds": now - round_start,
            "elapsedSeconds": now - run_start,
            "trainingSeconds": training_seconds,
        }), flush=True)

    elapsed = time.perf_counter() - run_start
    print(json.dumps({"summary": True, "rounds": arguments.rounds, "trainedSamples": total_samples,
                      "elapsedSeconds": elapsed, "trainedSamplesPerSecond": total_samples / elapsed,
                      **environment}), flush=True)


if __name__ == "__main__":
    main()
