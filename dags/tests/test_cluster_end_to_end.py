"""
The nightly DAG on a real Spark cluster: bin/spark-cluster starts a standalone master and two workers (one core,
2 GB each) on loopback from the venv's pinned Spark; dag.test() of the nightly for run date 2026-11-02 runs over a
copy of the sample drops with only the connection ``spark_default`` pointed at ``spark://127.0.0.1:7077``. The same
DAG on local Spark into a second lake is conftest's local_nightly, run once per session (before this test's cluster
starts) and shared with test_nightly_end_to_end. The published tables (credit.*) and the Parquet export of the two
runs must be equal row for row, and the master and workers must show that the cluster run's jobs ran on them. A
failed night names its failing tasks and the error lines of their output.

Marked ``long`` (several minutes): bin/test-dags leaves it out, ``bin/test-dags -m long`` and ``bin/test --long``
run it. Needs the jar and the samples, as test_nightly_end_to_end does.

The tables are read with the venv's pyspark and the jar's Delta (one local JVM for both lakes): the same Spark and
Delta that wrote them, Delta's own snapshot of each table rather than a reading of its log, and the export's Parquet
through the same reader. Each row becomes its JSON (``to_json``), so doubles compare bit for bit and nested values
(reasons, maps) compare whole.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import JAR, ROOT, VENV_BIN, failure_lines, nightly_environment, run_nightly, task_states

pytestmark = pytest.mark.long

PORT, UI_PORT = 7077, 8090
MASTER = f"spark://127.0.0.1:{PORT}"
WORKERS = 2

#: Columns that name the run or the moment it happened, different in any two runs by design; everything else must
#: be equal, paths compared below each run's own folder.
RUN_COLUMNS = {"run_id", "started_at", "finished_at"}
#: Manifest keys that differ between two runs: the run, and the names and checksums of files that hold the run id.
RUN_MANIFEST_KEYS = {"run_id", "files"}


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=10) as answer:
        return json.load(answer)


@pytest.fixture
def cluster(tmp_path):
    """A standalone master and two workers under tmp_path; stopped however the test ends."""
    command = [str(ROOT / "bin" / "spark-cluster"), "--dir", str(tmp_path / "spark-cluster")]
    env = {**os.environ, "TRADECREDIT_AIRFLOW_VENV": str(VENV_BIN.parent)}
    started = subprocess.run(
        [*command[:1], "start", *command[1:], "--workers", str(WORKERS), "--worker-cores", "1",
         "--worker-memory", "2g", "--port", str(PORT), "--ui-port", str(UI_PORT)],
        capture_output=True, text=True, timeout=300, env=env,
    )  # fmt: skip
    try:
        assert started.returncode == 0, f"bin/spark-cluster start failed:\n{started.stdout}{started.stderr}"
        master = get_json(f"http://127.0.0.1:{UI_PORT}/json/")
        assert master["url"] == MASTER and master["aliveworkers"] == WORKERS, master
        yield f"http://127.0.0.1:{UI_PORT}"
    finally:
        subprocess.run([*command[:1], "stop", *command[1:]], timeout=120, env=env)


def test_the_nightly_on_a_standalone_cluster_publishes_what_a_local_run_publishes(
    local_nightly, dagbag, cluster, tmp_path, monkeypatch, capfd
):
    spark_tasks = sorted(t.task_id for t in dagbag.dags["tradecredit_nightly"].tasks if t.task_type == "SparkSubmitOperator")
    # The local night (a session fixture) ran before this test's cluster started: nothing of it ran on the cluster.
    assert local_nightly.state == "success", local_nightly.states

    on_cluster = nightly_environment(tmp_path / "cluster", monkeypatch)
    monkeypatch.setenv("AIRFLOW_CONN_SPARK_DEFAULT", json.dumps({"conn_type": "spark", "host": MASTER}))
    started = time.monotonic()
    run = run_nightly(dagbag)
    cluster_seconds = time.monotonic() - started
    states = task_states(run)
    if run.state != "success":
        out, err = capfd.readouterr()
        pytest.fail(f"the night on the cluster failed: {states}\n{failure_lines(out + err)}")
    assert set(states.values()) == {"success"}, states
    apps = cluster_applications(cluster)
    assert len(apps) == len(spark_tasks), (apps, spark_tasks)

    started = time.monotonic()
    differences = compare_published(on_cluster, local_nightly.variables)
    compare_seconds = time.monotonic() - started
    with capfd.disabled():
        print(f"\nnightly on the cluster {cluster_seconds:.0f} s, locally {local_nightly.seconds:.0f} s, "
              f"comparison {compare_seconds:.0f} s; {len(apps)} applications on {MASTER}")  # fmt: skip
    assert differences == []


def cluster_applications(ui: str) -> dict[str, str]:
    """
    The master's completed applications (id -> name), each checked: FINISHED, with executors on the workers, and
    every worker having run some; the master lists no application still running.
    """
    master = get_json(f"{ui}/json/")
    assert master["activeapps"] == [], master["activeapps"]
    apps = {app["id"]: app for app in master["completedapps"]}
    assert {app["state"] for app in apps.values()} <= {"FINISHED"}, master["completedapps"]

    executors_by_worker = {}
    for worker in master["workers"]:
        answer = get_json(f"{worker['webuiaddress']}/json/")
        executors_by_worker[worker["id"]] = [e["appid"] for e in answer["finishedexecutors"] + answer["executors"]]
    apps_with_executors = {app_id for app_ids in executors_by_worker.values() for app_id in app_ids}
    assert apps_with_executors == set(apps), executors_by_worker
    assert all(executors_by_worker.values()), f"a worker ran no executor: {executors_by_worker}"
    return {app_id: app["name"] for app_id, app in apps.items()}


def compare_published(first: dict[str, Path], second: dict[str, Path]) -> list[str]:
    """What differs between the published tables (credit.*) and exports of two lakes, as readable lines."""
    from pyspark.sql import SparkSession
    from pyspark.sql.functions import col, struct, to_json

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("compare-published")
        .config("spark.jars", str(JAR))
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        # Small tables: Delta's 50 snapshot partitions and Spark's 200 shuffle partitions would dominate the reads.
        .config("spark.databricks.delta.snapshotPartitions", "2")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    # py4j logs its connections closing at INFO when the interpreter exits, after pytest has closed the streams.
    logging.getLogger("py4j").setLevel(logging.WARNING)

    def json_rows(df, columns, folder):
        rows = df.select(to_json(struct(*[col(c) for c in columns]))).collect()
        return sorted(r[0].replace(str(folder), "<run folder>") for r in rows)

    folders = [lake["LAKE"].parent for lake in (first, second)]

    def compare(what, df_a, df_b):
        if df_a.schema != df_b.schema:
            return [f"{what}: schemas differ:\n  {df_a.schema.simpleString()}\n  {df_b.schema.simpleString()}"]
        columns = [c for c in df_a.columns if c not in RUN_COLUMNS]
        a, b = json_rows(df_a, columns, folders[0]), json_rows(df_b, columns, folders[1])
        if a == b:
            return [] if a else [f"{what}: empty in both lakes"]
        # Name the columns that differ, for a failure one can act on.
        differing = [c for c in columns if json_rows(df_a, [c], folders[0]) != json_rows(df_b, [c], folders[1])]
        return [f"{what}: {len(a)} rows against {len(b)}; columns that differ: {differing}"]

    try:
        differences = []
        tables = [sorted(p.name for p in (lake["LAKE"] / "credit").iterdir()) for lake in (first, second)]
        if tables[0] != tables[1]:
            differences.append(f"credit tables differ: {tables[0]} against {tables[1]}")
        for table in tables[0]:
            read = [spark.read.format("delta").load(str(lake["LAKE"] / "credit" / table)) for lake in (first, second)]
            differences += compare(f"credit.{table}", *read)

        exports = [lake["EXPORTS"] / "company_score" for lake in (first, second)]
        differences += compare("export company_score", *[spark.read.parquet(str(e)) for e in exports])
        dates = [sorted(p.name for p in e.glob("as_of_date=*")) for e in exports]
        if dates[0] != dates[1] or not dates[0]:
            differences.append(f"exported dates differ: {dates[0]} against {dates[1]}")
        for date in dates[0]:
            manifests = [json.loads((e / date / "_manifest.json").read_text()) for e in exports]
            kept = [{k: v for k, v in m.items() if k not in RUN_MANIFEST_KEYS} for m in manifests]
            if kept[0] != kept[1]:
                differences.append(f"export {date}: manifests differ: {kept[0]} against {kept[1]}")
        return differences
    finally:
        spark.stop()
