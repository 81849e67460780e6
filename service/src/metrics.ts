/** Prometheus 指标（prom-client，每个服务实例一个 Registry）：请求、延迟直方图、各规则结果数、错误、热加载、进程指标。 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export type ErrorKind = 'request' | 'claim' | 'timeout' | 'worker' | 'store' | 'auth' | 'internal' | 'unavailable' | 'aborted' | 'cancelled' | 'overloaded';

export class ServiceMetrics {
    readonly registry = new Registry();
    readonly requests = new Counter({ name: 'zhishen_requests_total', help: '应答的请求数（按交易与 infcode）', labelNames: ['infno', 'infcode'], registers: [this.registry] });
    readonly latency = new Histogram({
        name: 'zhishen_request_duration_seconds', help: '收到请求到应答的时间', labelNames: ['infno'], registers: [this.registry],
        buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5]
    });
    readonly findings = new Counter({ name: 'zhishen_findings_total', help: '各规则给出的审核结果数', labelNames: ['rule_id'], registers: [this.registry] });
    readonly errors = new Counter({ name: 'zhishen_errors_total', help: '错误（按种类）', labelNames: ['kind'], registers: [this.registry] });
    readonly reloads = new Counter({ name: 'zhishen_reloads_total', help: '热加载规则包 / 部署配置（按结果）', labelNames: ['result'], registers: [this.registry] });
    readonly feedback = new Counter({ name: 'zhishen_feedback_total', help: '3103 反馈（按处理方式：1 继续执行、2 返回修改）', labelNames: ['dspo_way'], registers: [this.registry] });
    readonly workers = new Gauge({ name: 'zhishen_workers', help: '求值 worker 数', registers: [this.registry] });
    readonly pending = new Gauge({ name: 'zhishen_pending_evaluations', help: '排队与正在求值的请求数', registers: [this.registry] });
    readonly workerRestarts = new Gauge({ name: 'zhishen_worker_replacements', help: '当前规则包下因超时或崩溃而换掉的 worker 数', registers: [this.registry] });

    constructor() {
        collectDefaultMetrics({ register: this.registry, prefix: 'zhishen_' });
    }
}
