"""
Test setup for the DAGs: a throwaway AIRFLOW_HOME with a SQLite metadata DB.

Airflow reads its configuration when it is first imported, so the environment is set here, at
collection time, before any test module imports it. Nothing touches a real Airflow installation.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

DAGS = Path(__file__).resolve().parents[1]
ROOT = DAGS.parent
VENV_BIN = Path(sys.executable).parent
JAR = Path(os.environ.get("TRADECREDIT_E2E_JAR", ROOT / "jobs" / "target" / "tradecredit-spark.jar"))
SAMPLES = ROOT / "data-samples" / "landing"
#: The connection the Spark tasks submit through unless a test points it elsewhere: local Spark, two cores.
LOCAL_SPARK_CONN = json.dumps({"conn_type": "spark", "host": "local[2]"})

_airflow_home = Path(tempfile.mkdtemp(prefix="tradecredit-airflow-home-"))
os.environ.update(
    {
        "AIRFLOW_HOME": str(_airflow_home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{_airflow_home}/airflow.db",
        "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(_airflow_home / "logs"),
        "AIRFLOW_CONN_SPARK_DEFAULT": LOCAL_SPARK_CONN,
        # spark-submit is found on PATH (the hook runs it by name): the venv's, from pyspark.
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "SPARK_LOCAL_IP": "127.0.0.1",
    }
)
# Airflow puts the DAG folder on sys.path when it parses a bundle; a plain DagBag does not.
sys.path.insert(0, str(DAGS))

SPARK_POOL_SLOTS = 2


def pytest_sessionfinish(session, exitstatus):
    if not os.environ.get("TRADECREDIT_KEEP_TEST_DIRS"):
        shutil.rmtree(_airflow_home, ignore_errors=True)


@pytest.fixture(scope="session")
def dagbag():
    from airflow.models import DagBag

    from tradecredit_common import SPARK_POOL

    return DagBag(dag_folder=str(DAGS), known_pools={"default_pool", SPARK_POOL})


@pytest.fixture(scope="session")
def airflow_db():
    """Initialise the metadata DB (``airflow db migrate``) and create the Spark pool, as documented."""
    from tradecredit_common import SPARK_POOL, SPARK_POOL_DESCRIPTION

    subprocess.run(
        [sys.executable, "-m", "airflow", "db", "migrate"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run(
        [sys.executable, "-m", "airflow", "pools", "set", SPARK_POOL, str(SPARK_POOL_SLOTS), SPARK_POOL_DESCRIPTION],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return _airflow_home


@pytest.fixture(scope="session")
def prerequisites():
    missing = [str(p) for p in (JAR, SAMPLES) if not p.exists()]
    if missing:
        pytest.fail(f"the end-to-end test needs {', '.join(missing)} (build the jar with bin/tradecredit or Maven)")


def nightly_environment(folder: Path, monkeypatch) -> dict[str, Path]:
    """
    In ``folder``: a copy of the sample landing, an empty lake and exports, a light Spark conf; the DAGs' Variables
    point at them through the environment, and the working directory moves to ``folder/workdir``.
    """
    landing = folder / "landing"
    shutil.copytree(SAMPLES, landing)
    lake, exports = folder / "lake", folder / "exports"

    conf = yaml.safe_load((ROOT / "conf" / "local.yaml").read_text())
    conf.setdefault("spark", {}).update({"master": "local[2]", "shuffle_partitions": 2})
    conf_file = folder / "e2e.yaml"
    conf_file.write_text(yaml.safe_dump(conf, sort_keys=False))

    variables = {
        "HOME": ROOT,
        "CONF": conf_file,
        "JAR": JAR,
        "LANDING": landing,
        "LAKE": lake,
        "EXPORTS": exports,
    }
    for name, value in variables.items():
        monkeypatch.setenv(f"AIRFLOW_VAR_TRADECREDIT_{name}", str(value))
    # Whatever Spark or the job writes to its working directory stays out of the repository.
    workdir = folder / "workdir"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    return variables


@dataclass(frozen=True)
class LocalNight:
    """What the tests read of the local night: taken right after it, since a later dag.test() replaces its DagRun."""

    variables: dict[str, Path]
    state: str
    states: dict[str, str]
    data_interval_start: datetime
    publish_fields: dict
    asset_events: list
    seconds: float


@pytest.fixture(scope="session")
def local_nightly(prerequisites, dagbag, airflow_db, tmp_path_factory) -> LocalNight:
    """
    The nightly for run date 2026-11-02 on local Spark over a fresh copy of the samples (nightly_environment), run
    once per session: test_nightly_end_to_end checks it, and test_cluster_end_to_end compares a cluster's night
    with it. Each task is a spark-submit of its own, so a second local night would add minutes to the DAG tests.
    """
    from airflow.models.renderedtifields import RenderedTaskInstanceFields

    with pytest.MonkeyPatch.context() as monkeypatch:
        variables = nightly_environment(tmp_path_factory.mktemp("local-nightly"), monkeypatch)
        monkeypatch.setenv("AIRFLOW_CONN_SPARK_DEFAULT", LOCAL_SPARK_CONN)
        started = time.monotonic()
        run = run_nightly(dagbag)
        seconds = time.monotonic() - started
        publish = next((ti for ti in run.get_task_instances() if ti.task_id == "publish"), None)
        return LocalNight(
            variables=variables,
            state=run.state,
            states=task_states(run),
            data_interval_start=run.data_interval_start,
            publish_fields=(publish and RenderedTaskInstanceFields.get_templated_fields(publish)) or {},
            asset_events=published_asset_events(run),
            seconds=seconds,
        )


#: Lines of a failed night's output worth reading first: the job's own error and Spark's exceptions.
FAILURE_LINE = re.compile(r"ERROR|Exception|Caused by|Error:|failed", re.IGNORECASE)


def failure_lines(output: str, limit: int = 40) -> str:
    """The last ``limit`` lines of ``output`` that say what failed, for an assertion message CI shows whole."""
    lines = [line[:400] for line in output.splitlines() if FAILURE_LINE.search(line)]
    return "\n".join(lines[-limit:])


def run_nightly(dagbag):
    """
    dag.test() of the nightly for run date 2026-11-02, without retries (a failure shows at once instead of after
    2 x 10 min). A manual run at logical date 2026-11-03 has data interval [11-02, 11-03): exactly the scheduled run
    for 2026-11-02 (see test_dag_validity). A second call replaces the first call's DagRun.
    """
    dag = copy.deepcopy(dagbag.dags["tradecredit_nightly"])
    for task in dag.tasks:
        task.retries = 0
    return dag.test(
        logical_date=datetime(2026, 11, 3, tzinfo=timezone.utc),
        run_conf={"drop_wait_timeout_s": 60, "drop_poke_interval_s": 5},
    )


def task_states(run) -> dict[str, str]:
    return {ti.task_id: ti.state for ti in run.get_task_instances()}


def published_asset_events(run):
    from sqlalchemy import select

    from airflow.models.asset import AssetEvent, AssetModel
    from airflow.utils.session import create_session

    with create_session() as session:
        rows = session.execute(
            select(AssetEvent.source_task_id, AssetModel.name)
            .join(AssetModel, AssetEvent.asset_id == AssetModel.id)
            .where(AssetEvent.source_run_id == run.run_id)
        ).all()
    return [tuple(row) for row in rows]
