/**
 * “为什么没有触发”：对选定的规则（可选知识点）与理赔中的一个对象（明细号 / 就诊号 / 诊断或手术编码 / 分组键），
 * 按引擎审核时的同一条路径——启用与环节、适用范围、知识点的代码集、作用域的 其中、作用域前后的每个 当——逐步求值，
 * 指出第一个不成立的条件和它看到的值。求值函数就是审核用的规则程序（RuleProgram 的 prepare / where / key / check，
 * 生成的规则包与参照解释器同一接口），不是第二种解释：条件成立时结论以引擎实际产出的结果为准。
 */
import type { KnowledgePointRef, SourceLocation } from '../contract/pack.js';
import type { ExplanationStep } from './findings.js';

export interface WhyNotQuery {
    /** 规则编号 */
    rule: string;
    /** 对象：明细号（rx_id）、就诊号、诊断 / 手术编码、分组键；省略时看作用域里的全部对象 */
    target?: string;
    /** 知识点：kp_id 或知识点名称（包含即可）；省略时看全部知识点行 */
    knowledgePoint?: string;
    /** 最多列出的尝试条数（默认 20） */
    limit?: number;
}

/**
 * 一次尝试（一个知识点行 × 一个作用域对象）的结局：
 *   fired        条件都成立，引擎产出了结果
 *   no-finding   条件都成立，但没有结果（违规对象不是本次计费的明细等）
 *   failed       某个 当 不成立（为假）
 *   unknown      某个 当 为未知（读到空值，三值逻辑：只有为真才成立）
 *   pre-failed   作用域之前（整次就诊）的 当 不成立或未知，作用域里的对象都没有求值
 *   not-in-codes 对象的编码不属于这个知识点（或规则）的代码集
 *   filtered     作用域的 其中 没有选中这个对象
 */
export type WhyNotOutcome = 'fired' | 'no-finding' | 'failed' | 'unknown' | 'pre-failed' | 'not-in-codes' | 'filtered';

export interface WhyNotAttempt {
    knowledgePoint?: KnowledgePointRef;
    /** 对象的中文描述（「明细 L3（阿莫西林胶囊）」「本次就诊」「计费日期「2024-03-01」」） */
    element: string;
    patient: string | null;
    outcome: WhyNotOutcome;
    /** 一句话：哪个条件、看到的值 */
    reason: string;
    /** 求值记录（作用域之前与之内的每一步，到第一个不成立的 当 为止） */
    steps: ExplanationStep[];
    /** steps 中不成立的那一步的下标 */
    failedStep?: number;
}

export interface WhyNotReport {
    rule: { id: string; name: string; source: SourceLocation };
    /** 这条规则对所选对象（没有选时：对这张理赔）产出了结果：对象是违规对象 */
    fired: boolean;
    /** 所选对象只作为涉及项出现的结果数（如同日收费的另一个项目） */
    involvedIn: number;
    /** 结论（中文一句） */
    verdict: string;
    /** 规则层面的原因：未启用、环节不符、rule_ids 不含、适用范围不含本次就诊（有这些时不看作用域） */
    blockers: string[];
    params: Array<{ name: string; value: string }>;
    scope?: string;
    attempts: WhyNotAttempt[];
    /** 超出 limit 没有列出的尝试数 */
    omitted: number;
    /** 按结局计数（含没有列出的） */
    counts: Partial<Record<WhyNotOutcome, number>>;
}

export const WHY_NOT_OUTCOME_LABELS: Readonly<Record<WhyNotOutcome, string>> = {
    'fired': '触发',
    'no-finding': '条件成立但无结果',
    'failed': '条件不成立',
    'unknown': '条件未知（空值）',
    'pre-failed': '就诊条件不成立',
    'not-in-codes': '不属于代码集',
    'filtered': '未被 其中 选中'
};

/** 不成立的一步 → 一句话（「当 患者.年龄 < 儿童年龄上限」不成立：患者.年龄 = 30岁，儿童年龄上限 = 18岁）。 */
export function failedStepReason(step: ExplanationStep): string {
    const seen = (step.values ?? []).map(v => `${v.expr} = ${v.value}`).join('，');
    const verdict = step.result === null || step.result === undefined ? '为未知（读到空值，按三值逻辑不成立）' : '不成立';
    return `第 ${step.line} 行「当 ${step.text}」${verdict}${seen ? `：${seen}` : ''}`;
}

/** 对象是否就是查询的目标（明细号、就诊号、诊断 / 手术编码、分组键，或包含该明细 / 就诊的分组）。 */
export function matchesTarget(elem: unknown, target: string): boolean {
    if (!elem || typeof elem !== 'object') return false;
    const e = elem as Record<string, unknown>;
    if (e.rx_id === target || e.mdtrt_id === target || e.dise_codg === target || e.oprn_code === target) return true;
    if ('key' in e && e.key !== null && e.key !== undefined && keyText(e.key) === target) return true;
    if (Array.isArray(e.lines) && e.lines.some(l => (l as Record<string, unknown>).rx_id === target)) return true;
    if (Array.isArray(e.encounters) && e.encounters.some(x => (x as Record<string, unknown>).mdtrt_id === target)) return true;
    return false;
}

function keyText(key: unknown): string {
    return Array.isArray(key) ? key.map(String).join('、') : String(key);
}

/** 知识点是否匹配查询（kp_id 相同，或名称包含查询文本）。 */
export function matchesKnowledgePoint(kp: KnowledgePointRef | undefined, query: string): boolean {
    if (!kp) return false;
    return kp.kp_id === query || kp.item_name.includes(query);
}

/** 结论：按各结局的计数写一句中文。 */
export function verdictOf(report: Omit<WhyNotReport, 'verdict'>, query: WhyNotQuery): string {
    const who = query.target ? `对「${query.target}」` : '';
    if (report.blockers.length > 0) return `规则 ${report.rule.id} ${who}没有运行：${report.blockers[0]}`;
    if (report.fired) return `规则 ${report.rule.id} ${who}触发了（见下面的结果）`;
    const involved = report.involvedIn > 0 ? `；它是这条规则 ${report.involvedIn} 条结果的涉及项（见下面的结果）` : '';
    const total = Object.values(report.counts).reduce((a, b) => a + (b ?? 0), 0);
    if (total === 0) {
        return query.target
            ? `规则 ${report.rule.id} 的作用域里没有「${query.target}」：它不是这条规则检查的对象（${report.scope ?? '作用域'}）${involved}`
            : `规则 ${report.rule.id} 的作用域里没有对象，规则没有检查任何东西（${report.scope ?? '作用域'}）`;
    }
    const parts = (Object.entries(report.counts) as Array<[WhyNotOutcome, number]>)
        .filter(([, n]) => n > 0).map(([o, n]) => `${WHY_NOT_OUTCOME_LABELS[o]} ${n} 次`);
    return `规则 ${report.rule.id} ${who}没有触发：${parts.join('，')}${involved}`;
}

/** 理赔中可以问“为什么没有触发”的对象（编辑器的对象选择）。 */
export interface ClaimObject {
    /** 传给 whyNot 的对象：明细号、就诊号、诊断 / 手术编码 */
    id: string;
    label: string;
    kind: 'line' | 'encounter' | 'diagnosis' | 'operation';
}

type Rec = Record<string, unknown>;
const textOf = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);
const recordsOf = (v: unknown): Rec[] => (Array.isArray(v) ? v.filter((x): x is Rec => !!x && typeof x === 'object') : []);

/** 一个 3101 入参（input.data，未规范化）中的明细、就诊（历史的标明）、诊断、手术；每个编号只列一次，没有编号的不列。 */
export function claimObjects(input: unknown): ClaimObject[] {
    const objects: ClaimObject[] = [];
    const seen = new Set<string>();
    const add = (o: ClaimObject) => {
        if (seen.has(o.id)) return;
        seen.add(o.id);
        objects.push(o);
    };
    for (const patient of recordsOf((input as Rec | null)?.patient_dtos)) {
        const current = textOf(patient.curr_mdtrt_id);
        for (const encounter of recordsOf(patient.fsi_encounter_dtos)) {
            const mdtrt = textOf(encounter.mdtrt_id);
            const history = current !== null && mdtrt !== current;
            const where = history ? '（历史）' : '';
            const institution = textOf(encounter.medins_name);
            if (mdtrt) add({ id: mdtrt, kind: 'encounter', label: `就诊 ${mdtrt}${where}${institution ? ` ${institution}` : ''}` });
            for (const line of recordsOf(encounter.fsi_order_dtos)) {
                const rx = textOf(line.rx_id);
                if (rx) add({ id: rx, kind: 'line', label: `明细 ${rx} ${textOf(line.hilist_name) ?? textOf(line.hilist_code) ?? ''}`.trim() + where });
            }
            for (const d of recordsOf(encounter.fsi_diagnose_dtos)) {
                const code = textOf(d.dise_codg);
                if (code) add({ id: code, kind: 'diagnosis', label: `诊断 ${code} ${textOf(d.dise_name) ?? ''}`.trim() });
            }
            for (const o of recordsOf(encounter.fsi_operation_dtos)) {
                const code = textOf(o.oprn_code);
                if (code) add({ id: code, kind: 'operation', label: `手术 ${code} ${textOf(o.oprn_name) ?? ''}`.trim() });
            }
        }
    }
    return objects;
}
