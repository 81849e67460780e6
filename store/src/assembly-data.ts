/**
 * Spark 作业的组装数据（assembly.json）与表结构（schema.json）：集群上的 Python 组装（spark/zhishen_job/assemble.py）
 * 与 screen.ts 的 assemble() 逐字节相同所需的一切，全部在构建时算好——集群上没有智审的代码，也没有解释器。
 *
 *   - 规则包级：packId、级别代码（规则包 + 部署配置）、违规行为代码、事后筛查的默认环节；
 *   - 每条规则：manifest 的元数据（编号、名称、级别、分类、依据、环节、场景、源码位置）、部署配置的启用 / 按知识点合并、
 *     F8 的次序（assemblyOptions 的 rank）、违规与涉及对象的种类（RuleSpec.outcome）、各实例的知识点编号；
 *   - 每条规则的 SQL 计划里组装要用的部分（SqlRulePlan 的 violation、hasAmount、message、evidence、involved：列名与显示类型）；
 *     只依赖行值与参数的插值（SqlPart 的 js）按 (规则, 实例, 插值) 用 InstanceEvaluator 预先求值：提示里的插值存 formatValue
 *     之后的文本，依据存求得的文本（不是文本时为 null，与 screen.ts 相同）。
 *
 * 放在 store 而不在 compiler/backends：它是 screen.ts 组装的另一半，要用 store 的表结构（schema.ts）、运行时的 formatValue 与
 * assemblyOptions、编译器的 InstanceEvaluator——store 依赖两者，反过来不行。
 */
import { assemblyOptions, EMPTY_CONFIG, findingOptions, formatValue, LEVELS, ruleEnabled } from '@zhishen/runtime';
import type { DeploymentConfig, InvolvedKind, Level, Phase, RulePack, TargetKind } from '@zhishen/runtime';
import { InstanceEvaluator } from '@zhishen/compiler';
import type { IrPack, SqlPart, SqlProgram } from '@zhishen/compiler';
import { TABLES } from './schema.js';
import type { ColumnType } from './schema.js';
import { packParams } from './screen.js';

export const ASSEMBLY_FORMAT = 'zhishen-spark-assembly/1';
export const SCHEMA_FORMAT = 'zhishen-store-schema/1';

/** 插值：SQL 列（行值随理赔变）或预先求好的常量（按实例；求值失败的实例为 { error }）。 */
export type AssemblyPart = { col: string; display: string } | { display: string; values: Array<string | null | { error: string }> };

export interface AssemblyPlan {
    violation: TargetKind;
    hasAmount: boolean;
    message: Array<string | AssemblyPart> | null;
    evidence: AssemblyPart[];
    /** population：涉及的就诊来自筛查集合（可能是别的患者的，结果明细写它们的患者） */
    involved: Array<{ kind: 'lines' | 'encounters' | 'none'; col: string | null; population?: true }>;
    /** 统计组规则：键的个数（列 k0…）、有无指标（st_v）与同级值（st_p） */
    cohort?: { keys: number; statistic: boolean; peer: boolean };
}

export interface AssemblyRule {
    id: string;
    name: string;
    level: Level;
    category: string | null;
    basis: string;
    phases: Phase[];
    scenes: number[];
    source: { file: string; line: number; column: number };
    /** 部署配置启用（ruleEnabled） */
    enabled: boolean;
    /** 按知识点合并（F7） */
    merge: boolean;
    /** F8 的次序 [级别序号, 规则位置] */
    rank: readonly [number, number];
    outcome: { violation: TargetKind; involved: InvolvedKind[] };
    /** 实例 → 知识点编号（非模板规则为 null） */
    instances: Array<string | null>;
    /** SQL 计划中组装用的部分；不能在 SQL 上运行的规则（ZC0301）为 null */
    plan: AssemblyPlan | null;
    /** 统计组规则（buildCohortFinding）：分组键的属性（层级、机构 / 医师编码）与指标子句的名称和显示类型 */
    cohort?: { keyProps: Array<string | null>; statistic: { name: string; display: string; peerName?: string } | null };
}

export interface AssemblyData {
    format: typeof ASSEMBLY_FORMAT;
    packId: string;
    /** 请求没有 trig_scen 时按此环节选规则（screen 用 '事后'）；null 时运行全部规则 */
    phase: Phase | null;
    levels: readonly Level[];
    levelCodes: Record<string, string>;
    behaviorCodes: Record<string, string>;
    /** 规则包读筛查集合（同 AuditEngine.usesPopulation）：组装时别的理赔的明细只作涉及项、写它们的患者 */
    usesPopulation: boolean;
    rules: AssemblyRule[];
}

export interface StoreSchema {
    format: typeof SCHEMA_FORMAT;
    tables: Array<{ name: string; columns: Array<{ name: string; type: ColumnType; prop?: string }> }>;
}

/** 理赔库的表结构（schema.ts 的 TABLES），Python 规范化按它摊平、Spark 按它建 DataFrame。 */
export function storeSchema(): StoreSchema {
    return {
        format: SCHEMA_FORMAT,
        tables: TABLES.filter(t => t.name !== 'loads').map(t => ({
            name: t.name, columns: t.columns.map(c => ({ name: c.name, type: c.type, ...(c.prop !== undefined ? { prop: c.prop } : {}) }))
        }))
    };
}

export interface AssemblyDataOptions {
    ir: IrPack;
    pack: RulePack;
    /** 生成作业 SQL 的同一个程序（同一份 IR、同样的参数；方言不影响组装用的部分） */
    program: SqlProgram;
    config?: DeploymentConfig;
    phase?: Phase;
}

export function assemblyData(options: AssemblyDataOptions): AssemblyData {
    const { ir, pack, program } = options;
    const config = options.config ?? EMPTY_CONFIG;
    if (ir.rules.length !== pack.rules.length || ir.rules.some((r, i) => r.id !== pack.rules[i].spec.meta.id)) {
        throw new Error('IR 与规则包的规则不一致：两者须来自同一次编译');
    }
    const params = packParams(pack, config);
    const metas = pack.rules.map(p => p.spec.meta);
    const assembly = assemblyOptions(pack.manifest.id, metas, config);
    const enabled = ruleEnabled(config);
    const plans = new Map(program.rules.map(p => [p.rule, p]));
    const rules = pack.rules.map(({ spec }, r): AssemblyRule => {
        const meta = spec.meta;
        const plan = plans.get(r);
        let evaluator: InstanceEvaluator | undefined;
        const constant = (expr: Extract<SqlPart, { js: unknown }>['js'], format: (v: unknown) => string | null) => spec.instances.map((_, i) => {
            evaluator ??= new InstanceEvaluator(ir.rules[r], params[r], ir.matchers);
            try {
                return format(evaluator.value(i, expr));
            } catch (error) {
                return { error: (error as Error).message };
            }
        });
        const part = (p: SqlPart, format: (v: unknown) => string | null): AssemblyPart =>
            'sql' in p ? { col: p.sql, display: p.display } : { display: p.display, values: constant(p.js, format) };
        return {
            id: meta.id, name: meta.name, level: meta.level, category: meta.category, basis: meta.basis, phases: meta.phases, scenes: meta.scenes,
            source: { file: meta.source.file, line: meta.source.line, column: meta.source.column },
            enabled: enabled(meta),
            merge: assembly.merge[r],
            rank: assembly.rank[r],
            outcome: { violation: spec.outcome.violation, involved: spec.outcome.involved },
            instances: spec.instances.map(inst => inst.kp?.kp_id ?? null),
            plan: plan ? {
                violation: plan.violation,
                hasAmount: plan.hasAmount,
                message: plan.message === null ? null : plan.message.map(p => (typeof p === 'string' ? p : part(p, v => formatValue(v, p.display)))),
                evidence: plan.evidence.map(p => part(p, v => (typeof v === 'string' ? v : null))),
                involved: plan.involved.map(inv => ({ kind: inv.kind, col: inv.col, ...(inv.population ? { population: true as const } : {}) })),
                ...(plan.cohort ? { cohort: plan.cohort } : {})
            } : null,
            ...(plan?.cohort ? { cohort: { keyProps: spec.scope.keyProps ?? [], statistic: spec.outcome.statistic ?? null } } : {})
        };
    });
    return {
        format: ASSEMBLY_FORMAT,
        packId: pack.manifest.id,
        phase: options.phase ?? null,
        levels: LEVELS,
        // 与引擎、screen.ts 同一份编码选项（findingOptions）
        levelCodes: findingOptions(pack.manifest, config).levelCodes,
        behaviorCodes: { ...config.behaviorCodes },
        usesPopulation: metas.some(m => m.population !== undefined),
        rules
    };
}
