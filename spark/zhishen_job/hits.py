"""命中行：在 Spark 上建作业的数据表与理赔表、执行准备语句（视图），逐条规则执行 plan.json 里的 SQL（命名绑定参数）。

命中行的列与 DuckDB 上相同（ck、inst、ord、v …，见 compiler/src/backends/sql/lower.ts 的 SqlRulePlan），
结果组装（3101 结果）在 assemble.py。
"""
import json
import os
import re
import time


class RuleFailed(Exception):
    pass


def load_plan(job_dir):
    with open(os.path.join(job_dir, "plan.json"), encoding="utf-8") as f:
        plan = json.load(f)
    if plan.get("format") != "zhishen-spark-job" or plan.get("version") != 1:
        raise ValueError(f"{job_dir}/plan.json 不是智审的 Spark 作业（format/version 不符）：请用 zhishen build --target spark 重新生成")
    return plan


def ddl(columns):
    return ", ".join(f"`{c['name']}` {c['type']}" for c in columns)


def register_tables(spark, job_dir, plan):
    """作业自带的数据表（代码集、字典、知识点行值）：NDJSON，按 plan.json 给定的结构建表（不推断）。
    表都小（知识库的大小），在驱动程序里读成本地数据，免得每张表一次文件扫描。"""
    for t in plan["tables"]:
        names = [c["name"] for c in t["columns"]]
        with open(os.path.join(job_dir, t["file"]), encoding="utf-8") as f:
            rows = [tuple(_row(json.loads(line), names)) for line in f if line.strip()]
        spark.createDataFrame(rows, ddl(t["columns"])).createOrReplaceTempView(t["name"])


def _row(obj, names):
    for n in names:
        v = obj.get(n)
        # 区间（struct 的数组）：字典 → 元组，按 a、b、len 的次序
        if isinstance(v, list) and v and isinstance(v[0], dict):
            v = [(r["a"], r["b"], r["len"]) for r in v]
        yield v


def register_store_parquet(spark, store_dir, plan):
    """理赔表：由理赔库导出（zhishen store export / ClaimsStore.exportParquet）的 Parquet，一表一个文件；列须与 plan.json 的 store 相同。"""
    for t in plan["store"]:
        path = os.path.join(store_dir, t["name"] + ".parquet")
        if not os.path.exists(path):
            raise FileNotFoundError(f"理赔表 {path} 不存在")
        df = spark.read.parquet(path)
        want = [c["name"] for c in t["columns"]]
        missing = [c for c in want if c not in df.columns]
        if missing:
            raise ValueError(f"理赔表 {path} 缺少列：{', '.join(missing)}")
        df.select(*[f"`{c}`" for c in want]).createOrReplaceTempView(t["name"])


TEMP_VIEW = re.compile(r"^\s*CREATE\s+OR\s+REPLACE\s+TEMP\s+VIEW\s+(\w+)", re.I)


def prepare(spark, plan):
    """准备语句：理赔表上的视图（字典标签、本次就诊的标志 …）。每个视图建好后 CACHE TABLE（立即物化一次）：
    规则的查询引用视图十几次，不物化时 Spark 在每处展开视图的整个定义（连接与子查询），优化后的计划成千上万个连接。
    返回缓存的视图名（uncache 用）。"""
    cached = []
    for sql in plan["setup"]:
        spark.sql(sql)
        view = TEMP_VIEW.match(sql)
        if view:
            spark.sql(f"CACHE TABLE {view.group(1)}")
            cached.append(view.group(1))
    return cached


def uncache(spark, views):
    """释放 prepare 缓存的视图。只释放这些：缓存是 SparkContext 里各会话共用的，clearCache 会连别的会话的一起清掉。"""
    for view in views:
        spark.catalog.uncacheTable(view)


def spark_reason(e):
    """Spark 异常的原因（一行）：Py4J 包着的 Java 异常取 Java 那边的第一行（“An error occurred while calling o35.sql.” 不是原因）。"""
    java = getattr(e, "java_exception", None)
    text = str(java) if java is not None else str(e)
    lines = [l.strip() for l in text.strip().splitlines() if l.strip()]
    return lines[0] if lines else type(e).__name__


def run_rules(spark, plan, on_rule=None):
    """逐条规则执行，返回 [(规则计划, [命中行 dict …])]。"""
    out = []
    total = len(plan["rules"])
    for index, rule in enumerate(plan["rules"]):
        started = time.time()
        try:
            # 含子查询的 令 逐层物化（见 compiler/src/backends/sql/lower.ts 的 letStages）：每层执行一次、localCheckpoint、登记为
            # 临时视图。checkpoint 截断血缘，上一层在下一层的计划里只是一个扫描；persist 不行——缓存的计划仍带着下面各层，
            # 非等值关联的子查询去关联时照样复制它们（GZ10000102010000：persist 时最后的查询内存耗尽，checkpoint 时 6 秒）
            for stage in rule.get("stages", []):
                spark.sql(stage["sql"], args=rule["params"]).localCheckpoint(eager=True).createOrReplaceTempView(stage["name"])
            query = spark.sql(rule["sql"], args=rule["params"])
            rows = [r.asDict(recursive=True) for r in query.collect()]
            _write_plan(query, rule["id"])
        except Exception as e:  # Spark 的错误带整个查询计划：只留说明原因的那一行，写明是哪条规则
            raise RuleFailed(f"规则 {rule['id']} 在 Spark 上执行失败：{spark_reason(e)}") from None
        finally:  # 检查点的数据在不再被引用后由 Spark 的 ContextCleaner 回收
            for stage in rule.get("stages", []):
                spark.catalog.dropTempView(stage["name"])
        out.append((rule, rows))
        if on_rule:
            on_rule({"rule": rule["id"], "index": index, "total": total, "hits": len(rows), "ms": round((time.time() - started) * 1000)})
    return out


def _write_plan(query, rule_id):
    """环境变量 ZHISHEN_SPARK_EXPLAIN=文件夹 时，把每条规则执行后的查询计划（优化后的逻辑计划与物理计划，AQE 的最终计划）写成 <规则编号>.txt：
    找慢的规则时看它是不是嵌套循环连接（BroadcastNestedLoopJoin / CartesianProduct）。"""
    folder = os.environ.get("ZHISHEN_SPARK_EXPLAIN")
    if not folder:
        return
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"{rule_id}.txt"), "w", encoding="utf-8") as f:
        execution = query._jdf.queryExecution()
        f.write("== 优化后的逻辑计划 ==\n" + execution.optimizedPlan().toString() + "\n== 物理计划 ==\n" + execution.executedPlan().toString())


def configure(builder, plan, master=None):
    """plan.json 的 Spark 配置；spark-submit --conf 给出的同名配置优先（如集群上调 spark.sql.shuffle.partitions）。"""
    from pyspark import SparkConf

    given = SparkConf()
    builder = builder.appName("zhishen")
    if master:
        builder = builder.master(master)
    for k, v in plan["conf"].items():
        if not given.contains(k):
            builder = builder.config(k, v)
    return builder
