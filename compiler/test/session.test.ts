/**
 * 同一份语言服务连续编译不同的文件集（演练场、测试、语言服务器都是长寿进程）：上一次的文档不能残留在索引里。
 */
import { describe, expect, it } from 'vitest';
import { compileText } from './helpers.js';

const rule = (id: string, extra = '') => `${extra}
规则 ${id} "测试" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  对每条 明细 m 属于 名单
    违规 m
}
`;

describe('连续编译', () => {
    it('上一次编译的全局名称不残留（不会误报重复定义，也不会引用到已删除的文档）', async () => {
        const first = await compileText({ 'a.zs': rule('R1', '代码集 名单 = { "A" }') });
        expect(first.diagnostics.filter(d => d.severity === 'error')).toEqual([]);
        const second = await compileText({ 'b.zs': rule('R2', '代码集 名单 = { "B" }') });
        expect(second.diagnostics.filter(d => d.severity === 'error').map(d => `${d.code} ${d.message}`)).toEqual([]);
        // 第三次只有规则、没有代码集：名单 必须是未知名称，而不是解析到第一次编译的 a.zs
        const third = await compileText({ 'c.zs': rule('R3') });
        expect(third.diagnostics.filter(d => d.severity === 'error').map(d => d.code)).toContain('ZS0101');
    });

    it('同名文件换了内容：用新的内容', async () => {
        await compileText({ 'a.zs': rule('R1', '代码集 名单 = { "A" }') });
        const again = await compileText({ 'a.zs': rule('R9', '代码集 名单 = { "Z" }') });
        expect(again.ok).toBe(true);
        expect(again.result!.manifest.rules.map(r => r.id)).toEqual(['R9']);
    });
});

describe('构建时的部署配置', () => {
    it('绑定的参数：manifest 与解释显示新值（注明原值），不是原来的默认值', async () => {
        const { bothBackends, evaluateBoth } = await import('./helpers.js');
        const b = await bothBackends(`规则 R "t" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「t」
  参数 上限 = 18岁
  参数 名单: 代码集<目录> = { "A" }
  当 患者.年龄 >= 上限 且 存在(明细 其中 编码 属于 名单)
  违规 就诊
}`, { rawConfig: { 参数: { R: { 上限: '14岁', 名单: ['B*'] } } } });
        const params = b.compiled.manifest.rules[0].params;
        expect(params.map(p => [p.name, p.display])).toEqual([['上限', '14岁（部署配置；原为 18岁）'], ['名单', 'B*（部署配置；原为 { "A" }）']]);
        const input = { patient_dtos: [{ patn_id: 'P', brdy: '2009-01-01', fsi_encounter_dtos: [{ mdtrt_id: 'M', adm_date: '2024-03-01', fsi_order_dtos: [{ rx_id: 'r', hilist_code: 'B1', cnt: 1, pric: 1 }] }] }] };
        const explained = evaluateBoth(b, input, { explain: true }).response.result[0].zhishen!.explanation!.params;
        expect(explained).toEqual([{ name: '上限', value: '14岁（部署配置；原为 18岁）' }, { name: '名单', value: 'B*（部署配置；原为 { "A" }）' }]);
    });
});
