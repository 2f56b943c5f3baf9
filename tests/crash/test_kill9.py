"""#9 item 3: kill -9 (and Ctrl+C) a real CLI process at deterministic moments of every
writing command, then check the invariants (tools/crash/invariants.py) before and after
running it again.

Kill points per command: inside its last write transaction, just after that commit (before
the index or the export file is written) and halfway through its storage events. Ctrl+C
(SIGINT's KeyboardInterrupt, so rollbacks, ``finally`` blocks and the CLI's own handling run)
comes once per command, inside its last write transaction. The long randomised run is
``python -m tools.crash.run`` (figures in docs/benchmarks.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.crash import harness
from tools.crash.world import World, build


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return build(Path(tmp_path_factory.mktemp("crash")))


@pytest.fixture(scope="module")
def counted(world: World) -> dict[str, list[str]]:
    """Each scenario's storage events, counted once for both tests."""
    return {}


def _events(world: World, counted: dict[str, list[str]], sc: harness.Scenario) -> list[str]:
    if sc.name not in counted:
        counted[sc.name] = harness.events(world, sc)
    return counted[sc.name]


@pytest.mark.parametrize("scenario", harness.SCENARIOS, ids=lambda s: s.name)
def test_a_kill_at_any_moment_leaves_a_whole_library(world: World, counted: dict[str, list[str]],
                                                     scenario: harness.Scenario) -> None:
    points = harness.key_points(_events(world, counted, scenario))
    assert len(points) >= 2
    killed = 0
    for n in points:
        outcome = harness.kill_at(world, scenario, n)
        killed += outcome.killed  # a run may make a few events fewer than the counted one
        assert outcome.problems == [], f"{scenario.name} killed at event {n}"
    assert killed >= len(points) - 1, f"{scenario.name}: the process ended before the kills"


@pytest.mark.parametrize("scenario", harness.SCENARIOS, ids=lambda s: s.name)
def test_ctrl_c_at_any_moment_leaves_a_whole_library(world: World, counted: dict[str, list[str]],
                                                     scenario: harness.Scenario) -> None:
    points = harness.interrupt_points(_events(world, counted, scenario))
    assert points
    for n in points:
        outcome = harness.kill_at(world, scenario, n, interrupt=True)
        assert outcome.killed, f"{scenario.name}: the process ended before Ctrl+C at event {n}"
        assert outcome.problems == [], f"{scenario.name}: Ctrl+C at event {n}"
