/**
 * 理赔 JSON / NDJSON 文本：拆分、语法错误（中文）、按 JSON 路径或 rx_id 在原文中定位。纯函数，主线程与 worker 共用。
 */
import { findNodeAtLocation, parse, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

export interface TextRange {
    /** 在整个文档中的偏移（UTF-16） */
    offset: number;
    length: number;
}

export interface LineCol {
    /** 1 起 */
    line: number;
    /** 1 起 */
    column: number;
}

export function positionAt(text: string, offset: number): LineCol {
    let line = 1;
    let lineStart = 0;
    const end = Math.min(offset, text.length);
    for (let i = 0; i < end; i++) {
        if (text.charCodeAt(i) === 10) {
            line++;
            lineStart = i + 1;
        }
    }
    return { line, column: end - lineStart + 1 };
}

/** 文档中的一份请求（JSON 文档就是一份；NDJSON 每个非空行一份）。 */
export interface RequestText {
    /** 0 起的请求序号 */
    index: number;
    /** 在文档中的起始偏移 */
    offset: number;
    /** 1 起的行号（NDJSON 的行；JSON 为 1） */
    line: number;
    text: string;
}

export type ClaimFormat = 'json' | 'ndjson';

/** 判断文档格式：.ndjson / .jsonl 扩展名，或整体不是 JSON 而每个非空行都是 JSON 对象。 */
export function detectFormat(path: string, text: string): ClaimFormat {
    if (/\.(ndjson|jsonl)$/i.test(path)) return 'ndjson';
    if (/\.json$/i.test(path)) {
        // 扩展名是 .json 但内容明显是逐行的多个对象（粘贴的 NDJSON）
        const lines = text.split('\n').filter(l => l.trim());
        if (lines.length > 1 && lines.every(l => l.trim().startsWith('{') && l.trim().endsWith('}')) && !isJson(text)) return 'ndjson';
        return 'json';
    }
    const lines = text.split('\n').filter(l => l.trim());
    if (lines.length > 1 && !isJson(text) && lines.every(isJson)) return 'ndjson';
    return 'json';
}

function isJson(text: string): boolean {
    try {
        JSON.parse(text);
        return true;
    } catch {
        return false;
    }
}

/** 拆成请求。 */
export function splitRequests(text: string, format: ClaimFormat): RequestText[] {
    if (format === 'json') return [{ index: 0, offset: 0, line: 1, text }];
    const result: RequestText[] = [];
    let offset = 0;
    let line = 1;
    for (const raw of text.split('\n')) {
        if (raw.trim()) result.push({ index: result.length, offset, line, text: raw });
        offset += raw.length + 1;
        line++;
    }
    return result;
}

const FULL_WIDTH: Record<string, string> = { '，': ',', '：': ':', '“': '"', '”': '"', '｛': '{', '｝': '}', '［': '[', '］': ']', '‘': "'", '’': "'" };

const MESSAGES: Record<string, string> = {
    InvalidSymbol: '无法识别的符号',
    InvalidNumberFormat: '数字格式不对',
    PropertyNameExpected: '这里应是用双引号括起来的字段名，如 "rx_id"',
    ValueExpected: '这里缺少值',
    ColonExpected: '缺少冒号「:」',
    CommaExpected: '缺少逗号「,」',
    CloseBraceExpected: '缺少右花括号「}」',
    CloseBracketExpected: '缺少右方括号「]」',
    EndOfFileExpected: 'JSON 应在此结束，后面还有内容（多份请求请用 NDJSON：每行一份）',
    InvalidCommentToken: 'JSON 不允许注释',
    UnexpectedEndOfComment: 'JSON 不允许注释',
    UnexpectedEndOfString: '字符串没有结束：缺少右引号「"」',
    UnexpectedEndOfNumber: '数字没有写完',
    InvalidUnicode: '\\u 转义后应是 4 位十六进制数',
    InvalidEscapeCharacter: '不认识的转义字符',
    InvalidCharacter: '字符串中不能直接换行或包含控制字符'
};

export interface JsonProblem {
    range: TextRange;
    message: string;
    /** 修改建议 */
    hint?: string;
}

/** JSON 语法错误（中文）。offsetBase：这段文本在整个文档中的偏移。 */
export function jsonSyntaxProblems(text: string, offsetBase = 0): JsonProblem[] {
    const errors: ParseError[] = [];
    parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const problems: JsonProblem[] = [];
    for (const error of errors.slice(0, 20)) {
        const name = printParseErrorCode(error.error);
        let message = MESSAGES[name] ?? `JSON 语法错误（${name}）`;
        let hint: string | undefined;
        const char = text.substr(error.offset, Math.max(1, error.length)).charAt(0);
        if (FULL_WIDTH[char]) {
            message = `全角符号「${char}」不能用在 JSON 里`;
            hint = `改成半角「${FULL_WIDTH[char]}」`;
        } else if (name === 'PropertyNameExpected' && text.charAt(error.offset) === '}') {
            message = '多余的逗号：最后一个字段后面不能有逗号';
        } else if (name === 'ValueExpected' && (text.charAt(error.offset) === ']' || text.charAt(error.offset) === '}')) {
            message = '多余的逗号：最后一项后面不能有逗号';
        }
        if (!text.trim()) message = '理赔是空的：粘贴一份 3101 入参 JSON，或从样例中选一份';
        problems.push({ range: { offset: offsetBase + error.offset, length: Math.max(1, error.length) }, message, hint });
    }
    return problems;
}

/** "patient_dtos[0].fsi_encounter_dtos[1].cnt" → ['patient_dtos', 0, 'fsi_encounter_dtos', 1, 'cnt'] */
export function parseJsonPath(path: string): Array<string | number> {
    const segments: Array<string | number> = [];
    for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
        if (match[2] !== undefined) segments.push(Number(match[2]));
        else segments.push(match[1]);
    }
    return segments;
}

export function formatJsonPath(segments: ReadonlyArray<string | number>): string {
    let out = '';
    for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out ? `.${s}` : s;
    return out;
}

/** 按 JSON 路径定位（找不到时退到最近的祖先；缺少的字段指向其所在对象）。 */
export function locatePath(text: string, path: ReadonlyArray<string | number>, offsetBase = 0): TextRange | undefined {
    const root = parseTree(text);
    if (!root) return undefined;
    for (let n = path.length; n >= 0; n--) {
        const node = findNodeAtLocation(root, path.slice(0, n) as Array<string | number>);
        if (node) {
            // 属性值：连同属性名一起标出
            const target = node.parent?.type === 'property' && n > 0 ? node.parent : node;
            // 大对象只标开头一行，避免整屏红线
            const length = target.type === 'object' || target.type === 'array' ? Math.min(target.length, firstLineLength(text, target.offset)) : target.length;
            return { offset: offsetBase + target.offset, length: Math.max(1, length) };
        }
    }
    return undefined;
}

function firstLineLength(text: string, offset: number): number {
    const nl = text.indexOf('\n', offset);
    return (nl < 0 ? text.length : nl) - offset;
}

export interface LineLocation {
    range: TextRange;
    /** 属性 "rx_id" 的位置（更精确的高亮） */
    idRange: TextRange;
}

function text(node: Node | undefined): string | undefined {
    if (!node) return undefined;
    if (node.type === 'string' || node.type === 'number' || node.type === 'boolean') return String(node.value);
    return undefined;
}

function property(node: Node, name: string): Node | undefined {
    if (node.type !== 'object') return undefined;
    for (const child of node.children ?? []) {
        if (child.type === 'property' && child.children?.[0]?.value === name) return child.children[1];
    }
    return undefined;
}

function items(node: Node | undefined): Node[] {
    return node?.type === 'array' ? node.children ?? [] : [];
}

/**
 * 在一份请求的文本中找费用明细（按 患者编号 + 就诊编号 + rx_id）或就诊（rx_id 为空时）。
 * patnId / mdtrtId 为空时不按它们过滤。
 */
export function locateClaimItem(source: string, target: { patnId?: string; mdtrtId?: string; rxId?: string }, offsetBase = 0): LineLocation | undefined {
    const root = parseTree(source);
    if (!root) return undefined;
    for (const patient of items(property(root, 'patient_dtos'))) {
        if (target.patnId && text(property(patient, 'patn_id')) !== target.patnId) continue;
        for (const encounter of items(property(patient, 'fsi_encounter_dtos'))) {
            const mdtrt = property(encounter, 'mdtrt_id');
            if (target.mdtrtId && text(mdtrt) !== target.mdtrtId) continue;
            if (!target.rxId) {
                if (!mdtrt?.parent) continue;
                const r = { offset: offsetBase + mdtrt.parent.offset, length: mdtrt.parent.length };
                return { range: r, idRange: r };
            }
            for (const order of items(property(encounter, 'fsi_order_dtos'))) {
                const rx = property(order, 'rx_id');
                if (text(rx) !== target.rxId) continue;
                return {
                    range: { offset: offsetBase + order.offset, length: order.length },
                    idRange: { offset: offsetBase + (rx!.parent ?? rx!).offset, length: (rx!.parent ?? rx!).length }
                };
            }
        }
    }
    return undefined;
}

/** 样例理赔的概况（选择列表里显示）：患者数、明细数。 */
export function claimSummary(source: string): { patients: number; lines: number } | undefined {
    try {
        const value = JSON.parse(source) as { patient_dtos?: Array<{ fsi_encounter_dtos?: Array<{ fsi_order_dtos?: unknown[] }> }> };
        const patients = Array.isArray(value.patient_dtos) ? value.patient_dtos : [];
        let lines = 0;
        for (const p of patients) for (const e of p.fsi_encounter_dtos ?? []) lines += Array.isArray(e.fsi_order_dtos) ? e.fsi_order_dtos.length : 0;
        return { patients: patients.length, lines };
    } catch {
        return undefined;
    }
}
