"""How many processes this machine lets gongbao run side by side."""

from __future__ import annotations

import os

__all__ = ["usable_cores"]


def usable_cores() -> int:
    """The CPUs this process may run on: its affinity mask where the system has one (a
    container or ``taskset`` may allow fewer than the machine has), else the CPU count."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1
