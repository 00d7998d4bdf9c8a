"""Without Spark: how files are cut into byte ranges (where a later range
needs the file's first lines, its header, fed to the parser first, and when
a file is read whole instead), and the compact form events leave a reading
task in."""

from __future__ import annotations

import pickle

from treatylang.spark.chunks import plan_chunks

ROW = b"2003-01-01,RUS,IRN,072\n"


def test_a_csv_is_cut_with_its_header_as_prefix(tmp_path):
    """A plain CSV larger than two ranges is cut into ranges covering every
    byte once; every range after the first is preceded by the header line."""
    path = tmp_path / "e.csv"
    path.write_bytes(b"date,actor,target,code\n" + ROW * 200)
    chunks = plan_chunks([str(path)], ["csv"], chunk_bytes=1000)
    assert len(chunks) > 2
    assert [c.prefix for c in chunks] == [0] + [1] * (len(chunks) - 1)
    assert chunks[0].start == 0 and chunks[-1].end == path.stat().st_size
    assert all(a.end == b.start for a, b in zip(chunks, chunks[1:]))


def test_a_csv_whose_header_ends_after_the_first_range_is_read_whole(tmp_path):
    """Blank lines before the header pushing it past the first range: a
    later range would hold lines of its own prefix (read twice), so the file
    is one task."""
    path = tmp_path / "e.csv"
    path.write_bytes((b" " * 99 + b"\n") * 20 + b"date,actor,target,code\n" + ROW * 200)
    chunks = plan_chunks([str(path)], ["csv"], chunk_bytes=1000)
    assert [(c.start, c.end, c.prefix) for c in chunks] == [(None, None, 0)]


def test_an_event_packed_for_the_hand_off_comes_back_equal():
    """The compact form a reading task sends an event in gives back an equal
    event, field for field, provenance and other reports included (the
    report prints those)."""
    import datetime as dt

    from treatylang.events.model import Event, Provenance
    from treatylang.spark.parse import pack_event, unpack_event

    e = Event(dt.date(2003, 1, 1), "RUS", "IRN", "072", None, (("plover_event", "AID"),), dt.date(2003, 1, 31),
              "month", "12:30", 7, Provenance("f.csv", 9, "http://x", (("id", "e9"),)),
              (Provenance("g.csv", 3),), ("GOV",), ("MIL",), True, 4, 2)
    back = unpack_event(pack_event(e))
    assert back == e
    assert [getattr(back, a) for a in ("provenance", "also_reported")] == [e.provenance, e.also_reported]
    assert len(pack_event(e)) < len(pickle.dumps(e))
