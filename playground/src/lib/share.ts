/**
 * 分享链接：整个状态（规则、理赔、参数）压缩进 URL 的 #z=…，打开链接即复现。
 * 与随附样例内容相同的文件只记路径与内容哈希（链接短）；样例在新版本里变了时照用新内容并提示。
 * 用户加载的知识库不进链接（太大）：链接里只记名称，打开时提示改用随附样例知识库。
 */
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import { contentHash } from '@zhishen/runtime';
import type { FileDoc, ParamOverrides, PhaseChoice } from './protocol.js';
import type { AppState, Samples } from './state.js';
import { cleanParams } from './state.js';

export const SHARE_PREFIX = 'z=';

const PHASES: PhaseChoice[] = ['auto', '事前', '事中', '事后', 'all'];

/** 文件：[路径, 内容] 或 [路径, 0, 样例内容哈希] */
type SharedFile = [string, string] | [string, 0, string];

interface SharedStateV1 {
    v: 1;
    r: SharedFile[];
    ar?: string;
    c: SharedFile[];
    ac?: string;
    p?: ParamOverrides;
    /** 环节（默认 auto 不写） */
    ph?: PhaseChoice;
    /** 用户知识库的名称（内容不在链接里） */
    kb?: string;
}

function packFile(file: FileDoc, samples: readonly FileDoc[]): SharedFile {
    const sample = samples.find(s => s.path === file.path);
    if (sample && sample.text === file.text) return [file.path, 0, contentHash(file.text)];
    return [file.path, file.text];
}

export function encodeState(state: AppState, samples: Samples): string {
    const shared: SharedStateV1 = {
        v: 1,
        r: state.rules.map(f => packFile(f, samples.rules)),
        c: state.claims.map(f => packFile(f, samples.claims))
    };
    if (state.activeRule) shared.ar = state.activeRule;
    if (state.activeClaim) shared.ac = state.activeClaim;
    const params = cleanParams(state.params);
    if (Object.keys(params).length > 0) shared.p = params;
    if (state.phase !== 'auto') shared.ph = state.phase;
    if (state.kb.kind === 'custom') shared.kb = state.kb.name;
    return SHARE_PREFIX + compressToEncodedURIComponent(JSON.stringify(shared));
}

export interface DecodedState {
    state: AppState;
    /** 给用户看的提示（样例已更新、链接里的知识库不可用等） */
    warnings: string[];
}

function unpackFile(file: unknown, samples: readonly FileDoc[], warnings: string[]): FileDoc | undefined {
    if (!Array.isArray(file) || typeof file[0] !== 'string') return undefined;
    const [path, text, hash] = file as [string, unknown, unknown];
    if (typeof text === 'string') return { path, text };
    const sample = samples.find(s => s.path === path);
    if (!sample) {
        warnings.push(`链接引用的示例「${path}」在这个版本里没有了，已略过`);
        return undefined;
    }
    if (typeof hash === 'string' && contentHash(sample.text) !== hash) {
        warnings.push(`示例「${path}」在这个版本里已更新，显示的是新内容`);
    }
    return { path, text: sample.text };
}

/** 解析 location.hash（带或不带 #）。不是分享链接时返回 undefined；坏链接抛出带中文信息的 Error。 */
export function decodeState(hash: string, samples: Samples): DecodedState | undefined {
    const raw = hash.replace(/^#/, '');
    if (!raw.startsWith(SHARE_PREFIX)) return undefined;
    const json = decompressFromEncodedURIComponent(raw.slice(SHARE_PREFIX.length));
    if (!json) throw new Error('分享链接已损坏（可能被截断），无法还原；已打开默认示例');
    let data: SharedStateV1;
    try {
        data = JSON.parse(json) as SharedStateV1;
    } catch {
        throw new Error('分享链接已损坏，无法还原；已打开默认示例');
    }
    if (data?.v !== 1 || !Array.isArray(data.r) || !Array.isArray(data.c)) throw new Error('分享链接的格式不受支持（可能来自更新的版本）');
    const warnings: string[] = [];
    const rules = data.r.map(f => unpackFile(f, samples.rules, warnings)).filter((f): f is FileDoc => f !== undefined);
    const claims = data.c.map(f => unpackFile(f, samples.claims, warnings)).filter((f): f is FileDoc => f !== undefined);
    const params: ParamOverrides = {};
    if (data.p && typeof data.p === 'object') {
        for (const [rule, values] of Object.entries(data.p)) {
            if (values && typeof values === 'object') {
                params[rule] = Object.fromEntries(Object.entries(values).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
            }
        }
    }
    if (typeof data.kb === 'string') warnings.push(`链接是用知识库「${data.kb}」做的，它不在链接里；现在用的是随附的样例知识库，需要时请重新加载`);
    const pick = (wanted: string | undefined, files: FileDoc[]) => (wanted && files.some(f => f.path === wanted) ? wanted : files[0]?.path ?? null);
    return {
        state: { rules, activeRule: pick(data.ar, rules), claims, activeClaim: pick(data.ac, claims), params: cleanParams(params), phase: PHASES.includes(data.ph as PhaseChoice) ? (data.ph as PhaseChoice) : 'auto', kb: { kind: 'sample' } },
        warnings
    };
}
