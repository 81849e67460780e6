/**
 * 坏的规则文件得到诊断，编译器不崩溃。
 */
import { describe, expect, it } from 'vitest';
import { compileText } from './helpers.js';

const rule = (body: string, extra = '') => `${extra}
规则 R "t" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「t」
${body}
}
`;

describe('循环定义：报告 ZS0324，不会无穷递归', () => {
    const cases: Array<[string, string]> = [
        ['代码集互相引用', rule('  对每条 明细 m 属于 甲集\n    违规 m', '代码集 甲集 = 乙集 + { "A" }\n代码集 乙集 = 甲集')],
        ['代码集引用自身', rule('  对每条 明细 m 属于 甲集\n    违规 m', '代码集 甲集 = 甲集')],
        ['顶层参数互相引用', rule('  当 甲 > 1\n  违规 就诊', '参数 甲 = 乙\n参数 乙 = 甲')],
        ['规则参数互相引用', rule('  参数 甲 = 乙\n  参数 乙 = 甲\n  当 甲 > 1\n  违规 就诊')],
        ['三个代码集成环', rule('  对每条 明细 m 属于 甲集\n    违规 m', '代码集 甲集 = 乙集\n代码集 乙集 = 丙集 - { "X" }\n代码集 丙集 = { "A" } + 甲集')]
    ];
    for (const [name, text] of cases) {
        it(name, async () => {
            const output = await compileText(text);
            expect(output.ok).toBe(false);
            expect(output.diagnostics.map(d => d.code)).toContain('ZS0324');
        });
    }
});
