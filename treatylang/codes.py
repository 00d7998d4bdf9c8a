"""The catalogue of diagnostic codes. Codes are stable: never renumber one.

Ranges (each owned by one layer of the pipeline):

* TL0xx  usage and I/O (missing file, unreadable file, bad option)
* TL1xx  clause-file syntax
* TL2xx  names and resolution (clause files)
* TL3xx  static checks on the treaty model (lint)
* TL4xx  scenario files
* TL5xx  event data (CSV/JSONL/GDELT/ICEWS/PLOVER rows)
* TL9xx  internal errors (always a bug in treatylang)
"""

from __future__ import annotations

# code -> (default severity, short title). The title is documentation; the
# message of each diagnostic says what is wrong in that instance.
CODES: dict[str, tuple[str, str]] = {
    # --- usage and I/O -------------------------------------------------
    "TL001": ("error", "file not found"),
    "TL002": ("error", "file not readable (permissions, directory, or not UTF-8)"),
    "TL003": ("error", "unknown instrument id"),
    "TL004": ("error", "bad command-line option value"),
    "TL005": ("error", "nothing to check"),
    # usage (tooling, issue 12: TL020–029)
    "TL020": ("warning", "nothing was checked: --as-of is before every event, --from/--to leave out every event, "
                         "or the event file yields none"),
    "TL021": ("error", "an event file given where an instrument or scenario belongs (use --events)"),
    "TL022": ("error", "an optional dependency is not installed (e.g. the lsp extra for `treatylang lsp`)"),
    # --- reports (treatylang report RUN.json) --------------------------------
    "TL050": ("error", "saved report is not JSON"),
    "TL051": ("error", "not a treatylang report (no schema_version 1.x)"),
    "TL052": ("error", "saved report lacks what rendering needs (written by an older treatylang, or edited)"),
    # hardening (issue 15): TL006–019
    "TL006": ("error", "file larger than the size limit"),
    "TL007": ("error", "not a regular file (a FIFO, device or socket)"),
    "TL008": ("error", "a file named inside a file is outside the folders it may read"),
    # plan, SQL and executors (plan, issue 10: TL040–049)
    "TL040": ("error", "printing SQL needs the sqlglot package (pip install 'treatylang[sql]')"),
    "TL041": ("error", "bad `treatylang sql` options (a file for a dialect that reads tables)"),
    "TL042": ("error", "--engine duckdb needs the duckdb package (pip install 'treatylang[duckdb]')"),
    # the Spark executor (spark, issue 10: TL043–049)
    "TL043": ("error", "--engine spark needs the pyspark package (pip install 'treatylang[spark]')"),
    "TL044": ("error", "Spark cannot start (no Java 17, or the JVM failed to start)"),
    # --- clause-file syntax ----------------------------------------------
    "TL101": ("error", "syntax error: unexpected token"),
    "TL102": ("error", "syntax error: unexpected character"),
    "TL103": ("error", "syntax error: unexpected end of file"),
    "TL104": ("error", "unterminated string"),
    "TL105": ("error", "invalid date"),
    "TL106": ("error", "invalid CAMEO code literal"),
    "TL107": ("error", "invalid duration"),
    "TL108": ("error", "missing colon after clause name"),
    "TL109": ("error", "unbalanced braces"),
    "TL110": ("error", "modality missing (must / must not / may)"),
    "TL111": ("error", "statement not allowed here"),
    "TL112": ("error", "duplicate statement"),
    "TL113": ("error", "invalid instrument kind"),
    # trust (issue 8): TL114–119
    "TL114": ("error", "invalid `corroborated by` count"),
    # clause-file syntax (tooling, issue 12: TL125–129)
    "TL125": ("warning", "clause file declares nothing (empty, or only comments)"),
    # language (issue 14): TL130–149
    "TL130": ("error", "a trigger's actor cannot bind a variable"),
    # hardening (issue 15): TL120–124
    "TL120": ("warning", "a term runs past the supported date range"),
    # --- names and resolution ------------------------------------------------
    "TL201": ("error", "undefined action"),
    "TL202": ("error", "undefined situation"),
    "TL203": ("error", "undefined variable"),
    "TL204": ("error", "duplicate name"),
    "TL205": ("error", "wrong number of situation arguments"),
    "TL206": ("error", "undefined attribute"),
    "TL207": ("error", "value not allowed for attribute"),
    "TL208": ("error", "undefined instrument"),
    "TL209": ("error", "undefined clause"),
    "TL210": ("error", "import not found"),
    "TL211": ("error", "import cycle"),
    "TL212": ("error", "'the other party' needs exactly one party variable in scope"),
    "TL213": ("error", "undefined type"),
    "TL214": ("error", "unknown state code"),
    "TL215": ("error", "variable used with the wrong kind"),
    # trust (issue 8): TL216–219
    "TL216": ("error", "not a CAMEO role code"),
    "TL217": ("error", "`actor roles`, `target roles` or `corroborated by` given twice"),
    "TL220": ("error", "not a known state code (a party, actor or set member)"),
    "TL221": ("error", "a former state's code on a date it did not exist"),
    # language (issue 14): TL230–249
    "TL230": ("error", "situation start that leaves a parameter unbound"),
    "TL231": ("error", "set member that is neither a state code nor a set"),
    "TL232": ("error", "set that contains itself"),
    "TL233": ("error", "set named like a keyword or a state code"),
    "TL234": ("error", "undefined set"),
    "TL235": ("warning", "a deadline counted from the start of a situation that never starts"),
    "TL236": ("error", "`the parties` anywhere but the subject of a norm"),
    "TL237": ("error", "an actor where the attribute is not a role, or bound under a negation"),
    "TL238": ("error", "`hold` other than in a prohibition whose subject holds the state"),
    "TL239": ("error", "an instrument prevailing over itself, or two over each other"),
    # readings (issue 13: TL250–269)
    "TL250": ("error", "undefined reading"),
    "TL251": ("error", "`under` names readings of different questions"),
    "TL252": ("error", "a question without exactly one default reading"),
    "TL253": ("error", "a question with fewer than two readings"),
    "TL254": ("error", "two readings of one question chosen"),
    "TL255": ("error", "derive table on attributes no action declares together"),
    "TL256": ("error", "derive table with two rows for one key under one choice of readings"),
    "TL257": ("error", "reading without `held by` or `source`"),
    "TL258": ("error", "party words in an instrument that binds all states"),
    "TL259": ("error", "entry into force on more ratifications than there are parties"),
    "TL260": ("error", "reinstated without having ended"),
    # --- static checks (lint) ------------------------------------------------
    "TL301": ("error", "unknown CAMEO code"),
    "TL302": ("warning", "clause window can never open"),
    "TL303": ("warning", "double bind: obligation and prohibition on the same action"),
    "TL304": ("warning", "permission defeats no prohibition"),
    "TL305": ("warning", "unknown PLOVER event type"),
    "TL306": ("error", "declaratory text on a checkable clause"),
    "TL307": ("warning", "binding treaty has no entry into force"),
    "TL308": ("warning", "article has no source text"),
    "TL309": ("error", "dates out of order"),
    "TL310": ("warning", "unused action"),
    "TL311": ("error", "obligation without a deadline"),
    "TL312": ("error", "a deadline on a prohibition or permission"),
    "TL313": ("error", "an obligation with both `by` and `within`"),
    "TL314": ("warning", "`except`/`overrides` names a clause on another action"),
    # language (issue 14): TL330–349
    "TL340": ("warning", "`lex posterior` claimed by the earlier instrument"),
    "TL341": ("warning", "a priority between instruments never in force together"),
    "TL342": ("warning", "a priority that can change no verdict"),
    # readings (issue 13: TL350–369)
    "TL350": ("warning", "a value of a derive table's source with no row"),
    "TL351": ("warning", "a question no statement depends on"),
    # --- scenario files -------------------------------------------------------
    "TL401": ("error", "scenario syntax error"),
    "TL402": ("error", "unknown action or CAMEO code in event"),
    "TL403": ("error", "undefined clause in expectation"),
    "TL404": ("error", "scenario names no instrument"),
    "TL405": ("error", "invalid date or time in scenario"),
    "TL406": ("error", "unknown situation or wrong arity in declaration"),
    "TL407": ("warning", "events out of order in the file"),
    "TL408": ("error", "instrument named by `check` not found"),
    "TL409": ("error", "ambiguous clause name in expectation"),
    "TL410": ("error", "expectation parts that do not fit its status"),
    "TL411": ("warning", "attribute not declared for the event's action"),
    "TL412": ("error", "attribute value not allowed by its type"),
    "TL413": ("error", "given twice in a scenario"),
    "TL414": ("error", "dated after the end of the timeline (`as of`)"),
    # trust (issue 8): TL415–419
    "TL415": ("error", "an event's role that is not a CAMEO role code"),
    # events (issue 9): TL420–424
    "TL420": ("warning", "scenario actor or target is not a known state code"),
    "TL421": ("warning", "scenario names a former state on a day it did not exist"),
    "TL422": ("note", "RUS before 1992: GDELT codes the Soviet Union as RUS"),
    # language (issue 14): TL440–449
    "TL440": ("error", "expectation binds a variable the clause's instances do not have"),
    # readings in scenarios (issue 13: TL450–459)
    "TL450": ("error", "undefined reading in a scenario"),
    "TL451": ("error", "two readings of one question in a scenario's `reading` line or an expectation"),
    # --- event data -------------------------------------------------------------
    "TL501": ("error", "wrong number of columns"),
    "TL502": ("error", "bad date"),
    "TL503": ("error", "unknown CAMEO code"),
    "TL504": ("error", "bytes that are not UTF-8"),
    "TL505": ("error", "truncated last line"),
    "TL506": ("error", "missing required field"),
    "TL507": ("error", "malformed JSON"),
    "TL508": ("error", "unrecognised event file format"),
    "TL509": ("warning", "no usable actor or target"),
    "TL510": ("error", "unknown country name"),
    "TL511": ("error", "bad event file header (a required column missing or repeated)"),
    "TL512": ("error", "field of the wrong type or shape"),
    # trust (issue 8): TL513–515
    "TL513": ("error", "an attribute value that does not fit the type its action declares"),
    "TL516": ("error", "an optional dependency is missing (pyarrow, for Parquet and Arrow files)"),
    "TL517": ("error", "not a table events can be read from (events_from_frame)"),
    "TL518": ("error", "an event file in UTF-16 or UTF-32, not UTF-8"),
    "TL519": ("error", "an event file whose lines end in CR alone"),
    "TL520": ("error", "a zip archive holding more than one file"),
    # hardening (issue 15): TL530–539
    "TL530": ("error", "record longer than the size limit"),
    "TL531": ("error", "compressed data expands beyond the ratio limit"),
    # --- internal ---------------------------------------------------------------
    "TL901": ("error", "internal error (a bug in treatylang)"),
}


def severity_of(code: str) -> str:
    """Default severity of a code ('error' for unknown codes, which are bugs)."""
    return CODES.get(code, ("error", ""))[0]
