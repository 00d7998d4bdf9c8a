"""`open_events`, `EventReader` and `ReadReport`: detection, file errors, filters, accounting, dedupe,
progress and streaming — independent of any one format."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os

import pytest

from treatylang.diagnostics import DiagnosticError
from treatylang.events import FORMATS, detect_format, open_events
from treatylang.events import reader as reader_module

from .conftest import gdelt_row, read_all, write

CSV_HEADER = "date,actor,target,code\n"


def csv_file(tmp_path, *rows, name="e.csv"):
    return write(tmp_path / name, CSV_HEADER + "".join(r + "\n" for r in rows))


# --- detection and file errors ------------------------------------------------------------


@pytest.mark.parametrize(
    "content, fmt",
    [
        (CSV_HEADER + "2001-03-12,RUS,IRN,040\n", "csv"),
        ('{"date": "2001-03-12", "actor": "RUS", "code": "040"}\n', "jsonl"),
        ('{"date": "2001-03-12", "actor": [{"code": "RUS"}], "event": "AID"}\n', "plover-jsonl"),
        ('[\n  {"event": "AID"}\n]\n', "plover"),
        ("Event ID\tEvent Date\tSource Country\tCAMEO Code\tTarget Country\n", "icews"),
        (gdelt_row(57) + "\n", "gdelt1-back"),
        (gdelt_row(58) + "\n", "gdelt1"),
        (gdelt_row(61) + "\n", "gdelt2"),
    ],
)
def test_detect_format_from_content(tmp_path, content, fmt):
    """Every format is recognised from the file's first lines, whatever the file is called."""
    assert detect_format(str(write(tmp_path / "data.bin", content))) == fmt


def test_detection_takes_the_majority_gdelt_layout(tmp_path):
    """A GDELT file whose first row is damaged is still recognised by the column count most rows have."""
    p = write(tmp_path / "x", gdelt_row(58) + "\n" + "\n".join(gdelt_row(61, id=str(i)) for i in range(3)) + "\n")
    assert detect_format(str(p)) == "gdelt2"


@pytest.mark.parametrize(
    "content, words",
    [
        ("", "empty"),
        ("just some words\n", "not CSV"),
        ("a\tb\tc\n", "3 columns"),
        ("x,y,z\n1,2,3\n", "header"),
        ("{\n", "JSON"),
    ],
)
def test_unrecognised_files_are_tl508_with_a_help(tmp_path, content, words):
    """A file of no known format is TL508, saying what it looks like and how to name the format."""
    p = write(tmp_path / "x", content)
    with pytest.raises(DiagnosticError) as info:
        open_events(str(p))
    (d,) = info.value.diagnostics
    assert d.code == "TL508" and words in d.message and "--events-format" in d.help


def test_missing_file_is_tl001(tmp_path):
    """A path that does not exist is TL001 at open time, not a traceback."""
    with pytest.raises(DiagnosticError) as info:
        open_events(str(tmp_path / "nope.csv"))
    assert info.value.diagnostics[0].code == "TL001"


def test_folder_is_tl002(tmp_path):
    """A folder given as an event file is TL002."""
    with pytest.raises(DiagnosticError) as info:
        open_events(str(tmp_path), fmt="csv")
    assert info.value.diagnostics[0].code == "TL002"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files without read permission")
def test_unreadable_file_is_tl002(tmp_path):
    """A file without read permission is TL002."""
    p = csv_file(tmp_path, "2001-03-12,RUS,IRN,040")
    p.chmod(0)
    with pytest.raises(DiagnosticError) as info:
        open_events(str(p))
    assert info.value.diagnostics[0].code == "TL002"


def test_corrupt_gzip_stops_with_tl002_after_the_good_part(tmp_path):
    """A .gz file cut short mid-stream reads what it can, then stops with TL002 naming the line reached."""
    text = "".join(gdelt_row(id=str(i)) + "\n" for i in range(30_000))  # beyond one 1 MiB read buffer
    packed = gzip.compress(text.encode())
    p = write(tmp_path / "x.gz", packed[: len(packed) // 2])
    reader = open_events(str(p), fmt="gdelt2")
    got = []
    with pytest.raises(DiagnosticError) as info:
        for e in reader:
            got.append(e)
    assert info.value.diagnostics[0].code == "TL002" and "reading stopped after line" in info.value.diagnostics[0].message
    assert got and reader.report.records == len(got) and not reader.report.complete


def test_unknown_format_name_is_tl004_with_suggestion(tmp_path):
    """An unknown --events-format value is TL004 with a did-you-mean."""
    p = csv_file(tmp_path, "2001-03-12,RUS,IRN,040")
    with pytest.raises(DiagnosticError) as info:
        open_events(str(p), fmt="gdelt3")
    (d,) = info.value.diagnostics
    assert d.code == "TL004" and "gdelt" in d.help


def test_bad_option_dates_are_tl004(tmp_path):
    """A --from that is not a date is TL004, not a traceback."""
    p = csv_file(tmp_path, "2001-03-12,RUS,IRN,040")
    with pytest.raises(DiagnosticError) as info:
        open_events(str(p), date_from="yesterday")
    assert info.value.diagnostics[0].code == "TL004"


def test_formats_are_documented():
    """Every format name has a one-line description (used in --help and TL508's help)."""
    assert set(FORMATS) == {"csv", "jsonl", "gdelt1-back", "gdelt1", "gdelt2", "icews", "plover", "plover-jsonl",
                            "icews-json", "gdelt-json", "parquet", "arrow"}
    assert all(FORMATS.values())


# --- filters and accounting ---------------------------------------------------------------------


def test_date_filters_are_inclusive_and_counted(tmp_path):
    """--from/--to keep events on the boundary days and count the others as before_from / after_to."""
    p = csv_file(tmp_path, "2001-03-11,RUS,IRN,040", "2001-03-12,RUS,IRN,040", "2001-03-20,RUS,IRN,040",
                 "2001-03-21,RUS,IRN,040")
    events, rep = read_all(p, date_from="2001-03-12", date_to=dt.date(2001, 3, 20))
    assert [e.day.day for e in events] == [12, 20]
    assert rep.skipped == {"header": 1, "before_from": 1, "after_to": 1} and rep.accounted()


def test_imprecise_dates_are_kept_when_their_range_meets_the_window(tmp_path):
    """A month-precision event is kept by --from inside that month (its day range meets the window), and a
    --to given as a month includes the whole month."""
    p = csv_file(tmp_path, "2001-03,RUS,IRN,040", "2001-04-30,RUS,IRN,040")
    events, _ = read_all(p, date_from="2001-03-15", date_to="2001-04")
    assert [e.precision for e in events] == ["month", "day"]


def test_actor_filter_matches_actor_or_target(tmp_path):
    """--actor keeps events where the code is the actor or the target."""
    p = csv_file(tmp_path, "2001-03-12,RUS,IRN,040", "2001-03-12,USA,IRN,040", "2001-03-12,USA,GBR,040")
    events, rep = read_all(p, actors=["RUS"])
    assert [(e.actor, e.target) for e in events] == [("RUS", "IRN")] and rep.skipped["actor_filter"] == 2
    events, _ = read_all(p, actors=["IRN"])
    assert len(events) == 2


def test_min_mentions_filters_only_events_that_carry_mentions(tmp_path):
    """--min-mentions drops events with fewer mentions; events with no num_mentions attribute are kept."""
    p = write(tmp_path / "e.csv", "date,actor,target,code,num_mentions\n2001-03-12,RUS,IRN,040,1\n"
                                  "2001-03-12,RUS,IRN,040,5\n2001-03-12,RUS,IRN,040,\n")
    events, rep = read_all(p, min_mentions=2)
    assert [e.attr("num_mentions") for e in events] == ["5", None] and rep.skipped["min_mentions"] == 1


def test_every_record_is_accounted_for(tmp_path):
    """good + skipped + bad == records, on a file with good rows, blank lines, bad rows and filtered rows."""
    p = csv_file(tmp_path, "2001-03-12,RUS,IRN,040", "", "2001-03-12,RUS,IRN,999", "1999-01-01,RUS,IRN,040",
                 "2001-03-12,RUS,IRN", "2001-03-13,RUS,,040")
    events, rep = read_all(p, date_from="2000-01-01")
    assert rep.records == rep.lines_read == 7
    assert (rep.good, rep.skipped_total, rep.bad_count) == (2, 3, 2)
    assert rep.accounted() and rep.complete and rep.events_yielded == len(events) == 2
    assert rep.no_target == 1 and (rep.first_day, rep.last_day) == (dt.date(2001, 3, 12), dt.date(2001, 3, 13))


def test_only_the_first_bad_rows_are_kept_but_all_are_counted(tmp_path, monkeypatch):
    """The report keeps the first MAX_BAD_KEPT diagnostics and counts every bad row, by code."""
    monkeypatch.setattr(reader_module, "MAX_BAD_KEPT", 3)
    p = csv_file(tmp_path, *["2001-03-12,RUS,IRN,999"] * 5, *["2001-02-30,RUS,IRN,040"] * 2)
    _, rep = read_all(p)
    assert len(rep.bad) == 3 and rep.bad_count == 7 and rep.bad_by_code == {"TL503": 5, "TL502": 2}


def test_report_to_dict_is_json_ready(tmp_path):
    """`ReadReport.to_dict` serialises to JSON with every count, the explanations and the diagnostics."""
    p = csv_file(tmp_path, "2001-03-12,RUS,IRN,040", "2001-03-12,RUS,IRN,999")
    _, rep = read_all(p)
    d = json.loads(json.dumps(rep.to_dict()))
    assert d["records"] == 3 and d["good"] == 1 and d["bad_count"] == 1 and d["accounted"]
    assert d["skipped"]["header"] == {"count": 1, "reason": "header line"}
    assert d["bad"][0]["code"] == "TL503" and d["bad"][0]["line"] == 3
    assert d["first_day"] == "2001-03-12"


def test_skip_reasons_are_explained_per_format():
    """Every skip reason has an explanation, with format-specific detail where it differs."""
    from treatylang.events.rows import SKIP_REASONS, explain

    assert all(explain(r) for r in SKIP_REASONS)
    assert "Actor1CountryCode" in explain("no_actor", "gdelt2")
    assert "Source Country" in explain("no_actor", "icews")
    assert "target" in explain("no_target", "csv")


# --- streaming, order, re-reading, strict -------------------------------------------------------


def test_reader_streams_lazily(tmp_path):
    """Taking the first event reads only the start of the file (a generator, not a list)."""
    p = csv_file(tmp_path, *["2001-03-12,RUS,IRN,040"] * 10_000)
    reader = open_events(str(p))
    it = iter(reader)
    first = next(it)
    assert first.seq == 2 and reader.report.records == 0  # counts are published at the end
    it.close()
    assert reader.report.records < 10_000 and not reader.report.complete


def test_iterating_again_rereads_with_a_fresh_report(tmp_path):
    """Iterating an EventReader twice reads the file twice, each time with its own report."""
    reader = open_events(str(csv_file(tmp_path, "2001-03-12,RUS,IRN,040")))
    assert list(reader) == list(reader)
    assert reader.report.records == 2


def test_events_keep_file_order_and_seq(tmp_path):
    """Events come out in file order with seq = record number, even when their days are out of order."""
    p = csv_file(tmp_path, "2001-03-13,RUS,IRN,040", "2001-03-11,RUS,IRN,040", "2001-03-12,RUS,IRN,040")
    events, _ = read_all(p)
    assert [e.seq for e in events] == [2, 3, 4] and [e.day.day for e in events] == [13, 11, 12]


def test_strict_raises_after_recording_the_row(tmp_path):
    """strict=True raises on the first bad row; the report still shows what was read until then."""
    reader = open_events(str(csv_file(tmp_path, "2001-03-12,RUS,IRN,040", "2001-03-12,RUS,IRN,999")), strict=True)
    with pytest.raises(DiagnosticError):
        list(reader)
    assert reader.report.bad_count == 1 and reader.report.good == 1


def test_progress_callback_is_called_with_bytes(tmp_path, monkeypatch):
    """The progress callback gets (report, bytes done, bytes total) during the read and once at the end."""
    monkeypatch.setattr(reader_module, "PROGRESS_EVERY", 10)
    p = csv_file(tmp_path, *["2001-03-12,RUS,IRN,040"] * 50)
    calls = []
    list(open_events(str(p), progress=lambda rep, done, total: calls.append((rep.records, done, total, rep.complete))))
    assert len(calls) == 6
    assert all(total == p.stat().st_size for _, _, total, _ in calls)
    assert calls[-1] == (51, p.stat().st_size, p.stat().st_size, True)
    assert [c[0] for c in calls[:-1]] == [10, 20, 30, 40, 50]


# --- dedupe --------------------------------------------------------------------------------------


def test_dedupe_merges_same_day_dyad_and_code(tmp_path):
    """Rows with the same (day, actor, target, code) become one event — the first — whose also_reported
    lists the others' provenance in file order; merged rows are counted as skipped duplicates."""
    p = csv_file(tmp_path, "2001-03-12,RUS,IRN,040", "2001-03-12,RUS,IRN,190", "2001-03-12,RUS,IRN,040",
                 "2001-03-12,RUS,IRN,040", "2001-03-13,RUS,IRN,040")
    events, rep = read_all(p, dedupe=True)
    assert [(e.day.day, e.code, e.seq) for e in events] == [(12, "040", 2), (12, "190", 3), (13, "040", 6)]
    assert [pr.line for pr in events[0].also_reported] == [4, 5]
    assert rep.duplicates_merged == 2 and rep.skipped["duplicate"] == 2 and rep.accounted()


def test_dedupe_on_sorted_input_merges_within_a_day_however_far_apart(tmp_path):
    """On input sorted by day, duplicates of the same day merge even when further apart than the window."""
    rows = ["2001-03-12,RUS,IRN,040"] + [f"2001-03-12,USA,X{i:03d},040" for i in range(50)] + \
        ["2001-03-12,RUS,IRN,040", "2001-03-13,RUS,IRN,040"]
    events, rep = read_all(csv_file(tmp_path, *rows), dedupe=True, dedupe_window=10)
    assert rep.duplicates_merged == 1 and len(events) == 52


def test_dedupe_on_unsorted_input_is_bounded_by_the_window(tmp_path):
    """Once days go backwards, an event waits at most `dedupe_window` records for duplicates: nearer ones
    merge, further ones do not — and every event still comes out, in file order."""
    rows = ["2001-03-12,RUS,IRN,040", "2001-03-11,GBR,USA,040", "2001-03-12,RUS,IRN,040"] + \
        [f"2001-03-1{i % 3},USA,X{i:03d},040" for i in range(30)] + ["2001-03-12,RUS,IRN,040"]
    events, rep = read_all(csv_file(tmp_path, *rows), dedupe=True, dedupe_window=10)
    assert rep.duplicates_merged == 1  # the third row merged; the last one was too far away
    assert [e.seq for e in events] == sorted(e.seq for e in events)
    assert len(events) == len(rows) - 1 and rep.accounted()


def test_dedupe_memory_is_capped(tmp_path, monkeypatch):
    """No more than DEDUPE_MAX_PENDING events are ever held back, even on sorted input within one day."""
    monkeypatch.setattr(reader_module, "DEDUPE_MAX_PENDING", 5)
    rows = [f"2001-03-12,USA,X{i:03d},040" for i in range(40)]
    reader = open_events(str(csv_file(tmp_path, *rows)), dedupe=True)
    it = iter(reader)
    next(it)  # the first event is released once the cap is passed, long before the end
    assert len(list(it)) == 39


def test_dedupe_ignores_events_that_differ(tmp_path):
    """Events differing in target, code or day are never merged; nor are imprecise and precise dates."""
    p = csv_file(tmp_path, "2001-03-12,RUS,IRN,040", "2001-03-12,RUS,SYR,040", "2001-03-12,RUS,IRN,041",
                 "2001-03,RUS,IRN,040", "2001-03-12,RUS,,040")
    events, rep = read_all(p, dedupe=True)
    assert len(events) == 5 and rep.duplicates_merged == 0
