"""Acts and reports (docs/semantics.md §2.1).

A line of a scenario file or a row of a plain CSV/JSON Lines file is a fact
the analyst asserts: one row, one act. A row of GDELT, ICEWS or PLOVER is a
machine-coded *report* of a possible act (`Event.coded`), and several rows
often report the same act. The evaluator merges the reports of one act —
same day (or imprecise range), time, actor, target, CAMEO code or action,
PLOVER description and actor roles — into one act that keeps every report's
provenance as evidence.

How much stands behind an act is counted conservatively, as a lower bound:
rows may repeat one article, and GDELT's counts are per row.

* reports: the most articles any one row counts (GDELT NumArticles), or the
  number of rows with distinct sources (URLs, story ids), whichever is more;
* sources: the most sources any one row counts (GDELT NumSources), or the
  number of distinct source hosts among the rows, whichever is more;
* days: the number of distinct days on which the rows were published
  (GDELT DATEADDED; one where the data does not say).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import attrs

from ..events.model import Event, Provenance

# Attributes that describe *what* was reported (part of an act's identity),
# as opposed to metadata about one report (mentions, tone, date added…).
IDENTITY_ATTRS = ("plover_event", "plover_mode", "plover_context")


class Acts:
    """The kept events, with coded reports of one act merged."""

    __slots__ = ("asserted", "coded", "count", "reports")

    def __init__(self) -> None:
        self.asserted: list[tuple[Event, tuple[str, ...]]] = []
        self.coded: dict[tuple, tuple[list[Event], tuple[str, ...]]] = {}
        self.count = 0  # acts
        self.reports = 0  # rows behind them

    def add(self, e: Event, actions: tuple[str, ...]) -> None:
        self.reports += 1
        if not e.coded:
            self.asserted.append((e, actions))
            self.count += 1
            return
        key = (e.day, e.last_day, e.time, e.actor, e.target, e.code, e.action, e.actor_roles, e.target_roles,
               tuple(a for a in e.attrs if a[0] in IDENTITY_ATTRS))
        got = self.coded.get(key)
        if got is None:
            self.coded[key] = ([e], actions)
            self.count += 1
        else:
            got[0].append(e)

    def merged(self) -> list[tuple[Event, tuple[str, ...], int]]:
        """Every act: asserted facts as given, coded acts merged; with the
        number of distinct days on which its reports were published."""
        out = [(e, actions, 1) for e, actions in self.asserted]
        for reports, actions in self.coded.values():
            out.append((merge(reports), actions, report_days(reports)))
        return out


def source_id(p: Provenance) -> str:
    """What tells one report from another: its source (URL), else its ids, else its row."""
    if p.source:
        return p.source
    if p.ids:
        return repr(p.ids)
    return f"{p.file}:{p.line}"


def host(source: str | None) -> str | None:
    if not source:
        return None
    if "://" in source:
        return urlsplit(source).netloc.lower() or source
    return source


def merge(reports: list[Event]) -> Event:
    """One act from its reports: the first report (in file order) stands for
    it, the others are its `also_reported` evidence, and `reports`,
    `sources` count what stands behind it (module docstring)."""
    if len(reports) == 1 and not reports[0].also_reported:
        return reports[0]
    reports = sorted(reports, key=lambda e: (e.provenance.file, e.provenance.line, e.seq))
    first = reports[0]
    provs = []
    for e in reports:
        for p in (e.provenance,) + tuple(e.also_reported):
            if p not in provs:
                provs.append(p)
    n_reports = max(max(e.reports for e in reports), len({source_id(p) for p in provs}))
    hosts = {h for p in provs if (h := host(p.source)) is not None}
    n_sources = max(max(e.sources for e in reports), len(hosts))
    return attrs.evolve(first, also_reported=tuple(provs[1:]), reports=n_reports, sources=n_sources)


def report_days(reports: list[Event]) -> int:
    """On how many distinct days the reports were published: GDELT's
    DATEADDED (the `date_added` attribute, YYYYMMDDhhmmss), else one."""
    days = {added[:8] for e in reports if (added := e.attr("date_added"))}
    return max(1, len(days))
