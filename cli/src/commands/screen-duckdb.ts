/**
 * zhishen screen --engine duckdb：把 NDJSON 装进 DuckDB 理赔库（--store 给出时持久、增量；否则用一次即弃的内存库），
 * 在库上运行 SQL 后端生成的规则（@zhishen/store 的 screenStore），每条结果一行（3101 result[] 元素 + task_id，与 js 引擎同形）。
 * 跨理赔规则（筛查集合、统计组、同级统计）也在 SQL 上运行；SQL 后端还不能运行的规则（ZC0301）在汇总里逐条列出，
 * 并提示改用 --engine js——从不悄悄略过。
 */
import { existsSync } from 'node:fs';
import type { Writable } from 'node:stream';
import pc from 'picocolors';
import type { DeploymentConfig, JudgeResult, RulePack, ScreeningPeriod } from '@zhishen/runtime';
import type { IrPack } from '@zhishen/compiler';
import { ClaimsStore, screenStore } from '@zhishen/store';
import type { ScreenOptions } from '@zhishen/store';
import { UserError } from '../errors.js';

export interface DuckDbScreenInput {
    claims: string[];
    store?: string;
    ir: IrPack;
    pack: RulePack;
    config?: DeploymentConfig;
    /** --explain：有结果的请求从源文件取回原文、用 JS 规则包重新求值得到解释 */
    explain?: boolean;
    /** --from / --to（runtime 的 screeningPeriod） */
    period?: ScreeningPeriod;
    /** --workers：装载时解析与规范化的线程数（省略时 CPU 核数，小文件在主线程上） */
    workers?: number;
    out: Writable;
    write(stream: Writable, text: string): Promise<void>;
    /** 阶段完成时的一行进度（标准错误） */
    progress(label: string, done: string): void;
    /** 规则在别的引擎上执行（Spark：screen-spark.ts）；省略时在 DuckDB 上 */
    engine?: { label: string; executor: (store: ClaimsStore) => NonNullable<ScreenOptions['executor']> };
}

export interface DuckDbScreenSummary {
    lines: string[];
    findings: number;
    /** 装载时有坏行或未装入的患者 */
    rejected: number;
}

export async function screenWithDuckDb(input: DuckDbScreenInput): Promise<DuckDbScreenSummary> {
    const path = input.store ?? ':memory:';
    let store: ClaimsStore;
    try {
        store = await ClaimsStore.open(path);
    } catch (error) {
        throw new UserError(`打不开理赔库「${path}」：${(error as Error).message}`);
    }
    try {
        const loaded = await store.load(input.claims, { workers: input.workers });
        input.progress('载入', `${loaded.files.reduce((s, f) => s + f.read, 0)} 行装入理赔库${input.store ? ` ${input.store}` : '（内存）'}`);
        const byRule = new Map<string, { count: number; fen: number }>();
        let findings = 0;
        const record = async (taskId: string | null, result: JudgeResult[]) => {
            for (const r of result) {
                await input.write(input.out, JSON.stringify({ task_id: taskId, ...r }) + '\n');
                findings++;
                const entry = byRule.get(r.rule_id) ?? { count: 0, fen: 0 };
                entry.count++;
                entry.fen += Math.round(r.vola_amt * 100);
                byRule.set(r.rule_id, entry);
            }
        };
        // 逐张理赔的结果按批写出（每批至多 2 万个请求，按装载次序，不在内存里攒全部结果），然后统计组规则的结果（task_id 为空），与 js 引擎同序
        const screen = await screenStore(store, {
            ir: input.ir, pack: input.pack, config: input.config, phase: '事后', period: input.period, explain: input.explain, executor: input.engine?.executor(store),
            onRequests: async batch => {
                for (const request of batch) await record(request.task_id, request.result);
            }
        });
        await record(null, screen.set);
        input.progress('筛查', `${screen.claims.screened} 张理赔，${screen.rules.length} 条规则在 ${input.engine?.label ?? 'DuckDB'} 的 SQL 上运行`);
        const names = new Map(input.pack.manifest.rules.map(r => [r.id, r.name]));
        const lines: string[] = [];
        let rejected = 0;
        for (const f of loaded.files) {
            rejected += f.rejected + f.patientErrors;
            lines.push(pc.bold(`${f.file}：读取 ${f.read}，装入 ${f.loaded}，重复 ${f.duplicates}，拒绝 ${f.rejected}`)
                + pc.dim(`（患者 ${f.claims}，明细 ${f.lines}${f.patientErrors > 0 ? `，未装入的患者 ${f.patientErrors}` : ''}）`));
        }
        for (const e of loaded.errors.slice(0, 10)) lines.push(pc.yellow(`  ${e.file}:${e.line}：${e.code} ${e.message}${e.path ? `（${e.path}）` : ''}`));
        const hidden = loaded.errors.length - Math.min(10, loaded.errors.length) + loaded.moreErrors;
        if (hidden > 0) lines.push(pc.dim(`  …… 另有 ${hidden} 个坏行`));
        if (input.period) lines.push(pc.bold(`筛查期间内的理赔 ${screen.claims.screened} 张`) + pc.dim(`（库里另有 ${screen.claims.outOfPeriod} 张不在期间内，没有筛查，也不作为跨理赔数据）`));
        const total = [...byRule.values()].reduce((s, e) => s + e.fen, 0);
        lines.push(`筛查结果 ${findings} 条，违规金额合计 ${(total / 100).toFixed(2)} 元（${input.engine?.label ?? 'DuckDB'}，${screen.rules.length} 条规则在 SQL 上运行）`);
        for (const [id, e] of [...byRule].sort((a, b) => b[1].count - a[1].count)) lines.push(pc.dim(`  ${id} ${names.get(id) ?? id}：${e.count} 条，${(e.fen / 100).toFixed(2)} 元`));
        if (screen.unsupported.length > 0) {
            lines.push(pc.yellow(`有 ${screen.unsupported.length} 条规则 SQL 后端还不能运行，本次没有筛查它们（用 --engine js 可运行全部规则）：`));
            for (const u of screen.unsupported.slice(0, 20)) lines.push(pc.yellow(`  ${u.rule}：${u.reason}`));
            if (screen.unsupported.length > 20) lines.push(pc.dim(`  …… 另有 ${screen.unsupported.length - 20} 条`));
        }
        if (screen.explained) {
            lines.push(pc.dim(`解释：${screen.explained.explained} 条结果由 JS 规则包在原文上重新求值得到`)
                + (screen.explained.missing > 0 ? pc.yellow(`；${screen.explained.missing} 条（统计组与跨理赔规则）没有解释：要整个筛查集合，用 --engine js`) : ''));
        }
        lines.push(pc.dim(`SQL 用时：建表 ${(screen.ms.setup / 1000).toFixed(2)} 秒，规则 ${(screen.ms.rules / 1000).toFixed(2)} 秒${input.engine ? `（${input.engine.label}，含启动）` : ''}，组装 ${(screen.ms.assemble / 1000).toFixed(2)} 秒`));
        const slowest = [...screen.rules].sort((a, b) => b.ms - a.ms).slice(0, 5).filter(r => r.ms >= 100);
        if (slowest.length > 0) lines.push(pc.dim(`  最慢的规则：${slowest.map(r => `${r.id} ${(r.ms / 1000).toFixed(2)} 秒`).join('，')}`));
        return { lines, findings, rejected };
    } finally {
        store.close();
    }
}

/** --store 指向的文件不存在时会新建；指向一个目录或别的东西时给出中文错误。 */
export function checkStorePath(path: string | undefined): void {
    if (path && existsSync(path) && !path.endsWith('.duckdb') && !path.endsWith('.db')) {
        throw new UserError(`--store「${path}」已存在且不像 DuckDB 理赔库文件（.duckdb）：换一个文件名，或用 zhishen store info 查看它`);
    }
}
