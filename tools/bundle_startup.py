#!/usr/bin/env python3
"""Measure the bundle's size and start-up time (docs/benchmarks.md, "Bundle").

    python3 tools/bundle_startup.py [--bundle dist/parallax/parallax] [--runs 5]

Reports ``du`` of the bundle folder, the wall time of ``parallax --version``, and the wall time
from starting ``parallax --smoke-test`` until it prints that the main window has been shown and
painted (on the library of the two samples, in a bare environment: no virtual environment).
Run it under a display, e.g. ``xvfb-run -a -s "-screen 0 1400x900x24" python3 tools/...``;
without one it falls back to Qt's offscreen platform. Standard library only.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def env(home: Path) -> dict[str, str]:
    out = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}
    if os.environ.get("DISPLAY"):
        out.update({k: os.environ[k] for k in ("DISPLAY", "XAUTHORITY") if k in os.environ})
    else:
        out["QT_QPA_PLATFORM"] = "offscreen"
    return out


def time_version(bundle: Path, home: Path) -> float:
    start = time.perf_counter()
    subprocess.run([str(bundle), "--version"], env=env(home), check=True, capture_output=True)
    return time.perf_counter() - start


def time_window(bundle: Path, home: Path, lib: Path) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.Popen([str(bundle), "--library", str(lib), "--smoke-test"], env=env(home),
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if "window shown" in line:
            elapsed = time.perf_counter() - start
            proc.kill()  # the rest (loading the spaCy model) is not start-up
            proc.wait()
            return elapsed, line.strip()
    proc.wait()
    raise SystemExit(f"the bundle exited ({proc.returncode}) without showing the window")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bundle", type=Path, default=ROOT / "dist" / "parallax" / "parallax")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    if not args.bundle.is_file():
        print(f"no bundle at {args.bundle} (run `make package`)", file=sys.stderr)
        return 1
    folder = args.bundle.parent
    size = subprocess.run(["du", "-sh", str(folder)], capture_output=True, text=True,
                          check=True).stdout.split()[0]
    files = sum(1 for p in folder.rglob("*") if p.is_file())
    with tempfile.TemporaryDirectory() as tmp:
        home, lib = Path(tmp), Path(tmp) / "lib"
        subprocess.run([str(args.bundle), "--library", str(lib), "import",
                        str(ROOT / "resources" / "samples")], env=env(home), check=True,
                       capture_output=True)
        first_version = time_version(args.bundle, home)
        versions = [time_version(args.bundle, home) for _ in range(args.runs)]
        windows, line = [], ""
        for _ in range(args.runs):
            elapsed, line = time_window(args.bundle, home, lib)
            windows.append(elapsed)
    print(f"bundle            {folder}  {size}  ({files} files)")
    print(f"--version         median {statistics.median(versions):.2f} s of {args.runs} "
          f"(min {min(versions):.2f}, first run {first_version:.2f})")
    print(f"window shown      median {statistics.median(windows):.2f} s of {args.runs} "
          f"(min {min(windows):.2f}, max {max(windows):.2f})")
    print(f"                  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
