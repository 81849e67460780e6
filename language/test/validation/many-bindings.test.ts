/**
 * 一条规则里很多 令（问题 17-12 的规模）：名称解析按名称索引规则内的绑定，检查随 令 的个数线性增长。
 * 原来每个引用都把之前的绑定重列一遍：5,000 个 3.7 秒、20,000 个 48 秒（平方）。比的是同一次运行里 4× 输入的耗时比，不是绝对时间。
 */
import { describe, expect, it } from 'vitest';
import { diagnosticsOf } from '../helpers.js';

function rule(n: number): string {
    const out = ['规则 L "t" {', '  分类 药品监管类', '  级别 提醒', '  环节 事后', '  依据 「t」', '  令 x0 = 1'];
    for (let i = 1; i < n; i++) out.push(`  令 x${i} = x${i - 1} + 1`);
    out.push(`  当 x${n - 1} > 0`, '  违规 就诊', '}');
    return out.join('\n') + '\n';
}

async function timed(n: number): Promise<number> {
    const t0 = performance.now();
    const diagnostics = await diagnosticsOf(rule(n));
    const ms = performance.now() - t0;
    expect(diagnostics.filter(d => d.severity === 1)).toEqual([]);
    return ms;
}

describe('很多 令 的规则', () => {
    it('名称只看得见之前的绑定；同名再定义是 ZS0110，引用取最近的那个', async () => {
        const text = ['规则 S "t" {', '  分类 药品监管类', '  级别 提醒', '  环节 事后', '  依据 「t」', '  令 a = 1', '  令 b = a + c', '  令 c = 2', '  令 a = 真', '  当 a', '  违规 就诊', '}'].join('\n') + '\n';
        const diagnostics = await diagnosticsOf(text);
        // c 在它的 令 之前被引用：未知名称；第二个 a 重复定义；当 a 取最近的（布尔的）a，没有类型错误
        expect(diagnostics.filter(d => d.severity === 1).map(d => d.code).sort()).toEqual(['ZS0101', 'ZS0110']);
    });

    it('4× 的 令，耗时远小于 16×（线性而不是平方）', async () => {
        await timed(500); // 预热
        const small: number[] = [];
        const large: number[] = [];
        for (let round = 0; round < 3; round++) {
            small.push(await timed(2000));
            large.push(await timed(8000));
        }
        const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1];
        const ratio = median(large) / median(small);
        expect(ratio, `8,000 个 / 2,000 个 的耗时比 ${ratio.toFixed(2)}`).toBeLessThan(8);
    }, 120_000);
});
