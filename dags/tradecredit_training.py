"""Monthly training of a candidate scorecard model. Promotion to production is a separate, reviewed step."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from airflow.sdk import DAG, CronTriggerTimetable, task
from dateutil.relativedelta import relativedelta

from tradecredit_common import DEFAULT_ARGS, MACROS, SPARK_POOL, spark_task

#: Training date D: the last day of the month the run covers (its data interval ends on the 1st).
TRAIN_DATE = "{{ macros.ds_add(data_interval_end | ds, -1) }}"
#: Where a run writes its candidate: one folder per training date, replaced by a rerun.
CANDIDATE_DIR = "{{ tc_setting('model_candidates') }}/" + TRAIN_DATE

DOC_MD = f"""
# tradecredit training

Once a month (the 1st, 12:00 UTC, after the nightly of the month's last day has had time to
publish) trains a **candidate** scorecard on the lake as of D = the last day of the previous month:
`tradecredit train --date D --out <candidates>/D` (Variable `tradecredit_model_candidates`). It
writes `model.json` (bins, WoE, coefficients, scaling, bands, training window, metrics) and
`report/` (AUC, Gini, KS, IV, PSI on an out-of-time split, ROC and score plots). The nightly keeps
scoring with the configured production model: nothing here changes it.

## Promotion (explicit, reviewed; not a DAG)

1. Read `<candidates>/D/report/` and compare with the production model's report.
2. `cp <candidates>/D/model.json conf/models/scorecard-<version>.json`
3. Set `model.path: conf/models/scorecard-<version>.json` in the environment's conf file (the
   file in Variable `tradecredit_conf`, e.g. `conf/local.yaml`).
4. Commit both through review and deploy; the next nightly run scores with the new model. To roll
   back, point `model.path` at the previous file again.

The `candidate` task's log prints these commands with the run's real paths.

## When a task fails

- **`train` failed**: the log ends with the job's message (e.g. too few labelled companies in the
  window, a missing gold table because the nightly has not run). Fix, then clear the task. Tasks
  run in pool `{SPARK_POOL}`, retried twice 10 min apart.
- **`candidate` failed**: `train` ended without writing `model.json` or `report/` under the path in
  the message; read the `train` log.
"""


@task
def candidate(candidate_dir: str) -> str:
    """Check that the candidate artifact and its report exist, and log how to promote it."""
    import json
    import logging
    import os

    from airflow.sdk.exceptions import AirflowFailException

    log = logging.getLogger(__name__)
    model = f"{candidate_dir}/model.json"
    if "://" not in candidate_dir:  # Remote storage (cluster runs) is checked by the job itself.
        missing = [p for p in (model, f"{candidate_dir}/report") if not os.path.exists(p)]
        if missing:
            # Retrying cannot create them: fail at once.
            raise AirflowFailException(
                f"Cannot accept the trained candidate: {', '.join(missing)} not found; read the train task's log"
            )
        with open(model, encoding="utf-8") as f:
            metrics = json.load(f).get("metrics")
        log.info("Candidate model %s, metrics: %s", model, json.dumps(metrics, sort_keys=True))
    log.info(
        "To promote it (reviewed change): read %s/report/, then\n"
        "  cp %s conf/models/scorecard-<version>.json\n"
        "  set model.path: conf/models/scorecard-<version>.json in the conf file, commit, deploy.",
        candidate_dir,
        model,
    )
    return candidate_dir


with DAG(
    dag_id="tradecredit_training",
    description="Monthly training of a candidate credit scorecard (promotion is a separate reviewed step)",
    schedule=CronTriggerTimetable("0 12 1 * *", timezone="UTC", interval=relativedelta(months=1)),
    start_date=datetime(2026, 12, 1, tzinfo=timezone.utc),
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=timedelta(hours=12),
    default_args=DEFAULT_ARGS,
    user_defined_macros=MACROS,
    doc_md=DOC_MD,
    tags=["tradecredit", "spark", "training"],
) as dag:
    train = spark_task("train", "train", "--out", CANDIDATE_DIR, date=TRAIN_DATE, execution_timeout=timedelta(hours=6))
    train >> candidate(CANDIDATE_DIR)
