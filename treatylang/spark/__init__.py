"""The Spark executor (`check --engine spark`): an event file, a glob of
them or a Spark DataFrame, checked on a Spark cluster or in local mode.

    session.py   the SparkSession (local mode unless one is active); TL043/TL044
    chunks.py    which files, cut into byte ranges where that is safe
    parse.py     one task's reading: the project's parser, exact counts (no Spark)
    slices.py    instruments in independent slices; one slice's evaluation; the merge
    run.py       the job: read → count → pushdown in Spark SQL → judge slices → merge
    progress.py  progress on a terminal from Spark's status tracker

pyspark is an optional dependency: ``pip install 'treatylang[spark]'``.
"""
