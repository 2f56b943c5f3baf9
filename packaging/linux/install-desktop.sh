#!/usr/bin/env bash
# Install Parallax's desktop entry, AppStream metainfo, icon and a `parallax` launcher for the
# current user (XDG data dirs under ~/.local). `make install-desktop` runs this.
#
# The launcher ~/.local/bin/parallax is
#   - a symlink to this checkout's bundle dist/parallax/parallax when it exists (`make package`),
#   - otherwise a small script that runs this checkout's .venv (`make run` creates it).
# Usage: packaging/linux/install-desktop.sh [--uninstall]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
ID=io.github.parallax.Parallax
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
BIN="$HOME/.local/bin"
APPS="$DATA/applications" META="$DATA/metainfo" ICONS="$DATA/icons/hicolor/scalable/apps"

refresh() {
    if command -v update-desktop-database >/dev/null; then update-desktop-database -q "$APPS" || true; fi
    if command -v gtk-update-icon-cache >/dev/null; then
        gtk-update-icon-cache -q -t -f "$DATA/icons/hicolor" 2>/dev/null || true
    fi
}

if [[ "${1:-}" == "--uninstall" ]]; then
    rm -f "$APPS/$ID.desktop" "$META/$ID.metainfo.xml" "$ICONS/$ID.svg" "$BIN/parallax"
    refresh
    echo "removed Parallax's desktop entry, metainfo, icon and $BIN/parallax"
    exit 0
fi

mkdir -p "$APPS" "$META" "$ICONS" "$BIN"
rm -f "$BIN/parallax"
if [[ -x "$ROOT/dist/parallax/parallax" ]]; then
    ln -s "$ROOT/dist/parallax/parallax" "$BIN/parallax"
    what="the bundle $ROOT/dist/parallax"
else
    if [[ ! -x "$ROOT/.venv/bin/python" ]]; then
        echo "install-desktop: neither dist/parallax (make package) nor .venv (make run) exists" >&2
        exit 1
    fi
    cat > "$BIN/parallax" <<SH
#!/bin/sh
# Parallax from the checkout $ROOT (installed by make install-desktop).
exec "$ROOT/.venv/bin/python" "$ROOT/main.py" "\$@"
SH
    chmod +x "$BIN/parallax"
    what="the checkout's virtual environment $ROOT/.venv"
fi

# The entry runs the launcher by its absolute path, so it works even when ~/.local/bin is not
# on the desktop session's PATH.
sed -e "s|^Exec=parallax |Exec=$BIN/parallax |" -e "s|^TryExec=parallax$|TryExec=$BIN/parallax|" \
    "$ROOT/packaging/linux/$ID.desktop" > "$APPS/$ID.desktop"
install -m 644 "$ROOT/packaging/linux/$ID.metainfo.xml" "$META/$ID.metainfo.xml"
install -m 644 "$ROOT/resources/icons/parallax.svg" "$ICONS/$ID.svg"
refresh
echo "installed $APPS/$ID.desktop"
echo "installed $META/$ID.metainfo.xml"
echo "installed $ICONS/$ID.svg"
echo "installed $BIN/parallax -> $what"
