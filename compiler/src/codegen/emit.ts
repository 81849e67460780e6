/**
 * 生成规则包：一个独立的 ES 模块（只导入运行时）+ manifest + source map。
 *
 * 模块结构：数据（manifest、字典、知识点实例、常量代码集）是一段 JSON 字符串字面量；每条规则一个 RuleProgram 对象，
 * 其函数由 IR 逐节点生成语法树再打印。每条语句打印后登记源码映射（生成行 → 规则文件行）。
 * 生成的代码只调用运行时（o = ops，F = 内置函数，fmt = 显示）——语义与参照解释器共用同一组函数。
 */
import { lineFieldsRead } from '../ir/reads.js';
import { SourceMapGenerator } from 'source-map-js';
import { contentHash } from '@zhishen/runtime';
import type { ManifestParam, ManifestRule, PackManifest } from '@zhishen/runtime';
import type { IrExpr, IrPack, IrRule, IrSource, IrStep, IrType } from '../ir/ir.js';
import { APPLIES_FIELDS, instancesOf, stepMetas } from '../interpret/program.js';
import type { Node } from './js.js';
import {
    fieldRead, array, arrow, assign, binary, call, conditional, constDecl, id, ifStatement, isTrue, letDecl, literal, member, object, print, ret,
    safeJson, sequence, statement
} from './js.js';

export const COMPILER_VERSION = 'zhishen 0.1.0';

export interface EmitOptions {
    /** esm：独立 ES 模块（默认）；factory：`function (rt) { … return pack; }` 的函数体，供浏览器 / 无模块加载的宿主用 new Function('rt', code) 实例化 */
    format?: 'esm' | 'factory';
    /** 运行时模块的导入说明符（默认 @zhishen/runtime） */
    runtimeImport?: string;
    /** 生成文件名（写进 source map） */
    fileName?: string;
    /** 源文件的根目录 URL（source map 的 sourceRoot） */
    sourceRoot?: string;
}

export interface EmitResult {
    code: string;
    manifest: PackManifest;
    sourceMap: string;
}

interface FunctionContext {
    /** 元素栈：最内层在末尾 */
    elems: string[];
    locals: Map<string, string>;
    temps: string[];
    constants: Constants;
}

class Constants {
    readonly values: unknown[] = [];
    private readonly index = new Map<string, number>();

    ref(value: unknown): Node {
        const key = JSON.stringify(value);
        let i = this.index.get(key);
        if (i === undefined) {
            i = this.values.length;
            this.values.push(value);
            this.index.set(key, i);
        }
        return member(id('K'), i);
    }
}

/** 代码写入器：逐行追加并登记源码映射。 */
class Writer {
    readonly lines: string[] = [];
    readonly map: SourceMapGenerator;

    constructor(file: string, sourceRoot?: string) {
        this.map = new SourceMapGenerator({ file, sourceRoot });
    }

    write(text: string, source?: IrSource): void {
        if (source && source.file) {
            this.map.addMapping({
                generated: { line: this.lines.length + 1, column: 0 },
                original: { line: Math.max(1, source.line), column: Math.max(0, source.column - 1) },
                source: source.file
            });
        }
        for (const line of text.split('\n')) this.lines.push(line);
    }
}

export function emitPack(pack: IrPack, options: EmitOptions = {}): EmitResult {
    const fileName = options.fileName ?? 'pack.mjs';
    const constants = new Constants();
    const writer = new Writer(fileName, options.sourceRoot);
    const programs: Array<{ rule: IrRule; chunks: Array<{ text: string; source?: IrSource }> }> = [];
    pack.rules.forEach((rule, index) => programs.push({ rule, chunks: emitProgram(rule, index, constants) }));

    const manifest = buildManifest(pack);
    const data = {
        manifest,
        data: {
            dictionaries: pack.dictionaries,
            dictionaryLabels: pack.dictionaryLabels,
            ...(pack.diagnosisNames ? { diagnosisNames: pack.diagnosisNames } : {})
        },
        matchers: pack.matchers,
        constants: constants.values,
        rules: pack.rules.map(rule => ({ scope: scopeSpec(rule), instances: instancesOf(rule), steps: stepMetas(rule) }))
    };
    // 规则包 id：数据与代码的内容哈希（先以占位 id 计算）
    manifest.id = '';
    const body = programs.map(p => p.chunks.map(c => c.text).join('\n')).join('\n');
    manifest.id = contentHash(safeJson(data) + body);

    const runtime = options.runtimeImport ?? '@zhishen/runtime';
    const factory = options.format === 'factory';
    writer.write(`// 智审规则包：由 zhishen build 生成，请勿手工修改。`);
    writer.write(`// 规则包 ${manifest.id}；${manifest.rules.length} 条规则；知识库 ${manifest.kb ? `${sanitizeComment(manifest.kb.name)} ${manifest.kb.id}` : '（无）'}`);
    if (!factory) writer.write(print({ type: 'ImportDeclaration', specifiers: [{ type: 'ImportNamespaceSpecifier', local: id('rt') }], source: literal(runtime) } as Node));
    writer.write('const o = rt.ops, F = rt.FUNCTIONS, fmt = rt.formatValue;');
    writer.write(print(constDecl('D', call(member(id('JSON'), 'parse'), [literal(safeJson(data))]))));
    writer.write('const M = D.matchers.map(m => new rt.CodeMatcher(m));');
    writer.write('const K = D.constants;');
    writer.write('const programs = [');
    programs.forEach(({ rule, chunks }, index) => {
        writer.write(`  // ${index}: ${sanitizeComment(rule.id)} ${sanitizeComment(rule.name)}`, rule.source);
        for (const chunk of chunks) writer.write(chunk.text, chunk.source);
        writer.write(index < programs.length - 1 ? '  },' : '  }');
    });
    writer.write('];');
    if (factory) {
        writer.write('return { manifest: D.manifest, data: D.data, programs };');
    } else {
        writer.write('export const manifest = D.manifest;');
        writer.write('export default { manifest: D.manifest, data: D.data, programs };');
        writer.write(`//# sourceMappingURL=${encodeURIComponent(fileName)}.map`);
    }
    return { code: writer.lines.join('\n') + '\n', manifest, sourceMap: writer.map.toString() };
}

/** 注释中只保留安全字符（避免注释结束符或换行破坏注释）。 */
function sanitizeComment(text: string): string {
    return text.replace(/[^\p{L}\p{N} _.\-·（）()]/gu, '?').slice(0, 60);
}

function scopeSpec(rule: IrRule) {
    const scope = rule.scope;
    return scope
        ? { kind: scope.kind, source: scope.source, codeField: scope.codeField, group: scope.group, dispatch: scope.dispatch ?? false }
        : { kind: 'none' as const, dispatch: false };
}

// ───────────── 每条规则的 RuleProgram ─────────────

function emitProgram(rule: IrRule, index: number, constants: Constants): Array<{ text: string; source?: IrSource }> {
    const chunks: Array<{ text: string; source?: IrSource }> = [];
    const add = (text: string, source?: IrSource) => chunks.push({ text, source });
    const r = `D.rules[${index}]`;
    add(`  {`);
    add(`    scope: ${r}.scope, instances: ${r}.instances, steps: ${r}.steps,`);

    // 局部名称 → 生成的标识符
    const locals = new Map<string, string>();
    let counter = 0;
    const localId = (name: string) => {
        let existing = locals.get(name);
        if (!existing) locals.set(name, existing = `v${counter++}`);
        return existing;
    };
    const preNames = rule.pre.filter((s): s is Extract<IrStep, { kind: 'let' }> => s.kind === 'let').map(s => localId(s.name));
    const binder = rule.scope ? localId(rule.scope.binder) : undefined;
    for (const step of rule.steps) if (step.kind === 'let') localId(step.name);

    const newContext = (): FunctionContext => ({ elems: [], locals, temps: [], constants });
    const header = `      const c = ctx.claim, row = inst.row;`;

    // applies
    const dimensions = Object.entries(rule.applies);
    if (dimensions.length > 0) {
        const tests = dimensions.map(([dimension, values]) => isTrue(call(member(id('o'), 'member'), [
            member(member(member(id('ctx'), 'claim'), 'encounter'), APPLIES_FIELDS[dimension]), constants.ref(values)
        ])));
        const test = tests.reduce((a, b) => ({ type: 'LogicalExpression', operator: '&&', left: a, right: b }));
        add(`    applies: function (ctx) {`);
        add(print(ret(test), 3));
        add(`    },`);
    }

    // prepare
    {
        const cx = newContext();
        const body = emitSteps(rule.pre, 0, cx);
        add(`    prepare: function (ctx, inst, P, tr) {`);
        add(header);
        if (cx.temps.length > 0) add(print(letDecl(cx.temps), 3));
        for (const item of body) add(print(item.node, 3), item.source);
        add(print(ret(object(preNames.map(n => [n, id(n)]))), 3));
        add(`    },`);
    }
    const restoreLocals = (): string[] => preNames.map(n => print(constDecl(n, member(id('L'), n)), 3));

    const scope = rule.scope;
    if (scope?.source === 'expr' && scope.sourceExpr) {
        const cx = newContext();
        const expr = gen(scope.sourceExpr, cx);
        add(`    elements: function (ctx, inst, P, L) {`);
        add(header);
        for (const line of restoreLocals()) add(line);
        if (cx.temps.length > 0) add(print(letDecl(cx.temps), 3));
        add(print(ret(call(member(id('o'), 'toArray'), [expr])), 3), scope.source === 'expr' ? rule.source : undefined);
        add(`    },`);
    }
    if (scope?.where) {
        const cx = newContext();
        cx.elems.push('el');
        const expr = gen(scope.where, cx);
        add(`    where: function (ctx, inst, P, L, el) {`);
        add(header);
        for (const line of restoreLocals()) add(line);
        add(print(constDecl(binder!, id('el')), 3));
        if (cx.temps.length > 0) add(print(letDecl(cx.temps), 3));
        add(print(ret(isTrue(expr)), 3));
        add(`    },`);
    }
    if (scope?.keys && scope.keys.length > 0) {
        const cx = newContext();
        cx.elems.push('el');
        const keys = scope.keys.map(k => gen(k, cx));
        add(`    key: function (ctx, inst, P, L, el) {`);
        add(header);
        for (const line of restoreLocals()) add(line);
        add(print(constDecl(binder!, id('el')), 3));
        if (cx.temps.length > 0) add(print(letDecl(cx.temps), 3));
        const value = keys.length === 1 ? keys[0] : call(member(id('JSON'), 'stringify'), [array(keys)]);
        add(print(ret(value), 3));
        add(`    },`);
    }

    // check
    {
        const cx = newContext();
        const body = emitSteps(rule.steps, rule.pre.length, cx);
        const outcome = rule.outcome;
        const properties: Array<[string, Node]> = [
            ['violation', gen(outcome.violation, cx)],
            ['involved', array(outcome.involved.map(e => gen(e, cx)))],
            ['message', outcome.message ? gen(outcome.message, cx) : literal(null)],
            ['evidence', array(outcome.evidence.map(e => gen(e, cx)))]
        ];
        if (outcome.amount) properties.push(['amount', gen(outcome.amount, cx)]);
        add(`    check: function (ctx, inst, P, L, el, tr) {`);
        add(header);
        for (const line of restoreLocals()) add(line);
        if (binder) add(print(constDecl(binder, id('el')), 3));
        if (cx.temps.length > 0) add(print(letDecl(cx.temps), 3));
        for (const item of body) add(print(item.node, 3), item.source);
        add(print(ret(object(properties)), 3), rule.source);
        add(`    }`);
    }
    return chunks;
}

function emitSteps(steps: IrStep[], offset: number, cx: FunctionContext): Array<{ node: Node; source: IrSource }> {
    const result: Array<{ node: Node; source: IrSource }> = [];
    steps.forEach((step, i) => {
        const index = offset + i;
        if (step.kind === 'let') {
            const name = cx.locals.get(step.name)!;
            result.push({ node: constDecl(name, gen(step.expr, cx)), source: step.source });
            result.push({ node: ifStatement(id('tr'), statement(call(member(id('tr'), 'let'), [literal(index), id(name)]))), source: step.source });
        } else {
            const name = `w${index}`;
            result.push({ node: constDecl(name, gen(step.expr, cx)), source: step.source });
            const observed = step.observe.map(o => call(member(id('o'), 'safe'), [arrow([], gen(o.expr, cx))]));
            result.push({ node: ifStatement(id('tr'), statement(call(member(id('tr'), 'when'), [literal(index), id(name), array(observed)]))), source: step.source });
            result.push({ node: ifStatement(binary('!==', id(name), literal(true)), ret(literal(null))), source: step.source });
        }
    });
    return result;
}

// ───────────── 表达式 ─────────────

function ops(name: string, args: Node[]): Node {
    return call(member(id('o'), name), args);
}

function temp(cx: FunctionContext): string {
    const name = `t${cx.temps.length}`;
    cx.temps.push(name);
    return name;
}

function withElement<T>(cx: FunctionContext, body: (name: string) => T): T {
    const name = `e${cx.elems.length}`;
    cx.elems.push(name);
    try {
        return body(name);
    } finally {
        cx.elems.pop();
    }
}

function isWhole(type: IrType): boolean {
    return type.kind === 'duration' || type.kind === 'age';
}

export function gen(e: IrExpr, cx: FunctionContext): Node {
    switch (e.k) {
        case 'lit':
            if (e.v === null || typeof e.v === 'string' || typeof e.v === 'number' || typeof e.v === 'boolean') return literal(e.v);
            return cx.constants.ref(e.v);
        case 'matcher': return member(id('M'), e.id);
        case 'param': return member(id('P'), e.name);
        case 'row': return member(id('row'), e.slot);
        case 'local': {
            const name = cx.locals.get(e.name);
            if (!name) throw new Error(`生成器内部错误：未知局部名称 ${e.name}`);
            return id(name);
        }
        case 'elem': {
            const name = cx.elems[cx.elems.length - 1 - e.depth];
            if (!name) throw new Error('生成器内部错误：元素层级不符');
            return id(name);
        }
        case 'global': return member(id('c'), e.name);
        case 'field': return e.project ? ops('project', [gen(e.recv, cx), literal(e.prop)]) : fieldRead(gen(e.recv, cx), e.prop);
        case 'age': return call(member(id('F'), 'age_at'), [id('ctx'), gen(e.at, cx)]);
        case 'call': return call(member(id('F'), e.fn), [id('ctx'), ...e.args.map(a => gen(a, cx))]);
        case 'arith': return arith(e, cx);
        case 'neg': return isWhole(e.ty) ? ops('minusWhole', [literal(0), gen(e.e, cx)]) : ops('negate', [gen(e.e, cx)]);
        case 'cmp': {
            let l = gen(e.l, cx);
            let r = gen(e.r, cx);
            if (e.ordinal) {
                const order = cx.constants.ref(e.ordinal);
                l = ops('ordinal', [order, l]);
                r = ops('ordinal', [order, r]);
            }
            if (e.widen === 'left') l = ops('dayToMinute', [l]);
            if (e.widen === 'right') r = ops('dayToMinute', [r]);
            const name = { '=': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' }[e.op];
            return ops(name, [l, r]);
        }
        case 'and':
        case 'or': {
            const t = temp(cx);
            const short = e.k === 'and' ? false : true;
            return sequence([
                assign(id(t), gen(e.l, cx)),
                conditional(binary('===', id(t), literal(short)), literal(short), ops(e.k, [id(t), gen(e.r, cx)]))
            ]);
        }
        case 'not': return ops('not', [gen(e.e, cx)]);
        case 'in': {
            const v = ops('member', [gen(e.l, cx), gen(e.r, cx)]);
            return e.negate ? ops('not', [v]) : v;
        }
        case 'contains': {
            const v = ops('contains', [gen(e.l, cx), gen(e.r, cx)]);
            return e.negate ? ops('not', [v]) : v;
        }
        case 'match': return ops('matches', [gen(e.l, cx), gen(e.r, cx)]);
        case 'filter': {
            const src = gen(e.src, cx);
            const predicate = withElement(cx, name => arrow([name], gen(e.cond, cx)));
            return ops('filter', [src, predicate]);
        }
        case 'window': return ops('window', [
            member(member(id('c'), 'encounter'), 'adm_date'),
            gen(e.src, cx),
            e.duration ? gen(e.duration, cx) : literal(null),
            literal(e.calendar ?? null),
            literal(e.dateProp)
        ]);
        case 'agg': {
            const src = gen(e.src, cx);
            const arg = e.arg;
            const each = arg ? withElement(cx, name => arrow([name], gen(arg, cx))) : literal(null);
            return ops('aggregate', [literal(e.fn), src, each, literal(e.whole)]);
        }
        case 'extreme': return ops('scalarExtreme', [array(e.args.map(a => gen(a, cx))), literal(e.max)]);
        case 'if': return conditional(isTrue(gen(e.c, cx)), gen(e.t, cx), gen(e.e, cx));
        case 'set': return ops('makeSet', [array(e.elems.map(x => gen(x, cx)))]);
        case 'index': return ops('index', [gen(e.recv, cx), gen(e.idx, cx)]);
        case 'text': {
            const parts = e.parts.map(p => typeof p === 'string' ? literal(p) : call(id('fmt'), [gen(p.e, cx), literal(p.display)]));
            return call(member(array(parts), 'join'), [literal('')]);
        }
    }
}

function arith(e: Extract<IrExpr, { k: 'arith' }>, cx: FunctionContext): Node {
    let l = gen(e.l, cx);
    let r = gen(e.r, cx);
    if (e.swap) [l, r] = [r, l];
    switch (e.mode) {
        case 'decimal': return ops(e.op === '+' ? 'plus' : e.op === '-' ? 'minus' : e.op === '*' ? 'times' : 'divide', [l, r]);
        case 'whole': return ops(e.op === '+' ? 'plusWhole' : 'minusWhole', [l, r]);
        case 'scale': return ops('scale', [l, r]);
        case 'unscale': return ops('unscale', [l, r]);
        case 'ratio': return ops('ratio', [l, r]);
        case 'date-shift': return ops('dateShift', [l, r, literal(e.op === '-' && !e.swap ? -1 : 1)]);
        case 'date-diff': return ops('dateDiff', [l, r]);
        case 'time-shift': return ops(e.op === '-' && !e.swap ? 'minusWhole' : 'plusWhole', [l, r]);
        case 'time-diff': {
            const x = e.l.ty.kind === 'date' ? ops('dayToMinute', [l]) : l;
            const y = e.r.ty.kind === 'date' ? ops('dayToMinute', [r]) : r;
            return ops('minusWhole', [x, y]);
        }
        case 'concat': return ops('concat', [l, r]);
        case 'union': return ops('union', [l, r]);
        case 'difference': return ops('difference', [l, r]);
    }
}

// ───────────── manifest ─────────────

export function paramTypeName(type: IrType): string {
    if (type.kind === 'set') return type.element?.kind === 'code' ? 'codes' : 'set';
    return type.kind;
}

export function buildManifest(pack: IrPack): PackManifest {
    const rules: ManifestRule[] = pack.rules.map(rule => {
        const reasons: Record<string, number> = {};
        for (const item of rule.inactive) reasons[item.reason] = (reasons[item.reason] ?? 0) + 1;
        const params: ManifestParam[] = rule.params.map(p => ({
            name: p.name, type: paramTypeName(p.type), value: p.value, display: p.display, ...(p.description ? { description: p.description } : {})
        }));
        return {
            id: rule.id,
            name: rule.name,
            category: rule.category,
            level: rule.level,
            phases: rule.phases,
            scenes: rule.scenes,
            applies: rule.applies,
            basis: rule.basis,
            notes: rule.notes,
            source: rule.source,
            params,
            ...(rule.template ? { template: rule.template } : {}),
            ...(rule.table ? { table: rule.table } : {}),
            instances: rule.instances.length,
            inactive: rule.inactive.length,
            ...(rule.inactive.length > 0 ? { inactiveReasons: reasons } : {})
        };
    });
    return {
        format: 'zhishen-pack/1',
        id: '',
        name: pack.name,
        compiler: COMPILER_VERSION,
        kb: pack.kb,
        rules,
        dropped: pack.dropped,
        levelCodes: { 明确违规: '1', 高度可疑: '2', 轻度可疑: '3', 提醒: '4' },
        lineFields: lineFieldsRead(pack)
    };
}

