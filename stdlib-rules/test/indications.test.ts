/**
 * 适应症文字 → ICD-10 编码族：标注样本上的精确率与召回率（与 README 的表相同的计算），以及映射的关键行为
 * （亚型、否定、病因、癌 ↔ 恶性肿瘤）。用国家数据（../shared/kb-data）时跑样本，没有时只跑行为测试。
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mapIndication } from '@zhishen/language';
import type { KnowledgeBase } from '@zhishen/language';
import { loadKnowledgeBaseFolder } from '@zhishen/language/kb-node';
import { text } from '@zhishen/runtime';
// @ts-expect-error 纯 JS 模块（report.mjs 也用它）
import { evaluateIndications, readSample, SAMPLE } from '../scripts/indication-eval.mjs';

const NATIONAL = fileURLToPath(new URL('../../../shared/kb-data/', import.meta.url));
const covers = (constraint: string, code: string, name: string | null = null, dx: KnowledgeBase | null = null) =>
    text.indicationCovers(code, name, mapIndication(constraint, dx?.catalogues.get('诊断') ?? []).set);

describe('适应症映射：只用概念表', () => {
    it('亚型：2型的药不给 1型，CML 的药不给 AML，非小细胞的药不给小细胞', () => {
        expect(covers('限2型糖尿病患者。', 'E11.900')).toBe(true);
        expect(covers('限2型糖尿病患者。', 'E10.900')).toBe(false);
        expect(covers('限费城染色体阳性的慢性髓性白血病(Ph+ CML)慢性期成人患者。', 'C92.100')).toBe(true);
        expect(covers('限费城染色体阳性的慢性髓性白血病(Ph+ CML)慢性期成人患者。', 'C92.000')).toBe(false);
        expect(covers('限成人急性髓系白血病患者。', 'C92.000')).toBe(true);
        expect(covers('限成人急性髓系白血病患者。', 'C92.100')).toBe(false);
        const nsclc = '限ALK阳性的局部晚期或转移性非小细胞肺癌(NSCLC)患者。';
        expect(covers(nsclc, 'C34.900', '非小细胞肺癌')).toBe(true);
        expect(covers(nsclc, 'C34.900', '肺恶性肿瘤')).toBe(true);
        expect(covers(nsclc, 'C34.900', '小细胞肺癌')).toBe(false);
        expect(covers('限广泛期小细胞肺癌。', 'C34.900', '非小细胞肺癌')).toBe(false);
        // 两种亚型都收时，名称排除不再适用
        expect(covers('限：1.非小细胞肺癌；2.小细胞肺癌。', 'C34.900', '小细胞肺癌')).toBe(true);
    });

    it('癌 ↔ 恶性肿瘤、缩写与同义词；短病名', () => {
        expect(covers('限转移性激素敏感性前列腺癌(mHSPC)患者。', 'C61.x00')).toBe(true);
        expect(covers('限转移性激素敏感性前列腺癌(mHSPC)患者。', 'N40.x00')).toBe(false);
        expect(covers('限艾滋病病毒感染。', 'B24.x01')).toBe(true);
        expect(covers('限复发性卵巢癌、输卵管癌或原发性腹膜癌的治疗。', 'C56.x00')).toBe(true);
        expect(covers('限HER2阳性的转移性乳腺癌。', 'C50.900')).toBe(true);
        expect(covers('限急性脑梗死的急救抢救。', 'I63.900')).toBe(true);
        expect(covers('限新发的急性血栓性脑梗死，支付不超过14天。', 'I63.300')).toBe(true);
        expect(covers('限中性粒细胞减少症。', 'D70.x00x003')).toBe(true);
    });

    it('否定、病因与“非”', () => {
        // “不包括”的范围到“的”为止：实体瘤仍是适应症
        expect(covers('限携带NTRK融合基因且不包括已知获得性耐药突变的实体瘤。', 'C25.900')).toBe(true);
        expect(mapIndication('限强直性脊柱炎(不含放射学前期中轴性脊柱关节炎)。').terms.find(t => t.text === '中轴性脊柱关节炎')?.negated).toBe(true);
        // X 所致的 Y：只认 Y
        expect(covers('限因急、慢性肝病如肝硬化、脂肪肝所致的高血氨症。', 'K74.100')).toBe(false);
        expect(covers('限因急、慢性肝病如肝硬化、脂肪肝所致的高血氨症。', 'E72.201')).toBe(true);
        // Y 太含糊时保留 X
        expect(covers('限因慢性肾脏病引起的贫血。', 'N18.900')).toBe(true);
        expect(mapIndication('限非透析的成人慢性肾脏病(CKD)患者。').terms.some(t => t.text === '透析')).toBe(false);
        // 弱概念：有具体病名时不把全部恶性肿瘤算进来
        expect(covers('限既往接受含铂化疗治疗失败的复发或转移性宫颈癌患者。', 'C34.900')).toBe(false);
        expect(covers('限放化疗。', 'C34.900')).toBe(true);
    });

    it('找不到病名时编码族为空（规则不生效）；编码缺失为未知；星剑号编码按任一部分', () => {
        expect(mapIndication('限二线用药。').set).toEqual([]);
        expect(mapIndication('限头孢菌素耐药或重症感染患者。').set).toEqual([]);
        expect(text.indicationCovers(null, null, ['E11'])).toBeNull();
        expect(text.indicationCovers(' e11.900 ', null, ['E11'])).toBe(true);
        expect(text.indicationCovers('N18.900x012+D63.8*', '肾性贫血', ['D63.8'])).toBe(true);
    });
});

describe.skipIf(!existsSync(NATIONAL))('适应症映射 × 国家数据的标注样本', () => {
    let kb: KnowledgeBase;
    beforeAll(async () => {
        kb = await loadKnowledgeBaseFolder(NATIONAL);
    });

    it('调校样本：≥ 150 个知识点，精确率与召回率都不低于 95%', async () => {
        const rows = readSample();
        const r = await evaluateIndications(kb, rows);
        expect(r.points).toBeGreaterThanOrEqual(150);
        expect(r.precision).toBeGreaterThanOrEqual(0.95);
        expect(r.recall).toBeGreaterThanOrEqual(0.95);
    });

    it('留出样本：精确率与召回率都不低于 90%（没有据它调整过概念表）', async () => {
        const r = await evaluateIndications(kb, readSample(SAMPLE.replace('标注样本', '留出样本')));
        expect(r.points).toBeGreaterThanOrEqual(50);
        expect(r.precision).toBeGreaterThanOrEqual(0.9);
        expect(r.recall).toBeGreaterThanOrEqual(0.9);
    });

    it('样本里的诊断编码都在 ICD-10 医保版中', () => {
        const known = new Set((kb.catalogues.get('诊断') ?? []).map(e => e.code));
        const rows = [...readSample(), ...readSample(SAMPLE.replace('标注样本', '留出样本'))] as Array<{ code: string; expected: string }>;
        expect(rows.filter(r => r.expected !== '不生效' && !known.has(r.code)).map(r => r.code)).toEqual([]);
    });
});
