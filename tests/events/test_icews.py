"""ICEWS coded-event files (tab-separated, 20-column header, country names), on rows the tests write."""

from __future__ import annotations

import datetime as dt

import pytest

from treatylang.diagnostics import DiagnosticError
from treatylang.events import detect_format
from treatylang.events.fmt_icews import HEADER

from .conftest import read_all, write


def icews_row(**values: str) -> str:
    """One ICEWS row with the named header fields set (keys: header names with _ for spaces)."""
    row = {
        "Event ID": "926685", "Event Date": "2011-03-12", "Source Name": "Sergey Lavrov",
        "Source Sectors": "Government,Executive", "Source Country": "Russian Federation",
        "Event Text": "Express intent to meet or negotiate", "CAMEO Code": "036", "Intensity": "4.0",
        "Target Name": "Iran", "Target Sectors": "", "Target Country": "Iran", "Story ID": "28235806",
        "Sentence Number": "1", "Publisher": "Xinhua", "City": "Moscow", "District": "", "Province": "Moskva",
        "Country": "Russian Federation", "Latitude": "55.75", "Longitude": "37.61",
    }
    row.update({k.replace("_", " "): v for k, v in values.items()})
    return "\t".join(row[h] for h in HEADER)


def icews_file(tmp_path, *rows: str, header: str = "\t".join(HEADER)):
    return write(tmp_path / "events.tab", header + "\n" + "".join(r + "\n" for r in rows))


def test_icews_is_detected_and_read(tmp_path):
    """The header identifies ICEWS; a row maps country names to alpha-3, keeps its names and scores as
    attributes, and its Event ID and Story ID as provenance."""
    p = icews_file(tmp_path, icews_row())
    assert detect_format(str(p)) == "icews"
    (e,), rep = read_all(p)
    assert (e.day, e.actor, e.target, e.code) == (dt.date(2011, 3, 12), "RUS", "IRN", "036")
    assert e.attr("actor_name") == "Sergey Lavrov" and e.attr("intensity") == "4.0"
    assert e.attr("quad_class") == "1" and e.attr("target_sectors") is None
    assert e.provenance.ids == (("event_id", "926685"), ("story_id", "28235806"))
    assert e.provenance.source == "Xinhua" and e.provenance.line == 2
    assert rep.skipped == {"header": 1} and rep.accounted()


@pytest.mark.parametrize(
    "name, code",
    [("Occupied Palestinian Territory", "PSE"), ("United States", "USA"), ("Iran", "IRN"),
     ("Russian Federation", "RUS"), ("Democratic Republic of Congo", "COD")],
)
def test_icews_country_names(tmp_path, name, code):
    """The country names ICEWS uses map to ISO alpha-3 codes."""
    (e,), _ = read_all(icews_file(tmp_path, icews_row(Source_Country=name)))
    assert e.actor == code


def test_icews_location_columns_are_not_actors(tmp_path):
    """The trailing Country column is where it happened; an empty Source Country is still no actor."""
    events, rep = read_all(icews_file(tmp_path, icews_row(Source_Country="", Country="Iran")))
    assert events == [] and rep.skipped == {"header": 1, "no_actor": 1}


def test_icews_empty_target_country_is_no_target(tmp_path):
    """An empty Target Country keeps the event with no target."""
    (e,), rep = read_all(icews_file(tmp_path, icews_row(Target_Country="")))
    assert e.target is None and rep.no_target == 1


def test_icews_columns_found_by_name(tmp_path):
    """Columns are found by header name, so a reordered file with an extra column reads the same."""
    order = ["CAMEO Code", "Target Country", "Extra", "Event Date", "Source Country", "Event ID"]
    header = "\t".join(order)
    row = "\t".join(["190", "Iran", "x", "2011-03-12", "Russia", "1"])
    (e,), _ = read_all(icews_file(tmp_path, row, header=header), fmt="icews")
    assert (e.actor, e.target, e.code, e.provenance.ids) == ("RUS", "IRN", "190", (("event_id", "1"),))


@pytest.mark.parametrize(
    "values, code, column",
    [
        ({"Source_Country": "Narnia"}, "TL510", "Source Country"),
        ({"Target_Country": "Persia Land"}, "TL510", "Target Country"),
        ({"CAMEO_Code": "999"}, "TL503", "CAMEO Code"),
        ({"Event_Date": "2011-02-29"}, "TL502", "Event Date"),
    ],
)
def test_icews_bad_rows_point_at_their_column(tmp_path, values, code, column):
    """Unknown country names (TL510), unknown codes (TL503) and bad dates (TL502) are bad rows underlined in
    their own column; the next row still reads."""
    row = icews_row(**values)
    events, rep = read_all(icews_file(tmp_path, row, icews_row()))
    assert len(events) == 1 and rep.accounted()
    (d,) = rep.bad
    assert d.code == code and d.span.line == 2
    i = HEADER.index(column)
    assert d.span.col == sum(len(x) + 1 for x in row.split("\t")[:i]) + 1


def test_icews_unknown_country_gets_a_suggestion(tmp_path):
    """A misspelt country name is not guessed, but the help names the closest known one."""
    _, rep = read_all(icews_file(tmp_path, icews_row(Source_Country="Russian Federaton")))
    assert "RUS" in rep.bad[0].help


def test_icews_wrong_column_count_and_truncation(tmp_path):
    """A row with a missing tab is TL501; a cut last line with no newline is TL505."""
    short = "\t".join(icews_row().split("\t")[:19])
    p = write(tmp_path / "e.tab", "\t".join(HEADER) + "\n" + short + "\n" + short)
    _, rep = read_all(p)
    assert [(d.code, d.span.line) for d in rep.bad] == [("TL501", 2), ("TL505", 3)]


def test_icews_non_utf8_row(tmp_path):
    """A row with bytes that are not UTF-8 is TL504; the other rows read."""
    data = ("\t".join(HEADER) + "\n").encode() + icews_row(Source_Name="Jos\xe9").encode("latin-1") + b"\n" + \
        (icews_row() + "\n").encode()
    events, rep = read_all(write(tmp_path / "e.tab", data))
    assert len(events) == 1 and [d.code for d in rep.bad] == ["TL504"]


def test_icews_file_without_header_is_refused(tmp_path):
    """Read as ICEWS, a file that does not start with the header stops with TL511."""
    p = write(tmp_path / "e.tab", icews_row() + "\n")
    with pytest.raises(DiagnosticError) as info:
        read_all(p, fmt="icews")
    assert info.value.diagnostics[0].code == "TL511"
