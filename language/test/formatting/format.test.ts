/**
 * 格式化：黄金文件（cases/*.input.zs → *.output.zs）、幂等（格式化两次 = 一次）、注释不丢。
 * 用实际结果重写黄金文件：UPDATE_EXPECT=1 npx vitest run language/test/formatting
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from '../helpers.js';
import { formatDocument } from '../../src/formatting/format.js';

const casesDir = fileURLToPath(new URL('./cases/', import.meta.url));
const examplesDir = fileURLToPath(new URL('../../../examples/', import.meta.url));
const stdlibDirs = ['rules', 'tests'].map(d => fileURLToPath(new URL(`../../../stdlib-rules/${d}/`, import.meta.url)));

async function format(text: string): Promise<string> {
    const [document] = await build({ 'file:///fmt.zs': text });
    const result = formatDocument(document);
    if (!result.ok) throw new Error(result.reason);
    return result.text;
}

function comments(text: string): string[] {
    return [...text.matchAll(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g)].map(m => m[0].trim()).sort();
}

describe('格式化黄金文件', () => {
    for (const file of readdirSync(casesDir).filter(f => f.endsWith('.input.zs')).sort()) {
        it(file, async () => {
            const input = readFileSync(casesDir + file, 'utf8');
            const outputFile = casesDir + file.replace('.input.zs', '.output.zs');
            const actual = await format(input);
            if (process.env.UPDATE_EXPECT || !existsSync(outputFile)) writeFileSync(outputFile, actual);
            expect(actual).toBe(readFileSync(outputFile, 'utf8'));
            expect(await format(actual)).toBe(actual);
            expect(comments(actual)).toEqual(comments(input));
        });
    }
});

describe('格式化幂等（仓库中的规则文件）', () => {
    const files = [examplesDir, ...stdlibDirs].filter(existsSync).flatMap(dir => readdirSync(dir).filter(f => f.endsWith('.zs')).map(f => dir + f));
    for (const file of files) {
        it(file.split('/').pop()!, async () => {
            const input = readFileSync(file, 'utf8');
            const once = await format(input);
            expect(once, '仓库中的规则文件应已格式化（npx zhishen fmt）').toBe(input);
            expect(await format(once)).toBe(once);
            expect(comments(once)).toEqual(comments(input));
        });
    }
});

describe('有语法错误时不格式化', () => {
    it('返回原因而不是改写文件', async () => {
        const [document] = await build({ 'file:///bad.zs': '规则 X { 当 }' });
        const result = formatDocument(document);
        expect(result.ok).toBe(false);
    });
});
