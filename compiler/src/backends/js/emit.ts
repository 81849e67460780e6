/**
 * JS 后端：IR → 一个独立的 ES 模块（只导入运行时）+ manifest + source map。
 *
 * 模块结构：数据（manifest 的头、字典、各规则的 RuleSpec、常量代码集、常量）是一段 JSON 字符串字面量；每条规则的求值函数
 * 由 IR 逐节点生成语法树再打印，运算按 ops.ts 这一列生成。每条语句打印后登记源码映射（生成行 → 规则文件行）。
 * 生成的代码只调用运行时（o = 运算表 OP_FUNCTIONS，C = 集合运算，fmt = 显示）——语义与参照解释器共用同一组函数。
 */
import { SourceMapGenerator } from 'source-map-js';
import { contentHash, isPopulationSource, manifestOf } from '@zhishen/runtime';
import type { PackManifest } from '@zhishen/runtime';
import type { IrExpr, IrPack, IrRule, IrSource, IrStep } from '../../ir/ir.js';
import { packHeader, ruleSpec } from '../../ir/spec.js';
import type { Node } from './js.js';
import {
    fieldRead, array, arrow, call, constDecl, id, ifStatement, isTrue, letDecl, literal, member, object, print, ret, safeJson, statement, binary, conditional
} from './js.js';
import { JS_OPS } from './ops.js';

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
    /** 按等值索引的筛选（ops.filterEq）在规则包里的位置编号：索引按它缓存 */
    indexSites = 0;
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
    pack.rules.forEach(rule => programs.push({ rule, chunks: emitProgram(rule, constants) }));

    const header = packHeader(pack);
    const specs = pack.rules.map(ruleSpec);
    const data = {
        header,
        data: {
            dictionaries: pack.dictionaries,
            dictionaryLabels: pack.dictionaryLabels,
            ...(pack.diagnosisNames ? { diagnosisNames: pack.diagnosisNames } : {})
        },
        matchers: pack.matchers,
        constants: constants.values,
        rules: specs
    };
    // 规则包 id：数据与代码的内容哈希（先以空 id 计算）
    const body = programs.map(p => p.chunks.map(c => c.text).join('\n')).join('\n');
    header.id = contentHash(safeJson(data) + body);
    const manifest = manifestOf(header, specs);

    const runtime = options.runtimeImport ?? '@zhishen/runtime';
    const factory = options.format === 'factory';
    writer.write(`// 智审规则包：由 zhishen build 生成，请勿手工修改。`);
    writer.write(`// 规则包 ${manifest.id}；${manifest.rules.length} 条规则；知识库 ${manifest.kb ? `${sanitizeComment(manifest.kb.name)} ${manifest.kb.id}` : '（无）'}`);
    if (!factory) writer.write(print({ type: 'ImportDeclaration', specifiers: [{ type: 'ImportNamespaceSpecifier', local: id('rt') }], source: literal(runtime) } as Node));
    writer.write('const o = rt.OP_FUNCTIONS, C = rt.ops, fmt = rt.formatValue;');
    writer.write(print(constDecl('D', call(member(id('JSON'), 'parse'), [literal(safeJson(data))]))));
    writer.write('const M = D.matchers.map(m => new rt.CodeMatcher(m));');
    writer.write('const K = D.constants;');
    writer.write('const code = [');
    programs.forEach(({ rule, chunks }, index) => {
        writer.write(`  // ${index}: ${sanitizeComment(rule.id)} ${sanitizeComment(rule.name)}`, rule.source);
        for (const chunk of chunks) writer.write(chunk.text, chunk.source);
        writer.write(index < programs.length - 1 ? '  },' : '  }');
    });
    writer.write('];');
    writer.write('const rules = D.rules.map((spec, i) => ({ spec, ...code[i] }));');
    writer.write('const manifest = rt.manifestOf(D.header, D.rules);');
    if (factory) {
        writer.write('return { manifest, data: D.data, rules };');
    } else {
        writer.write('export { manifest };');
        writer.write('export default { manifest, data: D.data, rules };');
        writer.write(`//# sourceMappingURL=${encodeURIComponent(fileName)}.map`);
    }
    return { code: writer.lines.join('\n') + '\n', manifest, sourceMap: writer.map.toString() };
}

/** 注释中只保留安全字符（避免注释结束符或换行破坏注释）。 */
function sanitizeComment(text: string): string {
    return text.replace(/[^\p{L}\p{N} _.\-·（）()]/gu, '?').slice(0, 60);
}

// ───────────── 每条规则的 RuleProgram ─────────────

function emitProgram(rule: IrRule, constants: Constants): Array<{ text: string; source?: IrSource }> {
    const chunks: Array<{ text: string; source?: IrSource }> = [];
    const add = (text: string, source?: IrSource) => chunks.push({ text, source });
    add(`  {`);

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
        add(print(ret(call(member(id('C'), 'toArray'), [expr])), 3), rule.source);
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
        // 多个键：返回各键的值（数组）；分组按值（normalize.ts groupLines 的 groupKeyOf），显示按 spec.scope.keys
        const value = keys.length === 1 ? keys[0] : array(keys);
        add(print(ret(value), 3));
        add(`    },`);
    }

    // check
    {
        const cx = newContext();
        const body = emitSteps(rule.steps, rule.pre.length, cx);
        const outcome = rule.outcome;
        const properties: Array<[string, Node]> = [
            ['violation', gen(outcome.violation.expr, cx)],
            ['involved', array(outcome.involved.map(i => gen(i.expr, cx)))],
            ['message', outcome.message ? gen(outcome.message, cx) : literal(null)],
            ['evidence', array(outcome.evidence.map(e => gen(e, cx)))]
        ];
        if (outcome.amount) properties.push(['amount', gen(outcome.amount, cx)]);
        if (outcome.statistic) {
            properties.push(['statistic', object([
                ['value', gen(outcome.statistic.value, cx)],
                ['peer', outcome.statistic.peer ? gen(outcome.statistic.peer, cx) : literal(null)]
            ])]);
        }
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
            const observed = step.observe.map(o => call(member(id('C'), 'safe'), [arrow([], gen(o.expr, cx))]));
            result.push({ node: ifStatement(id('tr'), statement(call(member(id('tr'), 'when'), [literal(index), id(name), array(observed)]))), source: step.source });
            result.push({ node: ifStatement(binary('!==', id(name), literal(true)), ret(literal(null))), source: step.source });
        }
    });
    return result;
}

// ───────────── 按等值索引的筛选 ─────────────

/**
 * 筛选条件里可以按键索引的合取项：eq(键, 值) 或 intersects(键, 值)，键只读元素（depth 0）与常量、值不读元素；或 若 c 则 X 否则 Y
 * （c 不读元素，X、Y 都可索引：按 c 选一个索引）。条件是这一项与其他项的“且”，所以键不等（或为空）的元素一定留不下。
 */
type IndexPlan = { key: IrExpr; value: IrExpr; any: boolean } | { c: IrExpr; then: IndexPlan; else: IndexPlan };

function indexPlan(cond: IrExpr): IndexPlan | undefined {
    for (const term of conjuncts(cond)) {
        const plan = indexTerm(term);
        if (plan) return plan;
    }
    return undefined;
}

function conjuncts(e: IrExpr): IrExpr[] {
    return e.k === 'op' && e.op === 'and' ? e.args.flatMap(conjuncts) : [e];
}

function indexTerm(e: IrExpr): IndexPlan | undefined {
    // eq：键相等；intersects：键的列表与值有共同成员（两者对称）
    if (e.k === 'op' && (e.op === 'eq' || e.op === 'intersects') && e.args.length === 2) {
        const [a, b] = e.args;
        const any = e.op === 'intersects';
        if (isElementKey(a) && !readsElement(b, 0)) return { key: a, value: b, any };
        if (isElementKey(b) && !readsElement(a, 0)) return { key: b, value: a, any };
        return undefined;
    }
    if (e.k === 'if' && !readsElement(e.c, 0)) {
        const then = indexTerm(e.t);
        const otherwise = then && indexTerm(e.e);
        return then && otherwise ? { c: e.c, then, else: otherwise } : undefined;
    }
    return undefined;
}

/**
 * 只由元素（depth 0）、字面量、编码集、参数、理赔上的来源与运算组成，且读到元素：同一理赔里对同一元素总是同一个值。
 * withRow：也可以读知识点实例的行（缓存按行区分，filterPre）。
 */
function isElementKey(e: IrExpr, withRow = false): boolean {
    const pure = (x: IrExpr): boolean => {
        switch (x.k) {
            case 'lit': case 'codes': return true;
            case 'elem': return x.depth === 0;
            case 'ref': return x.ref.kind === 'param' || (withRow && x.ref.kind === 'row') || (x.ref.kind === 'source' && !isPopulationSource(x.ref.name));
            case 'field': return !x.each && pure(x.recv);
            case 'op': return x.args.every(pure);
            case 'if': return pure(x.c) && pure(x.t) && pure(x.e);
            default: return false;
        }
    };
    return pure(e) && readsElement(e, 0);
}

/** 表达式是否读到外数第 depth 层的元素（进入筛选 / 聚合的条件时层数加一） */
function readsElement(e: IrExpr, depth: number): boolean {
    switch (e.k) {
        case 'elem': return e.depth === depth;
        case 'lit': case 'codes': case 'ref': return false;
        case 'field': return readsElement(e.recv, depth);
        case 'op': case 'kb': return e.args.some(a => readsElement(a, depth));
        case 'filter': return readsElement(e.src, depth) || readsElement(e.cond, depth + 1);
        case 'agg': return readsElement(e.src, depth) || (e.arg !== undefined && readsElement(e.arg, depth + 1));
        case 'window': return readsElement(e.src, depth) || readsElement(e.ref, depth) || (e.days !== undefined && readsElement(e.days, depth));
        case 'lookup': return readsElement(e.key, depth);
        case 'if': return readsElement(e.c, depth) || readsElement(e.t, depth) || readsElement(e.e, depth);
        case 'text': return e.parts.some(p => typeof p !== 'string' && readsElement(p.e, depth));
        case 'peer': return true; // 统计组里的同级统计：不索引
    }
}

// ───────────── 表达式 ─────────────

function collection(name: string, args: Node[]): Node {
    return call(member(id('C'), name), args);
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

export function gen(e: IrExpr, cx: FunctionContext): Node {
    switch (e.k) {
        case 'lit':
            if (e.v === null || typeof e.v === 'string' || typeof e.v === 'number' || typeof e.v === 'boolean') return literal(e.v);
            return cx.constants.ref(e.v);
        case 'codes': return member(id('M'), e.id);
        case 'ref': {
            const ref = e.ref;
            switch (ref.kind) {
                case 'param': return member(id('P'), ref.name);
                case 'row': return member(id('row'), ref.slot);
                case 'source': return isPopulationSource(ref.name) ? collection('population', [id('ctx'), literal(ref.name)]) : member(id('c'), ref.name);
                case 'local': {
                    const name = cx.locals.get(ref.name);
                    if (!name) throw new Error(`生成器内部错误：未知局部名称 ${ref.name}`);
                    return id(name);
                }
                case 'kp': throw new Error('生成器内部错误：知识点引用不应出现在规则包里');
            }
            break;
        }
        case 'elem': {
            const name = cx.elems[cx.elems.length - 1 - e.depth];
            if (!name) throw new Error('生成器内部错误：元素层级不符');
            return id(name);
        }
        case 'field': return e.each ? collection('project', [gen(e.recv, cx), literal(e.prop)]) : fieldRead(gen(e.recv, cx), e.prop);
        case 'op': return JS_OPS[e.op](e.args.map(a => gen(a, cx)), { temp: () => temp(cx) });
        case 'filter': {
            const src = gen(e.src, cx);
            const plan = indexPlan(e.cond);
            if (!plan) {
                // 条件里有只读元素与知识点行的合取项：先按它筛出子集（每个理赔、每个实例一次），再对子集求整个条件
                const pre = conjuncts(e.cond).find(t => isElementKey(t, true));
                if (pre) {
                    return withElement(cx, name => collection('filterPre', [id('ctx'), literal(`i${cx.constants.indexSites++}`), id('row'), src,
                        arrow([name], gen(pre, cx)), arrow([name], gen(e.cond, cx))]));
                }
                const predicate = withElement(cx, name => arrow([name], gen(e.cond, cx)));
                return collection('filter', [src, predicate]);
            }
            // 条件里有 键(元素) = 值（或 有交集）的合取项：按键索引（ops.filterEq / filterAny），只对键相等（相交）的元素求整个条件
            return withElement(cx, name => {
                const predicate = arrow([name], gen(e.cond, cx));
                const indexed = (p: IndexPlan): Node => 'key' in p
                    ? collection(p.any ? 'filterAny' : 'filterEq', [id('ctx'), literal(`i${cx.constants.indexSites++}`), src, arrow([name], gen(p.key, cx)), gen(p.value, cx), predicate])
                    : conditional(isTrue(gen(p.c, cx)), indexed(p.then), indexed(p.else));
                return indexed(plan);
            });
        }
        case 'window': return collection('window', [
            gen(e.ref, cx),
            gen(e.src, cx),
            e.days ? gen(e.days, cx) : literal(null),
            literal(e.calendar ?? null),
            literal(e.date.prop),
            literal(e.date.fallback ?? null)
        ]);
        case 'agg': {
            const src = gen(e.src, cx);
            const arg = e.arg;
            const each = arg ? withElement(cx, name => arrow([name], gen(arg, cx))) : literal(null);
            return collection('aggregate', [literal(e.fn), src, each, literal(e.whole)]);
        }
        case 'if': return conditional(isTrue(gen(e.c, cx)), gen(e.t, cx), gen(e.e, cx));
        case 'text': {
            const parts = e.parts.map(p => typeof p === 'string' ? literal(p) : call(id('fmt'), [gen(p.e, cx), literal(p.display)]));
            return call(member(array(parts), 'join'), [literal('')]);
        }
        case 'kb': throw new Error(`生成器内部错误：编译期函数 ${e.fn} 不应出现在规则包里`);
        case 'lookup': return collection('lookup', [id('ctx'), literal(e.source), literal(e.prop), gen(e.key, cx)]);
        case 'peer': {
            // 对另一个统计组：箭头函数的参数就是绑定名的标识符（遮蔽外层的当前组），值与键照常生成
            const binder = cx.locals.get(e.binder);
            if (!binder) throw new Error(`生成器内部错误：未知绑定名 ${e.binder}`);
            return collection('peer', [
                id('ctx'), literal(e.id), id(binder),
                arrow([binder], gen(e.value, cx)),
                arrow([binder], array(e.keys.map(k => gen(k, cx)))),
                literal(e.stat),
                e.arg ? gen(e.arg, cx) : literal(null),
                e.min ? gen(e.min, cx) : literal(null)
            ]);
        }
    }
    throw new Error(`生成器内部错误：未知 IR 节点 ${(e as IrExpr).k}`);
}
