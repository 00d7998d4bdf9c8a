"""Event files as analysts keep them: GDELT with header lines (plain, BigQuery-prefixed) and mixed layouts,
GDELT and ICEWS re-saved by pandas or R (comma-separated, renamed, extra and index columns), JSON arrays and
pretty-printed records, compressed copies — each must give the events the published layout gives."""

from __future__ import annotations

import csv
import gzip
import io
import json
import zipfile

import pytest

from treatylang.diagnostics import DiagnosticError
from treatylang.events import detect_format
from treatylang.events.layouts import GDELT_LAYOUTS, ICEWS_COLUMNS

from .conftest import gdelt_row, read_all, write
from .test_icews import icews_row


def key(e):
    """What an event says, without where it sits in its file (line numbers shift with a header)."""
    return (e.day, e.actor, e.target, e.code, e.action, e.attrs, e.last_day, e.precision, e.time, e.actor_roles,
            e.target_roles, e.coded, e.reports, e.sources, e.provenance.ids, e.provenance.source)


def gdelt_rows(ncols: int = 61) -> list[str]:
    return [
        gdelt_row(ncols, id="1", code="036"),
        gdelt_row(ncols, id="2", code="190", quad="4", goldstein="-10.0"),
        gdelt_row(ncols, id="3", a1code="GOV", a1country=""),  # no actor
        gdelt_row(ncols, id="4", a1code="IRNMIL", a1country="IRN", a2code="", a2country="", code="0871", base="087",
                  root="08"),
    ]


def cells(row: str) -> list[str]:
    return row.split("\t")


# --- GDELT header lines ---------------------------------------------------------------------


@pytest.mark.parametrize("ncols", [57, 58, 61])
@pytest.mark.parametrize("prefix", ["", "GDELT."])
def test_gdelt_header_line_is_skipped_as_a_header(tmp_path, ncols, prefix):
    """A header line of any layout, plain or BigQuery-prefixed, is a header (not a bad row), even under
    --strict; the rows read as without it."""
    layout = {57: "gdelt1-back", 58: "gdelt1", 61: "gdelt2"}[ncols]
    header = "\t".join(prefix + c for c in GDELT_LAYOUTS[layout])
    body = "\n".join(gdelt_rows(ncols)) + "\n"
    with_header = write(tmp_path / "h.tsv", header + "\n" + body)
    bare = write(tmp_path / "b.tsv", body)
    assert detect_format(str(with_header)) == layout
    got, rep = read_all(with_header, strict=True)
    want, _ = read_all(bare)
    assert [key(e) for e in got] == [key(e) for e in want] and len(got) == 3
    assert rep.skipped == {"header": 1, "no_actor": 1} and rep.bad_count == 0 and rep.accounted()


def test_gdelt_header_repeated_by_concatenation_is_a_header_each_time(tmp_path):
    """Files concatenated with their headers: each header line is counted as a header."""
    header = "\t".join(GDELT_LAYOUTS["gdelt2"])
    text = (header + "\n" + "\n".join(gdelt_rows()) + "\n") * 2
    events, rep = read_all(write(tmp_path / "x.tsv", text), strict=True)
    assert len(events) == 6 and rep.skipped["header"] == 2


def test_gdelt_header_that_reorders_and_adds_columns_places_them(tmp_path):
    """A tab-separated header that moves columns and adds its own is read through its names."""
    names = list(GDELT_LAYOUTS["gdelt2"])
    order = list(reversed(range(61)))
    header = "\t".join(["note"] + [names[i] for i in order])
    rows = ["\t".join(["n"] + [cells(r)[i] for i in order]) for r in gdelt_rows()]
    got, rep = read_all(write(tmp_path / "x.tsv", header + "\n" + "\n".join(rows) + "\n"))
    want, _ = read_all(write(tmp_path / "b.tsv", "\n".join(gdelt_rows()) + "\n"))
    assert [key(e) for e in got] == [key(e) for e in want]
    assert "1 extra column ignored (note)" in rep.mapping


# --- GDELT layouts mixed in one file ----------------------------------------------------------


def test_mixed_gdelt_layouts_read_row_by_row(tmp_path):
    """Daily (58), back-file (57) and 2.0 (61) rows in one file all read; the report counts each layout."""
    rows = [gdelt_row(58, id="1"), gdelt_row(58, id="2"), gdelt_row(57, id="3", sqldate="19850301"),
            gdelt_row(61, id="4")]
    events, rep = read_all(write(tmp_path / "x.CSV", "\n".join(rows) + "\n"))
    assert [e.provenance.ids[0][1] for e in events] == ["1", "2", "3", "4"]
    assert rep.layouts == {"gdelt1": 2, "gdelt1-back": 1, "gdelt2": 1} and rep.bad_count == 0
    assert events[2].attr("date_loaded") == "20130301" and events[2].attr("date_added") is None
    assert events[0].attr("date_added") == "20191024"


def test_ussr_coded_as_rus_is_noted(tmp_path):
    """A 1985 back-file row naming RUS is read as given, and the report notes that GDELT codes the USSR as RUS."""
    rows = [gdelt_row(57, id="1", sqldate="19850301"), gdelt_row(57, id="2", sqldate="19920301")]
    events, rep = read_all(write(tmp_path / "x.CSV", "\n".join(rows) + "\n"))
    assert [e.actor for e in events] == ["RUS", "RUS"]
    assert rep.notes == {"ussr_as_rus": 1}
    assert "USSR" in rep.to_dict()["notes"]["ussr_as_rus"]["note"]


def test_gdelt_roles_counts_and_coded(tmp_path):
    """Actor types become roles, NumArticles / NumSources the report and source counts; GDELT rows are coded."""
    f = cells(gdelt_row(id="1"))
    f[12], f[13], f[22] = "GOV", "MIL", "REB"
    f[32], f[33] = "3", "7"
    (e,), _ = read_all(write(tmp_path / "x.CSV", "\t".join(f) + "\n"))
    assert e.actor_roles == ("GOV", "MIL") and e.target_roles == ("REB",)
    assert (e.reports, e.sources, e.coded) == (7, 3, True)


def test_cameo_spellings_become_iso_codes(tmp_path):
    """TMP (CAMEO's East Timor) is read as TLS, and the code as written is kept."""
    (e,), _ = read_all(write(tmp_path / "x.CSV", gdelt_row(a1country="TMP", a1code="TMPGOV") + "\n"))
    assert e.actor == "TLS" and e.attr("actor_country") == "TMP" and e.attr("actor_code") == "TMPGOV"


# --- GDELT saved by pandas -------------------------------------------------------------------------


def pandas_csv(rows: list[str], *, index=True, extra=True, drop_zeros=False) -> str:
    """A GDELT day as pandas' to_csv writes it: comma-separated, a header, an unnamed index column, extra
    columns; with `drop_zeros`, codes read as numbers (EventCode 36 for 036, EventRootCode 3)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    names = list(GDELT_LAYOUTS["gdelt2"])
    w.writerow(([""] if index else []) + names + (["tone_bucket", "file"] if extra else []))
    for i, r in enumerate(rows):
        f = cells(r)
        if drop_zeros:
            for c in (26, 27, 28):
                f[c] = str(int(f[c])) if f[c].isdigit() else f[c]
        f[60] = f[60] + "?a=1,b=2"  # a comma inside a value: pandas quotes it
        w.writerow(([str(i)] if index else []) + f + (["low", "x.csv"] if extra else []))
    return out.getvalue()


def test_pandas_saved_gdelt_day_reads_like_the_export(tmp_path):
    """Comma-separated, header, index column, extra columns, quoted values: the same events as the export."""
    rows = gdelt_rows()
    p = write(tmp_path / "day.csv", pandas_csv(rows))
    assert detect_format(str(p)) == "gdelt2"
    got, rep = read_all(p, strict=True)
    export = [r[: r.rfind("\t") + 1] + cells(r)[60] + "?a=1,b=2" for r in rows]
    want, _ = read_all(write(tmp_path / "e.CSV", "\n".join(export) + "\n"))
    assert [key(e) for e in got] == [key(e) for e in want]
    assert "index" in rep.mapping and "2 extra columns ignored (tone_bucket, file)" in rep.mapping


def test_codes_that_lost_their_zero_are_restored_only_from_the_root_code(tmp_path):
    """EventCode 36 with EventRootCode 3 is 036 (the root decides); the restorations are counted."""
    got, rep = read_all(write(tmp_path / "day.csv", pandas_csv(gdelt_rows(), drop_zeros=True)))
    assert [e.code for e in got] == ["036", "190", "0871"]
    assert rep.notes == {"code_zero_restored": 2}


def test_a_code_without_its_root_is_not_guessed(tmp_path):
    """Without EventRootCode, 36 is an unknown code (TL503), never guessed as 036."""
    header = "GLOBALEVENTID,SQLDATE,Actor1Code,Actor1CountryCode,Actor2Code,Actor2CountryCode,EventCode\n"
    p = write(tmp_path / "x.csv", header + "1,20191024,RUS,RUS,IRN,IRN,36\n")
    _, rep = read_all(p)
    assert [d.code for d in rep.bad] == ["TL503"] and "036" in rep.bad[0].help


# --- ICEWS re-exports -------------------------------------------------------------------------------


def icews_csv(rows: list[dict], names=None, extra=True) -> str:
    """ICEWS re-saved as CSV with underscored headers (R/pandas style) and extra columns."""
    names = names or [c.replace(" ", "_") for c in ICEWS_COLUMNS]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(names + (["year", "source_file"] if extra else []))
    for r in rows:
        w.writerow([r[c] for c in ICEWS_COLUMNS] + (["2011", "events.2011.tab"] if extra else []))
    return out.getvalue()


def icews_dict(**values: str) -> dict:
    return dict(zip(ICEWS_COLUMNS, icews_row(**values).split("\t")))


ICEWS_ROWS = [
    dict(),
    dict(Source_Country="Turkey", Target_Country="NA", Target_Sectors="NA"),
    dict(Source_Country="the former Yugoslav Republic of Macedonia", Source_Sectors="Police,Government"),
    dict(Source_Country="NA"),  # no actor
    dict(Event_Text="Say, \"hello\"", Source_Sectors="Military,Religious"),
]


def test_icews_csv_reexport_reads_like_the_tab_file(tmp_path):
    """Event_ID,Event_Date,… with extra columns and quoted values gives the events of the published file."""
    tab = write(tmp_path / "e.tab", "\t".join(ICEWS_COLUMNS) + "\n"
                + "".join(icews_row(**r).replace('"', "") + "\n" for r in ICEWS_ROWS))
    p = write(tmp_path / "e.csv", icews_csv([{k: v.replace('"', "") for k, v in icews_dict(**r).items()}
                                             for r in ICEWS_ROWS]))
    assert detect_format(str(p)) == "icews"
    got, rep = read_all(p, strict=True)
    want, _ = read_all(tab)
    assert [key(e) for e in got] == [key(e) for e in want] and len(got) == 4
    assert rep.skipped == {"header": 1, "no_actor": 1} and "2 extra columns ignored" in rep.mapping


def test_icews_missing_markers_and_aliases_are_not_bad_rows(tmp_path):
    """NA (R's empty cell), Turkey and ICEWS's lower-case Macedonia are no bad rows."""
    events, rep = read_all(write(tmp_path / "e.csv", icews_csv([icews_dict(**r) for r in ICEWS_ROWS])))
    assert rep.bad_count == 0
    assert [(e.actor, e.target) for e in events] == [("RUS", "IRN"), ("TUR", None), ("MKD", "IRN"),
                                                     ("RUS", "IRN")]
    assert rep.notes == {"missing_country": 2}


def test_icews_sectors_map_to_roles_and_stay_as_written(tmp_path):
    """Government/Police/Military sectors give GOV, COP, MIL; unmapped sectors give no role; the raw sectors
    are kept; an ICEWS row is one coded report from one source."""
    events, _ = read_all(write(tmp_path / "e.csv", icews_csv([icews_dict(**r) for r in ICEWS_ROWS])))
    assert events[0].actor_roles == ("GOV",) and events[0].attr("actor_sectors") == "Government,Executive"
    assert events[2].actor_roles == ("COP", "GOV")
    assert events[3].actor_roles == ("MIL",) and events[3].attr("actor_sectors") == "Military,Religious"
    assert all(e.coded and e.reports == e.sources == 1 for e in events)


def test_near_icews_header_is_explained(tmp_path):
    """A CSV that is almost ICEWS is refused (TL508) with a message naming ICEWS and the missing columns."""
    p = write(tmp_path / "x.csv", "Event_ID,Event_Date,Source_Name,CAMEO_Code,Target_Name\n1,2011-01-01,a,040,b\n")
    with pytest.raises(DiagnosticError) as info:
        detect_format(str(p))
    (d,) = info.value.diagnostics
    assert d.code == "TL508" and "ICEWS" in d.message and "Source Country" in d.message


# --- JSON containers ---------------------------------------------------------------------------------


PLAIN = [{"date": "2001-03-12", "actor": "RUS", "target": "IRN", "code": "040", "id": "a"},
         {"date": "2001-03-13", "actor": "IRN", "target": "RUS", "code": "190", "id": "b"}]


@pytest.mark.parametrize("shape", ["lines", "array", "pretty-array", "pretty-objects"])
def test_plain_json_in_every_container(tmp_path, shape):
    """JSON Lines, an array, and records written with indent=2 one after another all read the same."""
    text = {
        "lines": "".join(json.dumps(r) + "\n" for r in PLAIN),
        "array": json.dumps(PLAIN) + "\n",
        "pretty-array": json.dumps(PLAIN, indent=2) + "\n",
        "pretty-objects": "".join(json.dumps(r, indent=2) + "\n" for r in PLAIN),
    }[shape]
    p = write(tmp_path / "e.json", text)
    assert detect_format(str(p)) == "jsonl"
    events, rep = read_all(p, strict=True)
    assert [(e.actor, e.code, e.provenance.ids) for e in events] == [("RUS", "040", (("id", "a"),)),
                                                                    ("IRN", "190", (("id", "b"),))]
    assert all(not e.coded for e in events) and rep.accounted()


def test_pretty_printed_record_that_is_malformed_is_one_bad_row(tmp_path):
    """In pretty-printed records a broken record is one TL507 and reading resumes at the next object."""
    text = json.dumps(PLAIN[0], indent=2) + "\n{\n  \"date\": \"2001-03-14\",\n  oops\n}\n" + json.dumps(PLAIN[1],
                                                                                                   indent=2) + "\n"
    events, rep = read_all(write(tmp_path / "e.json", text))
    assert [e.provenance.ids for e in events] == [(("id", "a"),), (("id", "b"),)]
    assert [d.code for d in rep.bad] == ["TL507"] and rep.accounted()


def test_pretty_printed_icews_as_json(tmp_path):
    """ICEWS rows as pretty-printed JSON objects (published or underscored keys) read as ICEWS."""
    recs = [icews_dict(**r) for r in ICEWS_ROWS]
    recs[1] = {k.lower().replace(" ", "_"): (None if v == "NA" else v) for k, v in recs[1].items()}
    p = write(tmp_path / "e.json", json.dumps(recs, indent=2) + "\n")
    assert detect_format(str(p)) == "icews-json"
    events, rep = read_all(p, strict=True)
    assert [(e.actor, e.target) for e in events] == [("RUS", "IRN"), ("TUR", None), ("MKD", "IRN"),
                                                     ("RUS", "IRN")]
    assert rep.skipped == {"no_actor": 1} and rep.accounted()


def test_gdelt_as_json_records(tmp_path):
    """GDELT rows as JSON objects (pandas' to_json(orient="records", lines=True)) read as GDELT."""
    names = GDELT_LAYOUTS["gdelt2"]
    recs = [dict(zip(names, cells(r))) for r in gdelt_rows()]
    p = write(tmp_path / "e.jsonl", "".join(json.dumps(r) + "\n" for r in recs))
    assert detect_format(str(p)) == "gdelt-json"
    got, _ = read_all(p, strict=True)
    want, _ = read_all(write(tmp_path / "b.CSV", "\n".join(gdelt_rows()) + "\n"))
    assert [key(e) for e in got] == [key(e) for e in want]


def test_unknown_json_records_are_explained(tmp_path):
    """JSON records of no known family: TL508 naming their keys and the closest format."""
    p = write(tmp_path / "e.json", json.dumps([{"when": "2001", "who": "RUS"}]))
    with pytest.raises(DiagnosticError) as info:
        detect_format(str(p))
    assert "when, who" in info.value.diagnostics[0].message


# --- compressed re-exports --------------------------------------------------------------------------


@pytest.mark.parametrize("compression", ["gzip", "zip"])
def test_compressed_reexports(tmp_path, compression):
    """A gzipped or zipped pandas CSV or ICEWS CSV reads like the plain one, counts included."""
    for name, text in (("day.csv", pandas_csv(gdelt_rows())), ("e.csv", icews_csv([icews_dict(**r)
                                                                                       for r in ICEWS_ROWS]))):
        plain = write(tmp_path / name, text)
        if compression == "gzip":
            packed = write(tmp_path / (name + ".gz"), gzip.compress(text.encode()))
        else:
            packed = tmp_path / (name + ".zip")
            with zipfile.ZipFile(packed, "w", compression=zipfile.ZIP_DEFLATED) as z:
                z.writestr(name, text)
        got, rep = read_all(packed)
        want, rep0 = read_all(plain)
        assert [key(e) for e in got] == [key(e) for e in want]
        assert (rep.records, rep.good, rep.skipped, rep.bad_count) == (rep0.records, rep0.good, rep0.skipped,
                                                                       rep0.bad_count)
        assert rep.compression == compression


def test_quotes_inside_unquoted_tab_fields_do_not_join_lines(tmp_path):
    """ICEWS's own tab files do not quote: a `"` inside a value (an odd number of them) is an ordinary
    character, so the next row is not swallowed; a value R's write_tsv quoted (doubling inner quotes) is
    unquoted."""
    rows = [icews_row(Event_Text='He said "no'), icews_row(Source_Name='"Abu ""Hamza"""'), icews_row()]
    events, rep = read_all(write(tmp_path / "e.tab", "\t".join(ICEWS_COLUMNS) + "\n" + "\n".join(rows) + "\n"))
    assert len(events) == 3 and rep.bad_count == 0 and rep.lines_read == 4
    assert events[0].attr("event_text") == 'He said "no' and events[1].attr("actor_name") == 'Abu "Hamza"'


def test_icews_codes_that_lost_their_zero_are_restored_only_by_their_label(tmp_path):
    """R's read_tsv reads 010 as 10 — a valid code (DEMAND) of another meaning. The Event Text (the code's
    label) decides: "Make statement" with 10 is 010, "Demand" with 10 stays 10; 43 with "Host a visit" is 043;
    an unlabelled 43 is not guessed (TL503)."""
    rows = [icews_row(CAMEO_Code="10", Event_Text="Make statement"), icews_row(CAMEO_Code="10", Event_Text="Demand"),
            icews_row(CAMEO_Code="43", Event_Text="Host a visit"), icews_row(CAMEO_Code="43", Event_Text="")]
    events, rep = read_all(write(tmp_path / "e.tab", "\t".join(ICEWS_COLUMNS) + "\n" + "\n".join(rows) + "\n"))
    assert [e.code for e in events] == ["010", "10", "043"]
    assert rep.notes == {"code_zero_restored": 2} and [d.code for d in rep.bad] == ["TL503"]


@pytest.mark.parametrize("date", ["2018-01-02", "20180102", "20180102.0", "2018-01-02 00:00:00",
                                  "2018-01-02T00:00:00Z"])
def test_icews_dates_as_reexports_write_them(tmp_path, date):
    """A day written as a number or as a midnight timestamp by a re-export is that day; a time of day other
    than midnight is not silently dropped (TL502)."""
    (e,), _ = read_all(write(tmp_path / "e.csv", icews_csv([icews_dict(Event_Date=date)])))
    assert str(e.day) == "2018-01-02"
    _, rep = read_all(write(tmp_path / "f.csv", icews_csv([icews_dict(Event_Date="2018-01-02 13:45:00")])))
    assert [d.code for d in rep.bad] == ["TL502"]
