"""A notebook's view of the SQL endpoint: the thin Spark Connect client of the pinned pyspark.

Usage: connect_client.py sc://HOST:PORT REQUEST.json. The request holds "queries" (each run and its rows returned as
strings, in order) and "refused" (statements expected to fail; their first error line returned). DataFrame writes and
reads by path are tried too. Prints one JSON object on standard output.
"""

import json
import sys
import warnings

# pandas 3 is newer than this pyspark knows; the Connect client itself does not need pandas here.
warnings.simplefilter("ignore", FutureWarning)

from pyspark.sql import SparkSession  # noqa: E402


def first_line(error):
    return str(error).strip().splitlines()[0]


def attempt(action):
    try:
        action()
        return "ran"
    except Exception as error:  # the server's refusal comes back as the client's exception
        return first_line(error)


def main(url, request_file):
    with open(request_file, encoding="utf-8") as f:
        request = json.load(f)
    spark = SparkSession.builder.remote(url).getOrCreate()
    result = {
        "rows": [[row[0] for row in spark.sql(q).collect()] for q in request.get("queries", [])],
        "refused": [attempt(lambda s=s: spark.sql(s).collect()) for s in request.get("refused", [])],
    }
    if request.get("dataframe_writes_and_reads"):
        target = request["dataframe_writes_and_reads"]
        result["dataframe"] = {
            "save": attempt(lambda: spark.range(3).write.format("delta").save(target)),
            "saveAsTable": attempt(lambda: spark.range(3).write.saveAsTable("credit.written")),
            "insertInto": attempt(lambda: spark.table("credit.company_score").write.insertInto("credit.company_score")),
            "read.text": attempt(lambda: spark.read.text("/etc/hostname").collect()),
            "read.delta": attempt(lambda: spark.read.format("delta").load(request["lake"] + "/credit/company_score")
                                  .collect()),
        }
    spark.stop()
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
