#!/usr/bin/env python3
"""Public credit data against tradecredit's trainer: the splits, the two baselines and the summary table.

The data set is HMEQ (home-equity loans, 5,960 rows, 20% bad; ten numeric and two categorical columns, missing
values in all but the loan amount), as py-mob 0.3.1 ships it (py_mob/data/hmeq.csv); the venv of
bench/model/public-credit.sh installs that package for its data only.

  splits    --out DIR --seeds N   DIR/split-S.csv for S = 1..N: every row, plus `sample` (train or test), a random
                                  70/30 split stratified on bad (scikit-learn's train_test_split, random_state=S)
  baselines --dir DIR             DIR/baselines.json: train and test AUC of each baseline on each split's rows
  summary   --dir DIR             the table of bench/RESULTS.md from DIR/tc-S/metrics.json and DIR/baselines.json

The baselines, each with its package's default settings on the same rows as the trainer:
  logistic   scikit-learn LogisticRegression; numeric columns mean-imputed and standardised (lbfgs converges on
             loan amounts in the 100,000s only when scaled), categoricals one-hot with missing as a category
  scorecard  scorecardpy: var_filter, woebin, woebin_ply, then scikit-learn LogisticRegression on the WoE columns
and, beyond the issue's two, logistic+missing: the logistic regression with a missing-value indicator per numeric
column (SimpleImputer(add_indicator=True)), to show what the plain one loses by imputing the mean.
"""

import argparse
import importlib.util
import json
import os
import statistics
import warnings

LABEL = "bad"
SPLIT = "sample"
METHODS = ["tradecredit", "logistic", "scorecard", "logistic+missing"]


def load_hmeq():
    import pandas as pd

    # find_spec, not import: importing py_mob pulls in its modelling code, which is not needed for the data.
    spec = importlib.util.find_spec("py_mob")
    if spec is None:
        raise SystemExit("py-mob is not installed: run bench/model/public-credit.sh, which makes the venv")
    return pd.read_csv(os.path.join(spec.submodule_search_locations[0], "data", "hmeq.csv"))


def splits(out, seeds):
    from sklearn.model_selection import train_test_split

    data = load_hmeq()
    os.makedirs(out, exist_ok=True)
    for seed in range(1, seeds + 1):
        _, test = train_test_split(data.index, test_size=0.3, stratify=data[LABEL], random_state=seed)
        split = data.copy()
        split[SPLIT] = "train"
        split.loc[test, SPLIT] = "test"
        split.to_csv(os.path.join(out, f"split-{seed}.csv"), index=False)
    print(f"{seeds} splits of {len(data)} rows ({data[LABEL].mean():.1%} bad) in {out}")


def logistic_auc(train, test, indicators=False):
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    x = [c for c in train.columns if c not in (LABEL, SPLIT)]
    categorical = [c for c in x if train[c].dtype == object]
    numeric = [c for c in x if c not in categorical]
    model = make_pipeline(
        ColumnTransformer([
            ("numeric", make_pipeline(SimpleImputer(add_indicator=indicators), StandardScaler()), numeric),
            ("categorical", make_pipeline(SimpleImputer(strategy="constant", fill_value="missing"),
                                          OneHotEncoder(handle_unknown="ignore")), categorical),
        ]),
        LogisticRegression(),
    )
    model.fit(train[x], train[LABEL])
    return (roc_auc_score(train[LABEL], model.predict_proba(train[x])[:, 1]),
            roc_auc_score(test[LABEL], model.predict_proba(test[x])[:, 1]))


def scorecard_auc(train, test):
    import scorecardpy as sc
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    train = train.drop(columns=[SPLIT])
    test = test.drop(columns=[SPLIT])
    kept = sc.var_filter(train, y=LABEL)
    # One process: woebin's default forks a pool per call, which would load the shared machine for no other gain.
    bins = sc.woebin(kept, y=LABEL, no_cores=1)
    train_woe = sc.woebin_ply(kept, bins)
    test_woe = sc.woebin_ply(test[kept.columns], bins)
    x = [c for c in train_woe.columns if c != LABEL]
    model = LogisticRegression().fit(train_woe[x], train_woe[LABEL])
    return (roc_auc_score(train_woe[LABEL], model.predict_proba(train_woe[x])[:, 1]),
            roc_auc_score(test_woe[LABEL], model.predict_proba(test_woe[x])[:, 1]))


def baselines(folder):
    import contextlib
    import io

    import pandas as pd

    warnings.simplefilter("ignore")
    results = {}
    for name in sorted(os.listdir(folder), key=lambda n: (len(n), n)):
        if not (name.startswith("split-") and name.endswith(".csv")):
            continue
        seed = name[len("split-"):-len(".csv")]
        data = pd.read_csv(os.path.join(folder, name))
        train, test = data[data[SPLIT] == "train"], data[data[SPLIT] == "test"]
        logistic = logistic_auc(train, test)
        indicators = logistic_auc(train, test, indicators=True)
        with contextlib.redirect_stdout(io.StringIO()):  # scorecardpy prints its progress
            scorecard = scorecard_auc(train, test)
        results[seed] = {"rows": [len(train), len(test)], "logistic": logistic, "scorecard": scorecard,
                         "logistic+missing": indicators}
        print(f"split {seed}: test AUC logistic {logistic[1]:.4f}, scorecard {scorecard[1]:.4f}, "
              f"logistic+missing {indicators[1]:.4f}")
    with open(os.path.join(folder, "baselines.json"), "w") as f:
        json.dump(results, f, indent=2)


def summary(folder):
    with open(os.path.join(folder, "baselines.json")) as f:
        base = json.load(f)
    auc = {m: {"train": [], "test": []} for m in METHODS}
    for seed, b in sorted(base.items(), key=lambda kv: int(kv[0])):
        with open(os.path.join(folder, f"tc-{seed}", "metrics.json")) as f:
            metrics = json.load(f)
        if [metrics["train"]["rows"], metrics["test"]["rows"]] != b["rows"]:
            raise SystemExit(f"split {seed}: tradecredit trained on {metrics['train']['rows']} and held out "
                             f"{metrics['test']['rows']} rows, the baselines {b['rows']}: not the same split")
        for sample, i in (("train", 0), ("test", 1)):
            auc["tradecredit"][sample].append(metrics[sample]["auc"])
            for m in METHODS[1:]:
                auc[m][sample].append(b[m][i])
    n = len(auc["tradecredit"]["test"])
    print(f"{n} splits; test AUC per split:")
    for m in METHODS:
        print(f"  {m}: " + " ".join(f"{a:.4f}" for a in auc[m]["test"]))
    # The two baselines: the plain logistic regression and the scorecard.
    wins = sum(t >= max(lr, s) for t, lr, s in zip(*(auc[m]["test"] for m in METHODS[:3])))
    print(f"tradecredit at least both baselines on {wins} of {n} splits")
    # The splits move all methods together: the per-split difference has a far smaller spread than each AUC.
    for m in METHODS[1:]:
        d = [t - b for t, b in zip(auc["tradecredit"]["test"], auc[m]["test"])]
        print(f"tradecredit minus {m}, per split: mean {statistics.mean(d):+.4f}, sd {statistics.stdev(d):.4f}, "
              f"min {min(d):+.4f}, max {max(d):+.4f}")
    print()
    print("| method | mean test AUC | sd | min | max | mean train AUC |")
    print("|---|---|---|---|---|---|")
    for m in METHODS:
        t = auc[m]["test"]
        print(f"| {m} | {statistics.mean(t):.4f} | {statistics.stdev(t):.4f} | {min(t):.4f} | {max(t):.4f} "
              f"| {statistics.mean(auc[m]['train']):.4f} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    s = commands.add_parser("splits")
    s.add_argument("--out", required=True)
    s.add_argument("--seeds", type=int, default=20)
    for name in ("baselines", "summary"):
        commands.add_parser(name).add_argument("--dir", required=True)
    args = parser.parse_args()
    if args.command == "splits":
        splits(args.out, args.seeds)
    elif args.command == "baselines":
        baselines(args.dir)
    else:
        summary(args.dir)


if __name__ == "__main__":
    main()
