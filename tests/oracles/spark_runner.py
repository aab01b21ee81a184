"""Runs `basis sql --dialect spark` translations on Apache Spark (pyspark, local mode) over the
CSV export, for tests/spark.rs.

    python3 spark_runner.py EXPORT_DIR JOBS.json

JOBS.json is {"tables": [{"name": ..., "schema": "col TYPE, ..."}], "queries": ["SELECT ..."]}.
Prints one JSON line a query, in order: {"rows": [[cell, ...], ...]} or {"error": "..."}.
"""
import json
import os
import sys

from pyspark.sql import SparkSession


def main():
    export_dir, jobs_file = sys.argv[1], sys.argv[2]
    with open(jobs_file, encoding="utf-8") as f:
        jobs = json.load(f)
    spark = (
        SparkSession.builder.master("local[1]")
        .appName("basis-sql-oracle")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.driver.memory", "1g")
        # Hundreds of small queries: planning, not execution, is the cost; these two save a
        # fifth of it and change no answer.
        .config("spark.sql.adaptive.enabled", "false")
        .config("spark.sql.codegen.wholeStage", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    for t in jobs["tables"]:
        df = (
            spark.read.schema(t["schema"])
            .option("header", "true")
            .option("multiLine", "true")
            .option("escape", '"')
            .option("mode", "FAILFAST")
            .csv(os.path.join(export_dir, t["name"] + ".csv"))
        )
        df.createOrReplaceTempView(t["name"])
    out = sys.stdout
    for q in jobs["queries"]:
        try:
            rows = [list(r) for r in spark.sql(q).collect()]
            out.write(json.dumps({"rows": rows}, default=str) + "\n")
        except Exception as e:  # a query Spark refuses is reported, not fatal
            out.write(json.dumps({"error": str(e).splitlines()[0] if str(e) else repr(e)}) + "\n")
        out.flush()
    spark.stop()


if __name__ == "__main__":
    main()
