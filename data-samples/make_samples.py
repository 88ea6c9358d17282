#!/usr/bin/env python3
"""Write the tradecredit sample landing drops and the facts tests assert on.

    python3 data-samples/make_samples.py            # rewrites data-samples/landing/ and expected.json
    python3 data-samples/make_samples.py --tables   # also prints the README tables (drops, bad rows)

Stdlib only, fixed seed: two runs give byte-identical files (.gz written with mtime=0).
The world is described in data-samples/README.md; the input contract is ../shared/contract/landing.md.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import math
import random
import shutil
import sys
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

SEED = 20261102
UTC = timezone.utc
HERE = Path(__file__).resolve().parent
LANDING = HERE / "landing"
EXPECTED = HERE / "expected.json"

DROP_DATES = [date(2026, 11, 2) + timedelta(days=i) for i in range(5)]
FIRST, LAST = DROP_DATES[0], DROP_DATES[-1]
HISTORY_START = date(2025, 11, 1)  # first event day of the initial load
FX_START = date(2025, 10, 1)  # first rate day of the initial fx load
END = datetime(LAST.year, LAST.month, LAST.day, 23, 59, 59, tzinfo=UTC)  # nothing after this exists

COLUMNS = {
    "orders": ["platform", "order_id", "seller_account", "buyer_account", "order_ts", "amount", "currency",
               "payment_terms_days", "category", "status", "updated_at"],
    "payments": ["platform", "payment_id", "order_id", "payer_account", "due_date", "paid_at", "amount",
                 "currency", "updated_at"],
    "shipments": ["carrier", "shipment_id", "platform", "order_id", "origin_country", "destination_country",
                  "promised_date", "shipped_at", "customs_cleared_at", "delivered_at", "status", "updated_at"],
    "disputes": ["platform", "dispute_id", "order_id", "opened_at", "opened_by", "reason", "status",
                 "resolved_at", "at_fault", "amount", "currency", "updated_at"],
    "accounts": ["platform", "account_id", "registry_country", "registration_number", "declared_name",
                 "verified", "verified_at", "created_at", "updated_at"],
    "registry": ["registry_country", "registration_number", "legal_name", "legal_form", "status",
                 "incorporation_date", "registered_capital", "capital_currency", "industry_code", "city",
                 "updated_at"],
    "fx_rates": ["rate_date", "currency", "usd_per_unit"],
    "credit_events": ["registry_country", "registration_number", "event_type", "event_date", "reporter",
                      "amount", "currency", "updated_at"],
}
KEYS = {
    "orders": ["platform", "order_id"],
    "payments": ["platform", "payment_id"],
    "shipments": ["carrier", "shipment_id"],
    "disputes": ["platform", "dispute_id"],
    "accounts": ["platform", "account_id"],
    "registry": ["registry_country", "registration_number"],
    "fx_rates": ["rate_date", "currency"],
    "credit_events": ["registry_country", "registration_number", "event_type", "event_date", "reporter"],
}
FEEDS = list(COLUMNS)

# Platform timestamps are written in the producer's zone: silkmart and cosco in +08:00, the rest in Z.
OFFSET_HOURS = {"silkmart": 8, "cosco": 8}
PLATFORM_PREFIX = {"tradehub": "TH", "silkmart": "SM", "bazaarb2b": "BZ"}
ACCOUNT_BASE = {"tradehub": 10000, "silkmart": 20000, "bazaarb2b": 30000}


def stream(name: str) -> random.Random:
    """An independent, deterministic random stream (str seeds hash with sha512, not PYTHONHASHSEED)."""
    return random.Random(f"{SEED}:{name}")


def dt_utc(s: str) -> datetime:
    return datetime.fromisoformat(s.replace("Z", "+00:00")).astimezone(UTC)


def fmt_ts(t: datetime, offset_hours: int = 0) -> str:
    t = t.astimezone(UTC).replace(microsecond=0)
    if offset_hours == 0:
        return t.strftime("%Y-%m-%dT%H:%M:%SZ")
    local = t + timedelta(hours=offset_hours)
    sign = "+" if offset_hours > 0 else "-"
    return local.strftime("%Y-%m-%dT%H:%M:%S") + f"{sign}{abs(offset_hours):02d}:00"


def fmt_dec(d: Decimal, trim: bool = False) -> str:
    s = f"{d:.2f}"
    if trim:
        s = s.rstrip("0").rstrip(".")
    return s


def money(x: float) -> Decimal:
    return Decimal(f"{x:.2f}")


def days(n: float) -> timedelta:
    return timedelta(days=n)


def hours(n: float) -> timedelta:
    return timedelta(hours=n)


def norm_regno(s: str) -> str:
    """The contract's identity rule: upper-case, remove spaces . - /."""
    return "".join(ch for ch in s.upper() if ch not in " .-/")


# ---------------------------------------------------------------------------------------------------------
# FX rates: a random walk per currency on weekdays only (weekends have no rate by design).
FX_BASE = {  # usd_per_unit at FX_START, daily drift
    "EUR": (1.0842, 0.00002), "GBP": (1.2716, 0.0), "CNY": (0.13987, 0.0), "TRY": (0.02912, -0.0006),
    "BRL": (0.1862, -0.00005), "INR": (0.011934, -0.00003), "MXN": (0.05487, 0.0), "VND": (0.00003935, -0.00002),
}


def rate_text(x: float) -> Decimal:
    digits = min(10, 6 - math.floor(math.log10(x)))
    return Decimal(f"{x:.{digits}f}")


def build_fx() -> dict[str, dict[date, Decimal]]:
    r = stream("fx")
    out: dict[str, dict[date, Decimal]] = {}
    for ccy, (base, drift) in FX_BASE.items():
        x, d, series = base, FX_START, {}
        while d <= LAST:
            if d.weekday() < 5:
                x *= math.exp(drift + r.gauss(0, 0.003)) * (base / x) ** 0.03  # drift, noise, mean reversion
                series[d] = rate_text(x)
            d += days(1)
        out[ccy] = series
    return out


FX = build_fx()


def usd_per_unit(ccy: str, d: date) -> float:
    """Rate of day d with the contract's fallback (latest earlier rate within 7 days)."""
    if ccy == "USD":
        return 1.0
    for back in range(8):
        v = FX[ccy].get(d - days(back))
        if v is not None:
            return float(v)
    raise KeyError(f"no {ccy} rate within 7 days of {d}")


# ---------------------------------------------------------------------------------------------------------
# Companies: registry records (and the trading behaviour behind them).
# key, country, registration number as the registry writes it, legal name, legal form, city, ISIC rev.4,
# incorporation date, capital, capital currency, status, quality (latent creditworthiness 0..1), role
# (S seller, B buyer, SB both), size (L/M/S), category of goods sold.
COMPANIES = [
    ("hengtai", "CN", "91310000MA1K4AB3XX", "Shanghai Hengtai Machinery Co., Ltd.", "LLC", "Shanghai", "2819", "2009-04-17", "50000000", "CNY", "ACTIVE", 0.93, "S", "L", "machinery"),
    ("bright", "CN", "91440300MA5DC7QK1N", "BRIGHT LIGHTING CO LTD", "LLC", "Shenzhen", "2740", "2016-08-22", "2000000", "CNY", "ACTIVE", 0.80, "S", "S", "lighting"),
    ("ningbo", "CN", "91330200MA2H3L8R6T", "Ningbo Oceanic Plastics Co., Ltd.", "LLC", "Ningbo", "2220", "2011-10-09", "12000000", "CNY", "ACTIVE", 0.82, "S", "M", "plastics"),
    ("jinli", "CN", "91440101MA59TB2E3K", "Guangzhou Jinli Garments Co., Ltd.", "LLC", "Guangzhou", "1410", "2015-03-30", "5000000", "CNY", "ACTIVE", 0.55, "S", "M", "apparel"),
    ("sunrise", "CN", "91320500MA1MX0T27G", "Suzhou Sunrise Home Textiles Co., Ltd.", "LLC", "Suzhou", "1392", "2013-06-18", "3000000", "CNY", "ACTIVE", 0.95, "S", "S", "home_textiles"),
    ("haoyun", "CN", "91330782MA2EC4G81P", "Yiwu Haoyun Trading Co., Ltd.", "LLC", "Yiwu", "4690", "2012-01-05", "20000000", "CNY", "ACTIVE", 0.78, "S", "L", "general_merchandise"),
    ("bluewave", "CN", "91350200MA31R2KC5B", "Xiamen Bluewave Electronics Co., Ltd.", "LLC", "Xiamen", "2610", "2024-03-12", "1000000", "CNY", "ACTIVE", 0.30, "S", "M", "electronics"),
    ("meida", "CN", "91440606MA4WJ7UQ0F", "Foshan Meida Furniture Co., Ltd.", "LLC", "Foshan", "3100", "2008-11-21", "8000000", "CNY", "ACTIVE", 0.90, "S", "M", "furniture"),
    ("yuanda", "CN", "91120116MA06E6UP1Y", "Tianjin Yuanda Steel Pipe Co., Ltd.", "LLC", "Tianjin", "2420", "2006-07-14", "80000000", "CNY", "ACTIVE", 0.60, "S", "L", "steel"),
    ("greenleaf", "CN", "91330106MA27Y9HE4D", "Hangzhou Greenleaf Tea Co., Ltd.", "LLC", "Hangzhou", "1079", "2017-04-03", "1500000", "CNY", "ACTIVE", 0.85, "S", "S", "tea"),
    ("kaida", "CN", "91441900MA4UL8PN2X", "Dongguan Kaida Toys Co., Ltd.", "LLC", "Dongguan", "3240", "2025-01-08", "500000", "CNY", "SUSPENDED", 0.10, "S", "S", "toys"),
    ("haixin", "CN", "91370200MA3C5R9J8W", "Qingdao Haixin Auto Parts Co., Ltd.", "LLC", "Qingdao", "2930", "2014-09-26", "10000000", "CNY", "ACTIVE", 0.80, "SB", "M", "auto_parts"),
    ("saigon", "VN", "0313867452", "Saigon Coffee Export Joint Stock Company", "JSC", "Hồ Chí Minh", "1079", "2016-05-11", "30000000000", "VND", "ACTIVE", 0.80, "S", "M", "coffee"),
    ("hanoisilk", "VN", "0107745321", "Hanoi Silk Garment Company Limited", "LLC", "Hà Nội", "1410", "2017-02-20", "8000000000", "VND", "ACTIVE", 0.55, "S", "S", "apparel"),
    ("haiphong", "VN", "0201548876", "Haiphong Cable Manufacturing JSC", "JSC", "Hải Phòng", "2732", "2010-08-02", "60000000000", "VND", "ACTIVE", 0.92, "S", "M", "cables"),
    ("binhduong", "VN", "3702233194", "Binh Duong Wood Products Co., Ltd.", "LLC", "Thủ Dầu Một", "1622", "2023-06-19", "2000000000", "VND", "ACTIVE", 0.30, "S", "S", "wood_products"),
    ("mekong", "VN", "1801663420", "Mekong Seafood Trading Co., Ltd.", "LLC", "Cần Thơ", "1020", "2019-09-09", "5000000000", "VND", "ACTIVE", 0.60, "S", "S", "seafood"),
    ("anadolu", "TR", "0735041226300014", "Anadolu Tekstil Sanayi ve Ticaret A.Ş.", "A.Ş.", "İstanbul", "1313", "2003-02-14", "25000000", "TRY", "ACTIVE", 0.82, "S", "L", "textiles"),
    ("ege", "TR", "0621098345500011", "Ege Zeytin Gıda Ltd. Şti.", "Ltd. Şti.", "İzmir", "1040", "2012-10-30", "1500000", "TRY", "ACTIVE", 0.95, "S", "S", "olive_oil"),
    ("bursa", "TR", "0458823109100017", "Bursa Otomotiv Yan Sanayi A.Ş.", "A.Ş.", "Bursa", "2930", "2010-05-06", "12000000", "TRY", "ACTIVE", 0.60, "SB", "M", "auto_parts"),
    ("marmara", "TR", "0892130456700019", "Marmara Deri Mamulleri Ltd. Şti.", "Ltd. Şti.", "İstanbul", "1512", "2023-01-17", "50000", "TRY", "ACTIVE", 0.10, "SB", "S", "leather"),
    ("mumbai", "IN", "U17120MH2009PTC192834", "Mumbai Cotton Mills Private Limited", "Private Limited", "Mumbai", "1311", "2009-06-23", "150000000", "INR", "ACTIVE", 0.80, "S", "L", "cotton"),
    ("gujarat", "IN", "U24100GJ2014PTC080123", "Gujarat Dyechem Private Limited", "Private Limited", "Ahmedabad", "2011", "2014-01-29", "40000000", "INR", "ACTIVE", 0.92, "S", "M", "chemicals"),
    ("chennai", "IN", "U29300TN2018PTC124587", "Chennai Precision Engineering Private Limited", "Private Limited", "Chennai", "2599", "2018-07-12", "20000000", "INR", "ACTIVE", 0.55, "S", "M", "engineering"),
    ("delhi", "IN", "U52100DL2021PTC378912", "Delhi Handicraft Exports Private Limited", "Private Limited", "New Delhi", "3290", "2021-11-03", "500000", "INR", "ACTIVE", 0.30, "S", "S", "handicrafts"),
    ("bengaluru", "IN", "U15400KA2016PTC093456", "Bengaluru Spice Traders Private Limited", "Private Limited", "Bengaluru", "4630", "2016-03-08", "5000000", "INR", "ACTIVE", 0.85, "S", "S", "spices"),
    ("mueller", "DE", "HRB 86421", "Müller Präzisionsteile GmbH", "GmbH", "Stuttgart", "2562", "2004-09-01", "250000", "EUR", "ACTIVE", 0.95, "SB", "M", "machined_parts"),
    ("hansa", "DE", "HRB 20417", "Hansa Elektro Handel GmbH", "GmbH", "Hamburg", "4652", "1998-03-16", "500000", "EUR", "ACTIVE", 0.85, "B", "L", None),
    ("schwarzwald", "DE", "HRB 731245", "Schwarzwald Möbelhaus GmbH", "GmbH", "Freiburg im Breisgau", "4759", "2007-12-04", "100000", "EUR", "ACTIVE", 0.60, "B", "M", None),
    ("rheinland", "DE", "HRA 51234", "Rheinland Werkzeug GmbH & Co. KG", "GmbH & Co. KG", "Düsseldorf", "4663", "2001-05-22", "1000000", "EUR", "ACTIVE", 0.80, "B", "M", None),
    ("berliner", "DE", "HRB 99310", "Berliner Textilimport GmbH", "GmbH", "Berlin", "4641", "2024-02-27", "25000", "EUR", "ACTIVE", 0.30, "B", "S", None),
    ("bayerische", "DE", "HRB 45120", "Bayerische Autoteile Vertrieb GmbH", "GmbH", "München", "4531", "2005-10-10", "300000", "EUR", "ACTIVE", 0.93, "B", "M", None),
    ("lakeside", "US", "84-2716634", "Lakeside Supply, LLC", "LLC", "Chicago", "4690", "2014-04-01", None, None, "ACTIVE", 0.80, "B", "M", None),
    ("pacificrim", "US", "46-3928105", "Pacific Rim Imports, Inc.", "Inc.", "Los Angeles", "4690", "2002-08-19", None, None, "ACTIVE", 0.95, "B", "L", None),
    ("atlantic", "US", "27-1584920", "Atlantic Home Goods Corp", "Corp.", "New York", "4649", "1999-01-12", None, None, "ACTIVE", 0.82, "B", "L", None),
    ("lonestar", "US", "81-0937264", "Lone Star Hardware Distributors, Inc.", "Inc.", "Houston", "4663", "2011-06-30", None, None, "ACTIVE", 0.55, "B", "M", None),
    ("midwest", "US", "88-4412973", "Midwest Auto Parts Wholesale LLC", "LLC", "Detroit", "4530", "2020-09-14", "100000", "USD", "ACTIVE", 0.30, "B", "M", None),
    ("sunbelt", "US", "92-1187345", "Sunbelt Outfitters LLC", "LLC", "Phoenix", "4771", "2024-01-22", None, None, "DISSOLVED", 0.10, "B", "S", None),
    ("greatlakes", "US", "35-2281946", "Great Lakes Packaging Co", "Corp.", "Cleveland", "1702", "1995-07-07", None, None, "INACTIVE", 0.70, "-", "S", None),
    ("northwind1", "GB", "09876543", "Northwind Trading Ltd", "Ltd", "London", "4690", "2015-11-02", "1000", "GBP", "ACTIVE", 0.60, "B", "S", None),
    ("northwind2", "GB", "11223344", "NORTHWIND TRADING LIMITED", "Ltd", "Manchester", "4690", "2018-02-14", "100", "GBP", "ACTIVE", 0.80, "B", "S", None),
    ("highland", "GB", "SC547812", "Highland Woollens Limited", "Ltd", "Edinburgh", "1391", "2016-10-25", "50000", "GBP", "ACTIVE", 0.95, "SB", "S", "woollens"),
    ("thames", "GB", "07654321", "Thames Valley Electricals Ltd", "Ltd", "Reading", "4743", "2011-03-08", "250000", "GBP", "ACTIVE", 0.82, "B", "M", None),
    ("brixton", "GB", "12987654", "Brixton Fashion Wholesale Ltd", "Ltd", "London", "4642", "2023-09-05", "100", "GBP", "ACTIVE", 0.30, "B", "S", None),
    ("vesuvio", "IT", "03915400128", "Ceramiche Vesuvio SRL", "S.r.l.", "Napoli", "2342", "2013-05-15", "50000", "EUR", "ACTIVE", 0.82, "S", "S", "ceramics"),
    ("comasca", "IT", "07128450963", "Tessitura Comasca S.p.A.", "S.p.A.", "Como", "1312", "1987-09-28", "5000000", "EUR", "ACTIVE", 0.95, "S", "L", "textiles"),
    ("veneta", "IT", "02457810235", "Veneta Calzature S.r.l.", "S.r.l.", "Verona", "1520", "2009-02-11", "100000", "EUR", "ACTIVE", 0.55, "SB", "M", "footwear"),
    ("olio", "IT", "09234560017", "Olio Toscano di Rossi & Figli S.r.l.", "S.r.l.", "Firenze", "1040", "2010-06-01", "20000", "EUR", "ACTIVE", 0.85, "-", "S", None),
    ("paulista", "BR", "33.592.510/0001-54", "Comercial Paulista de Importação Ltda", "Ltda", "São Paulo", "4649", "2006-04-12", "2000000", "BRL", "ACTIVE", 0.80, "B", "L", None),
    ("sul", "BR", "07.421.856/0001-30", "Sul Importadora de Máquinas Ltda", "Ltda", "Porto Alegre", "4662", "2012-08-27", "800000", "BRL", "ACTIVE", 0.60, "B", "M", None),
    ("nordeste", "BR", "41.870.233/0001-08", "Nordeste Têxtil Distribuidora Ltda", "Ltda", "Recife", "4641", "2022-03-15", "50000", "BRL", "ACTIVE", 0.30, "B", "S", None),
    ("monterrey", "MX", "GIM0903128P5", "Grupo Industrial Monterrey, S.A. de C.V.", "S.A. de C.V.", "Monterrey", "4659", "2009-03-12", "10000000", "MXN", "ACTIVE", 0.90, "B", "L", None),
    ("azteca", "MX", "DAG150702KR3", "Distribuidora Azteca de Ferretería, S.A. de C.V.", "S.A. de C.V.", "Ciudad de México", "4663", "2015-07-02", "500000", "MXN", "ACTIVE", 0.55, "B", "M", None),
    ("bajio", "MX", "CBA180914LM7", "Comercializadora del Bajío S. de R.L. de C.V.", "S. de R.L. de C.V.", "León", "4690", "2018-09-14", "300000", "MXN", "ACTIVE", 0.80, "B", "S", None),
    # registered during the sample week: its registry record and account arrive on 2026-11-03
    ("danang", "VN", "0402198765", "Da Nang Bamboo Crafts Co., Ltd.", "LLC", "Đà Nẵng", "1629", "2026-10-12", "500000000", "VND", "ACTIVE", 0.75, "S", "S", "bamboo"),
]
# Trading parties with no registry record (their accounts match nothing): key, country, quality, role, size, category
UNREGISTERED = [
    ("goldenharvest", "VN", 0.55, "S", "S", "food"),
    ("ozark", "US", 0.60, "B", "S", None),
    ("northwind_x", "GB", 0.50, "B", "S", None),
]
# Registry changes after the initial load, and fixed registry timestamps of the special companies.
REGISTRY_FIXED_UPDATED = {
    "kaida": "2026-09-15T08:30:00Z", "sunbelt": "2026-08-28T16:05:00Z", "greatlakes": "2025-12-01T14:00:00Z",
    "danang": "2026-11-03T02:00:00Z",
}
ACTIVE_UNTIL = {"kaida": date(2026, 9, 14), "sunbelt": date(2026, 5, 31), "marmara": date(2026, 10, 15)}

# Accounts: platform, party, registration number as the account holder typed it (None = not given),
# declared name, verified.
ACCOUNTS = [
    ("tradehub", "hengtai", "9131 0000-MA1K4AB3XX", "Hengtai Machinery", True),
    ("tradehub", "ningbo", "91330200MA2H3L8R6T", "Ningbo Oceanic Plastics", True),
    ("tradehub", "sunrise", "9132 0500 MA1M X0T2 7G", '"Sunrise" Home Textiles', True),
    ("tradehub", "bluewave", "91350200ma31r2kc5b", "Bluewave Electronics", True),
    ("tradehub", "yuanda", "91120116MA06E6UP1Y", "Tianjin Yuanda Steel Pipe Co., Ltd.", True),
    ("tradehub", "haixin", "91370200-MA3C5R9J8W", "Haixin Auto Parts", True),
    ("tradehub", "saigon", "0313867452", "Saigon Coffee Export JSC", True),
    ("tradehub", "hanoisilk", "0107-745-321", "Hanoi Silk", True),
    ("tradehub", "binhduong", "3702233194", "Binh Duong Wood", True),
    ("tradehub", "mumbai", "U17120MH2009PTC192834", "Mumbai Cotton Mills", True),
    ("tradehub", "chennai", "u29300tn2018ptc124587", "Chennai Precision Engg.", True),
    ("tradehub", "delhi", "U52100DL2021PTC378912", "Delhi Handicraft Exports", True),
    ("tradehub", "goldenharvest", None, "Golden Harvest Foods", False),
    ("tradehub", "hansa", "HRB 20417", "Hansa Elektro", True),
    ("tradehub", "bayerische", "HRB45120", "Bayerische Autoteile Vertrieb GmbH", True),
    ("tradehub", "lakeside", None, "LAKESIDE SUPPLY LLC", False),
    ("tradehub", "atlantic", "27-1584920", "Atlantic Home Goods", True),
    ("tradehub", "midwest", "884412973", "Midwest Auto Parts", True),
    ("tradehub", "northwind1", "0987 6543", "Northwind Trading Ltd", True),
    ("tradehub", "thames", "07654321", "Thames Valley Electricals", True),
    ("tradehub", "danang", "0402198765", "Da Nang Bamboo Crafts", True),
    ("silkmart", "hengtai", "91310000ma1k4ab3xx", "上海恒泰机械有限公司", True),
    ("silkmart", "bright", None, "Bright Lighting Co., Ltd.", False),
    ("silkmart", "jinli", "91440101MA59TB2E3K", "Jinli Garments", True),
    ("silkmart", "haoyun", "91330782.MA2EC4G81P", "Yiwu Haoyun Trading", True),
    ("silkmart", "meida", "91440606MA4WJ7UQ0F", "Meida Furniture, Foshan", True),
    ("silkmart", "kaida", "91441900MA4UL8PN2X", "Kaida Toys", True),
    ("silkmart", "haiphong", "0201548876", "Haiphong Cable", True),
    ("silkmart", "veneta", "02457810235", "Veneta Calzature", True),
    ("silkmart", "schwarzwald", "HRB 731245", "Schwarzwald Möbelhaus", True),
    ("silkmart", "berliner", "hrb-99310", "Berliner Textilimport", True),
    ("silkmart", "pacificrim", "46-3928105", "Pacific Rim Imports, Inc.", True),
    ("silkmart", "sunbelt", "92 1187345", "Sunbelt Outfitters", True),
    ("silkmart", "brixton", "12987654", "Brixton Fashion Wholesale", True),
    ("silkmart", "sul", "07.421.856/0001-30", "Sul Importadora", True),
    ("silkmart", "bajio", "CBA180914LM7", "Comercializadora del Bajío", True),
    ("silkmart", "ozark", None, "Ozark Outdoor Gear Inc", False),
    ("silkmart", "northwind_x", None, "Northwind Trading", False),
    ("bazaarb2b", "greenleaf", "91330106MA27Y9HE4D", "Greenleaf Tea", True),
    ("bazaarb2b", "mekong", "1801663420", "Mekong Seafood", True),
    ("bazaarb2b", "anadolu", "0735 0412 2630 0014", "Anadolu Tekstil", True),
    ("bazaarb2b", "ege", "0621098345500011", "Ege Zeytin Gıda", True),
    ("bazaarb2b", "bursa", "0458823109100017", "Bursa Otomotiv", True),
    ("bazaarb2b", "marmara", "0892130456700019", "Marmara Deri", True),
    ("bazaarb2b", "gujarat", "U24100GJ2014PTC080123", "Gujarat Dyechem", True),
    ("bazaarb2b", "bengaluru", "U15400KA2016PTC093456", "Bengaluru Spice Traders", True),
    ("bazaarb2b", "mueller", None, "Müller Präzisionsteile Gmbh.", False),
    ("bazaarb2b", "vesuvio", None, "CERAMICHE VESUVIO Srl", False),
    ("bazaarb2b", "comasca", "07128450963", "Tessitura Comasca", True),
    ("bazaarb2b", "highland", "SC 547812", "Highland Woollens", True),
    ("bazaarb2b", "rheinland", "HRA 51234", "Rheinland Werkzeug", True),
    ("bazaarb2b", "lonestar", "81-0937264", "Lone Star Hardware", True),
    ("bazaarb2b", "northwind2", "11223344", "Northwind Trading Limited", True),
    ("bazaarb2b", "paulista", "33592510000154", "Comercial Paulista", True),
    ("bazaarb2b", "nordeste", "41.870.233/0001-08", "Nordeste Têxtil", True),
    ("bazaarb2b", "monterrey", "gim-090312-8p5", "Grupo Industrial Monterrey", True),
    ("bazaarb2b", "azteca", "dag-150702-kr3", "Distribuidora Azteca de Ferretería", False),
]
FIXED_ACCOUNT_IDS = {("silkmart", "ozark"): "SM-20077"}
# On 2026-11-04 the name-matched Müller account gets verified and gives its number.
MUELLER_VERIFIED = ("HRB-86421", "2026-11-04T09:41:00Z")
NEW_ACCOUNT_CREATED = {"danang": ("2026-11-03T09:12:00Z", "2026-11-03T15:40:00Z")}  # created, verified

# Credit events: party, registration number as the reporter writes it, type, event date, reporter,
# amount, currency, reported (updated_at).
CREDIT_EVENTS = [
    ("midwest", "88-4412973", "PAYMENT_DEFAULT_90D", "2026-02-20", "lender-a", "61000.00", "USD", "2026-02-23T07:00:00Z"),
    ("midwest", "884412973", "COLLECTIONS", "2026-04-09", "insurer-b", "23500.00", "USD", "2026-04-14T10:30:00Z"),
    ("sunbelt", "92-1187345", "PAYMENT_DEFAULT_90D", "2026-01-15", "lender-a", "18400.00", "USD", "2026-01-16T07:00:00Z"),
    ("sunbelt", "92-1187345", "COLLECTIONS", "2026-03-02", "insurer-b", "18400.00", "USD", "2026-03-09T11:15:00Z"),
    ("sunbelt", "921187345", "WRITE_OFF", "2026-07-10", "lender-a", "37900.00", "USD", "2026-07-13T07:00:00Z"),
    ("berliner", "HRB 99310", "PAYMENT_DEFAULT_90D", "2026-06-20", "lender-a", "48200.00", "EUR", "2026-06-22T07:00:00Z"),
    ("marmara", "0892130456700019", "PAYMENT_DEFAULT_90D", "2026-05-12", "insurer-b", "410000.00", "TRY", "2026-05-19T09:00:00Z"),
    ("kaida", "91441900MA4UL8PN2X", "COLLECTIONS", "2026-08-21", "insurer-b", "185000.00", "CNY", "2026-08-27T03:00:00Z"),
    ("kaida", "91441900-MA4UL8PN2X", "WRITE_OFF", "2026-10-30", "lender-a", "190000.00", "CNY", "2026-11-02T05:00:00Z"),
    ("brixton", "12987654", "PAYMENT_DEFAULT_90D", "2026-09-03", "insurer-b", "14800.00", "GBP", "2026-09-08T08:45:00Z"),
    ("nordeste", "41.870.233/0001-08", "COLLECTIONS", "2026-10-05", "lender-a", "95000.00", "BRL", "2026-10-07T12:00:00Z"),
    ("bluewave", "91350200MA31R2KC5B", "PAYMENT_DEFAULT_90D", "2026-07-27", "lender-a", "260000.00", "CNY", "2026-07-29T07:00:00Z"),
]
CREDIT_EVENTS_LATER = {  # delivered 2026-11-05
    "insolvency": ("marmara", "0892130456700019", "INSOLVENCY", "2026-11-04", "lender-a", None, None, "2026-11-05T06:10:00Z"),
    # correction of the kaida WRITE_OFF (same key, later updated_at, new amount)
    "correction": ("kaida", "91441900-MA4UL8PN2X", "WRITE_OFF", "2026-10-30", "lender-a", "192500.00", "CNY", "2026-11-05T04:20:00Z"),
}

ORDERS_PER_YEAR = {"L": 190, "M": 55, "S": 20}
BUYER_WEIGHT = {"L": 5.0, "M": 2.5, "S": 1.0}
MEDIAN_USD = {"L": 18000, "M": 7000, "S": 2200}
ASIA = {"CN", "VN", "IN", "TR"}
EU_BUYERS = {"DE", "IT"}


class Party:
    def __init__(self, key, country, q, role, size, category):
        self.key, self.country, self.q, self.role, self.size, self.category = key, country, q, role, size, category
        self.accounts: dict[str, str] = {}  # platform -> account_id
        self.reg = None  # registry tuple or None
        self.active_from = HISTORY_START
        self.active_until = ACTIVE_UNTIL.get(key, LAST)


def build_parties():
    parties: dict[str, Party] = {}
    for c in COMPANIES:
        p = Party(c[0], c[1], c[11], c[12], c[13], c[14])
        p.reg = c
        parties[p.key] = p
    for key, country, q, role, size, cat in UNREGISTERED:
        parties[key] = Party(key, country, q, role, size, cat)
    parties["danang"].active_from = date(2026, 11, 4)
    r = stream("account-ids")
    nxt = {pf: base + 11 for pf, base in ACCOUNT_BASE.items()}
    accounts = []
    for platform, key, regno, name, verified in ACCOUNTS:
        acc_id = FIXED_ACCOUNT_IDS.get((platform, key))
        if acc_id is None:
            n = nxt[platform]
            if f"{PLATFORM_PREFIX[platform]}-{n}" in FIXED_ACCOUNT_IDS.values():
                n += 1
            acc_id = f"{PLATFORM_PREFIX[platform]}-{n}"
            nxt[platform] = n + r.randint(1, 6)
        parties[key].accounts[platform] = acc_id
        accounts.append(dict(platform=platform, party=key, account_id=acc_id, regno=regno, name=name, verified=verified))
    return parties, accounts


PARTIES, ACCOUNT_LIST = build_parties()


def company_id(country: str, regno: str) -> str:
    return f"{country}:{norm_regno(regno)}"


# ---------------------------------------------------------------------------------------------------------
# Versioned records. Every record (key) has versions; a version is delivered in the drop of its `avail` date.
class Version:
    __slots__ = ("ts", "row", "avail")

    def __init__(self, ts: datetime, row: dict):
        self.ts, self.row, self.avail = ts, row, None


class Record:
    def __init__(self, feed: str, key: tuple):
        self.feed, self.key = feed, key
        self.versions: list[Version] = []
        self.delay_until: date | None = None

    def add(self, ts: datetime, row: dict):
        if self.versions and ts <= self.versions[-1].ts:
            ts = self.versions[-1].ts + timedelta(minutes=1)
        if ts > END:
            return False
        self.versions.append(Version(ts, row))
        return True


def currency_for(seller: Party, buyer: Party, platform: str, r: random.Random) -> str:
    if seller.country == buyer.country:
        return {"CN": "CNY", "TR": "TRY", "IN": "INR", "BR": "BRL", "MX": "MXN", "GB": "GBP",
                "DE": "EUR", "IT": "EUR"}.get(seller.country, "USD")
    x = r.random()
    if buyer.country in EU_BUYERS:
        return "EUR" if x < 0.7 else "USD"
    if buyer.country == "GB":
        return "GBP" if x < 0.6 else "USD"
    if buyer.country == "BR" and x < 0.3:
        return "BRL"
    if buyer.country == "MX" and x < 0.25:
        return "MXN"
    if seller.country == "CN" and platform == "silkmart" and x < 0.3:
        return "CNY"
    if seller.country == "TR" and x < 0.25:
        return "TRY"
    if seller.country == "IN" and x < 0.2:
        return "INR"
    return "USD"


def pay_delay_days(q: float, r: random.Random) -> float:
    if q >= 0.9:
        return r.uniform(-10, -1)
    if q >= 0.75:
        return r.uniform(-6, 1)
    if q >= 0.5:
        return min(45.0, max(-5.0, r.gauss(3, 8)))
    if q >= 0.25:
        return r.uniform(5, 75)
    return r.uniform(20, 150)


def unpaid_prob(q: float) -> float:
    return 0.35 if q < 0.2 else 0.12 if q < 0.4 else 0.02 if q < 0.6 else 0.0


def random_time_on(d: date, r: random.Random, lo_hour=0.0, hi_hour=24.0) -> datetime:
    secs = int(r.uniform(lo_hour * 3600, hi_hour * 3600 - 1))
    return datetime(d.year, d.month, d.day, tzinfo=UTC) + timedelta(seconds=secs)


def plan_orders():
    """Order headers: who sells to whom, when, how much, on which terms."""
    r = stream("orders")
    plans = []
    for seller in PARTIES.values():
        if "S" not in seller.role:
            continue
        platforms = list(seller.accounts)
        start, stop = max(seller.active_from, HISTORY_START), seller.active_until
        span = (stop - start).days + 1
        if seller.key == "danang":
            times = [datetime(2026, 11, 5, 3, 10, 22, tzinfo=UTC), datetime(2026, 11, 6, 6, 40, 5, tzinfo=UTC)]
        else:
            n = round(ORDERS_PER_YEAR[seller.size] * span / 371 * r.uniform(0.8, 1.2))
            times = sorted(start + days(r.randrange(span)) for _ in range(n))  # days; the time of day comes below
        for t in times:
            platform = platforms[0] if len(platforms) == 1 else ("tradehub" if r.random() < 0.6 else "silkmart")
            if isinstance(t, date) and not isinstance(t, datetime):
                lo, hi = (0.0, 15.99) if platform == "silkmart" else (0.0, 24.0)  # silkmart: local date = UTC date
                t = random_time_on(t, r, lo, hi)
            if t > END:
                continue
            buyers = [b for b in PARTIES.values() if "B" in b.role and platform in b.accounts and b.key != seller.key
                      and b.active_from <= t.date() <= b.active_until]
            weights = [BUYER_WEIGHT[b.size] * (0.12 if b.country == seller.country else 1.0) for b in buyers]
            buyer = r.choices(buyers, weights)[0]
            ccy = currency_for(seller, buyer, platform, r)
            usd = max(150.0, MEDIAN_USD[seller.size] * math.exp(r.gauss(0, 0.9)))
            usd = min(usd, 450000.0)
            amount_f = usd / usd_per_unit(ccy, t.date())
            if r.random() < 0.2:  # round figures
                step = 10 ** max(0, int(math.log10(amount_f)) - 1)
                amount_f = max(step, round(amount_f / step) * step)
            terms_w = [15 + 20 * (1 - buyer.q), 10, 10, 30, 12, 18, 12, 3]
            terms = r.choices([0, 7, 15, 30, 45, 60, 90, 120], terms_w)[0]
            cat = seller.category if r.random() > 0.06 else None
            plans.append(dict(platform=platform, seller=seller, buyer=buyer, ts=t, amount=money(amount_f), ccy=ccy,
                              usd=usd, terms=terms, category=cat))
    plans.sort(key=lambda p: (p["ts"], p["seller"].key, p["buyer"].key))
    # order ids per platform, increasing with time, with gaps
    nxt = {"tradehub": 1000101, "silkmart": 5000201, "bazaarb2b": 8000301}
    pre = {"tradehub": "THO-", "silkmart": "SMO-", "bazaarb2b": "BZO-"}
    for p in plans:
        p["order_id"] = f"{pre[p['platform']]}{nxt[p['platform']]}"
        nxt[p["platform"]] += r.randint(1, 4)
    return plans, nxt


CARRIER_ID = {
    "dhl": lambda r: f"{r.randrange(10**9, 10**10)}",
    "fedex": lambda r: f"{r.randrange(10**11, 10**12)}",
    "ups": lambda r: "1Z" + "".join(r.choice("0123456789ABCDEFGHJKLMNPRSTVWXY") for _ in range(6)) + f"{r.randrange(10**9, 10**10)}",
    "maersk": lambda r: f"MAEU{r.randrange(10**8, 10**9)}",
    "cosco": lambda r: f"COSU{r.randrange(10**9, 10**10)}",
    "msc": lambda r: f"MEDU{r.randrange(10**6, 10**7)}",
}


def simulate(plans):
    """Turn order headers into versioned orders, payments, shipments and disputes."""
    r = stream("simulate")
    orders, payments, shipments, disputes = [], [], [], []
    pay_seq = {"tradehub": 3000001, "silkmart": 6000001, "bazaarb2b": 9000001}
    dis_seq = {"tradehub": 101, "silkmart": 401, "bazaarb2b": 701}
    used_ids: dict[str, set] = defaultdict(set)
    for p in plans:
        platform, s, b, t0 = p["platform"], p["seller"], p["buyer"], p["ts"]
        off = OFFSET_HOURS.get(platform, 0)
        trim = platform == "bazaarb2b"
        sacc, bacc = s.accounts[platform], b.accounts[platform]
        order = Record("orders", (platform, p["order_id"]))
        order.meta = p
        base = dict(platform=platform, order_id=p["order_id"], seller_account=sacc, buyer_account=bacc,
                    order_ts=fmt_ts(t0, off), amount=p["amount"], currency=p["ccy"],
                    payment_terms_days=p["terms"], category=p["category"], _trim=trim)

        def ov(ts, status):
            return order.add(ts, dict(base, status=status, updated_at=fmt_ts(ts, off)))

        orders.append(order)
        ov(t0, "PLACED")
        if r.random() < 0.006 + 0.09 * (1 - s.q) ** 2:
            ov(t0 + hours(r.uniform(2, 72)), "CANCELLED")
            continue
        day_left = (datetime(t0.year, t0.month, t0.day, tzinfo=UTC) + days(1) - t0) / hours(1)
        if p["terms"] == 0 and b.q >= 0.5 and day_left > 3:
            t_conf = t0 + hours(r.uniform(0.25, day_left / 3))  # prepayment: confirmed and paid the same day
        else:
            t_conf = t0 + hours(r.uniform(0.5, 30))
        if not ov(t_conf, "CONFIRMED"):
            continue
        # payments
        created = t_conf + timedelta(minutes=r.randint(1, 90))
        due = t0.date() + days(p["terms"])
        amount = p["amount"]
        split = p["terms"] > 0 and amount >= Decimal("1000") and r.random() < 0.22
        parts = [amount] if not split else [money(float(amount) * r.uniform(0.3, 0.5))]
        if split:
            parts.append(amount - parts[0])
        paid_first = None
        order_pays = []
        for i, part in enumerate(parts):
            rec = Record("payments", None)
            pid = f"{PLATFORM_PREFIX[platform]}P-{pay_seq[platform]}"
            pay_seq[platform] += r.randint(1, 3)
            rec.key = (platform, pid)
            rec.order = order
            prow = dict(platform=platform, payment_id=pid, order_id=p["order_id"], payer_account=bacc,
                        due_date=due.isoformat(), paid_at=None, amount=part, currency=p["ccy"], _trim=trim)
            if not rec.add(created + timedelta(minutes=i),
                           dict(prow, updated_at=fmt_ts(created + timedelta(minutes=i), off))):
                break  # created after the end of the sample week
            if p["terms"] == 0:
                day_end = datetime(due.year, due.month, due.day, 23, 50, tzinfo=UTC)
                if b.q >= 0.5 and day_end > created + hours(0.5):
                    paid = created + (day_end - created) * r.uniform(0.1, 0.8)
                else:
                    paid = created + hours(r.uniform(0.5, 30 + 60 * (1 - b.q)))
            elif i == len(parts) - 1 and r.random() < unpaid_prob(b.q):
                paid = None
            else:
                paid = random_time_on(due, r, 1, 22) + days(round(pay_delay_days(b.q, r)))
                if split and i == 0:
                    paid -= days(r.uniform(0, p["terms"] / 2))
                if paid < created + hours(1):
                    paid = created + hours(r.uniform(1, 48))
            if paid is not None:
                upd = paid + timedelta(minutes=r.randint(1, 25))
                rec.add(upd, dict(prow, paid_at=fmt_ts(paid, off), updated_at=fmt_ts(upd, off)))
                if len(rec.versions) < 2:
                    paid = None  # paid after the end of the sample week
            rec.paid = paid
            paid_first = paid if paid_first is None and i == 0 else paid_first
            payments.append(rec)
            order_pays.append(rec)
        # shipment
        cross = s.country != b.country
        if not cross:
            mode, exp_transit = "domestic", 3
        elif s.country in ASIA and p["usd"] > 12000:
            mode, exp_transit = "sea", 32
        else:
            mode, exp_transit = "express", 6
        if mode == "sea":
            carrier = "cosco" if s.country == "CN" and r.random() < 0.55 else r.choice(["maersk", "msc"])
        elif mode == "express":
            carrier = r.choice(["dhl", "dhl", "fedex", "ups"])
        else:
            carrier = "dhl"
        start = (paid_first or created + hours(24)) if p["terms"] == 0 else t_conf
        book = start + hours(r.uniform(2, 40))
        handling = r.uniform(0.5, 4) if s.q >= 0.6 else r.uniform(2, 4 + 16 * (1 - s.q))
        transit = {"sea": r.uniform(20, 36), "express": r.uniform(2, 7), "domestic": r.uniform(1, 3)}[mode]
        promised = t0.date() + days(1 + 4 + exp_transit + 3)  # confirmation, handling, transit, buffer
        shipped = book + days(handling)
        hold = r.uniform(1, 6) if cross and r.random() < 0.12 else 0.0
        delivered = shipped + days(transit + hold)
        outcome = "DELIVERED"
        x = r.random()
        if x < 0.003:
            outcome = "LOST"
        elif x < 0.011:
            outcome = "RETURNED"
        while True:
            sid = CARRIER_ID[carrier](r)
            if sid not in used_ids[carrier]:
                used_ids[carrier].add(sid)
                break
        ship = Record("shipments", (carrier, sid))
        ship.order = order
        soff = OFFSET_HOURS.get(carrier, 0)
        srow = dict(carrier=carrier, shipment_id=sid, platform=platform, order_id=p["order_id"],
                    origin_country=s.country, destination_country=b.country, promised_date=promised.isoformat(),
                    shipped_at=None, customs_cleared_at=None, delivered_at=None)

        def sv(ts, status, **kw):
            srow.update(kw)
            upd = ts + timedelta(minutes=r.randint(1, 30))
            return ship.add(upd, dict(srow, status=status, updated_at=fmt_ts(upd, soff)))

        if not sv(book, "BOOKED"):
            continue
        shipments.append(ship)
        if not sv(shipped, "IN_TRANSIT", shipped_at=fmt_ts(shipped, soff)):
            continue
        ov(shipped + timedelta(minutes=r.randint(10, 300)), "SHIPPED")
        lost_ts = returned_ts = None
        if outcome == "LOST":
            lost_ts = shipped + days(transit * 1.6)
            sv(lost_ts, "LOST")
        else:
            if cross:
                cleared = max(shipped + hours(6), delivered - hours(r.uniform(6, 60)))
                if hold:
                    sv(max(shipped + hours(2), cleared - days(hold)), "CUSTOMS_HOLD")
                sv(cleared, "IN_TRANSIT", customs_cleared_at=fmt_ts(cleared, soff))
            if outcome == "RETURNED":
                returned_ts = delivered + days(r.uniform(1, 4))
                sv(returned_ts, "RETURNED")
            else:
                sv(delivered, "DELIVERED", delivered_at=fmt_ts(delivered, soff))
        # dispute (at most one per order)
        d = None
        late = outcome == "DELIVERED" and delivered.date() > promised
        nad_p = 0.06 if s.q < 0.2 else 0.035 if s.q < 0.4 else 0.01 if s.q < 0.6 else 0.0015
        unpaid = [pr for pr in order_pays if pr.paid is None or pr.paid.date() > due + days(40)]
        if outcome == "LOST":
            opened = lost_ts + days(r.uniform(1, 5))
            d = dict(opened=opened, by="BUYER", reason="NOT_DELIVERED", resolved=opened + days(r.uniform(7, 25)),
                     fault="NONE", amount=amount, refund=True)
        elif outcome == "DELIVERED" and r.random() < nad_p:
            opened = delivered + days(r.uniform(1, 8))
            fault = "SELLER" if r.random() < (1 - s.q) * 0.9 + 0.1 else r.choice(["BUYER", "NONE"])
            d = dict(opened=opened, by="BUYER", reason="NOT_AS_DESCRIBED", resolved=opened + days(r.uniform(6, 30)),
                     fault=fault, amount=money(float(amount) * r.uniform(0.3, 1.0)), refund=fault == "SELLER")
        elif late and s.q < 0.5 and r.random() < 0.18:
            opened = delivered + days(r.uniform(0.5, 5))
            d = dict(opened=opened, by="BUYER", reason="LATE_DELIVERY", resolved=opened + days(r.uniform(5, 20)),
                     fault="SELLER" if r.random() < 0.75 else "NONE",
                     amount=money(float(amount) * r.uniform(0.1, 0.3)), refund=False)
        elif unpaid and r.random() < 0.15:
            pr = unpaid[-1]
            opened = datetime(due.year, due.month, due.day, 9, tzinfo=UTC) + days(r.uniform(30, 40))
            if pr.paid is not None and pr.paid > opened:
                resolved, fault = pr.paid + days(r.uniform(1, 5)), "BUYER"
            elif pr.paid is None and r.random() < 0.5:
                resolved, fault = opened + days(r.uniform(30, 60)), "BUYER"
            elif pr.paid is None:
                resolved, fault = None, None
            else:
                opened = None
            if opened is not None:
                d = dict(opened=opened, by="SELLER", reason="NON_PAYMENT", resolved=resolved, fault=fault,
                         amount=pr.versions[0].row["amount"], refund=False)
        refund_ts = None
        if d is not None and d["opened"] <= END:
            did = f"{PLATFORM_PREFIX[platform]}D-{dis_seq[platform]:05d}"
            dis_seq[platform] += r.randint(1, 3)
            rec = Record("disputes", (platform, did))
            rec.order = order
            drow = dict(platform=platform, dispute_id=did, order_id=p["order_id"], opened_at=fmt_ts(d["opened"], off),
                        opened_by=d["by"], reason=d["reason"], resolved_at=None, at_fault=None,
                        amount=d["amount"], currency=p["ccy"], _trim=trim)
            upd = d["opened"] + timedelta(minutes=r.randint(1, 20))
            if not rec.add(upd, dict(drow, status="OPEN", updated_at=fmt_ts(upd, off))):
                d["resolved"] = None
            elif d["resolved"] is not None:
                upd = d["resolved"] + timedelta(minutes=r.randint(1, 20))
                if rec.add(upd, dict(drow, status="RESOLVED", resolved_at=fmt_ts(d["resolved"], off),
                                     at_fault=d["fault"], updated_at=fmt_ts(upd, off))) and d["refund"]:
                    refund_ts = d["resolved"] + hours(r.uniform(1, 24))
            if rec.versions:
                disputes.append(rec)
            else:
                d = None
        else:
            d = None
        if outcome == "LOST":
            if refund_ts:
                ov(refund_ts, "REFUNDED")
            continue
        if outcome == "RETURNED":
            ov(returned_ts + days(r.uniform(1, 5)), "REFUNDED")
            continue
        if r.random() < 0.7:
            ov(delivered + timedelta(minutes=r.randint(5, 240)), "DELIVERED")
        completed = delivered + days(r.uniform(2, 10))
        if d is not None and d["reason"] in ("NOT_AS_DESCRIBED", "LATE_DELIVERY") and d["opened"] < completed:
            if refund_ts:
                ov(refund_ts, "REFUNDED")
                continue
            if d["resolved"] is None:
                continue
            completed = d["resolved"] + hours(r.uniform(1, 24))
        ov(completed, "COMPLETED")
        if refund_ts:
            ov(refund_ts, "REFUNDED")
    return orders, payments, shipments, disputes, dis_seq


# ---------------------------------------------------------------------------------------------------------
def registry_records():
    r = stream("registry")
    recs = []
    for c in COMPANIES:
        key, country, regno, name, form, city, isic, inc, cap, capccy, status = c[:11]
        if key in REGISTRY_FIXED_UPDATED:
            upd = dt_utc(REGISTRY_FIXED_UPDATED[key])
        else:
            d = date(2025, 10, 6) + days(r.randrange((date(2026, 10, 28) - date(2025, 10, 6)).days))
            upd = random_time_on(d, r, 1, 20)
        rec = Record("registry", (country, regno))
        rec.party = key
        row = dict(registry_country=country, registration_number=regno, legal_name=name, legal_form=form,
                   status=status, incorporation_date=inc, registered_capital=None if cap is None else Decimal(cap),
                   capital_currency=capccy, industry_code=isic, city=city, updated_at=fmt_ts(upd))
        if r.random() < 0.15 and key not in ("bright", "northwind1", "northwind2"):
            row["industry_code"] = None  # optional column left empty
        rec.add(upd, row)
        if key == "bluewave":  # capital increase, delivered 2026-11-03
            t = dt_utc("2026-11-03T03:20:00Z")
            rec.add(t, dict(row, registered_capital=Decimal("5000000"), updated_at=fmt_ts(t)))
        if key == "marmara":  # liquidation after insolvency, delivered 2026-11-05
            t = dt_utc("2026-11-05T07:45:00Z")
            rec.add(t, dict(row, status="IN_LIQUIDATION", updated_at=fmt_ts(t)))
        recs.append(rec)
    return recs


def account_records():
    r = stream("accounts")
    recs = []
    for a in ACCOUNT_LIST:
        p = PARTIES[a["party"]]
        off = OFFSET_HOURS.get(a["platform"], 0)
        if p.key in NEW_ACCOUNT_CREATED:
            created, verified_at = (dt_utc(x) for x in NEW_ACCOUNT_CREATED[p.key])
            upd = verified_at
        else:
            lo = max(date(2018, 1, 1), date.fromisoformat(p.reg[7]) + days(30)) if p.reg else date(2021, 1, 1)
            cd = lo + days(r.randrange((date(2025, 9, 30) - lo).days))
            created = random_time_on(cd, r, 0, 24)
            verified_at = created + days(r.uniform(0.2, 30)) if a["verified"] else None
            upd = verified_at or created
            if r.random() < 0.4:  # a later profile change
                ud = date(2025, 10, 1) + days(r.randrange((date(2026, 10, 30) - date(2025, 10, 1)).days))
                upd = max(upd, random_time_on(ud, r, 0, 24))
        rec = Record("accounts", (a["platform"], a["account_id"]))
        rec.account = a
        row = dict(platform=a["platform"], account_id=a["account_id"], registry_country=p.country,
                   registration_number=a["regno"], declared_name=a["name"], verified=a["verified"],
                   verified_at=None if verified_at is None else fmt_ts(verified_at, off),
                   created_at=fmt_ts(created, off), updated_at=fmt_ts(upd, off))
        rec.add(upd, row)
        if p.key == "mueller":
            t = dt_utc(MUELLER_VERIFIED[1])
            rec.add(t, dict(row, registration_number=MUELLER_VERIFIED[0], verified=True,
                            verified_at=fmt_ts(t, off), updated_at=fmt_ts(t, off)))
        recs.append(rec)
    return recs


def credit_event_records():
    recs = {}
    for ev in CREDIT_EVENTS + list(CREDIT_EVENTS_LATER.values()):
        key, regno, etype, edate, reporter, amount, ccy, upd = ev
        country = PARTIES[key].country
        k = (country, regno, etype, edate, reporter)
        rec = recs.setdefault(k, Record("credit_events", k))
        rec.party = key
        rec.add(dt_utc(upd), dict(registry_country=country, registration_number=regno, event_type=etype,
                                  event_date=edate, reporter=reporter,
                                  amount=None if amount is None else Decimal(amount), currency=ccy,
                                  updated_at=upd))
    return list(recs.values())


# ---------------------------------------------------------------------------------------------------------
def assign_avail(records):
    for rec in records:
        for v in rec.versions:
            v.avail = max(FIRST, v.ts.date(), rec.delay_until or FIRST)


def delay(rec, until: date):
    """Deliver every version of rec that happened before `until` in the drop of `until`."""
    rec.delay_until = until
    for v in rec.versions:
        v.avail = max(v.avail, until)


def plant_dispute_window(orders, disputes, dis_seq):
    """Dispute changes inside the sample week (a year of ~40 disputes rarely touches 4 given days)."""
    r = stream("dispute-window")
    notes = []
    disputed = {d.order.key for d in disputes}
    by_key = {o.key: o for o in orders}

    def new_dispute(o, opened, by, reason, amount):
        platform = o.key[0]
        off = OFFSET_HOURS.get(platform, 0)
        did = f"{PLATFORM_PREFIX[platform]}D-{dis_seq[platform]:05d}"
        dis_seq[platform] += 2
        rec = Record("disputes", (platform, did))
        rec.order = o
        row = dict(platform=platform, dispute_id=did, order_id=o.key[1], opened_at=fmt_ts(opened, off),
                   opened_by=by, reason=reason, resolved_at=None, at_fault=None, amount=amount,
                   currency=o.meta["ccy"], _trim=platform == "bazaarb2b")
        rec.add(opened + timedelta(minutes=4), dict(row, status="OPEN", updated_at=fmt_ts(opened + timedelta(minutes=4), off)))
        disputes.append(rec)
        disputed.add(o.key)
        return rec

    def resolve(rec, when, fault):
        off = OFFSET_HOURS.get(rec.key[0], 0)
        row = rec.versions[-1].row
        rec.add(when + timedelta(minutes=7), dict(row, status="RESOLVED", resolved_at=fmt_ts(when, off), at_fault=fault,
                                                  updated_at=fmt_ts(when + timedelta(minutes=7), off)))

    def order_status(o, when, status):
        off = OFFSET_HOURS.get(o.key[0], 0)
        o.add(when, dict(o.versions[-1].row, status=status, updated_at=fmt_ts(when, off)))

    # 1. a dispute open since October is resolved on 4 Nov: seller at fault, the order is then refunded
    open_ = [d for d in disputes if d.versions[-1].row["status"] == "OPEN" and d.versions[0].ts.date() < date(2026, 10, 31)
             and d.versions[0].row["reason"] in ("NOT_AS_DESCRIBED", "LATE_DELIVERY")
             and by_key[d.order.key].versions[-1].row["status"] in ("SHIPPED", "DELIVERED")]
    t = datetime(2026, 11, 4, 10, 12, 40, tzinfo=UTC)
    if open_:
        d = open_[r.randrange(len(open_))]
        resolve(d, t, "SELLER")
        order_status(d.order, t + hours(5), "REFUNDED" if d.versions[0].row["reason"] == "NOT_AS_DESCRIBED" else "COMPLETED")
    else:  # an open non-payment claim decided against the buyer
        open_ = [d for d in disputes if d.versions[-1].row["status"] == "OPEN" and d.versions[0].ts.date() < date(2026, 10, 31)]
        d = open_[r.randrange(len(open_))]
        resolve(d, t, "BUYER")
    d.planted = True
    notes.append(dict(feed="disputes", key=list(d.key), what=f"{d.versions[0].row['reason']} OPEN since "
                      f"{d.versions[0].ts.date()}, RESOLVED ({d.versions[-1].row['at_fault']}) on 2026-11-04"))
    # 2. opened on 3 Nov after a late delivery, resolved on 6 Nov with nobody at fault
    cands = [o for o in orders if o.key not in disputed and o.versions[-1].row["status"] == "COMPLETED"
             and date(2026, 10, 20) <= o.versions[-1].ts.date() <= date(2026, 11, 1) and o.meta["seller"].q < 0.6]
    o = cands[r.randrange(len(cands))]
    rec = new_dispute(o, datetime(2026, 11, 3, 7, 25, 11, tzinfo=UTC), "BUYER", "LATE_DELIVERY",
                      money(float(o.meta["amount"]) * 0.15))
    resolve(rec, datetime(2026, 11, 6, 13, 2, 9, tzinfo=UTC), "NONE")
    notes.append(dict(feed="disputes", key=list(rec.key), what="opened 2026-11-03, RESOLVED (NONE) 2026-11-06"))
    # 3. opened on 5 Nov, still open at the end of the week
    cands = [o for o in orders if o.key not in disputed and o.versions[-1].row["status"] in ("DELIVERED", "COMPLETED")
             and date(2026, 10, 25) <= o.versions[-1].ts.date() <= date(2026, 11, 4) and o.meta["seller"].q < 0.6]
    o = cands[r.randrange(len(cands))]
    rec = new_dispute(o, datetime(2026, 11, 5, 15, 48, 30, tzinfo=UTC), "BUYER", "NOT_AS_DESCRIBED", o.meta["amount"])
    notes.append(dict(feed="disputes", key=list(rec.key), what="opened 2026-11-05, still OPEN"))
    # 4. opened on 30 Oct, reported late (first seen in the drop of 4 Nov), still open
    cands = [o for o in orders if o.key not in disputed and o.versions[-1].row["status"] == "COMPLETED"
             and date(2026, 10, 12) <= o.versions[-1].ts.date() <= date(2026, 10, 28) and o.meta["seller"].q < 0.6]
    o = cands[r.randrange(len(cands))]
    rec = new_dispute(o, datetime(2026, 10, 30, 11, 5, 54, tzinfo=UTC), "BUYER", "LATE_DELIVERY",
                      money(float(o.meta["amount"]) * 0.2))
    rec.report_late_until = date(2026, 11, 4)
    notes.append(dict(feed="disputes", key=list(rec.key), what="opened 2026-10-30, first delivered 2026-11-04, OPEN"))
    return notes


def plant_late_data(orders, payments, shipments, disputes):
    """Late events: whole records delivered days after they happened, and late updates."""
    r = stream("late")
    notes = []
    by_order = defaultdict(list)
    for rec in payments + shipments + disputes:
        by_order[rec.order.key].append(rec)
    used = set()
    # orders placed some days before the drop that carries them (with their payments and shipments)
    for placed, deliver in [(date(2026, 10, 29), date(2026, 11, 3)), (date(2026, 10, 30), date(2026, 11, 4)),
                            (date(2026, 11, 1), date(2026, 11, 4)), (date(2026, 11, 3), date(2026, 11, 6))]:
        cands = [o for o in orders if o.versions[0].ts.date() == placed and len(o.versions) >= 2
                 and o.versions[-1].row["status"] != "CANCELLED" and o.meta["ccy"] != "CHF"]
        o = cands[r.randrange(len(cands))]
        for rec in [o] + by_order[o.key]:
            delay(rec, deliver)
        used.add(o.key)
        notes.append(dict(feed="orders", key=list(o.key), event_date=placed.isoformat(), first_dt=deliver.isoformat(),
                          what="order (with its payments/shipment) delivered late"))
    # payments paid before the first drop whose 'paid' update arrives days later
    for deliver in [date(2026, 11, 3), date(2026, 11, 5), date(2026, 11, 5)]:
        cands = [p for p in payments if p.order.key not in used and len(p.versions) == 2
                 and date(2026, 10, 28) <= p.versions[1].ts.date() <= date(2026, 11, 1)
                 and p.versions[0].ts.date() < p.versions[1].ts.date()]
        p = cands[r.randrange(len(cands))]
        p.versions[1].avail = deliver
        p.late_version = True
        used.add(p.order.key)
        notes.append(dict(feed="payments", key=list(p.key), event_date=p.versions[1].ts.date().isoformat(),
                          first_dt=deliver.isoformat(), what="payment made before the first drop, reported paid late"))
    # deliveries scanned on 31 Oct / 1 Nov that reach us on 3 Nov
    for when in [date(2026, 10, 31), date(2026, 11, 1)]:
        cands = [s for s in shipments if s.order.key not in used and s.versions[-1].row["status"] == "DELIVERED"
                 and s.versions[-1].ts.date() == when]
        s = cands[r.randrange(len(cands))]
        s.versions[-1].avail = date(2026, 11, 3)
        used.add(s.order.key)
        notes.append(dict(feed="shipments", key=list(s.key), event_date=when.isoformat(), first_dt="2026-11-03",
                          what="delivery scan reported late"))
    # a dispute opened before the first drop, reported on 4 Nov
    for d in disputes:
        if getattr(d, "report_late_until", None) is None:
            continue
        delay(d, d.report_late_until)
        notes.append(dict(feed="disputes", key=list(d.key), event_date=d.versions[0].ts.date().isoformat(),
                          first_dt="2026-11-04", what="dispute reported late"))
    # the carriers' feed has an outage on 5 Nov: everything of that day comes on 6 Nov
    for s in shipments:
        for v in s.versions:
            if v.avail == date(2026, 11, 5):
                v.avail = date(2026, 11, 6)
    return notes


def versions_for_drop(rec, d, keep_all=False):
    if d == FIRST:
        vs = [v for v in rec.versions if v.avail <= FIRST]
        return vs[-1:]
    vs = [v for v in rec.versions if v.avail == d]
    return vs if keep_all else vs[-1:]


# ---------------------------------------------------------------------------------------------------------
# Writing files. A file is a list of items: ("row", row_dict, meta) or ("raw", text, meta).
def csv_line(values) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(values)
    text = buf.getvalue()
    assert text.count("\n") == 1, text
    return text[:-1]


def csv_value(v, trim=False):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, Decimal):
        return fmt_dec(v, trim)
    return str(v)


def json_line(row: dict, columns, omit_nulls: bool) -> str:
    parts = []
    for c in columns:
        v = row.get(c)
        if v is None:
            if omit_nulls:
                continue
            txt = "null"
        elif isinstance(v, bool):
            txt = "true" if v else "false"
        elif isinstance(v, int):
            txt = str(v)
        elif isinstance(v, Decimal):
            txt = fmt_dec(v, row.get("_trim", False))
        else:
            txt = json.dumps(v, ensure_ascii=False)
        parts.append(json.dumps(c) + ": " + txt)
    return "{" + ", ".join(parts) + "}"


class Out:
    """Collects every file written, with per-line metadata for expected.json."""

    def __init__(self):
        self.files = []  # dicts: feed, dt, name, fmt, lines(meta list), size

    def write(self, feed, d, name, items, omit_seed=None):
        fmt = "jsonl" if ".jsonl" in name else "csv"
        cols = COLUMNS[feed]
        lines, metas = [], []
        if fmt == "csv":
            lines.append(",".join(cols))
        r = stream(f"omit:{feed}:{d}:{name}")
        for kind, payload, meta in items:
            if kind == "raw":
                lines.append(payload)
            elif fmt == "csv":
                lines.append(csv_line([csv_value(payload.get(c), payload.get("_trim", False)) for c in cols]))
            else:
                omit = meta.get("omit_nulls", r.random() < 0.5)
                meta["omit_nulls"] = omit
                lines.append(json_line(payload, cols, omit))
            meta["line"] = len(lines)
            meta["text"] = lines[-1]
            metas.append(meta)
        data = ("\n".join(lines) + "\n").encode("utf-8")
        folder = LANDING / feed / f"dt={d.isoformat()}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        if name.endswith(".gz"):
            with open(path, "wb") as f, gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0, compresslevel=9) as g:
                g.write(data)
        else:
            path.write_bytes(data)
        self.files.append(dict(feed=feed, dt=d.isoformat(), name=name, fmt=fmt, metas=metas))

    @staticmethod
    def success(feed, d):
        folder = LANDING / feed / f"dt={d.isoformat()}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "_SUCCESS").write_bytes(b"")


def row_item(feed, v: Version, **meta):
    key = tuple(v.row[k] for k in KEYS[feed])
    m = dict(feed=feed, key=list(key), updated_at=v.row.get("updated_at"), event_ts=v.ts, **meta)
    return ("row", v.row, m)


def sort_items(items, field):
    return sorted(items, key=lambda it: (dt_utc(it[1][field]) if "T" in str(it[1][field]) else it[1][field],
                                         it[2]["key"]))


def insert_at(items, r, extra):
    """Insert extra items at deterministic, spread-out positions (never first or last)."""
    items = list(items)
    for it in extra:
        items.insert(r.randrange(1, len(items) - 1), it)
    return items


def chf_order(plans_next):
    """The one order in a currency without any fx rate (expected: NO_FX_RATE later)."""
    s, b = PARTIES["comasca"], PARTIES["rheinland"]
    t = datetime(2026, 10, 28, 10, 42, 17, tzinfo=UTC)
    oid = f"BZO-{plans_next['bazaarb2b'] + 7}"
    rec = Record("orders", ("bazaarb2b", oid))
    rec.meta = dict(ccy="CHF")
    rec.add(t, dict(platform="bazaarb2b", order_id=oid, seller_account=s.accounts["bazaarb2b"],
                    buyer_account=b.accounts["bazaarb2b"], order_ts=fmt_ts(t), amount=Decimal("18450.00"),
                    currency="CHF", payment_terms_days=30, category="textiles", status="PLACED",
                    updated_at=fmt_ts(t), _trim=True))
    return rec


def bad_rows(orders, payments, shipments, plans_next):
    """The planted bad rows: each breaks exactly one rule; none is the only version of anything."""
    r = stream("bad")
    acc = lambda k, pf: PARTIES[k].accounts[pf]
    base_oid = plans_next["tradehub"] + 50

    def order_row(i, **kw):
        row = dict(platform="tradehub", order_id=f"THO-{base_oid + 3 * i}", seller_account=acc("mumbai", "tradehub"),
                   buyer_account=acc("hansa", "tradehub"), order_ts="2026-02-11T08:14:09Z", amount=Decimal("4820.00"),
                   currency="EUR", payment_terms_days=30, category="cotton", status="CONFIRMED",
                   updated_at="2026-02-11T13:02:44Z")
        row.update(kw)
        return row

    o_csv = [
        ("row", order_row(0, order_ts="2026-13-45T10:00:00Z", updated_at="2026-03-15T10:00:00Z"),
         dict(rule="TYPE_MISMATCH", why="order_ts 2026-13-45T10:00:00Z is not a timestamp")),
        ("row", order_row(1, seller_account=acc("yuanda", "tradehub"), buyer_account=acc("atlantic", "tradehub"),
                          amount=Decimal("61200.00"), currency="USD", payment_terms_days=400, category="steel",
                          order_ts="2026-03-02T02:31:50Z", updated_at="2026-03-02T09:12:03Z"),
         dict(rule="TERMS_OUT_OF_RANGE", why="payment_terms_days 400 > 365")),
        ("row", order_row(2, seller_account=acc("ningbo", "tradehub"), buyer_account=acc("thames", "tradehub"),
                          amount=Decimal("3375.40"), currency="GBP", category="plastics", status="SHIPPPED",
                          order_ts="2026-01-20T04:05:06Z", updated_at="2026-01-27T11:40:00Z"),
         dict(rule="BAD_ENUM", why="status SHIPPPED is not an order status")),
    ]
    # a CSV row with one field too many: the category has an unquoted comma
    mal = order_row(3, seller_account=acc("hanoisilk", "tradehub"), buyer_account=acc("lakeside", "tradehub"),
                    amount=Decimal("2210.00"), currency="USD", payment_terms_days=45,
                    order_ts="2026-04-08T07:55:31Z", updated_at="2026-04-09T01:20:13Z")
    mal_text = ",".join(csv_value(mal[c]) for c in COLUMNS["orders"])
    mal_text = mal_text.replace(",cotton,", ",apparel, silk scarves,", 1)
    o_csv.append(("raw", mal_text, dict(rule="MALFORMED_ROW", why="12 fields instead of 11 (unquoted comma in category)",
                                        key=["tradehub", mal["order_id"]])))
    o_json = [
        ("row", order_row(4, platform="tradehub", seller_account=acc("chennai", "tradehub"),
                          buyer_account=acc("bayerische", "tradehub"), amount=Decimal("15800.00"), currency="EUR",
                          category="engineering", status="PLACED", order_ts="2026-06-18T16:45:00Z",
                          updated_at="2026-06-18T09:45:00Z"),
         dict(rule="ORDER_AFTER_UPDATE", why="order_ts 7 hours after updated_at")),
    ]
    trunc = order_row(5, seller_account=acc("saigon", "tradehub"), buyer_account=acc("hansa", "tradehub"),
                      amount=Decimal("9400.00"), order_ts="2026-08-21T03:10:44Z", updated_at="2026-08-21T05:00:00Z")
    text = json_line(trunc, COLUMNS["orders"], False)
    text = text[: text.index('"currency"') + len('"currency": "EU')]  # the producer cut the line
    o_json.append(("raw", text, dict(rule="MALFORMED_ROW", why="truncated JSON object",
                                     key=["tradehub", trunc["order_id"]])))
    for kind, row, m in o_csv + o_json:
        if kind == "row":
            m["key"] = [row["platform"], row["order_id"]]

    # payments: extra rows next to the orders' good payments
    paid = [p for p in payments if len(p.versions) == 2 and p.versions[-1].avail == FIRST
            and p.versions[0].ts.date() >= date(2026, 7, 1) and p.order.key[0] != "silkmart"]
    picks = r.sample(paid, 3)
    p_bad = []
    for p, (rule, change, why) in zip(picks, [
        ("REQUIRED_MISSING", dict(payment_id=None), "payment_id is empty"),
        ("AMOUNT_NOT_POSITIVE", dict(amount=Decimal("-250.00")), "amount -250.00 <= 0"),
        ("BAD_CURRENCY", dict(currency="EURO"), "currency EURO is not ISO 4217"),
    ]):
        row = dict(p.versions[-1].row)
        pid = row["payment_id"].split("-")
        row["payment_id"] = f"{pid[0]}-{int(pid[1]) + 900000}"
        row.update(change)
        p_bad.append(("row", row, dict(rule=rule, why=why, key=[row["platform"], row["payment_id"]])))

    # shipments: extra rows for orders that have their good shipment
    done = [s for s in shipments if s.versions[-1].row["status"] == "DELIVERED" and s.versions[-1].avail == FIRST
            and s.versions[0].ts.date() >= date(2026, 8, 1) and s.key[0] in ("dhl", "fedex", "maersk")]
    gb = [s for s in done if s.versions[-1].row["destination_country"] == "GB"]
    s1, s2 = gb[r.randrange(len(gb))], done[r.randrange(len(done))]
    s_bad = []
    row = dict(s1.versions[-1].row)
    row["shipment_id"] = row["shipment_id"][:-3] + "000" if row["shipment_id"][-3:] != "000" else row["shipment_id"][:-3] + "001"
    row["destination_country"] = "UK"
    s_bad.append(("row", row, dict(rule="BAD_COUNTRY", why="destination_country UK is not ISO 3166-1 (GB)",
                                   key=[row["carrier"], row["shipment_id"]])))
    row = dict(s2.versions[-1].row)
    row["shipment_id"] = row["shipment_id"][:-3] + "999" if row["shipment_id"][-3:] != "999" else row["shipment_id"][:-3] + "998"
    sh = dt_utc(row["shipped_at"])
    row["delivered_at"] = fmt_ts(sh - days(2), OFFSET_HOURS.get(row["carrier"], 0))
    s_bad.append(("row", row, dict(rule="DELIVERED_BEFORE_SHIPPED", why="delivered_at 2 days before shipped_at",
                                   key=[row["carrier"], row["shipment_id"]])))
    for lst in (o_csv, o_json, p_bad, s_bad):
        for it in lst:
            it[2]["bad"] = True
    return o_csv, o_json, p_bad, s_bad


# ---------------------------------------------------------------------------------------------------------
def build():
    plans, plans_next = plan_orders()
    orders, payments, shipments, disputes, dis_seq = simulate(plans)
    dispute_notes = plant_dispute_window(orders, disputes, dis_seq)
    chf = chf_order(plans_next)
    orders.append(chf)
    registry = registry_records()
    accounts = account_records()
    credit = credit_event_records()
    for recs in (orders, payments, shipments, disputes, registry, accounts, credit):
        assign_avail(recs)
    # each version goes to the drop of its day (history: the first drop), except the planted late data
    late_notes = plant_late_data(orders, payments, shipments, disputes)
    o_csv_bad, o_json_bad, p_bad, s_bad = bad_rows(orders, payments, shipments, plans_next)

    if LANDING.exists():
        shutil.rmtree(LANDING)
    out = Out()
    r = stream("layout")
    facts = dict(late=late_notes, dispute_window=dispute_notes)

    # ---- orders
    for d in DROP_DATES:
        keep = None
        if d == date(2026, 11, 3):
            cands = [o for o in orders if len([v for v in o.versions if v.avail == d]) == 2 and o.delay_until is None
                     and o.versions[-1].row["status"] in ("SHIPPED", "DELIVERED", "COMPLETED", "CONFIRMED")]
            keep = cands[r.randrange(len(cands))]
        items = []
        for o in orders:
            for v in versions_for_drop(o, d, keep_all=o is keep):
                items.append(row_item("orders", v))
        if d == FIRST:
            csv_items = sort_items([it for it in items if it[1]["order_ts"] < "2026-05-01"], "order_ts")
            json_items = sort_items([it for it in items if it[1]["order_ts"] >= "2026-05-01"], "order_ts")
            # an exact duplicate across two files of one drop (same key, same updated_at, same values)
            dup = csv_items[len(csv_items) // 3]
            json_items.insert(len(json_items) // 4, ("row", dup[1], dict(dup[2])))
            out.write("orders", d, "orders-0001.csv", insert_at(csv_items, r, o_csv_bad))
            out.write("orders", d, "orders-0002.jsonl", insert_at(json_items, r, o_json_bad))
        elif d == date(2026, 11, 4):  # a later drop mixing CSV and JSONL: bazaarb2b sends JSONL
            items = sort_items(items, "updated_at")
            out.write("orders", d, "orders-0001.csv", [it for it in items if it[1]["platform"] != "bazaarb2b"])
            out.write("orders", d, "orders-0002.jsonl", [it for it in items if it[1]["platform"] == "bazaarb2b"])
        else:
            items = sort_items(items, "updated_at")
            if keep is not None:  # the later version of the same-drop update is written first
                idx = [i for i, it in enumerate(items) if tuple(it[2]["key"]) == keep.key]
                a, b = idx[0], idx[-1]
                items[a], items[b] = items[b], items[a]
            out.write("orders", d, "orders-0001.csv", items)
        out.success("orders", d)

    # ---- payments
    pay_same_drop = None
    for d in DROP_DATES:
        keep = None
        if d > FIRST and pay_same_drop is None:
            cands = [p for p in payments if len([v for v in p.versions if v.avail == d]) == 2
                     and p.delay_until is None and not getattr(p, "late_version", False)]
            keep = pay_same_drop = cands[r.randrange(len(cands))] if cands else None
        items = []
        for p in payments:
            for v in versions_for_drop(p, d, keep_all=p is keep):
                items.append(row_item("payments", v))
        items = sort_items(items, "updated_at")
        if d == FIRST:
            a = [it for it in items if it[1]["due_date"] < "2026-07-01"]
            b = [it for it in items if it[1]["due_date"] >= "2026-07-01"]
            out.write("payments", d, "payments-0001.csv.gz", a)
            out.write("payments", d, "payments-0002.csv", insert_at(b, r, p_bad))
        else:
            if d == date(2026, 11, 4):  # an exact duplicate row inside one file
                dup = items[len(items) // 2]
                items.insert(len(items) - 2, ("row", dup[1], dict(dup[2])))
            out.write("payments", d, "payments-0001.csv", items)
        out.success("payments", d)

    # ---- shipments (JSONL; the carriers' feed is empty on 2026-11-05)
    for d in DROP_DATES:
        items = []
        for s in shipments:
            for v in versions_for_drop(s, d):
                items.append(row_item("shipments", v))
        items = sort_items(items, "updated_at")
        if d == FIRST:
            a = [it for it in items if it[1]["promised_date"] < "2026-08-01"]
            b = [it for it in items if it[1]["promised_date"] >= "2026-08-01"]
            out.write("shipments", d, "shipments-0001.jsonl.gz", a)
            out.write("shipments", d, "shipments-0002.jsonl", insert_at(b, r, s_bad))
        elif items:
            if d == date(2026, 11, 3):  # the carrier resent one event
                dup = items[len(items) // 3]
                dup[2]["omit_nulls"] = True
                items.insert(len(items) // 3 + 3, ("row", dup[1], dict(dup[2])))
            out.write("shipments", d, "shipments-0001.jsonl", items)
        out.success("shipments", d)

    # ---- disputes (JSONL), only on days with changes
    for d in DROP_DATES:
        items = sort_items([row_item("disputes", v) for x in disputes for v in versions_for_drop(x, d)], "updated_at")
        if items:
            out.write("disputes", d, "disputes-0001.jsonl", items)
            out.success("disputes", d)

    # ---- fx_rates (CSV): history in the first drop, the day's rates after
    for d in DROP_DATES:
        rows = []
        for ccy in FX:
            for rd, val in FX[ccy].items():
                if (d == FIRST and rd <= FIRST) or rd == d:
                    rows.append(dict(rate_date=rd.isoformat(), currency=ccy, usd_per_unit=val))
        rows.sort(key=lambda x: (x["rate_date"], x["currency"]))
        items = [("row", {**x, "usd_per_unit": str(x["usd_per_unit"])},
                  dict(feed="fx_rates", key=[x["rate_date"], x["currency"]], updated_at=None)) for x in rows]
        out.write("fx_rates", d, "fx_rates-0001.csv.gz" if d == FIRST else "fx_rates-0001.csv", items)
        out.success("fx_rates", d)

    # ---- accounts, registry, credit_events (CSV), only on days with changes
    for feed, recs, field in (("accounts", accounts, "updated_at"), ("registry", registry, "updated_at"),
                              ("credit_events", credit, "updated_at")):
        for d in DROP_DATES:
            items = [row_item(feed, v) for x in recs for v in versions_for_drop(x, d)]
            if feed == "accounts":
                items.sort(key=lambda it: it[2]["key"])
            else:
                items = sort_items(items, field)
            if items:
                out.write(feed, d, f"{feed}-0001.csv", items)
                out.success(feed, d)
    return out, facts, dict(orders=orders, payments=payments, shipments=shipments, disputes=disputes,
                            registry=registry, accounts=accounts, credit=credit, chf=chf)


# ---------------------------------------------------------------------------------------------------------
def norm_name(name: str) -> str:
    """Reference name normalisation (documented in the README): upper-case, punctuation to space, drop
    trailing legal-form tokens."""
    suffixes = {"LTD", "LIMITED", "GMBH", "CO", "SA", "SRL", "LLC", "INC"}
    cleaned = "".join(ch if ch.isalnum() else " " for ch in name.upper())
    toks = cleaned.split()
    while toks and toks[-1] in suffixes:
        toks.pop()
    return " ".join(toks)


def expected_facts(out: Out, facts, world):
    files = out.files
    drops = defaultdict(lambda: dict(files=[], rows=0, bad_rows=0))
    bad, good = [], []
    for f in files:
        dr = drops[(f["feed"], f["dt"])]
        dr["files"].append(dict(file=f["name"], format=f["fmt"] + (".gz" if f["name"].endswith(".gz") else ""),
                                rows=len(f["metas"])))
        dr["rows"] += len(f["metas"])
        for m in f["metas"]:
            rec = dict(feed=f["feed"], dt=f["dt"], file=f["name"], line=m["line"])
            if m.get("bad"):
                dr["bad_rows"] += 1
                bad.append(dict(rec, rule=m["rule"], key=m["key"], why=m["why"]))
            else:
                good.append(dict(rec, key=m["key"], updated_at=m["updated_at"], text=m["text"]))
    drop_list = []
    for feed in FEEDS:
        for d in DROP_DATES:
            k = (feed, d.isoformat())
            folder = LANDING / feed / f"dt={d.isoformat()}"
            if not folder.exists():
                continue
            dr = drops.get(k, dict(files=[], rows=0, bad_rows=0))
            ratio = dr["bad_rows"] / dr["rows"] if dr["rows"] else 0.0
            assert ratio <= 0.02, (k, ratio)
            drop_list.append(dict(feed=feed, dt=d.isoformat(), files=dr["files"], rows=dr["rows"],
                                  bad_rows=dr["bad_rows"], bad_share=round(ratio, 4)))

    # exact duplicates and updates among the good rows
    groups = defaultdict(list)
    for g in good:
        if g["feed"] != "fx_rates":
            groups[(g["feed"], tuple(g["key"]))].append(g)
    exact, updates = [], []
    for (feed, key), rows in groups.items():
        by_upd = defaultdict(list)
        for g in rows:
            by_upd[g["updated_at"]].append(g)
        for upd, gs in by_upd.items():
            if len(gs) > 1:
                exact.append(dict(feed=feed, dt=gs[0]["dt"], key=list(key), updated_at=upd,
                                  occurrences=[dict(file=g["file"], line=g["line"]) for g in gs], kept=1))
        if len(by_upd) > 1:
            state_col = {"payments": "paid_at", "accounts": "verified", "credit_events": "amount"}.get(feed, "status")
            vers = sorted(({"dt": g["dt"], "file": g["file"], "line": g["line"], "updated_at": g["updated_at"],
                            state_col: parse_field(feed, g["text"], g["file"], state_col)}
                           for g in rows), key=lambda v: (dt_utc(v["updated_at"]), v["dt"], v["file"], v["line"]))
            final = vers[-1]
            winner = next(g for g in rows if g["dt"] == final["dt"] and g["line"] == final["line"]
                          and g["file"] == final["file"])
            state = {}
            for col in ("status", "paid_at", "registered_capital", "registration_number", "verified", "amount"):
                if feed == "registry" and col == "registration_number":
                    continue
                if col in COLUMNS[feed]:
                    state[col] = parse_field(feed, winner["text"], winner["file"], col)
            per_dt = defaultdict(set)
            for v in vers:
                per_dt[v["dt"]].add(v["updated_at"])
            same_drop = any(len(x) > 1 for x in per_dt.values())
            updates.append(dict(feed=feed, key=list(key), versions=vers, final_updated_at=final["updated_at"],
                                final=state, same_drop=same_drop))
    updates.sort(key=lambda u: (FEEDS.index(u["feed"]), u["key"]))

    # companies and account resolution
    reg_ids = {}
    names = defaultdict(list)
    for c in COMPANIES:
        cid = company_id(c[1], c[2])
        reg_ids[c[0]] = cid
        names[(c[1], norm_name(c[3]))].append(cid)
    ambiguous = {k: v for k, v in names.items() if len(v) > 1}
    resolution, name_matched, unresolved = [], [], []
    for a in ACCOUNT_LIST:
        p = PARTIES[a["party"]]
        if a["regno"]:
            cid, how = company_id(p.country, a["regno"]), "registration_number"
            assert cid == reg_ids.get(p.key), (a, cid)
        else:
            hits = names.get((p.country, norm_name(a["name"])), [])
            if len(hits) == 1:
                cid, how = hits[0], "name"
                assert cid == reg_ids[p.key]
                name_matched.append(dict(platform=a["platform"], account_id=a["account_id"], company_id=cid,
                                         declared_name=a["name"], registry_country=p.country))
            else:
                cid = f"{a['platform']}@{a['account_id']}"
                how = "unresolved_ambiguous" if hits else "unresolved_no_match"
                unresolved.append(dict(platform=a["platform"], account_id=a["account_id"], company_id=cid,
                                       declared_name=a["name"], registry_country=p.country,
                                       reason="ambiguous" if hits else "no_match", candidates=hits))
        resolution.append(dict(platform=a["platform"], account_id=a["account_id"], company_id=cid, how=how,
                               verified=a["verified"]))
    for m in name_matched:
        if m["company_id"] == reg_ids["mueller"]:
            m["note"] = f"verified on 2026-11-04 with registration_number {MUELLER_VERIFIED[0]}: same company_id"
    with_accounts = sorted({reg_ids[a["party"]] for a in ACCOUNT_LIST if a["party"] in reg_ids})
    final_status = {}
    for rec in world["registry"]:
        final_status[company_id(*rec.key)] = rec.versions[-1].row["status"]
    party_of = {v: k for k, v in reg_ids.items()}
    two_pf = [cid for cid in with_accounts
              if len({a["platform"] for a in ACCOUNT_LIST if reg_ids.get(a["party"]) == cid}) > 1]
    assert len(two_pf) == 1
    ce_ids = sorted({company_id(*rec.key[:2]) for rec in world["credit"]})

    # rows whose local timestamp shows a later calendar day than the drop (UTC is within the drop's day)
    offset_rows = []
    for g in good:
        if g["feed"] in ("fx_rates",):
            continue
        for tok in timestamps_in(g["text"]):
            if "+" in tok[10:] and tok[:10] > g["dt"] and dt_utc(tok).date().isoformat() <= g["dt"]:
                offset_rows.append(dict(feed=g["feed"], dt=g["dt"], file=g["file"], line=g["line"], value=tok))
                break

    chf = world["chf"].versions[0].row
    chf_line = next(g for g in good if g["feed"] == "orders" and g["key"] == [chf["platform"], chf["order_id"]])
    no_fx = [dict(feed="orders", dt=chf_line["dt"], file=chf_line["file"], line=chf_line["line"],
                  key={"platform": chf["platform"], "order_id": chf["order_id"]}, currency="CHF",
                  rule="NO_FX_RATE")]

    # distinct good keys per feed visible to the run of each date (bronze after dedup, before fx)
    current = {}
    for feed in FEEDS:
        current[feed] = {}
        for d in DROP_DATES:
            keys = {tuple(g["key"]) for g in good if g["feed"] == feed and g["dt"] <= d.isoformat()}
            current[feed][d.isoformat()] = len(keys)

    latent = {}
    for r_ in resolution:
        party = next(a["party"] for a in ACCOUNT_LIST if a["account_id"] == r_["account_id"])
        latent[r_["company_id"]] = PARTIES[party].q
    latent = {k: latent[k] for k in sorted(latent)}
    return {
        "description": "Facts about data-samples/landing (generated by make_samples.py; fields in README.md).",
        "dates": [d.isoformat() for d in DROP_DATES],
        "drops": drop_list,
        "companies": {
            "resolvable": sorted(reg_ids.values()),
            "with_accounts": with_accounts,
            "registry_only": sorted(set(reg_ids.values()) - set(with_accounts)),
            "unresolved": sorted(u["company_id"] for u in unresolved),
            "registry_status_final": {k: final_status[k] for k in sorted(final_status)},
            "with_credit_events": ce_ids,
            "new_in_sample_week": [reg_ids["danang"]],
            "latent_quality": latent,
        },
        "account_resolution": resolution,
        "name_matched_accounts": name_matched,
        "unresolved_accounts": unresolved,
        "ambiguous_registry_names": [dict(registry_country=k[0], normalised_name=k[1], company_ids=v)
                                     for k, v in sorted(ambiguous.items())],
        "two_platform_company": two_pf[0],
        "two_platform_accounts": [dict(platform=a["platform"], account_id=a["account_id"],
                                       registration_number=a["regno"])
                                  for a in ACCOUNT_LIST if reg_ids.get(a["party"]) == two_pf[0]],
        "bad_rows": bad,
        "no_fx_rate_rows": no_fx,
        "exact_duplicates": sorted(exact, key=lambda e: (FEEDS.index(e["feed"]), e["dt"], e["key"])),
        "updates": updates,
        "late_events": facts["late"],
        "dispute_changes_in_week": facts["dispute_window"],
        "local_date_after_dt_rows": offset_rows,
        "distinct_good_keys": current,
    }


def timestamps_in(text: str):
    out = []
    for tok in text.replace('"', ",").replace(" ", ",").split(","):
        if len(tok) >= 20 and tok[4:5] == "-" and tok[10:11] == "T":
            out.append(tok)
    return out


def parse_field(feed, text, file, col):
    if ".jsonl" in file:
        obj = json.loads(text, parse_float=str, parse_int=str)
        return obj.get(col)
    vals = next(csv.reader([text]))
    v = vals[COLUMNS[feed].index(col)]
    return {"": None, "true": True, "false": False}.get(v, v)


def print_tables(exp):
    print("| feed | dt | files (rows) | rows | bad |")
    print("|---|---|---|---|---|")
    for dr in exp["drops"]:
        files = ", ".join(f"`{f['file']}` ({f['rows']})" for f in dr["files"]) or "only `_SUCCESS`"
        print(f"| {dr['feed']} | {dr['dt']} | {files} | {dr['rows']} | {dr['bad_rows']} |")
    print()
    print("| # | feed | dt | file | line | rule | what |")
    print("|---|---|---|---|---|---|---|")
    for i, b in enumerate(exp["bad_rows"], 1):
        print(f"| {i} | {b['feed']} | {b['dt']} | `{b['file']}` | {b['line']} | `{b['rule']}` | {b['why']} |")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tables", action="store_true", help="print the README tables after writing")
    args = ap.parse_args(argv)
    out, facts, world = build()
    exp = expected_facts(out, facts, world)
    EXPECTED.write_text(json.dumps(exp, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    n_rows = sum(dr["rows"] for dr in exp["drops"])
    print(f"wrote {len(out.files)} files, {n_rows} rows, {len(exp['bad_rows'])} bad rows under {LANDING}")
    if args.tables:
        print_tables(exp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
