/**
 * 悬停：字段、参数（默认值）、函数签名、代码集、令、编码的目录条目与知识点限定条件、知识点表、关键字。
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { expectHover } from 'langium/test';
import type { ZhishenLspServices } from '../../src/lsp/zhishen-lsp-module.js';
import { RULE, close, lspServices, open, position } from './lsp-helpers.js';
import { clearUserDocuments } from './lsp-helpers.js';

let services: ZhishenLspServices;
let hover: ReturnType<typeof expectHover>;

beforeAll(async () => {
    services = (await lspServices()).Zhishen;
    hover = expectHover(services as never);
});

afterEach(() => clearUserDocuments(services));

/** 在 text 中第 n 次出现的 needle 的第 at 个字符处悬停。 */
async function hoverAt(text: string, needle: string, at = 0, nth = 0): Promise<string> {
    const document = await open(services, text);
    try {
        let offset = -1;
        for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
        if (offset < 0) throw new Error(`文本中没有「${needle}」`);
        const result = await services.lsp.HoverProvider!.getHoverContent(document, position(document, offset + at));
        return result && typeof result.contents === 'object' && 'value' in result.contents ? result.contents.value : '';
    } finally {
        await close(services, document);
    }
}

describe('名称', () => {
    test('字段：类型、文档、理赔字段名', async () => {
        const content = await hoverAt(RULE, '年龄 >=');
        expect(content).toContain('患者.年龄: 年龄');
        expect(content).toContain('周岁');
        expect(content).toContain('`age`');
    });

    test('内置声明链接到《语言参考》的一节（配置了 referenceUrl 时），锚点就是参考里的标题', async () => {
        const project = services.shared.zhishen.Project;
        expect(await hoverAt(RULE, '年龄 >=')).not.toContain('语言参考');
        project.referenceUrl = 'https://example.org/语言参考.md';
        try {
            const field = await hoverAt(RULE, '年龄 >=');
            expect(field).toContain(`[语言参考 › 患者.年龄](https://example.org/语言参考.md#${encodeURIComponent('患者')})`);
            const reference = readFileSync(new URL('../../../docs/语言参考.md', import.meta.url), 'utf8');
            expect(reference).toContain('\n### 患者\n');
        } finally {
            project.referenceUrl = undefined;
        }
    });

    test('参数：默认值与生效值', async () => {
        const content = await hoverAt(RULE, '儿童年龄上限', 1, 1);
        expect(content).toContain('参数 儿童年龄上限: 年龄');
        expect(content).toContain('默认值：`18岁`');
        expect(content).toContain('生效值：`18岁`');
        expect(content).toContain('儿童用药的年龄上限');
    });

    test('函数：签名与文档', async () => {
        const text = RULE.replace('当 患者.年龄 >= 儿童年龄上限', '当 有值(提取数值(m.名称, 「(\\d+)」))');
        const content = await hoverAt(text, '提取数值');
        expect(content).toContain('函数 提取数值(文本: 文本, 模式: 文本): 数值');
        expect(content).toContain('正则');
    });

    test('代码集：类型、说明、定义', async () => {
        const content = await hoverAt(RULE, '抗菌药', 0, 1);
        expect(content).toContain('代码集 抗菌药: 药品');
        expect(content).toContain('XJ01CA');
    });

    test('全局名称与枚举值', async () => {
        expect(await hoverAt(RULE, '患者.年龄')).toContain('全局 患者: 患者');
        expect(await hoverAt(RULE, '明确违规')).toContain('审核级别.明确违规');
    });

    test('langium/test expectHover：规则名显示元数据', async () => {
        await hover({ text: RULE.replace('规则 ZS_T1', '规则 ZS_<|>T1'), index: 0, hover: /级别：明确违规[\s\S]*环节：事前、事中、事后/, disposeAfterCheck: true });
    });
});

describe('知识库', () => {
    test('编码：目录条目（名称、目录、出处）', async () => {
        const content = await hoverAt(RULE, 'XJ01CAA040A001010405611', 3);
        expect(content).toContain('**阿莫西林片**');
        expect(content).toContain('目录：药品');
    });

    test('编码族：列出以它开头的编码', async () => {
        const content = await hoverAt(RULE, '"XJ01CA"', 2);
        expect(content).toContain('编码族');
        expect(content).toContain('XJ01CA');
    });

    test('知识点中的编码：显示知识点的限定条件', async () => {
        const kb = services.kb.KnowledgeBaseProvider.current!;
        const kp = kb.kpTables.get('药品限儿童使用')![0];
        const text = `代码集 X: 药品 = { "${kp.med_codes[0]}" }\n`;
        const content = await hoverAt(text, kp.med_codes[0], 2);
        expect(content).toContain('知识点');
        expect(content).toContain(kp.constraint.slice(0, 6));
    });

    test('知识点表名：行数与检测逻辑', async () => {
        const content = await hoverAt('规则 X "x" {\n  知识点 k 来自 "药品限儿童使用"\n}\n', '药品限儿童使用', 2);
        expect(content).toMatch(/知识点表\*\* 药品限儿童使用（\d+ 行）/);
    });

    test('不在知识库中的编码', async () => {
        const content = await hoverAt('代码集 X: 药品 = { "XZZZZ" }\n', 'XZZZZ', 1);
        expect(content).toContain('不在已加载的知识库');
    });
});

describe('关键字', () => {
    test('聚合函数的用法', async () => {
        const content = await hoverAt(RULE.replace('当 患者.年龄 >= 儿童年龄上限', '当 计数(明细) > 1'), '计数');
        expect(content).toContain('计数(集合, 条件?)');
    });

    test('子句关键字的说明', async () => {
        expect(await hoverAt(RULE, '对每条')).toContain('逐条检查');
    });
});
