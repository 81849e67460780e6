/**
 * docs/语言参考.md 是生成的（npm run docs:reference）：与当前内置库、语法、例子源码重新生成的结果逐字相同；
 * 内置库的每个记录与字段、全局名称、枚举、函数（带签名与例子），语法里的每个中文关键字都在里面。
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AstUtils, GrammarAST } from 'langium';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Document } from '@zhishen/language';
import { createZhishenCoreServices, ensurePreludeDocument, isEnumDecl, isFunctionDecl, isGlobalDecl, isRecordDecl, languageReference, REFERENCE_PATH } from '@zhishen/language';
import { ZhishenGrammar } from '../../language/src/generated/grammar.js';
import { referenceSources } from '../../scripts/reference-sources.mjs';

const REPO = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
let committed: string;
let generated: string;
let prelude: Document;

beforeAll(async () => {
    committed = readFileSync(join(REPO, REFERENCE_PATH), 'utf8');
    generated = (await languageReference(referenceSources(REPO))).markdown;
    const { shared } = createZhishenCoreServices();
    const document = ensurePreludeDocument(shared);
    await shared.workspace.DocumentBuilder.build([document]);
    prelude = document.parseResult.value as Document;
});

/** 标题 heading 到下一个同级或更高标题之间的文字 */
function section(markdown: string, heading: string): string {
    const level = heading.match(/^#+/)![0].length;
    const start = markdown.indexOf(`\n${heading}\n`);
    if (start < 0) return '';
    const rest = markdown.slice(start + heading.length + 2);
    const end = rest.search(new RegExp(`\\n#{1,${level}} `));
    return end < 0 ? rest : rest.slice(0, end);
}

test('与重新生成的结果相同（改了内置库、语法或例子后运行 npm run docs:reference）', () => {
    expect(committed).toBe(generated);
});

describe('内置库的每一项都在参考里', () => {
    test('每个记录的每个字段：类型与 3101 字段', () => {
        const records = prelude.elements.filter(isRecordDecl);
        expect(records.length).toBeGreaterThan(5);
        for (const record of records) {
            const text = section(committed, `### ${record.name}`);
            expect(text, record.name).not.toBe('');
            for (const field of record.fields) {
                expect(text, `${record.name}.${field.name}`).toMatch(new RegExp(`^\\| \`${field.name}\` \\| [^|]+ \\| [^|]+ \\|`, 'm'));
            }
        }
        // 入参字段照写：明细.编码 ← hilist_code；派生的说明来源
        expect(section(committed, '### 明细')).toContain('| `编码` | 编码<目录> | `hilist_code` |');
        expect(section(committed, '### 明细')).toMatch(/\| `计费时间` \| 日期时间 \| 由 `fee_ocur_time`、`drord_begn_date` 推得 \|/);
    });

    test('全局名称与枚举', () => {
        const globals = section(committed, '## 全局名称');
        for (const global of prelude.elements.filter(isGlobalDecl)) expect(globals, global.name).toContain(`| \`${global.name}\` |`);
        for (const decl of prelude.elements.filter(isEnumDecl)) {
            const text = section(committed, `### ${decl.name}`);
            for (const member of decl.members) expect(text, `${decl.name}.${member.name}`).toContain(`\`${member.name}\``);
        }
    });

    test('每个函数：签名与例子', () => {
        for (const fn of prelude.elements.filter(isFunctionDecl)) {
            const text = section(committed, `### ${fn.name}`);
            expect(text, fn.name).toContain(`函数 ${fn.name}(`);
            expect(text, fn.name).toMatch(new RegExp(`例：\`[^\`]*${fn.name}[（(]`));
        }
    });
});

test('语法里的每个中文关键字都在参考里', () => {
    const keywords = new Set<string>();
    for (const rule of ZhishenGrammar().rules) {
        if (!GrammarAST.isParserRule(rule) || ['Name', 'RecordDecl', 'FieldDecl', 'EnumDecl', 'FunctionDecl', 'FunctionParam', 'GlobalDecl'].includes(rule.name)) continue;
        for (const node of AstUtils.streamAllContents(rule.definition)) {
            if (GrammarAST.isKeyword(node) && /[\u4e00-\u9fff]/.test(node.value)) keywords.add(node.value);
        }
    }
    expect(keywords.size).toBeGreaterThan(50);
    const missing = [...keywords].filter(k => !committed.includes(`\`${k}\``) && !committed.includes(`### ${k}\n`));
    expect(missing).toEqual([]);
});

test('教程《写第一条规则》：照着拼起来的规则能编译，两个测试都通过', () => {
    const tutorial = readFileSync(join(REPO, 'docs/写第一条规则.md'), 'utf8');
    const blocks = [...tutorial.matchAll(/```zhishen\n([\s\S]*?)```/g)].map(m => m[1]);
    expect(blocks.length).toBe(3);
    // 第 2 步的骨架 + 第 3 步插在右花括号之前 + 第 4 步的测试
    const skeleton = blocks[0].trimEnd();
    expect(skeleton.endsWith('}')).toBe(true);
    const source = `${skeleton.slice(0, -1)}\n${blocks[1]}}\n\n${blocks[2]}`;
    const dir = mkdtempSync(join(tmpdir(), 'zhishen-tutorial-'));
    try {
        writeFileSync(join(dir, '我的规则.zs'), source);
        const result = spawnSync(process.execPath, [join(REPO, 'cli/bin/zhishen.js'), 'test', join(dir, '我的规则.zs'), '--reporter', 'json'], { encoding: 'utf8' });
        expect(result.status, result.stdout + result.stderr).toBe(0);
        const report = JSON.parse(result.stdout) as { passed: number; failed: number };
        expect([report.passed, report.failed]).toEqual([2, 0]);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
