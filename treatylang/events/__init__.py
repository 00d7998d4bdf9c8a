"""Events: the normalised, dated facts that clauses are checked against.

`open_events` reads any supported event file (CSV, JSON Lines, GDELT 1.0 /
2.0, ICEWS, PLOVER) as a stream of `Event`s with a `ReadReport`; `cameo` and
`plover` hold the shipped code tables. See docs/event-data.md.
"""

from .model import Event, Provenance
from .reader import FORMATS, EventReader, ReadReport, detect_format, open_events

__all__ = ["Event", "Provenance", "FORMATS", "EventReader", "ReadReport", "detect_format", "open_events"]
