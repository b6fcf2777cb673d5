"""The editor's guide and its screenshots: every picture it shows exists, and the script that takes them runs."""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "editor-guide.md"
SCREENSHOTS = ROOT / "docs" / "screenshots"


def load_script():
    spec = importlib.util.spec_from_file_location("docs_screenshots", ROOT / "scripts" / "docs_screenshots.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_guide_shows_exactly_the_screenshots_the_script_takes():
    shown = re.findall(r"\]\(screenshots/([\w-]+\.png)\)", GUIDE.read_text())
    assert sorted(shown) == sorted(load_script().SCREENS)
    for name in shown:
        with Image.open(SCREENSHOTS / name) as image:
            assert image.width == 1280, name
    total = sum((SCREENSHOTS / name).stat().st_size for name in shown)
    assert total < 600 * 1024, f"screenshots take {total // 1024} KB; keep the guide light"


def test_the_guide_covers_each_task_the_comms_team_does():
    headings = re.findall(r"^## (.+)$", GUIDE.read_text(), re.M)
    for task in [
        "Write a news release",
        "Preview it",
        "Schedule it",
        "Share it under embargo",
        "Submit it for sign-off",
        "Publish it",
        "Correct a published release",
        "Add a signatory",
        "Add a progress report and its file",
        "Change the cookie banner and bump the cookie policy version",
    ]:
        assert task in headings


@pytest.mark.browser
def test_the_screenshot_script_runs_here(tmp_path):
    """The quick mode: a throwaway database, the demo content, the dev server and chromium, two screens."""
    result = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [sys.executable, "scripts/docs_screenshots.py", "--quick", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    for name in load_script().SCREENS[:2]:
        with Image.open(tmp_path / name) as image:
            assert image.size == (1280, 800)
            # A real screen has many colours; a blank or error page has a handful.
            assert len(image.convert("RGB").getcolors(maxcolors=1 << 16) or []) > 8
