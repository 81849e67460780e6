/**
 * 内置默认字典：理赔字段的代码 → 名称 → 归类（语言里的内置枚举值）。
 *
 * 规则从不写死这些代码：规则里写“患者.性别 = 男”“就医类别 = 住院”，运行时经字典把上传的代码
 * （gend = "1"、med_type = "21"）归到枚举值。各地代码不同（尤其 medins_lv、medins_type），
 * 地方在知识库的 dictionaries/ 文件夹放同名字典（TSV：code、label、category）即可覆盖或补充这里的条目，
 * 不必改规则。这里的内容就是没有地方字典时的文档化默认值。
 */
import type { Dictionary, DictionaryEntry, KnowledgeBase } from './types.js';

/** 归类所用的内置枚举（值必须完全一致）。 */
export const CATEGORY_ENUMS = {
    性别: ['男', '女'],
    就医类别: ['门诊', '急诊', '住院', '购药'],
    机构等级: ['未定级', '一级', '二级', '三级'],
    险种类别: ['职工医保', '居民医保', '工伤保险', '生育保险', '其他险种'],
    机构类别: ['医院', '基层医疗机构', '互联网医院', '定点药店', '其他机构'],
    项目类别: ['西药中成药', '中药饮片', '医疗服务项目', '医用耗材', '其他项目']
} as const satisfies Record<string, readonly string[]>;

export type CategoryEnumName = keyof typeof CATEGORY_ENUMS;

/** 每个内置字典的归类落在哪个枚举（chrg_type 没有归类）。 */
export const DICTIONARY_CATEGORY_ENUM: Readonly<Record<string, CategoryEnumName>> = {
    gend: '性别',
    med_type: '就医类别',
    medins_lv: '机构等级',
    insutype: '险种类别',
    medins_type: '机构类别',
    hilist_type: '项目类别'
};

type Row = [code: string, label: string, category?: string];

function dictionary(name: string, description: string, rows: Row[], fallbackCategory?: string): Dictionary {
    const entries = new Map<string, DictionaryEntry>();
    for (const [code, label, category] of rows) {
        entries.set(code, category === undefined ? { code, label } : { code, label, category });
    }
    const dict: Dictionary = { name, description, entries, source: '内置默认' };
    if (fallbackCategory !== undefined) dict.fallbackCategory = fallbackCategory;
    return dict;
}

/**
 * gend 性别。来源：GB/T 2261.1-2003《个人基本信息分类与代码 第1部分：人的性别代码》，
 * 即国家医保信息业务编码标准中的性别字典。0 未知、9 未说明与未登记的代码不归类：
 * 患者.性别 为空，与空值比较为“未知”，性别类规则不触发（理赔的 notes 写明性别代码未登记、性别规则未判）。
 * 上游系统常见的文字写法（男 / 女 / 男性 / 女性 / M / F）也登记在这里，免得它们被当成未知。地方可在 dictionaries/gend.tsv 覆盖。
 */
const GEND = dictionary('gend', '性别（GB/T 2261.1）', [
    ['1', '男性', '男'],
    ['2', '女性', '女'],
    ['0', '未知的性别'],
    ['9', '未说明的性别'],
    ['男', '男（文字写法）', '男'],
    ['女', '女（文字写法）', '女'],
    ['男性', '男性（文字写法）', '男'],
    ['女性', '女性（文字写法）', '女'],
    ['M', '男（英文缩写）', '男'],
    ['F', '女（英文缩写）', '女']
]);

/**
 * med_type 医疗类别。来源：国家医保信息平台接口规范（医保结算 2201/2207 等接口的 med_type 字典）
 * 常见取值；各省有扩充（如 9901 等地方类别），在 dictionaries/med_type.tsv 补充。没有兜底归类：
 * 未登记的医疗类别不归入任何就医类别，相关条件按“不知道”处理。
 */
const MED_TYPE = dictionary('med_type', '医疗类别（国家医保信息平台接口规范）', [
    ['11', '普通门诊', '门诊'],
    ['12', '门诊挂号', '门诊'],
    ['13', '急诊', '急诊'],
    ['14', '门诊慢特病', '门诊'],
    ['21', '普通住院', '住院'],
    ['22', '外伤住院', '住院'],
    ['23', '转外诊治住院', '住院'],
    ['24', '急诊转住院', '住院'],
    ['41', '定点药店购药', '购药'],
    ['51', '生育门诊', '门诊'],
    ['52', '生育住院', '住院']
]);

/**
 * medins_lv 医疗机构等级。各地代码不一：这里收了两种常见写法——两位代码 01–11
 * （三级特等 … 无等级，见卫生健康统计与多数省平台的机构等级字典）和一位简写 1/2/3/9。
 * 未登记的代码是**未知**（没有兜底归类）：机构等级为空，“限二级及以上”类规则不判，理赔的 notes 写明原因；
 * 只有登记为“无等级 / 未定级”的代码才是“未定级”。地方在 dictionaries/medins_lv.tsv 覆盖或补充。
 */
const MEDINS_LV = dictionary('medins_lv', '医疗机构等级（各地不同，示例为常见写法）', [
    ['01', '三级特等', '三级'],
    ['02', '三级甲等', '三级'],
    ['03', '三级乙等', '三级'],
    ['04', '三级丙等', '三级'],
    ['05', '二级甲等', '二级'],
    ['06', '二级乙等', '二级'],
    ['07', '二级丙等', '二级'],
    ['08', '一级甲等', '一级'],
    ['09', '一级乙等', '一级'],
    ['10', '一级丙等', '一级'],
    ['11', '无等级', '未定级'],
    ['1', '一级', '一级'],
    ['2', '二级', '二级'],
    ['3', '三级', '三级'],
    ['9', '未定级', '未定级']
]);

/**
 * insutype 险种类型。来源：国家医保信息平台险种类型字典（310 职工基本医疗保险、390 城乡居民基本医疗保险 …）。
 * 工伤保险不属于医保险种，国家医保 insutype 中没有它的代码；经本系统审核工伤费用的地区，
 * 在 dictionaries/insutype.tsv 加上本地代码并归到“工伤保险”（“药品限工伤保险”规则依赖它）。
 * 未登记代码归“其他险种”。
 */
const INSUTYPE = dictionary('insutype', '险种类型（国家医保信息平台）', [
    ['310', '职工基本医疗保险', '职工医保'],
    ['320', '公务员医疗补助', '职工医保'],
    ['330', '大额医疗费用补助', '职工医保'],
    ['340', '离休人员医疗保障', '其他险种'],
    ['390', '城乡居民基本医疗保险', '居民医保'],
    ['392', '城乡居民大病医疗保险', '居民医保'],
    ['410', '长期照护保险', '其他险种'],
    ['510', '生育保险', '生育保险']
], '其他险种');

/**
 * medins_type 医药机构类型。只收国家平台“定点医药机构类型”的 1 定点医疗机构、2 定点零售药店。
 * 互联网医院、基层医疗卫生机构没有国家统一的 medins_type 代码（各地用本地代码或机构类别 + 标志位），
 * 所以这里不登记：使用“超互联网医院药品支付范围”等规则的地区在 dictionaries/medins_type.tsv 把本地代码归到
 * “互联网医院”“基层医疗机构”（样例知识库登记了示例代码 3、4）。未登记代码归“其他机构”。
 */
const MEDINS_TYPE = dictionary('medins_type', '医药机构类型（国家平台 1 / 2；互联网医院等由地方登记）', [
    ['1', '定点医疗机构', '医院'],
    ['2', '定点零售药店', '定点药店']
], '其他机构');

/**
 * hilist_type 医保目录类别。来源：国家医保信息平台（3101/3102 明细的 hilist_type）：
 * 101 西药中成药、102 中药饮片、201 医疗服务项目、301 医用耗材。未登记代码归“其他项目”。
 */
const HILIST_TYPE = dictionary('hilist_type', '医保目录类别（国家医保信息平台）', [
    ['101', '西药中成药', '西药中成药'],
    ['102', '中药饮片', '中药饮片'],
    ['201', '医疗服务项目', '医疗服务项目'],
    ['301', '医用耗材', '医用耗材']
], '其他项目');

/**
 * chrg_type 收费项目类别（医疗收费票据 / 结算清单的费用类别）。来源：国家医保信息平台收费项目类别字典
 * 01 床位费 … 14 其他费。没有归类，按代码或名称使用；地方在 dictionaries/chrg_type.tsv 补充。
 */
const CHRG_TYPE = dictionary('chrg_type', '收费项目类别（国家医保信息平台）', [
    ['01', '床位费'],
    ['02', '诊察费'],
    ['03', '检查费'],
    ['04', '化验费'],
    ['05', '治疗费'],
    ['06', '手术费'],
    ['07', '护理费'],
    ['08', '卫生材料费'],
    ['09', '西药费'],
    ['10', '中药饮片费'],
    ['11', '中成药费'],
    ['12', '一般诊疗费'],
    ['13', '挂号费'],
    ['14', '其他费']
]);

/** 全部内置默认字典。加载器会复制一份再叠加知识库里的字典文件，不会改动这里。 */
export const DEFAULT_DICTIONARIES: readonly Dictionary[] = Object.freeze([
    GEND, MED_TYPE, MEDINS_LV, INSUTYPE, MEDINS_TYPE, HILIST_TYPE, CHRG_TYPE
]);

/** 深拷贝一个字典（条目 Map 与条目对象都复制），以免修改内置默认。 */
export function cloneDictionary(dict: Dictionary): Dictionary {
    const entries = new Map<string, DictionaryEntry>();
    for (const [code, entry] of dict.entries) entries.set(code, { ...entry });
    return { ...dict, entries };
}

/**
 * 代码的归类：字典里登记了 → 它的 category；未登记 → 字典的 fallbackCategory；
 * 字典不存在或没有归类 → undefined。kb 为空时用内置默认字典。
 */
export function dictionaryCategory(kb: Pick<KnowledgeBase, 'dictionaries'> | undefined, dictName: string, code: string): string | undefined {
    const dict = kb?.dictionaries.get(dictName) ?? DEFAULT_DICTIONARIES.find(d => d.name === dictName);
    if (!dict) return undefined;
    const entry = dict.entries.get(code) ?? dict.entries.get(code.trim());
    if (entry) return entry.category;
    return dict.fallbackCategory;
}
