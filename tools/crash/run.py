"""The long randomised crash run: ``python -m tools.crash.run [--kills N] [--seed S]``.

For every scenario (import, in-place update, links, entities with the real spaCy model,
import-annotations, remove, export) it stops the real CLI process N times, in turn: kill -9
at a random storage event (kill_at), kill -9 from outside after a random delay within the
command's own duration (kill_after, as ``kill -9`` would), then the same two with Ctrl+C
(SIGINT) instead. It prints one line per scenario and the totals: kills and Ctrl+C made, runs
that ended before the signal came, invariants broken. Exit status 1 when any invariant broke.
Figures go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from tools.crash import harness
from tools.crash.world import build


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kills", type=int, default=20, help="kills per scenario (20)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", help="one scenario by name")
    parser.add_argument("--fake-ner", action="store_true", help="no spaCy (faster)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    world = build(Path(tempfile.mkdtemp(prefix="parallax-crash-")))
    totals = [0, 0, 0, 0]
    broken: list[str] = []
    print(f"{'scenario':<20} {'events':>7} {'kills':>6} {'Ctrl+C':>6} {'ended first':>11} "
          f"{'broken':>7} {'s/run':>7}")
    for sc in harness.SCENARIOS:
        if args.only and sc.name != args.only:
            continue
        labels = harness.events(world, sc, fake_ner=args.fake_ner)
        start = time.perf_counter()
        harness.kill_at(world, sc, len(labels) + 10**6, fake_ner=args.fake_ner)  # a full run
        duration = time.perf_counter() - start
        kills = interrupts = ended = bad = 0
        for i in range(args.kills):
            interrupt = i % 4 >= 2
            if i % 2 == 0:
                outcome = harness.kill_at(world, sc, rng.randint(1, len(labels)),
                                          fake_ner=args.fake_ner, interrupt=interrupt)
            else:
                outcome = harness.kill_after(world, sc, rng.uniform(0.2, max(0.3, duration)),
                                             fake_ner=args.fake_ner, interrupt=interrupt)
            kills += outcome.killed and not interrupt
            interrupts += outcome.killed and interrupt
            ended += not outcome.killed
            if outcome.problems:
                bad += 1
                broken += [f"{sc.name} at {outcome.point}: {p}" for p in outcome.problems]
        print(f"{sc.name:<20} {len(labels):>7} {kills:>6} {interrupts:>6} {ended:>11} {bad:>7} "
              f"{(time.perf_counter() - start) / max(1, args.kills):>7.1f}", flush=True)
        totals = [totals[0] + kills, totals[1] + interrupts, totals[2] + ended, totals[3] + bad]
    print(f"{'total':<20} {'':>7} {totals[0]:>6} {totals[1]:>6} {totals[2]:>11} {totals[3]:>7}")
    for line in broken:
        print("BROKEN", line)
    return 1 if broken else 0


if __name__ == "__main__":
    raise SystemExit(main())
