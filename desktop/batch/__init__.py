"""``parallax batch``: the desktop's linking and recognition on a Dask cluster (docs/batch.md).

inputs.py    what a corpus is (a folder Parallax imports, JSON Lines, Parquet) and its partitions
records.py   the Parquet tables (documents, postings, pairs, links, candidates, mentions), written
             per partition and atomically, so a task that runs twice writes the same file once
tasks.py     what one worker does to one partition: read + clean + prepare, align, recognise,
             mentions; each calls the desktop's own core functions
pairs.py     candidate pairs over the whole corpus (a Dask DataFrame shuffle by hash), by the
             same order-free rule as the desktop (core/overlap/candidates.py)
run.py       the job: cluster, stages, progress, resume
load.py      ``parallax import-batch``: a batch result (or part of it) into a desktop library

Nothing here is imported by the desktop app; Dask, pandas and pyarrow are imported only when a
batch command runs (the optional extra ``parallax[batch]``).
"""
