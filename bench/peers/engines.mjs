/**
 * 对照组：同样三条规则写进 json-rules-engine 与 @gorules/zen-engine，按它们的用户通常的写法——
 * 每个知识点一条规则（json-rules-engine）或决策表的一行（Zen），事实由 JS 从理赔算好（编码、性别、计费时年龄、
 * 出生天数、同日的编码），逐条本次计费明细交给引擎；另一种在前面放一个“编码 → 只含该编码规则的引擎”的 Map。
 * 只求结果（规则、知识点、rx_id），与手写版、智审的结果对照。
 */
import { loadPeer } from './install.mjs';
import { ageAt, currentEncounter, currentLines, parseTime, push, sexOf } from './hand.mjs';

// 两个引擎不在仓库的依赖里（见 install.mjs）：第一次跑对照组时装进 bench/.cache/peers
const jre = await loadPeer('json-rules-engine');
const zen = await loadPeer('@gorules/zen-engine');
const Engine = jre.Engine ?? jre.default?.Engine;
const ZenEngine = zen.ZenEngine ?? zen.default?.ZenEngine;

const RULE_KINDS = [['sex', 0], ['child', 2], ['dup', 1]];

/** 每条本次计费明细的事实。 */
export function lineFacts(input) {
    const facts = [];
    for (const patient of Array.isArray(input.patient_dtos) ? input.patient_dtos : []) {
        const encounter = currentEncounter(patient);
        if (!encounter) continue;
        const lines = currentLines(encounter, null);
        const sex = sexOf(patient);
        const birth = parseTime(patient.brdy);
        const byDay = new Map();
        for (const l of lines) if (l.code !== null && l.day !== null) push(byDay, l.day, l.code);
        for (const l of lines) {
            if (!l.billed || l.code === null) continue;
            facts.push({ rx: l.rx, code: l.code, sex, age: ageAt(birth, l.day), ageDays: birth && l.day !== null ? l.day - birth.day : null, same: l.day === null ? [] : byDay.get(l.day) ?? [] });
        }
    }
    return facts;
}

// ───── json-rules-engine ─────

function jreRules(tables, kind, row) {
    const rule = tables.rules[RULE_KINDS.find(k => k[0] === kind)[1]];
    const event = { type: 'finding', params: { rule: rule.id, kp: row.kp.kp_id } };
    const code = { fact: 'code', operator: 'in', value: row.codes };
    if (kind === 'sex') return [{ conditions: { all: [code, { fact: 'sex', operator: 'equal', value: row.sex === '男' ? '女' : '男' }] }, event }];
    if (kind === 'dup') return [{ conditions: { all: [code, { fact: 'same', operator: 'contains', value: row.a }] }, event }];
    const over = row.newborn ? { fact: 'ageDays', operator: 'greaterThanInclusive', value: 28 } : { fact: 'age', operator: 'greaterThanInclusive', value: row.upper };
    const any = row.lower === null ? [over] : [over, { fact: 'age', operator: 'lessThan', value: row.lower }];
    return [{ conditions: { all: [code, { any }] }, event }];
}

function jreEngine(rules) {
    const engine = new Engine([], { allowUndefinedFacts: true });
    for (const r of rules) engine.addRule(r);
    return engine;
}

/** 一个引擎、每个知识点一条规则。 */
export function jrePlain(tables) {
    const engine = jreEngine(RULE_KINDS.flatMap(([kind]) => tables.points[kind].flatMap(row => jreRules(tables, kind, row))));
    return async input => {
        const out = [];
        for (const f of lineFacts(input)) {
            const { events } = await engine.run(f);
            for (const e of events) out.push([e.params.rule, e.params.kp, f.rx]);
        }
        return out;
    };
}

/** 编码 → 只含该编码规则的引擎。 */
export function jreMapped(tables) {
    const byCode = new Map();
    for (const [kind] of RULE_KINDS) for (const row of tables.points[kind]) for (const code of row.codes) for (const r of jreRules(tables, kind, row)) push(byCode, code, r);
    const engines = new Map([...byCode].map(([code, rules]) => [code, jreEngine(rules)]));
    return async input => {
        const out = [];
        for (const f of lineFacts(input)) {
            const engine = engines.get(f.code);
            if (!engine) continue;
            const { events } = await engine.run(f);
            for (const e of events) out.push([e.params.rule, e.params.kp, f.rx]);
        }
        return out;
    };
}

// ───── Zen（JDM 决策表，collect） ─────

const INPUTS = ['code', 'sex', 'age', 'ageDays', 'same'];
const quote = s => JSON.stringify(s);

function zenRows(tables, kind, row) {
    const rule = tables.rules[RULE_KINDS.find(k => k[0] === kind)[1]].id;
    const code = row.codes.map(quote).join(', ');
    const cells = [];
    if (kind === 'sex') cells.push([code, quote(row.sex === '男' ? '女' : '男'), '', '', '']);
    else if (kind === 'dup') cells.push([code, '', '', '', `contains($, ${quote(row.a)})`]);
    else {
        cells.push(row.newborn ? [code, '', '', '>= 28', ''] : [code, '', `>= ${row.upper}`, '', '']);
        if (row.lower !== null) cells.push([code, '', `< ${row.lower}`, '', '']);
    }
    return cells.map(c => ({ cells: c, rule, kp: row.kp.kp_id }));
}

function zenDecision(engine, rows) {
    const rules = rows.map((r, k) => ({ _id: `r${k}`, ...Object.fromEntries(r.cells.map((c, i) => [`i${i}`, c])), o1: quote(r.rule), o2: quote(r.kp) }));
    return engine.createDecision({
        nodes: [
            { id: 'in', type: 'inputNode', name: '明细', position: { x: 0, y: 0 } },
            {
                id: 'table', type: 'decisionTableNode', name: '知识点', position: { x: 240, y: 0 },
                content: {
                    hitPolicy: 'collect',
                    inputs: INPUTS.map((field, i) => ({ id: `i${i}`, name: field, field })),
                    outputs: [{ id: 'o1', name: 'rule', field: 'rule' }, { id: 'o2', name: 'kp', field: 'kp' }],
                    rules
                }
            },
            { id: 'out', type: 'outputNode', name: '结果', position: { x: 480, y: 0 } }
        ],
        edges: [{ id: 'e1', sourceId: 'in', targetId: 'table', type: 'edge' }, { id: 'e2', sourceId: 'table', targetId: 'out', type: 'edge' }]
    });
}

function zenCollect(out, f, result) {
    const seen = new Set();
    for (const r of result) {
        // 儿童规则一个知识点两行（超上限、低于下限），都命中时是同一个结果
        const key = `${r.rule}|${r.kp}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push([r.rule, r.kp, f.rx]);
    }
}

/** 一张决策表、每个知识点一行（儿童规则有下限时两行）。 */
export function zenPlain(tables) {
    const engine = new ZenEngine();
    const decision = zenDecision(engine, RULE_KINDS.flatMap(([kind]) => tables.points[kind].flatMap(row => zenRows(tables, kind, row))));
    return async input => {
        const facts = lineFacts(input);
        const results = await Promise.all(facts.map(f => decision.evaluate(f)));
        const out = [];
        facts.forEach((f, i) => zenCollect(out, f, results[i].result));
        return out;
    };
}

/** 编码 → 只含该编码各行的决策表。 */
export function zenMapped(tables) {
    const engine = new ZenEngine();
    const byCode = new Map();
    for (const [kind] of RULE_KINDS) for (const row of tables.points[kind]) for (const code of row.codes) for (const r of zenRows(tables, kind, row)) push(byCode, code, r);
    const decisions = new Map([...byCode].map(([code, rows]) => [code, zenDecision(engine, rows)]));
    return async input => {
        const facts = lineFacts(input).filter(f => decisions.has(f.code));
        const results = await Promise.all(facts.map(f => decisions.get(f.code).evaluate(f)));
        const out = [];
        facts.forEach((f, i) => zenCollect(out, f, results[i].result));
        return out;
    };
}
