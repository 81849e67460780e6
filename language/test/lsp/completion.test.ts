/**
 * 补全：知识库编码（中文名、拼音首字母、编码前缀）、知识点表名、字段、元素字段、参数与函数、关键字与代码片段、规则与模板。
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { expectCompletion } from 'langium/test';
import type { CompletionItem, CompletionList } from 'vscode-languageserver';
import type { ZhishenLspServices } from '../../src/lsp/zhishen-lsp-module.js';
import { RULE, close, cursor, lspServices, open, position } from './lsp-helpers.js';
import { clearUserDocuments } from './lsp-helpers.js';

let services: ZhishenLspServices;

beforeAll(async () => {
    services = (await lspServices()).Zhishen;
});

afterEach(() => clearUserDocuments(services));

async function complete(textWithCursor: string): Promise<CompletionList> {
    const { text, offset } = cursor(textWithCursor);
    const document = await open(services, text);
    try {
        return (await services.lsp.CompletionProvider!.getCompletion(document, position(document, offset)))!;
    } finally {
        await close(services, document);
    }
}

const labels = (list: CompletionList) => list.items.map(i => i.label);
const find = (list: CompletionList, label: string): CompletionItem | undefined => list.items.find(i => i.label === label || i.label.startsWith(label + ' '));

describe('知识库编码', () => {
    const inSet = (query: string) => RULE.replace('"XJ01CAA040A001010405611", "XJ01CA"*', `"${query}▮"`);

    test('按中文名称：阿莫 → 阿莫西林的编码，插入编码本身', async () => {
        const list = await complete(inSet('阿莫'));
        expect(list.isIncomplete).toBe(true);
        expect(labels(list)).toEqual(expect.arrayContaining(['XJ01CAA040A001010405611 阿莫西林片', 'XJ01CAA040A001010102699 阿莫西林胶囊']));
        const first = list.items[0];
        expect(first.textEdit && 'range' in first.textEdit ? first.textEdit.newText : '').toMatch(/^XJ01CAA040A0010\d+$/);
        expect(first.detail).toContain('药品');
        expect(JSON.stringify(first.documentation)).toContain('阿莫西林');
        // 服务器已筛好：filterText 以查询开头，客户端不会再丢掉它们
        expect(first.filterText?.startsWith('阿莫')).toBe(true);
    });

    test('按拼音首字母：amx → 阿莫西林', async () => {
        const list = await complete(inSet('amx'));
        expect(labels(list).some(l => l.includes('阿莫西林'))).toBe(true);
        expect(list.items[0].label).toContain('阿莫西林');
    });

    test('按编码前缀：XJ01CA → 以它开头的编码，按编码排序在前', async () => {
        const list = await complete(inSet('XJ01CA'));
        expect(list.items.length).toBeGreaterThan(1);
        for (const item of list.items.slice(0, 5)) expect(item.label.startsWith('XJ01CA')).toBe(true);
    });

    test('引号未闭合（正在输入）也能补，并补上闭合引号', async () => {
        const list = await complete(RULE.replace('{ "XJ01CAA040A001010405611", "XJ01CA"* }', '{ "阿莫▮'));
        const item = find(list, 'XJ01CAA040A001010405611');
        expect(item).toBeDefined();
        expect(item!.textEdit && 'newText' in item!.textEdit ? item!.textEdit.newText : '').toBe('XJ01CAA040A001010405611"');
    });

    test('诊断代码集里只给诊断编码', async () => {
        const list = await complete('代码集 高血压: 诊断 = { "高血压▮" }\n');
        expect(list.items.length).toBeGreaterThan(0);
        for (const item of list.items) expect(item.detail).toMatch(/^诊断/);
    });

    test('比较 .编码 = "…" 的位置也补编码', async () => {
        const list = await complete(RULE.replace('当 患者.年龄 >= 儿童年龄上限', '当 m.编码 = "阿莫▮"'));
        expect(labels(list).some(l => l.includes('阿莫西林'))).toBe(true);
    });

    test('提示文本里不补编码', async () => {
        const list = await complete(RULE.replace('"「{m.名称}」限儿童使用"', '"阿莫▮"'));
        expect(list.items).toEqual([]);
    });

    test('知识点表名：来自 "…"', async () => {
        const list = await complete('规则 X "x" {\n  知识点 k 来自 "药品▮"\n}\n');
        expect(labels(list)).toEqual(expect.arrayContaining(['药品限儿童使用', '药品儿童专用']));
        expect(list.items[0].label).toContain('药品');
        expect(list.items[0].detail).toMatch(/知识点表 · \d+ 行/);
    });

    test('知识点表名：知识点表("…")', async () => {
        const list = await complete('代码集 饮片 = 知识点表("中药▮").编码\n');
        expect(labels(list)).toContain('中药饮片单复方均不予支付');
    });
});

describe('字段', () => {
    test('m. → 明细的字段，带类型与文档', async () => {
        const list = await complete(RULE.replace('违规 m\n', '违规 m\n    金额 m.▮\n'));
        const amount = find(list, '金额');
        expect(amount?.detail).toContain('金额');
        expect(labels(list)).toEqual(expect.arrayContaining(['编码', '名称', '数量', '单价', '日期']));
        expect(JSON.stringify(amount?.documentation)).toContain('sumamt');
    });

    test('患者. → 年龄、性别 …', async () => {
        const list = await complete(RULE.replace('患者.年龄', '患者.▮'));
        expect(labels(list)).toEqual(expect.arrayContaining(['年龄', '性别', '出生日期']));
    });

    test('知识点 k. → 知识点的字段', async () => {
        const list = await complete('规则 X "x" {\n  知识点 k 来自 "药品限儿童使用"\n  对每条 明细 m 属于 k.▮\n}\n');
        expect(labels(list)).toEqual(expect.arrayContaining(['编码', '首码', '其余码', '限定条件']));
    });

    test('分组 d. → 分组的字段', async () => {
        const list = await complete('规则 X "x" {\n  对每日 明细 d 属于 { "A" }\n    当 d.▮\n}\n');
        expect(labels(list)).toEqual(expect.arrayContaining(['键', '明细', '数量', '金额', '首条']));
    });

    test('其中 之后可直接写元素字段', async () => {
        const list = await complete(RULE.replace('当 患者.年龄 >= 儿童年龄上限', '令 同日 = 明细 其中 日▮'));
        expect(labels(list)).toEqual(expect.arrayContaining(['日期']));
    });

    test('聚合的第二个参数里可直接写元素字段', async () => {
        const list = await complete(RULE.replace('当 患者.年龄 >= 儿童年龄上限', '当 求和(明细, 金▮) > 0元'));
        expect(labels(list)).toContain('金额');
    });
});

describe('名称、关键字、片段', () => {
    test('条件里：参数（带生效值）、函数（带签名，插入调用）、全局名称', async () => {
        const list = await complete(RULE.replace('当 患者.年龄 >= 儿童年龄上限', '当 ▮'));
        const param = find(list, '儿童年龄上限');
        expect(param?.detail).toBe('参数 = 18岁');
        const fn = find(list, '提取数值');
        expect(fn?.detail).toBe('提取数值(文本: 文本, 模式: 文本): 数值');
        expect(fn?.insertText).toBe('提取数值(${1:文本}, ${2:模式})');
        expect(find(list, '患者')).toBeDefined();
        expect(find(list, '抗菌药')?.detail).toContain('代码集');
    });

    test('顶层：中文关键字（没有英文别名）与规则形状的代码片段', async () => {
        const list = await complete('▮');
        const all = labels(list);
        expect(all).toEqual(expect.arrayContaining(['规则', '模板', '代码集', '参数', '测试', '规则（逐条明细）', '规则（知识点表）']));
        expect(all).not.toContain('rule');
        const snippet = find(list, '规则（逐条明细）');
        expect(snippet?.insertTextFormat).toBe(2);
    });

    test('期望 之后补规则编号', async () => {
        const list = await complete(RULE + '\n测试 "t" {\n  理赔 文件 "a.json"\n  期望 ▮\n}\n');
        expect(labels(list)).toContain('ZS_T1');
    });

    test('套用 之后补模板', async () => {
        const list = await complete('模板 限疗程 "t" {\n  知识点 k\n  对每条 明细 m 属于 k.编码\n    违规 m\n}\n规则 R "r" {\n  套用 ▮\n}\n');
        expect(labels(list)).toContain('限疗程');
    });

    test('半截输入不抛异常', async () => {
        for (const text of ['规则 X "', '规则 X "x" {\n  当 m.', '规则 X "x" {\n  对每条 明细 m 属于 {', '测试 "t" { 理赔 { "a": ▮', '参数 = ▮']) {
            const withCursor = text.includes('▮') ? text : text + '▮';
            const list = await complete(withCursor);
            // 半截输入也要给出一个补全列表（可以为空），不是 undefined，也不抛异常
            expect(Array.isArray(list.items), text).toBe(true);
        }
    });
});

describe('langium/test 辅助函数', () => {
    let completion: ReturnType<typeof expectCompletion>;
    beforeAll(() => { completion = expectCompletion(services as never); });

    test('expectCompletion：级别 之后补审核级别', async () => {
        let checked = 0;
        await completion({
            text: '规则 X "x" {\n  级别 <|>\n}\n',
            index: 0,
            assert: list => {
                checked++;
                expect(list.items.map(i => i.label)).toEqual(expect.arrayContaining(['明确违规', '高度可疑', '轻度可疑', '提醒']));
            },
            disposeAfterCheck: true
        });
        // 断言回调确实被调用过（否则这个测试永远不会失败）
        expect(checked).toBe(1);
    });
});
