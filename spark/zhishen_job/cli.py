"""差分测试与调试用的命令行（纯标准库，不需要 Spark）：

  python3 -m zhishen_job.cli rows SCHEMA.json < {"lines": [原始行…], "file": 名字}
      每行按理赔库装载（load_line）→ 一行 JSON：{"kind": "loaded", "key", "rows", "errors"} / {"kind": "rejected", "error"} / {"kind": "duplicate"}
  python3 -m zhishen_job.cli assemble SCHEMA.json ASSEMBLY.json < {"lines": [原始行…], "hits": [[规则, 行]…], "population"?: {…}}
      Python 规范化这些行、用给出的命中行（SQL 的 SELECT 结果）按请求组装（与 Spark 上同一条路径） → 结果 NDJSON（与 zhishen screen 相同的行）。
      population（筛查集合的表，省略时组装全部理赔、没有跨理赔记录）：{"claims": [理赔键…], "lines": [[标识, 明细, 患者]…],
      "encounters": [[就诊号, 患者]…], "period": {from, to}}——按命中行要的取出（population_ids，同 driver.population_records 的 SQL），
      统计组的结果写在最后（task_id 为空）
"""
import json
import sys

from .assemble import PopulationRecords, assemble_set, population_ids, split_hits
from .driver import _assemble_request
from .jsvalues import json_stringify
from .normalize import load_line
from .assemble import format_value
from .jsvalues import js_number_to_string, js_to_number
from .values import ExactRangeError, INVALID, content_hash, fnv1a64, format_money, mul_to_fen, parse_date_time, parse_decimal, round_to_fen


def _date(raw):
    r = parse_date_time(raw)
    return 'invalid' if r is INVALID else None if r is None else [r[0], r[1], r[2]]


def _number(x):
    return js_number_to_string(float(x))


def _to_number(s):
    v = js_to_number(s)
    return js_number_to_string(v)


VALUE_FUNCTIONS = {
    'numberToString': _number, 'toNumber': _to_number, 'parseDecimal': parse_decimal, 'parseDateTime': _date, 'contentHash': content_hash,
    'fnv1a64': fnv1a64, 'formatValue': format_value, 'formatMoney': format_money, 'mulToFen': mul_to_fen, 'roundToFen': round_to_fen
}


def _tables(schema_path):
    with open(schema_path, encoding='utf-8') as f:
        schema = json.load(f)
    return {t['name']: t['columns'] for t in schema['tables']}


def main(argv):
    command = argv[1]
    payload = json.loads(sys.stdin.buffer.read().decode('utf-8', 'surrogatepass'))
    out = sys.stdout.buffer
    if command == 'rows':
        tables = _tables(argv[2])
        known = set()
        for n, raw in enumerate(payload['lines']):
            kind, value = load_line(raw, n + 1, payload.get('file', 'claims.ndjson'), 0, tables, known)
            if kind == 'loaded':
                record = {'kind': kind, 'key': value['key'], 'rows': value['rows'], 'errors': value['request']['errors']}
            elif kind == 'rejected':
                record = {'kind': kind, 'error': value}
            else:
                record = {'kind': kind}
            out.write(json_stringify(record).encode('utf-8') + b'\n')
    elif command == 'assemble':
        tables = _tables(argv[2])
        with open(argv[3], encoding='utf-8') as f:
            data = json.load(f)
        known = set()
        loaded = []
        for n, raw in enumerate(payload['lines']):
            kind, value = load_line(raw, n + 1, payload.get('file', 'claims.ndjson'), 0, tables, known)
            if kind == 'loaded':
                loaded.append(value['rows'])
        hits, cohort_hits = split_hits(data, [tuple(h) for h in payload['hits']])
        population = None
        pop = payload.get('population')
        if pop is not None:
            # driver.population_records 的三条连接：按命中行要的标识取出
            claims, line_ids, encounter_ids = population_ids(data, hits)
            kept = claims & set(pop['claims'])
            hits = [(r, row) for r, row in hits if str(row['ck']) in kept]
            population = PopulationRecords(None, {i: (l, patn) for i, l, patn in pop['lines'] if i in line_ids},
                                           {m: patn for m, patn in pop['encounters'] if m in encounter_ids})
        # 与 Spark 上同一条路径（driver._assemble_request）：按请求分组组装，再按（批次、行号）排序
        by_request = {}
        for n, (r, row) in enumerate(hits):
            by_request.setdefault(str(row['ck']).split(':')[0], []).append((n, r, row))
        results = []
        for rows in loaded:
            key = rows['requests'][0][0]
            if key in by_request:
                results.extend(_assemble_request((data, tables, population), by_request[key], rows))
        for _, (line, _, _) in sorted(results, key=lambda x: x[0]):
            out.write(line.encode('utf-8') + b'\n')
        for r in assemble_set(data, cohort_hits, pop['period'] if pop else None):
            out.write(json_stringify({'task_id': None, **r}).encode('utf-8') + b'\n')
    elif command == 'values':
        # 值的函数逐个求值（tests/spark-python/values.test.ts 与 JS 对照）：[函数名, 参数…] → 结果
        for fn, *args in payload:
            try:
                value = VALUE_FUNCTIONS[fn](*args)
            except ExactRangeError:
                value = 'ExactRangeError'
            out.write(json_stringify(value).encode('utf-8') + b'\n')
    else:
        raise SystemExit(f'未知的命令「{command}」：rows 或 assemble')


if __name__ == '__main__':
    main(sys.argv)
