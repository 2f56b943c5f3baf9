"""Before Qt starts: are the system libraries its X11 (xcb) platform plugin needs there?

Without them Qt aborts with "Could not load the Qt platform plugin "xcb"" and a hint few
people can act on. This check runs ``ldd`` on the plugin (importing nothing from Qt but its
install path), names the missing libraries and gives the exact install command for the
distribution (from /etc/os-release). Only the xcb plugin is checked: on a Wayland session Qt
uses its Wayland plugin, and QT_QPA_PLATFORM=offscreen/wayland/... needs no X libraries.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
from pathlib import Path

# soname -> package per distribution family (debian: Debian, Ubuntu, Mint...; fedora: Fedora,
# RHEL, CentOS...; arch: Arch, Manjaro...; suse: openSUSE, SLES)
PACKAGES: dict[str, dict[str, str]] = {
    "libxcb-cursor.so.0": {"debian": "libxcb-cursor0", "fedora": "xcb-util-cursor",
                           "arch": "xcb-util-cursor", "suse": "libxcb-cursor0"},
    "libxcb-icccm.so.4": {"debian": "libxcb-icccm4", "fedora": "xcb-util-wm",
                          "arch": "xcb-util-wm", "suse": "libxcb-icccm4"},
    "libxcb-image.so.0": {"debian": "libxcb-image0", "fedora": "xcb-util-image",
                          "arch": "xcb-util-image", "suse": "libxcb-image0"},
    "libxcb-keysyms.so.1": {"debian": "libxcb-keysyms1", "fedora": "xcb-util-keysyms",
                            "arch": "xcb-util-keysyms", "suse": "libxcb-keysyms1"},
    "libxcb-render-util.so.0": {"debian": "libxcb-render-util0", "fedora": "xcb-util-renderutil",
                                "arch": "xcb-util-renderutil", "suse": "libxcb-render-util0"},
    "libxcb-xinerama.so.0": {"debian": "libxcb-xinerama0", "fedora": "libxcb", "arch": "libxcb",
                             "suse": "libxcb-xinerama0"},
    "libxcb-xinput.so.0": {"debian": "libxcb-xinput0", "fedora": "libxcb", "arch": "libxcb",
                           "suse": "libxcb-xinput0"},
    "libxkbcommon-x11.so.0": {"debian": "libxkbcommon-x11-0", "fedora": "libxkbcommon-x11",
                              "arch": "libxkbcommon-x11", "suse": "libxkbcommon-x11-0"},
    "libxkbcommon.so.0": {"debian": "libxkbcommon0", "fedora": "libxkbcommon",
                          "arch": "libxkbcommon", "suse": "libxkbcommon0"},
    "libX11-xcb.so.1": {"debian": "libx11-xcb1", "fedora": "libX11-xcb", "arch": "libx11",
                        "suse": "libX11-xcb1"},
    "libEGL.so.1": {"debian": "libegl1", "fedora": "libglvnd-egl", "arch": "libglvnd",
                    "suse": "libEGL1"},
    "libGL.so.1": {"debian": "libgl1", "fedora": "libglvnd-glx", "arch": "libglvnd",
                   "suse": "libGL1"},
    "libfontconfig.so.1": {"debian": "libfontconfig1", "fedora": "fontconfig",
                           "arch": "fontconfig", "suse": "libfontconfig1"},
    "libdbus-1.so.3": {"debian": "libdbus-1-3", "fedora": "dbus-libs", "arch": "dbus",
                       "suse": "libdbus-1-3"},
    "libSM.so.6": {"debian": "libsm6", "fedora": "libSM", "arch": "libsm", "suse": "libSM6"},
    "libICE.so.6": {"debian": "libice6", "fedora": "libICE", "arch": "libice", "suse": "libICE6"},
}
_XCB_CORE = re.compile(r"^libxcb(-[a-z]+)?\.so\.\d+$")  # libxcb-randr.so.0, libxcb-shm.so.0...
INSTALL = {"debian": "sudo apt install", "fedora": "sudo dnf install", "arch": "sudo pacman -S",
           "suse": "sudo zypper install"}


def needs_xcb(env: dict[str, str] | os._Environ[str] = os.environ) -> bool:
    """Whether Qt will load its xcb plugin (X11, or XWayland when asked)."""
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(";")[0].split(":")[0] == "xcb"
    wayland = env.get("WAYLAND_DISPLAY") or env.get("XDG_SESSION_TYPE") == "wayland"
    return not wayland


def xcb_plugin() -> Path | None:
    spec = importlib.util.find_spec("PySide6")  # its folder, without importing Qt
    if spec is None or not spec.submodule_search_locations:
        return None
    found = sorted(Path(next(iter(spec.submodule_search_locations))).glob("**/platforms/libqxcb.so"))
    return found[0] if found else None


def missing_libraries(plugin: Path) -> list[str]:
    """The shared libraries ``plugin`` needs that the system lacks (by ``ldd``)."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    try:
        out = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=20,
                             check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    names = [line.split("=>")[0].strip() for line in out.splitlines() if "not found" in line]
    return list(dict.fromkeys(names))


def family(os_release: str | None = None) -> str | None:
    """debian, fedora, arch or suse from /etc/os-release (ID, then ID_LIKE)."""
    if os_release is None:
        try:
            os_release = Path("/etc/os-release").read_text("utf-8")
        except OSError:
            return None
    fields = dict(re.findall(r'^([A-Z_]+)="?([^"\n]*)"?$', os_release, re.MULTILINE))
    ids = [fields.get("ID", ""), *fields.get("ID_LIKE", "").split()]
    for name in ids:
        for fam, members in (("debian", ("debian", "ubuntu", "linuxmint", "pop")),
                             ("fedora", ("fedora", "rhel", "centos", "rocky", "almalinux")),
                             ("arch", ("arch", "manjaro", "endeavouros")),
                             ("suse", ("suse", "opensuse", "opensuse-leap",
                                       "opensuse-tumbleweed", "sles"))):
            if name in members:
                return fam
    return None


def package_for(soname: str, fam: str) -> str | None:
    if soname in PACKAGES:
        return PACKAGES[soname].get(fam)
    if _XCB_CORE.match(soname):  # libxcb-shm.so.0 -> libxcb-shm0 (Debian), in libxcb elsewhere
        if fam == "debian":
            base = soname.split(".so.")[0]
            return f"{base}{soname.rsplit('.', 1)[1]}"
        return {"fedora": "libxcb", "arch": "libxcb", "suse": soname.split(".so.")[0] + "-"
                + soname.rsplit(".", 1)[1]}.get(fam)
    return None


def advice(missing: list[str], fam: str | None) -> str:
    """What to tell the person: the libraries, and the command that installs them."""
    lines = ["Parallax cannot open its window: these system libraries that Qt needs for X11 "
             "are missing: " + ", ".join(missing) + "."]
    packages = [package_for(name, fam) for name in missing] if fam else []
    if fam and all(packages):
        lines.append("Install them with:  " + INSTALL[fam] + " "
                     + " ".join(dict.fromkeys(p for p in packages if p)))
    else:
        lines.append("Install the packages that provide them with your distribution's package "
                     "manager (on Debian and Ubuntu: sudo apt install libxcb-cursor0 "
                     "libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 "
                     "libxkbcommon-x11-0).")
    lines.append("Parallax's commands work without a window: parallax-cli --help")
    return "\n".join(lines)


def check() -> str | None:
    """None when Qt can start (or the check does not apply); otherwise the advice."""
    if not needs_xcb():
        return None
    plugin = xcb_plugin()
    if plugin is None:
        return None
    missing = missing_libraries(plugin)
    return advice(missing, family()) if missing else None


def tell(message: str) -> None:
    """Say it where the person will see it: the terminal, and a desktop notification when
    there is no terminal (launched from the desktop entry)."""
    import sys

    print(message, file=sys.stderr)
    if not sys.stderr.isatty() and shutil.which("notify-send"):
        first, rest = message.split("\n", 1) if "\n" in message else (message, "")
        subprocess.run(["notify-send", "--app-name=Parallax", "--urgency=critical", first, rest],
                       check=False, timeout=10, capture_output=True)
