#!/usr/bin/env python3
"""Write the sample platform database: schema.sql and data.sql, for bin/sample-db.

    python3 data-samples/platform-db/make_platform_db.py

The database is what the marketplace `tradehub` keeps in its own order system: its orders, payments and accounts
from data-samples/landing, each record in its latest version (a database holds the current row, not the history of
deliveries), under the platform's own table and column names, which conf/pull/sample-db.yaml maps to the landing
contract. Rows the database types cannot hold (a malformed line, a timestamp that is no timestamp) are left out; a
negative amount or an unknown currency fits the columns and stays, for ingest to quarantine as it does in files.
Stdlib only; the output is the same from run to run.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
LANDING = HERE.parent / "landing"
PLATFORM = "tradehub"

# table -> (feed, key, [(db column, landing column, SQL type)])
TABLES = {
    "shop.orders": ("orders", ["order_id"], [
        ("id", None, "bigserial PRIMARY KEY"),
        ("platform", "platform", "text NOT NULL"),
        ("order_ref", "order_id", "text NOT NULL UNIQUE"),
        ("seller_account", "seller_account", "text NOT NULL"),
        ("buyer_account", "buyer_account", "text NOT NULL"),
        ("placed_at", "order_ts", "timestamptz NOT NULL"),
        ("total", "amount", "numeric(18,2) NOT NULL"),
        ("currency", "currency", "text NOT NULL"),
        ("terms_days", "payment_terms_days", "integer NOT NULL"),
        ("category", "category", "text"),
        ("status", "status", "text NOT NULL"),
        ("updated_at", "updated_at", "timestamptz NOT NULL"),
    ]),
    "shop.payments": ("payments", ["payment_id"], [
        ("id", None, "bigserial PRIMARY KEY"),
        ("platform", "platform", "text NOT NULL"),
        ("payment_ref", "payment_id", "text NOT NULL UNIQUE"),
        ("order_ref", "order_id", "text NOT NULL"),
        ("payer_account", "payer_account", "text NOT NULL"),
        ("due_date", "due_date", "date NOT NULL"),
        ("paid_at", "paid_at", "timestamptz"),
        ("amount", "amount", "numeric(18,2) NOT NULL"),
        ("currency", "currency", "text"),
        ("updated_at", "updated_at", "timestamptz NOT NULL"),
    ]),
    "shop.accounts": ("accounts", ["account_id"], [
        ("id", None, "bigserial PRIMARY KEY"),
        ("platform", "platform", "text NOT NULL"),
        ("account_ref", "account_id", "text NOT NULL UNIQUE"),
        ("registry_country", "registry_country", "text NOT NULL"),
        ("registration_number", "registration_number", "text"),
        ("legal_name", "declared_name", "text NOT NULL"),
        ("verified", "verified", "boolean NOT NULL"),
        ("verified_at", "verified_at", "timestamptz"),
        ("created_at", "created_at", "timestamptz NOT NULL"),
        ("updated_at", "updated_at", "timestamptz NOT NULL"),
    ]),
}


def records(feed: str):
    """Every record of a feed's drops, oldest drop first, as dicts of text (None for empty)."""
    for drop in sorted((LANDING / feed).glob("dt=*")):
        for file in sorted(drop.iterdir()):
            name = file.name
            if name.startswith(("_", ".")):
                continue
            raw = gzip.decompress(file.read_bytes()) if name.endswith(".gz") else file.read_bytes()
            text = raw.decode("utf-8")
            if ".csv" in name:
                for row in csv.DictReader(io.StringIO(text)):
                    if None in row:  # more fields than the header: malformed
                        continue
                    yield {k: (v if v != "" else None) for k, v in row.items()}
            else:
                for line in text.splitlines():
                    try:
                        obj = json.loads(line)
                    except json.JSONDecodeError:
                        continue
                    yield {k: (None if v is None else str(v).lower() if isinstance(v, bool) else str(v))
                           for k, v in obj.items()}


def fits(sql_type: str, value: str | None) -> bool:
    if value is None:
        return "NOT NULL" not in sql_type
    try:
        if sql_type.startswith("timestamptz"):
            datetime.fromisoformat(value.replace("Z", "+00:00"))
        elif sql_type.startswith("date"):
            datetime.strptime(value, "%Y-%m-%d")
        elif sql_type.startswith("integer"):
            int(value)
        elif sql_type.startswith("numeric"):
            float(value)
        elif sql_type.startswith("boolean"):
            return value in ("true", "false")
    except ValueError:
        return False
    return True


def copy_value(value: str | None) -> str:
    if value is None:
        return "\\N"
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def main() -> None:
    schema = ["-- The sample platform database (tradehub's order system); written by make_platform_db.py.",
              "CREATE SCHEMA shop;"]
    data = ["-- The rows of the sample platform database; written by make_platform_db.py.",
            "SET TIME ZONE 'UTC';"]
    for table, (feed, key, columns) in TABLES.items():
        cols = ",\n  ".join(f"{c} {t}" for c, _, t in columns)
        schema.append(f"CREATE TABLE {table} (\n  {cols}\n);")
        # pull reads a night's changes by updated_at: the index keeps that a range scan, not a scan of the table.
        schema.append(f"CREATE INDEX ON {table} (updated_at);")
        latest: dict[tuple, dict] = {}
        for rec in records(feed):
            if rec.get("platform") != PLATFORM:
                continue
            if not all(fits(t, rec.get(landing)) for _, landing, t in columns if landing):
                continue
            k = tuple(rec[c] for c in key)
            at = datetime.fromisoformat(rec["updated_at"].replace("Z", "+00:00"))
            if k not in latest or at > latest[k][0]:
                latest[k] = (at, rec)
        names = [c for c, landing, _ in columns if landing]
        data.append(f"COPY {table} ({', '.join(names)}) FROM stdin;")
        for _, rec in sorted(latest.values(), key=lambda v: (v[0], [v[1][c] for c in key])):
            data.append("\t".join(copy_value(rec.get(landing)) for _, landing, _ in columns if landing))
        data.append("\\.")
    data.append("ANALYZE;")
    (HERE / "schema.sql").write_text("\n".join(schema) + "\n")
    (HERE / "data.sql").write_text("\n".join(data) + "\n")


if __name__ == "__main__":
    main()
