"""The DAGs load, and their shape, schedule and settings are exactly what dags/README.md documents."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

UTC = timezone.utc
FEEDS = ["orders", "payments", "shipments", "fx_rates", "accounts", "registry", "disputes", "credit_events"]
DAILY = ["orders", "payments", "shipments", "fx_rates"]
CHANGE_DAY = ["accounts", "registry", "disputes", "credit_events"]

# task id -> ids of its direct downstream tasks
EXPECTED_GRAPHS = {
    "tradecredit_nightly": {
        **{f"wait_for_drops.{feed}": [f"ingest.{f}" for f in [feed, *CHANGE_DAY]] for feed in DAILY},
        **{f"ingest.{feed}": ["conform"] for feed in FEEDS},
        "conform": ["features"],
        "features": ["score"],
        "score": ["publish"],
        "publish": [],
    },
    "tradecredit_training": {
        **{f"train.{target}": ["candidate"] for target in ["credit", "fulfilment", "payment"]},
        "candidate": [],
    },
}


def test_no_import_errors(dagbag):
    assert dagbag.import_errors == {}


def test_no_parse_warnings(dagbag):
    # DagBag(known_pools=...) warns here about a task in an unknown pool.
    assert dagbag.captured_warnings == {}


def test_exactly_the_tradecredit_dags(dagbag):
    assert sorted(dagbag.dag_ids) == sorted(EXPECTED_GRAPHS)


@pytest.mark.parametrize("dag_id", sorted(EXPECTED_GRAPHS))
def test_task_graph(dagbag, dag_id):
    dag = dagbag.dags[dag_id]
    graph = {task.task_id: sorted(task.downstream_task_ids) for task in dag.tasks}
    assert graph == {task_id: sorted(downstream) for task_id, downstream in EXPECTED_GRAPHS[dag_id].items()}


@pytest.mark.parametrize("dag_id", sorted(EXPECTED_GRAPHS))
def test_dag_settings(dagbag, dag_id):
    dag = dagbag.dags[dag_id]
    assert dag.max_active_runs == 1
    assert set(dag.tags) >= {"tradecredit", "spark"}
    assert "## When a task fails" in dag.doc_md
    assert dag.dagrun_timeout is not None
    for task in dag.tasks:
        assert task.retries == 2, task.task_id
        assert task.retry_delay == timedelta(minutes=10), task.task_id


def test_nightly_schedule_is_daily_with_a_one_day_data_interval(dagbag):
    from airflow.sdk import CronTriggerTimetable

    dag = dagbag.dags["tradecredit_nightly"]
    assert isinstance(dag.timetable, CronTriggerTimetable)
    assert dag.timetable.expression == "0 0 * * *"
    assert dag.timetable.interval == timedelta(days=1)
    assert dag.catchup is True
    assert sorted(dag.tags) == ["nightly", "spark", "tradecredit"]


def test_nightly_first_run_is_for_the_first_day_of_drops(dagbag):
    """The first scheduled run: logical date 2026-11-02, data interval [11-02, 11-03), fired at 11-03 00:00 UTC."""
    from airflow.serialization.encoders import coerce_to_core_timetable
    from airflow.timetables.base import TimeRestriction

    dag = dagbag.dags["tradecredit_nightly"]
    timetable = coerce_to_core_timetable(dag.timetable)
    first = timetable.next_dagrun_info(
        last_automated_data_interval=None,
        restriction=TimeRestriction(earliest=dag.start_date, latest=None, catchup=True),
    )
    assert first.data_interval.start == datetime(2026, 11, 2, tzinfo=UTC)
    assert first.data_interval.end == datetime(2026, 11, 3, tzinfo=UTC)
    assert first.logical_date == datetime(2026, 11, 2, tzinfo=UTC)
    assert first.run_after == datetime(2026, 11, 3, tzinfo=UTC)

    second = timetable.next_dagrun_info(
        last_automated_data_interval=first.data_interval,
        restriction=TimeRestriction(earliest=dag.start_date, latest=None, catchup=True),
    )
    assert second.data_interval.start == datetime(2026, 11, 3, tzinfo=UTC)


def test_nightly_manual_run_covers_the_day_before_its_logical_date(dagbag):
    """
    A manual run (UI trigger, ``dags test``, ``dag.test()``) at logical date L gets the interval that
    ends at L (Airflow 3 infers it so): run date D by hand is logical date D+1 (dags/README.md).
    """
    from airflow.serialization.encoders import coerce_to_core_timetable

    timetable = coerce_to_core_timetable(dagbag.dags["tradecredit_nightly"].timetable)
    interval = timetable.infer_manual_data_interval(run_after=datetime(2026, 11, 3, tzinfo=UTC))
    assert (interval.start, interval.end) == (datetime(2026, 11, 2, tzinfo=UTC), datetime(2026, 11, 3, tzinfo=UTC))


def test_training_schedule_is_monthly(dagbag):
    from airflow.sdk import CronTriggerTimetable
    from dateutil.relativedelta import relativedelta

    dag = dagbag.dags["tradecredit_training"]
    assert isinstance(dag.timetable, CronTriggerTimetable)
    assert dag.timetable.expression == "0 12 1 * *"
    assert dag.timetable.interval == relativedelta(months=1)
    assert sorted(dag.tags) == ["spark", "tradecredit", "training"]
    assert "## Promotion" in dag.doc_md


@pytest.mark.parametrize("dag_id", sorted(EXPECTED_GRAPHS))
def test_spark_tasks_submit_the_jar_in_the_spark_pool(dagbag, dag_id):
    from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

    from tradecredit_common import MAIN_CLASS, SPARK_CONN_ID, SPARK_POOL

    dag = dagbag.dags[dag_id]
    spark_tasks = [t for t in dag.tasks if isinstance(t, SparkSubmitOperator)]
    assert spark_tasks
    for task in dag.tasks:
        assert (task.pool == SPARK_POOL) == (task in spark_tasks), task.task_id
    for task in spark_tasks:
        assert task._conn_id == SPARK_CONN_ID
        assert task._java_class == MAIN_CLASS
        assert task.application == "{{ tc_setting('jar') }}"
        args = task.application_args
        assert args[0] == task.task_id.split(".")[0]
        assert args[args.index("--conf") + 1] == "{{ tc_setting('conf') }}"
        assert "paths.landing={{ tc_setting('landing') }}" in args
        assert "paths.lake={{ tc_setting('lake') }}" in args
        assert "paths.exports={{ tc_setting('exports') }}" in args
        assert task.env_vars == {"TRADECREDIT_HOME": "{{ tc_setting('home') }}"}
        assert task.conf == {"spark.driver.memory": "{{ tc_setting('driver_memory') }}"}


def test_nightly_commands(dagbag):
    dag = dagbag.dags["tradecredit_nightly"]
    for feed in FEEDS:
        args = dag.get_task(f"ingest.{feed}").application_args
        assert args[:5] == ["ingest", "--feed", feed, "--date", "{{ data_interval_start | ds }}"]
    for command in ["conform", "features", "score", "publish"]:
        args = dag.get_task(command).application_args
        assert args[:3] == [command, "--date", "{{ data_interval_start | ds }}"]


def test_training_commands(dagbag):
    dag = dagbag.dags["tradecredit_training"]
    train_date = "{{ macros.ds_add(data_interval_end | ds, -1) }}"
    for target in ["credit", "fulfilment", "payment"]:
        args = dag.get_task(f"train.{target}").application_args
        out = "{{ tc_setting('model_candidates') }}/" + train_date + "/" + target
        assert args[:7] == ["train", "--target", target, "--out", out, "--date", train_date]


def test_publish_declares_the_company_score_asset(dagbag):
    from airflow.sdk import Asset

    dag = dagbag.dags["tradecredit_nightly"]
    assert dag.get_task("publish").outlets == [Asset(name="credit.company_score", group="tradecredit")]
    assert all(not task.outlets for task in dag.tasks if task.task_id != "publish")


def test_sensors_wait_for_each_daily_feed_in_reschedule_mode(dagbag):
    from tradecredit_common import LandingDropSensor

    dag = dagbag.dags["tradecredit_nightly"]
    sensors = [t for t in dag.tasks if isinstance(t, LandingDropSensor)]
    assert sorted(s.feed for s in sensors) == sorted(DAILY)
    for sensor in sensors:
        assert sensor.mode == "reschedule"
        assert sensor.run_date == "{{ data_interval_start | ds }}"
        assert sensor.wait_timeout == "{{ params.drop_wait_timeout_s }}"
    assert dag.params["drop_wait_timeout_s"] == 6 * 3600


def test_dag_files_do_no_io_and_no_heavy_imports_at_import():
    """Import the DAG files in a fresh interpreter: no file opened by our code, no Variable/Connection lookup."""
    import subprocess
    import sys
    from pathlib import Path

    dags = Path(__file__).resolve().parents[1]
    probe = f"""
import builtins, io, sys
sys.path.insert(0, {str(dags)!r})
import airflow.sdk
opened = []
real_open = builtins.open
def traced(file, *a, **k):
    caller = sys._getframe(1).f_code.co_filename
    if caller.startswith({str(dags)!r}):
        opened.append(str(file))
    return real_open(file, *a, **k)
builtins.open = io.open = traced
def forbidden(*a, **k):
    raise AssertionError("a DAG file looked up a Variable or Connection at import time")
airflow.sdk.Variable.get = forbidden
airflow.sdk.Connection.get = forbidden
before = set(sys.modules)
import tradecredit_nightly, tradecredit_training
new = set(sys.modules) - before
heavy = sorted(m for m in new if m.split(".")[0] in ("pyspark", "pandas", "numpy", "pyarrow", "py4j"))
print(repr((heavy, opened)))
"""
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    heavy, opened = eval(out.strip().splitlines()[-1])
    assert heavy == []
    assert opened == []
