/**
 * 读不出来的 NDJSON 行（ZR0000）：用中文说明错在第几个字符、期望什么（不外露 V8 的英文信息，它的措辞随 Node 版本变），
 * 并从坏文本里尽量读出理赔的 task_id / patn_id / mdtrt_id，让上游不必按行号回查。
 *
 * jsonSyntaxProblem 是一个按 RFC 8259 逐字符走的校验器（不递归，栈上只放括号种类，线性时间），只在 JSON.parse 失败后调用。
 */

export interface JsonSyntaxProblem {
    /** 出错处是第几个字符（从 1 起，按 Unicode 字符计，不按 UTF-16 单元） */
    character: number;
    /** 期望什么（中文） */
    expected: string;
    /** 实际是什么（中文，引用至多一个字符） */
    found: string;
}

const VALUE = '值（对象、数组、带双引号的字符串、数字、true、false 或 null）';
const enum State { Value, ValueOrClose, KeyOrClose, Key, Colon, After }

/** 文本不是有效 JSON 时返回第一个错误的位置与原因；是有效 JSON 时返回 null。 */
export function jsonSyntaxProblem(text: string): JsonSyntaxProblem | null {
    const stack: number[] = []; // 123 = '{'，91 = '['
    let state = State.Value;
    let i = 0;
    const n = text.length;
    const fail = (at: number, expected: string, found?: string): JsonSyntaxProblem => ({
        character: characterIndex(text, at),
        expected,
        found: found ?? describeChar(text, at)
    });
    while (true) {
        while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
        if (i >= n) {
            if (state === State.After && stack.length === 0) return null;
            return fail(i, expectedIn(state, stack));
        }
        const c = text.charCodeAt(i);
        switch (state) {
            case State.ValueOrClose:
            case State.Value: {
                if (state === State.ValueOrClose && c === 93 /* ] */) {
                    stack.pop();
                    i++;
                    state = State.After;
                    break;
                }
                if (c === 123 || c === 91) {
                    stack.push(c);
                    i++;
                    state = c === 123 ? State.KeyOrClose : State.ValueOrClose;
                    break;
                }
                let end: number | JsonSyntaxProblem;
                if (c === 34) end = scanString(text, i, fail);
                else if (c === 45 || (c >= 48 && c <= 57)) end = scanNumber(text, i, fail);
                else if (text.startsWith('true', i)) end = i + 4;
                else if (text.startsWith('false', i)) end = i + 5;
                else if (text.startsWith('null', i)) end = i + 4;
                else return fail(i, state === State.ValueOrClose ? `${VALUE}或 ]` : VALUE);
                if (typeof end !== 'number') return end;
                i = end;
                state = State.After;
                break;
            }
            case State.KeyOrClose:
            case State.Key: {
                if (state === State.KeyOrClose && c === 125 /* } */) {
                    stack.pop();
                    i++;
                    state = State.After;
                    break;
                }
                if (c !== 34) return fail(i, state === State.KeyOrClose ? '属性名（带双引号的字符串）或 }' : '属性名（带双引号的字符串；最后一个属性后面不能有逗号）');
                const end = scanString(text, i, fail);
                if (typeof end !== 'number') return end;
                i = end;
                state = State.Colon;
                break;
            }
            case State.Colon:
                if (c !== 58) return fail(i, '冒号 :');
                i++;
                state = State.Value;
                break;
            case State.After: {
                const top = stack[stack.length - 1];
                if (top === undefined) return fail(i, '行尾（一行只能有一个 JSON 值）');
                if (c === 44 /* , */) {
                    i++;
                    state = top === 123 ? State.Key : State.Value;
                } else if ((top === 123 && c === 125) || (top === 91 && c === 93)) {
                    stack.pop();
                    i++;
                } else return fail(i, top === 123 ? '逗号 , 或 }' : '逗号 , 或 ]');
                break;
            }
        }
    }
}

function expectedIn(state: State, stack: number[]): string {
    const close = stack[stack.length - 1] === 123 ? '}' : ']';
    switch (state) {
        case State.Value: return VALUE;
        case State.ValueOrClose: return `${VALUE}或 ]`;
        case State.KeyOrClose: return '属性名（带双引号的字符串）或 }';
        case State.Key: return '属性名（带双引号的字符串）';
        case State.Colon: return '冒号 :';
        case State.After: return `逗号 , 或 ${close}（还有 ${stack.length} 层括号没有闭合）`;
    }
}

type Fail = (at: number, expected: string, found?: string) => JsonSyntaxProblem;

/** 从引号处扫过一个字符串，返回结束引号之后的位置。 */
function scanString(text: string, start: number, fail: Fail): number | JsonSyntaxProblem {
    let i = start + 1;
    while (true) {
        if (i >= text.length) return fail(i, '字符串结束的双引号 "');
        const c = text.charCodeAt(i);
        if (c === 34) return i + 1;
        if (c < 0x20) return fail(i, '字符串里的字符（换行、制表符等控制字符要写成 \\n、\\t 之类的转义）');
        if (c === 92 /* \ */) {
            const e = text[i + 1];
            if (e === 'u') {
                if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return fail(i, '\\u 后面跟 4 位十六进制数', '不完整的 \\u 转义');
                i += 6;
            } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
            else return fail(i, '转义 \\" \\\\ \\/ \\b \\f \\n \\r \\t 或 \\uXXXX', e === undefined ? '行尾' : `转义「\\${e}」`);
            continue;
        }
        i++;
    }
}

/** JSON 数字：-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)? */
function scanNumber(text: string, start: number, fail: Fail): number | JsonSyntaxProblem {
    let i = start;
    const digit = (k: number) => k < text.length && text.charCodeAt(k) >= 48 && text.charCodeAt(k) <= 57;
    if (text[i] === '-') i++;
    if (!digit(i)) return fail(i, '数字');
    if (text[i] === '0') {
        i++;
        if (digit(i)) return fail(i, '小数点、逗号或括号（数字不能以 0 开头）');
    } else while (digit(i)) i++;
    if (text[i] === '.') {
        i++;
        if (!digit(i)) return fail(i, '小数点后的数字');
        while (digit(i)) i++;
    }
    if (text[i] === 'e' || text[i] === 'E') {
        i++;
        if (text[i] === '+' || text[i] === '-') i++;
        if (!digit(i)) return fail(i, '指数的数字');
        while (digit(i)) i++;
    }
    return i;
}

/** UTF-16 下标 → 第几个字符（从 1 起，代理对算一个字符）。 */
function characterIndex(text: string, at: number): number {
    let count = 1;
    for (let i = 0; i < at && i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
            const d = text.charCodeAt(i + 1);
            if (d >= 0xdc00 && d <= 0xdfff) i++;
        }
        count++;
    }
    return count;
}

function describeChar(text: string, at: number): string {
    if (at >= text.length) return '行尾';
    const c = text.codePointAt(at)!;
    if (c === 0xfffd) return '无效的 UTF-8 字节（显示为 U+FFFD）';
    if (c < 0x20 || c === 0x7f) return `控制字符 U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
    return `「${String.fromCodePoint(c)}」`;
}

/**
 * 读不出来的 JSON 文本错在哪、是什么（中文，不带“不是有效的 JSON”的前缀）：多行的文本（配置文件、请求体）另给第几行第几列。
 * 文本其实是有效的 JSON 时（例如因键名 __proto__ 被拒）返回 null。
 */
export function describeJsonError(text: string): string | null {
    const problem = jsonSyntaxProblem(text);
    if (!problem) return null;
    return `${whereInCharacters(text, problem.character)}处期望${problem.expected}，实际是${problem.found}`;
}

/** 文本里下标 at（UTF-16 单元）处是哪里：「第 N 个字符」；多行的文本另给「第 L 行第 C 列」。describeJsonError 与重复键的说明共用。 */
export function whereInText(text: string, at: number): string {
    return whereInCharacters(text, characterIndex(text, at));
}

function whereInCharacters(text: string, character: number): string {
    const where = `第 ${character} 个字符`;
    if (!text.includes('\n')) return where;
    let line = 1;
    let column = 1;
    let left = character;
    for (const ch of text) {
        if (--left < 1) break;
        if (ch === '\n') {
            line++;
            column = 1;
        } else column++;
    }
    return `第 ${line} 行第 ${column} 列（${where}）`;
}

/** 一行读不出来时的中文说明（ZR0000 的 message）。 */
export function brokenJsonMessage(text: string): string {
    const problem = describeJsonError(text);
    return problem === null ? '不是有效的 JSON' : `不是有效的 JSON：${problem}`;
}

export interface SalvagedIds {
    task_id?: string;
    patn_id?: string;
    mdtrt_id?: string;
}

/** 编号写成一句（「task_id T1，patn_id P1，mdtrt_id M1」），没有任何编号时为空串：错误信息里点出是哪张理赔。 */
export function idsText(ids: SalvagedIds): string {
    return [ids.task_id && `task_id ${ids.task_id}`, ids.patn_id && `patn_id ${ids.patn_id}`, ids.mdtrt_id && `mdtrt_id ${ids.mdtrt_id}`].filter(Boolean).join('，');
}

/**
 * 从读不出来的文本里找理赔的编号：第一个 "task_id"、"patn_id"，本次就诊取 "curr_mdtrt_id"，没有时取第一个 "mdtrt_id"。
 * 值是字符串（至多 200 个字符，按 JSON 反转义）或整数。正则的每个分支首字符互斥，线性时间。
 */
export function salvageClaimIds(text: string): SalvagedIds {
    const found = new Map<string, string>();
    const pattern = /"(task_id|patn_id|curr_mdtrt_id|mdtrt_id)"[ \t]*:[ \t]*(?:("(?:[^"\\\u0000-\u001f]|\\.){0,200}")|(-?\d{1,40}))/g;
    for (const match of text.matchAll(pattern)) {
        const key = match[1];
        if (found.has(key)) continue;
        let value: string | undefined = match[3];
        if (match[2] !== undefined) {
            try {
                value = JSON.parse(match[2]) as string;
            } catch {
                value = undefined;
            }
        }
        if (value !== undefined && value !== '') found.set(key, value);
        if (found.size === 4) break;
    }
    const ids: SalvagedIds = {};
    const task = found.get('task_id');
    const patn = found.get('patn_id');
    const mdtrt = found.get('curr_mdtrt_id') ?? found.get('mdtrt_id');
    if (task !== undefined) ids.task_id = task;
    if (patn !== undefined) ids.patn_id = patn;
    if (mdtrt !== undefined) ids.mdtrt_id = mdtrt;
    return ids;
}
