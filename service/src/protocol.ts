/** 主线程与求值 worker 之间的消息。 */
import type { ClaimError, Phase } from '@zhishen/runtime';

export interface WorkerInit {
    packFile: string;
    /** 部署配置（已解析的 JSON，worker 对照规则包校验） */
    config?: unknown;
    phase?: Phase;
}

export interface PackInfo {
    id: string;
    ruleCount: number;
    rules: Array<{ id: string; name: string }>;
}

/**
 * 要审核的 input.data：已解析的对象（结构化克隆过去），或请求体原文（text；at 说 input.data 在哪：国家格式报文里的
 * input.data，或者整个请求体就是它）。原文跨线程只是拷贝一个字符串，worker 自己解析——与主线程解析出的是同一个对象，
 * 因为 input.data 的 JSON Schema 不做类型转换（envelope.ts）。
 */
export type AuditInput = { data: unknown } | { text: string; at: 'input.data' | 'body' };

export type WorkerRequest = { id: number } & AuditInput;

/** 一条结果：jr_id、规则、患者、就诊、违规金额（分） */
export type FindingRow = [string, string, string, string, number];

export interface EvaluationReply {
    type: 'result';
    id: number;
    rejected: boolean;
    errors: ClaimError[];
    /** 3101 结果（AuditResponse）的 JSON 文本 */
    response: string;
    evaluatedPatients: number;
    /** 本次运行的规则组的编号；activeRules 只在该编号第一次出现时给出（规则下标） */
    active: number;
    activeRules?: number[];
    findings: FindingRow[];
}

export type WorkerReply =
    | { type: 'ready'; info: PackInfo }
    | { type: 'failed'; message: string }
    | EvaluationReply
    | { type: 'error'; id: number; message: string };
