"""The HTML report in a real browser (Debian's headless Chromium over
WebDriver): the rendered DOM — lanes, marks, counts, the evidence card after
a click, the filters, the keyboard —, no console error on any page, a big
run drawn as counts per month, and screenshots saved for people to look at
(build/screenshots/; docs/img/report-timeline.png is refreshed with
--update-golden)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS_SHOT = ROOT / "docs" / "img" / "report-timeline.png"


def _check(tmp: Path, name: str, *args: str, fmt: str = "html") -> Path:
    """Run `treatylang check ARGS --format FMT` in the repository; the output file."""
    out = tmp / f"{name}.{fmt}"
    with open(out, "w", encoding="utf-8") as f:
        p = subprocess.run([sys.executable, "-m", "treatylang", "check", *args, "--format", fmt], cwd=ROOT,
                           stdout=f, stderr=subprocess.PIPE, text=True)
    assert p.returncode in (0, 1), p.stderr
    return out


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """HTML reports of several examples, and their JSON documents."""
    tmp = tmp_path_factory.mktemp("html")
    cases = {
        "aggression_aid": ("ru_ir_2001", "examples/aggression_aid.scenario"),
        # Under the literal reading of Gore–Chernomyrdin (its default, a
        # sunset, gives no violation): the page then has every status.
        "timeline_1995_2001": ("examples/timeline_1995_2001.scenario", "--reading", "completion_duty"),
        "supersession_2025": ("examples/supersession_2025.scenario",),
        "caspian_pipeline": ("examples/caspian_pipeline.scenario",),
        "notice_of_termination": ("examples/notice_of_termination.scenario",),
    }
    out = {}
    for name, args in cases.items():
        html = _check(tmp, name, *args)
        doc = json.loads(_check(tmp, name, *args, fmt="json").read_text(encoding="utf-8"))
        out[name] = (html, doc)
    return out


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """A 10^5-event run (the benchmark's synthetic CSV): its HTML page and JSON document."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_check import synthesise

    tmp = tmp_path_factory.mktemp("big")
    events = tmp / "events-100000.csv"
    synthesise(events, 100_000)
    args = ("ru_ir_2001", "caspian_2001", "--events", str(events))
    html = _check(tmp, "big", *args)
    doc = json.loads(_check(tmp, "big", *args, fmt="json").read_text(encoding="utf-8"))
    return html, doc


def _open(browser, path: Path):
    browser.load(path)
    browser.driver.get_log("browser")  # nothing from earlier pages
    browser.load(path)
    return browser.driver


def _by(sel):
    from selenium.webdriver.common.by import By

    return By.CSS_SELECTOR, sel


def _lanes(doc: dict) -> int:
    return sum(1 for c in doc["checks"] for v in c["verdicts"] if v["applied"] or v["findings"] or v["triggers"])


@pytest.mark.parametrize("name", ["aggression_aid", "timeline_1995_2001", "supersession_2025", "caspian_pipeline",
                                  "notice_of_termination"])
def test_page_draws_every_lane_and_mark_without_console_errors(browser, pages, shots, name):
    """Each example page loads with no console error; it has one in-force
    lane per instrument and party, one lane per clause instance that applied
    or has findings, one mark per kept finding, and the conclusion states the
    summary line; a full-page screenshot is saved."""
    html, doc = pages[name]
    d = _open(browser, html)
    assert browser.console_errors() == []
    check = doc["checks"][0]
    assert len(d.find_elements(*_by(".lane.life"))) == sum(len(i["parties"]) for i in check["instruments"])
    assert len(d.find_elements(*_by(".lane.verdict"))) == _lanes(doc)
    kept = sum(len(v["findings"]) for v in check["verdicts"] if v["applied"] or v["findings"] or v["triggers"])
    assert len(d.find_elements(*_by(".layer-marks .mk"))) == kept
    for v in check["verdicts"]:
        if v["status"] == "violated" and v["counts"]["by_kind"].get("violation"):
            vi = check["verdicts"].index(v)
            assert d.find_elements(*_by(f"#lane-0-{vi} .mk-violation"))
    assert d.find_element(*_by(".summary-line")).text == check["summary"]["line"]
    shown = d.find_element(*_by("#shown")).text
    assert shown == f"Showing {_lanes(doc)} of {_lanes(doc)} clause-instance lanes."
    browser.screenshot(shots / f"report-{name}.png")
    print(f"screenshot: {shots / f'report-{name}.png'}")


def test_clicking_a_violation_opens_its_evidence_card(browser, pages, shots, request):
    """A click on a violation mark opens the evidence card: the clause and
    its rule, the verdict, the act with its source file:line, the article's
    text with language and flag; Escape closes it. The screenshot with the
    card open is the one docs/cli.md shows (refreshed with --update-golden)."""
    from selenium.webdriver.common.keys import Keys

    html, doc = pages["aggression_aid"]
    d = _open(browser, html)
    card = d.find_element(*_by("#card"))
    assert not card.is_displayed()
    d.find_element(*_by(".layer-marks .mk-violation")).click()
    assert card.is_displayed()
    text = " ".join(card.text.split())
    assert "Violation — ru_ir_2001.no_aid_to_aggressor" in text
    assert "the other party must not assist X while aggression(X, P)" in text
    assert "violated by RUS" in text
    assert "examples/aggression_aid.scenario:19" in text
    assert "2003-04-02 RUS → USA assist kind=military" in text
    assert "If one of the parties is subjected to aggression by a state" in text
    assert "Language: en; translation" in text
    assert "asserted in the timeline" in text
    d.set_window_size(1400, 1000)
    browser.screenshot(shots / "report-card.png", full_page=False)
    if request.config.getoption("--update-golden", default=False):
        DOCS_SHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shots / "report-card.png", DOCS_SHOT)
    d.switch_to.active_element.send_keys(Keys.ESCAPE)
    assert not card.is_displayed()
    assert browser.console_errors() == []


def test_trigger_and_undecided_marks_open_their_cards(browser, pages):
    """The trigger of a violated instance opens a card naming the situation
    and the event that started it; an undecided act's card says what the
    verdict lacks."""
    html, _ = pages["aggression_aid"]
    d = _open(browser, html)
    d.find_element(*_by(".lane .mk-trigger")).click()
    text = " ".join(d.find_element(*_by("#card")).text.split())
    assert "Trigger — ru_ir_2001.no_aid_to_aggressor" in text and "aggression(USA, IRN)" in text
    assert "examples/aggression_aid.scenario:13" in text
    html, _ = pages["timeline_1995_2001"]
    d = _open(browser, html)
    d.find_element(*_by(".layer-marks .mk-unknown")).click()
    text = " ".join(d.find_element(*_by("#card")).text.split())
    assert "Undecided act" in text and "would be decided by the exact day of the act (dated 2000)" in text
    assert browser.console_errors() == []


def test_filters_hide_lanes_and_say_how_many_are_shown(browser, pages):
    """Unticking a status, a party, a clause or an instrument hides the lanes
    and evidence it covers and updates the count; ticking it again restores them."""
    html, doc = pages["timeline_1995_2001"]
    d = _open(browser, html)
    total = _lanes(doc)
    box = d.find_element(*_by("input[name=status][value=violated]"))
    box.click()
    hidden = [e for e in d.find_elements(*_by(".lane.verdict[data-status=violated]")) if e.is_displayed()]
    assert hidden == []
    n_viol = len(d.find_elements(*_by(".lane.verdict[data-status=violated]")))
    assert d.find_element(*_by("#shown")).text == f"Showing {total - n_viol} of {total} clause-instance lanes."
    assert not any(e.is_displayed() for e in d.find_elements(*_by(".inst[data-status=violated]")))
    box.click()
    assert d.find_element(*_by("#shown")).text == f"Showing {total} of {total} clause-instance lanes."
    d.find_element(*_by("input[name=ins][value=ru_ir_2001]")).click()
    assert not any(e.is_displayed() for e in d.find_elements(*_by(".lane[data-ins=ru_ir_2001]")))
    assert all(e.is_displayed() for e in d.find_elements(*_by(".lane[data-ins=gore_chernomyrdin_1995]")))
    d.find_element(*_by("input[name=parties][value=USA]")).click()
    assert not any(e.is_displayed() for e in d.find_elements(*_by(".lane.life[data-parties=USA]")))
    assert browser.console_errors() == []


def test_keyboard_reaches_acts_moves_between_them_and_opens_the_card(browser, pages):
    """Tab reaches the timeline's one tab stop (an act); the arrow keys move
    between acts; Enter opens the evidence card with focus on its close
    button; Escape closes it and gives focus back to the act."""
    from selenium.webdriver.common.keys import Keys

    html, _ = pages["aggression_aid"]
    d = _open(browser, html)
    d.find_element(*_by("body")).click()
    for _ in range(60):
        d.switch_to.active_element.send_keys(Keys.TAB)
        el = d.switch_to.active_element
        if "mk" in (el.get_attribute("class") or "").split():
            break
    else:
        pytest.fail("Tab never reached an act of the timeline")
    first = el.get_attribute("aria-label")
    el.send_keys(Keys.ARROW_RIGHT)
    second = d.switch_to.active_element.get_attribute("aria-label")
    assert second != first
    lane = d.execute_script("return arguments[0].closest('.lane').id", d.switch_to.active_element)
    d.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
    third = d.switch_to.active_element
    assert d.execute_script("return arguments[0].closest('.lane').id", third) != lane
    assert "mk" in third.get_attribute("class").split()
    third.send_keys(Keys.ENTER)
    assert d.find_element(*_by("#card")).is_displayed()
    assert "close" in d.switch_to.active_element.get_attribute("class")
    d.switch_to.active_element.send_keys(Keys.ESCAPE)
    assert not d.find_element(*_by("#card")).is_displayed()
    assert d.switch_to.active_element.get_attribute("aria-label") == third.get_attribute("aria-label")
    assert browser.console_errors() == []


def test_big_run_is_drawn_as_counts_per_month(browser, big, shots):
    """A 10^5-event run: the page opens as counts per month (findings were
    capped), each month bar says its exact count, the bars of a lane add up
    to the instance's exact total, a click on a bar opens a card with that
    month's count, switching to marks shows only the findings kept; no
    console error; a screenshot is saved."""
    html, doc = big
    d = _open(browser, html)
    assert browser.console_errors() == []
    assert d.find_element(*_by("body")).get_attribute("data-view") == "months"
    check = doc["checks"][0]
    vi, v = max(enumerate(check["verdicts"]), key=lambda iv: iv[1]["counts"]["total"])
    assert v["counts"]["kept"] < v["counts"]["total"]
    bars = d.find_elements(*_by(f"#lane-0-{vi} .layer-months .bar"))
    assert bars and all(b.is_displayed() for b in bars)
    counted = sum(int(b.get_attribute("aria-label").split(": ")[1].split(" ")[0].replace(",", "")) for b in bars)
    assert counted == v["counts"]["total"]
    bars[0].click()
    card = d.find_element(*_by("#card")).text
    month = bars[0].get_attribute("data-m")
    assert month in card and "reports" in card
    d.switch_to.active_element.send_keys(__import__("selenium.webdriver.common.keys", fromlist=["Keys"]).Keys.ESCAPE)
    browser.screenshot(shots / "report-big-run.png", full_page=False)
    d.find_element(*_by("input[name=view][value=marks]")).click()
    marks = [m for m in d.find_elements(*_by(f"#lane-0-{vi} .layer-marks .mk")) if m.is_displayed()]
    assert len(marks) == v["counts"]["kept"]
    assert browser.console_errors() == []


def test_same_run_same_bytes(tmp_path):
    """The HTML page is deterministic: two runs in fresh interpreters with
    different hash seeds give the same bytes (no clock, no random ids)."""
    outs = []
    for seed in ("1", "977"):
        p = subprocess.run([sys.executable, "-m", "treatylang", "check", "examples/timeline_1995_2001.scenario",
                            "--format", "html"], cwd=ROOT, capture_output=True,
                           env=dict(os.environ, PYTHONHASHSEED=seed))
        outs.append(p.stdout)
    assert outs[0] == outs[1] and outs[0].startswith(b"<!DOCTYPE html>")
