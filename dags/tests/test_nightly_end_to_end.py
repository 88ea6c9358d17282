"""
The nightly DAG end to end: dag.test() for run date 2026-11-02 over a copy of the sample drops,
real spark-submit of the real jar on local Spark (conftest's local_nightly, run once per session and
shared with test_cluster_end_to_end), then the published table holds that date's rows.

Needs the shaded jar (jobs/target/tradecredit-spark.jar, or TRADECREDIT_E2E_JAR) and
data-samples/landing; without them the test fails, naming what is missing (bin/test builds the
jar with Maven before it runs these tests).
"""

from __future__ import annotations

import os
import re
import subprocess
from datetime import datetime, timezone

from conftest import ROOT

UTC = timezone.utc
RUN_DATE = "2026-11-02"


def published_rows(variables, run_date):
    """Count credit.company_score rows for run_date with the jar's own `sql` command (same Spark, same jar)."""
    query = f"SELECT count(*) AS n FROM credit.company_score WHERE as_of_date = DATE'{run_date}'"
    # fmt: off
    command = [
        "spark-submit", "--master", "local[2]", "--class", "io.tradecredit.cli.Main", str(variables["JAR"]),
        "sql", "--format", "csv", query,
        "--conf", str(variables["CONF"]),
        "--set", f"paths.landing={variables['LANDING']}",
        "--set", f"paths.lake={variables['LAKE']}",
        "--set", f"paths.exports={variables['EXPORTS']}",
    ]
    # fmt: on
    env = {**os.environ, "TRADECREDIT_HOME": str(variables["HOME"])}
    done = subprocess.run(command, capture_output=True, text=True, timeout=900, env=env)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stderr[-4000:]}"
    numbers = [line.strip() for line in done.stdout.splitlines() if re.fullmatch(r"\s*\d+\s*", line)]
    assert numbers, f"no count in the output of {' '.join(command)}:\n{done.stdout[-2000:]}"
    return int(numbers[-1])


def test_nightly_run_publishes_the_run_date(local_nightly):
    night = local_nightly
    assert night.state == "success", night.states
    assert night.data_interval_start == datetime(2026, 11, 2, tzinfo=UTC)
    assert set(night.states.values()) == {"success"}

    args = night.publish_fields["application_args"]
    assert args[:3] == ["publish", "--date", RUN_DATE]
    assert f"paths.lake={night.variables['LAKE']}" in args
    assert night.publish_fields["env_vars"] == {"TRADECREDIT_HOME": str(ROOT)}
    assert night.publish_fields["conf"] == {"spark.driver.memory": "4g"}

    assert published_rows(night.variables, RUN_DATE) > 0
    assert night.asset_events == [("publish", "credit.company_score")]
