"""#9 item 3: kill -9 a real CLI process at deterministic moments of every writing command,
then check the invariants (tools/crash/invariants.py) before and after running it again.

Kill points per command: inside its last write transaction, just after that commit (before
the index or the export file is written) and halfway through its storage events. The long
randomised run is ``python -m tools.crash.run`` (figures in docs/benchmarks.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.crash import harness
from tools.crash.world import World, build


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return build(Path(tmp_path_factory.mktemp("crash")))


@pytest.mark.parametrize("scenario", harness.SCENARIOS, ids=lambda s: s.name)
def test_a_kill_at_any_moment_leaves_a_whole_library(world: World,
                                                     scenario: harness.Scenario) -> None:
    points = harness.key_points(harness.events(world, scenario))
    assert len(points) >= 2
    killed = 0
    for n in points:
        outcome = harness.kill_at(world, scenario, n)
        killed += outcome.killed  # a run may make a few events fewer than the counted one
        assert outcome.problems == [], f"{scenario.name} killed at event {n}"
    assert killed >= len(points) - 1, f"{scenario.name}: the process ended before the kills"
