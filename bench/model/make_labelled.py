#!/usr/bin/env python3
"""Synthetic labelled company table for training and checking the scorecard.

Writes a CSV with the columns of credit.company_features (one row per company
per as_of_date), plus `true_pd` (the probability the generator used) and `bad`
(0/1, drawn from true_pd). Python 3.11 standard library only; the same
--seed gives the same file byte for byte.

`registry_country` is drawn per company from 40 trading countries with
heavy-tailed (Zipf-like) shares, the largest about a third of the companies and
the smallest a few dozen, about 1% unknown. It has no effect on risk and comes
from a random stream of its own, so the other columns are exactly what they
would be without it: a calibrated model should be calibrated in every country.

How the world works (so a reader can judge what the model should find):
- every company has a latent creditworthiness z ~ N(0, 1) (higher is better),
  plus a small quarter-to-quarter wobble;
- about 30% are thin files: a registry record at most, no trade on any
  platform, so all trade features are null;
- sellers with good z cancel less, deliver on time, lose fewer disputes;
  buyers with good z pay on time, pay fewer days late, owe less overdue;
- bad companies have more credit events, are younger and have less capital;
- true_pd is a logistic function of z with direct, non-linear effects:
  very young companies (< 1 year) and old ones (> 40 years, a U shape in age),
  thin files, overdue amounts, past credit events, a registry status other
  than ACTIVE, and a non-monotone effect of seller volume (mid-size sellers are
  safest, the very largest volumes on young companies are risky);
- the bad rate lands around 5%.

Usage:
  python3 bench/model/make_labelled.py --out bench/model/out/company_labelled.csv
"""

import argparse
import csv
import datetime as dt
import math
import os
import random

AS_OF_DATES = ["2025-03-31", "2025-06-30", "2025-09-30", "2025-12-31"]

# Ranked by share: country k (from 1) gets a share proportional to 1 / k^COUNTRY_ZIPF.
COUNTRIES = ["CN", "US", "DE", "IN", "GB", "TR", "VN", "IT", "PL", "MX", "BR", "FR", "ES", "NL",
             "ID", "TH", "MY", "PK", "BD", "AE", "EG", "NG", "KE", "ZA", "CO", "PE", "CL", "AR",
             "MA", "GH", "PH", "UA", "RO", "CZ", "HU", "PT", "GR", "LK", "ET", "TZ"]
COUNTRY_ZIPF = 1.2
UNKNOWN_COUNTRY_SHARE = 0.01

COLUMNS = [
    "company_id", "registry_country", "as_of_date",
    "seller_orders_365d", "seller_volume_usd_365d", "seller_cancel_share_365d",
    "seller_on_time_delivery_share_365d", "seller_disputes_lost_per_100_orders_365d",
    "buyer_orders_365d", "buyer_on_time_payment_share_365d", "buyer_mean_days_late_365d",
    "buyer_overdue_unpaid_usd", "company_age_years", "registered_capital_usd", "platforms",
    "credit_events_365d", "days_since_last_credit_event",
    "registry_status", "verified",
    "true_pd", "bad",
]

NON_ACTIVE = [("INACTIVE", 0.40), ("SUSPENDED", 0.25), ("IN_LIQUIDATION", 0.20), ("DISSOLVED", 0.15)]
STATUS_LOGIT = {None: 0.35, "ACTIVE": 0.0, "INACTIVE": 1.0, "SUSPENDED": 1.4,
                "IN_LIQUIDATION": 2.4, "DISSOLVED": 2.4}
# Chosen so that the overall bad rate is about 5%.
BASE_LOGIT = -4.3


def sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x))


def poisson(rng, lam):
    """Knuth's method for small means, a rounded normal for large ones (enough here)."""
    if lam <= 0:
        return 0
    if lam > 50:
        return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def pick(rng, weighted):
    r, acc = rng.random(), 0.0
    for value, weight in weighted:
        acc += weight
        if r < acc:
            return value
    return weighted[-1][0]


def country_shares():
    weights = [1.0 / (k + 1) ** COUNTRY_ZIPF for k in range(len(COUNTRIES))]
    total = sum(weights)
    return [(c, w / total) for c, w in zip(COUNTRIES, weights)]


def draw_country(rng, shares):
    return None if rng.random() < UNKNOWN_COUNTRY_SHARE else pick(rng, shares)


def make_company(rng, index):
    """What stays fixed for a company across the snapshots."""
    z = rng.gauss(0.0, 1.0)
    profile = pick(rng, [("thin", 0.30), ("seller", 0.25), ("buyer", 0.20), ("both", 0.25)])
    has_registry = rng.random() < (0.80 if profile == "thin" else 0.95)
    age = min(80.0, max(0.05, math.exp(rng.gauss(1.7 + 0.35 * z - (0.5 if profile == "thin" else 0.0), 0.9))))
    capital = math.exp(rng.gauss(10.5 + 0.5 * z, 1.5)) if has_registry and rng.random() < 0.88 else None
    if has_registry:
        status = pick(rng, NON_ACTIVE) if rng.random() < sigmoid(-3.0 - 1.2 * z) else "ACTIVE"
    else:
        status = None
    return {
        "id": f"C{index:07d}",
        "z": z,
        "profile": profile,
        "has_registry": has_registry,
        "age0": age,
        "capital": capital,
        "status": status,
        "seller_level": math.exp(rng.gauss(3.0 + 0.3 * z, 1.2)),
        "ticket": math.exp(rng.gauss(8.0, 1.0)),
        "buyer_level": math.exp(rng.gauss(2.5, 1.1)),
        "verify_u": rng.random(),
        "old_event": rng.random() < sigmoid(-2.2 - 0.9 * z),
    }


def snapshot(rng, company, quarter, as_of):
    """One row of features for the company at one as-of date, with true_pd and the label."""
    zt = company["z"] + rng.gauss(0.0, 0.25)
    profile = company["profile"]
    age = company["age0"] + 0.25 * quarter if company["has_registry"] else None
    seller = profile in ("seller", "both")
    buyer = profile in ("buyer", "both")
    thin = profile == "thin"
    row = {c: None for c in COLUMNS}
    row["company_id"] = company["id"]
    row["registry_country"] = company["country"]
    row["as_of_date"] = as_of

    if not thin:
        row["seller_orders_365d"] = 0
        row["buyer_orders_365d"] = 0
        row["seller_volume_usd_365d"] = 0.0
    if seller:
        orders = poisson(rng, company["seller_level"] * math.exp(rng.gauss(0.0, 0.2)))
        row["seller_orders_365d"] = orders
        row["seller_volume_usd_365d"] = round(orders * company["ticket"] * math.exp(rng.gauss(0.0, 0.3)), 2)
        if orders > 0:
            row["seller_cancel_share_365d"] = round(sigmoid(rng.gauss(-3.0 - 0.5 * zt, 0.6)), 4)
            row["seller_on_time_delivery_share_365d"] = round(sigmoid(rng.gauss(2.2 + 0.8 * zt, 0.7)), 4)
            lost = poisson(rng, orders * 0.02 * math.exp(-0.9 * zt))
            row["seller_disputes_lost_per_100_orders_365d"] = round(100.0 * lost / orders, 3)
    if buyer:
        orders = poisson(rng, company["buyer_level"] * math.exp(rng.gauss(0.0, 0.2)))
        row["buyer_orders_365d"] = orders
        if orders > 0:
            row["buyer_on_time_payment_share_365d"] = round(sigmoid(rng.gauss(1.8 + 1.0 * zt, 0.8)), 4)
            row["buyer_mean_days_late_365d"] = round(max(0.0, math.exp(rng.gauss(1.5 - 0.6 * zt, 0.7)) - 1.0), 2)
        overdue = rng.random() < sigmoid(-2.0 - 1.3 * zt)
        row["buyer_overdue_unpaid_usd"] = round(math.exp(rng.gauss(8.5 - 0.3 * zt, 1.3)), 2) if overdue else 0.0
    if not thin:
        row["platforms"] = 1 + poisson(rng, 0.6 + 0.3 * max(zt, 0.0) + 0.05 * quarter)
    row["company_age_years"] = round(age, 2) if age is not None else None
    row["registered_capital_usd"] = round(company["capital"], 2) if company["capital"] is not None else None
    row["registry_status"] = company["status"]
    if company["has_registry"]:
        # Verification spreads a little each quarter: a mild drift for the PSI to see.
        row["verified"] = "true" if company["verify_u"] < sigmoid(0.2 + 0.8 * zt + 0.1 * quarter) else "false"
    elif company["verify_u"] < 0.9:
        row["verified"] = "false"

    events = poisson(rng, 0.12 * math.exp(-1.2 * zt))
    row["credit_events_365d"] = events
    if events > 0:
        row["days_since_last_credit_event"] = rng.randint(1, 365)
    elif company["old_event"]:
        row["days_since_last_credit_event"] = rng.randint(366, 2000)

    logit = BASE_LOGIT - 1.0 * zt
    if age is not None:
        logit += 0.8 if age < 1.0 else 0.3 if age < 2.0 else 0.35 if age > 40.0 else 0.0
    if thin:
        logit += 0.3
    if (row["buyer_overdue_unpaid_usd"] or 0.0) > 0.0:
        logit += 0.5
    logit += 0.6 * min(events, 3)
    logit += STATUS_LOGIT[company["status"]]
    volume = row["seller_volume_usd_365d"] or 0.0
    if seller:
        # Non-monotone: mid-size sellers are safest; the largest volumes on young firms are risky.
        logit += -0.25 if 20_000 <= volume < 500_000 else 0.0
        if volume > 2_000_000 and age is not None and age < 3.0:
            logit += 0.9
    true_pd = sigmoid(logit)
    row["true_pd"] = round(true_pd, 6)
    row["bad"] = 1 if rng.random() < true_pd else 0
    return row


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="CSV file to write")
    parser.add_argument("--rows", type=int, default=60000, help="rows to write (companies x as-of dates)")
    parser.add_argument("--seed", type=int, default=20251231)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    companies = [make_company(rng, i) for i in range(max(1, args.rows // len(AS_OF_DATES)))]
    # A stream of its own: drawing countries leaves every other column as it was.
    country_rng = random.Random(f"{args.seed}/registry_country")
    shares = country_shares()
    for company in companies:
        company["country"] = draw_country(country_rng, shares)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    rows = bads = 0
    with open(args.out, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(COLUMNS)
        for quarter, as_of in enumerate(AS_OF_DATES):
            dt.date.fromisoformat(as_of)  # fail early on a mistyped date
            for company in companies:
                row = snapshot(rng, company, quarter, as_of)
                writer.writerow("" if row[c] is None else row[c] for c in COLUMNS)
                rows += 1
                bads += row["bad"]
    print(f"wrote {rows} rows, {bads} bad ({bads / rows:.2%}) to {args.out}")


if __name__ == "__main__":
    main()
