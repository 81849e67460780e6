/**
 * 线性时间正则（规则作者与数据里的正则都走这里，不走回溯的 RegExp）。
 *
 * 支持的子集（语义与 JS `new RegExp(p, 'u')` 相同）：字面字符（含 \uXXXX、\u{…}、\xHH、\t\n\r\f\v、\0、转义的语法字符、中文）、
 * `.`、字符类 [..]（范围、取反、类内 \d\w\s\D\W\S）、\d \w \s \D \W \S、^ $ \b \B、分组（捕获、(?:…)、(?<名>…)）、
 * 选择 |、量词 * + ? {m} {m,} {m,n} 及其懒惰形式。
 * 不支持：反向引用（\1、\k<名>）、前瞻/后顾（(?= (?! (?<= (?<!）、Unicode 属性（\p{…}）、\cX。
 *
 * 做法：解析成语法树 → 编译成 NFA 指令 → Pike VM 模拟（线程表按优先级排列，最左优先，与 JS 回溯找到的结果一致），
 * 代价 O(指令数 × 文本长度)。JS 的两条细节也照做：每轮重复开始时清空轮内的捕获；超出最少次数的一轮若匹配了空串则这一轮作废。
 * 只记录第 0 组与第 1 组（提取文本只要这两组；其他组不影响匹配结果）。
 */

export class RegexUnsupported extends Error {}

type CharSet = { ranges: number[]; negate: boolean };
type Node =
    | { t: 'char'; set: CharSet }
    | { t: 'empty' }
    | { t: 'seq'; items: Node[] }
    | { t: 'alt'; items: Node[] }
    | { t: 'group'; index: number; body: Node } // index 0 = 不捕获
    | { t: 'repeat'; body: Node; min: number; max: number; lazy: boolean }
    | { t: 'assert'; kind: 'bol' | 'eol' | 'wordb' | 'nwordb' };

/** 编译后的指令数上限（计数重复会展开，超过就拒绝）。 */
export const REGEX_PROGRAM_LIMIT = 20000;

const DIGIT = [0x30, 0x39];
const WORD = [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a];
const SPACE = [0x09, 0x0d, 0x20, 0x20, 0xa0, 0xa0, 0x1680, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029, 0x202f, 0x202f, 0x205f, 0x205f, 0x3000, 0x3000, 0xfeff, 0xfeff];
const LINE_TERMINATORS = [0x0a, 0x0a, 0x0d, 0x0d, 0x2028, 0x2029];
const MAX_CP = 0x10ffff;

function complement(ranges: number[]): number[] {
    const out: number[] = [];
    let next = 0;
    for (let i = 0; i < ranges.length; i += 2) {
        if (ranges[i] > next) out.push(next, ranges[i] - 1);
        next = ranges[i + 1] + 1;
    }
    if (next <= MAX_CP) out.push(next, MAX_CP);
    return out;
}

function normalize(ranges: number[]): number[] {
    const pairs: [number, number][] = [];
    for (let i = 0; i < ranges.length; i += 2) pairs.push([ranges[i], ranges[i + 1]]);
    pairs.sort((a, b) => a[0] - b[0]);
    const out: number[] = [];
    for (const [lo, hi] of pairs) {
        const n = out.length;
        if (n > 0 && lo <= out[n - 1] + 1) out[n - 1] = Math.max(out[n - 1], hi);
        else out.push(lo, hi);
    }
    return out;
}

const SYNTAX = '^$\\.*+?()[]{}|/';

class Parser {
    pos = 0;
    groups = 0;
    constructor(readonly src: string) {}

    unsupported(what: string): never {
        throw new RegexUnsupported(what);
    }
    peek(): string {
        return this.src[this.pos] ?? '';
    }
    eof(): boolean {
        return this.pos >= this.src.length;
    }
    parse(): Node {
        const node = this.alt();
        if (!this.eof()) this.unsupported(`第 ${this.pos + 1} 个字符「${this.peek()}」`);
        return node;
    }
    alt(): Node {
        const items = [this.seq()];
        while (this.peek() === '|') {
            this.pos++;
            items.push(this.seq());
        }
        return items.length === 1 ? items[0] : { t: 'alt', items };
    }
    seq(): Node {
        const items: Node[] = [];
        while (!this.eof() && this.peek() !== '|' && this.peek() !== ')') items.push(this.quantified());
        return items.length === 0 ? { t: 'empty' } : items.length === 1 ? items[0] : { t: 'seq', items };
    }
    quantified(): Node {
        const atom = this.atom();
        let min: number, max: number;
        const c = this.peek();
        if (c === '*') [min, max] = [0, Infinity];
        else if (c === '+') [min, max] = [1, Infinity];
        else if (c === '?') [min, max] = [0, 1];
        else if (c === '{') {
            const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
            if (!m) this.unsupported('「{」');
            min = Number(m[1]);
            max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
            this.pos += m[0].length - 1;
        } else return atom;
        this.pos++;
        let lazy = false;
        if (this.peek() === '?') {
            lazy = true;
            this.pos++;
        }
        if (atom.t === 'assert') this.unsupported('断言后的量词');
        return { t: 'repeat', body: atom, min, max, lazy };
    }
    atom(): Node {
        const c = this.peek();
        if (c === '(') {
            this.pos++;
            let index = 0;
            if (this.src.startsWith('?:', this.pos)) this.pos += 2;
            else if (this.src.startsWith('?=', this.pos) || this.src.startsWith('?!', this.pos)) this.unsupported('前瞻断言 (?= 或 (?!');
            else if (this.src.startsWith('?<=', this.pos) || this.src.startsWith('?<!', this.pos)) this.unsupported('后顾断言 (?<= 或 (?<!');
            else if (this.src.startsWith('?<', this.pos)) {
                const end = this.src.indexOf('>', this.pos);
                if (end < 0) this.unsupported('命名分组');
                this.pos = end + 1;
                index = ++this.groups;
            } else if (c === '(' && this.src[this.pos] === '?') this.unsupported('「(?」开头的分组');
            else index = ++this.groups;
            const body = this.alt();
            if (this.peek() !== ')') this.unsupported('缺少「)」');
            this.pos++;
            return { t: 'group', index, body };
        }
        if (c === '[') return { t: 'char', set: this.charClass() };
        if (c === '.') {
            this.pos++;
            return { t: 'char', set: { ranges: LINE_TERMINATORS, negate: true } };
        }
        if (c === '^') {
            this.pos++;
            return { t: 'assert', kind: 'bol' };
        }
        if (c === '$') {
            this.pos++;
            return { t: 'assert', kind: 'eol' };
        }
        if (c === '\\') {
            const next = this.src[this.pos + 1];
            if (next === 'b' || next === 'B') {
                this.pos += 2;
                return { t: 'assert', kind: next === 'b' ? 'wordb' : 'nwordb' };
            }
            const set = this.escape(false);
            return { t: 'char', set };
        }
        if (c === ')' || c === '*' || c === '+' || c === '?' || c === '{' || c === '}' || c === ']') this.unsupported(`「${c}」`);
        const cp = this.src.codePointAt(this.pos)!;
        this.pos += cp > 0xffff ? 2 : 1;
        return { t: 'char', set: { ranges: [cp, cp], negate: false } };
    }
    /** 读一个转义（this.pos 指向反斜杠），返回字符集。 */
    escape(inClass: boolean): CharSet {
        this.pos++;
        const c = this.peek();
        this.pos++;
        switch (c) {
            case 'd': return { ranges: DIGIT, negate: false };
            case 'D': return { ranges: DIGIT, negate: true };
            case 'w': return { ranges: WORD, negate: false };
            case 'W': return { ranges: WORD, negate: true };
            case 's': return { ranges: SPACE, negate: false };
            case 'S': return { ranges: SPACE, negate: true };
            case 't': return single(0x09);
            case 'n': return single(0x0a);
            case 'r': return single(0x0d);
            case 'f': return single(0x0c);
            case 'v': return single(0x0b);
            case '0':
                if (/[0-9]/.test(this.peek())) this.unsupported('「\\0」后接数字');
                return single(0);
            case 'x': {
                const m = /^[0-9a-fA-F]{2}/.exec(this.src.slice(this.pos));
                if (!m) this.unsupported('「\\x」');
                this.pos += 2;
                return single(parseInt(m[0], 16));
            }
            case 'u': {
                const braced = /^\{([0-9a-fA-F]+)\}/.exec(this.src.slice(this.pos));
                if (braced) {
                    this.pos += braced[0].length;
                    return single(parseInt(braced[1], 16));
                }
                const m = /^[0-9a-fA-F]{4}/.exec(this.src.slice(this.pos));
                if (!m) this.unsupported('「\\u」');
                this.pos += 4;
                let cp = parseInt(m[0], 16);
                // \uD83D\uDE00 这样的代理对在 u 模式下是一个字符
                const low = /^\\u([dD][c-fC-F][0-9a-fA-F]{2})/.exec(this.src.slice(this.pos));
                if (cp >= 0xd800 && cp <= 0xdbff && low) {
                    cp = 0x10000 + ((cp - 0xd800) << 10) + (parseInt(low[1], 16) - 0xdc00);
                    this.pos += 6;
                }
                return single(cp);
            }
            case 'k': this.unsupported('命名反向引用 \\k<…>');
            case 'p': case 'P': this.unsupported('Unicode 属性 \\p{…}');
            case 'c': this.unsupported('控制字符 \\c');
            case 'b': if (inClass) return single(0x08); break;
            case '-': if (inClass) return single(0x2d); break;
        }
        if (/[1-9]/.test(c)) this.unsupported(`反向引用 \\${c}`);
        if (c !== '' && SYNTAX.includes(c)) return single(c.codePointAt(0)!);
        this.unsupported(`转义「\\${c}」`);
    }
    charClass(): CharSet {
        this.pos++;
        let negate = false;
        if (this.peek() === '^') {
            negate = true;
            this.pos++;
        }
        const ranges: number[] = [];
        while (this.peek() !== ']') {
            if (this.eof()) this.unsupported('缺少「]」');
            const lo = this.classAtom();
            if (this.peek() === '-' && this.src[this.pos + 1] !== ']' && this.pos + 1 < this.src.length) {
                this.pos++;
                const hi = this.classAtom();
                if (typeof lo !== 'number' || typeof hi !== 'number' || hi < lo) this.unsupported('字符类范围');
                ranges.push(lo, hi);
            } else if (typeof lo === 'number') ranges.push(lo, lo);
            else ranges.push(...(lo.negate ? complement(lo.ranges) : lo.ranges));
        }
        this.pos++;
        return { ranges: normalize(ranges), negate };
    }
    classAtom(): number | CharSet {
        if (this.peek() === '\\') {
            const set = this.escape(true);
            return set.negate || set.ranges.length !== 2 || set.ranges[0] !== set.ranges[1] ? set : set.ranges[0];
        }
        const cp = this.src.codePointAt(this.pos)!;
        this.pos += cp > 0xffff ? 2 : 1;
        return cp;
    }
}

function single(cp: number): CharSet {
    return { ranges: [cp, cp], negate: false };
}

// 指令
const CHAR = 0, SPLIT = 1, JMP = 2, SAVE = 3, ASSERT = 4, LOOPSTART = 5, LOOPCHECK = 6, RESET = 7, MATCH = 8;
type Inst = { op: number; set?: CharSet; x?: number; y?: number; n?: number; kind?: string; loops?: number[] };

export interface CompiledRegex {
    prog: Inst[];
    loops: number;
    hasGroup1: boolean;
    /** 纯字面（无元字符）时直接用 indexOf。 */
    literal: string | null;
}

class Compiler {
    prog: Inst[] = [];
    loops = 0;
    /** 可空循环体的范围 [LOOPSTART, LOOPCHECK] 与寄存器号。 */
    spans: [number, number, number][] = [];
    emit(inst: Inst): number {
        if (this.prog.length >= REGEX_PROGRAM_LIMIT) throw new RegexUnsupported(`展开后超过 ${REGEX_PROGRAM_LIMIT} 条指令（重复次数太大）`);
        this.prog.push(inst);
        return this.prog.length - 1;
    }
    node(n: Node): void {
        switch (n.t) {
            case 'empty': return;
            case 'char': this.emit({ op: CHAR, set: n.set }); return;
            case 'assert': this.emit({ op: ASSERT, kind: n.kind }); return;
            case 'seq': for (const item of n.items) this.node(item); return;
            case 'alt': {
                const jumps: Inst[] = [];
                for (let i = 0; i < n.items.length; i++) {
                    if (i < n.items.length - 1) {
                        const split = { op: SPLIT, x: 0, y: 0 };
                        this.emit(split);
                        split.x = this.prog.length;
                        this.node(n.items[i]);
                        const jmp = { op: JMP, x: 0 };
                        this.emit(jmp);
                        jumps.push(jmp);
                        split.y = this.prog.length;
                    } else this.node(n.items[i]);
                }
                for (const j of jumps) j.x = this.prog.length;
                return;
            }
            case 'group':
                if (n.index === 1) this.emit({ op: SAVE, n: 0 });
                this.node(n.body);
                if (n.index === 1) this.emit({ op: SAVE, n: 1 });
                return;
            case 'repeat': {
                const resets = containsGroup1(n.body);
                // 只有可能匹配空串的循环体才需要「空的一轮作废」的检查
                const empty = nullable(n.body);
                for (let i = 0; i < n.min; i++) {
                    if (resets) this.emit({ op: RESET });
                    this.node(n.body);
                }
                if (n.max === Infinity) {
                    const reg = this.loops++;
                    const split = { op: SPLIT, x: 0, y: 0 };
                    const top = this.emit(split);
                    const body = this.prog.length;
                    if (empty) this.emit({ op: LOOPSTART, n: reg });
                    if (resets) this.emit({ op: RESET });
                    this.node(n.body);
                    if (empty) this.spans.push([body, this.emit({ op: LOOPCHECK, n: reg }), reg]);
                    this.emit({ op: JMP, x: top });
                    const out = this.prog.length;
                    [split.x, split.y] = n.lazy ? [out, body] : [body, out];
                } else {
                    const splits: Inst[] = [];
                    for (let i = n.min; i < n.max; i++) {
                        const reg = this.loops++;
                        const split = { op: SPLIT, x: 0, y: 0 };
                        this.emit(split);
                        splits.push(split);
                        const body = (split.x = this.prog.length); // 暂记入口
                        if (empty) this.emit({ op: LOOPSTART, n: reg });
                        if (resets) this.emit({ op: RESET });
                        this.node(n.body);
                        if (empty) this.spans.push([body, this.emit({ op: LOOPCHECK, n: reg }), reg]);
                    }
                    const out = this.prog.length;
                    for (const split of splits) {
                        const body = split.x!;
                        [split.x, split.y] = n.lazy ? [out, body] : [body, out];
                    }
                }
                return;
            }
        }
    }
}

function nullable(n: Node): boolean {
    switch (n.t) {
        case 'empty': case 'assert': return true;
        case 'char': return false;
        case 'seq': return n.items.every(nullable);
        case 'alt': return n.items.some(nullable);
        case 'group': return nullable(n.body);
        case 'repeat': return n.min === 0 || nullable(n.body);
    }
}

function containsGroup1(n: Node): boolean {
    switch (n.t) {
        case 'group': return n.index === 1 || containsGroup1(n.body);
        case 'seq': case 'alt': return n.items.some(containsGroup1);
        case 'repeat': return containsGroup1(n.body);
        default: return false;
    }
}

/** 编译；不支持的写法抛 RegexUnsupported（调用方应先用 RegExp 确认语法有效）。 */
export function compileLinear(pattern: string): CompiledRegex {
    const parser = new Parser(pattern);
    const ast = parser.parse();
    const compiler = new Compiler();
    compiler.node(ast);
    compiler.emit({ op: MATCH });
    // 每条指令所在的可空循环：去重时要区分「这一轮是否从当前位置开始」，否则低优先级线程会被错误地挡掉
    for (const [from, to, reg] of compiler.spans) {
        for (let pc = from; pc <= to; pc++) (compiler.prog[pc].loops ??= []).push(reg);
    }
    for (const inst of compiler.prog) {
        if (inst.loops && inst.loops.length > 10) throw new RegexUnsupported('可匹配空串的重复嵌套超过 10 层');
    }
    const literal = isLiteral(pattern) ? pattern : null;
    return { prog: compiler.prog, loops: compiler.loops, hasGroup1: parser.groups >= 1, literal };
}

function isLiteral(pattern: string): boolean {
    for (const c of pattern) if (SYNTAX.includes(c)) return false;
    return true;
}

/** 不支持时给出说明（中文），支持时返回 null。语法无效的正则不在这里判断。 */
export function unsupportedRegexFeature(pattern: string): string | null {
    try {
        compileLinear(pattern);
        return null;
    } catch (error) {
        if (error instanceof RegexUnsupported) return error.message;
        throw error;
    }
}

function inSet(set: CharSet, cp: number): boolean {
    const r = set.ranges;
    let hit = false;
    for (let i = 0; i < r.length; i += 2) {
        if (cp < r[i]) break;
        if (cp <= r[i + 1]) {
            hit = true;
            break;
        }
    }
    return hit !== set.negate;
}

function isWordAt(text: string, i: number): boolean {
    if (i < 0 || i >= text.length) return false;
    const c = text.charCodeAt(i);
    return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || (c >= 0x61 && c <= 0x7a);
}

/** VM 执行的步数（测试用来断言线性，不看墙钟）。 */
export const regexStats = { steps: 0 };

/** 线程状态：[组1开始, 组1结束, 匹配开始, 各循环开始位置…] */
type Regs = Int32Array;

/**
 * 在 text 中找最左优先的第一个匹配。返回 [开始, 结束, 组1开始, 组1结束]（组1未参与为 -1），找不到返回 null。
 * testOnly 为真时找到任何匹配就返回（只判断有无）。
 */
export function execLinear(re: CompiledRegex, text: string, testOnly: boolean): number[] | null {
    if (re.literal !== null) {
        const at = text.indexOf(re.literal);
        return at < 0 ? null : [at, at + re.literal.length, -1, -1];
    }
    const prog = re.prog;
    const size = prog.length;
    const nregs = 3 + re.loops;
    const clistPc = new Int32Array(size);
    const clistRegs: Regs[] = new Array(size);
    const nlistPc = new Int32Array(size);
    const nlistRegs: Regs[] = new Array(size);
    let ccount = 0;
    let ncount = 0;
    const mark = new Int32Array(size).fill(-1);
    let generation = 0;
    const seen = new Set<number>();
    let matched: Regs | null = null;
    let matchEnd = -1;
    const len = text.length;
    // 显式栈做 ε 闭包：按优先级深度优先
    const stackPc: number[] = [];
    const stackRegs: Regs[] = [];

    const addThread = (pc0: number, regs0: Regs, pos: number): void => {
        stackPc.push(pc0);
        stackRegs.push(regs0);
        while (stackPc.length > 0) {
            let pc = stackPc.pop()!;
            let regs = stackRegs.pop()!;
            for (;;) {
                const inst = prog[pc];
                const loops = inst.loops;
                if (loops === undefined) {
                    if (mark[pc] === generation) break;
                    mark[pc] = generation;
                } else {
                    let key = pc * 2048 + 1024;
                    for (let i = 0; i < loops.length; i++) if (regs[3 + loops[i]] === pos) key += 1 << i;
                    if (seen.has(key)) break;
                    seen.add(key);
                }
                regexStats.steps++;
                const op = inst.op;
                if (op === JMP) {
                    pc = inst.x!;
                } else if (op === SPLIT) {
                    stackPc.push(inst.y!);
                    stackRegs.push(regs);
                    pc = inst.x!;
                } else if (op === SAVE) {
                    regs = regs.slice();
                    regs[inst.n!] = pos;
                    pc++;
                } else if (op === RESET) {
                    if (regs[0] !== -1 || regs[1] !== -1) {
                        regs = regs.slice();
                        regs[0] = -1;
                        regs[1] = -1;
                    }
                    pc++;
                } else if (op === LOOPSTART) {
                    regs = regs.slice();
                    regs[3 + inst.n!] = pos;
                    pc++;
                } else if (op === LOOPCHECK) {
                    if (regs[3 + inst.n!] === pos) break;
                    pc++;
                } else if (op === ASSERT) {
                    const k = inst.kind;
                    let ok: boolean;
                    if (k === 'bol') ok = pos === 0;
                    else if (k === 'eol') ok = pos === len;
                    else {
                        const b = isWordAt(text, pos - 1) !== isWordAt(text, pos);
                        ok = k === 'wordb' ? b : !b;
                    }
                    if (!ok) break;
                    pc++;
                } else {
                    // CHAR 或 MATCH：进入线程表
                    nlistPc[ncount] = pc;
                    nlistRegs[ncount] = regs;
                    ncount++;
                    break;
                }
            }
        }
    };

    const initial = new Int32Array(nregs).fill(-1);
    let pos = 0;
    for (;;) {
        // nlist 现在收集位置 pos 的线程
        generation++;
        seen.clear();
        ncount = 0;
        // 先把上一步留下的（已前进一字符的）线程按优先级加入——它们存在 clist 里，由下方循环处理
        // 这里的结构：clist = 上一步 CHAR 成功后的 (pc+1) 列表
        for (let i = 0; i < ccount; i++) addThread(clistPc[i], clistRegs[i], pos);
        if (matched === null) {
            const start = initial.slice();
            start[2] = pos;
            addThread(0, start, pos);
        }
        // 处理位置 pos 的线程
        const cp = pos < len ? text.codePointAt(pos)! : -1;
        const width = cp > 0xffff ? 2 : 1;
        ccount = 0;
        for (let i = 0; i < ncount; i++) {
            const pc = nlistPc[i];
            const inst = prog[pc];
            regexStats.steps++;
            if (inst.op === MATCH) {
                matched = nlistRegs[i];
                matchEnd = pos;
                if (testOnly) return [matched[2], pos, matched[0], matched[1]];
                break; // 更低优先级的线程作废
            }
            if (cp >= 0 && inSet(inst.set!, cp)) {
                clistPc[ccount] = pc + 1;
                clistRegs[ccount] = nlistRegs[i];
                ccount++;
            }
        }
        if (ccount === 0 && (matched !== null || pos >= len)) break;
        if (pos >= len) break;
        pos += width;
    }
    if (matched === null) return null;
    return [matched[2], matchEnd, matched[0], matched[1]];
}
