/**
 * 演练场的状态：打开的规则文件、理赔文档、参数覆盖、知识库来源。可以完整地放进分享链接（见 share.ts）。
 */
import type { FileDoc, ParamOverrides, PhaseChoice } from './protocol.js';

export interface RuleSample extends FileDoc {
    /** 分组：标准规则 / 语言导览 */
    group: string;
}

export interface ClaimSample extends FileDoc {
    group: string;
    title: string;
}

export interface Samples {
    rules: readonly RuleSample[];
    claims: readonly ClaimSample[];
}

export interface AppState {
    rules: FileDoc[];
    activeRule: string | null;
    claims: FileDoc[];
    activeClaim: string | null;
    params: ParamOverrides;
    /** 运行哪个环节的规则 */
    phase: PhaseChoice;
    /** 知识库：随附样例，或用户加载的（不进链接，只记名称） */
    kb: { kind: 'sample' } | { kind: 'custom'; name: string };
}

/** 首次打开：标准规则（没有时用语言导览）+ 与之配套的第一份样例理赔。 */
export function defaultState(samples: Samples): AppState {
    const standard = samples.rules.filter(r => r.group === '标准规则');
    const rules = (standard.length > 0 ? standard : samples.rules.filter(r => r.group === '语言导览')).map(r => ({ path: r.path, text: r.text }));
    const claimGroup = standard.length > 0 ? '标准规则样例' : '语言导览样例';
    const claim = samples.claims.find(c => c.group === claimGroup) ?? samples.claims[0];
    return {
        rules,
        activeRule: rules[0]?.path ?? null,
        claims: claim ? [{ path: claim.path, text: claim.text }] : [],
        activeClaim: claim?.path ?? null,
        params: {},
        phase: 'auto',
        kb: { kind: 'sample' }
    };
}

/** 不与已有文件重名的新文件名：未命名.zs、未命名-2.zs … */
export function uniquePath(existing: Iterable<string>, wanted: string): string {
    const taken = new Set(existing);
    if (!taken.has(wanted)) return wanted;
    const dot = wanted.lastIndexOf('.');
    const stem = dot > 0 ? wanted.slice(0, dot) : wanted;
    const ext = dot > 0 ? wanted.slice(dot) : '';
    for (let n = 2; ; n++) {
        const candidate = `${stem}-${n}${ext}`;
        if (!taken.has(candidate)) return candidate;
    }
}

export function baseName(path: string): string {
    return path.split('/').pop() ?? path;
}

/** 去掉空的参数覆盖（空字符串 = 用默认值）。 */
export function cleanParams(params: ParamOverrides): ParamOverrides {
    const result: ParamOverrides = {};
    for (const [rule, values] of Object.entries(params)) {
        const kept = Object.fromEntries(Object.entries(values).filter(([, v]) => typeof v === 'string' && v.trim() !== ''));
        if (Object.keys(kept).length > 0) result[rule] = kept;
    }
    return result;
}

/** 相对路径 → 工作区路径（测试的 理赔 文件 "claims/x.json" 相对于规则文件所在目录）。 */
export function resolvePath(fromFile: string, relative: string): string {
    if (relative.startsWith('/')) return normalize(relative.slice(1));
    const dir = fromFile.includes('/') ? fromFile.slice(0, fromFile.lastIndexOf('/')) : '';
    return normalize(dir ? `${dir}/${relative}` : relative);
}

function normalize(path: string): string {
    const out: string[] = [];
    for (const part of path.split('/')) {
        if (part === '' || part === '.') continue;
        if (part === '..') out.pop();
        else out.push(part);
    }
    return out.join('/');
}
