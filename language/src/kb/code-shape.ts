/**
 * 从编码的“形状”猜它属于哪个目录。只用于归类（没有目录文件时、知识点推得条目、类型推断），
 * 绝不用来拒绝任何编码：医院也会上传本地码，编码长度不固定。
 *
 * 国家医保编码的形状（见 ../shared/kb-data/README.md 与医保信息业务编码标准）：
 *   西药        X + 22 位（共 23 位），如 XA11DAW036A001010104127
 *   中成药      Z + 19 位（共 20 位），如 ZA07AAA0061010100166
 *   中药饮片    T + 数字（≥ 4 位），如 T000700200
 *   医疗服务项目 15 位数字，如 001102000030000（也接受 ≥ 9 位的其他纯数字编码，如地方服务项目码）
 *   医用耗材    C + 26 位（共 27 位）
 *   诊断        ICD-10 医保版：E11.900、I10.x00x002、A01.000x005+J17.0*、O80
 *   手术操作    ICD-9-CM-3 医保版：36.0601、00.0100、99.9x99、99.999A9
 */
import type { CatalogueKind } from './types.js';

const WESTERN_DRUG = /^X[A-Z0-9]{22}$/;
const PATENT_DRUG = /^Z[A-Z0-9]{19}$/;
/** T + 至少 4 位数字（ICD-10 的三位类目 T14 等只有 2 位数字，归诊断） */
const HERB = /^T\d{4,}$/;
const CONSUMABLE = /^C[A-Z0-9]{26}$/;
const SERVICE = /^\d{9,}$/;
/** ICD-10：字母 + 2 位数字，可带小数部分（数字与 x），可带扩展码 x001，可带星号码 +J17.0* */
const ICD10 = /^[A-Z]\d{2}(?:\.[0-9xX]{1,4}(?:[xX]\d{1,4})?)?(?:\+[A-Z]\d{2}(?:\.[0-9xX]{1,4})?\*?)?\*?$/;
/** ICD-9-CM-3：2 位数字 + 小数点 + 1–9 位数字 / x / 字母（如 99.999A9、99.9x99x001） */
const ICD9 = /^\d{2}\.[0-9xX][0-9A-Za-z]{0,8}$/;

/** 按形状猜测编码种类；猜不出返回 undefined（不代表编码无效）。 */
export function guessCodeKind(code: string): CatalogueKind | undefined {
    const c = code.trim();
    if (c.length === 0) return undefined;
    const first = c.charCodeAt(0);
    if (first >= 48 && first <= 57) {
        // 以数字开头：服务项目（纯数字、≥ 9 位）或 ICD-9-CM-3 手术
        if (SERVICE.test(c)) return '医疗服务项目';
        if (ICD9.test(c)) return '手术';
        return undefined;
    }
    switch (c[0]) {
        case 'X':
            if (WESTERN_DRUG.test(c)) return '药品';
            break;
        case 'Z':
            if (PATENT_DRUG.test(c)) return '药品';
            break;
        case 'T':
            if (HERB.test(c)) return '中药饮片';
            break;
        case 'C':
            if (CONSUMABLE.test(c)) return '医用耗材';
            break;
    }
    if (ICD10.test(c)) return '诊断';
    return undefined;
}

/** 编码是否“看起来像编码”（ASCII 字母、数字、点、+、*），用于区分编码查询与名称 / 拼音查询。 */
export function looksLikeCode(text: string): boolean {
    return /^[A-Za-z0-9.+*]+$/.test(text) && /\d/.test(text);
}
