"""Plain CSV and JSON Lines event files: fields, attributes, and every kind of bad row."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from treatylang.diagnostics import DiagnosticError
from treatylang.events import detect_format

from .conftest import read_all, write

HEADER = "date,actor,target,code,action,id,source,category\n"


# --- CSV --------------------------------------------------------------------------------


def test_csv_fields_and_attributes(tmp_path):
    """A CSV row becomes an event: named columns to fields, id and source to provenance, and any other
    column to an attribute."""
    p = write(tmp_path / "e.csv", HEADER + "2003-05-10,RUS,SYR,072,,r1,https://example.org/a,defensive\n")
    assert detect_format(str(p)) == "csv"
    (e,), rep = read_all(p)
    assert (e.day, e.actor, e.target, e.code, e.action) == (dt.date(2003, 5, 10), "RUS", "SYR", "072", None)
    assert e.attrs == (("category", "defensive"),)
    assert e.provenance.ids == (("id", "r1"),) and e.provenance.source == "https://example.org/a"
    assert e.provenance.line == 2 and e.seq == 2
    assert rep.skipped == {"header": 1} and rep.accounted()


def test_csv_action_instead_of_code(tmp_path):
    """A row may name an action instead of a CAMEO code (events written by hand)."""
    p = write(tmp_path / "e.csv", "date,actor,target,action\n2001-03-12,RUS,IRN,transfer_arms\n")
    (e,), _ = read_all(p)
    assert e.code is None and e.action == "transfer_arms"


def test_csv_columns_in_any_order_and_case(tmp_path):
    """Header names are matched in any order and any case; attribute names are lower-cased."""
    p = write(tmp_path / "e.csv", "Code,TARGET,Weapon,Actor,Date\n190,IRN,tank,RUS,2001-03-12\n")
    (e,), _ = read_all(p)
    assert (e.actor, e.target, e.code, e.attrs) == ("RUS", "IRN", "190", (("weapon", "tank"),))


def test_csv_empty_target_and_empty_attributes(tmp_path):
    """An empty target is "no target"; an empty attribute cell is no attribute."""
    p = write(tmp_path / "e.csv", HEADER + "2001-03-12,RUS,,154,,,,\n")
    (e,), rep = read_all(p)
    assert e.target is None and e.attrs == () and rep.no_target == 1


def test_csv_imprecise_dates_and_time(tmp_path):
    """`YYYY-MM` and `YYYY` dates give day ranges with their precision; a `time` column sets the time."""
    p = write(tmp_path / "e.csv", "date,actor,target,code,time\n2001-03,RUS,IRN,040,\n2001,RUS,IRN,040,\n"
                                  "2001-03-12,RUS,IRN,040,09:30\n")
    month, year, timed = read_all(p)[0]
    assert (month.day, month.last_day, month.precision) == (dt.date(2001, 3, 1), dt.date(2001, 3, 31), "month")
    assert (year.day, year.last_day, year.precision) == (dt.date(2001, 1, 1), dt.date(2001, 12, 31), "year")
    assert timed.time == "09:30" and timed.last_day is None


def test_csv_quoted_field_spanning_lines_is_one_record(tmp_path):
    """A quoted value holding a newline makes one record, reported at the line where it starts."""
    p = write(tmp_path / "e.csv", 'date,actor,target,code,note\n2001-03-12,RUS,IRN,040,"two\nlines, one value"\n'
                                  "2001-03-13,RUS,IRN,040,x\n")
    events, rep = read_all(p)
    assert [e.attr("note") for e in events] == ["two\nlines, one value", "x"]
    assert [e.provenance.line for e in events] == [2, 4]
    assert rep.lines_read == 4 and rep.records == 3 and rep.accounted()


def test_csv_utf8_bom_is_ignored(tmp_path):
    """A byte-order mark at the start of the file (Excel writes one) does not spoil the header."""
    p = write(tmp_path / "e.csv", "\ufeff" + HEADER + "2001-03-12,RUS,IRN,040,,,,\n")
    (e,), _ = read_all(p)
    assert e.actor == "RUS"


@pytest.mark.parametrize(
    "row, code, col",
    [
        ("2001-02-30,RUS,IRN,040,,,,", "TL502", 1),  # no 30 February
        ("12/03/2001,RUS,IRN,040,,,,", "TL502", 1),
        ("2001-03-12,RUS,IRN,999,,,,", "TL503", 20),  # unknown code, underlined in its column
        ("2001-03-12,,IRN,040,,,,", "TL506", 12),  # missing actor
        (",RUS,IRN,040,,,,", "TL506", 1),  # missing date
        ("2001-03-12,RUS,IRN,,,,,", "TL506", 20),  # neither code nor action
        ("2001-03-12,RUS,IRN,040", "TL501", 1),  # too few columns
        ("2001-03-12,RUS,IRN,040,,,,,extra", "TL501", 1),  # too many
    ],
)
def test_csv_bad_rows(tmp_path, row, code, col):
    """Each kind of bad CSV row gets its own code, at file:line:col, with the row as snippet and a help line;
    the good rows around it are still read."""
    good = "2001-03-12,RUS,IRN,040,,,,"
    p = write(tmp_path / "e.csv", HEADER + good + "\n" + row + "\n" + good + "\n")
    events, rep = read_all(p)
    assert len(events) == 2 and rep.bad_count == 1 and rep.accounted()
    (d,) = rep.bad
    assert (d.code, d.span.line, d.span.col) == (code, 3, col)
    assert d.snippet == row and d.help


def test_csv_bad_time_is_a_bad_date(tmp_path):
    """A time of day that is not HH:MM(:SS) is a TL502 bad row."""
    p = write(tmp_path / "e.csv", "date,actor,target,code,time\n2001-03-12,RUS,IRN,040,25:00\n")
    _, rep = read_all(p)
    assert [d.code for d in rep.bad] == ["TL502"] and "time" in rep.bad[0].message


def test_csv_non_utf8_row(tmp_path):
    """A CSV row with Latin-1 bytes is TL504; the other rows are read."""
    data = HEADER.encode() + "2001-03-12,RUS,IRN,040,,,,caf\xe9\n".encode("latin-1") + b"2001-03-12,RUS,IRN,040,,,,\n"
    events, rep = read_all(write(tmp_path / "e.csv", data))
    assert len(events) == 1 and [d.code for d in rep.bad] == ["TL504"] and rep.bad[0].span.line == 2


def test_csv_truncated_last_line(tmp_path):
    """A last line with no newline and too few columns is TL505; so is a quote never closed at the end."""
    p = write(tmp_path / "e.csv", HEADER + "2001-03-12,RUS,IRN,040,,,,\n2001-03-12,RUS")
    _, rep = read_all(p)
    assert [(d.code, d.span.line) for d in rep.bad] == [("TL505", 3)]
    p = write(tmp_path / "f.csv", HEADER + '2001-03-12,RUS,IRN,040,,,,"never\nclosed')
    _, rep = read_all(p)
    assert [(d.code, d.span.line) for d in rep.bad] == [("TL505", 2)] and rep.accounted()


@pytest.mark.parametrize(
    "header, message",
    [
        ("date,actor,code\n", "no `target` column"),
        ("date,actor,target\n", "neither a `code` nor an `action`"),
        ("date,actor,target,code,code\n", "appears twice"),
    ],
)
def test_csv_header_problems_are_file_level_errors(tmp_path, header, message):
    """A header that lacks a required column (or repeats one) stops the read with TL511."""
    p = write(tmp_path / "e.csv", header + "2001-03-12,RUS,IRN,040\n")
    with pytest.raises(DiagnosticError) as info:
        read_all(p, fmt="csv")
    (d,) = info.value.diagnostics
    assert d.code == "TL511" and message in d.message and d.span.line == 1


def test_csv_gdelt_no_code_mark(tmp_path):
    """A `---` code with no action is skipped as no_code; with an action it is simply no code."""
    p = write(tmp_path / "e.csv", "date,actor,target,code,action\n2001-03-12,RUS,IRN,---,\n2001-03-12,RUS,IRN,---,x\n")
    events, rep = read_all(p)
    assert [(e.code, e.action) for e in events] == [(None, "x")] and rep.skipped["no_code"] == 1


# --- JSON Lines ---------------------------------------------------------------------------


def _jl(*objs) -> str:
    return "".join((o if isinstance(o, str) else json.dumps(o)) + "\n" for o in objs)


def test_jsonl_fields_attributes_and_types(tmp_path):
    """JSON Lines objects map like CSV rows; non-string attribute values keep their JSON text; null is
    "not given"."""
    p = write(tmp_path / "e.jsonl", _jl({"date": "2003-05-10", "actor": "RUS", "target": "SYR", "code": "072",
                                         "id": "r1", "count": 3, "confirmed": True, "note": None,
                                         "parts": ["a", "b"]}))
    assert detect_format(str(p)) == "jsonl"
    (e,), _ = read_all(p)
    assert e.code == "072" and e.provenance.ids == (("id", "r1"),)
    assert e.attrs == (("confirmed", "true"), ("count", "3"), ("parts", '["a","b"]'))


def test_jsonl_target_may_be_left_out(tmp_path):
    """In JSON Lines a missing or null target means no target."""
    p = write(tmp_path / "e.jsonl", _jl({"date": "2001-03-12", "actor": "RUS", "code": "154"},
                                        {"date": "2001-03-12", "actor": "RUS", "target": None, "code": "154"}))
    events, _ = read_all(p)
    assert [e.target for e in events] == [None, None]


@pytest.mark.parametrize(
    "line, code",
    [
        ('{"date": "2001-03-12", "actor": "RUS", "code": "040"', "TL507"),  # malformed JSON
        ('["2001-03-12", "RUS"]', "TL507"),  # not an object
        ('{"actor": "RUS", "code": "040"}', "TL506"),  # no date
        ('{"date": "2001-03-12", "actor": "RUS"}', "TL506"),  # no code or action
        ('{"date": "2001-03-12", "actor": "RUS", "code": 40}', "TL512"),  # code as a number
        ('{"date": "2001-13-12", "actor": "RUS", "code": "040"}', "TL502"),
        ('{"date": "2001-03-12", "actor": "RUS", "code": "0400"}', "TL503"),
    ],
)
def test_jsonl_bad_rows(tmp_path, line, code):
    """Each kind of bad JSON line is its own diagnostic at its line; the lines around it still read."""
    good = '{"date": "2001-03-12", "actor": "RUS", "target": "IRN", "code": "040"}'
    p = write(tmp_path / "e.jsonl", _jl(good, line, good))
    events, rep = read_all(p, fmt="jsonl")
    assert len(events) == 2 and rep.accounted()
    (d,) = rep.bad
    assert (d.code, d.span.line, d.snippet) == (code, 2, line)


def test_jsonl_number_code_help_mentions_the_lost_zero(tmp_path):
    """A code written as a JSON number is rejected with a help line about leading zeros."""
    p = write(tmp_path / "e.jsonl", _jl({"date": "2001-03-12", "actor": "RUS", "code": 40}))
    _, rep = read_all(p, fmt="jsonl")
    assert "leading zero" in rep.bad[0].help


def test_jsonl_malformed_json_points_at_the_column(tmp_path):
    """Malformed JSON is reported at the column where the JSON parser stopped."""
    line = '{"date": "2001-03-12", "actor": RUS}'
    _, rep = read_all(write(tmp_path / "e.jsonl", line + "\n"), fmt="jsonl")
    assert rep.bad[0].span.col == line.index("RUS") + 1


def test_jsonl_truncated_last_line(tmp_path):
    """A cut-off last JSON line with no newline is TL505, not TL507."""
    p = write(tmp_path / "e.jsonl", _jl({"date": "2001-03-12", "actor": "RUS", "code": "040"}) + '{"date": "2001-')
    events, rep = read_all(p, fmt="jsonl")
    assert len(events) == 1 and [d.code for d in rep.bad] == ["TL505"]


def test_jsonl_non_utf8_line(tmp_path):
    """A JSON line with bytes that are not UTF-8 is TL504 and the others read."""
    good = b'{"date": "2001-03-12", "actor": "RUS", "code": "040"}\n'
    bad = '{"date": "2001-03-12", "actor": "RUS", "code": "040", "n": "\xe9"}\n'.encode("latin-1")
    events, rep = read_all(write(tmp_path / "e.jsonl", good + bad + good), fmt="jsonl")
    assert len(events) == 2 and [(d.code, d.span.line) for d in rep.bad] == [("TL504", 2)]
