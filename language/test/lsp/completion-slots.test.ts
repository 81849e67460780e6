/**
 * 编码补全按位置期望的编码种类筛选（与 check 的 ZS0405 同一规则：typing/code-slot.ts），国家知识库。
 * 每种位置测两次：文档已按当前文本构建（getCompletion），以及刚输入引号、语法树还是上一次构建的（quickCompletion，
 * 语言服务器对字符串里的补全不等重建——问题 16：手术代码集里七成的首条建议是诊断编码）。
 * 同一档位内知识点常用的编码在前（gxy：高血压1级 在 过小牙 之前）。
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CompletionList } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ZhishenLspServices } from '../../src/lsp/zhishen-lsp-module.js';
import type { ZhishenCompletionProvider } from '../../src/lsp/completion.js';
import { clearUserDocuments, close, cursor, lspServices, open, position, setKb } from './lsp-helpers.js';
import { loadNationalKb, loadSampleKb } from '../kb-fixture.js';

let services: ZhishenLspServices;

beforeAll(async () => {
    services = (await lspServices()).Zhishen;
    setKb(services, await loadNationalKb());
});

afterAll(async () => {
    await clearUserDocuments(services);
    setKb(services, await loadSampleKb());
});

const RULE_WITH = (condition: string) => `规则 R "r" {\n  级别 提醒\n  环节 事后\n  对每条 明细 m\n    当 ${condition}\n    违规 m\n}\n`;

interface Slot {
    name: string;
    /** 带 ▮ 的全文；字符串 "…▮" 是刚输入的部分 */
    text: string;
    /** 允许的目录种类（CompletionItem.detail 的开头） */
    kinds: string[];
    /** 首批建议里应出现的名称 */
    expects?: string;
    /** 用哪个知识库：国家（诊断、手术、知识点推得的药品）或样例（有完整的药品目录） */
    kb?: 'sample';
}

const DRUG_CATALOGUES = ['药品', '中药饮片', '医疗服务项目', '医用耗材'];

const SLOTS: Slot[] = [
    { name: '手术代码集', text: '代码集 切除: 手术 = { "切除▮" }\n', kinds: ['手术'] },
    { name: '手术代码集（拼音）', text: '代码集 切除: 手术 = { "qc▮" }\n', kinds: ['手术'] },
    { name: '药品代码集：阿莫西林', text: '代码集 抗菌药: 药品 = { "阿莫西林▮" }\n', kinds: ['药品'], expects: '阿莫西林', kb: 'sample' },
    { name: '诊断代码集', text: '代码集 高血压: 诊断 = { "高血压▮" }\n', kinds: ['诊断'], expects: '高血压' },
    { name: '医疗服务项目代码集', text: '代码集 床位: 医疗服务项目 = { "床位▮" }\n', kinds: ['医疗服务项目'] },
    { name: '对每条 明细 属于 {…}：目录编码', text: '规则 R "r" {\n  级别 提醒\n  环节 事后\n  对每条 明细 m 属于 { "阿莫▮" }\n    违规 m\n}\n', kinds: DRUG_CATALOGUES, expects: '阿莫西林', kb: 'sample' },
    { name: '诊断 其中 编码 属于 {…}', text: RULE_WITH('存在(诊断 其中 编码 属于 { "高血压▮" })'), kinds: ['诊断'], expects: '高血压' }
];

function provider(): ZhishenCompletionProvider {
    return services.lsp.CompletionProvider as ZhishenCompletionProvider;
}

async function completeBuilt(textWithCursor: string): Promise<CompletionList> {
    const { text, offset } = cursor(textWithCursor);
    const document = await open(services, text);
    try {
        return (await provider().getCompletion(document, position(document, offset)))!;
    } finally {
        await close(services, document);
    }
}

/** 上一次构建的文本没有这个字符串（刚输入引号）：语法树是旧的 */
async function completeStale(textWithCursor: string): Promise<CompletionList> {
    const { text, offset } = cursor(textWithCursor);
    const quote = text.lastIndexOf('"', offset - 1);
    const end = text.indexOf('"', offset) + 1;
    const before = text.slice(0, quote) + text.slice(end);
    const document = await open(services, before);
    try {
        const current = TextDocument.create(document.uri.toString(), 'zhishen', 2, text);
        return provider().quickCompletion(current, document, current.positionAt(offset))!;
    } finally {
        await close(services, document);
    }
}

describe.each([
    ['已构建', completeBuilt],
    ['语法树是旧的（刚输入引号）', completeStale]
] as const)('编码补全只给这个位置期望的种类（%s）', (_mode, complete) => {
    test.each(SLOTS)('$name', async slot => {
        if (slot.kb === 'sample') setKb(services, await loadSampleKb());
        try {
            const list = await complete(slot.text);
            const right = list.items.filter(item => !item.tags?.length);
            expect(right.length).toBeGreaterThan(0);
            const wrong = right.filter(item => !slot.kinds.some(kind => item.detail?.startsWith(kind)));
            expect(wrong.map(i => `${i.label} ${i.detail}`)).toEqual([]);
            // 种类不对的（若有）都在后面、划掉、标明
            const firstMarked = list.items.findIndex(item => item.tags?.length);
            if (firstMarked >= 0) {
                expect(list.items.slice(firstMarked).every(item => item.tags?.length && item.detail?.startsWith('不是'))).toBe(true);
                expect(list.items.slice(firstMarked).every(item => item.sortText! > right[right.length - 1].sortText!)).toBe(true);
            }
            if (slot.expects) expect(right.slice(0, 10).some(i => i.label.includes(slot.expects!))).toBe(true);
        } finally {
            if (slot.kb === 'sample') setKb(services, await loadNationalKb());
        }
    });

    test('国家知识库没有阿莫西林的药品编码：药品代码集里诊断编码只排在最后、划掉并说明', async () => {
        const list = await complete('代码集 抗菌药: 药品 = { "阿莫西林▮" }\n');
        for (const item of list.items.filter(i => !i.detail?.startsWith('药品'))) {
            expect(item.tags).toEqual([1]);
            expect(item.detail).toMatch(/^不是药品编码（诊断/);
            expect(item.preselect).toBe(false);
        }
    });
});

test('同一档位内知识点常用的编码在前：gxy → 高血压 在 过小牙、姑息医疗 之前', async () => {
    const list = await completeBuilt('代码集 诊断集: 诊断 = { "gxy▮" }\n');
    const labels = list.items.map(i => i.label);
    const hypertension = labels.findIndex(l => l.includes('高血压'));
    expect(hypertension).toBeGreaterThanOrEqual(0);
    for (const rare of ['过小牙', '姑息医疗']) {
        const at = labels.findIndex(l => l.includes(rare));
        if (at >= 0) expect(hypertension, labels.slice(0, 8).join(' | ')).toBeLessThan(at);
    }
    expect(labels[0]).toContain('高血压');
});
