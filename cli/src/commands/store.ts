/**
 * zhishen store load / store info：理赔库（DuckDB 文件）的装载与概况。装载逐行流式读取 NDJSON，进度条写在标准错误上；
 * 每个文件 读取 = 装入 + 重复 + 拒绝，坏行列出行号与原因。
 */
import { existsSync } from 'node:fs';
import pc from 'picocolors';
import { SingleBar } from 'cli-progress';
import { dates } from '@zhishen/runtime';
import { ClaimsStore } from '@zhishen/store';
import type { LoadResult, StoreInfo } from '@zhishen/store';
import { positiveInt, UserError } from '../errors.js';

export interface StoreLoadOptions {
    store: string;
    claims: string[];
    progress?: boolean;
    /** 最多列出几条坏行 */
    showErrors?: string;
    /** 解析与规范化的线程数（默认 CPU 核数） */
    workers?: string;
}

export async function storeLoadCommand(options: StoreLoadOptions): Promise<number> {
    for (const file of options.claims) if (!existsSync(file)) throw new UserError(`读不到理赔文件「${file}」`);
    const workers = options.workers === undefined ? undefined : positiveInt(options.workers, '--workers', 1);
    const store = await openStore(options.store);
    const showProgress = (options.progress ?? true) && process.stderr.isTTY;
    const bar = showProgress ? new SingleBar({ format: '装载 {file} {bar} {percentage}% | {lines} 行 | 已用 {duration_formatted} | 剩余约 {eta_formatted}', hideCursor: true, stream: process.stderr }) : undefined;
    let current = '';
    let result: LoadResult;
    try {
        result = await store.load(options.claims, {
            workers,
            onProgress: p => {
                if (!bar) return;
                if (p.file !== current) {
                    if (current) bar.stop();
                    current = p.file;
                    bar.start(p.totalBytes, 0, { file: p.file, lines: 0 });
                }
                bar.update(p.bytes, { file: p.file, lines: p.read });
            }
        });
    } finally {
        bar?.stop();
    }
    const info = await store.info();
    store.close();
    const limit = Number(options.showErrors ?? 20);
    const out: string[] = [];
    for (const f of result.files) {
        out.push(pc.bold(`${f.file}：读取 ${f.read}，装入 ${f.loaded}，重复 ${f.duplicates}，拒绝 ${f.rejected}`)
            + pc.dim(`（患者 ${f.claims}，明细 ${f.lines}${f.patientErrors > 0 ? `，未装入的患者 ${f.patientErrors}` : ''}，用时 ${(f.ms / 1000).toFixed(2)} 秒）`));
    }
    const errors = result.errors.slice(0, limit);
    for (const e of errors) out.push(pc.yellow(`  ${e.file}:${e.line}  ${e.code} ${e.message}${e.path ? `（${e.path}）` : ''}`));
    const hidden = result.errors.length - errors.length + result.moreErrors;
    if (hidden > 0) out.push(pc.dim(`  …… 另有 ${hidden} 条（--show-errors 调整显示条数）`));
    out.push(pc.dim(`理赔库 ${info.path}：请求 ${info.requests}，患者 ${info.claims}，明细 ${info.lines}`));
    process.stderr.write(out.join('\n') + '\n');
    return result.files.every(f => f.rejected === 0) ? 0 : 1;
}

export async function storeInfoCommand(options: { store: string; format?: 'text' | 'json' }): Promise<number> {
    if (!existsSync(options.store)) throw new UserError(`理赔库「${options.store}」不存在：先用 zhishen store load --store ${options.store} --claims 文件… 装载`);
    const store = await openStore(options.store);
    const info = await store.info();
    store.close();
    process.stdout.write((options.format === 'json' ? JSON.stringify(info, null, 2) : renderInfo(info)) + '\n');
    return 0;
}

async function openStore(path: string): Promise<ClaimsStore> {
    try {
        return await ClaimsStore.open(path);
    } catch (error) {
        throw new UserError(`打不开理赔库「${path}」：${(error as Error).message}`);
    }
}

function day(value: number | null): string {
    return value === null ? '—' : dates.formatDate(value);
}

export function renderInfo(info: StoreInfo): string {
    const lines = [
        pc.bold(`理赔库 ${info.path}`) + pc.dim(`（表结构版本 ${info.schema ?? '—'}）`),
        `请求 ${info.requests}，患者（被审核的理赔）${info.claims}，就诊 ${info.encounters}（含历史），明细 ${info.lines}（冲销退费后）`,
        `诊断 ${info.diagnoses}，手术 ${info.operations}，药品追溯码 ${info.traceCodes}`,
        `本次就诊入院日期 ${day(info.firstDay)} 至 ${day(info.lastDay)}，机构 ${info.institutions} 家`,
        pc.bold(`装载记录（${info.loads.length} 次）`)
    ];
    for (const l of info.loads) {
        lines.push(`  #${l.batch} ${l.file}：读取 ${l.read}，装入 ${l.loaded}，重复 ${l.duplicates}，拒绝 ${l.rejected}` + pc.dim(`（患者 ${l.claims}，明细 ${l.lines}，${(l.ms / 1000).toFixed(2)} 秒）`));
    }
    return lines.join('\n');
}
