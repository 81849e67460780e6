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
 * 送给 worker 审核的理赔：已解析的 input.data（补过库里的历史时），或请求体原文与 input.data 在其中的路径
 * （主线程已校验过这段文本：有效 JSON、没有重复的键与原型污染的键名、input.data 的值未被 ajv 转换，worker 解析出的就是同一个值）。
 */
export interface ClaimText {
    text: string;
    at: 'input.data' | '';
    /** worker 查重复的键（主线程没有查过时）：有就以 invalid 应答 */
    checkDuplicates: boolean;
}
export type ClaimPayload = { data: unknown } | ClaimText;

export type WorkerRequest = { id: number } & ClaimPayload;

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
    | { type: 'error'; id: number; message: string }
    /** 请求体原文里有重复的键（ZR0019） */
    | { type: 'invalid'; id: number; error: ClaimError };
