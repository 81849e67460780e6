"""智审 Spark 作业的驱动程序（spark-submit driver.py …）。作业文件夹 = 这个文件所在的文件夹（plan.json、tables/、zhishen_job/）。

  命中行：spark-submit driver.py --store-parquet 库导出的文件夹 --hits 命中行.ndjson
  一批作业（测试用，一个 JVM 跑多个作业）：spark-submit driver.py --batch 清单.json
      清单：[{"job": 作业文件夹, "store": Parquet 文件夹, "hits": 输出文件}, …]

进度与汇总写到标准错误（一行一个 JSON，前缀 "zhishen:"），由 zhishen screen --engine spark 显示。
"""
import argparse
import json
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from zhishen_job import hits  # noqa: E402


_say = threading.Lock()


def progress(event):
    with _say:
        sys.stderr.write("zhishen:" + json.dumps(event, ensure_ascii=False) + "\n")
        sys.stderr.flush()


def write_hits(path, results):
    with open(path, "w", encoding="utf-8") as f:
        for rule, rows in results:
            for row in rows:
                f.write(json.dumps({"rule": rule["id"], **row}, ensure_ascii=False, sort_keys=True) + "\n")


def run_hits(spark, job_dir, store_dir, out):
    plan = hits.load_plan(job_dir)
    hits.register_tables(spark, job_dir, plan)
    hits.register_store_parquet(spark, store_dir, plan)
    cached = hits.prepare(spark, plan)
    try:
        results = hits.run_rules(spark, plan, on_rule=lambda e: progress({"event": "rule", **e}))
    finally:
        hits.uncache(spark, cached)  # 准备阶段 CACHE 的视图：一批作业在同一个 JVM 里，逐个释放
    write_hits(out, results)
    return sum(len(r) for _, r in results)


def main(argv=None):
    ap = argparse.ArgumentParser(prog="driver.py", description="智审 Spark 作业")
    ap.add_argument("--master", default=None, help="Spark master（默认取 spark-submit 的 --master，都没有时 local[2]）")
    ap.add_argument("--store-parquet", help="理赔库导出的 Parquet 文件夹（一表一个文件）")
    ap.add_argument("--hits", help="命中行输出（NDJSON）")
    ap.add_argument("--batch", help="一批作业的清单（JSON）")
    ap.add_argument("--parallel", type=int, default=2,
                    help="一批作业同时跑几个（默认 2）：每个作业一个新会话（临时视图互不相干），小数据上时间多在驱动程序里分析与优化查询，两个作业并行用上两个核")
    args = ap.parse_args(argv)

    from pyspark.sql import SparkSession

    if args.batch:
        with open(args.batch, encoding="utf-8") as f:
            batch = json.load(f)
        first = hits.load_plan(batch[0]["job"]) if batch else {"conf": {}}
    else:
        first = hits.load_plan(HERE)
    from pyspark import SparkConf

    # --master 优先；否则用 spark-submit 的 --master；都没有时 local[2]
    master = args.master or (None if SparkConf().contains("spark.master") else "local[2]")
    builder = hits.configure(SparkSession.builder, first, master)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    try:
        if args.batch:
            def one(n, item):
                count = run_hits(spark.newSession(), item["job"], item["store"], item["hits"])
                progress({"event": "job", "index": n, "total": len(batch), "hits": count})

            with ThreadPoolExecutor(max_workers=max(1, args.parallel)) as pool:
                for done in [pool.submit(one, n, item) for n, item in enumerate(batch)]:
                    done.result()  # 按清单的次序取结果：第一个失败的作业的异常照样抛出
        elif args.store_parquet and args.hits:
            count = run_hits(spark, HERE, args.store_parquet, args.hits)
            progress({"event": "done", "hits": count})
        else:
            ap.error("需要 --batch，或 --store-parquet 与 --hits")
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except hits.RuleFailed as e:
        progress({"event": "error", "message": str(e)})
        sys.exit(2)
