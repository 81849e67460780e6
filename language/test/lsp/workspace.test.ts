/**
 * 工作区：zhishen.json（知识库目录、参数覆盖、部署配置文件）的读取与重读，内置库加载，状态，测试列表；
 * 诊断发布：快速校验立即发布，慢速校验（知识库编码）延后补发，编辑其他行时沿用未受影响的慢速诊断。
 */
import { describe, expect, test } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'langium';
import { SAMPLE_KB_DIR } from '../kb-fixture.js';
import { listTests } from '../../src/lsp/server.js';
import { RULE, workspace } from './lsp-helpers.js';

const KB = JSON.stringify(SAMPLE_KB_DIR);

describe('zhishen.json', () => {
    test('知识库目录与参数覆盖：悬停与内联提示显示覆盖后的生效值', async () => {
        const ws = await workspace({
            'zhishen.json': `{ "kb": [${KB}], "参数": { "*": { "儿童年龄上限": "14岁" } } }`,
            'rules/规则.zs': RULE
        });
        const status = ws.shared.zhishen.Project.status();
        expect(status).toMatchObject({ kbLoaded: true, kbName: '智审样例知识库', rules: 1, files: 1, configFile: 'file:///ws/zhishen.json' });
        const document = ws.shared.workspace.LangiumDocuments.getDocument(URI.parse('file:///ws/rules/规则.zs'))!;
        const offset = RULE.indexOf('>= 儿童年龄上限') + 4;
        const hover = await ws.Zhishen.lsp.HoverProvider!.getHoverContent(document, { textDocument: { uri: document.uri.toString() }, position: document.textDocument.positionAt(offset) });
        const value = hover && 'value' in (hover.contents as object) ? (hover.contents as { value: string }).value : '';
        expect(value).toContain('默认值：`18岁`');
        expect(value).toContain('覆盖：`14岁`（zhishen.json，全部规则）');
        const hints = await ws.Zhishen.lsp.InlayHintProvider!.getInlayHints(document, { textDocument: { uri: document.uri.toString() }, range: { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } } });
        expect(hints?.map(h => h.label)).toContain('= 14岁');
    });

    test('编辑器的参数覆盖（演练场的参数面板）优先于 zhishen.json；清空后回到 zhishen.json 的值', async () => {
        const ws = await workspace({
            'zhishen.json': `{ "kb": [${KB}], "参数": { "*": { "儿童年龄上限": "14岁" } } }`,
            'rules/规则.zs': RULE
        });
        const document = ws.shared.workspace.LangiumDocuments.getDocument(URI.parse('file:///ws/rules/规则.zs'))!;
        const hints = async () => (await ws.Zhishen.lsp.InlayHintProvider!.getInlayHints(document, { textDocument: { uri: document.uri.toString() }, range: { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } } }))?.map(h => h.label);
        const project = ws.shared.zhishen.Project;
        project.setEditorOverrides({ ZS_T1: { '儿童年龄上限': '6岁' } });
        expect(await hints()).toContain('= 6岁');
        expect(project.overrideFor('儿童年龄上限', 'ZS_T1')).toMatchObject({ text: '6岁', source: '参数面板', scope: 'ZS_T1' });
        // 输入框留空 = 用默认：不算覆盖
        project.setEditorOverrides({ ZS_T1: { '儿童年龄上限': '' } });
        expect(await hints()).toContain('= 14岁');
        project.setEditorOverrides({});
        expect(await hints()).toContain('= 14岁');
    });

    test('部署配置文件中的参数；zhishen.json 改了之后重读', async () => {
        const ws = await workspace({
            'zhishen.json': `{ "kb": [${KB}], "config": "部署配置.json" }`,
            '部署配置.json': '{ "参数": { "ZS_T1": { "儿童年龄上限": "12岁" } }, "级别代码": { "明确违规": "1" } }',
            '规则.zs': RULE.replace('参数 儿童年龄上限 = 18岁 「儿童用药的年龄上限」\n', '').replace('  依据 「测试依据」\n', '  依据 「测试依据」\n  参数 儿童年龄上限 = 18岁\n')
        });
        const project = ws.shared.zhishen.Project;
        expect(project.overrideFor('儿童年龄上限', 'ZS_T1')?.text).toBe('12岁');
        expect(project.overrideFor('儿童年龄上限', 'ZS_OTHER')).toBeUndefined();
        expect(project.current.deploymentConfig).toEqual({ '级别代码': { '明确违规': '1' }, '参数': { ZS_T1: { '儿童年龄上限': '12岁' } } });

        ws.memory.files.set('/ws/zhishen.json', `{ "kb": [${KB}], "config": "部署配置.json", "参数": { "*": { "儿童年龄上限": "16岁" } } }`);
        expect(project.handleFileChanges([{ uri: 'file:///ws/zhishen.json', type: 2 }])).toBe(true);
        expect(project.handleFileChanges([{ uri: 'file:///ws/别的.json', type: 2 }])).toBe(false);
        await project.reload();
        // 规则编号下的覆盖优先于 *
        expect(project.overrideFor('儿童年龄上限', 'ZS_T1')?.text).toBe('12岁');
        expect(project.overrideFor('儿童年龄上限', 'ZS_OTHER')?.text).toBe('16岁');
        // 知识库目录里的文件变化也触发重读
        expect(project.handleFileChanges([{ uri: URI.file(SAMPLE_KB_DIR + 'catalogues/药品.tsv').toString(), type: 2 }])).toBe(true);
    });

    test('没有 zhishen.json：没有知识库，语言照常可用', async () => {
        const ws = await workspace({ '规则.zs': RULE });
        expect(ws.shared.zhishen.Project.status()).toMatchObject({ kbLoaded: false, rules: 1 });
        const document = ws.shared.workspace.LangiumDocuments.getDocument(URI.parse('file:///ws/规则.zs'))!;
        expect(document.diagnostics?.filter(d => d.severity === 1)).toEqual([]);
    });

    test('坏的 zhishen.json 记为问题，不抛异常', async () => {
        const ws = await workspace({ 'zhishen.json': '{ 坏', '规则.zs': RULE });
        expect(ws.shared.zhishen.Project.current.problems[0]).toContain('zhishen.json 无法读取');
    });

    test('浏览器：直接给出知识库文件', async () => {
        const ws = await workspace({ '规则.zs': RULE });
        await ws.shared.zhishen.Project.setKnowledgeBaseFiles([{ path: 'catalogues/药品.tsv', text: '编码\t名称\nXJ01CAA040A001010405611\t阿莫西林片\n' }], '内存知识库');
        expect(ws.shared.zhishen.Project.status()).toMatchObject({ kbLoaded: true, kbName: '内存知识库', kbCodes: 1 });
    });
});

describe('测试列表', () => {
    test('列出工作区的测试与其期望的规则', async () => {
        const ws = await workspace({
            '规则.zs': RULE + '\n测试 "成人" {\n  理赔 文件 "a.json"\n  期望 ZS_T1 违规项 "R1"\n  期望 不触发 ZS_T2\n}\n'
        });
        const tests = listTests(ws.shared);
        expect(tests).toHaveLength(1);
        expect(tests[0]).toMatchObject({ name: '成人', rules: ['ZS_T1', 'ZS_T2'], range: { start: { line: 16, character: 0 } } });
        expect(tests[0].id).toBe(`${URI.parse('file:///ws/规则.zs').toString()}#成人`);
    });
});

describe('诊断发布', () => {
    test('快速诊断立即发布；知识库编码的慢速诊断延后补发；改别的行时沿用', async () => {
        const ws = await workspace({ 'zhishen.json': `{ "kb": [${KB}] }` });
        const published: Array<{ uri: string; diagnostics: Diagnostic[]; pass: string }> = [];
        const diagnostics = ws.shared.zhishen.Diagnostics;
        diagnostics.attach(undefined);
        diagnostics.slowDelay = 60_000; // 由测试手动触发
        diagnostics.onPublish = (uri, list, pass) => published.push({ uri, diagnostics: list, pass });
        const uri = 'file:///ws/编辑中.zs';
        const text = RULE.replace('"XJ01CAA040A001010405611"', '"XJ01CAA040A001010405612"');
        const edit = async (version: number, content: string) => {
            ws.shared.workspace.TextDocuments.set(TextDocument.create(uri, 'zhishen', version, content));
            await ws.shared.workspace.WorkspaceLock.write(token => ws.shared.workspace.DocumentBuilder.update([URI.parse(uri)], [], token));
        };
        await edit(1, text);
        const fast = published.filter(p => p.uri === URI.parse(uri).toString());
        expect(fast.at(-1)?.pass).toBe('fast');
        expect(fast.at(-1)?.diagnostics.map(d => d.code)).not.toContain('ZS0401');

        await diagnostics.flushSlow();
        const slow = published.at(-1)!;
        expect(slow.pass).toBe('slow');
        const unknownCode = slow.diagnostics.find(d => d.code === 'ZS0401');
        expect(unknownCode?.message).toContain('XJ01CAA040A001010405612');
        expect(unknownCode?.message).toContain('不在已加载的');

        // 改提示一行：代码集那一行没变，慢速诊断沿用
        await edit(2, text.replace('限儿童使用"', '限儿童用"'));
        expect(published.at(-1)!.pass).toBe('fast');
        expect(published.at(-1)!.diagnostics.map(d => d.code)).toContain('ZS0401');
        // 改代码集那一行：旧的慢速诊断撤下，等下一轮
        await edit(3, text.replace('"XJ01CAA040A001010405612"', '"XJ01CAA040A001010405611"'));
        expect(published.at(-1)!.diagnostics.map(d => d.code)).not.toContain('ZS0401');
        // 内置库从不发布诊断
        expect(published.some(p => p.uri.startsWith('zhishen-builtin'))).toBe(false);
    });

    test('语法错误给中文诊断，半截输入不抛异常', async () => {
        const ws = await workspace({ '坏.zs': '规则 R "r" {\n  当 患者.年龄 >=\n' });
        const document = ws.shared.workspace.LangiumDocuments.getDocument(URI.parse('file:///ws/坏.zs'))!;
        const messages = document.diagnostics?.map(d => d.message) ?? [];
        expect(messages.length).toBeGreaterThan(0);
        expect(messages.join('\n')).toMatch(/[\u4e00-\u9fff]/);
    });
});
