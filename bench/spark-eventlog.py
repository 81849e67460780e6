#!/usr/bin/env python3
"""
Spark 事件日志 → 最慢的几次 SQL 执行里：最慢的阶段、各计划节点的输出行数与聚合耗时。找 Spark 上的规则慢在哪里时用：

    node bench/spark.mjs --only GZ10000102002000 --conf spark.eventLog.enabled=true --conf spark.eventLog.dir=file:///tmp/evlog
    python3 bench/spark-eventlog.py /tmp/evlog/local-*   [--execs 1] [--top 12]

每条规则是驱动程序里的一次 spark.sql(...).collect()，即一次 SQL 执行；规则的执行按用时排序，默认只看最慢的一次。
指标来自阶段完成事件的累加器（任务汇总）与驱动程序的累加器更新，按计划节点的累加器编号对回节点名。只用标准库。
"""
import argparse
import collections
import json

METRICS = ['number of output rows', 'time in aggregation build', 'duration', 'peak memory']


def main() -> None:
    ap = argparse.ArgumentParser(description='Spark 事件日志的摘要：最慢的 SQL 执行、阶段与计划节点')
    ap.add_argument('log', help='事件日志文件（spark.eventLog.dir 下的 local-…）')
    ap.add_argument('--execs', type=int, default=1, help='看最慢的几次 SQL 执行（默认 1）')
    ap.add_argument('--top', type=int, default=12, help='每项列出前几个（默认 12）')
    args = ap.parse_args()

    executions = {}                       # 执行编号 → [说明, 开始, 结束]
    metric_of = {}                        # 累加器编号 → (执行编号, 节点名, 指标名)
    values = collections.Counter()        # 累加器编号 → 合计
    stages = {}                           # 阶段编号 → (名称, 毫秒, 任务数)
    stage_execution = {}                  # 阶段编号 → 执行编号

    def walk(execution, node):
        for m in node.get('metrics', []):
            metric_of[m['accumulatorId']] = (execution, node['nodeName'], m['name'])
        for child in node.get('children', []):
            walk(execution, child)

    with open(args.log, encoding='utf-8') as f:
        for line in f:
            e = json.loads(line)
            kind = e['Event']
            if kind.endswith('SQLExecutionStart'):
                executions[e['executionId']] = [e.get('description', '')[:80], e['time'], None]
                walk(e['executionId'], e['sparkPlanInfo'])
            elif kind.endswith('SQLAdaptiveExecutionUpdate'):   # AQE 重新规划后的计划：节点与累加器换新
                walk(e['executionId'], e['sparkPlanInfo'])
            elif kind.endswith('SQLExecutionEnd'):
                executions[e['executionId']][2] = e['time']
            elif kind == 'SparkListenerJobStart':
                execution = e.get('Properties', {}).get('spark.sql.execution.id')
                for s in e['Stage IDs']:
                    stage_execution[s] = None if execution is None else int(execution)
            elif kind == 'SparkListenerStageCompleted':
                info = e['Stage Info']
                stages[info['Stage ID']] = (info['Stage Name'][:60], info.get('Completion Time', 0) - info.get('Submission Time', 0), info['Number of Tasks'])
                for a in info.get('Accumulables', []):
                    try:
                        values[a['ID']] += int(a['Value'])
                    except (TypeError, ValueError):
                        pass
            elif kind.endswith('DriverAccumUpdates'):
                for accumulator, value in e['accumUpdates']:
                    values[accumulator] += value

    timed = sorted(((end - start, k) for k, (_, start, end) in executions.items() if end is not None), reverse=True)
    for ms, execution in timed[:args.execs]:
        print(f'SQL 执行 {execution}：{ms / 1000:.1f} 秒（{executions[execution][0]}）')
        own = sorted((s for s in stages if stage_execution.get(s) == execution), key=lambda s: -stages[s][1])
        for s in own[:args.top]:
            name, stage_ms, tasks = stages[s]
            print(f'  阶段 {s}：{stage_ms / 1000:.1f} 秒，{tasks} 个任务')
        rows = [(name, values[a], node) for a, (e2, node, name) in metric_of.items() if e2 == execution and values.get(a)]
        for metric in METRICS:
            best = sorted((r for r in rows if r[0] == metric), key=lambda r: -r[1])[:args.top]
            if best:
                print(f'  {metric}：' + '；'.join(f'{node} {value:,}' for _, value, node in best))


if __name__ == '__main__':
    main()
