"""The desktop entry, AppStream metainfo and icon in packaging/linux/ agree with each other and
with the application identity, and pass the freedesktop validators when those are installed."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from desktop.version import __version__

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
APP_ID = "io.github.parallax.Parallax"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
ICON = LINUX / f"{APP_ID}.svg"


def entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_keys() -> None:
    e = entry()
    assert e["Type"] == "Application"
    assert e["Name"] == "Parallax"
    assert e["Exec"] == "parallax %F"
    assert e["Icon"] == APP_ID
    assert e["Terminal"] == "false"
    assert e["Categories"] == "Office;Viewer;TextTools;Qt;"
    assert set(e["MimeType"].rstrip(";").split(";")) == {"text/plain", "text/markdown", "text/html"}


def test_metainfo_matches_the_entry_and_version() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("name") == "Parallax"
    assert root.findtext("summary")
    assert root.findtext("metadata_license") and root.findtext("project_license") == "MIT"
    assert root.find("description/p") is not None
    launchable = root.find("launchable")
    assert launchable is not None and launchable.get("type") == "desktop-id"
    assert launchable.text == DESKTOP.name
    releases = [r.get("version") for r in root.iterfind("releases/release")]
    assert __version__ in releases


def test_icon_is_the_window_icon() -> None:
    from desktop.gui.paths import icon_path

    assert ICON.resolve() == icon_path().resolve()  # one source of truth
    svg = ET.parse(ICON).getroot()
    assert svg.tag.endswith("svg") and svg.get("viewBox")


def test_application_identity_matches_the_entry() -> None:
    pytest.importorskip("PySide6")
    from desktop.gui import run

    assert DESKTOP.stem == run.DESKTOP_FILE
    assert (run.ORGANISATION, run.APP_NAME) == ("Parallax", "Parallax")
    assert run.app_version() == __version__


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate not installed (apt-get install desktop-file-utils)")
def test_desktop_file_validate() -> None:
    result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower()


@pytest.mark.skipif(shutil.which("appstreamcli") is None,
                    reason="appstreamcli not installed (apt-get install appstream)")
def test_appstreamcli_validate() -> None:
    result = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
