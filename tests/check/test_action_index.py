"""Which declared actions an event is an instance of (check/matching.py)."""

import datetime as dt

import pytest

from treatylang.check.matching import ActionIndex
from treatylang.events.model import Event
from treatylang.model import load_model

VOCAB = """
action use_force cameo 18, 19, 20 plover ASSAULT
action assist cameo 062, 072
action aid_plover plover AID/military
action ceasefire plover RETREAT/ceasefire
action contract
"""


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    path = tmp_path_factory.mktemp("vocab") / "v.tl"
    path.write_text(VOCAB, encoding="utf-8")
    return ActionIndex(load_model([path]))


def event(code=None, action=None, **attrs):
    return Event(dt.date(2003, 1, 1), "RUS", "USA", code=code, action=action, attrs=tuple(sorted(attrs.items())))


@pytest.mark.parametrize("code, actions", [
    ("19", ("use_force",)),          # a root code is covered by itself
    ("190", ("use_force",)),         # `19` covers its sub-codes
    ("1384", ()),                    # 138 is not among 18, 19, 20
    ("072", ("aid_plover", "assist")),  # CAMEO 072 → PLOVER AID/military bridges to a PLOVER-only action
    ("073", ()),                     # humanitarian aid: neither
])
def test_cameo_prefixes_and_crosswalk(index, code, actions):
    """A CAMEO-coded event matches actions whose codes cover it, and PLOVER-only
    actions through the crosswalk."""
    assert index.for_event(event(code=code)) == actions


def test_plover_does_not_widen_a_cameo_mapping(index):
    """CAMEO 1712 (destroy property) is PLOVER ASSAULT, but `use_force` declares
    CAMEO codes, so a CAMEO-coded 1712 is judged by them and does not match."""
    assert index.for_event(event(code="1712")) == ()


def test_plover_events_match_by_mode_or_context(index):
    """A PLOVER-described event matches PLOVER types; the qualifier may be the
    mode (RETREAT/ceasefire) or a context (AID/military)."""
    assert index.for_event(event(plover_event="RETREAT", plover_mode="ceasefire")) == ("ceasefire",)
    assert index.for_event(event(plover_event="AID", plover_context="economic;military")) == ("aid_plover",)
    assert index.for_event(event(plover_event="AID", plover_context="humanitarian")) == ()


def test_plover_event_reaches_cameo_only_action_through_its_code(index):
    """A PLOVER event whose reader derived CAMEO 072 matches the CAMEO-only
    action `assist` through that code."""
    assert "assist" in index.for_event(event(code="072", plover_event="AID", plover_context="military"))


def test_named_action_is_itself(index):
    """An event written with an action name is that action, whatever its code."""
    assert index.for_event(event(action="contract", code="190")) == ("contract",)
