"""
The nightly DAG with a pull source: its shape, and a real run for run date 2026-11-02 in which
`pull.sample_db` reads tradehub's orders, payments and accounts from a real PostgreSQL
(bin/sample-db in a temporary folder, on loopback) into landing drops, which the ingest tasks
downstream of it take in. The run is the DAG's subset from the pull to those ingests: what follows
ingest is the same whatever delivered the drops, and test_nightly_end_to_end runs it (each task is a
spark-submit of its own, and the whole night twice would double the DAG tests' time).

Needs the shaded jar (as test_nightly_end_to_end) and PostgreSQL's server programs.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import socket
import subprocess
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

from conftest import DAGS, JAR, ROOT, SAMPLES

UTC = timezone.utc
RUN_DATE = "2026-11-02"
PULLED = ["orders", "payments", "accounts"]
SOURCES = json.dumps({"sample_db": PULLED})


def nightly_with_pull_sources(monkeypatch):
    """The nightly DAG parsed with TRADECREDIT_PULL_SOURCES set, as the Airflow processes would see it."""
    from airflow.models import DagBag

    from tradecredit_common import SPARK_POOL

    monkeypatch.setenv("TRADECREDIT_PULL_SOURCES", SOURCES)
    bag = DagBag(dag_folder=str(DAGS / "tradecredit_nightly.py"), known_pools={"default_pool", SPARK_POOL})
    assert bag.import_errors == {}
    return bag.dags["tradecredit_nightly"]


def test_a_pull_source_gets_a_pull_task_before_the_ingest_of_its_feeds_and_no_sensors(monkeypatch):
    dag = nightly_with_pull_sources(monkeypatch)
    graph = {task.task_id: sorted(task.downstream_task_ids) for task in dag.tasks}
    assert graph["pull.sample_db"] == sorted(f"ingest.{feed}" for feed in PULLED)
    sensors = sorted(t for t in graph if t.startswith("wait_for_drops."))
    assert sensors == ["wait_for_drops.fx_rates", "wait_for_drops.shipments"]
    assert graph["wait_for_drops.shipments"] == sorted(
        ["ingest.shipments", "ingest.registry", "ingest.disputes", "ingest.credit_events"]
    )
    pull = dag.get_task("pull.sample_db")
    assert pull.application_args[:7] == ["pull", "--source", "sample_db", "--feed", "orders", "--feed", "payments"]
    assert "now: sample_db (orders, payments, accounts)" in dag.doc_md


def test_pull_sources_are_checked_when_the_dag_is_parsed():
    from tradecredit_common import pull_sources

    assert pull_sources(None) == {}
    with pytest.raises(ValueError, match="fx_rates has no updated_at"):
        pull_sources('{"db": ["fx_rates"]}')
    with pytest.raises(ValueError, match="feed 'orders' is pulled by 'a' and 'b'"):
        pull_sources('{"a": ["orders"], "b": ["orders"]}')


@pytest.fixture
def sample_db():
    """bin/sample-db in a folder the postgres user can reach (it runs the server when tests run as root)."""
    if not JAR.exists():
        pytest.fail(f"the pull end-to-end test needs {JAR} (build the jar with bin/tradecredit or Maven)")
    folder = Path(tempfile.mkdtemp(prefix="tradecredit-pg-"))
    folder.chmod(0o755)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [str(ROOT / "bin" / "sample-db"), "start", "--dir", str(folder), "--port", str(port)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    yield {"url": f"jdbc:postgresql://127.0.0.1:{port}/platform", "credentials": folder / "credentials"}
    subprocess.run([str(ROOT / "bin" / "sample-db"), "remove", "--dir", str(folder)], capture_output=True, timeout=120)


def test_the_nightly_pulls_a_source_end_to_end(monkeypatch, airflow_db, sample_db, tmp_path, capfd):
    dag = nightly_with_pull_sources(monkeypatch).partial_subset(
        task_ids=[f"ingest.{feed}" for feed in PULLED], include_upstream=True
    )
    assert sorted(task.task_id for task in dag.tasks) == sorted(["pull.sample_db"] + [f"ingest.{f}" for f in PULLED])
    for task in dag.tasks:
        task.retries = 0

    # The platform delivers these feeds through its database now, not as files.
    landing = tmp_path / "landing"
    shutil.copytree(SAMPLES, landing, ignore=lambda folder, names: [n for n in names if n in PULLED])
    conf = yaml.safe_load((ROOT / "conf" / "local.yaml").read_text())
    conf.setdefault("spark", {}).update({"master": "local[2]", "shuffle_partitions": 2})
    conf["pull"] = yaml.safe_load((ROOT / "conf" / "pull" / "sample-db.yaml").read_text())["pull"]
    source = conf["pull"]["sources"]["sample_db"]
    source.update({"url": sample_db["url"], "credentials_file": str(sample_db["credentials"]), "retries": 0})
    conf_file = tmp_path / "pull.yaml"
    conf_file.write_text(yaml.safe_dump(conf, sort_keys=False))
    variables = {"HOME": ROOT, "CONF": conf_file, "JAR": JAR, "LANDING": landing, "LAKE": tmp_path / "lake",
                 "EXPORTS": tmp_path / "exports"}
    for name, value in variables.items():
        monkeypatch.setenv(f"AIRFLOW_VAR_TRADECREDIT_{name}", str(value))
    workdir = tmp_path / "workdir"
    workdir.mkdir()
    monkeypatch.chdir(workdir)

    run = dag.test(
        logical_date=datetime(2026, 11, 3, tzinfo=UTC),
        run_conf={"drop_wait_timeout_s": 60, "drop_poke_interval_s": 5},
    )
    states = {ti.task_id: ti.state for ti in run.get_task_instances()}
    assert run.state == "success", states
    assert states["pull.sample_db"] == "success"

    for feed in PULLED:
        drop = landing / feed / f"dt={RUN_DATE}"
        assert (drop / "_SUCCESS").exists(), feed
        manifest = json.loads((drop / "_pull.json").read_text())
        assert manifest["source"] == "sample_db" and manifest["rows"] > 0, manifest
        assert manifest["window_from"] is None and manifest["window_to"] == "2026-11-03T00:00:00Z", manifest
    password = sample_db["credentials"].read_text().split("password=")[1].strip()
    # What the tasks printed (dag.test() runs them here; spark-submit's output goes through the task log).
    out, err = capfd.readouterr()
    assert "pull sample_db orders" in out + err, "the pull's own lines are in the task output"
    assert password not in out + err
    logs = Path(airflow_db) / "logs"
    for path in [*landing.rglob("*"), *(tmp_path / "lake").rglob("*"), *logs.rglob("*")]:
        if path.is_file():
            assert password.encode() not in path.read_bytes(), path
    for feed in PULLED:
        line = re.search(rf"ingest {feed} +dt={RUN_DATE} +files \d+ +read (\d+) +accepted (\d+)", out + err)
        assert line and int(line.group(2)) > 0, f"ingest of the pulled {feed} drop: {line and line.group(0)}"
