/**
 * 契约 · 输入错误目录：ZR 编码 → 中文标题。每一种“这条理赔（或这一行）不能按它写的内容审核”的原因一个编码，编码一经发布
 * 不再改变含义。运行时（规范化、求值）与宿主（zhishen run 的行、服务）产生的错误都用这里的编码；`ClaimError.code` 的类型
 * 就是这里的键，写错或漏登记的编码编译不过。语言的诊断目录（language/src/messages/catalog.ts）转列它们，文档与覆盖测试共用。
 * 具体信息（哪个字段、什么值、怎么改）由产生处填写，标题只说是哪一类。
 */
export const INPUT_ERRORS = {
    ZR0000: 'NDJSON 的这一行读不出来（空行或不是有效的 JSON）',
    ZR0001: '请求不是 JSON 对象',
    ZR0002: '缺少患者列表 patient_dtos',
    ZR0003: '患者、就诊、诊断、手术或费用明细不是 JSON 对象',
    ZR0004: '缺少人员编号 patn_id',
    ZR0005: '缺少就诊列表 fsi_encounter_dtos',
    ZR0006: '有多次就诊却没有本次就诊编号 curr_mdtrt_id',
    ZR0007: 'curr_mdtrt_id 不是本患者任何一次就诊',
    ZR0008: '缺少就诊编号 mdtrt_id',
    ZR0009: '缺少明细标识 rx_id',
    ZR0010: '数值字段不是数字',
    ZR0011: '日期或日期时间字段不是有效的日期',
    ZR0012: '金额超出可精确计算的范围',
    ZR0013: '明细标识 rx_id 在本次就诊中重复',
    ZR0014: '字段的类型不对（对象、数组、JSON 编码的文本放在了文本 / 编码 / 列表字段里）',
    ZR0015: '数字超出可表示的范围（位数或指数过大）',
    ZR0016: '出生日期晚于就诊',
    ZR0017: '规则求值失败（规则包或引擎的问题）',
    ZR0018: '文本含替换字符 U+FFFD（输入不是有效的 UTF-8）',
    ZR0019: '同一个对象里有重复的键（解析只留后一个值，前一个会悄悄丢失）',
    ZR0040: '筛查集合里已有同一就诊号的理赔（重复的理赔，先到者留）',
    ZR0041: '理赔不在筛查期间内（--from / --to）',
    ZR0090: '这条理赔超过时间预算，已中止',
    ZR0091: '审核这条理赔的工作线程异常退出'
} as const;

export type InputErrorCode = keyof typeof INPUT_ERRORS;

export function isInputErrorCode(code: string): code is InputErrorCode {
    return Object.prototype.hasOwnProperty.call(INPUT_ERRORS, code);
}
