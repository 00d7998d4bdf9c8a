"""`check --max-findings` and `treatylang report RUN.json`: a saved JSON
report renders as `check` printed it; bad saved reports are diagnostics."""

from __future__ import annotations

import json

import pytest


def test_max_findings_option_and_report_command(cli, tmp_path):
    """`--max-findings 1` keeps one finding per instance; a saved JSON report
    renders with `treatylang report` exactly as `check` printed it."""
    rows = "date,actor,target,code\n2003-03-20,USA,IRN,190\n" + "".join(
        f"2003-04-{d:02d},RUS,USA,072\n" for d in range(1, 6))
    ev = tmp_path / "ev.csv"
    ev.write_text(rows, encoding="utf-8")
    r = cli("check", "ru_ir_2001", "--events", str(ev), "--format", "json", "--max-findings", "1")
    doc = json.loads(r.out)
    v = next(v for v in doc["checks"][0]["verdicts"] if v["status"] == "violated")
    assert v["counts"]["total"] == 5 and len(v["findings"]) == 1 and doc["checks"][0]["max_findings"] == 1
    saved = tmp_path / "run.json"
    saved.write_text(r.out, encoding="utf-8")
    text = cli("check", "ru_ir_2001", "--events", str(ev), "--max-findings", "1")
    again = cli("report", str(saved))
    assert again.code == 1 and again.out == text.out
    with pytest.raises(SystemExit) as e:  # argparse's usage error
        cli("check", "ru_ir_2001", "--events", str(ev), "--max-findings", "-2")
    assert e.value.code == 2


def test_report_command_rejects_bad_input_with_codes(cli, tmp_path):
    """Not JSON is TL050, not a treatylang report TL051, a 1.0-shaped
    report TL052, a missing file TL001 — exit 2, never a traceback."""
    p = tmp_path / "x.json"
    p.write_text("{not json", encoding="utf-8")
    r = cli("report", str(p))
    assert r.code == 2 and "TL050" in r.err
    p.write_text('{"a": 1}', encoding="utf-8")
    r = cli("report", str(p))
    assert r.code == 2 and "TL051" in r.err
    p.write_text('{"schema_version": "1.0", "checks": [{"verdicts": [{"status": "violated"}]}]}', encoding="utf-8")
    r = cli("report", str(p), "--format", "html")
    assert r.code == 2 and "TL052" in r.err
    r = cli("report", str(tmp_path / "missing.json"))
    assert r.code == 2 and "TL001" in r.err and "Traceback" not in r.err
