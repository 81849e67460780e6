/**
 * 规范化后的理赔：运行时只在入口规范化一次（日期 → 天数、金额 → micro 整数、退费冲销、计费日期、年龄、住院天数、
 * 本次 vs 历史就诊），规则求值只读这些结构。属性名就是内置库字段声明里 `= 名称` 的名称。
 */
import type { InputErrorCode } from '../contract/errors.js';

/** 数值：micro 整数（见 values/decimal.ts）；日期：天数；日期时间：分钟数；时长：分钟数；年龄：周岁整数。 */
export interface NPatient {
    patn_id: string;
    patn_name: string | null;
    /** 性别枚举值：男 / 女；未知（0 / 9 / 缺失 / 未登记）时为空 */
    gend: string | null;
    gend_code: string | null;
    brdy: number | null;
    /** 本次入院日期时的周岁 */
    age: number | null;
    poolarea: string | null;
}

export interface NEncounter {
    mdtrt_id: string;
    /** 所属患者 patn_id（就诊本身没有这个字段，取自它所在的 patient_dtos 项；跨理赔规则按它找同一患者） */
    patn_id: string;
    medins_id: string | null;
    medins_name: string | null;
    medins_admdvs: string | null;
    medins_type: string | null;
    medins_category: string | null;
    medins_lv: string | null;
    /** 机构等级（字典归类）；medins_lv 缺失时为空 */
    medins_grade: string | null;
    adm_date: number | null;
    adm_time: number | null;
    dscg_date: number | null;
    los: number | null;
    dscg_main_dise_codg: string | null;
    dscg_main_dise_name: string | null;
    dr_codg: string | null;
    adm_dept_codg: string | null;
    dscg_dept_codg: string | null;
    med_category: string | null;
    med_type: string | null;
    med_mdtrt_type: string | null;
    insutype: string | null;
    insu_category: string | null;
    matn_stas: string | null;
    medfee_sumamt: number | null;
    ownpay_amt: number | null;
    selfpay_amt: number | null;
    hifp_payamt: number | null;
    lines: NLine[];
    diagnoses: NDiagnosis[];
    operations: NOperation[];
    is_current: boolean;
    /** 输入中的位置（patient_dtos[i].fsi_encounter_dtos[j]） */
    index: number;
}

export interface NDiagnosis {
    dise_id: string | null;
    inout_dise_type: string | null;
    maindise_flag: boolean;
    dias_srt_no: number | null;
    dise_codg: string | null;
    dise_name: string | null;
    dise_date: number | null;
    mdtrt_id: string;
}

export interface NOperation {
    setl_list_oprn_id: string | null;
    oprn_code: string | null;
    oprn_name: string | null;
    main_oprn_flag: boolean;
    oprn_date: number | null;
    anst_way: string | null;
    mdtrt_id: string;
}

/**
 * 一条费用明细。带 ? 的是可选字段（claim/plan.ts）：只在规则包读到时解析，否则不存在（读取为空）。
 */
export interface NLine {
    rx_id: string;
    rxno: string | null;
    grpno?: string | null;
    long_drord_flag?: boolean;
    hilist_type?: string | null;
    item_category?: string | null;
    chrg_type?: string | null;
    drord_bhvr?: string | null;
    hilist_code: string | null;
    hilist_name: string | null;
    hilist_dosform?: string | null;
    hilist_lv?: string | null;
    hilist_pric?: number | null;
    hilist_memo?: string | null;
    lv1_hosp_item_pric?: number | null;
    lv2_hosp_item_pric?: number | null;
    lv3_hosp_item_pric?: number | null;
    price_cap?: number | null;
    hosplist_code?: string | null;
    hosplist_name?: string | null;
    /** 冲销退费后的净数量 */
    cnt: number;
    raw_cnt: number;
    pric: number | null;
    /** 冲销退费后的净金额 */
    sumamt: number;
    /** 原始金额（未冲销） */
    raw_sumamt: number;
    ownpay_amt?: number | null;
    selfpay_amt?: number | null;
    spec?: string | null;
    spec_unt?: string | null;
    drord_begn_date?: number | null;
    drord_stop_date?: number | null;
    drord_dept_codg?: string | null;
    drord_dr_codg?: string | null;
    drord_dr_profttl?: string | null;
    /** 是否本次计费（curr_drord_flag ≠ "0"） */
    curr_drord_flag: boolean;
    fee_time: number | null;
    fee_date: number | null;
    fee_hour: number | null;
    drug_trac_codg?: string[];
    prd_days?: number | null;
    feedetl_sn: string | null;
    init_feedetl_sn: string | null;
    /** 全部明细按计费时间排序后的序号（1 起） */
    seq: number;
    mdtrt_id: string;
    /** 所属就诊是否为本次就诊 */
    is_current_encounter: boolean;
    /** 输入中的位置 */
    index: number;
}

/** 一个被审核的患者 = 一次本次就诊 + 历史就诊。 */
export interface NClaim {
    patient: NPatient;
    encounter: NEncounter;
    history: NEncounter[];
    /** 本次就诊明细（净额后、按序号） */
    lines: NLine[];
    diagnoses: NDiagnosis[];
    operations: NOperation[];
    prescriptions: NGroup[];
    history_lines: NLine[];
    all_lines: NLine[];
    /** 规范化过程中的提示（如找不到原明细的退费），写入结果的扩展字段 */
    notes: string[];
    /** 在请求中的位置 */
    patientIndex: number;
}

/** 一组明细（处方 / 按日 / 按小时 / 按键分组）。 */
export interface NGroup {
    key: unknown;
    lines: NLine[];
    cnt: number;
    sumamt: number;
    first: NLine;
}

/** 统计组（筛查集合中按键分组的就诊，契约 records.ts 的 cohort）。 */
export interface NCohort {
    key: unknown;
    encounters: NEncounter[];
    lines: NLine[];
    /** 就诊数（micro） */
    claim_count: number;
    sumamt: number;
    first: NEncounter;
    medins_id: string | null;
    medins_grade: string | null;
    medins_category: string | null;
    medins_admdvs: string | null;
}

/** 输入错误：稳定编码、中文信息、JSON 路径。 */
export interface ClaimError {
    /** 输入错误目录里的编码（contract/errors.ts） */
    code: InputErrorCode;
    message: string;
    path: string;
    /** 请求的 task_id（有时） */
    task_id?: string;
    /** 出错的患者（能识别时） */
    patn_id?: string;
    /** 出错的就诊（能识别时：出错的那次就诊，或患者的本次就诊） */
    mdtrt_id?: string;
    hint?: string;
}

export interface NRequest {
    syscode: string | null;
    task_id: string | null;
    trig_scen: string | null;
    rule_ids: string[] | null;
    claims: NClaim[];
    errors: ClaimError[];
}
