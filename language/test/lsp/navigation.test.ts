/**
 * 转到定义、查找引用、重命名（规则、模板、参数、代码集；内置名称不能改）、大纲、工作区符号、折叠。
 */
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { expectFindReferences, expectFoldings, expectGoToDefinition, expectSymbols } from 'langium/test';
import type { WorkspaceEdit } from 'vscode-languageserver';
import type { ZhishenLspServices, ZhishenSharedLspServices } from '../../src/lsp/zhishen-lsp-module.js';
import { RULE, close, lspServices, open, position } from './lsp-helpers.js';
import { clearUserDocuments } from './lsp-helpers.js';

let services: ZhishenLspServices;
let shared: ZhishenSharedLspServices;

beforeAll(async () => {
    const all = await lspServices();
    services = all.Zhishen;
    shared = all.shared;
});

afterEach(() => clearUserDocuments(services));

describe('转到定义', () => {
    test('参数引用 → 参数声明（langium/test expectGoToDefinition）', async () => {
        await expectGoToDefinition(services as never)({
            text: RULE.replace('参数 儿童年龄上限', '参数 <|儿童年龄上限|>').replace('>= 儿童年龄上限', '>= 儿童<|>年龄上限'),
            index: 0,
            rangeIndex: 0,
            disposeAfterCheck: true
        });
    });

    test('内置字段 → 内置库（zhishen-builtin:）', async () => {
        const document = await open(services, RULE);
        try {
            const offset = RULE.indexOf('年龄 >=');
            const links = await services.lsp.DefinitionProvider!.getDefinition(document, position(document, offset));
            expect(links?.[0].targetUri).toMatch(/^zhishen-builtin:/);
        } finally {
            await close(services, document);
        }
    });
});

describe('查找引用', () => {
    test('代码集的声明与引用（langium/test expectFindReferences）', async () => {
        await expectFindReferences(services as never)({
            text: RULE.replace('代码集 抗菌药', '代码集 <|抗菌药|>').replace('属于 抗菌药', '属于 <|抗<|>菌药|>'),
            index: 0,
            includeDeclaration: true,
            disposeAfterCheck: true
        });
    });
});

describe('重命名', () => {
    const test2 = `测试 "t" {\n  理赔 文件 "a.json"\n  设定 儿童年龄上限 = 14岁\n  期望 ZS_T1 违规项 "R1"\n}\n`;

    async function rename(text: string, needle: string, newName: string, files: Record<string, string> = {}): Promise<WorkspaceEdit | undefined> {
        const document = await open(services, text);
        const others = [];
        for (const [name, content] of Object.entries(files)) others.push(await open(services, content, name));
        try {
            const offset = text.indexOf(needle);
            const params = { ...position(document, offset + 1), newName };
            const range = await services.lsp.RenameProvider!.prepareRename(document, params);
            expect(range).toBeDefined();
            return await services.lsp.RenameProvider!.rename(document, params);
        } finally {
            await close(services, document, ...others);
        }
    }

    test('规则：声明与其他文件中 期望 的引用一起改', async () => {
        const edit = await rename(RULE, 'ZS_T1', 'ZS_T2', { '测试-规则.zs': test2 });
        const changes = Object.entries(edit?.changes ?? {});
        expect(changes).toHaveLength(2);
        expect(changes.flatMap(([, edits]) => edits.map(e => e.newText))).toEqual(['ZS_T2', 'ZS_T2']);
    });

    test('参数：声明、条件里的引用、测试里的 设定', async () => {
        const edit = await rename(RULE, '儿童年龄上限', '年龄上限', { '测试-参数.zs': test2 });
        const count = Object.values(edit?.changes ?? {}).reduce((n, edits) => n + edits.length, 0);
        expect(count).toBe(3);
    });

    test('代码集', async () => {
        const edit = await rename(RULE, '抗菌药', '抗生素');
        expect(Object.values(edit?.changes ?? {})[0]).toHaveLength(2);
    });

    test('模板：声明与 套用', async () => {
        const text = '模板 限疗程 "t" {\n  知识点 k\n  对每条 明细 m 属于 k.编码\n    违规 m\n}\n规则 R "r" {\n  套用 限疗程 于 "药品限支付疗程"\n}\n';
        const edit = await rename(text, '限疗程', '疗程上限');
        expect(Object.values(edit?.changes ?? {})[0]).toHaveLength(2);
    });

    test('无效的新名称：中文错误', async () => {
        await expect(rename(RULE, '抗菌药', '1坏名字')).rejects.toThrow(/不是有效的名称/);
    });

    test('内置名称不能重命名', async () => {
        const document = await open(services, RULE);
        try {
            const offset = RULE.indexOf('患者.年龄');
            await expect(Promise.resolve(services.lsp.RenameProvider!.prepareRename(document, position(document, offset)))).rejects.toThrow(/内置库/);
        } finally {
            await close(services, document);
        }
    });
});

describe('大纲与符号', () => {
    test('文档符号：规则（带参数等子项）、代码集、参数、测试（langium/test expectSymbols）', async () => {
        await expectSymbols(services as never)({
            text: RULE + '\n测试 "成人用药" {\n  理赔 文件 "a.json"\n  期望 无违规\n}\n',
            assert: symbols => {
                expect(symbols.map(s => s.name)).toEqual(['儿童年龄上限', '抗菌药', 'ZS_T1', '测试 成人用药']);
                const rule = symbols[2] as { detail?: string; children?: Array<{ name: string }> };
                expect(rule.detail).toBe('规则 药品限儿童使用');
                expect(rule.children?.map(c => c.name)).toEqual(['m']);
            },
            disposeAfterCheck: true
        });
    });

    test('工作区符号：跨文件找规则与代码集，不含内置库', async () => {
        const a = await open(services, RULE, '甲.zs');
        const b = await open(services, '代码集 乙集: 药品 = { "A" }\n', '乙.zs');
        try {
            const symbols = await shared.lsp.WorkspaceSymbolProvider!.getSymbols({ query: '' });
            const names = symbols.map(s => s.name);
            expect(names).toEqual(expect.arrayContaining(['ZS_T1', '抗菌药', '乙集']));
            expect(symbols.every(s => !('uri' in s.location) || !s.location.uri.startsWith('zhishen-builtin'))).toBe(true);
        } finally {
            await close(services, a, b);
        }
    });

    test('折叠：规则、测试与多行注释（langium/test expectFoldings）', async () => {
        await expectFoldings(services as never)({
            text: '/**\n * 说明\n */\n' + RULE,
            assert: ranges => {
                expect(ranges.length).toBeGreaterThanOrEqual(2);
                expect(ranges.some(r => r.startLine === 0 && r.kind === 'comment')).toBe(true);
                expect(ranges.some(r => r.startLine === 7)).toBe(true);
            },
            disposeAfterCheck: true
        });
    });
});
