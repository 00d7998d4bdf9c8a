"""Properties of `treatylang diff` over generated clause files with readings.

Hypothesis draws a clause file with two contested questions (each with two
readings) whose statements are marked `under` readings in every place the
language allows — an instrument's `in force` (on a day, or on the last or
first ratification), `not in force`, `term`, `superseded by`, `withdrawn
by`, `terminated from`, `reinstated from`; a clause (two variants of one name under
different readings, or one variant under one reading); a permission that
may defeat a prohibition (in the same instrument, or in another through
`overrides`); rows of a derive table that a condition depends on — then a
timeline over that file's vocabulary (treatylang.testing.timelines) and two
choices of readings, and checks:

* **premises** (docs/semantics.md §15.3): every instance `diff` lists cites
  at least one premise it depends on that holds under one choice and not the
  other — so an instance whose premises agree under both is never listed;
* **symmetry**: comparing B with A lists the same instances, before and
  after swapped;
* **identity**: a choice compared with itself lists nothing.
"""

from __future__ import annotations

import datetime as _dt
import os

from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from treatylang.check.diff import diff_readings
from treatylang.model import load_model
from treatylang.model.readings import choose, differing, premises_of
from treatylang.testing.timelines import scenarios

# Question `s` marks only the derive table's contested row (as `s300_category`
# does), so that a flip of `s` alone is a change a derive row must explain.
READINGS = {"q": ("qa", "qb"), "r": ("ra", "rb"), "s": ("sa", "sb")}

HEADER = """
question q { reading qa default { held by "A" source "a" } reading qb { held by "B" source "b" } }
question r { reading ra default { held by "A" source "a" } reading rb { held by "B" source "b" } }
question s { reading sa default { held by "A" source "a" } reading sb { held by "B" source "b" } }

type system = w0 | w1 | w2
type register_category = tanks | missiles | outside

action strike
action supply(weapon: system, register: register_category)
"""

UNDERS = ("", " under qa", " under qb", " under ra", " under rb", " under qa, qb")
DATES = ("2001-01-01", "2003-06-01", "2005-01-01", "2006-12-15")  # all before any end (2007, 2008)


@st.composite
def _pair(draw, render):
    """One statement, unmarked or under one reading, or two under the two
    readings of one question (so no choice keeps both)."""
    kind = draw(st.sampled_from(("none", "plain", "one", "pair")))
    if kind == "none":
        return []
    if kind == "plain":
        return [render(draw, "")]
    if kind == "one":
        return [render(draw, draw(st.sampled_from(UNDERS[1:])))]
    q = draw(st.sampled_from(("q", "r")))
    a, b = READINGS[q]
    return [render(draw, f" under {a}"), render(draw, f" under {b}")]


def _date(draw) -> str:
    return draw(st.sampled_from(DATES))


@st.composite
def clause_files(draw) -> str:
    parts = [HEADER]
    rows = ["  w0 = tanks"]
    if draw(st.booleans()):  # the contested row, as in the S-300's
        rows += ["  w1 = outside under sa", "  w1 = missiles under sb"]
    else:
        rows += draw(_pair(lambda d, u: f"  w1 = {d(st.sampled_from(('tanks', 'missiles', 'outside')))}{u}"))
    if draw(st.booleans()):
        rows.append(f"  w2 = missiles{draw(st.sampled_from(UNDERS))}")
    parts.append("derive register from weapon {\n" + "\n".join(rows) + "\n}\n")
    for name, other in (("one", "two"), ("two", "one")):
        stmts = ["  parties RUS, IRN"]
        in_force = draw(st.sampled_from(("plain", "pair", "not", "ratification")))
        if in_force == "plain":
            stmts.append(f"  in force {_date(draw)}")
        elif in_force == "ratification":
            # §3.8: in force on the last (or first) ratification under one
            # reading, on a day under the other; IRN's may be undated.
            irn = draw(st.sampled_from(("", " 2002-0" + str(draw(st.integers(1, 9))) + "-01", " 2003")))
            stmts.append(f"  ratified by RUS 2001-0{draw(st.integers(1, 9))}-10, IRN{irn}")
            q = draw(st.sampled_from(("q", "r")))
            count = draw(st.sampled_from(("all", "1 parties")))
            when = draw(st.sampled_from(("on", "30 days after")))
            stmts.append(f"  in force {when} ratification by {count} under {READINGS[q][0]}")
            stmts.append(f"  in force {_date(draw)} under {READINGS[q][1]}")
        elif in_force == "pair":
            q = draw(st.sampled_from(("q", "r")))
            stmts.append(f"  in force {_date(draw)} under {READINGS[q][0]}")
            stmts.append(f"  not in force under {READINGS[q][1]}" if draw(st.booleans())
                         else f"  in force {_date(draw)} under {READINGS[q][1]}")
        else:
            stmts.append("  in force 2000-01-01")
        stmts += draw(_pair(lambda d, u: f"  superseded by {other} from 2008-0{d(st.integers(1, 9))}-01{u}"))
        stmts += draw(_pair(lambda d, u: f"  term {d(st.integers(3, 12))} years{u}"))
        if draw(st.booleans()):
            stmts.append(f"  withdrawn by RUS from 2006-0{draw(st.integers(1, 9))}-15{draw(st.sampled_from(UNDERS))}")
        end = draw(st.sampled_from(("none", "terminated", "reinstated")))
        if end == "terminated":  # §3.9, under a reading or not
            stmts.append(f"  terminated from 2007-0{draw(st.integers(1, 9))}-01{draw(st.sampled_from(UNDERS))}")
        elif end == "reinstated":  # the snapback's shape: a sure end, a contested return
            stmts.append(f"  terminated from 2007-0{draw(st.integers(1, 9))}-01")
            stmts.append(f"  reinstated from 2009-0{draw(st.integers(1, 9))}-01{draw(st.sampled_from(UNDERS))}")
        clauses = []
        for variant in draw(_pair(lambda d, u: u)) or [""]:
            window = draw(st.sampled_from(("", "\n      from 2004-01-01", "\n      until 2006-12-31")))
            clauses.append(f"    clause no_strike: each party P must not strike the other party{window}"
                           + (f"\n      {variant.strip()}" if variant else ""))
        clauses.append("    clause no_supply: any state must not supply to IRN\n      unless register is outside")
        perm_under = draw(st.sampled_from(UNDERS))
        target = draw(st.sampled_from(("no_supply", f"{other}.no_supply")))
        clauses.append(f"    clause allow_w1: RUS may supply to IRN\n      when weapon is w1\n      overrides {target}"
                       + (f"\n      {perm_under.strip()}" if perm_under else ""))
        body = "\n".join(stmts) + "\n\n  article a {\n    text en \"x\"\n\n" + "\n".join(clauses) + "\n  }"
        parts.append(f"instrument {name} treaty {{\n{body}\n}}\n")
    return "\n".join(parts)


_CACHE: dict[str, object] = {}


def _model(text: str, tmp):
    if text not in _CACHE:
        path = tmp / f"m{len(_CACHE)}.tl"
        path.write_text(text, encoding="utf-8")
        _CACHE[text] = load_model([path])
    return _CACHE[text]


choices = st.tuples(*(st.sampled_from(READINGS[q]) for q in "qrs"))


@st.composite
def two_choices(draw):
    """Two choices of readings; mostly differing in one question, sometimes
    in several, sometimes in none."""
    a = draw(choices)
    flip = draw(st.sampled_from(("q", "r", "s", "qr", "qrs", "")))
    b = tuple(READINGS[q][1 - READINGS[q].index(x)] if q in flip else x for q, x in zip("qrs", a))
    return a, b

# Like the differential test, more examples than the profile's default: a
# listed change needs a timeline that meets a premise, and most do not
# (`ci` 25 × 8 = 200, `dev` 100 × 2, `thorough` 2,000 × 2).
FACTOR = {"ci": 8, "dev": 2, "thorough": 2}
SETTINGS = settings(max_examples=settings.default.max_examples * FACTOR.get(os.environ.get("HYPOTHESIS_PROFILE",
                                                                                           "dev"), 2),
                    deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                          HealthCheck.function_scoped_fixture])


def _timeline(draw, model):
    return draw(scenarios(model, max_events=12, start=_dt.date(2000, 1, 1), end=_dt.date(2010, 12, 31),
                          imprecise_dates=True, notices=True))


@SETTINGS
@given(st.data())
def test_diff_lists_only_instances_whose_premises_differ(tmp_path_factory, data):
    """Every instance `diff` lists depends on a statement under a reading that
    holds under one choice and not the other; so when the two choices agree
    on every premise of a clause, no instance of it is listed."""
    text = data.draw(clause_files())
    model = _model(text, tmp_path_factory.getbasetemp())
    sc = _timeline(data.draw, model)
    a, b = data.draw(two_choices())
    note(text)
    note(f"A = {a}, B = {b}")
    d = diff_readings(model, sc.instruments, sc.events, sc.declared, sc.as_of, a, b)
    ca, cb = choose(model, a), choose(model, b)
    for c in d.changes:
        assert c.premises, f"{c.clause_id} {c.binding} listed ({c.before} → {c.after}) with no premise that differs"
        assert set(c.premises) <= set(differing(premises_of(model, c.clause_id), ca, cb))


@SETTINGS
@given(st.data())
def test_diff_is_symmetric_and_a_choice_against_itself_is_empty(tmp_path_factory, data):
    """diff(A, B) and diff(B, A) list the same instances with before and
    after swapped; diff(A, A) lists nothing."""
    text = data.draw(clause_files())
    model = _model(text, tmp_path_factory.getbasetemp())
    sc = _timeline(data.draw, model)
    a, b = data.draw(two_choices())
    ab = diff_readings(model, sc.instruments, sc.events, sc.declared, sc.as_of, a, b)
    ba = diff_readings(model, sc.instruments, sc.events, sc.declared, sc.as_of, b, a)
    assert {(c.clause_id, c.binding, c.before, c.after) for c in ab.changes} == \
        {(c.clause_id, c.binding, c.after, c.before) for c in ba.changes}
    aa = diff_readings(model, sc.instruments, sc.events, sc.declared, sc.as_of, a, a)
    assert aa.changes == ()
