/**
 * 规则逻辑：互相矛盾的数值条件（年龄 < 5岁 且 年龄 > 10岁）、无效正则、除以零。
 */
import type { AstNode, ValidationAcceptor } from 'langium';
import type { Binary, Expression, NameRef, Rule, Template } from '../generated/ast.js';
import {
    isBinary, isBooleanLiteral, isDateLiteral, isEnumMember, isFilter, isGroup, isMemberAccess, isNameRef, isNegation, isNumberLiteral, isTextLiteral,
    isWhenClause, isOnlyIfClause
} from '../generated/ast.js';
import type { CanonicalOperator } from '../typing/operators.js';
import { canonicalOperator, OPERATOR_LABEL } from '../typing/operators.js';
import { literalValue } from './kb-checks.js';
import { booleanValue } from '../semantics/keywords.js';
import { unsupportedRegexFeature } from '@zhishen/runtime';
import { report } from './report.js';

interface Atom {
    node: Binary;
    key: string;
    op: CanonicalOperator;
    value: number | string;
    dimension: string;
    text: string;
}

export class LogicChecks {
    /** 规则 / 模板的所有 当（合取）、每个 仅当、每个 其中 各自检查矛盾。 */
    checkOwner(owner: Rule | Template, accept: ValidationAcceptor): void {
        for (const clause of owner.clauses) {
            const condition = isWhenClause(clause) || isOnlyIfClause(clause) ? clause.condition : undefined;
            if (condition && isBooleanLiteral(condition)) {
                const always = booleanValue(condition);
                if (always) report(accept, 'ZS0506', { detail: condition.$cstNode?.text ?? '' }, { node: condition });
                else report(accept, 'ZS0502', { detail: `「${condition.$cstNode?.text ?? ''}」` }, { node: condition });
            }
        }
        const whens = owner.clauses.filter(isWhenClause).map(c => c.condition).filter((e): e is Expression => !!e);
        this.checkConjunction(whens, accept);
        for (const onlyIf of owner.clauses.filter(isOnlyIfClause)) {
            if (onlyIf.condition) this.checkConjunction([onlyIf.condition], accept);
        }
    }

    checkFilterConjunction(node: AstNode, accept: ValidationAcceptor): void {
        if (isFilter(node) && node.condition) this.checkConjunction([node.condition], accept);
    }

    private checkConjunction(conditions: Expression[], accept: ValidationAcceptor): void {
        const atoms: Atom[] = [];
        const flatten = (e: Expression | undefined) => {
            if (!e) return;
            if (isGroup(e)) return flatten(e.expression);
            if (isBinary(e) && canonicalOperator(e.operator) === 'and') {
                flatten(e.left);
                flatten(e.right);
                return;
            }
            const atom = toAtom(e);
            if (atom) atoms.push(atom);
        };
        conditions.forEach(flatten);
        const byKey = new Map<string, Atom[]>();
        for (const atom of atoms) {
            const key = `${atom.key}|${atom.dimension}`;
            const list = byKey.get(key) ?? [];
            list.push(atom);
            byKey.set(key, list);
        }
        for (const list of byKey.values()) {
            if (list.length < 2) continue;
            const conflict = findConflict(list);
            if (conflict) {
                report(accept, 'ZS0502', { detail: `「${conflict[0].text}」与「${conflict[1].text}」不能同时成立` }, { node: conflict[1].node });
            }
        }
    }

    checkRegex(binary: Binary, accept: ValidationAcceptor): void {
        const op = canonicalOperator(binary.operator);
        if (op === 'matches' && binary.right && isTextLiteral(binary.right)) this.checkPattern(binary.right, accept);
        if (op === '/' && binary.right && isNumberLiteral(binary.right) && Number(binary.right.value) === 0) {
            report(accept, 'ZS0505', {}, { node: binary.right });
        }
    }

    checkCallPatterns(call: NameRef, accept: ValidationAcceptor): void {
        const fn = call.ref?.ref;
        if (!call.call || !fn || fn.$type !== 'FunctionDecl') return;
        const params = (fn as { params: Array<{ name: string }> }).params;
        call.args.forEach((arg, i) => {
            if (params[i]?.name === '模式' && isTextLiteral(arg)) this.checkPattern(arg, accept);
        });
    }

    private checkPattern(literal: Expression, accept: ValidationAcceptor): void {
        if (!isTextLiteral(literal)) return;
        const pattern = literalValue(literal);
        if (pattern === undefined) return;
        // 大小有上限（问题 17-12）：百万字符的正则、几万个组，检查要几秒，每条理赔又要编译与匹配一次。
        // 先数大小再编译：33k 个组的正则单是 new RegExp 就要几秒
        const groups = countGroups(pattern);
        if (pattern.length > MAX_PATTERN_LENGTH || groups > MAX_PATTERN_GROUPS) {
            report(accept, 'ZS0508', { length: String(pattern.length), groups: String(groups), maxLength: String(MAX_PATTERN_LENGTH), maxGroups: String(MAX_PATTERN_GROUPS) }, { node: literal });
            return;
        }
        try {
            new RegExp(pattern, 'u');
        } catch (error) {
            report(accept, 'ZS0504', { pattern: pattern.length > 80 ? pattern.slice(0, 80) + '…' : pattern, detail: translateRegexError(String((error as Error).message)) }, { node: literal });
            return;
        }
        // 运行时用线性时间的匹配器（runtime/src/values/regex.ts）：它不支持的写法在这里就是错误，不让规则在运行时静默得到未知
        const feature = unsupportedRegexFeature(pattern);
        if (feature) {
            report(accept, 'ZS0509', { pattern: pattern.length > 80 ? pattern.slice(0, 80) + '…' : pattern, feature }, { node: literal });
            return;
        }
        const nested = nestedQuantifier(pattern) ?? overlappingAlternation(pattern) ?? repeatedWildcard(pattern);
        if (nested) report(accept, 'ZS0507', { pattern: pattern.length > 80 ? pattern.slice(0, 80) + '…' : pattern, group: nested }, { node: literal });
    }
}

/**
 * 嵌套的无上限量词：`(a+)+`、`(\d*,)*`、`(?:x+|y){2,}` 这样的组，在不匹配的长文本上回溯次数随长度指数增长，
 * 一条明细名称就能让审核卡住。返回第一个这样的组（含其量词），没有时 undefined。
 * 只看形状（组内有 + * {n,}，组后又跟 + * {n,}），不判断分支是否真的重叠：宁可多提醒。
 */
export function nestedQuantifier(pattern: string): string | undefined {
    const open: Array<{ start: number; unbounded: boolean }> = [];
    let unboundedHere = false; // 当前最内层（或顶层）里是否已有无上限量词
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === '\\') {
            i++;
            continue;
        }
        if (c === '[') {
            // 字符类：跳到未转义的 ]
            for (i++; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i++;
            continue;
        }
        if (c === '(') {
            open.push({ start: i, unbounded: unboundedHere });
            unboundedHere = false;
            continue;
        }
        const quantifier = unboundedQuantifierAt(pattern, i);
        if (c === ')') {
            const group = open.pop();
            const inner: boolean = unboundedHere;
            const after = unboundedQuantifierAt(pattern, i + 1);
            if (group && inner && after > 0) return pattern.slice(group.start, i + 1 + after);
            // 组内的无上限量词也算外层“含有”无上限量词：((a+)b)+ 一样会回溯
            unboundedHere = (group?.unbounded ?? false) || inner || after > 0;
            if (after > 0) i += after;
            continue;
        }
        if (quantifier > 0) {
            unboundedHere = true;
            i += quantifier - 1;
        }
    }
    return undefined;
}

/** 正则的大小上限：字符数与组数（超出为 ZS0508） */
export const MAX_PATTERN_LENGTH = 1000;
export const MAX_PATTERN_GROUPS = 50;

/** 捕获与非捕获组的个数（字符类与转义里的括号不算）。 */
function countGroups(pattern: string): number {
    let n = 0;
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === '\\') i++;
        else if (c === '[') for (i++; i < pattern.length && pattern[i] !== ']'; i++) { if (pattern[i] === '\\') i++; }
        else if (c === '(') n++;
    }
    return n;
}

/** 组的范围：每个 ( 对应的 ) 的位置与组后的量词（字符类与转义跳过）。 */
function groupsOf(pattern: string): Array<{ start: number; end: number; body: string; quantifier: string }> {
    const result: Array<{ start: number; end: number; body: string; quantifier: string }> = [];
    const open: number[] = [];
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === '\\') { i++; continue; }
        if (c === '[') { for (i++; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i++; continue; }
        if (c === '(') open.push(i);
        else if (c === ')' && open.length > 0) {
            const start = open.pop()!;
            const quantifier = /^(?:[+*?]|\{\d+(?:,\d*)?\})\??/.exec(pattern.slice(i + 1))?.[0] ?? '';
            result.push({ start, end: i, body: pattern.slice(start + 1, i).replace(/^\?(?::|=|!|<=|<!|<[^>]*>)/, ''), quantifier });
        }
    }
    return result;
}

/** 顶层的 | 分支（不进入内层组与字符类）。 */
function alternatives(body: string): string[] {
    const parts: string[] = [];
    let depth = 0;
    let from = 0;
    for (let i = 0; i < body.length; i++) {
        const c = body[i];
        if (c === '\\') { i++; continue; }
        if (c === '[') { for (i++; i < body.length && body[i] !== ']'; i++) if (body[i] === '\\') i++; continue; }
        if (c === '(') depth++;
        else if (c === ')') depth--;
        else if (c === '|' && depth === 0) { parts.push(body.slice(from, i)); from = i + 1; }
    }
    parts.push(body.slice(from));
    return parts;
}

/**
 * 重复的组里分支重叠：`(a|a)*`、`(a|aa)+`、`(|a)*`——同一段文本有指数多种分法。分支相同、为空或一个是另一个的前缀时报出。
 */
export function overlappingAlternation(pattern: string): string | undefined {
    for (const group of groupsOf(pattern)) {
        if (!/^[+*]|^\{\d+,\d*\}/.test(group.quantifier)) continue;
        const parts = alternatives(group.body);
        if (parts.length < 2) continue;
        for (let i = 0; i < parts.length; i++) {
            for (let j = 0; j < parts.length; j++) {
                if (i !== j && (parts[i] === '' || parts[j].startsWith(parts[i]))) return pattern.slice(group.start, group.end + 1 + group.quantifier.length);
            }
        }
    }
    return undefined;
}

/**
 * 含 .* / .+ 的组再重复多次：`(.*a){25}` 在不匹配的文本上是 n 的 25 次方。组内有通配的无上限量词、组后的量词上限 ≥ 3（或无上限）时报出。
 */
export function repeatedWildcard(pattern: string): string | undefined {
    for (const group of groupsOf(pattern)) {
        if (!/(^|[^\\])\.[+*]/.test(group.body)) continue;
        const q = /^\{(\d+)(?:(,)(\d*))?\}/.exec(group.quantifier);
        const upper = group.quantifier.startsWith('+') || group.quantifier.startsWith('*') ? Infinity
            : q ? (q[2] === undefined ? Number(q[1]) : q[3] === '' ? Infinity : Number(q[3])) : 1;
        if (upper >= 3) return pattern.slice(group.start, group.end + 1 + group.quantifier.length);
    }
    return undefined;
}

/** pattern[i] 起是否是无上限量词（+ * {n,}，可带 ? 懒惰后缀）；返回它的长度，不是时 0。 */
function unboundedQuantifierAt(pattern: string, i: number): number {
    const c = pattern[i];
    let length = 0;
    if (c === '+' || c === '*') length = 1;
    else if (c === '{') {
        const m = /^\{\d+,\}/.exec(pattern.slice(i));
        if (m) length = m[0].length;
    }
    if (length > 0 && pattern[i + length] === '?') length++;
    return length;
}

function translateRegexError(message: string): string {
    if (/Unterminated group/i.test(message)) return '括号没有闭合';
    if (/Unmatched '\)'/i.test(message)) return '多了一个右括号';
    if (/Unterminated character class/i.test(message)) return '方括号没有闭合';
    if (/Nothing to repeat/i.test(message)) return '量词（* + ?）前面没有可重复的内容';
    if (/Invalid escape/i.test(message)) return '无效的转义';
    return message.replace(/^Invalid regular expression: /, '');
}

function pathKey(e: Expression): string | undefined {
    if (isGroup(e)) return e.expression ? pathKey(e.expression) : undefined;
    if (isNameRef(e) && !e.call) {
        const target = e.ref?.ref;
        if (!target || isEnumMember(target)) return undefined;
        return e.ref.$refText;
    }
    if (isMemberAccess(e) && e.receiver) {
        const receiver = pathKey(e.receiver);
        return receiver && e.member ? `${receiver}.${e.member.$refText}` : undefined;
    }
    return undefined;
}

function constantOf(e: Expression): { value: number | string; dimension: string } | undefined {
    if (isGroup(e)) return e.expression ? constantOf(e.expression) : undefined;
    if (isNegation(e) && e.operand) {
        const inner = constantOf(e.operand);
        return inner && typeof inner.value === 'number' ? { value: -inner.value, dimension: inner.dimension } : undefined;
    }
    if (isNumberLiteral(e)) {
        const n = Number(e.value);
        switch (e.unit) {
            case '天': return { value: n * 24, dimension: 'duration' };
            case '小时': return { value: n, dimension: 'duration' };
            case '%': return { value: n / 100, dimension: 'number' };
            case undefined: case '次': case '个': return { value: n, dimension: 'number' };
            default: return { value: n, dimension: e.unit };
        }
    }
    if (isDateLiteral(e)) return { value: e.value, dimension: 'date' };
    if (isNameRef(e) && e.ref?.ref && isEnumMember(e.ref.ref)) return { value: e.ref.ref.name, dimension: 'enum' };
    if (isTextLiteral(e)) {
        const v = literalValue(e);
        return v === undefined ? undefined : { value: v, dimension: 'text' };
    }
    return undefined;
}

const FLIP: Partial<Record<CanonicalOperator, CanonicalOperator>> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=', '!=': '!=' };

function toAtom(e: Expression): Atom | undefined {
    if (!isBinary(e) || !e.left || !e.right) return undefined;
    const op = canonicalOperator(e.operator);
    if (!FLIP[op]) return undefined;
    const text = `${e.left.$cstNode?.text ?? ''} ${OPERATOR_LABEL[op]} ${e.right.$cstNode?.text ?? ''}`;
    const leftKey = pathKey(e.left);
    const rightConst = constantOf(e.right);
    if (leftKey && rightConst) return { node: e, key: leftKey, op, ...rightConst, text };
    const rightKey = pathKey(e.right);
    const leftConst = constantOf(e.left);
    if (rightKey && leftConst) return { node: e, key: rightKey, op: FLIP[op]!, ...leftConst, text };
    return undefined;
}

/** 区间推理：找出第一对不能同时成立的原子条件。 */
function findConflict(atoms: Atom[]): [Atom, Atom] | undefined {
    let lower: Atom | undefined;
    let upper: Atom | undefined;
    let equal: Atom | undefined;
    const notEqual: Atom[] = [];
    const below = (a: Atom, b: Atom) => a.value < b.value;
    for (const atom of atoms) {
        switch (atom.op) {
            case '>': case '>=':
                if (!lower || below(lower, atom) || (lower.value === atom.value && atom.op === '>')) lower = atom;
                break;
            case '<': case '<=':
                if (!upper || below(atom, upper) || (upper.value === atom.value && atom.op === '<')) upper = atom;
                break;
            case '=':
                if (equal && equal.value !== atom.value) return [equal, atom];
                equal = atom;
                break;
            case '!=':
                notEqual.push(atom);
                break;
        }
        if (lower && upper) {
            if (lower.value > upper.value) return order(lower, upper);
            if (lower.value === upper.value && (lower.op === '>' || upper.op === '<')) return order(lower, upper);
        }
        if (equal) {
            if (lower && (equal.value < lower.value || (equal.value === lower.value && lower.op === '>'))) return order(lower, equal);
            if (upper && (equal.value > upper.value || (equal.value === upper.value && upper.op === '<'))) return order(upper, equal);
            const ne = notEqual.find(n => n.value === equal!.value);
            if (ne) return order(ne, equal);
        }
    }
    return undefined;

    function order(a: Atom, b: Atom): [Atom, Atom] {
        return atoms.indexOf(a) < atoms.indexOf(b) ? [a, b] : [b, a];
    }
}
