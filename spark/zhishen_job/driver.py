"""Spark 上的事后筛查（薄的一层胶水）：读 NDJSON 理赔 → 在执行器上规范化（normalize.py，mapPartitions）→ 按 schema.json
建 DataFrame、注册为生成的 SQL 用的表名 → 作业的数据表与准备语句、逐条规则执行（hits.py，plan.json）→ 取命中患者的
明细与请求 → 组装（assemble.py）→ 结果 NDJSON（与 zhishen screen 同形）+ 汇总 JSON。

装载的语义与理赔库（store/src/store.ts loadFile）相同：一行一个请求；首行的 BOM 去掉；空行、读不出的 JSON、没有可装入患者
的请求被拒绝（ZR 编码与行号）；内容相同的行只装第一次（按文件次序与行号），其余计为重复；读取 = 装入 + 重复 + 拒绝。

  spark-submit 作业/screen_claims.py --claims a.ndjson [b.ndjson …] -o findings.ndjson [--summary summary.json] [--master local[2]]
"""
from __future__ import annotations

import json
import os
import sys
import time

from .assemble import PopulationRecords, assemble, assemble_set, inputs_from_rows, population_ids, split_hits
from .values import format_date
from .jsvalues import js_round, json_stringify
from .normalize import ROW_TABLES, load_line

SPARK_TYPES = {'VARCHAR': 'STRING', 'BIGINT': 'BIGINT', 'INTEGER': 'INT', 'BOOLEAN': 'BOOLEAN', 'VARCHAR[]': 'ARRAY<STRING>'}
MAX_ERRORS = 1000


def read_json(path):
    with open(path, encoding='utf-8') as f:
        return json.load(f)


def load_job(job_dir):
    plan = read_json(os.path.join(job_dir, 'plan.json'))
    schema = read_json(os.path.join(job_dir, 'schema.json'))
    data = read_json(os.path.join(job_dir, 'assembly.json'))
    if schema.get('format') != 'zhishen-store-schema/1' or data.get('format') != 'zhishen-spark-assembly/1':
        raise ValueError(f'{job_dir} 的 schema.json / assembly.json 版本不符：请用 zhishen build --target spark 重新生成作业')
    if data['packId'] != plan['pack']['id']:
        raise ValueError(f"{job_dir}：assembly.json 的规则包 {data['packId']} 与 plan.json 的 {plan['pack']['id']} 不同：请重新生成作业")
    return plan, schema, data


def table_ddl(columns):
    return ', '.join(f"`{c['name']}` {SPARK_TYPES[c['type']]}" for c in columns)


def _normalize_partition(tables):
    """执行器上：(批次, 文件, 行号, 原始行) → ('loaded', 键, (批次, 行号), 行) / ('rejected', …) / ('duplicate', …)。
    重复只在整个输入上判断（见 dedupe）：这里每行各自规范化。"""
    def run(items):
        for batch, file, line_no, raw in items:
            kind, value = load_line(raw, line_no, file, batch, tables, set())
            if kind == 'loaded':
                yield ('loaded', value['key'], (batch, line_no), file, value['rows'], value['request']['errors'])
            else:
                yield ('rejected', None, (batch, line_no), file, value, None)
    return run


def read_lines(spark, paths):
    """每个文件一个 RDD：(批次, 文件, 行号, 行)。Hadoop 的行读取与 Node 的 readline 一样按 \\n、\\r\\n、\\r 分行。"""
    sc = spark.sparkContext
    rdds = []
    for n, path in enumerate(paths):
        batch = n + 1
        rdds.append(sc.textFile(path).zipWithIndex().map(lambda t, b=batch, f=path: (b, f, t[1] + 1, t[0])))
    return sc.union(rdds) if len(rdds) > 1 else rdds[0]


def expand_inputs(spark, inputs):
    """命令行给的路径 → 理赔文件（按给出的次序；文件夹递归列出、按路径排序；通配符按 Hadoop 的 glob）。
    按日期分区的文件夹（claims/date=2024-03-01/part-0.ndjson）这样读入：每个文件一个批次，行号是文件内的行号。
    以 _ 或 . 开头的文件（_SUCCESS、.crc）不是理赔。"""
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    files = []
    for given in inputs:
        path = jvm.org.apache.hadoop.fs.Path(given)
        fs = path.getFileSystem(conf)
        statuses = fs.globStatus(path)
        if statuses is None or len(statuses) == 0:
            raise FileNotFoundError(f'找不到理赔文件「{given}」：检查路径（本地路径、hdfs:// 或 s3a:// 等 Hadoop 支持的地址）')
        found = []
        for status in statuses:
            if status.isDirectory():
                it = fs.listFiles(status.getPath(), True)
                while it.hasNext():
                    found.append(it.next().getPath().toString())
            else:
                found.append(status.getPath().toString())
        if '://' not in given:
            found = [f[len('file:'):] if f.startswith('file:') else f for f in found]  # 本地文件按给出的写法显示
        found = sorted(f for f in found if not os.path.basename(f).startswith(('_', '.')))
        files.extend(f for f in found if f not in files)
    return files


def screen(spark, job_dir, paths, out_path, summary_path=None, progress=None):
    from . import hits as hits_mod
    plan, schema, data = load_job(job_dir)
    tables = {t['name']: t['columns'] for t in schema['tables']}
    say = progress or (lambda e: None)
    started = time.time()

    normalized = read_lines(spark, paths).mapPartitions(_normalize_partition(tables)).persist()
    # 重复：同一个键只保留最先的一行（批次、行号最小）
    first = normalized.filter(lambda r: r[0] == 'loaded').map(lambda r: (r[1], r)).reduceByKey(lambda a, b: a if a[2] <= b[2] else b).values().persist()
    stats = normalized.map(lambda r: ((r[3], r[0]), (1, len(r[4]['claims']) if r[0] == 'loaded' else 0, len(r[4]['lines']) if r[0] == 'loaded' else 0,
                                                       len(r[5]) if r[0] == 'loaded' else 0))).reduceByKey(lambda a, b: tuple(x + y for x, y in zip(a, b))).collect()
    kept = first.map(lambda r: (r[3], (1, len(r[4]['claims']), len(r[4]['lines'])))).reduceByKey(lambda a, b: tuple(x + y for x, y in zip(a, b))).collectAsMap()
    rejected = normalized.filter(lambda r: r[0] == 'rejected').map(lambda r: {'file': r[3], 'line': r[2][1], **_error_fields(r[4])}).takeOrdered(
        MAX_ERRORS, key=lambda e: (paths.index(e['file']) if e['file'] in paths else 0, e['line']))
    patient_errors = first.flatMap(lambda r: [{'file': r[3], 'line': r[2][1], 'code': e['code'], 'message': f"该请求的一个患者未装入：{e['message']}", 'path': e['path']}
                                              for e in r[5]]).takeOrdered(MAX_ERRORS, key=lambda e: (e['file'], e['line']))

    frames = {}
    for name in ROW_TABLES:
        rdd = first.flatMap(lambda r, t=name: r[4][t])
        # 缓存为列存：每条规则的 SQL 读缓存，不再重跑 Python 的规范化
        frames[name] = spark.createDataFrame(rdd, table_ddl(tables[name])).cache()
        frames[name].createOrReplaceTempView(name)
    for frame in frames.values():
        frame.count()
    say({'event': 'loaded', 'ms': round((time.time() - started) * 1000)})

    hits_mod.register_tables(spark, job_dir, plan)
    hits_mod.prepare(spark, plan)
    results = hits_mod.run_rules(spark, plan, on_rule=lambda e: say({'event': 'rule', **e}))
    hits, cohort_hits = split_hits(data, [(rule['rule'], row) for rule, rows in results for row in rows])
    population, period = population_records(spark, data, hits, cohort_hits)
    # 只组装筛查集合里的理赔（同一就诊号只审核装载次序中的第一张，同 screen.ts）
    hits = [(r, row) for r, row in hits if str(row['ck']) in population.claims]
    population.claims = None

    # 组装：按请求分到执行器（组装只看一个请求的命中行与它的明细、请求行，以及命中行提到的筛查集合记录——与 screen.ts
    # 逐批组装相同），结果按（批次、行号）排好流回驱动程序写文件；统计组的结果在驱动程序上组装，写在最后（task_id 为空）
    by_request = {}
    for n, (r, row) in enumerate(hits):
        by_request.setdefault(str(row['ck']).split(':')[0], []).append((n, r, row))
    sc = spark.sparkContext
    shared = sc.broadcast((data, tables, population))
    hit_rdd = sc.parallelize(list(by_request.items()), max(1, min(len(by_request), sc.defaultParallelism * 4)))
    assembled_rdd = hit_rdd.join(first.map(lambda r: (r[1], r[4]))).flatMap(lambda kv: _assemble_request(shared.value, kv[1][0], kv[1][1]))
    lines_sorted = assembled_rdd.sortByKey() if by_request else None
    count = 0
    by_rule = {}
    with open(out_path, 'w', encoding='utf-8', newline='\n') as out:
        for _, (line, rule_id, fen) in (lines_sorted.toLocalIterator() if lines_sorted is not None else []):
            out.write(line + '\n')
            count += 1
            e = by_rule.setdefault(rule_id, [0, 0])
            e[0] += 1
            e[1] += fen
        for r in assemble_set(data, cohort_hits, period):
            out.write(json_stringify({'task_id': None, **r}) + '\n')
            count += 1
            e = by_rule.setdefault(r['rule_id'], [0, 0])
            e[0] += 1
            e[1] += int(js_round(r['vola_amt'] * 100))
    shared.unpersist()
    summary = _summary(paths, stats, kept, rejected, patient_errors, data, by_rule, count, plan, round((time.time() - started) * 1000))
    if summary_path:
        with open(summary_path, 'w', encoding='utf-8', newline='\n') as f:
            f.write(json_stringify(summary) + '\n')
    for frame in frames.values():
        frame.unpersist()
    normalized.unpersist()
    first.unpersist()
    return summary


POPULATION_LINE_COLUMNS = ('seq', 'rx_id', 'mdtrt_id', 'sumamt', 'is_current_encounter', 'curr_drord_flag', 'hilist_name', 'hilist_code')


def population_records(spark, data, hits, cohort_hits):
    """命中行提到的筛查集合记录（SQL 后端建的 zs_pop_claims / zs_pop_lines / zs_pop_encounters，同 screen.ts 的
    populationRecords）与统计期间（集合中就诊的最早入院——缺失取出院——到最晚出院——缺失取入院）。"""
    claims, line_ids, encounter_ids = population_ids(data, hits)

    def keyed(values, name):
        view = f'zs_want_{name}'
        spark.createDataFrame([(v,) for v in sorted(values)], 'id STRING').createOrReplaceTempView(view)
        return view
    kept = {r[0] for r in spark.sql(f'SELECT p.claim_key FROM {keyed(claims, "claims")} w JOIN zs_pop_claims p ON p.claim_key = w.id').collect()} if claims else set()
    lines = {}
    if line_ids:
        cols = ', '.join(f'l.`{c}`' for c in POPULATION_LINE_COLUMNS)
        for row in spark.sql(f"SELECT w.id, {cols}, l.zs_patn FROM {keyed(line_ids, 'lines')} w JOIN zs_pop_lines l ON w.id = l.claim_key || '#' || CAST(l.seq AS STRING)").collect():
            d = row.asDict()
            line = {c: d[c] for c in POPULATION_LINE_COLUMNS}
            line['is_current_encounter'] = line['is_current_encounter'] is True
            line['curr_drord_flag'] = line['curr_drord_flag'] is True
            lines[d['id']] = (line, d['zs_patn'])
    patients = {}
    if encounter_ids:
        for row in spark.sql(f"SELECT e.mdtrt_id, e.zs_patn FROM {keyed(encounter_ids, 'encounters')} w JOIN zs_pop_encounters e ON e.mdtrt_id = w.id").collect():
            patients[row[0]] = row[1]
    period = None
    if cohort_hits:
        lo, hi = spark.sql('SELECT min(coalesce(adm_date, dscg_date)), max(coalesce(dscg_date, adm_date)) FROM zs_pop_encounters').collect()[0]
        period = {'from': None if lo is None else format_date(int(lo)), 'to': None if hi is None else format_date(int(hi))}
    for name in ('claims', 'lines', 'encounters'):
        spark.catalog.dropTempView(f'zs_want_{name}')
    return PopulationRecords(kept, lines, patients), period


def _assemble_request(shared, hits_of_request, rows):
    """执行器上：一个请求的命中行 + 它的各表行（+ 命中行提到的筛查集合记录）→ [((批次, 行号, 序号), (结果行, 规则, 分))]。"""
    data, tables = shared[0], shared[1]
    population = shared[2] if len(shared) > 2 else None
    inputs = inputs_from_rows([rows], tables)
    hits_of_request.sort(key=lambda h: h[0])
    request = inputs.requests[0]
    out = []
    for _, results in assemble(data, [(r, row) for _, r, row in hits_of_request], inputs.claims, inputs.lines, inputs.requests, population):
        for k, r in enumerate(results):
            out.append(((request['batch'], request['line_no'], k), (json_stringify({'task_id': request['task_id'], **r}), r['rule_id'], int(js_round(r['vola_amt'] * 100)))))
    return out


def _error_fields(error):
    return {'code': error['code'], 'message': error['message'], **({'path': error['path']} if error.get('path') else {})}


def _summary(paths, stats, kept, rejected, patient_errors, data, by_rule, count, plan, ms):
    files = []
    for path in paths:
        loaded_lines = [v for (f, kind), v in stats if f == path and kind == 'loaded']
        rejected_lines = [v for (f, kind), v in stats if f == path and kind == 'rejected']
        read = sum(v[0] for v in loaded_lines) + sum(v[0] for v in rejected_lines)
        k = kept.get(path, (0, 0, 0))
        files.append({'file': path, 'read': read, 'loaded': k[0], 'duplicates': sum(v[0] for v in loaded_lines) - k[0],
                      'rejected': sum(v[0] for v in rejected_lines), 'claims': k[1], 'lines': k[2],
                      'patientErrors': sum(v[3] for v in loaded_lines)})
    names = {r['id']: r['name'] for r in data['rules']}
    rules = [{'rule_id': rid, 'rule_name': names.get(rid, rid), 'findings': n, 'amount': _yuan(fen)}
             for rid, (n, fen) in sorted(by_rule.items(), key=lambda kv: -kv[1][0])]
    return {
        'engine': 'spark', 'pack': data['packId'], 'files': files, 'errors': sorted(rejected + patient_errors, key=lambda e: (paths.index(e['file']) if e['file'] in paths else 0, e['line']))[:MAX_ERRORS],
        'findings': count, 'amount': _yuan(sum(fen for _, fen in by_rule.values())), 'rules': rules,
        'unsupported': plan.get('unsupported', []), 'ms': ms
    }


def _yuan(fen: int) -> str:
    sign = '-' if fen < 0 else ''
    fen = abs(fen)
    return f'{sign}{fen // 100}.{fen % 100:02d}'


def ship_package(spark):
    """把 zhishen_job 打包交给执行器（执行器上的 Python 进程要导入规范化与组装的代码）。"""
    import tempfile
    import zipfile
    here = os.path.dirname(os.path.abspath(__file__))
    fd, path = tempfile.mkstemp(prefix='zhishen_job-', suffix='.zip')
    os.close(fd)
    with zipfile.ZipFile(path, 'w') as z:
        for name in sorted(os.listdir(here)):
            if name.endswith('.py'):
                z.write(os.path.join(here, name), f'zhishen_job/{name}')
    spark.sparkContext.addPyFile(path)


def main(argv=None, job_dir=None):
    import argparse
    ap = argparse.ArgumentParser(prog='screen_claims.py', description='智审 Spark 作业：事后筛查 NDJSON 理赔')
    ap.add_argument('--claims', nargs='+', required=True, help='理赔文件、文件夹或通配符（NDJSON，一行一个 3101 入参；本地路径或 Hadoop 支持的 URI）')
    ap.add_argument('-o', '--out', required=True, help='结果 NDJSON（每行一条结果：3101 result[] 元素 + task_id）')
    ap.add_argument('--summary', help='汇总 JSON（装入 / 重复 / 拒绝及原因、各规则结果数与金额）')
    ap.add_argument('--master', default=None, help='Spark master（默认取 spark-submit 的 --master，都没有时 local[2]）')
    args = ap.parse_args(argv)
    job_dir = job_dir or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    from pyspark import SparkConf
    from pyspark.sql import SparkSession
    from . import hits as hits_mod
    plan = hits_mod.load_plan(job_dir)
    master = args.master or (None if SparkConf().contains('spark.master') else 'local[2]')
    spark = hits_mod.configure(SparkSession.builder, plan, master).getOrCreate()
    spark.sparkContext.setLogLevel('ERROR')

    def say(event):
        sys.stderr.write('zhishen:' + json.dumps(event, ensure_ascii=False) + '\n')
        sys.stderr.flush()
    ship_package(spark)
    try:
        paths = expand_inputs(spark, [os.path.abspath(p) if '://' not in p else p for p in args.claims])
        summary = screen(spark, job_dir, paths, args.out, args.summary, say)
        say({'event': 'done', 'findings': summary['findings'], 'files': summary['files']})
    finally:
        spark.stop()
    return 0
