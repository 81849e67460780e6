/**
 * 明细字段的读取计划：规范化只解析规则包会读到的明细字段。
 *
 * 每次就诊几十条明细、每条四十多个字段，逐个解析（金额、日期、字典归类、追溯码拆分）的开销与 JSON.parse 本身相当。
 * 编译器从 IR 收集规则读到的字段，写进 manifest.lineFields；引擎据此规范化：
 *   - 核心字段总是解析（引擎、退费冲销、排序、结果组装要用）：rx_id、rxno、hilist_code、hilist_name、cnt、pric、sumamt、
 *     计费时间（fee_ocur_time，缺失时 drord_begn_date）、feedetl_sn、init_feedetl_sn、curr_drord_flag；
 *   - 可选字段（OPTIONAL_LINE_FIELDS）只在计划里时解析与校验，否则为空值（数组为 []、标志为 false）。
 * 于是规则包不读的字段即使格式错误也不会让理赔被拒——它不影响任何结果；规则读到的字段照常校验。
 * 没有 lineFields 的规则包（旧版或手写的）解析全部字段。两个后端（生成代码与参照解释器）用同一份 manifest，计划相同。
 */

export const OPTIONAL_LINE_FIELDS = [
    'grpno', 'long_drord_flag', 'hilist_type', 'item_category', 'chrg_type', 'drord_bhvr', 'hilist_dosform', 'hilist_lv',
    'hilist_pric', 'hilist_memo', 'lv1_hosp_item_pric', 'lv2_hosp_item_pric', 'lv3_hosp_item_pric', 'price_cap',
    'hosplist_code', 'hosplist_name', 'ownpay_amt', 'selfpay_amt', 'spec', 'spec_unt', 'drord_begn_date', 'drord_stop_date',
    'drord_dept_codg', 'drord_dr_codg', 'drord_dr_profttl', 'drug_trac_codg', 'prd_days'
] as const;

export type OptionalLineField = typeof OPTIONAL_LINE_FIELDS[number];

/** 每个可选字段是否解析。固定形状的对象（每个键都在），规范化时按名字直接读取。 */
export type LinePlan = { readonly [K in OptionalLineField]: boolean };

const OPTIONAL = new Set<string>(OPTIONAL_LINE_FIELDS);

export function isOptionalLineField(name: string): name is OptionalLineField {
    return OPTIONAL.has(name);
}

function plan(selected: (field: OptionalLineField) => boolean): LinePlan {
    const result = {} as Record<OptionalLineField, boolean>;
    for (const field of OPTIONAL_LINE_FIELDS) result[field] = selected(field);
    return Object.freeze(result);
}

/** 解析全部字段。 */
export const FULL_LINE_PLAN: LinePlan = plan(() => true);

/** 由规则包读到的字段名得到计划；没有列表时解析全部。不认识的名字（核心字段或其他记录的字段）忽略。 */
export function linePlan(fields: readonly string[] | undefined): LinePlan {
    if (fields === undefined) return FULL_LINE_PLAN;
    const wanted = new Set(fields);
    return plan(field => wanted.has(field));
}

/**
 * 来源的读取计划：整块的来源只在规则包读到时才规范化（manifest.sources，编译器 compiler/src/ir/reads.ts 收集）。
 *   - history：历史就诊（mdtrt_id 不是 curr_mdtrt_id 的就诊）。规则读到 历史就诊 / 历史明细 / 全部明细、明细的序号
 *     （序号按本次与历史全部明细编号）或筛查集合时才规范化；否则不规范化、不校验——claim.history、history_lines 为空，
 *     all_lines 即本次明细。本次明细的序号因此可能变小，但相对次序不变（结果只按它排序，序号本身不输出）。
 *     只有一处例外：可能含退费（数量、单价或金额可能为负）的历史就诊照常规范化，以写出同样的退费提示（notes）；
 *     它格式错误时不拒绝理赔，也不写提示（规则不读它）。
 *   - diagnoses / operations：各次就诊的诊断 / 手术操作列表（来源 诊断、手术，或就诊的 诊断 / 手术 属性）。
 *     不读时为空列表、不校验。
 *   - prescriptions：本次明细按处方号分组（来源 处方）。不读时为空列表，也不检查组内金额合计是否超出范围（ZR0012）。
 * 与明细可选字段一样（不变式 10）：规则包不读的来源即使格式错误也不会让理赔被拒——它不影响任何结果；读到的照常校验，
 * 错误的编码、路径、信息与全部解析时相同。没有 sources 的规则包（旧版或手写的）规范化全部来源。
 */
export const OPTIONAL_SOURCES = ['history', 'diagnoses', 'operations', 'prescriptions'] as const;

export type OptionalSource = typeof OPTIONAL_SOURCES[number];

export type SourcePlan = { readonly [K in OptionalSource]: boolean };

/** 规范化全部来源。 */
export const FULL_SOURCE_PLAN: SourcePlan = Object.freeze({ history: true, diagnoses: true, operations: true, prescriptions: true });

/** 由规则包读到的来源得到计划；没有列表时全部规范化。population：规则包用到筛查集合（序号跨理赔比较，历史必须照常编号）。 */
export function sourcePlan(sources: readonly string[] | undefined, population = false): SourcePlan {
    if (sources === undefined) return FULL_SOURCE_PLAN;
    const wanted = new Set(sources);
    return Object.freeze({ history: population || wanted.has('history'), diagnoses: wanted.has('diagnoses'), operations: wanted.has('operations'), prescriptions: wanted.has('prescriptions') });
}
