/**
 * 诊断目录的覆盖：语言实现里会产生的每个 ZS 编码（错误与警告），都至少出现在一个校验用例
 * （language/test/validation/cases/*.zs 的 `//! 编码` 标记）中；知识库相关的编码出现在以 `// kb: sample` 开头的用例里。
 * 目录里有、实现里从不产生的编码列在 NOT_PRODUCED 中（给维护者看：要么实现，要么从目录删去）。
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INPUT_ERROR_MESSAGES, MESSAGES } from '@zhishen/language';
import { INPUT_ERRORS } from '@zhishen/runtime';

const root = fileURLToPath(new URL('../../', import.meta.url));
const casesDir = join(root, 'language/test/validation/cases');

/** 目录里有、但语言实现从不产生的编码（发现时请实现或删去）。 */
const NOT_PRODUCED = new Set<string>();
/** 数据驱动的用例覆盖不到的编码：ZS0217（理赔文件不存在）只在真实文件系统上检查，见 language/test/validation/claim-file.test.ts。 */
const UNREACHABLE = new Set<string>(['ZS0217']);

function sourceFiles(dir: string): string[] {
    return readdirSync(dir).flatMap(name => {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) return name === 'generated' || name === 'lsp' ? [] : sourceFiles(path);
        return path.endsWith('.ts') && !path.endsWith('catalog.ts') ? [path] : [];
    });
}

function producedCodes(): Set<string> {
    const codes = new Set<string>();
    for (const file of sourceFiles(join(root, 'language/src'))) {
        for (const match of readFileSync(file, 'utf8').matchAll(/'(ZS\d{4})'/g)) codes.add(match[1]);
    }
    return codes;
}

function caseCodes(): { all: Set<string>; withKb: Set<string> } {
    const all = new Set<string>();
    const withKb = new Set<string>();
    for (const file of readdirSync(casesDir).filter(f => f.endsWith('.zs'))) {
        const text = readFileSync(join(casesDir, file), 'utf8');
        for (const match of text.matchAll(/\/\/!\s*([A-Z0-9 ]+)$/gm)) {
            for (const code of match[1].trim().split(/\s+/)) {
                all.add(code);
                if (text.startsWith('// kb: sample')) withKb.add(code);
            }
        }
    }
    return { all, withKb };
}

describe('诊断目录', () => {
    const produced = producedCodes();
    const { all, withKb } = caseCodes();
    const catalog = Object.entries(MESSAGES) as Array<[string, { severity: string }]>;

    it('实现里产生的每个 ZS 编码都在目录中', () => {
        expect([...produced].filter(code => !(code in MESSAGES))).toEqual([]);
    });

    it('产生的错误与警告都有校验用例', () => {
        const missing = catalog
            .filter(([code, spec]) => code.startsWith('ZS') && produced.has(code) && (spec.severity === 'error' || spec.severity === 'warning'))
            .map(([code]) => code)
            .filter(code => !all.has(code) && !UNREACHABLE.has(code));
        expect(missing).toEqual([]);
    });

    it('知识库相关的编码在 // kb: sample 的用例里', () => {
        const kbCodes = catalog.map(([code]) => code).filter(code => /^ZS040\d$/.test(code) && produced.has(code) && (MESSAGES as Record<string, { severity: string }>)[code].severity !== 'info');
        expect(kbCodes.filter(code => !withKb.has(code))).toEqual([]);
    });

    it('目录中从不产生的编码与 NOT_PRODUCED 一致（实现了某个编码就从清单里删掉它）', () => {
        const never = catalog.map(([code]) => code).filter(code => code.startsWith('ZS') && !produced.has(code));
        expect(never.sort()).toEqual([...NOT_PRODUCED].sort());
    });

    it('用例标记里没有目录之外的编码', () => {
        expect([...all].filter(code => !(code in MESSAGES))).toEqual([]);
    });
});

describe('编译诊断（ZC）', () => {
    const compilerSrc = join(root, 'compiler/src');
    const files = (function walk(dir: string): string[] {
        return readdirSync(dir).flatMap(name => {
            const path = join(dir, name);
            return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
        });
    })(compilerSrc);
    const produced = new Set(files.flatMap(f => [...readFileSync(f, 'utf8').matchAll(/'(ZC\d{4})'/g)].map(m => m[1])));
    const catalog = Object.keys(MESSAGES).filter(code => code.startsWith('ZC'));

    it('编译器产生的每个 ZC 编码都在目录中，目录里的每个 ZC 编码都有产生的地方（一个错误一个编码）', () => {
        expect([...produced].filter(code => !(code in MESSAGES))).toEqual([]);
        expect(catalog.filter(code => !produced.has(code))).toEqual([]);
        expect(produced.size).toBeGreaterThan(10);
    });
});

describe('输入错误（ZR）', () => {
    // 产生 ZR 的地方：运行时（规范化、求值）与宿主（zhishen run 的行、服务）
    const dirs = ['runtime/src', 'cli/src', 'service/src'].map(d => join(root, d));
    const files = dirs.flatMap(function walk(dir: string): string[] {
        return readdirSync(dir).flatMap(name => {
            const path = join(dir, name);
            return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') && !path.endsWith('contract/errors.ts') ? [path] : [];
        });
    });
    const produced = new Set(files.flatMap(f => [...readFileSync(f, 'utf8').matchAll(/'(ZR\d{4})'/g)].map(m => m[1])));

    it('产生的每个 ZR 编码都在契约的输入错误目录中，目录里的每个编码都有产生的地方', () => {
        expect([...produced].filter(code => !(code in INPUT_ERRORS)).sort()).toEqual([]);
        expect(Object.keys(INPUT_ERRORS).filter(code => !produced.has(code))).toEqual([]);
        expect(produced.size).toBeGreaterThan(15);
    });

    it('语言的诊断目录转列全部 ZR（标题相同），且不与 ZS / ZC 混用编码', () => {
        expect(Object.keys(INPUT_ERROR_MESSAGES).sort()).toEqual(Object.keys(INPUT_ERRORS).sort());
        for (const [code, title] of Object.entries(INPUT_ERRORS)) expect((INPUT_ERROR_MESSAGES as Record<string, { title: string }>)[code].title).toBe(title);
        expect(Object.keys(MESSAGES).filter(code => code.startsWith('ZR'))).toEqual([]);
    });
});
