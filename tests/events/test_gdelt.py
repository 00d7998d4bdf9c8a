"""GDELT 1.0 back-file (57 columns), 1.0 daily (58) and 2.0 (61) exports, on rows the tests write."""

from __future__ import annotations

import datetime as dt
import gzip
import zipfile

import pytest

from treatylang.diagnostics import DiagnosticError
from treatylang.events import detect_format

from .conftest import gdelt_row, read_all, write


@pytest.mark.parametrize("ncols, fmt", [(57, "gdelt1-back"), (58, "gdelt1"), (61, "gdelt2")])
def test_each_layout_is_detected_and_read(tmp_path, ncols, fmt):
    """Each GDELT layout is recognised by its column count and read into events."""
    p = write(tmp_path / "x.CSV", gdelt_row(ncols, id="7") + "\n" + gdelt_row(ncols, id="8") + "\n")
    assert detect_format(str(p)) == fmt
    events, rep = read_all(p)
    assert rep.format == fmt
    assert [e.provenance.ids for e in events] == [(("GLOBALEVENTID", "7"),), (("GLOBALEVENTID", "8"),)]
    assert rep.accounted() and rep.good == 2


def test_event_fields_come_from_the_right_columns(tmp_path):
    """Day from SQLDATE, actors from the actor-country columns, the code as a string, and the GDELT scores
    as attributes."""
    p = write(tmp_path / "x.CSV", gdelt_row(sqldate="20010312", code="0871", quad="2", goldstein="9.0",
                                            mentions="12") + "\n")
    (e,), _ = read_all(p)
    assert e.day == dt.date(2001, 3, 12) and e.precision == "day"
    assert (e.actor, e.target, e.code, e.action) == ("RUS", "IRN", "0871", None)
    assert e.attr("num_mentions") == "12"
    assert e.attr("goldstein") == "9.0"
    assert e.attr("quad_class") == "2"
    assert e.attr("actor_code") == "RUSGOV" and e.attr("target_code") == "IRNGOV"
    assert e.attr("date_added") == "20191024143000"
    assert list(e.attrs) == sorted(e.attrs)


def test_provenance_has_file_line_globaleventid_and_sourceurl(tmp_path):
    """Every GDELT event keeps file:line, its GLOBALEVENTID and its SOURCEURL."""
    p = write(tmp_path / "x.CSV", gdelt_row(id="881990832") + "\n")
    (e,), _ = read_all(p)
    assert e.provenance.file == str(p) and e.provenance.line == 1
    assert e.provenance.ids == (("GLOBALEVENTID", "881990832"),)
    assert e.provenance.source == "https://example.org/881990832"


def test_backfile_rows_have_no_source_url_and_a_load_date(tmp_path):
    """GDELT 1.0 back-file rows (57 columns) carry no SOURCEURL, so provenance has no source; their DATEADDED is
    the day the back-file was loaded, kept as `date_loaded`, not `date_added` (it says nothing about the news)."""
    p = write(tmp_path / "x.CSV", gdelt_row(57) + "\n")
    (e,), _ = read_all(p)
    assert e.provenance.source is None and e.attr("date_loaded") == "20130301" and e.attr("date_added") is None


def test_actor_falls_back_to_a_country_prefix_of_the_actor_code(tmp_path):
    """With Actor1CountryCode empty, `IRNGOV` gives the actor IRN; the full code stays an attribute."""
    p = write(tmp_path / "x.CSV", gdelt_row(a1code="IRNGOV", a1country="", a2code="USAMIL", a2country="") + "\n")
    (e,), _ = read_all(p)
    assert (e.actor, e.target) == ("IRN", "USA")
    assert e.attr("actor_code") == "IRNGOV" and e.attr("target_code") == "USAMIL"


def test_role_codes_are_not_taken_for_countries(tmp_path):
    """`GOVxxx` (an unnamed government) is no country: the row has no usable actor and is skipped, counted."""
    p = write(tmp_path / "x.CSV", gdelt_row(a1code="GOVRUS", a1country="") + "\n")
    events, rep = read_all(p)
    assert events == [] and rep.skipped == {"no_actor": 1} and rep.accounted()


def test_fips_geo_columns_are_never_actors(tmp_path):
    """An actorless row whose Actor1Geo_CountryCode is RS (FIPS for Russia) is still actorless."""
    p = write(tmp_path / "x.CSV", gdelt_row(a1code="", a1country="", a1geo_country="RS") + "\n")
    events, rep = read_all(p)
    assert events == [] and rep.skipped == {"no_actor": 1}


def test_missing_target_keeps_the_event_with_target_none(tmp_path):
    """An event with an actor but no target country is kept, target None, and counted under `no_target`."""
    p = write(tmp_path / "x.CSV", gdelt_row(a2code="", a2country="") + "\n")
    (e,), rep = read_all(p)
    assert e.target is None and e.attr("target_code") is None
    assert rep.no_target == 1 and rep.good == 1


def test_uncoded_rows_are_skipped_not_bad(tmp_path):
    """GDELT's `---` event code means "not coded": skipped with reason no_code, not a bad row."""
    p = write(tmp_path / "x.CSV", gdelt_row(code="---") + "\n")
    events, rep = read_all(p)
    assert events == [] and rep.skipped == {"no_code": 1} and rep.bad_count == 0


def test_wrong_column_count_is_a_bad_row_with_position_and_snippet(tmp_path):
    """A row of no GDELT width (60 columns) is TL501 at file:line:1 with the row as snippet and a help that
    names the three layouts."""
    short = "\t".join(gdelt_row(id="9").split("\t")[:60])
    p = write(tmp_path / "x.CSV", gdelt_row(id="1") + "\n" + short + "\n" + gdelt_row(id="2") + "\n")
    events, rep = read_all(p, fmt="gdelt2")
    assert len(events) == 2 and rep.bad_count == 1 and rep.accounted()
    (d,) = rep.bad
    assert d.code == "TL501" and d.span.line == 2 and d.span.col == 1
    assert d.snippet == short
    assert "60" in d.message and "58 (1.0 daily)" in d.help


def test_bad_date_points_at_the_sqldate_column(tmp_path):
    """A SQLDATE that is not a real day is TL502, underlined in its own column."""
    row = gdelt_row(id="12345", sqldate="20190231")
    p = write(tmp_path / "x.CSV", row + "\n")
    events, rep = read_all(p)
    (d,) = rep.bad
    assert events == [] and d.code == "TL502"
    assert d.span.col == len("12345") + 2 and d.span.end_col - d.span.col == 8
    assert row[d.span.col - 1 : d.span.end_col - 1] == "20190231"


def test_unknown_cameo_code_is_a_bad_row_with_help(tmp_path):
    """An event code not in the codebook is TL503, never guessed; "42" gets a hint about the lost zero."""
    p = write(tmp_path / "x.CSV", gdelt_row(code="42") + "\n")
    events, rep = read_all(p)
    (d,) = rep.bad
    assert events == [] and d.code == "TL503" and "042" in d.help


def test_non_utf8_line_is_one_bad_row_and_the_rest_reads(tmp_path):
    """Bytes that are not UTF-8 make that one row TL504 (column of the first bad byte); other rows read."""
    bad = gdelt_row(id="2", a1name="CAF\xc9").encode("latin-1")
    data = (gdelt_row(id="1") + "\n").encode() + bad + b"\n" + (gdelt_row(id="3") + "\n").encode()
    p = write(tmp_path / "x.CSV", data)
    events, rep = read_all(p, fmt="gdelt2")
    assert [e.provenance.line for e in events] == [1, 3]
    (d,) = rep.bad
    assert d.code == "TL504" and d.span.line == 2
    assert d.snippet[d.span.col - 1] == "\ufffd"
    assert rep.accounted()


def test_truncated_last_line_is_reported_as_such(tmp_path):
    """A last line with no line end and too few columns is TL505 (a cut download), not TL501."""
    cut = "\t".join(gdelt_row(id="2").split("\t")[:40])  # cut inside column 40
    p = write(tmp_path / "x.CSV", gdelt_row(id="1") + "\n" + cut)
    events, rep = read_all(p, fmt="gdelt2")
    (d,) = rep.bad
    assert len(events) == 1 and d.code == "TL505" and d.span.line == 2 and d.snippet == cut


def test_complete_last_line_without_line_end_is_fine(tmp_path):
    """A last row with all its columns but no final newline is an ordinary row."""
    p = write(tmp_path / "x.CSV", gdelt_row(id="1") + "\n" + gdelt_row(id="2"))
    events, rep = read_all(p)
    assert len(events) == 2 and rep.bad_count == 0
    assert events[1].provenance.source == "https://example.org/2"


def test_crlf_line_ends_do_not_leak_into_fields(tmp_path):
    """Windows line ends are stripped: the source URL has no trailing carriage return."""
    p = write(tmp_path / "x.CSV", gdelt_row(id="1") + "\r\n")
    (e,), _ = read_all(p, fmt="gdelt2")
    assert e.provenance.source == "https://example.org/1"


def test_blank_lines_are_skipped_and_counted(tmp_path):
    """Blank lines are not bad rows; they are counted as skipped, so every line is accounted for."""
    p = write(tmp_path / "x.CSV", gdelt_row(id="1") + "\n\n" + gdelt_row(id="2") + "\n")
    events, rep = read_all(p, fmt="gdelt2")
    assert len(events) == 2 and rep.skipped == {"blank": 1} and rep.records == rep.lines_read == 3


def test_seq_is_the_line_number(tmp_path):
    """Events carry seq = their record number, i.e. their line, so the stated order survives sorting by day."""
    rows = [gdelt_row(id=str(i), sqldate=d) for i, d in enumerate(["20191024", "20181024", "20191023"], 1)]
    events, _ = read_all(write(tmp_path / "x.CSV", "\n".join(rows) + "\n"))
    assert [e.seq for e in events] == [1, 2, 3]


@pytest.mark.parametrize("compression", ["gzip", "zip"])
def test_compressed_exports_read_like_plain_ones(tmp_path, compression):
    """.gz and .zip exports (GDELT ships .zip) are recognised by content and read the same as plain files."""
    text = gdelt_row(id="1") + "\n" + gdelt_row(id="2") + "\n"
    plain = write(tmp_path / "plain.CSV", text)
    if compression == "gzip":
        packed = write(tmp_path / "x.export.CSV.gz", gzip.compress(text.encode()))
    else:
        packed = tmp_path / "x.export.CSV.zip"
        with zipfile.ZipFile(packed, "w", compression=zipfile.ZIP_DEFLATED) as z:
            z.writestr("x.export.CSV", text)
    assert detect_format(str(packed)) == "gdelt2"
    got, rep = read_all(packed)
    assert got == read_all(plain)[0] and rep.compression == compression


def test_pushed_down_filters_agree_with_the_generic_ones(tmp_path):
    """The GDELT reader applies --from/--to/--actor/--min-mentions before building events; the result and
    the skip counts are what the generic filters give on the same events (written out as JSON Lines)."""
    from treatylang.events.writers import write_jsonl

    rows = [
        gdelt_row(id="1", sqldate="20190101", a1country="USA", a1code="USA", a2country="GBR", a2code="GBR"),
        gdelt_row(id="2", sqldate="20190601", mentions="1"),
        gdelt_row(id="3", sqldate="20190601", mentions="9"),
        gdelt_row(id="4", sqldate="20191201"),
        gdelt_row(id="5", sqldate="20190601", a1country="USA", a1code="USA", a2country="IRN"),
    ]
    p = write(tmp_path / "x.CSV", "\n".join(rows) + "\n")
    opts = dict(date_from="2019-02-01", date_to="2019-11-30", actors={"RUS", "IRN"}, min_mentions=2)
    pushed, rep1 = read_all(p, **opts)
    all_events, _ = read_all(p)
    with open(tmp_path / "x.jsonl", "w", encoding="utf-8") as f:
        write_jsonl(all_events, f)
    generic, rep2 = read_all(tmp_path / "x.jsonl", **opts)
    assert [e.provenance.ids for e in pushed] == [(("GLOBALEVENTID", "3"),), (("GLOBALEVENTID", "5"),)]
    assert [e.provenance.line for e in generic] == [3, 5]
    assert rep1.skipped == rep2.skipped == {"before_from": 1, "after_to": 1, "min_mentions": 1}


def test_row_reasons_come_before_filter_reasons(tmp_path):
    """A row with no usable actor is counted as no_actor even when a filter would also drop it — the same
    attribution as for any other format, where filters only ever see events."""
    p = write(tmp_path / "x.CSV", gdelt_row(id="1", a1code="GOV", a1country="", sqldate="20200101") + "\n")
    _, rep = read_all(p, date_to="2019-12-31", actors={"USA"})
    assert rep.skipped == {"no_actor": 1}


def test_strict_mode_raises_on_the_first_bad_row(tmp_path):
    """With strict=True the first bad row raises DiagnosticError carrying that row's diagnostic."""
    p = write(tmp_path / "x.CSV", gdelt_row(id="1") + "\n" + gdelt_row(code="999") + "\n" + gdelt_row(58) + "\n")
    with pytest.raises(DiagnosticError) as info:
        read_all(p, fmt="gdelt2", strict=True)
    (d,) = info.value.diagnostics
    assert d.code == "TL503" and d.span.line == 2
