"""The training DAG's `candidate` task accepts complete candidates of the three risks and refuses missing ones."""

from __future__ import annotations

import copy
from datetime import datetime, timezone

UTC = timezone.utc
# A manual run at logical date 2026-12-01 12:00 has the interval ending then: training date 2026-11-30.
LOGICAL_DATE = datetime(2026, 12, 1, 12, tzinfo=UTC)


def run_without_spark(dagbag, candidates, monkeypatch):
    monkeypatch.setenv("AIRFLOW_VAR_TRADECREDIT_MODEL_CANDIDATES", str(candidates))
    dag = copy.deepcopy(dagbag.dags["tradecredit_training"])
    failures = []
    dag.task_dict["candidate"].on_failure_callback = [lambda context: failures.append(str(context["exception"]))]
    run = dag.test(logical_date=LOGICAL_DATE, mark_success_pattern=r"train\..*")
    return run, {ti.task_id: ti for ti in run.get_task_instances()}, failures


TARGETS = ["credit", "fulfilment", "payment"]


def test_candidate_accepts_a_model_and_its_report_per_risk(dagbag, airflow_db, tmp_path, monkeypatch):
    candidate_dir = tmp_path / "candidates" / "2026-11-30"
    for target in TARGETS:
        (candidate_dir / target / "report").mkdir(parents=True)
        (candidate_dir / target / "model.json").write_text('{"metrics": {"auc": 0.81, "gini": 0.62}}')

    run, tis, failures = run_without_spark(dagbag, tmp_path / "candidates", monkeypatch)

    assert run.state == "success", {t: ti.state for t, ti in tis.items()}
    assert failures == []
    assert tis["candidate"].xcom_pull(task_ids="candidate") == str(candidate_dir)


def test_candidate_fails_at_once_without_an_artifact(dagbag, airflow_db, tmp_path, monkeypatch):
    candidate_dir = tmp_path / "candidates" / "2026-11-30"
    # Credit and payment trained; fulfilment did not.
    for target in ["credit", "payment"]:
        (candidate_dir / target / "report").mkdir(parents=True)
        (candidate_dir / target / "model.json").write_text("{}")

    run, tis, failures = run_without_spark(dagbag, tmp_path / "candidates", monkeypatch)

    assert run.state == "failed"
    assert tis["candidate"].state == "failed"  # not up_for_retry: AirflowFailException
    assert failures == [
        f"Cannot accept the trained candidates: {candidate_dir}/fulfilment/model.json, {candidate_dir}/fulfilment/report "
        "not found; read the train tasks' logs"
    ]
