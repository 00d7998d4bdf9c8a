"""A role (a third participant of an act, issue 14) is read from the event
attribute of its name — in an event file, the column of that name — on every
executor; where the file has no such value it is unknown, never guessed."""

from pathlib import Path

import pytest

from treatylang import api

ROOT = Path(__file__).resolve().parents[2]
SINO = ROOT / "examples" / "sino_russian_2001.tl"
CLAUSE = "cn_ru_2001.no_territory_for_third_states"

ROWS = """date,actor,target,action,user,id,source
2016-05-01,CHN,RUS,allow_use_of_territory,USA,h1,hypothetical
2016-06-01,RUS,CHN,allow_use_of_territory,CHN,h2,hypothetical
2016-07-01,RUS,CHN,allow_use_of_territory,,h3,hypothetical
"""


def _statuses(result):
    """P -> (status, [(finding kind, line of its event)])."""
    return {dict(v.binding)["P"]: (v.status, [(f.kind, f.event.line) for f in v.findings])
            for v in result.verdicts if v.clause_id == CLAUSE}


@pytest.mark.parametrize("engine", ["python", "duckdb"])
def test_user_column_is_the_role(tmp_path, engine):
    """`user=USA` (a third state): the act meets the checkable part, so it is
    `unknown` (the effect is not judged); `user=CHN` (the other party itself):
    outside the clause, no finding; an empty `user`: it may be a third state,
    so `unknown` — the same on the Python reader and the DuckDB executor."""
    if engine == "duckdb":
        pytest.importorskip("duckdb", reason="the DuckDB executor needs the duckdb package")
    events = tmp_path / "events.csv"
    events.write_text(ROWS, encoding="utf-8")
    r = api.check([str(SINO)], events=str(events), as_of="2016-12-31", engine=engine)
    got = _statuses(r)
    assert got["CHN"] == ("unknown", [("unknown", 2)])
    assert got["RUS"] == ("unknown", [("unknown", 4)])  # line 3: the user is the other party
