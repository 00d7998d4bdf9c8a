"""No input, however malformed, makes a reader raise anything but a diagnostic — and whatever it reads,
every record is accounted for."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from treatylang.diagnostics import DiagnosticError
from treatylang.events import FORMATS, open_events

from treatylang.events.layouts import GDELT_LAYOUTS

from .conftest import gdelt_row

# Fragments that real files of each format are made of, so generated garbage gets
# past the first checks often enough to reach the deeper code paths.
FRAGMENTS = [
    "date,actor,target,code,action,id,source,time,x\n", "2001-03-12", "RUS", "IRN", "040", "---", '"', ",", "\n",
    "\t", "\r\n", "{", "}", "[", "]", ":", '"event"', '"actor"', '"date"', "null", "3", '[{"code": "RUS"}]',
    "Event ID\tEvent Date\tSource Country\tCAMEO Code\tTarget Country\n", "Russian Federation", "\xff\xfe",
    gdelt_row(61) + "\n", gdelt_row(58) + "\n", gdelt_row(57) + "\n", gdelt_row(61, code="999") + "\n",
    json.dumps({"date": "2001-03-12", "actor": "RUS", "code": "040"}) + "\n",
    json.dumps({"date": "2001-03-12", "actor": [{"code": "RUS"}], "event": "AID"}) + "\n",
    "[" * 3000,  # deep nesting
    # re-exports, headers, JSON records of other families, columnar magic
    ",GLOBALEVENTID,SQLDATE,Actor1Code,Actor1CountryCode,Actor2Code,Actor2CountryCode,EventCode,EventRootCode\n",
    "0,1,20191024,RUS,RUS,IRN,IRN,36,3\n", "\t".join(GDELT_LAYOUTS["gdelt2"]) + "\n", "GDELT.",
    "Event_ID,Event_Date,Source_Country,CAMEO_Code,Target_Country,extra\n", "1,2018-01-01,Turkey,010,NA,x\n",
    json.dumps({"Event ID": "1", "Event Date": "2018-01-01", "Source Country": "Iran", "CAMEO Code": "010",
                "Target Country": "NA"}, indent=2) + "\n",
    json.dumps({"GLOBALEVENTID": 1, "SQLDATE": 20191024, "Actor1Code": "RUS", "Actor1CountryCode": "RUS",
                "Actor2Code": "", "Actor2CountryCode": None, "EventCode": 40, "EventRootCode": 4}) + "\n",
    "PAR1", "ARROW1", '"a ""b"""', "NULL", "N/A",
]

CONTENT = st.one_of(
    st.binary(max_size=300),
    st.lists(st.sampled_from(FRAGMENTS), max_size=12).map(lambda parts: "".join(parts).encode("utf-8", "surrogateescape")),
    st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=5), max_size=12).map(
        lambda parts: "".join(parts).encode("utf-8", "surrogatepass")),
)


@given(content=CONTENT, fmt=st.sampled_from([None, *FORMATS]), dedupe=st.booleans())
def test_any_bytes_read_without_a_traceback(tmp_path_factory, content, fmt, dedupe):
    """Whatever the bytes and whichever format they are read as (or detected), reading either raises a
    DiagnosticError or ends with every record accounted for."""
    path = tmp_path_factory.mktemp("fuzz") / "input"
    path.write_bytes(content)
    try:
        reader = open_events(str(path), fmt=fmt, dedupe=dedupe)
        events = list(reader)
    except DiagnosticError as err:
        assert err.diagnostics and all(d.code.startswith("TL") for d in err.diagnostics)
        return
    rep = reader.report
    assert rep.accounted() and rep.complete
    assert rep.events_yielded == len(events)
    assert all(d.span.line >= 1 for d in rep.bad)
