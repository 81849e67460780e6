/**
 * 两库规则库（2025 年版）的规则分类：一级 3 类、二级 11 类。规则的 `分类` 只能写其中之一（一级或二级），
 * 否则 check 报 ZS0225 并给出最接近的分类作为快速修复。
 * 来源：《医疗保障基金智能监管规则库、知识库（2025年版）》第一部分“智能监管规则列表”
 * （../shared/kb-data/liangku/rule_catalog_2025_88.json 的 tier1 / tier2；language/test/kb/rule-categories.test.ts 逐项核对）。
 */
export const RULE_CATEGORIES: Readonly<Record<string, readonly string[]>> = {
    政策类: ['药品政策限定类', '医疗服务项目政策限定类', '医用耗材政策限定类'],
    管理类: ['信息数据监管类', '药品监管类', '医用耗材监管类', '行为主体监管类', '统计指标监测类'],
    医疗类: ['药品合理使用类', '医疗服务项目合理使用类', '医用耗材合理使用类']
};

/** 全部可写的分类：二级在前（更具体），一级在后。 */
export const RULE_CATEGORY_NAMES: readonly string[] = [...Object.values(RULE_CATEGORIES).flat(), ...Object.keys(RULE_CATEGORIES)];

export function isRuleCategory(value: string): boolean {
    return RULE_CATEGORY_NAMES.includes(value.trim());
}
