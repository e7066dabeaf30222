"""A real browser: JupyterLab on loopback, Debian's headless Chromium driven through its
chromedriver, opens notebooks/explore.ipynb (in the run's one JupyterLab: the ``lab`` fixture
of conftest.py, shared with test_lab.py), runs all cells from the Run menu, and checks that
every code cell ran and showed its outputs with no error. Saves a screenshot under
test-output/ (git-ignored).

Needs /usr/bin/chromium and /usr/bin/chromedriver (`make browser-deps`, Debian's packages);
skipped, saying so, when they are missing. `.ci/run` runs it when Chromium is present."""

from __future__ import annotations

import time
from pathlib import Path

from .chromium import MARKS, driver

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "test-output"

pytestmark = MARKS


def _click_menu(d, wait, menu: str, item: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec

    xp = f"//div[contains(@class,'lm-MenuBar-itemLabel') and normalize-space()='{menu}']"
    wait.until(ec.element_to_be_clickable((By.XPATH, xp))).click()
    xp = f"//div[contains(@class,'lm-Menu-itemLabel') and normalize-space()='{item}']"
    wait.until(ec.element_to_be_clickable((By.XPATH, xp))).click()


def test_explore_runs_all_cells_in_jupyterlab(lab):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    url, token, root = lab
    d = driver(root / "chromium-profile")
    OUT.mkdir(exist_ok=True)
    shot = OUT / "explore.png"
    try:
        d.get(f"{url}/lab/tree/notebooks/explore.ipynb?token={token}")
        wait = WebDriverWait(d, 120)
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".jp-Notebook .jp-CodeCell"))
        # JupyterLab may ask which kernel to start (when the page loads before the kernel
        # specs do): the project kernel is preselected; accept it, as an analyst would
        time.sleep(3)
        for b in d.find_elements(By.CSS_SELECTOR, ".jp-Dialog .jp-mod-accept"):
            b.click()
        # cells run as soon as the kernel is up: JupyterLab queues them until then
        _click_menu(d, wait, "Run", "Run All Cells")
        cells = d.find_elements(By.CSS_SELECTOR, ".jp-Notebook .jp-CodeCell")

        def all_ran(d) -> bool:  # or stopped at an error (Run All stops there)
            if d.find_elements(
                By.CSS_SELECTOR,
                ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']",
            ):
                return True
            prompts = [
                c.find_element(By.CSS_SELECTOR, ".jp-InputPrompt").text.strip()
                for c in d.find_elements(By.CSS_SELECTOR, ".jp-Notebook .jp-CodeCell")
            ]
            return all(p and p != "[*]:" and p != "[ ]:" for p in prompts)

        WebDriverWait(d, 300, poll_frequency=1).until(all_ran)
        errors = d.find_elements(
            By.CSS_SELECTOR,
            ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']",
        )
        tracebacks = [e.text for e in errors if "Traceback" in e.text or "Error" in e.text]
        # every code cell but the parameters cell and the import cell shows an output
        shown = [len(c.find_elements(By.CSS_SELECTOR, ".jp-OutputArea-output")) for c in cells]
        images = d.find_elements(By.CSS_SELECTOR, ".jp-OutputArea-output img")
        summary = d.find_elements(By.CSS_SELECTOR, ".kediri-dataset")
        # the styled rule table at the bottom, scrolled into view for the screenshot
        last = cells[-1]
        d.execute_script(
            "arguments[0].scrollIntoView({block: 'center'})", summary[0] if summary else last
        )
        time.sleep(0.5)
        d.save_screenshot(str(shot))
        d.execute_script(
            "arguments[0].scrollIntoView({block: 'center'})", images[-1] if images else last
        )
        time.sleep(0.5)
        d.save_screenshot(str(OUT / "explore-preview.png"))
    except Exception:
        d.save_screenshot(str(OUT / "explore-failed.png"))
        raise
    finally:
        d.quit()
    assert not tracebacks, tracebacks
    assert summary, "the Dataset summary did not display"
    assert sum(1 for n in shown if n) >= len(cells) - 2, shown
    assert len(images) >= 3  # two charts and the Brief's page preview
    assert shot.stat().st_size > 10_000
