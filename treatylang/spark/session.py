"""The Spark session a check runs in.

`session()` returns the active session when there is one (under
`spark-submit`, in a notebook, or a session the caller made), else starts
one in local mode: `local[*]` unless TREATYLANG_SPARK_MASTER names another
master, the UI off, a few shuffle partitions (the check shuffles only the
admitted events), Arrow on. Executors run the same Python as the driver
(PYSPARK_PYTHON defaults to it), so they import the same treatylang.

Missing pieces are diagnostics, never tracebacks: TL043 when pyspark is not
installed, TL044 when Spark cannot start (no Java, most often).
"""

from __future__ import annotations

import os
import shutil
import sys

from ..diagnostics import Diagnostic, DiagnosticError
from ..source import Span

_CMD = Span("<command line>", 1, 1, 1, 2)


def available() -> bool:
    try:
        import pyspark  # noqa: F401  (only asking whether it is there)
    except ImportError:
        return False
    return True


def java_missing() -> str | None:
    """Why Spark cannot start for want of Java, or None when a Java is found."""
    home = os.environ.get("JAVA_HOME")
    if home and os.path.exists(os.path.join(home, "bin", "java")):
        return None
    if shutil.which("java"):
        return None
    return "no Java runtime found (JAVA_HOME is not set and `java` is not on PATH)"


def _need_pyspark() -> None:
    if not available():
        raise DiagnosticError([Diagnostic("TL043", "--engine spark needs the pyspark package, which is not installed",
                                          _CMD, help="pip install 'treatylang[spark]' (Spark also needs Java 17)")])


def session(master: str | None = None, app: str = "treatylang"):
    """The active SparkSession, or a new local-mode one (see the module doc)."""
    _need_pyspark()
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    why = java_missing()
    if why:
        raise DiagnosticError([Diagnostic("TL044", f"Spark cannot start: {why}", _CMD,
                                          help="install Java 17 (Debian: apt-get install openjdk-17-jre-headless) "
                                               "or set JAVA_HOME")])
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    master = master or os.environ.get("TREATYLANG_SPARK_MASTER") or "local[*]"
    builder = (SparkSession.builder.master(master).appName(app)
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", "8")
               .config("spark.sql.execution.arrow.pyspark.enabled", "true")
               # A busy machine must slow a check down, not fail it (heartbeats missed under load).
               .config("spark.network.timeout", "900s")
               .config("spark.executor.heartbeatInterval", "60s")
               .config("spark.driver.memory", os.environ.get("TREATYLANG_SPARK_DRIVER_MEMORY", "2g")))
    try:
        spark = builder.getOrCreate()
    except Exception as e:  # the JVM did not start: Java missing or broken, ports, memory
        first = (str(e).strip().splitlines() or [type(e).__name__])[0]
        raise DiagnosticError([Diagnostic("TL044", f"Spark cannot start: {first}", _CMD,
                                          help="Spark 4 needs Java 17 or later; check `java -version` and JAVA_HOME")]
                              ) from None
    spark.sparkContext.setLogLevel("ERROR")
    return spark
