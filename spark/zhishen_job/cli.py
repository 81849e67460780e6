"""差分测试与调试用的命令行（纯标准库，不需要 Spark）：

  python3 -m zhishen_job.cli rows SCHEMA.json < {"lines": [原始行…], "file": 名字}
      每行按理赔库装载（load_line）→ 一行 JSON：{"kind": "loaded", "key", "rows", "errors"} / {"kind": "rejected", "error"} / {"kind": "duplicate"}
  python3 -m zhishen_job.cli assemble SCHEMA.json ASSEMBLY.json < {"lines": [原始行…], "hits": [[规则, 行]…]}
      Python 规范化这些行、用给出的命中行（SQL 的 SELECT 结果）组装 → 结果 NDJSON（与 zhishen screen 相同的行）
"""
import json
import sys

from .assemble import assemble, finding_lines, inputs_from_rows
from .jsvalues import json_stringify
from .normalize import load_line


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
        inputs = inputs_from_rows(loaded, tables)
        hits = [(r, row) for r, row in payload['hits']]
        for line in finding_lines(assemble(data, hits, inputs.claims, inputs.lines, inputs.sorted_requests())):
            out.write(line.encode('utf-8') + b'\n')
    else:
        raise SystemExit(f'未知的命令「{command}」：rows 或 assemble')


if __name__ == '__main__':
    main(sys.argv)
