"""
Test setup for the DAGs: a throwaway AIRFLOW_HOME with a SQLite metadata DB.

Airflow reads its configuration when it is first imported, so the environment is set here, at
collection time, before any test module imports it. Nothing touches a real Airflow installation.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

DAGS = Path(__file__).resolve().parents[1]
ROOT = DAGS.parent
VENV_BIN = Path(sys.executable).parent

_airflow_home = Path(tempfile.mkdtemp(prefix="tradecredit-airflow-home-"))
os.environ.update(
    {
        "AIRFLOW_HOME": str(_airflow_home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{_airflow_home}/airflow.db",
        "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(_airflow_home / "logs"),
        # The connection the Spark tasks submit through: local Spark, two cores.
        "AIRFLOW_CONN_SPARK_DEFAULT": json.dumps({"conn_type": "spark", "host": "local[2]"}),
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
