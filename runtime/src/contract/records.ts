/**
 * 契约 · 记录与来源：规范化理赔（claim/normalize.ts 产出，claim/types.ts 的接口）里有哪几种记录、各有哪些属性、
 * 值怎样编码，以及规则能从哪些集合取元素。所有后端（生成的 JS、参照解释器、SQL）与语言都用这里的名字：
 *
 *   - 内置库（language/src/builtins/prelude.ts）用 `记录 明细 = line { … 编码: 编码<目录> = hilist_code … }` 把中文名绑定到
 *     这里的记录种类与属性名，`全局 明细: 列表<明细> = lines` 绑定到这里的来源。编译器只认这些英文名，从不比较中文名。
 *   - 运行时按记录种类组装结果（哪条是明细、哪个是就诊），不靠看对象长什么样来猜。
 *   - SQL 后端按这里的属性与编码建表（一列一个属性）。
 *
 * 值的编码（values/）：micro = 数值 / 数量 / 金额的 micro 整数（1 = 1 000 000）；day = 自 1970-01-01 的天数；
 * minute = 自 1970-01-01 00:00 的分钟数；duration = 时长分钟数；whole = 整数（年龄周岁）；flag = 布尔；
 * ident = 标识（原样保留的文本，必有）；code = 编码（去首尾空白）；text = 文本；category = 字典归类后的枚举值；
 * texts = 文本数组；list:<记录> = 记录数组；record:<记录> = 一条记录；any = 任意值。
 */

/** 记录种类的名字（与下面 RECORDS 的键相同；单列出来，ValueEncoding 才能引用而不成环）。 */
export type RecordKind = 'patient' | 'encounter' | 'line' | 'diagnosis' | 'operation' | 'prescription' | 'group' | 'cohort' | 'kp' | 'catalogue_entry';

export type ValueEncoding =
    | 'ident' | 'text' | 'code' | 'category' | 'micro' | 'day' | 'minute' | 'duration' | 'whole' | 'flag' | 'texts' | 'any'
    | `list:${RecordKind}` | `record:${RecordKind}`;

export interface RecordSpec {
    /** 标识属性：结果明细引用它（rx_id、mdtrt_id …） */
    readonly id?: string;
    /** 编码属性：`属于` 按它匹配，分派按它建索引 */
    readonly code?: string;
    /** 时间窗（近 N 天、同自然月）取的日期属性；fallback 为它缺失时取的属性 */
    readonly date?: { readonly prop: string; readonly fallback?: string };
    /**
     * 在以这种记录为元素的作用域里，患者.年龄 按哪个日期算：明细 → 计费日期，分组 → 首条明细的计费日期。
     * 没有的（诊断、就诊 …）按本次入院日期（patient.age）。属性路径从元素起。
     */
    readonly scopeDate?: readonly string[];
    /** 属性 → 编码方式 */
    readonly fields: Readonly<Record<string, ValueEncoding>>;
}

export const RECORDS = {
    patient: {
        id: 'patn_id',
        fields: { patn_id: 'ident', patn_name: 'text', gend: 'category', gend_code: 'code', brdy: 'day', age: 'whole', poolarea: 'text' }
    },
    encounter: {
        id: 'mdtrt_id',
        date: { prop: 'dscg_date', fallback: 'adm_date' },
        fields: {
            mdtrt_id: 'ident', patn_id: 'ident', medins_id: 'text', medins_name: 'text', medins_admdvs: 'text', medins_type: 'code', medins_category: 'category',
            medins_lv: 'code', medins_grade: 'category', adm_date: 'day', adm_time: 'minute', dscg_date: 'day', los: 'duration',
            dscg_main_dise_codg: 'text', dscg_main_dise_name: 'text', dr_codg: 'text', adm_dept_codg: 'text', dscg_dept_codg: 'text',
            med_category: 'category', med_type: 'code', med_mdtrt_type: 'text', insutype: 'code', insu_category: 'category', matn_stas: 'text',
            medfee_sumamt: 'micro', ownpay_amt: 'micro', selfpay_amt: 'micro', hifp_payamt: 'micro',
            lines: 'list:line', diagnoses: 'list:diagnosis', operations: 'list:operation', is_current: 'flag'
        }
    },
    line: {
        id: 'rx_id',
        code: 'hilist_code',
        date: { prop: 'fee_date' },
        scopeDate: ['fee_date'],
        fields: {
            rx_id: 'ident', rxno: 'text', grpno: 'text', long_drord_flag: 'flag', hilist_type: 'code', item_category: 'category', chrg_type: 'text',
            drord_bhvr: 'text', hilist_code: 'code', hilist_name: 'text', hilist_dosform: 'text', hilist_lv: 'text', hilist_pric: 'micro',
            hilist_memo: 'text', lv1_hosp_item_pric: 'micro', lv2_hosp_item_pric: 'micro', lv3_hosp_item_pric: 'micro', price_cap: 'micro',
            hosplist_code: 'text', hosplist_name: 'text', cnt: 'micro', raw_cnt: 'micro', pric: 'micro', sumamt: 'micro', raw_sumamt: 'micro',
            ownpay_amt: 'micro', selfpay_amt: 'micro', spec: 'text', spec_unt: 'text', drord_begn_date: 'day', drord_stop_date: 'day',
            drord_dept_codg: 'text', drord_dr_codg: 'text', drord_dr_profttl: 'text', curr_drord_flag: 'flag', fee_time: 'minute',
            fee_date: 'day', fee_hour: 'minute', drug_trac_codg: 'texts', prd_days: 'duration', feedetl_sn: 'text', init_feedetl_sn: 'text',
            seq: 'micro', mdtrt_id: 'ident', is_current_encounter: 'flag', index: 'whole'
        }
    },
    diagnosis: {
        code: 'dise_codg',
        date: { prop: 'dise_date' },
        fields: {
            dise_id: 'text', inout_dise_type: 'text', maindise_flag: 'flag', dias_srt_no: 'micro', dise_codg: 'code', dise_name: 'text',
            dise_date: 'day', mdtrt_id: 'ident'
        }
    },
    operation: {
        code: 'oprn_code',
        date: { prop: 'oprn_date' },
        fields: {
            setl_list_oprn_id: 'text', oprn_code: 'code', oprn_name: 'text', main_oprn_flag: 'flag', oprn_date: 'day', anst_way: 'text',
            mdtrt_id: 'ident'
        }
    },
    /** 同一处方号的明细 */
    prescription: { fields: { key: 'text', lines: 'list:line', cnt: 'micro', sumamt: 'micro', first: 'record:line' } },
    /** 对每日 / 对每小时 / 按键分组的一组明细 */
    group: { scopeDate: ['first', 'fee_date'], fields: { key: 'any', lines: 'list:line', cnt: 'micro', sumamt: 'micro', first: 'record:line' } },
    /**
     * 统计组：筛查集合中按键（机构、医师、科室、患者、月份 …）分组的一组就诊（对每组 全体就诊 g 按 …）。
     * 机构属性取组内第一次就诊的（同一机构的就诊机构属性相同）。claim_count = 就诊数（micro），sumamt = 组内明细净金额合计。
     */
    cohort: {
        fields: {
            key: 'any', encounters: 'list:encounter', lines: 'list:line', claim_count: 'micro', sumamt: 'micro', first: 'record:encounter',
            medins_id: 'text', medins_grade: 'category', medins_category: 'category', medins_admdvs: 'text'
        }
    },
    /** 两库知识点（只在编译时：模板展开的行值） */
    kp: {
        fields: {
            kp_id: 'text', rule_class: 'text', gz_code: 'text', med_codes: 'texts', first_code: 'code', rest_codes: 'texts', item_name: 'text',
            constraint: 'text', detect_logic: 'text', batch_tag: 'text'
        }
    },
    /** 知识库目录条目（只在编译时） */
    catalogue_entry: { fields: { code: 'code', name: 'text', spec: 'text', dosform: 'text', restriction: 'text' } }
} as const satisfies Record<RecordKind, RecordSpec>;

export function isRecordKind(name: string | undefined): name is RecordKind {
    return name !== undefined && Object.prototype.hasOwnProperty.call(RECORDS, name);
}

/** 记录的规格（统一成 RecordSpec，可选属性可读）。 */
export function recordSpec(kind: RecordKind): RecordSpec {
    return RECORDS[kind];
}

/**
 * 来源：规则能直接取的全局值与集合（规范化理赔 NClaim 上的属性）。dispatch 为真的来源可以按编码分派
 * （引擎为每条明细查一次编码索引，只交给提到该编码的规则实例）。
 */
export interface SourceSpec {
    readonly record: RecordKind;
    /** 列表（对每 … 的来源），否则是单个记录 */
    readonly list: boolean;
    readonly dispatch?: true;
    /**
     * 筛查集合（事后）：不在本次请求里，而是全部被筛查的理赔（任何患者、任何机构）——每张理赔的本次就诊，按就诊号去重，
     * 按载入顺序。规则求值上下文的 population（engine/population.ts）提供；单个请求审核时筛查集合就是这个请求本身。
     * 读到它的规则只能在 事后 环节（校验 ZS0420）。
     */
    readonly population?: true;
}

export const SOURCES = {
    patient: { record: 'patient', list: false },
    encounter: { record: 'encounter', list: false },
    lines: { record: 'line', list: true, dispatch: true },
    history_lines: { record: 'line', list: true, dispatch: true },
    all_lines: { record: 'line', list: true, dispatch: true },
    diagnoses: { record: 'diagnosis', list: true },
    operations: { record: 'operation', list: true },
    history: { record: 'encounter', list: true },
    prescriptions: { record: 'prescription', list: true },
    population_encounters: { record: 'encounter', list: true, population: true },
    population_lines: { record: 'line', list: true, population: true }
} as const satisfies Record<string, SourceSpec>;

export type SourceName = keyof typeof SOURCES;

export function isSourceName(name: string | undefined): name is SourceName {
    return name !== undefined && Object.prototype.hasOwnProperty.call(SOURCES, name);
}

/** 可按编码分派的来源（明细来源）。 */
export type DispatchSource = { [K in SourceName]: typeof SOURCES[K] extends { dispatch: true } ? K : never }[SourceName];

/** 筛查集合的来源（SOURCES 中 population 为真的）。 */
export type PopulationSource = { [K in SourceName]: typeof SOURCES[K] extends { population: true } ? K : never }[SourceName];

export function isPopulationSource(name: string | undefined): name is PopulationSource {
    return isSourceName(name) && 'population' in SOURCES[name];
}

export const DISPATCH_SOURCES = (Object.keys(SOURCES) as SourceName[]).filter((s): s is DispatchSource => 'dispatch' in SOURCES[s]);

export function isDispatchSource(name: string | undefined): name is DispatchSource {
    return isSourceName(name) && 'dispatch' in SOURCES[name];
}

/** 提示与解释里的显示方式偏离其类型的字段：单价（pric，国家接口到 6 位小数）按实际小数位显示，其余金额按分。 */
export const FIELD_DISPLAY: Readonly<Record<string, string>> = { 'line.pric': 'price' };

/**
 * 违规对象与涉及对象的种类（由类型决定，写进规则包，结果组装据此处理）：
 *   line / lines   一条 / 一组明细（违规项为其中本次计费的明细）
 *   encounter      一次就诊（本次或历史）
 *   diagnosis / operation   一个诊断 / 手术
 *   cohort         一个统计组（机构 / 医师 / 科室 / 患者级的结果：组内就诊都是涉及项）
 */
export type TargetKind = 'line' | 'lines' | 'encounter' | 'diagnosis' | 'operation' | 'cohort';

/** 涉及项：明细（一条或一组）、就诊（一次或一组）；诊断与手术不输出涉及明细（没有 rx_id）。 */
export type InvolvedKind = 'lines' | 'encounters' | 'none';
