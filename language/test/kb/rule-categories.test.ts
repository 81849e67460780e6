/**
 * 规则的 分类 可选值（language/src/kb/rule-categories.ts）与国家 2025 年版规则库的一级 / 二级分类逐项相同。
 * 国家数据在仓库外：不存在时跳过。
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULE_CATEGORIES, RULE_CATEGORY_NAMES, isRuleCategory } from '../../src/kb/rule-categories.js';

const CATALOGUE = fileURLToPath(new URL('../../../../shared/kb-data/liangku/rule_catalog_2025_88.json', import.meta.url));

describe.skipIf(!existsSync(CATALOGUE))('规则分类 = 2025 年版规则库的分类', () => {
    it('一级 → 二级，与 rule_catalog_2025_88.json 的 tier1 / tier2 相同', () => {
        const rules = (JSON.parse(readFileSync(CATALOGUE, 'utf8')) as { rules: Array<{ tier1: string; tier2: string }> }).rules;
        expect(rules).toHaveLength(88);
        const fromData: Record<string, string[]> = {};
        for (const r of rules) {
            const list = (fromData[r.tier1] ??= []);
            if (!list.includes(r.tier2)) list.push(r.tier2);
        }
        const sorted = (o: Record<string, readonly string[]>) =>
            Object.fromEntries(Object.entries(o).map(([k, v]) => [k, [...v].sort()]).sort(([a], [b]) => a.localeCompare(b)));
        expect(sorted(RULE_CATEGORIES)).toEqual(sorted(fromData));
        expect(RULE_CATEGORY_NAMES).toHaveLength(14);
    });
});

describe('isRuleCategory', () => {
    it.each([
        ['药品政策限定类', true], ['统计指标监测类', true], ['医疗类', true], [' 管理类 ', true],
        ['统计指标类', false], ['医疗服务项目监管类', false], ['测试', false], ['', false], ['政策类 · 药品政策限定类', false]
    ])('%s → %s', (value, expected) => {
        expect(isRuleCategory(value)).toBe(expected);
    });
});
