"""The readers on real published data in ../shared/data (skipped, with the reason, where it is absent).

Numbers pinned here were measured on the files and are explained where they
differ from the data README.
"""

from __future__ import annotations

import json

import pytest

from treatylang.events import detect_format

from .conftest import GDELT_EXPORT, PLOVER_GSR, need, read_all

pytestmark = pytest.mark.shared_data

RUS_IRN = {"RUS", "IRN"}


def test_missing_shared_data_skips_with_its_path(tmp_path):
    """Where ../shared/data is absent, the tests that need it skip and say which path was missing."""
    with pytest.raises(pytest.skip.Exception, match="shared data not available: .*absent"):
        need(tmp_path / "absent.CSV")


@pytest.fixture(scope="module")
def gdelt():
    """(events, report) of the shared GDELT 2.0 export, read once for the module."""
    return read_all(need(GDELT_EXPORT))


def test_gdelt_export_is_gdelt2(gdelt):
    """The shared export is recognised as GDELT 2.0 (61 columns)."""
    assert detect_format(str(GDELT_EXPORT)) == "gdelt2"
    assert gdelt[1].format == "gdelt2"


def test_gdelt_every_line_is_accounted_for(gdelt):
    """All 2,111 lines are accounted for: 1,291 events, 820 rows with no state as actor, no bad row."""
    events, rep = gdelt
    assert rep.lines_read == rep.records == 2111
    assert rep.accounted() and rep.complete
    assert (rep.good, rep.events_yielded, rep.bad_count) == (1291, 1291, 0)
    assert rep.skipped == {"no_actor": 820}
    assert len(events) == 1291
    assert rep.no_target == 701


def test_gdelt_rus_irn_rows_and_events(gdelt):
    """133 rows name RUS or IRN in an actor-country column (as the data README says); 120 of them become
    events. The other 13 name RUS/IRN only as Actor2 while Actor1 is no state (EDU, MIL, SPY, UAF or empty),
    so they are skipped as having no usable actor — the README counts rows, the reader counts events."""
    rows = [line.rstrip("\n").split("\t") for line in GDELT_EXPORT.read_text(encoding="utf-8").splitlines()]
    with_country = [r for r in rows if r[7] in RUS_IRN or r[17] in RUS_IRN]
    assert len(with_country) == 133
    assert sum(1 for r in with_country if not r[7]) == 13
    events, _ = gdelt
    mine = [e for e in events if e.actor in RUS_IRN or e.target in RUS_IRN]
    assert len(mine) == 120
    assert sum(1 for e in mine if e.actor in RUS_IRN) == 92
    assert sum(1 for e in mine if "RUS" in (e.actor, e.target)) == 81
    assert sum(1 for e in mine if "IRN" in (e.actor, e.target)) == 44


def test_gdelt_actor_filter_gives_the_same_120(gdelt):
    """Reading with actors={RUS, IRN} yields exactly those 120 events and counts the rest by reason."""
    events, rep = read_all(GDELT_EXPORT, actors=RUS_IRN)
    assert [e.provenance.line for e in events] == [e.provenance.line for e in gdelt[0]
                                                  if e.actor in RUS_IRN or e.target in RUS_IRN]
    assert rep.skipped == {"no_actor": 820, "actor_filter": 1171} and rep.accounted()


def test_gdelt_every_event_has_globaleventid_and_sourceurl(gdelt):
    """Every event keeps its GLOBALEVENTID and SOURCEURL, and its line in the file."""
    events, _ = gdelt
    for e in events:
        ((name, value),) = e.provenance.ids
        assert name == "GLOBALEVENTID" and value.isdigit()
        assert e.provenance.source and e.provenance.source.startswith("http")
        assert e.provenance.file == str(GDELT_EXPORT) and 1 <= e.provenance.line <= 2111


def test_gdelt_actors_are_never_fips(gdelt):
    """Actors and targets are CAMEO/ISO alpha-3 codes (three letters), never FIPS two-letter geo codes."""
    events, _ = gdelt
    assert all(len(e.actor) == 3 and (e.target is None or len(e.target) == 3) for e in events)
    assert not {"RS", "IR"} & {e.actor for e in events}


def test_gdelt_events_are_in_file_order_with_misdated_rows_kept(gdelt):
    """Events come in file order (seq = line); the misdated rows (2018-10-24 in a 2019 export) are kept."""
    events, rep = gdelt
    assert [e.seq for e in events] == sorted(e.seq for e in events)
    assert str(rep.first_day) == "2018-10-24" and str(rep.last_day) == "2019-10-24"


def test_gdelt_dedupe(gdelt):
    """Dedupe folds 595 repeated reports into earlier events, keeping their provenance."""
    events, rep = read_all(GDELT_EXPORT, dedupe=True)
    assert len(events) == 696 and rep.duplicates_merged == 595 and rep.accounted()
    assert sum(len(e.also_reported) for e in events) == 595


def test_plover_gold_standard_records_load():
    """All 322 PLOVER gold-standard records (plus the DOCUMENT record) are accounted for with no bad record:
    those with a state as actor give events, the others are skipped as having no usable actor."""
    events, rep = read_all(need(PLOVER_GSR))
    assert rep.format == "plover"
    records = json.loads(PLOVER_GSR.read_text(encoding="utf-8"))
    assert rep.records == len(records) == 323
    assert rep.bad_count == 0 and rep.accounted()
    assert rep.skipped == {"document": 1, "no_actor": 38}
    assert rep.good == 284 and rep.events_yielded == len(events) == 314
    by_id = {e.provenance.ids[0][1] for e in events}
    assert "PLOVER-GSR01-AGREE-0001" in by_id
    assert all(e.attr("plover_event") for e in events)


def test_plover_gold_standard_codes_map_only_when_unambiguous():
    """Gold-standard events get a CAMEO code exactly when the crosswalk makes it unambiguous; every code given
    covers a code the crosswalk lists for that PLOVER event."""
    from treatylang.events.cameo import codebook
    from treatylang.events.plover import crosswalk

    events, _ = read_all(need(PLOVER_GSR))
    book, xw = codebook(), crosswalk()
    coded = [e for e in events if e.code]
    assert coded and any(e.code is None for e in events)
    for e in coded:
        assert any(book.covers(e.code, c) or c.startswith(e.code) for c in xw.cameo_codes_for(e.attr("plover_event")))


def _key(e):
    return (e.day, e.actor, e.target, e.code, e.attrs, e.actor_roles, e.target_roles, e.coded, e.reports, e.sources,
            e.provenance.ids, e.provenance.source)


@pytest.mark.parametrize("shape", ["pandas-str", "pandas-numbers", "bigquery-tsv", "plain-header", "parquet",
                                   "mixed-with-backfile-rows"])
def test_gdelt_export_resaved_gives_the_same_events(tmp_path, gdelt, shape):
    """The real export re-saved as analysts do — by pandas (text or numeric columns: codes lose their zeros),
    as a BigQuery-style TSV with GDELT.-prefixed names, with a plain header line, as Parquet, or with
    back-file rows appended — reads into the same 1,291 events, with no bad row."""
    pd = pytest.importorskip("pandas", reason="pandas is in the dev extra")
    from treatylang.events.layouts import GDELT_LAYOUTS

    names = list(GDELT_LAYOUTS["gdelt2"])
    src = need(GDELT_EXPORT)
    as_str = dict(sep="\t", header=None, names=names, dtype=str, keep_default_na=False)
    p = tmp_path / "copy"
    if shape == "pandas-str":
        pd.read_csv(src, **as_str).assign(note="x").to_csv(p)
    elif shape == "pandas-numbers":
        pd.read_csv(src, sep="\t", header=None, names=names).to_csv(p)
    elif shape == "bigquery-tsv":
        pd.read_csv(src, **as_str).rename(columns=lambda c: "GDELT." + c).to_csv(p, sep="\t", index=False)
    elif shape == "plain-header":
        p.write_text("\t".join(names) + "\n" + src.read_text(encoding="utf-8"), encoding="utf-8")
    elif shape == "parquet":
        pytest.importorskip("pyarrow", reason="pyarrow is in the dev extra")
        pd.read_csv(src, sep="\t", header=None, names=names).to_parquet(p)
    else:  # 57-column back-file rows (1985) after the 61-column ones
        back = "\t".join(["1", "19850301", "198503", "1985", "1985.1644", "RUSGOV", "RUSSIA", "RUS"] + [""] * 48
                         + ["20130203"])
        p.write_text(src.read_text(encoding="utf-8") + back + "\n", encoding="utf-8")
    events, rep = read_all(p, strict=True)
    want = [_key(e) for e in gdelt[0]]
    got = [_key(e) for e in events]
    if shape == "mixed-with-backfile-rows":
        assert rep.layouts == {"gdelt2": 2111, "gdelt1-back": 1} and rep.skipped.get("no_code") == 1
        got = got[: len(want)]
    assert got == want and rep.bad_count == 0 and rep.accounted()
