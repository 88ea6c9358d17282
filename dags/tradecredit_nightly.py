"""The nightly tradecredit pipeline: landing drops -> bronze -> silver -> gold -> scores -> published tables."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

from airflow.sdk import DAG, Asset, CronTriggerTimetable, Param, TaskGroup

from tradecredit_common import (
    CHANGE_DAY_FEEDS,
    DAILY_FEEDS,
    DEFAULT_ARGS,
    MACROS,
    PULL_SOURCES_ENV,
    SPARK_POOL,
    LandingDropSensor,
    pull_sources,
    spark_task,
)

#: Sources the nightly pulls from platform databases before its ingest (environment, read when the file is parsed;
#: no I/O): source -> feeds. A pulled feed has no sensor: its drop is written by its pull task.
PULL_SOURCES = pull_sources(os.environ.get(PULL_SOURCES_ENV))
PULLED_BY = {feed: source for source, feeds in PULL_SOURCES.items() for feed in feeds}

#: The published score table; downstream DAGs can schedule on it (``schedule=[COMPANY_SCORE]``).
COMPANY_SCORE = Asset(name="credit.company_score", group="tradecredit")

DOC_MD = f"""
# tradecredit nightly

Scores every company for run date **D** = the day the run's data interval starts (UTC). The
scheduled run for D has data interval [D 00:00, D+1 00:00) and logical date D; it starts at 00:00 UTC
on D+1. Mind manual runs: Airflow gives a run triggered at logical date L the interval that *ends*
at L, so it covers L-1 (and then occupies logical date L). To rerun D, clear D's run; to run days
that have no run, use a backfill (below).

0. `pull.<source>`: for each pull source named in the environment variable `{PULL_SOURCES_ENV}`
   (JSON, source -> feeds; now: {", ".join(f"{s} ({', '.join(f)})" for s, f in PULL_SOURCES.items()) or "none"}),
   `tradecredit pull --source S --date D` reads the platform database's rows changed by D over JDBC
   and writes the drops `<landing>/<feed>/dt=D/` of its feeds; their ingests wait for it.
1. `wait_for_drops.<feed>`: one sensor per daily feed that is dropped, not pulled, waits for
   `<landing>/<feed>/dt=D/_SUCCESS` (reschedule mode; timeout = param `drop_wait_timeout_s`, 6 h).
2. `ingest.<feed>`: one Spark job per feed, in parallel (pool `{SPARK_POOL}`). A daily feed's ingest
   starts when its drop is complete; the change-day feeds ({", ".join(CHANGE_DAY_FEEDS)}) have no
   drop every day, so they ingest whatever has arrived once all daily drops are in.
3. `conform` -> `features` -> `score` -> `publish`; `publish` updates the Asset `credit.company_score`.

Every task is `tradecredit <command> --date D` through `spark-submit` (connection `spark_default`) and
replaces exactly its own output for D, so clearing and rerunning any task, or the whole run, is safe.
Missed nights are caught up one at a time (`catchup=True`, `max_active_runs=1`). Backfill run dates
A..B: `airflow backfill create --dag-id tradecredit_nightly --from-date A+1 --to-date B+1
--reprocess-behavior completed` (the range is of trigger times, one day after each run date).

## When a task fails

- **`pull.<source>` failed**: the log ends with the cause, naming the source: the database cannot
  be reached (after the source's own bounded retries) or refused the login (check the credentials
  the conf names: an environment variable of the workers or a mode-600 file), or a table lacks a
  column or has one of the wrong type (naming table, column and contract rule; nothing was written).
  The feed's watermark in `ops.pull_watermarks` has not moved and an unsealed drop is replaced by
  the next try, so clearing the task is safe.

- **`wait_for_drops.<feed>` timed out** ("Landing drop for feed ... is not complete: no _SUCCESS
  marker at PATH"): the producer has not delivered D's drop, or not finished it. Nothing downstream
  ran. Once `_SUCCESS` is there, clear the sensor (with downstream) and the run carries on. Check
  the path too: Variable `tradecredit_landing`.
- **`ingest.<feed>` failed**: read the task log (the job prints read / accepted / quarantined by
  reason). A message naming the feed, the drop and its top quarantine reasons means the drop broke
  the contract beyond `max_bad_ratio`: nothing is published for D; ask the producer for a corrected
  drop (same feed and dt, new `_SUCCESS`) and clear the task. A missing jar or conf file: check Variables `tradecredit_jar`, `tradecredit_conf`.
- **`conform` / `features` / `score` failed**: a job error; the log ends with the message. Fix the
  cause (config, code, capacity) and clear the task with downstream. Retries (2, 10 min apart) cover
  transient cluster trouble.
- **`publish` failed**: the quality checks (row counts against the previous publication, nulls,
  ranges, score PSI, grade migration) refused the scores; the published tables are untouched and
  the reasons are in the log and in `credit.publish_log`. Investigate before clearing: a rerun with
  the same inputs fails the same way.
- **A Spark task failed with "lake ... is locked by ..."**: another run holds the lake (a manual
  `nightly`, say; the message names its host, pid, run and stage). The ingests of different feeds never
  lock each other out. The retries run the task again once the holder ends; a holder that died is taken
  over by the next run (docs/operations.md, "The lock").
- **Tasks stay queued**: the pool `{SPARK_POOL}` does not exist or is too small (dags/README.md).
"""

with DAG(
    dag_id="tradecredit_nightly",
    description="Nightly credit scores: wait for drops, ingest per feed, conform, features, score, publish",
    schedule=CronTriggerTimetable("0 0 * * *", timezone="UTC", interval=timedelta(days=1)),
    # With a trigger timetable start_date is the first trigger time: 2026-11-03 00:00 UTC runs
    # run date 2026-11-02, the first day of drops.
    start_date=datetime(2026, 11, 3, tzinfo=timezone.utc),
    catchup=True,
    max_active_runs=1,
    dagrun_timeout=timedelta(hours=20),
    default_args=DEFAULT_ARGS,
    params={
        "drop_wait_timeout_s": Param(
            6 * 3600, type="integer", minimum=0, description="How long a sensor waits for a drop's _SUCCESS (seconds)"
        ),
        "drop_poke_interval_s": Param(
            300, type="integer", minimum=1, description="Seconds between two looks for a drop's _SUCCESS"
        ),
    },
    user_defined_macros=MACROS,
    doc_md=DOC_MD,
    tags=["tradecredit", "spark", "nightly"],
) as dag:
    with TaskGroup("wait_for_drops", tooltip="One sensor per daily feed: D's drop is complete") as wait_for_drops:
        sensors = {
            feed: LandingDropSensor(
                task_id=feed,
                feed=feed,
                wait_timeout="{{ params.drop_wait_timeout_s }}",
                poke_interval_s="{{ params.drop_poke_interval_s }}",
            )
            for feed in DAILY_FEEDS
            if feed not in PULLED_BY
        }

    pulls = {}
    if PULL_SOURCES:
        with TaskGroup("pull", tooltip="Platform databases read into landing drops, one Spark job per source"):
            for source, feeds in PULL_SOURCES.items():
                feed_args = [arg for feed in feeds for arg in ("--feed", feed)]
                pulls[source] = spark_task(
                    source, "pull", "--source", source, *feed_args, job_name=f"tradecredit-pull-{source}"
                )

    with TaskGroup("ingest", tooltip="Landing drops of D into bronze, one Spark job per feed") as ingest:
        for feed in DAILY_FEEDS + CHANGE_DAY_FEEDS:
            ingest_feed = spark_task(feed, "ingest", "--feed", feed, job_name=f"tradecredit-ingest-{feed}")
            if feed in PULLED_BY:
                pulls[PULLED_BY[feed]] >> ingest_feed
            elif feed in sensors:
                sensors[feed] >> ingest_feed
            else:
                wait_for_drops >> ingest_feed

    conform = spark_task("conform", "conform")
    features = spark_task("features", "features")
    score = spark_task("score", "score")
    publish = spark_task("publish", "publish", outlets=[COMPANY_SCORE])

    ingest >> conform >> features >> score >> publish
