"""PLOVER records as a JSON array and as JSON Lines, in both generations of field names."""

from __future__ import annotations

import json

import pytest

from treatylang.events import detect_format

from .conftest import read_all, write

NEW = {"id": "p1", "date": "2019-06-20", "actor": [{"code": "IRN"}], "recipient": [{"code": "USA"}],
       "event": "ASSAULT", "mode": "heavy-weapons", "context": "military", "event_text": "shot down"}
OLD = {"id": "p2", "date": "2000-01-01", "source": [{"actorText": "Iran", "code": "IRNGOV"}],
       "target": [{"actorText": "Russia", "code": "RUS"}], "event": "AID", "context": "military",
       "eventText": "supplied"}


def array_file(tmp_path, *records, pretty=True):
    text = json.dumps(list(records), indent=2 if pretty else None)
    return write(tmp_path / "p.json", text + "\n")


def test_current_field_names(tmp_path):
    """actor/recipient/event/mode/context/event_text are read; the description is kept as attributes, and
    ASSAULT with heavy weapons maps unambiguously to CAMEO 19."""
    p = array_file(tmp_path, NEW)
    assert detect_format(str(p)) == "plover"
    (e,), rep = read_all(p)
    assert (e.actor, e.target, e.code) == ("IRN", "USA", "19")
    assert dict(e.attrs) == {"actor_code": "IRN", "target_code": "USA", "plover_event": "ASSAULT",
                             "plover_mode": "heavy-weapons", "plover_context": "military", "event_text": "shot down"}
    assert e.provenance.ids == (("id", "p1"),)
    assert rep.accounted()


def test_older_field_names(tmp_path):
    """The older source/target/eventText names read too; IRNGOV is Iran; AID+military maps to 072."""
    (e,), _ = read_all(array_file(tmp_path, OLD))
    assert (e.actor, e.target, e.code) == ("IRN", "RUS", "072")
    assert e.attr("actor_code") == "IRNGOV" and e.attr("event_text") == "supplied"


def test_ambiguous_plover_event_keeps_code_none(tmp_path):
    """An event type that spans several CAMEO roots (ASSAULT with no mode) has code None and keeps its
    PLOVER description as attributes."""
    rec = dict(NEW, mode=None, context="")
    (e,), _ = read_all(array_file(tmp_path, rec))
    assert e.code is None and e.attr("plover_event") == "ASSAULT" and e.attr("plover_context") is None


def test_compound_actors_give_one_event_per_pair(tmp_path):
    """Two acting states and one recipient give two events from one record: one good record, two events."""
    rec = dict(NEW, actor=[{"code": "IRN"}, {"code": "SYR"}])
    events, rep = read_all(array_file(tmp_path, rec))
    assert [(e.actor, e.target) for e in events] == [("IRN", "USA"), ("SYR", "USA")]
    assert rep.good == 1 and rep.events_yielded == 2 and rep.accounted()
    assert events[0].seq == events[1].seq


def test_non_state_actors_are_skipped_and_recipients_dropped(tmp_path):
    """An IGO actor is no usable actor (skipped, counted); an unusable recipient leaves target None with its
    raw code as an attribute."""
    igo = dict(NEW, id="a", actor=[{"code": "IGO"}])
    ngo_target = dict(NEW, id="b", recipient=[{"code": "NGO"}])
    events, rep = read_all(array_file(tmp_path, igo, ngo_target))
    assert rep.skipped == {"no_actor": 1}
    (e,) = events
    assert e.target is None and e.attr("target_code") == "NGO"


def test_bare_string_codes_and_string_targets(tmp_path):
    """Actor entries may be bare codes; an older record's target given as a plain string is a code."""
    rec = dict(NEW, actor=["RUS"], recipient="IRN")
    (e,), _ = read_all(array_file(tmp_path, rec))
    assert (e.actor, e.target) == ("RUS", "IRN")


def test_document_records_are_skipped(tmp_path):
    """The gold-standard file's DOCUMENT record is not an event: skipped with the reason `document`."""
    events, rep = read_all(array_file(tmp_path, {"id": "doc", "event": "DOCUMENT"}, NEW))
    assert len(events) == 1 and rep.skipped == {"document": 1} and rep.records == 2


def test_jsonl_form(tmp_path):
    """PLOVER JSON Lines are detected (an `event` key) and read record by record."""
    p = write(tmp_path / "p.jsonl", json.dumps(NEW) + "\n" + json.dumps(OLD) + "\n")
    assert detect_format(str(p)) == "plover-jsonl"
    events, rep = read_all(p)
    assert [e.code for e in events] == ["19", "072"] and [e.seq for e in events] == [1, 2]


def test_array_elements_report_their_starting_line(tmp_path):
    """In a pretty-printed array each event's provenance line is the line where its object starts."""
    p = array_file(tmp_path, NEW, OLD)
    text = p.read_text()
    starts = [i + 1 for i, line in enumerate(text.splitlines()) if line.startswith("  {")]
    events, _ = read_all(p)
    assert [e.provenance.line for e in events] == starts and [e.seq for e in events] == [1, 2]


@pytest.mark.parametrize(
    "change, code",
    [
        ({"date": None}, "TL506"),
        ({"event": None}, "TL506"),
        ({"date": "2019-13-01"}, "TL502"),
        ({"date": 20190620}, "TL512"),
        ({"actor": 5}, "TL512"),
        ({"context": 3}, "TL512"),
    ],
)
def test_bad_records(tmp_path, change, code):
    """Missing fields, bad dates and fields of the wrong shape are bad records with their own codes."""
    rec = {k: v for k, v in dict(NEW, **change).items() if v is not None}
    events, rep = read_all(array_file(tmp_path, rec, OLD))
    assert len(events) == 1 and [d.code for d in rep.bad] == [code] and rep.accounted()


def test_malformed_element_is_one_bad_record_and_reading_resumes(tmp_path):
    """A malformed object in the array is TL507 at the offending line; the next element is still read."""
    good = json.dumps(NEW, indent=2).replace("\n", "\n  ")
    text = "[\n  " + good + ",\n  {\n    \"id\": \"bad\",\n    \"date\": 2019-06-20,\n    \"event\": \"AID\"\n  },\n  " + \
        good + "\n]\n"
    events, rep = read_all(write(tmp_path / "p.json", text))
    assert len(events) == 2 and rep.bad_count == 1 and rep.accounted()
    (d,) = rep.bad
    bad_line = text.splitlines().index('    "date": 2019-06-20,') + 1
    assert d.code == "TL507" and d.span.line == bad_line and "line" in d.message


def test_truncated_array(tmp_path):
    """An array cut off in the middle of an element is TL505 at that element; the elements before it read."""
    text = json.dumps([NEW, OLD], indent=2)
    cut = text[: text.rindex('"event"')]
    events, rep = read_all(write(tmp_path / "p.json", cut), fmt="plover")
    assert len(events) == 1 and [d.code for d in rep.bad] == ["TL505"] and rep.accounted()


def test_array_never_closed(tmp_path):
    """Complete elements with no closing bracket: the elements read, and the missing `]` is TL505."""
    text = "[\n" + json.dumps(NEW) + ",\n" + json.dumps(OLD) + "\n"
    events, rep = read_all(write(tmp_path / "p.json", text), fmt="plover")
    assert len(events) == 2 and [d.code for d in rep.bad] == ["TL505"]


def test_missing_comma_and_trailing_text(tmp_path):
    """A missing comma between elements and text after the array are each reported (TL507); the elements
    themselves still read."""
    text = "[\n" + json.dumps(NEW) + "\n" + json.dumps(OLD) + "\n]\nextra\n"
    events, rep = read_all(write(tmp_path / "p.json", text), fmt="plover")
    assert len(events) == 2 and [d.code for d in rep.bad] == ["TL507", "TL507"] and rep.accounted()


def test_non_utf8_element(tmp_path):
    """An element with a line that is not UTF-8 is TL504; the array goes on."""
    first = json.dumps(dict(NEW, event_text="caf\xe9"), ensure_ascii=False).encode("latin-1")
    data = b"[\n" + first + b",\n" + json.dumps(OLD).encode() + b"\n]\n"
    events, rep = read_all(write(tmp_path / "p.json", data), fmt="plover")
    assert len(events) == 1 and [(d.code, d.span.line) for d in rep.bad] == [("TL504", 2)]


def test_the_container_does_not_depend_on_the_format_name(tmp_path):
    """`plover` and `plover-jsonl` read the same records from an array, JSON Lines or pretty-printed objects:
    a file holding one object named `plover` is read, not refused."""
    (e,), rep = read_all(write(tmp_path / "p.json", json.dumps(NEW) + "\n"), fmt="plover")
    assert e.actor == "IRN" and rep.accounted() and rep.bad_count == 0


def test_compact_single_line_array(tmp_path):
    """A compact array on one line reads element by element like a pretty-printed one."""
    events, rep = read_all(array_file(tmp_path, NEW, OLD, pretty=False))
    assert [e.code for e in events] == ["19", "072"] and rep.lines_read == 1


def test_roles_from_actor_codes_and_coded_counts(tmp_path):
    """The role codes after the country in an actor code become roles; a PLOVER record is one coded report."""
    rec = dict(NEW, actor=[{"code": "IRNGOVMIL"}], recipient=[{"code": "USAREB"}])
    (e,), _ = read_all(array_file(tmp_path, rec))
    assert e.actor_roles == ("GOV", "MIL") and e.target_roles == ("REB",)
    assert (e.coded, e.reports, e.sources) == (True, 1, 1)
