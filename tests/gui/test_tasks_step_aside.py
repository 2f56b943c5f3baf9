"""Code a background task calls steps aside for a search at its checkpoints
(core/yielding.step_aside: the names index catching up after a chunk has no ``cancelled()``
of its own); the same code called on any other lane, or outside a task, never waits."""

from __future__ import annotations

import threading
import time
from typing import Any

from desktop.core.yielding import step_aside
from desktop.gui.tasks import Lane, TaskRunner

WAIT_S = 5.0


def test_a_checkpoint_in_background_work_waits_for_the_hold_and_nowhere_else(qtbot: Any) -> None:
    runner = TaskRunner()
    release = runner.hold_background()  # a query was typed: its hits are not painted yet
    waited: dict[str, float] = {}

    def timed(name: str) -> Any:
        def work(progress: Any, cancelled: Any) -> None:
            t = time.monotonic()
            step_aside()
            waited[name] = time.monotonic() - t
        return work

    t0 = time.monotonic()
    step_aside()  # outside any task: never waits
    assert time.monotonic() - t0 < 0.05
    user = runner.start(timed("user"), lane=Lane.USER)
    with qtbot.waitSignal(user.sig_done, timeout=int(WAIT_S * 1000)):
        pass
    background = runner.start(timed("background"), lane=Lane.BACKGROUND)
    time.sleep(0.3)
    assert "background" not in waited  # still stepping aside
    threading.Timer(0.0, release).start()
    with qtbot.waitSignal(background.sig_done, timeout=int(WAIT_S * 1000)):
        pass
    assert waited["user"] < 0.05 and waited["background"] >= 0.25
    runner.shutdown()
