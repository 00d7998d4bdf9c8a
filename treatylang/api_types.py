"""The classes the public API (treatylang.api) returns: `CheckResult` (what
`check` found, with the JSON report as `to_dict()`, the memo, tables) and
`TestRun` (scenario expectations run as tests)."""

from __future__ import annotations

from typing import Sequence

from .check.results import Finding, Verdict
from .diagnostics import Diagnostic
from .events import ReadReport
from .report import CheckRun
from .scenarios.runner import Coverage, ScenarioOutcome, coverage as _coverage


class CheckResult:
    """What `check` found: one `CheckRun` per timeline (`runs`: the
    evaluator's `Result`, the model, notes), plus what the command line
    shows on stderr — scenario `warnings` and the first `bad_rows` of an
    event file (`read_report` counts them all).

    `to_dict()` is the JSON report (docs/report.schema.json) exactly as
    `treatylang check --format json` prints it; `to_text()` the memo."""

    def __init__(self, runs: Sequence[CheckRun], warnings: Sequence[Diagnostic] = (),
                 bad_rows: Sequence[Diagnostic] = (), read_report: ReadReport | None = None) -> None:
        self.runs = tuple(runs)
        self.warnings = tuple(warnings)
        self.bad_rows = tuple(bad_rows)
        self.read_report = read_report

    def __repr__(self) -> str:
        return f"<CheckResult {len(self.runs)} timeline{'s' * (len(self.runs) != 1)}: {self.summary}>"

    @property
    def compliant(self) -> bool:
        """No verdict of any timeline is `violated`."""
        return all(r.result.compliant for r in self.runs)

    @property
    def verdicts(self) -> tuple[Verdict, ...]:
        """Every verdict (clause instance) of every timeline, in report order."""
        return tuple(v for r in self.runs for v in r.result.verdicts)

    @property
    def violations(self) -> tuple[tuple[Verdict, Finding], ...]:
        """(verdict, finding) for every violation finding."""
        return tuple((v, f) for v in self.verdicts if v.status == "violated" for f in v.violations())

    @property
    def summary(self) -> str:
        """``2 violated, 6 pending — 2 violations by RUS`` (per timeline, joined by `; `)."""
        from .report import summary_line

        return "; ".join(summary_line(r.result, r.event_file.bad_count if r.event_file else 0) for r in self.runs)

    def to_dict(self) -> dict:
        """The JSON report as a dict (what `--format json` prints)."""
        from .report.json_report import to_dict

        return to_dict(list(self.runs))

    def to_json(self) -> str:
        """The JSON report's text (deterministic bytes, trailing newline)."""
        from .report.json_report import render

        return render(list(self.runs))

    def to_text(self) -> str:
        """The analyst's memo (what `--format text` prints)."""
        from .report.text import render

        return render(list(self.runs))

    def to_html(self) -> str:
        """The self-contained HTML page (what `--format html` prints)."""
        from .report.html import render

        return render(list(self.runs))

    def write(self, out, format: str = "text") -> None:
        """Write the report in `format` ("text", "json" or "html") to the
        text stream `out`; the memo and the JSON are written streaming."""
        from .report import write_document
        from .report.document import to_dict

        write_document(to_dict(list(self.runs)), format, out)

    def verdict_rows(self) -> list[dict]:
        """One flat dict per verdict: source, instrument, article, clause,
        status, binding, blame, deadline, number of findings."""
        return [{"source": r.source, "instrument": v.instrument, "article": v.article, "clause": v.clause,
                 "clause_id": v.clause_id, "status": v.status, "binding": _binding(v), "blame": ", ".join(v.blame),
                 "deadline": v.deadline, "open": v.open, "findings": len(v.findings)}
                for r in self.runs for v in r.result.verdicts]

    def finding_rows(self) -> list[dict]:
        """One flat dict per finding: the verdict it belongs to, its kind,
        day and reason, and the event with its provenance (file, line,
        source)."""
        rows = []
        for r in self.runs:
            for v in r.result.verdicts:
                for f in v.findings:
                    e = f.event
                    rows.append({
                        "source": r.source, "clause_id": v.clause_id, "status": v.status, "binding": _binding(v),
                        "kind": f.kind, "day": f.day, "reason": f.reason,
                        "event_date": e.date if e else None, "actor": e.actor if e else None,
                        "target": e.target if e else None, "what": e.what if e else None,
                        "file": e.file if e else None, "line": e.line if e else None,
                        "event_source": e.source if e else None,
                    })
        return rows

    def to_pandas(self, what: str = "findings"):
        """A pandas DataFrame of `finding_rows()` (or, with
        ``what="verdicts"``, of `verdict_rows()`). Needs pandas."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError("CheckResult.to_pandas needs pandas (pip install pandas); "
                              "finding_rows() gives the same table as dicts") from None
        if what not in ("findings", "verdicts"):
            raise ValueError(f"what must be 'findings' or 'verdicts', not {what!r}")
        rows = self.finding_rows() if what == "findings" else self.verdict_rows()
        cols = list(rows[0]) if rows else list(_EMPTY_COLUMNS[what])
        return pd.DataFrame(rows, columns=cols)

    def _repr_html_(self) -> str:
        """A notebook's view: the summary line and a table of verdicts."""
        from html import escape

        head = "<tr>" + "".join(f"<th>{h}</th>" for h in ("clause", "binding", "status", "blame", "findings")) + "</tr>"
        body = "".join(
            f"<tr><td>{escape(row['clause_id'])}</td><td>{escape(row['binding'])}</td>"
            f"<td>{escape(row['status'])}</td><td>{escape(row['blame'])}</td><td>{row['findings']}</td></tr>"
            for row in self.verdict_rows())
        return (f"<p><b>treatylang check</b>: {escape(self.summary)}</p>"
                f"<table><thead>{head}</thead><tbody>{body}</tbody></table>")


_EMPTY_COLUMNS = {
    "findings": ("source", "clause_id", "status", "binding", "kind", "day", "reason", "event_date", "actor",
                 "target", "what", "file", "line", "event_source"),
    "verdicts": ("source", "instrument", "article", "clause", "clause_id", "status", "binding", "blame",
                 "deadline", "open", "findings"),
}


def _binding(v: Verdict) -> str:
    return ", ".join(f"{k} = {val}" for k, val in v.binding)


class TestRun:
    """Scenario files run as tests: `outcomes` (one `ScenarioOutcome` per
    file, in a stable order), load problems in `errors`."""

    __test__ = False  # not a pytest test class

    def __init__(self, outcomes: Sequence[ScenarioOutcome]) -> None:
        self.outcomes = tuple(outcomes)

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for o in self.outcomes for d in o.errors)

    @property
    def passed(self) -> bool:
        return bool(self.outcomes) and all(o.ok for o in self.outcomes)

    def coverage(self) -> Coverage:
        """Which checkable clauses the scenarios exercised."""
        return _coverage(self.outcomes)

    def to_junit(self) -> str:
        """JUnit XML (one testsuite per scenario, one testcase per expectation)."""
        from .report.junit import render_junit

        return render_junit(list(self.outcomes))
