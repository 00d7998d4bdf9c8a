"""A format forced with ``--events-format`` accounts for every line of the file.

QA O12: forcing ``jsonl`` or ``plover`` on a GDELT export read the whole
file as one bad record ("records read 1 (2,111 lines)"); the other lines
were neither checked nor counted. Bad rows are reported and counted, never
silently dropped: records = good + skipped + bad, and under a JSON format
every non-blank line that is no JSON record is a bad row of its own.
"""

from __future__ import annotations

import json

import pytest

from treatylang.cli.main import main
from treatylang.diagnostics import DiagnosticError
from treatylang.events.reader import FORMATS

from .conftest import gdelt_row, read_all, write

JSON_FORMATS = ["jsonl", "plover", "plover-jsonl", "icews-json", "gdelt-json"]


def gdelt_text(n: int = 7) -> str:
    return "".join(gdelt_row(id=str(1000 + i)) + "\n" for i in range(n))


@pytest.mark.parametrize("fmt", JSON_FORMATS)
def test_json_format_forced_on_a_gdelt_file_counts_every_line_bad(tmp_path, fmt):
    """Every one of the 7 GDELT lines is its own TL507 bad row under a forced JSON format."""
    p = write(tmp_path / "g.CSV", gdelt_text(7))
    events, rep = read_all(p, fmt=fmt)
    assert events == []
    assert (rep.lines_read, rep.records, rep.bad_count, rep.good) == (7, 7, 7, 0)
    assert rep.accounted() and rep.complete
    assert [d.span.line for d in rep.bad] == list(range(1, 8))
    assert all(d.code == "TL507" and "found `1`" in d.message and d.help for d in rep.bad)


def test_forced_jsonl_says_how_to_read_the_file_in_its_own_format(tmp_path):
    """The bad row's help names --events-format, the way out of a wrong forced format."""
    _, rep = read_all(write(tmp_path / "g.CSV", gdelt_text(2)), fmt="jsonl")
    assert "--events-format" in rep.bad[0].help


def test_text_between_pretty_printed_records_is_a_bad_row_per_line(tmp_path):
    """Stray lines between pretty-printed objects are one bad row each; both records still read."""
    a = {"date": "2001-03-12", "actor": "RUS", "target": "IRN", "code": "040"}
    b = {"date": "2001-03-13", "actor": "IRN", "target": "RUS", "code": "190"}
    text = json.dumps(a, indent=2) + "\nstray one\nstray two\n" + json.dumps(b, indent=2) + "\n"
    events, rep = read_all(write(tmp_path / "e.json", text), fmt="jsonl")
    assert [e.actor for e in events] == ["RUS", "IRN"]
    assert [(d.code, d.span.line) for d in rep.bad] == [("TL507", 7), ("TL507", 8)]
    assert (rep.records, rep.good, rep.bad_count) == (4, 2, 2) and rep.accounted()


def test_every_line_after_a_closed_array_is_a_bad_row(tmp_path):
    """Text after the array's `]` is a bad row per line, not one row for the lot."""
    recs = [{"date": "2001-03-12", "actor": "RUS", "target": "IRN", "code": "040"}]
    text = json.dumps(recs) + "\nmore\nand more\n\nstill more\n"
    events, rep = read_all(write(tmp_path / "e.json", text))
    assert len(events) == 1
    assert [d.span.line for d in rep.bad] == [2, 3, 5]
    assert all("after the end of the array" in d.message for d in rep.bad)
    assert rep.accounted()


PLAIN_CSV = "date,actor,target,code\n2003-03-20,USA,IRN,190\n2003-03-21,RUS,USA,072\n"
PLAIN_JSONL = ('{"date":"2003-03-20","actor":"USA","target":"IRN","code":"190"}\n'
               '{"date":"2003-03-21","actor":"RUS","target":"USA","code":"072"}\n')


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("name,text", [("g.CSV", gdelt_text(5)), ("p.csv", PLAIN_CSV), ("p.jsonl", PLAIN_JSONL)])
def test_every_forced_format_accounts_for_every_line(tmp_path, fmt, name, text):
    """Any format forced on any file: a file-level diagnostic, or every line counted in a bucket."""
    if fmt in ("parquet", "arrow"):
        pytest.importorskip("pyarrow")
    p = write(tmp_path / name, text)
    try:
        _, rep = read_all(p, fmt=fmt)
    except DiagnosticError as e:
        assert all(d.code.startswith("TL") and d.help for d in e.diagnostics)
        return
    lines = text.count("\n")
    assert rep.lines_read == lines and rep.records == lines
    assert rep.good + rep.skipped_total + rep.bad_count == rep.records


def test_check_with_a_forced_json_format_reports_every_bad_line(tmp_path, capsys):
    """`check --events g.CSV --events-format jsonl` names all 4 lines as bad, not 1."""
    p = write(tmp_path / "g.CSV", gdelt_text(4))
    main(["check", "ru_ir_2001", "--events", str(p), "--events-format", "jsonl"])
    err = capsys.readouterr()
    assert "4 bad event rows" in err.out + err.err
