"""Progress of a Spark check on a terminal: one line, rewritten twice a
second from Spark's status tracker — tasks done of the running stages,
records read so far (an accumulator the reading tasks add to as they
finish), records per second, and an estimate of the time left from the
share of tasks done (known once a stage has started; Spark does not know
how many records a file holds before it is read).
"""

from __future__ import annotations

import threading
import time
from typing import Callable

_RECORDS = None


def records_accumulator(spark):
    """The accumulator the reading tasks add their record counts to."""
    global _RECORDS
    if _RECORDS is None:
        _RECORDS = spark.sparkContext.accumulator(0)
    return _RECORDS


def stderr_line(msg: str) -> None:
    """Write `msg` over the current line of stderr (a terminal)."""
    import sys

    end = "\n" if msg.endswith("\n") else ""
    sys.stderr.write("\r" + msg.rstrip("\n").ljust(79) + end)
    sys.stderr.flush()


def line(done: int, total: int, records: int, elapsed: float) -> str:
    """The progress line for `done` of `total` tasks and `records` read."""
    rate = records / elapsed if elapsed > 0 else 0.0
    text = f"spark: {done}/{total} tasks, {records:,} records read ({rate:,.0f} records/s)"
    if 0 < done < total:
        left = elapsed * (total - done) / done
        text += f", about {_duration(left)} left"
    return text


def _duration(seconds: float) -> str:
    s = int(round(seconds))
    return f"{s // 60}m{s % 60:02d}s" if s >= 60 else f"{s}s"


def watch(spark, progress: Callable[[str], None], every: float = 0.5) -> threading.Event:
    """Report progress until the returned event is set."""
    stop = threading.Event()
    tracker = spark.sparkContext.statusTracker()
    acc = records_accumulator(spark)
    start = time.monotonic()
    base = acc.value

    def loop() -> None:
        while not stop.wait(every):
            try:
                done = total = 0
                for sid in tracker.getActiveStageIds():
                    info = tracker.getStageInfo(sid)
                    if info is not None:
                        done += info.numCompletedTasks
                        total += info.numTasks
                if total:
                    progress(line(done, total, acc.value - base, time.monotonic() - start))
            except Exception:  # the context is stopping: skip a tick
                continue

    threading.Thread(target=loop, daemon=True, name="treatylang-spark-progress").start()
    return stop
