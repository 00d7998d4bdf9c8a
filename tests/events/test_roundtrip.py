"""Round trip: generated events → written as CSV / JSON Lines → read back → equal.

The strategy generates events in the readers' normal form (what reading
produces): precise dates have ``last_day=None``, imprecise ones the last day
of their month or year; attributes are sorted, non-empty, and never named like
a column; the code is a known CAMEO code or absent (then an action is given);
``seq`` is the record number the event will have in the written file.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io

import attrs
from hypothesis import given
from hypothesis import strategies as st

from treatylang.events import Event, Provenance, open_events
from treatylang.events.cameo import codebook
from treatylang.events.writers import COLUMNS, write_csv, write_jsonl

CODES = sorted(codebook().codes)
# Printable text with the characters CSV must quote: commas, quotes, line ends (and tabs).
TEXT = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs"), include_characters=',"\n\r\t'),
               min_size=1, max_size=12)
LOWER = "abcdefghijklmnopqrstuvwxyz"
CODE_WORD = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3)
ATTR_NAME = st.builds(str.__add__, st.sampled_from(LOWER), st.text(LOWER + "_", max_size=8)).filter(
    lambda n: n not in COLUMNS)
ACTION = st.builds(str.__add__, st.sampled_from(LOWER), st.text(LOWER + "_", max_size=12))
IDENT = st.text(LOWER + "0123456789-", min_size=1, max_size=10)
TIME = st.times().map(lambda t: t.strftime("%H:%M") if t.second == 0 else t.strftime("%H:%M:%S"))
SOURCE = TEXT.map(str.strip).filter(bool)
ATTRS = st.dictionaries(ATTR_NAME, TEXT, max_size=3)
DAYS = st.dates(min_value=dt.date(1979, 1, 1), max_value=dt.date(2030, 12, 31))


@st.composite
def day_ranges(draw):
    """(day, last_day, precision) in the readers' normal form."""
    precision = draw(st.sampled_from(["day", "day", "month", "year"]))
    day = draw(DAYS)
    if precision == "month":
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1]), "month"
    if precision == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), "year"
    return day, None, "day"


@st.composite
def plain_events(draw) -> Event:
    """One event that the plain formats can hold exactly (seq set later)."""
    day, last_day, precision = draw(day_ranges())
    code = draw(st.none() | st.sampled_from(CODES))
    action = draw(ACTION) if code is None else draw(st.none() | ACTION)
    attrs_ = draw(ATTRS)
    time = draw(st.none() | TIME)
    ident = draw(st.none() | IDENT)
    source = draw(st.none() | SOURCE)
    return Event(
        day=day,
        actor=draw(CODE_WORD),
        target=draw(st.none() | CODE_WORD),
        code=code,
        action=action,
        attrs=tuple(sorted(attrs_.items())),
        last_day=last_day,
        precision=precision,
        time=time,
        provenance=Provenance("<generated>", 0, source, (("id", ident),) if ident else ()),
    )


def _numbered(events: list[Event], first_seq: int) -> list[Event]:
    return [attrs.evolve(e, seq=first_seq + i) for i, e in enumerate(events)]


def _read(path) -> tuple[list[Event], object]:
    reader = open_events(str(path))
    return list(reader), reader.report


@given(st.lists(plain_events(), min_size=1, max_size=8))
def test_csv_round_trip(tmp_path_factory, events):
    """write_csv then reading the file gives back equal events (the header is record 1, so the events are
    records 2…), with their ids and sources in provenance, and nothing skipped or bad."""
    events = _numbered(events, 2)
    path = tmp_path_factory.mktemp("rt") / "events.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        write_csv(events, f)
    got, rep = _read(path)
    assert got == events
    assert [(g.provenance.ids, g.provenance.source) for g in got] == [(e.provenance.ids, e.provenance.source)
                                                                      for e in events]
    assert rep.bad_count == 0 and rep.good == len(events) and rep.accounted()


@given(st.lists(plain_events(), min_size=1, max_size=8))
def test_jsonl_round_trip(tmp_path_factory, events):
    """write_jsonl then reading the file gives back equal events (records 1…), provenance included."""
    events = _numbered(events, 1)
    path = tmp_path_factory.mktemp("rt") / "events.jsonl"
    with open(path, "w", encoding="utf-8", newline="") as f:
        write_jsonl(events, f)
    got, rep = _read(path)
    assert got == events
    assert [(g.provenance.ids, g.provenance.source) for g in got] == [(e.provenance.ids, e.provenance.source)
                                                                      for e in events]
    assert rep.bad_count == 0 and rep.accounted()


def test_writer_refuses_an_attribute_named_like_a_column():
    """An attribute called `date` cannot be written as a column: the writer raises rather than lose it."""
    e = Event(dt.date(2001, 3, 12), "RUS", "IRN", "040", attrs=(("date", "x"),))
    try:
        write_jsonl([e], io.StringIO())
    except ValueError as err:
        assert "date" in str(err)
    else:
        raise AssertionError("expected ValueError")
