/**
 * 格式化（与 zhishen fmt 相同）、语义高亮、签名帮助、内联提示、代码操作（快速修复、补元数据、提取参数）、CodeLens。
 */
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { expectFormatting, expectSemanticToken, highlightHelper } from 'langium/test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { SemanticTokenTypes } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { LangiumDocument } from 'langium';
import type { ZhishenLspServices } from '../../src/lsp/zhishen-lsp-module.js';
import { formatDocument } from '../../src/formatting/format.js';
import type { Document } from '../../src/generated/ast.js';
import { openCallAt } from '../../src/lsp/signature-help.js';
import { RULE, close, lspServices, open, position } from './lsp-helpers.js';
import { clearUserDocuments } from './lsp-helpers.js';

let services: ZhishenLspServices;

beforeAll(async () => {
    services = (await lspServices()).Zhishen;
});

afterEach(() => clearUserDocuments(services));

async function withDocument<T>(text: string, run: (document: LangiumDocument<Document>) => Promise<T>): Promise<T> {
    const document = await open(services, text);
    try {
        return await run(document);
    } finally {
        await close(services, document);
    }
}

function apply(document: LangiumDocument, action: CodeAction): string {
    const edits = action.edit?.changes?.[document.uri.toString()] ?? [];
    return TextDocument.applyEdits(document.textDocument as never, edits);
}

describe('格式化', () => {
    const messy = '参数   上限=3次\n规则 R "r" {\n分类 医疗类\n      级别 提醒\n环节 事后\n依据 「x」\n对每条 明细 m\n当 m.数量>上限\n违规 m\n}\n';

    test('与 zhishen fmt 相同（langium/test expectFormatting）', async () => {
        const expected = await withDocument(messy, async document => {
            const result = formatDocument(document);
            if (!result.ok) throw new Error(result.reason);
            return result.text;
        });
        await expectFormatting(services as never)({ before: messy, after: expected, disposeAfterCheck: true });
        expect(expected).toContain('\n  级别 提醒\n');
        expect(expected).toContain('\n    当 m.数量 > 上限\n');
    });

    test('已格式化的文件没有编辑；有语法错误的文件不格式化', async () => {
        await withDocument(RULE, async document => {
            expect(services.lsp.Formatter!.formatDocument(document, { textDocument: { uri: document.uri.toString() }, options: { tabSize: 2, insertSpaces: true } })).toEqual([]);
        });
        await withDocument('规则 R "r" {\n当 当\n', async document => {
            expect(services.lsp.Formatter!.formatDocument(document, { textDocument: { uri: document.uri.toString() }, options: { tabSize: 2, insertSpaces: true } })).toEqual([]);
        });
    });
});

describe('语义高亮', () => {
    test('规则名、参数、字段、函数、枚举值、代码集（langium/test highlightHelper）', async () => {
        const text = RULE.replace('规则 ZS_T1', '规则 <|ZS_T1|>')
            .replace('>= 儿童年龄上限', '>= <|儿童年龄上限|>')
            .replace('患者.年龄', '患者.<|年龄|>')
            .replace('级别 明确违规', '级别 <|明确违规|>')
            .replace('属于 抗菌药', '属于 <|抗菌药|>');
        const tokens = await highlightHelper(services as never)(text);
        // 标记按出现顺序编号：ZS_T1、明确违规、抗菌药、年龄、儿童年龄上限
        expectSemanticToken(tokens, { rangeIndex: 0, tokenType: SemanticTokenTypes.function });
        expectSemanticToken(tokens, { rangeIndex: 1, tokenType: SemanticTokenTypes.enumMember });
        expectSemanticToken(tokens, { rangeIndex: 2, tokenType: SemanticTokenTypes.type });
        expectSemanticToken(tokens, { rangeIndex: 3, tokenType: SemanticTokenTypes.property });
        expectSemanticToken(tokens, { rangeIndex: 4, tokenType: SemanticTokenTypes.parameter });
    });
});

describe('签名帮助', () => {
    test('找到未闭合的调用与当前参数（跳过字符串与嵌套括号）', () => {
        expect(openCallAt('当 提取数值(k.限定条件, ', 19)).toEqual({ name: '提取数值', argument: 1 });
        expect(openCallAt('当 计数(明细 其中 (编码 = "A,B"), ', 28)).toEqual({ name: '计数', argument: 1 });
        expect(openCallAt('当 有值(x) 且 ', 12)).toBeUndefined();
    });

    test('内置函数：签名、参数、文档', async () => {
        const text = RULE.replace('当 患者.年龄 >= 儿童年龄上限', '当 有值(提取数值(m.名称, 「x」))');
        await withDocument(text, async document => {
            const offset = text.indexOf('m.名称, ') + 6;
            const help = await services.lsp.SignatureHelp!.provideSignatureHelp(document, position(document, offset));
            expect(help?.signatures[0].label).toBe('提取数值(文本: 文本, 模式: 文本): 数值');
            expect(help?.activeParameter).toBe(1);
            expect(JSON.stringify(help?.signatures[0].documentation)).toContain('正则');
        });
    });

    test('聚合：计数(集合, 条件?)', async () => {
        const text = RULE.replace('当 患者.年龄 >= 儿童年龄上限', '当 计数(明细) > 1');
        await withDocument(text, async document => {
            const help = await services.lsp.SignatureHelp!.provideSignatureHelp(document, position(document, text.indexOf('计数(') + 3));
            expect(help?.signatures[0].label).toBe('计数(集合, 条件?)');
            expect(help?.activeParameter).toBe(0);
        });
    });
});

describe('内联提示', () => {
    test('字面编码旁显示名称，参数引用旁显示生效值', async () => {
        await withDocument(RULE, async document => {
            const hints = await services.lsp.InlayHintProvider!.getInlayHints(document, { textDocument: { uri: document.uri.toString() }, range: { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } } });
            const labels = (hints ?? []).map(h => String(h.label));
            expect(labels).toContain('阿莫西林片');
            expect(labels).toContain('= 18岁');
        });
    });
});

describe('代码操作', () => {
    async function actionsFor(text: string, code: string): Promise<{ document: LangiumDocument; actions: CodeAction[]; diagnostic: Diagnostic }> {
        const document = await open(services, text);
        const diagnostic = (document.diagnostics ?? []).find(d => d.code === code);
        if (!diagnostic) throw new Error(`没有 ${code}：${JSON.stringify(document.diagnostics?.map(d => d.code))}`);
        const actions = (await services.lsp.CodeActionProvider!.getCodeActions(document, {
            textDocument: { uri: document.uri.toString() }, range: diagnostic.range, context: { diagnostics: [diagnostic] }
        }) ?? []) as CodeAction[];
        return { document, actions, diagnostic };
    }

    test('未知名称 → 改为最接近的名称', async () => {
        const { document, actions } = await actionsFor(RULE.replace('>= 儿童年龄上限', '>= 儿童年令上限'), 'ZS0101');
        try {
            expect(actions[0].title).toBe('改为「儿童年龄上限」');
            expect(actions[0].isPreferred).toBe(true);
            expect(apply(document, actions[0])).toContain('>= 儿童年龄上限');
        } finally {
            await close(services, document);
        }
    });

    test('未知字段 → 改为最接近的字段', async () => {
        const { document, actions } = await actionsFor(RULE.replace('患者.年龄', '患者.年令'), 'ZS0102');
        try {
            expect(apply(document, actions[0])).toContain('患者.年龄');
        } finally {
            await close(services, document);
        }
    });

    test('不在知识库中的编码 → 改为最接近的编码', async () => {
        const text = RULE.replace('"XJ01CAA040A001010405611"', '"XJ01CAA040A001010405612"');
        const document = await open(services, text);
        await services.shared.workspace.DocumentBuilder.build([document], { validation: { categories: ['slow'] } });
        try {
            const diagnostic = document.diagnostics!.find(d => d.code === 'ZS0401')!;
            expect(diagnostic).toBeDefined();
            const actions = (await services.lsp.CodeActionProvider!.getCodeActions(document, {
                textDocument: { uri: document.uri.toString() }, range: diagnostic.range, context: { diagnostics: [diagnostic] }
            }) ?? []) as CodeAction[];
            expect(actions[0].title).toMatch(/^改为「"XJ01CAA040A0010/);
            expect(apply(document, actions[0])).toMatch(/\{ "XJ01CAA040A0010\d+", "XJ01CA"\* \}/);
        } finally {
            await close(services, document);
        }
    });

    test('缺少级别 → 补上一行', async () => {
        const { document, actions } = await actionsFor(RULE.replace('  级别 明确违规\n', ''), 'ZS0201');
        try {
            expect(actions.map(a => a.title)).toContain('补上 级别 明确违规');
            const fixed = apply(document, actions[0]);
            expect(fixed).toContain('规则 ZS_T1 "药品限儿童使用" {\n  级别 明确违规\n  分类 药品政策限定类');
        } finally {
            await close(services, document);
        }
    });

    test('缺少分类 → 补上规则库的二级分类（补上的分类本身不再报错）', async () => {
        const { document, actions } = await actionsFor(RULE.replace('  分类 药品政策限定类\n', ''), 'ZS0203');
        try {
            expect(actions.map(a => a.title)).toEqual(expect.arrayContaining(['补上 分类 药品政策限定类', '补上 分类 统计指标监测类']));
            expect(actions).toHaveLength(11);
            const fixed = await open(services, apply(document, actions[0]));
            try {
                expect((fixed.diagnostics ?? []).map(d => d.code)).not.toContain('ZS0225');
                expect((fixed.diagnostics ?? []).map(d => d.code)).not.toContain('ZS0203');
            } finally {
                await close(services, fixed);
            }
        } finally {
            await close(services, document);
        }
    });

    test('分类不在规则库中 → 警告列出可选分类，快速修复改为最接近的', async () => {
        const { document, actions, diagnostic } = await actionsFor(RULE.replace('分类 药品政策限定类', '分类 药品政策类'), 'ZS0225');
        try {
            expect(diagnostic.severity).toBe(2);
            expect(diagnostic.message).toMatch(/^「药品政策类」不是两库规则库（2025 年版）的分类\n提示：你是否想要：「药品政策限定类」/);
            expect((diagnostic.data as { hint: string }).hint).toContain('医用耗材合理使用类');
            expect(actions[0].title).toBe('改为「药品政策限定类」');
            expect(apply(document, actions[0])).toContain('  分类 药品政策限定类\n');
        } finally {
            await close(services, document);
        }
    });

    test('缺少依据 → 补上一行', async () => {
        const { document, actions } = await actionsFor(RULE.replace('  依据 「测试依据」\n', ''), 'ZS0204');
        try {
            expect(apply(document, actions[0])).toContain('{\n  依据 「政策依据原文」\n');
        } finally {
            await close(services, document);
        }
    });

    test('缺少单位 → 加上单位', async () => {
        const { document, actions } = await actionsFor(RULE.replace('>= 儿童年龄上限', '>= 18'), 'ZS0303');
        try {
            expect(apply(document, actions[0])).toContain('>= 18岁');
        } finally {
            await close(services, document);
        }
    });

    // Monaco 自带的 LSP 客户端送回的诊断只有 range / message / severity（问题 16）：服务器找回 code 与 data
    test.each([
        ['ZS0101', RULE.replace('>= 儿童年龄上限', '>= 儿童年令上限')],
        ['ZS0102', RULE.replace('患者.年龄', '患者.年令')],
        ['ZS0201', RULE.replace('  级别 明确违规\n', '')],
        ['ZS0303', RULE.replace('>= 儿童年龄上限', '>= 18')]
    ])('客户端丢了 code / data（%s）：快速修复照样给出', async (code, text) => {
        const { document, actions, diagnostic } = await actionsFor(text, code);
        try {
            expect(actions.length).toBeGreaterThan(0);
            const stripped = { range: diagnostic.range, message: diagnostic.message, severity: diagnostic.severity };
            const fromMonaco = (await services.lsp.CodeActionProvider!.getCodeActions(document, {
                textDocument: { uri: document.uri.toString() }, range: diagnostic.range, context: { diagnostics: [stripped] }
            }) ?? []) as CodeAction[];
            expect(fromMonaco.filter(a => a.kind === 'quickfix').map(a => a.title)).toEqual(actions.filter(a => a.kind === 'quickfix').map(a => a.title));
            expect(apply(document, fromMonaco[0])).toBe(apply(document, actions[0]));
        } finally {
            await close(services, document);
        }
    });

    test('提取字面量为参数', async () => {
        const text = RULE.replace('>= 儿童年龄上限', '>= 14岁');
        await withDocument(text, async document => {
            const offset = text.indexOf('14岁');
            const actions = (await services.lsp.CodeActionProvider!.getCodeActions(document, {
                textDocument: { uri: document.uri.toString() },
                range: { start: document.textDocument.positionAt(offset), end: document.textDocument.positionAt(offset) },
                context: { diagnostics: [] }
            }) ?? []) as CodeAction[];
            const extract = actions.find(a => a.kind === 'refactor.extract');
            expect(extract?.title).toBe('提取为参数「新参数」（14岁）');
            const result = apply(document, extract!);
            expect(result).toContain('  依据 「测试依据」\n\n  参数 新参数 = 14岁\n  对每条');
            expect(result).toContain('当 患者.年龄 >= 新参数');
        });
    });
});

describe('CodeLens', () => {
    test('规则与测试上方：▶ 运行测试 · 解释（规则上另有 为什么没触发）', async () => {
        const text = RULE + '\n测试 "成人" {\n  理赔 文件 "a.json"\n  期望 ZS_T1 违规项 "R1"\n}\n';
        await withDocument(text, async document => {
            const lenses = await services.lsp.CodeLensProvider!.provideCodeLens(document, { textDocument: { uri: document.uri.toString() } }) ?? [];
            const titles = lenses.map(l => `${l.range.start.line}:${l.command?.title}:${l.command?.command}`);
            expect(titles).toEqual([
                '4:▶ 运行测试（1）:zhishen.runTests',
                '4:解释:zhishen.explain',
                '4:为什么没触发:zhishen.whyNot',
                '16:▶ 运行测试:zhishen.runTests',
                '16:解释:zhishen.explain'
            ]);
            expect(lenses[2].command?.arguments?.[0]).toEqual({ uri: document.uri.toString(), rule: 'ZS_T1' });
            expect(lenses[3].command?.arguments?.[0]).toEqual({ uri: document.uri.toString(), tests: [{ uri: document.uri.toString(), name: '成人' }] });
        });
    });
});
