"""Monthly training of candidate models of the three risks. Promotion to production is a person's decision."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from airflow.sdk import DAG, CronTriggerTimetable, TaskGroup, task
from dateutil.relativedelta import relativedelta

from tradecredit_common import DEFAULT_ARGS, MACROS, SPARK_POOL, spark_task

#: Training date D: the last day of the month the run covers (its data interval ends on the 1st).
TRAIN_DATE = "{{ macros.ds_add(data_interval_end | ds, -1) }}"
#: Where a run writes its candidates: one folder per training date, one per risk in it, replaced by a rerun.
CANDIDATE_DIR = "{{ tc_setting('model_candidates') }}/" + TRAIN_DATE
#: The risks trained every month, each from its own labels (jobs/.../model/Target.java).
TARGETS = ["credit", "fulfilment", "payment"]

DOC_MD = f"""
# tradecredit training

Once a month (the 1st, 12:00 UTC, after the nightly of the month's last day has had time to
publish) trains a **candidate** model of each risk on the lake as of D = the last day of the
previous month: `tradecredit train --date D --target T --out <candidates>/D/T` for T in credit
(credit events in 365 days), fulfilment (as a seller) and payment (as a buyer) (Variable
`tradecredit_model_candidates`). Each writes `model.json` (bins, WoE, coefficients, scaling, bands,
training window, metrics) and `report/` (AUC, Gini, KS, IV, PSI on an out-of-time split, plots,
and `champion.json`: the candidate against the promoted model of its risk on the same held-out
dates). The nightly keeps scoring with the promoted models: nothing here changes them.

## Promotion (a person's decision; not a DAG)

1. Read `<candidates>/D/<risk>/report/` and its `champion.json`.
2. `tradecredit promote <candidates>/D/<risk>/model.json --reason "why" [--operator NAME]`:
   recorded in `ops.model_promotions` (who, which model, why, the artifact itself).
3. The next nightly (or `nightly --date D`, which reruns a published date after a promotion)
   scores that risk with it. To roll back, promote the earlier model again.

The `candidate` task's log prints these commands with the run's real paths.

## When a task fails

- **`train.<risk>` failed**: the log ends with the job's message (e.g. too few labelled companies
  in the window, no as-of date whose horizon has passed, a missing gold table because the nightly
  has not run). Fix, then clear the task. Tasks run in pool `{SPARK_POOL}`, retried twice 10 min
  apart; the other risks train regardless.
- **`candidate` failed**: a `train` task ended without writing `model.json` or `report/` under
  the path in the message; read that task's log.
"""


@task(trigger_rule="all_done")
def candidate(candidate_dir: str) -> str:
    """Check that each risk's candidate artifact and report exist, and log how to promote them."""
    import json
    import logging
    import os

    from airflow.sdk.exceptions import AirflowFailException

    log = logging.getLogger(__name__)
    if "://" not in candidate_dir:  # Remote storage (cluster runs) is checked by the job itself.
        missing = [
            p
            for target in TARGETS
            for p in (f"{candidate_dir}/{target}/model.json", f"{candidate_dir}/{target}/report")
            if not os.path.exists(p)
        ]
        if missing:
            # Retrying cannot create them: fail at once.
            raise AirflowFailException(
                f"Cannot accept the trained candidates: {', '.join(missing)} not found; read the train tasks' logs"
            )
        for target in TARGETS:
            with open(f"{candidate_dir}/{target}/model.json", encoding="utf-8") as f:
                metrics = json.load(f).get("metrics")
            log.info("Candidate %s model, metrics: %s", target, json.dumps(metrics, sort_keys=True))
    for target in TARGETS:
        log.info(
            "To promote the %s candidate: read %s/%s/report/ (champion.json compares it with the promoted model), then\n"
            "  tradecredit promote %s/%s/model.json --reason TEXT",
            target,
            candidate_dir,
            target,
            candidate_dir,
            target,
        )
    return candidate_dir


with DAG(
    dag_id="tradecredit_training",
    description="Monthly training of candidate credit, fulfilment and payment models (promotion is a person's decision)",
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
    with TaskGroup("train") as train:
        for target in TARGETS:
            spark_task(
                target,
                "train",
                "--target",
                target,
                "--out",
                f"{CANDIDATE_DIR}/{target}",
                date=TRAIN_DATE,
                job_name=f"tradecredit-train-{target}",
                execution_timeout=timedelta(hours=6),
            )
    train >> candidate(CANDIDATE_DIR)
