/**
 * 语言服务器请求的模糊测试（问题 17-2）：对变异的文档（含深嵌套、超大字面量、病态正则等攻击片段）在随机位置发出
 * 悬停、补全、跳转定义、签名帮助、文档符号、格式化、内嵌提示、代码透镜、代码操作、重命名准备；每个请求都不能抛异常，
 * 诊断没有溢出之类的内部错误。最后同一服务对一份正常文档仍给出正确的符号（进程没有坏）。
 * 种子 ZHISHEN_SEED（默认固定），次数 ZHISHEN_FUZZ_SCALE 倍。
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZhishenLspServices } from '../../src/lsp/zhishen-lsp-module.js';
import { RULE, close, lspServices, open } from '../lsp/lsp-helpers.js';
import { Random } from '../../../tests/support/random.js';

const SEED = process.env.ZHISHEN_SEED && /^\d+$/.test(process.env.ZHISHEN_SEED) ? Number(process.env.ZHISHEN_SEED) : 20261203;
const SCALE = Number(process.env.ZHISHEN_FUZZ_SCALE ?? 1);

const SNIPPETS: Array<(r: Random) => string> = [
    r => '('.repeat(r.int(30, 300)), r => ' + 就诊.总费用'.repeat(r.int(100, 600)), r => '非 '.repeat(r.int(100, 1500)), r => '{'.repeat(r.int(30, 200)),
    r => '[1]'.repeat(r.int(50, 500)), () => '2024-02-30', () => '10000000000元', () => '0.00000001元', () => '「^(a+)+$」', () => '「(a|a)*」',
    () => '\n规则 X "x" {\n  当 ', () => '}', () => '"', () => '「', () => '.', () => '(', () => '\u0000', () => '😀', () => '\r'
];

let services: ZhishenLspServices;
const stats = { documents: 0, requests: 0, failures: 0 };

beforeAll(async () => {
    services = (await lspServices()).Zhishen;
});

afterAll(() => {
    console.log(`语言服务器请求模糊测试 种子 ${SEED}：${stats.documents} 个文档，${stats.requests} 个请求，失败 ${stats.failures}`);
});

function mutate(text: string, r: Random): string {
    let result = text;
    for (let n = r.int(1, 3); n > 0; n--) {
        const i = r.int(0, result.length);
        if (r.chance(0.3)) result = result.slice(0, i) + result.slice(Math.min(result.length, i + r.int(1, 40)));
        else result = result.slice(0, i) + r.pick(SNIPPETS)(r) + result.slice(i);
    }
    return result;
}

describe(`语言服务器请求模糊测试（种子 ${SEED}，可用 ZHISHEN_SEED 复现）`, () => {
    it('变异文档上的随机请求都不抛异常', async () => {
        const r = new Random(SEED);
        for (let n = 0; n < 40 * SCALE; n++) {
            const text = mutate(RULE, r);
            const label = `种子 ${SEED} 第 ${n} 个文档`;
            stats.failures++;
            const document = await open(services, text);
            stats.documents++;
            for (const d of document.diagnostics ?? []) expect(d.message, `${label}：${d.message}`).not.toMatch(/Maximum call stack|RangeError/);
            const uri = { uri: document.uri.toString() };
            const requests: Array<[string, (offset: number) => unknown]> = [
                ['悬停', o => services.lsp.HoverProvider!.getHoverContent(document, { textDocument: uri, position: document.textDocument.positionAt(o) })],
                ['补全', o => services.lsp.CompletionProvider!.getCompletion(document, { textDocument: uri, position: document.textDocument.positionAt(o) })],
                ['跳转定义', o => services.lsp.DefinitionProvider!.getDefinition(document, { textDocument: uri, position: document.textDocument.positionAt(o) })],
                ['签名帮助', o => services.lsp.SignatureHelp!.provideSignatureHelp(document, { textDocument: uri, position: document.textDocument.positionAt(o) })],
                ['重命名准备', o => services.lsp.RenameProvider!.prepareRename(document, { textDocument: uri, position: document.textDocument.positionAt(o) })],
                ['文档符号', () => services.lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument: uri })],
                ['格式化', () => services.lsp.Formatter!.formatDocument(document, { textDocument: uri, options: { tabSize: 2, insertSpaces: true } })],
                ['内嵌提示', () => services.lsp.InlayHintProvider!.getInlayHints(document, { textDocument: uri, range: { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } } })],
                ['代码透镜', () => services.lsp.CodeLensProvider!.provideCodeLens(document, { textDocument: uri })],
                ['代码操作', () => services.lsp.CodeActionProvider!.getCodeActions(document, {
                    textDocument: uri, range: { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } }, context: { diagnostics: document.diagnostics ?? [] }
                })]
            ];
            for (let k = 0; k < 8; k++) {
                const [name, request] = r.pick(requests);
                const offset = r.int(0, text.length);
                try {
                    await request(offset);
                    stats.requests++;
                } catch (error) {
                    // 重命名准备按 LSP 的约定用异常拒绝（中文说明为什么不能重命名），这不是崩溃
                    const message = (error as Error).message;
                    if (name === '重命名准备' && /[\u4e00-\u9fff]/.test(message) && !/Maximum call stack|RangeError/.test(message)) { stats.requests++; continue; }
                    throw new Error(`${label}：「${name}」@${offset} 抛出异常：${(error as Error).stack}\n文档：${JSON.stringify(text.slice(0, 3_000))}`);
                }
            }
            await close(services, document);
            stats.failures--;
        }
        // 进程没有坏：正常文档的符号照常
        const healthy = await open(services, RULE);
        const symbols = await services.lsp.DocumentSymbolProvider!.getSymbols(healthy, { textDocument: { uri: healthy.uri.toString() } });
        expect(symbols.length).toBeGreaterThan(2);
        await close(services, healthy);
    });
});
