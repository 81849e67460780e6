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
