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
