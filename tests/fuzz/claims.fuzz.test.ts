/**
 * 理赔的模糊测试（问题 17）：从好的理赔出发，把字段换成攻击值（无界的指数、容器类型、JSON 编码的文本、U+FFFD、
 * 秒 60–99、时区、出生晚于就诊、悬空的 init_feedetl_sn、超大的金额、深的数组……）、删字段、复制明细，
 * 用两个后端审核。断言的性质：
 *   - 不抛异常，两个后端的输出逐字节相同（evaluateBoth）；
 *   - 每个输入患者要么被审核，要么有一条错误（一个输入一个交代）；
 *   - 每条错误有 ZR 编码、JSON 路径、中文信息，没有英文句子（V8 的信息），带能读出的 patn_id；
 *   - 金额状态为 1 的结果，金额等于明细违规金额之和（到分）；
 *   - 代价有界：每个理赔的用时记下，最慢的一个不超过 HANG_MS（卡死检测，不是基准；曾有 190 字节的理赔用 21 秒）。
 * 另记 ≤ 1 KB 的理赔（问题 17：“≤ 1 KB 的理赔从不超过 100 ms”）在生产的路径上（一个引擎、规则包、从文本起：JSON.parse、
 * 重复的键的检查、evaluate）的最大用时，打印次数、失败与最大 ms；断言只用宽的安全界 SMALL_BOUND_MS（共享的 CI 机器），
 * 真实的数字看打印。
 * 种子 ZHISHEN_SEED（默认固定），次数 ZHISHEN_FUZZ_SCALE 倍（npm run fuzz 用更大的倍数）。
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, duplicateKeyError } from '@zhishen/runtime';
import type { AuditEngine } from '@zhishen/runtime';
import { bothBackends, evaluateBoth } from '../../compiler/test/helpers.js';
import type { Backends } from '../../compiler/test/helpers.js';
import { request } from '../../runtime/test/claims.js';
import type { Json } from '../../runtime/test/claims.js';
import { base, mutate } from '../support/hostile-claims.js';
import { Random } from '../support/random.js';

const SEED = process.env.ZHISHEN_SEED && /^\d+$/.test(process.env.ZHISHEN_SEED) ? Number(process.env.ZHISHEN_SEED) : 20261203;
const SCALE = Number(process.env.ZHISHEN_FUZZ_SCALE ?? 1);
const HANG_MS = 2_000;
/** ≤ 1 KB 的理赔：问题 17 的目标是 100 ms；单元测试里只用宽的安全界，打印真实的最大值 */
const SMALL_BYTES = 1024;
const SMALL_BOUND_MS = 1_000;

const head = (id: string) => `规则 ${id} "${id}" {
  分类 测试
  级别 明确违规
  环节 事后
  依据 「依据${id}」
`;
const RULES = `
${head('F_CODE')}
  对每条 明细 m 属于 { "XJ01"*, "001102000010000" }
    违规 m
}
${head('F_PRICE')}
  对每条 明细 m
    当 m.单价 > 100元 或 m.数量 > 5
    违规 m
    提示 "{m.名称} 单价 {m.单价}"
}
${head('F_GROUP')}
  令 同码 = 明细 其中 编码 = "G"
  当 计数(同码) >= 2
  违规 同码
}
${head('F_SUM')}
  当 求和(明细, 金额) > 50元
  违规 就诊
  金额 求和(明细, 金额)
}
${head('F_DIAG')}
  对每个 诊断 x 属于 { "E11"* }
    当 患者.年龄 > 10岁 且 就诊.住院天数 > 1天
    违规 x
}
${head('F_TEXT')}
  对每条 明细 m
    当 m.名称 匹配 「注射」
    违规 m
}
`;

const CHINESE = /[\u4e00-\u9fff]/;
const ENGLISH_SENTENCE = /\b[A-Za-z]{3,} [a-z]{2,} [a-z]{2,}/;

let backends: Backends;
let engine: AuditEngine;
const stats = { attempts: 0, failures: 0, rejected: 0, errors: 0, findings: 0, slowestMs: 0 };
const small = { attempts: 0, failures: 0, maxMs: 0, maxBytes: 0, slowest: '' };

beforeAll(async () => {
    backends = await bothBackends(RULES);
    engine = createEngine(backends.compiled);
    // 热身：第一次求值含 JIT 编译（长驻的服务与批次里只发生一次），不算进 ≤ 1 KB 的用时
    for (let k = 0; k < 20; k++) engine.evaluate(request([base(new Random(k), 0)]));
});

afterAll(() => {
    console.log(`理赔模糊测试 种子 ${SEED}：${stats.attempts} 个请求，拒绝 ${stats.rejected}，错误 ${stats.errors} 条，结果 ${stats.findings} 条，最慢 ${stats.slowestMs.toFixed(1)} ms，失败 ${stats.failures}`);
    console.log(`≤ 1 KB 的理赔（JSON.parse + 重复的键 + 规则包求值，一个引擎）：${small.attempts} 个（最大 ${small.maxBytes} 字节），最大 ${small.maxMs.toFixed(2)} ms（目标 100 ms，安全界 ${SMALL_BOUND_MS} ms），失败 ${small.failures}`
        + (small.slowest ? `；最慢的：${small.slowest}` : ''));
});

/** ≤ 1 KB 的理赔在生产路径上的用时（从文本起，同 zhishen run 的一行）；大于 1 KB 的不计。返回用时或 null。 */
function timeSmall(input: unknown, label: string): number | null {
    const text = JSON.stringify(input);
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > SMALL_BYTES) return null;
    small.attempts++;
    small.failures++;
    const started = performance.now();
    const parsed: unknown = JSON.parse(text);
    if (!duplicateKeyError(text, parsed)) engine.evaluate(parsed);
    const ms = performance.now() - started;
    if (ms > small.maxMs) {
        small.maxMs = ms;
        small.slowest = `${bytes} 字节 ${text.slice(0, 300)}`;
    }
    small.maxBytes = Math.max(small.maxBytes, bytes);
    expect(ms, `${label}：≤ 1 KB 的理赔用了 ${ms.toFixed(0)} ms`).toBeLessThan(SMALL_BOUND_MS);
    small.failures--;
    return ms;
}

describe(`理赔模糊测试（种子 ${SEED}，可用 ZHISHEN_SEED 复现）`, () => {
    it('变异的理赔：不抛异常、两个后端相同、一个患者一个交代、错误是中文并带标识、代价有界', () => {
        const r = new Random(SEED);
        for (let n = 0; n < 400 * SCALE; n++) {
            const input = request(Array.from({ length: r.int(1, 3) }, (_, k) => base(r, k)));
            for (let m = r.int(1, 4); m > 0; m--) mutate(r, input);
            const label = `种子 ${SEED} 第 ${n} 个：${JSON.stringify(input).slice(0, 2_000)}`;
            stats.failures++; // 走完全部断言才减回去
            const started = performance.now();
            let out;
            try {
                out = evaluateBoth(backends, input);
            } catch (error) {
                throw new Error(`审核抛出异常（${label}）：${(error as Error).stack}`);
            }
            const ms = performance.now() - started;
            stats.slowestMs = Math.max(stats.slowestMs, ms);
            expect(ms, `${label}：用了 ${ms.toFixed(0)} ms`).toBeLessThan(HANG_MS);
            stats.attempts++;
            if (out.rejected) stats.rejected++;
            stats.errors += out.errors.length;
            stats.findings += out.response.result.length;
            const patients = Array.isArray(input.patient_dtos) ? (input.patient_dtos as unknown[]).length : 0;
            const requestLevel = out.errors.filter(e => !/^patient_dtos\[\d+\]/.test(e.path));
            if (requestLevel.length > 0) {
                // 请求层面的错误（task_id、rule_ids 的类型错误……）：整个请求一条错误
                expect(out.rejected, label).toBe(true);
                expect(out.evaluatedPatients, label).toBe(0);
            } else if (Array.isArray(input.patient_dtos)) {
                const perPatient = out.errors.filter(e => /^patient_dtos\[\d+\]/.test(e.path)).length;
                expect(out.evaluatedPatients + perPatient, `${label}：患者 ${patients} 个，审核 ${out.evaluatedPatients}，错误 ${perPatient}`).toBe(patients);
            } else {
                expect(out.rejected, label).toBe(true);
            }
            for (const e of out.errors) {
                expect(e.code, label).toMatch(/^ZR\d{4}$/);
                expect(e.message, label).toMatch(CHINESE);
                expect(e.message, label).not.toMatch(ENGLISH_SENTENCE);
                expect(e.message.length, label).toBeLessThan(400);
                const raw = (input.patient_dtos as Json[] | undefined)?.[Number(/^patient_dtos\[(\d+)\]/.exec(e.path)?.[1] ?? -1)];
                if (raw && typeof raw.patn_id === 'string' && raw.patn_id.trim() && !raw.patn_id.includes('\uFFFD')) expect(e.patn_id, label).toBe(raw.patn_id);
            }
            for (const result of out.response.result) {
                if (result.vola_amt_stas !== '1') continue;
                const details = result.judge_result_detail_dtos.filter(d => d.vola_item_type === '1').reduce((a, d) => a + Math.round(d.vola_amt * 100), 0);
                if (result.judge_result_detail_dtos.some(d => d.vola_item_type === '1') && result.rule_id !== 'F_SUM') expect(details, label).toBe(Math.round(result.vola_amt * 100));
            }
            timeSmall(input, label);
            stats.failures--;
        }
    });

    it('≤ 1 KB 的变异理赔（一个患者、一到三条明细）：在生产路径上的最大用时在安全界内，打印次数、失败与最大 ms', () => {
        const r = new Random(SEED + 1);
        const before = small.attempts;
        for (let n = 0; n < 600 * SCALE; n++) {
            const one = base(r, 0);
            const input = request([one]);
            for (let m = r.int(1, 3); m > 0; m--) mutate(r, input);
            timeSmall(input, `种子 ${SEED + 1} 第 ${n} 个：${JSON.stringify(input).slice(0, 2_000)}`);
        }
        // 多数变异的理赔不超过 1 KB（攻击值里有 2,000 个字符的文本与 400 位的数字，那些不计）
        expect(small.attempts - before).toBeGreaterThan(200 * SCALE);
    });
});
