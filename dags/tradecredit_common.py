"""Shared pieces of the tradecredit DAGs: run-time settings, the Spark task factory, the landing sensor.

The DAG files import this module (the DAG folder is on ``sys.path`` in Airflow 3). It only builds
operators: nothing here reads a file, a Variable or a connection at import time. Every path is a
Jinja template that the task resolves when it runs, through the ``tc_setting`` macro.

Settings (see dags/README.md): each is an Airflow Variable, which can also come from the
environment as ``AIRFLOW_VAR_<NAME upper-cased>`` (Airflow's own secrets lookup, env first).

=============================  ==============================================
Variable                       Default
=============================  ==============================================
tradecredit_home               the folder above dags/ (the project root)
tradecredit_conf               {home}/conf/local.yaml
tradecredit_jar                {home}/jobs/target/tradecredit-spark.jar
tradecredit_landing            {home}/data-samples/landing
tradecredit_lake               {home}/work/lake
tradecredit_exports            {home}/work/exports
tradecredit_model_candidates   {home}/work/model-candidates
tradecredit_driver_memory      4g (spark.driver.memory of every Spark task, as bin/tradecredit's driver)
=============================  ==============================================
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from datetime import timedelta
from pathlib import PurePath
from typing import Any

from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from airflow.sdk import BaseSensorOperator
from airflow.sdk.exceptions import AirflowSensorTimeout

#: Main class of the shaded jar; Spark itself comes from spark-submit.
MAIN_CLASS = "io.tradecredit.cli.Main"

#: Pool every Spark task runs in. Create it before the first run (dags/README.md, "The pool").
SPARK_POOL = "tradecredit_spark"
SPARK_POOL_SLOTS_DEFAULT = 2
SPARK_POOL_DESCRIPTION = "tradecredit Spark jobs (spark-submit); size it to what the Spark master can run at once"

#: Connection spark-submit reads its master from; local[*] by default, a cluster by changing only it.
SPARK_CONN_ID = "spark_default"

#: Feeds with one drop every day (the nightly waits for their _SUCCESS marker).
DAILY_FEEDS = ("orders", "payments", "shipments", "fx_rates")
#: Feeds that deliver only on change days (ingested with whatever has arrived).
CHANGE_DAY_FEEDS = ("accounts", "registry", "disputes", "credit_events")

#: Environment variable of the Airflow processes naming the nightly's pull sources and the feeds each pulls, as
#: JSON: ``{"sample_db": ["orders", "payments", "accounts"]}``. The sources themselves (URL, credentials, tables)
#: are configured in the conf file under ``pull.sources`` (README, "Pulling from a platform database").
PULL_SOURCES_ENV = "TRADECREDIT_PULL_SOURCES"


def pull_sources(value: str | None) -> dict[str, tuple[str, ...]]:
    """
    The pull sources of ``TRADECREDIT_PULL_SOURCES`` (unset or empty: none), checked: a source name is what
    ``pull.sources`` allows, a feed is a landing feed with ``updated_at``, and a feed has one producer.
    """
    if not value or not value.strip():
        return {}
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError as err:
        raise ValueError(f"{PULL_SOURCES_ENV} is not JSON ({err}); expected e.g. {{\"db\": [\"orders\"]}}") from err
    if not isinstance(parsed, dict):
        raise ValueError(f"{PULL_SOURCES_ENV} must map source names to lists of feeds")
    owner: dict[str, str] = {}
    sources: dict[str, tuple[str, ...]] = {}
    for source, feeds in parsed.items():
        if not re.fullmatch(r"[a-z][a-z0-9_]*", source):
            raise ValueError(f"{PULL_SOURCES_ENV}: {source!r} is not a source name (lower-case letters, digits, _)")
        if not isinstance(feeds, list) or not feeds:
            raise ValueError(f"{PULL_SOURCES_ENV}: source {source!r} needs a non-empty list of feeds")
        for feed in feeds:
            if feed not in DAILY_FEEDS + CHANGE_DAY_FEEDS or feed == "fx_rates":
                raise ValueError(f"{PULL_SOURCES_ENV}: source {source!r} lists {feed!r}, which is not a feed that "
                                 "can be pulled (fx_rates has no updated_at)")
            if feed in owner:
                raise ValueError(f"{PULL_SOURCES_ENV}: feed {feed!r} is pulled by {owner[feed]!r} and {source!r}; "
                                 "a landing drop has one producer")
            owner[feed] = source
        sources[source] = tuple(feeds)
    return sources


#: The run date D of a nightly run: the day its data interval starts (UTC), never "now".
RUN_DATE = "{{ data_interval_start | ds }}"

# Pure path arithmetic on this file's name: no I/O.
DEFAULT_HOME = str(PurePath(__file__).parent.parent)

#: Setting name -> (Airflow Variable, default; "{home}" is the resolved tradecredit_home).
#: The path defaults are those of conf/local.yaml, so the DAGs and `bin/tradecredit` see the same lake.
SETTINGS: dict[str, tuple[str, str]] = {
    "home": ("tradecredit_home", DEFAULT_HOME),
    "conf": ("tradecredit_conf", "{home}/conf/local.yaml"),
    "jar": ("tradecredit_jar", "{home}/jobs/target/tradecredit-spark.jar"),
    "landing": ("tradecredit_landing", "{home}/data-samples/landing"),
    "lake": ("tradecredit_lake", "{home}/work/lake"),
    "exports": ("tradecredit_exports", "{home}/work/exports"),
    "model_candidates": ("tradecredit_model_candidates", "{home}/work/model-candidates"),
    # The heap bin/tradecredit gives a command's driver: a night's features plan does not fit spark-submit's 1g.
    "driver_memory": ("tradecredit_driver_memory", "4g"),
}

DEFAULT_ARGS: dict[str, Any] = {
    "owner": "tradecredit",
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
}


def tc_setting(name: str) -> str:
    """
    Resolve one setting when a task renders its templates (a user-defined macro, never called at import).

    Precedence: the Airflow Variable (from the environment ``AIRFLOW_VAR_...``, a secrets backend or the
    metadata DB, in Airflow's order), then the default above.
    """
    from airflow.sdk import Variable

    if name not in SETTINGS:
        raise KeyError(f"Cannot resolve tradecredit setting {name!r}: known settings are {sorted(SETTINGS)}")
    variable, default = SETTINGS[name]
    value = Variable.get(variable, default=None)
    if value:
        return str(value).rstrip("/") or "/"
    if name == "home":
        return default
    return default.format(home=tc_setting("home"))


#: Macros every tradecredit DAG registers (``user_defined_macros``).
MACROS = {"tc_setting": tc_setting}


def job_args(command: str, *extra: str, date: str = RUN_DATE) -> list[str]:
    """The command line of the jar: ``<command> [extra] --date D --conf FILE --set paths.*=...``."""
    return [
        command,
        *extra,
        "--date",
        date,
        "--conf",
        "{{ tc_setting('conf') }}",
        "--set",
        "paths.landing={{ tc_setting('landing') }}",
        "--set",
        "paths.lake={{ tc_setting('lake') }}",
        "--set",
        "paths.exports={{ tc_setting('exports') }}",
    ]


def spark_task(
    task_id: str,
    command: str,
    *extra: str,
    date: str = RUN_DATE,
    job_name: str | None = None,
    **kwargs: Any,
) -> SparkSubmitOperator:
    """A ``spark-submit`` of the tradecredit jar running one command, in the Spark pool."""
    kwargs.setdefault("execution_timeout", timedelta(hours=3))
    return SparkSubmitOperator(
        task_id=task_id,
        conn_id=SPARK_CONN_ID,
        application="{{ tc_setting('jar') }}",
        java_class=MAIN_CLASS,
        name=job_name or f"tradecredit-{command}",
        application_args=job_args(command, *extra, date=date),
        # The job resolves relative paths of its conf (e.g. model.path) against TRADECREDIT_HOME, as
        # under bin/tradecredit; without it, against the worker's working directory.
        env_vars={"TRADECREDIT_HOME": "{{ tc_setting('home') }}"},
        conf={"spark.driver.memory": "{{ tc_setting('driver_memory') }}"},
        pool=SPARK_POOL,
        **kwargs,
    )


def _path_exists(path: str) -> bool:
    """True if ``path`` exists: a local path, or a URL (``s3://conn_id@bucket/...``) through ObjectStoragePath."""
    if "://" in path and not path.startswith("file://"):
        from airflow.sdk import ObjectStoragePath

        return ObjectStoragePath(path).exists()
    return os.path.exists(path.removeprefix("file://"))


class LandingDropSensor(BaseSensorOperator):
    """
    Wait for a complete landing drop: ``<landing>/<feed>/dt=<run date>/_SUCCESS``.

    Runs in reschedule mode (no worker slot while waiting). ``wait_timeout`` and ``poke_interval_s``
    are templates (seconds), so a run can change them through its params; on timeout the task fails
    at once (no retry) with a message naming the feed, the date and the marker's path.
    """

    template_fields: Sequence[str] = ("landing", "run_date", "wait_timeout", "poke_interval_s")
    ui_color = "#f0e4c8"

    def __init__(
        self,
        *,
        feed: str,
        landing: str = "{{ tc_setting('landing') }}",
        run_date: str = RUN_DATE,
        wait_timeout: str | float = 6 * 3600,
        poke_interval_s: str | float = 300,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("mode", "reschedule")
        super().__init__(**kwargs)
        self.feed = feed
        self.landing = landing
        self.run_date = run_date
        self.wait_timeout = wait_timeout
        self.poke_interval_s = poke_interval_s

    @property
    def marker(self) -> str:
        return f"{str(self.landing).rstrip('/')}/{self.feed}/dt={self.run_date}/_SUCCESS"

    def poke(self, context: Any) -> bool:
        found = _path_exists(self.marker)
        self.log.info("%s: %s", "found" if found else "not yet", self.marker)
        return found

    def execute(self, context: Any) -> Any:
        # The rendered templates decide how long to wait (BaseSensorOperator reads these attributes).
        self.timeout = float(self.wait_timeout)
        self.poke_interval = float(self.poke_interval_s)
        try:
            return super().execute(context)
        except AirflowSensorTimeout as err:
            raise AirflowSensorTimeout(
                f"Landing drop for feed '{self.feed}' on {self.run_date} is not complete: "
                f"no _SUCCESS marker at {self.marker} after waiting {self.timeout:g} s. "
                "Ask the producer to deliver (or finish) that drop, then clear this task; "
                "see 'When a task fails' in the DAG docs."
            ) from err
