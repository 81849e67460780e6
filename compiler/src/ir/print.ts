/**
 * IR 打印：可读的文本（zhishen build --dump-ir=<阶段>、tests/ir 的逐阶段金样例）。
 *
 *   来源     @lines、@encounter …        参数   $参数名          行槽    row[kp.first_code]
 *   局部名称  原名                         元素   e0、e1 …（外层在前）  知识点  $kp
 *   运算     名字(参数, …)                集合   filter(src, e0 => 条件)、count(src)、sum(src, e0 => 值)
 *   字面量    按类型显示（15天、12.50元、2024-03-01、"文本"）；代码集 codes#编号{编码, 前缀*, 起..止}
 * 模板实例只列前几个（instances 参数），其余给出个数。
 */
import { formatValue } from '@zhishen/runtime';
import type { IrExpr, IrPack, IrRule, IrScope, IrStep, IrType } from './ir.js';
import { displayOf } from './ir.js';

export interface PrintOptions {
    /** 每条规则列出的实例数（默认 3） */
    instances?: number;
}

export function printIr(pack: IrPack, options: PrintOptions = {}): string {
    const lines: string[] = [];
    lines.push(`pack ${JSON.stringify(pack.name)}  kb ${pack.kb ? `${pack.kb.name} ${pack.kb.id}` : '-'}  rules ${pack.rules.length}  code-sets ${pack.matchers.length}`);
    pack.matchers.forEach((m, i) => lines.push(`  codes#${i} ${codeSetText(m)}`));
    for (const d of pack.dropped) lines.push(`dropped ${d.rule}: ${d.reason}`);
    for (const rule of pack.rules) {
        lines.push('');
        lines.push(...printRule(rule, pack, options));
    }
    return lines.join('\n') + '\n';
}

export function printRule(rule: IrRule, pack: IrPack, options: PrintOptions = {}): string[] {
    const out: string[] = [];
    const p = new Printer(pack);
    out.push(`rule ${rule.id} ${JSON.stringify(rule.name)}  @${rule.source.file}:${rule.source.line}:${rule.source.column}`);
    out.push(`  level ${rule.level}  phases ${rule.phases.join(',') || '-'}${rule.scenes.length ? `  scenes ${rule.scenes.join(',')}` : ''}  category ${rule.category ?? '-'}${rule.population ? `  population ${rule.population}` : ''}`);
    for (const a of rule.applies) out.push(`  applies ${a.dimension} (@encounter.${a.field}) in {${a.values.join(', ')}}`);
    if (rule.basis) out.push(`  basis ${JSON.stringify(rule.basis)}`);
    for (const param of rule.params) out.push(`  param ${param.name}: ${typeText(param.type)} = ${JSON.stringify(param.value)}  「${param.display}」`);
    if (rule.table) out.push(`  table ${rule.table}${rule.template ? `  template ${rule.template}` : ''}`);
    for (const slot of rule.rowSlots) out.push(`  row ${slot.slot}: ${typeText(slot.type)} = ${p.expr(slot.expr)}`);
    for (const o of rule.onlyIf) out.push(`  only-if ${p.expr(o.expr)}`);
    for (const step of rule.pre) out.push(`  pre ${p.step(step)}`);
    if (rule.scope) out.push(`  scope ${p.scope(rule.scope)}`);
    for (const step of rule.steps) out.push(`  ${p.step(step)}`);
    const outcome = rule.outcome;
    out.push(`  violation ${outcome.violation.kind} ${p.expr(outcome.violation.expr)}`);
    if (outcome.amount) out.push(`  amount ${p.expr(outcome.amount)}`);
    for (const i of outcome.involved) out.push(`  involved ${i.kind} ${p.expr(i.expr)}`);
    if (outcome.message) out.push(`  message ${p.expr(outcome.message)}`);
    for (const e of outcome.evidence) out.push(`  evidence ${p.expr(e)}`);
    if (outcome.statistic) out.push(`  statistic ${JSON.stringify(outcome.statistic.name)} ${p.expr(outcome.statistic.value)}${outcome.statistic.peer ? ` against ${p.expr(outcome.statistic.peer)}` : ''} :${outcome.statistic.display}`);
    const limit = options.instances ?? 3;
    const isTemplate = rule.instances.some(i => i.row !== null || i.codes);
    if (isTemplate || rule.inactive.length > 0) {
        out.push(`  instances ${rule.instances.length}${rule.inactive.length ? `  inactive ${rule.inactive.length}` : ''}`);
        rule.instances.slice(0, limit).forEach((inst, i) => {
            const row = inst.row ? Object.entries(inst.row).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ') : '';
            const kp = inst.kp ? `${inst.kp.kp_id} ${JSON.stringify(inst.kp.item_name)}` : '';
            out.push(`    #${i} ${[kp, row, inst.codes ? `codes ${codeSetText(inst.codes)}` : ''].filter(Boolean).join('  ')}`);
        });
        if (rule.instances.length > limit) out.push(`    … ${rule.instances.length - limit} more`);
        const reasons = new Map<string, number>();
        for (const x of rule.inactive) reasons.set(x.reason, (reasons.get(x.reason) ?? 0) + 1);
        for (const [reason, n] of reasons) out.push(`    inactive ×${n}: ${reason}`);
    }
    return out;
}

function typeText(type: IrType): string {
    switch (type.kind) {
        case 'record': return type.record ?? 'record';
        case 'list': return `list<${typeText(type.element ?? { kind: 'any' })}>`;
        case 'set': return `set<${typeText(type.element ?? { kind: 'any' })}>`;
        case 'enum': return type.enumName ? `enum ${type.enumName}` : 'enum';
        default: return type.kind;
    }
}

function codeSetText(m: { codes?: string[]; prefixes?: string[]; ranges?: Array<[string, string]> }): string {
    const items = [...(m.codes ?? []), ...(m.prefixes ?? []).map(x => `${x}*`), ...(m.ranges ?? []).map(([a, b]) => `${a}..${b}`)];
    return `{${items.slice(0, 8).join(', ')}${items.length > 8 ? `, … ${items.length} in all` : ''}}`;
}

class Printer {
    /** 元素层数（filter / agg / 作用域条件里） */
    private level = 0;

    constructor(private readonly pack: IrPack) {}

    step(step: IrStep): string {
        return step.kind === 'let' ? `let ${step.name} = ${this.expr(step.expr)}` : `when ${this.expr(step.expr)}`;
    }

    scope(scope: IrScope): string {
        const parts = [`${scope.kind}${scope.group ? `(${scope.group})` : ''} ${scope.binder}: ${typeText(scope.elementType)}`];
        parts.push(`in ${scope.source === 'expr' && scope.sourceExpr ? this.expr(scope.sourceExpr) : `@${scope.source}`}`);
        if (scope.codes) parts.push(`codes ${this.expr(scope.codes)}`);
        const inElement = (e: IrExpr) => {
            this.level++;
            try {
                return this.expr(e);
            } finally {
                this.level--;
            }
        };
        if (scope.keys) parts.push(`by ${scope.keys.map(inElement).join(', ')}`);
        if (scope.keyProps) parts.push(`key-props ${scope.keyProps.map(k => k ?? '-').join(', ')}`);
        if (scope.where) parts.push(`where ${inElement(scope.where)}`);
        if (scope.dispatch !== undefined) parts.push(scope.dispatch ? 'dispatch' : 'scan');
        return parts.join(' ');
    }

    expr(e: IrExpr): string {
        switch (e.k) {
            case 'lit': return literalText(e.v, e.ty);
            case 'codes': return `codes#${e.id}${this.pack.matchers[e.id] ? codeSetText(this.pack.matchers[e.id]) : ''}`;
            case 'ref': {
                const ref = e.ref;
                switch (ref.kind) {
                    case 'param': return `$${ref.name}`;
                    case 'row': return `row[${ref.slot}]`;
                    case 'local': return ref.name;
                    case 'source': return `@${ref.name}`;
                    case 'kp': return '$kp';
                }
                break;
            }
            case 'elem': return `e${this.level - 1 - e.depth}`;
            case 'field': return `${this.expr(e.recv)}${e.each ? '[*]' : ''}.${e.prop}`;
            case 'op': return `${e.op}(${e.args.map(a => this.expr(a)).join(', ')})`;
            case 'filter': return `filter(${this.expr(e.src)}, ${this.lambda(e.cond)})`;
            case 'agg': return `${e.fn}(${this.expr(e.src)}${e.arg ? `, ${this.lambda(e.arg)}` : ''}${e.whole ? ', whole' : ''})`;
            case 'window': {
                const span = e.days ? `days=${this.expr(e.days)}` : `calendar=${e.calendar}`;
                return `window(${this.expr(e.src)}, ref=${this.expr(e.ref)}, ${span}, date=${e.date.prop}${e.date.fallback ? `|${e.date.fallback}` : ''})`;
            }
            case 'if': return `if(${this.expr(e.c)}, ${this.expr(e.t)}, ${this.expr(e.e)})`;
            case 'text': return `text(${e.parts.map(part => typeof part === 'string' ? JSON.stringify(part) : `{${this.expr(part.e)}:${part.display}}`).join(', ')})`;
            case 'kb': return `kb.${e.fn}(${e.args.map(a => this.expr(a)).join(', ')})`;
            case 'lookup': return `lookup(@${e.source}.${e.prop} = ${this.expr(e.key)})`;
            case 'peer': {
                const args = [this.expr(e.value), ...(e.arg ? [this.expr(e.arg)] : [])].join(', ');
                return `peer.${e.stat}(${args}; ${e.binder} by ${e.keys.map(k => this.expr(k)).join(', ')}${e.min ? `; min ${this.expr(e.min)}` : ''})#${e.id}`;
            }
        }
        return `?${(e as IrExpr).k}`;
    }

    private lambda(body: IrExpr): string {
        const name = `e${this.level}`;
        this.level++;
        try {
            return `${name} => ${this.expr(body)}`;
        } finally {
            this.level--;
        }
    }
}

function literalText(value: unknown, type: IrType): string {
    if (value === null) return 'null';
    if (typeof value === 'string') return JSON.stringify(value);
    if (typeof value === 'number' && type.kind !== 'any' && type.kind !== 'null') return formatValue(value, displayOf(type));
    return JSON.stringify(value);
}
