"""宿主函数的 Spark 写法在一批输入上的值（tests/spark/host-functions.spark.test.ts 调用）。

输入 JSON：{"sets": [[集合编号, 精确编码] …], "rows": [{"id", "x", "y", "s1"} …], "exprs": {名字: Spark SQL 表达式}}。
行表的别名是 i（与规则里实例表的别名相同，集合列 s1 旁边有 s1__c：该集合的精确编码数组），集合表是 zs_sets。
输出 JSON：{名字: [每行的值 …]}，按 id 排序。
"""
import json
import sys

from pyspark.sql import SparkSession


def main(src, dst):
    with open(src, encoding="utf-8") as f:
        spec = json.load(f)
    spark = (SparkSession.builder.appName("zhishen-host-functions")
             .config("spark.sql.ansi.enabled", "false").config("spark.sql.session.timeZone", "UTC")
             .config("spark.ui.enabled", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    codes = {}
    for sid, a in spec["sets"]:
        codes.setdefault(sid, []).append(a)
    spark.createDataFrame([(sid, 0, a, None, None) for sid, a in spec["sets"]],
                          "set_id BIGINT, kind INT, a STRING, b STRING, len INT").createOrReplaceTempView("zs_sets")
    rows = [(r["id"], r.get("x"), r.get("y"), r.get("s1"), None if r.get("s1") is None else codes.get(r["s1"], []))
            for r in spec["rows"]]
    spark.createDataFrame(rows, "id INT, x STRING, y STRING, s1 BIGINT, s1__c ARRAY<STRING>").createOrReplaceTempView("zs_rows")
    out = {}
    for name, expr in spec["exprs"].items():
        result = spark.sql(f"SELECT i.id, {expr} AS r FROM zs_rows i ORDER BY i.id").collect()
        out[name] = [row["r"] for row in result]
    with open(dst, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False)
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
