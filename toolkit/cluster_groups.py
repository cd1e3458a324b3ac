"""Items sent to a Dask cluster in groups, one task a group: what `convert pdf`, `generate
--pdf` and `generate` on a cluster share (`cluster_pdf`, `cluster_generate`).

A group of items goes to a worker as one task (one LibreOffice start, one template unpickled,
for many items); at most two tasks a worker thread are in flight, so the inputs of a whole
batch never sit in memory. When the scheduler gives a task up (`KilledWorker`: the workers it
was on died, its `allowed-failures` and one times), a group of several is sent again one item
a task, so that only an item that kills workers is blamed; a single item is blamed only if it
had really started that many times — each task tells the client when it starts,
and an item that was only queued on a worker another item killed is sent again (`retries`
times), as `cluster.parse_on_cluster` does for files.

`distributed` is imported only inside functions (an optional dependency, see `cluster.py`).
"""
from __future__ import annotations

import threading
import uuid
from typing import Any, Callable, Iterator, Sequence

from .cluster import tries_given_up

TOPIC = "thidua-task"  # the event topic tasks say they started on
RETRIES = 2  # times an item is sent again after being given up for other items' deaths


def run_groups(client, todo: Sequence[int], per_task: int, task: Callable[..., list], load: Callable[[int], Any],
               failed: Callable[[BaseException | None, int | None], Any], args: tuple = (),
               retries: int = RETRIES) -> Iterator[tuple[int, Any]]:
    """(index, result) of every item of `todo`, as the cluster finishes them.

    Items go `per_task` at a time to `task(payloads, *args)` on a worker, which returns one
    result an item, in order; `load(index)` is an item's payload (an `OSError` reading it:
    its result is `failed(exc, None)`). An item whose task failed gets `failed(exc, tries)`:
    `tries` workers died running it (`KilledWorker`), or `exc` was raised, or the scheduler
    went away (both None).
    """
    run = uuid.uuid4().hex[:8]
    starts: dict[str, int] = {}
    lock, wake = threading.Lock(), threading.Event()

    def heard(event) -> None:
        _, msg = event
        if isinstance(msg, dict) and str(msg.get("key", "")).startswith(f"thidua-{run}-"):
            with lock:
                starts[msg["key"]] = starts.get(msg["key"], 0) + 1

    groups: list[tuple[list[int], int]] = [(list(todo[i:i + per_task]), 0) for i in range(0, len(todo), per_task)]
    window = max(2, 2 * sum(client.nthreads().values()))
    pending: dict[Any, tuple[list[int], int, str]] = {}  # future → (group, times sent again, key)
    sent = 0
    client.subscribe_topic(TOPIC, heard)
    try:
        while groups or pending:
            while groups and len(pending) < window:
                group, again = groups.pop(0)
                payloads, kept = [], []
                for index in group:
                    try:
                        payloads.append(load(index))
                        kept.append(index)
                    except OSError as exc:
                        yield index, failed(exc, None)
                if not kept:
                    continue
                sent += 1
                key = f"thidua-{run}-{sent}"
                future = client.submit(_task, task, payloads, *args, pure=False, key=key)
                future.add_done_callback(lambda _: wake.set())
                pending[future] = (kept, again, key)
            wake.wait(0.5)
            wake.clear()
            for future in [f for f in pending if f.done()]:
                group, again, key = pending.pop(future)
                if future.status == "finished":
                    yield from zip(group, future.result())
                    continue
                exc = future.exception() if future.status == "error" else None
                tries = tries_given_up(exc)
                if tries and len(group) > 1:  # one of them kills workers: each alone now
                    groups[:0] = [([index], 0) for index in group]
                    continue
                with lock:
                    began = starts.get(key, 0)
                if tries and began < tries and again < retries:
                    groups.insert(0, (group, again + 1))  # it only waited on workers others killed
                    continue
                result = failed(None, max(began, tries)) if tries else failed(exc, None)
                for index in group:
                    yield index, result
    finally:
        if client.status == "running":
            for future in pending:
                future.cancel()
            client.unsubscribe_topic(TOPIC)


def _task(task: Callable[..., list], payloads: list, *args) -> list:
    """What runs on the worker: say it began, then do the group's work."""
    from distributed import get_worker  # optional dependency: present wherever a task runs

    worker = get_worker()
    worker.log_event(TOPIC, {"key": worker.get_current_task()})
    return task(payloads, *args)
