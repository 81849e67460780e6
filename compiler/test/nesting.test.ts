/**
 * 深的嵌套（问题 17-2）：超限的得到 ZS0005（不是栈溢出），同一进程随后照常工作；上限以内最深的形状每个环节
 * （解析、校验、格式化、降级、生成、两个后端求值）都不溢出。
 */
import { describe, expect, it } from 'vitest';
import { bothBackends, compileText, evaluateBoth, languageServices } from './helpers.js';
import { buildSources, formatDocument } from '@zhishen/language';
import type { Document } from '@zhishen/language';
import type { LangiumDocument } from 'langium';
import { encounter, line, patient, request } from '../../runtime/test/claims.js';

const rule = (id: string, condition: string) => `规则 ${id} "${id}" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「t」
  当 ${condition}
  违规 就诊
}
`;

const nested = (n: number) => '('.repeat(n) + '就诊.总费用' + ')'.repeat(n) + ' > 1元';
const chain = (n: number, op = ' + ') => Array.from({ length: n }, () => '就诊.总费用').join(op) + ' > 1元';
const conditional = (n: number) => '(' + Array.from({ length: n }, () => '若 就诊.总费用 > 1元 则 1元 否则 ').join('') + '2元) > 0元';

const BOMBS: Array<[string, string]> = [
    ['200 层括号', nested(200)],
    ['20,000 项连加', chain(20_000)],
    ['20,000 个 或', Array.from({ length: 20_000 }, () => '就诊.总费用 > 1元').join(' 或 ')],
    ['2,000 个 非', '非 '.repeat(2_000) + '真'],
    ['3,000 个负号', '-'.repeat(3_000) + '1元 > 就诊.总费用'],
    ['300 层集合', '"A" 属于 ' + '{'.repeat(300) + '"A"' + '}'.repeat(300)],
    ['200 层 若', conditional(200)],
    ['3,000 个下标', '就诊.总费用' + '[1]'.repeat(3_000) + ' > 1元'],
    ['5,000 个字段访问', '就诊' + '.总费用'.repeat(5_000) + ' > 1元'],
    ['1,000 层模板插值', '"' + '{"'.repeat(500) + 'x' + '"}'.repeat(500) + '" = "x"']
];

const NINE = Array.from({ length: 9 }, (_, k) => rule(`OK${k}`, '就诊.总费用 > 1元')).join('\n');

async function documentOf(text: string): Promise<LangiumDocument<Document>> {
    const [document] = await buildSources(languageServices(), [{ uri: `file:///rules/nesting-${Math.random()}.zs`, text }]);
    return document;
}

describe('超过嵌套上限：诊断 ZS0005，不溢出，进程不坏', () => {
    for (const [name, condition] of BOMBS) {
        it(name, async () => {
            const output = await compileText(rule('DEEP', condition) + '\n' + NINE);
            expect(output.ok).toBe(false);
            expect(output.diagnostics.map(d => d.code)).toContain('ZS0005');
            expect(output.diagnostics.every(d => !/Maximum call stack|RangeError/.test(d.message))).toBe(true);
            const document = await documentOf(rule('DEEP', condition));
            expect(formatDocument(document).ok).toBe(false);
            // 同一进程随后照常：9 条规则的文件还是 9 条（修复前：一次溢出后解析成 0 条）
            const after = await compileText(NINE);
            expect(after.ok).toBe(true);
            expect(after.ir!.rules).toHaveLength(9);
        });
    }
});

describe('上限以内最深的形状：每个环节都不溢出', () => {
    const SHAPES: Array<[string, string]> = [
        ['35 层括号', nested(35)],
        ['350 项连加', chain(350)],
        ['350 个 或', Array.from({ length: 350 }, () => '就诊.总费用 > 1元').join(' 或 ')],
        ['350 个 非', '非 '.repeat(350) + '真'],
        ['30 层 若', conditional(30)]
    ];
    for (const [name, condition] of SHAPES) {
        it(name, async () => {
            const text = rule('DEEP', condition);
            const backends = await bothBackends(text);
            expect(backends.output.diagnostics.filter(d => d.severity === 'error')).toEqual([]);
            evaluateBoth(backends, request([patient('P', [encounter('E', [line('R1')], { medfee_sumamt: 100 })])]));
            const formatted = formatDocument(await documentOf(text));
            expect(formatted.ok).toBe(true);
        });
    }
});
