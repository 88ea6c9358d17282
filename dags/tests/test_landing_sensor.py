"""A nightly run whose daily drop never completes fails at that feed's sensor, with the documented message."""

from __future__ import annotations

import copy
from datetime import datetime, timezone

UTC = timezone.utc


def test_missing_success_marker_fails_the_sensor_naming_feed_date_and_path(dagbag, airflow_db, tmp_path, monkeypatch):
    landing = tmp_path / "landing"
    # An incomplete drop for the run date: data, but no _SUCCESS.
    drop = landing / "orders" / "dt=2026-11-09"
    drop.mkdir(parents=True)
    (drop / "orders-1.csv").write_text("platform,order_id\n")
    monkeypatch.setenv("AIRFLOW_VAR_TRADECREDIT_LANDING", str(landing))

    dag = copy.deepcopy(dagbag.dags["tradecredit_nightly"])
    failures = []
    dag.task_dict["wait_for_drops.orders"].on_failure_callback = [
        lambda context: failures.append(str(context["exception"]))
    ]

    # Logical date 2026-11-10 is run date 2026-11-09 (a manual run covers the day before its logical
    # date). Only the orders sensor runs; everything else is marked successful instead of running.
    run = dag.test(
        logical_date=datetime(2026, 11, 10, tzinfo=UTC),
        run_conf={"drop_wait_timeout_s": 2, "drop_poke_interval_s": 1},
        mark_success_pattern=r"(?!wait_for_drops\.orders$).*",
    )

    states = {ti.task_id: ti.state for ti in run.get_task_instances()}
    assert run.state == "failed", states
    assert states["wait_for_drops.orders"] == "failed"
    for downstream in ["ingest.orders", "ingest.accounts", "conform", "features", "score", "publish"]:
        assert states[downstream] == "upstream_failed", (downstream, states)
    assert failures == [
        "Landing drop for feed 'orders' on 2026-11-09 is not complete: "
        f"no _SUCCESS marker at {landing}/orders/dt=2026-11-09/_SUCCESS after waiting 2 s. "
        "Ask the producer to deliver (or finish) that drop, then clear this task; "
        "see 'When a task fails' in the DAG docs."
    ]
