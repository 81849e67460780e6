import { describe, expect, it } from 'vitest';
import { compileLinear, execLinear, regexStats, unsupportedRegexFeature } from '../src/values/regex.js';
import { extractText, regexMatches } from '../src/values/text.js';

/** 可复现的伪随机数（mulberry32）。 */
function rng(seed: number): () => number {
    return () => {
        seed |= 0;
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const ATOMS = ['a', 'b', 'c', '.', '[ab]', '[^a]', '[a-c]', '\\d', '\\w', '\\s', '\\D', '中', '\\u4e2d', '1', ' ', '\\.', '[\\d中]'];
const QUANTS = ['', '', '', '*', '+', '?', '{2}', '{1,}', '{0,2}', '{1,3}', '*?', '+?', '??', '{0,2}?'];

function randomPattern(r: () => number, depth: number): string {
    const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
    const n = 1 + Math.floor(r() * 3);
    let out = '';
    for (let i = 0; i < n; i++) {
        let atom: string;
        const k = r();
        if (depth > 0 && k < 0.25) atom = '(' + randomPattern(r, depth - 1) + ')';
        else if (depth > 0 && k < 0.35) atom = '(?:' + randomPattern(r, depth - 1) + '|' + randomPattern(r, depth - 1) + ')';
        else if (depth > 0 && k < 0.42) atom = '(' + randomPattern(r, depth - 1) + '|' + randomPattern(r, depth - 1) + ')';
        else if (k < 0.46) atom = '^';
        else if (k < 0.5) atom = '$';
        else if (k < 0.53) atom = '\\b';
        else atom = pick(ATOMS);
        if (atom !== '^' && atom !== '$' && atom !== '\\b') atom += pick(QUANTS);
        out += atom;
    }
    if (r() < 0.15) out += '|' + randomPattern(r, depth - 1 < 0 ? 0 : depth - 1);
    return out;
}

function randomText(r: () => number): string {
    const chars = ['a', 'b', 'c', '1', '2', ' ', '中', '.', '\n', '😀'];
    const n = Math.floor(r() * 12);
    let s = '';
    for (let i = 0; i < n; i++) s += chars[Math.floor(r() * chars.length)];
    return s;
}

describe('线性正则与 JS RegExp 一致', () => {
    it('随机模式 × 随机文本：是否匹配、第 0 组、第 1 组都相同', () => {
        const r = rng(Number(process.env.REGEX_SEED ?? 20261204));
        let compared = 0;
        for (let p = 0; p < 1500; p++) {
            const pattern = randomPattern(r, 2);
            let js: RegExp;
            try {
                js = new RegExp(pattern, 'u');
            } catch {
                continue;
            }
            const re = compileLinear(pattern);
            for (let t = 0; t < 12; t++) {
                const text = randomText(r);
                const want = js.exec(text);
                const got = execLinear(re, text, false);
                const ctx = `/${pattern}/u on ${JSON.stringify(text)}`;
                expect(got !== null, ctx).toBe(want !== null);
                expect(execLinear(re, text, true) !== null, ctx).toBe(want !== null);
                if (want && got) {
                    expect(text.slice(got[0], got[1]), ctx).toBe(want[0]);
                    expect(got[2] >= 0 ? text.slice(got[2], got[3]) : undefined, ctx).toBe(want[1]);
                }
                compared++;
            }
        }
        expect(compared).toBeGreaterThan(10000);
    });

    it('规则里常见的写法', () => {
        const cases: [string, string][] = [
            ['支付不超过(\\d+)天', '限支付不超过14天的患者'],
            ['^(\\d{4})-(\\d{2})', '2024-05-01'],
            ['限(.+?)使用', '限二级及以上医院使用；限成人使用'],
            ['(?<n>\\d+)岁', '限18岁以上'],
            ['[一二三四五六七八九十]+', '第十四天'],
            ['\\u{1F600}', 'x😀y'],
            ['(a|ab)(c|bcd)(d*)', 'abcd'],
            ['(a*)+b', 'aab'],
            ['(?:(a)|b)+', 'ab'],
            ['(a?)?', ''],
            ['(a*)*', 'b'],
            ['(a|)*b', 'aab'],
        ];
        for (const [pattern, text] of cases) {
            const want = new RegExp(pattern, 'u').exec(text);
            expect(extractText(text, pattern), pattern).toBe(want ? (want[1] ?? want[0]) : null);
            expect(regexMatches(text, pattern), pattern).toBe(want !== null);
        }
    });
});

describe('病态正则线性完成', () => {
    const cases = ['^(a+)+$', '^(a|a)*$', '^(.*a){25}$', '(a*)*b', '^(\\w+\\s?)*$'];
    for (const pattern of cases) {
        it(pattern, () => {
            const re = compileLinear(pattern);
            const text = 'a'.repeat(10000) + '!';
            regexStats.steps = 0;
            const got = execLinear(re, text, false);
            const steps = regexStats.steps;
            // 线性：步数不超过 (指令数 + 1) × (文本长度 + 1) × 2（回溯版本在 28 个字符上就是 2^28 量级）
            expect(steps).toBeLessThanOrEqual((re.prog.length + 1) * (text.length + 1) * 2);
            expect(got).toBe(new RegExp(pattern, 'u').exec('a'.repeat(20) + '!') === null ? null : got);
        });
    }
    it('步数随文本长度线性增长（1 万与 2 万字符之比约 2）', () => {
        const re = compileLinear('^(a+)+$');
        regexStats.steps = 0;
        execLinear(re, 'a'.repeat(10000) + '!', false);
        const s1 = regexStats.steps;
        regexStats.steps = 0;
        execLinear(re, 'a'.repeat(20000) + '!', false);
        const s2 = regexStats.steps;
        expect(s2 / s1).toBeLessThan(2.2);
        expect(s2 / s1).toBeGreaterThan(1.8);
    });
});

describe('不支持的写法', () => {
    it('反向引用、前瞻、后顾、Unicode 属性返回说明', () => {
        for (const p of ['(a)\\1', '(?<x>a)\\k<x>', 'a(?=b)', 'a(?!b)', '(?<=a)b', '(?<!a)b', '\\p{L}']) {
            expect(unsupportedRegexFeature(p), p).not.toBeNull();
            expect(regexMatches('aab', p), p).toBeNull();
            expect(extractText('aab', p), p).toBeNull();
        }
    });
    it('计数重复展开过大被拒绝', () => {
        expect(unsupportedRegexFeature('(a{1000}){1000}')).toMatch(/指令/);
        expect(regexMatches('a', '(a{1000}){1000}')).toBeNull();
    });
    it('支持的写法返回 null', () => {
        expect(unsupportedRegexFeature('^(a+)+$')).toBeNull();
    });
});
