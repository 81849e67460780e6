/**
 * 模糊测试：随机词法单元序列与对仓库中规则文件的变异（删除 / 重复 / 交换 / 替换词法单元、在每个位置截断、插入垃圾字符），
 * 每个文档都必须能构建（解析 → 链接 → 校验）而不抛异常；校验没有错误的文档再编译，编译器也不能抛异常；
 * 能解析的变异文档格式化后语法树不变、注释不丢、格式化两次 = 一次。
 *
 * 时间上限：每个生成的文档不超过 MAX_CHARS 个字符（决定性的大小上限），每组用例受 vitest 的超时约束（整体预算），
 * 不对单个文档计时断言。种子取 ZHISHEN_SEED（默认固定），失败时打印种子、用例编号与文档，可复现：
 *   ZHISHEN_SEED=123 npx vitest run language/test/fuzz
 * 用例数量：ZHISHEN_FUZZ_SCALE（默认 1）倍。
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, setKb, zhishen } from '../helpers.js';
import { loadSampleKb } from '../kb-fixture.js';
import type { KnowledgeBase } from '../../src/kb/types.js';
import { compile } from '../../../compiler/src/index.js';
import { formatDocument } from '../../src/formatting/format.js';
import { astShape } from '../parse/ast-shape.js';
import { Random } from '../../../tests/support/random.js';

const SEED = process.env.ZHISHEN_SEED && /^\d+$/.test(process.env.ZHISHEN_SEED) ? Number(process.env.ZHISHEN_SEED) : 20260302;
const SCALE = Number(process.env.ZHISHEN_FUZZ_SCALE ?? 1);
const MAX_CHARS = 6_000;

const root = fileURLToPath(new URL('../../../', import.meta.url));
const corpusDirs = ['examples/', 'stdlib-rules/rules/', 'language/test/validation/cases/', 'language/test/parse/cases/', 'tests/eval/cases/'];

function corpus(): Array<{ name: string; text: string }> {
    return corpusDirs.map(d => root + d).filter(existsSync).flatMap(dir => readdirSync(dir).filter(f => f.endsWith('.zs')).sort()
        .map(f => ({ name: f, text: readFileSync(dir + f, 'utf8') })))
        .filter(f => f.text.length > 0);
}

/** 词法单元（原文）与其前面的空白 / 注释，拼回去即原文。 */
interface Piece {
    gap: string;
    token: string;
}

function pieces(text: string): Piece[] {
    const { tokens } = zhishen().parser.Lexer.tokenize(text);
    const result: Piece[] = [];
    let offset = 0;
    for (const token of tokens) {
        result.push({ gap: text.slice(offset, token.startOffset), token: token.image });
        offset = token.startOffset + token.image.length;
    }
    if (offset < text.length) result.push({ gap: text.slice(offset), token: '' });
    return result;
}

function join(list: Piece[]): string {
    return list.map(p => p.gap + p.token).join('');
}

const KEYWORDS = [
    '规则', '模板', '代码集', '参数', '测试', '分类', '级别', '环节', '适用', '依据', '说明', '知识点', '来自', '套用', '于', '令', '仅当', '当', '违规', '金额', '涉及', '提示',
    '对每条', '对每个', '对每次', '对每张', '对每组', '对每日', '对每小时', '属于', '不属于', '按', '其中', '且', '或', '非', '包含', '匹配', '若', '则', '否则', '近', '同自然月', '同医保年度',
    '计数', '求和', '最大', '最小', '平均', '存在', '全部', '去重计数', '真', '假', '空', '理赔', '文件', '期望', '不触发', '无违规', '违规项', '涉及项', '次数', '设定', '至',
    '记录', '枚举', '函数', '全局', 'rule', 'when', 'and', 'or', 'not', 'foreach', 'in', 'where', 'let', 'test', 'expect',
    '明细', '诊断', '手术', '就诊', '患者', '历史就诊', '历史明细', '全部明细', '处方', 'm', 'k', 'x', 'g', 'd', '编码', '名称', '数量', '单价', '日期', '年龄', '性别', '男', '女', '未知',
    '住院', '门诊', '事前', '事中', '事后', '明确违规', '提醒', '三级', '提取数值', '有值', '知识点表', '目录', '年龄于', '字典名称', '知识库代码集',
    '{', '}', '(', ')', '（', '）', '[', ']', ',', '，', '、', ':', '：', '.', '=', '==', '≠', '!=', '<', '<=', '≤', '>', '>=', '≥', '+', '-', '*', '×', '/', '÷', '!', '&&', '||', '?', '<', '>',
    '1', '0', '18岁', '15天', '12小时', '100元', '3次', '50%', '0.5', '2024-03-01', '2024-03-01T08:30', '"A"', '"XJ01"', '"甲{m.名称}乙"', '「(\\d+)」', '「[」', '""', '"{', '}"', '"\\', '「', '」',
    '/*', '*/', '//', '\n', ' ', '\t', '¤', '😀', '\u2028', '\u0000', '\uffff', '"', '“', '”'
];
const JUNK = ['{', '}', '"', '「', '」', '(', ')', '*/', '/*', '\\', '\u2028', '\u0000', '😀', '¤', '\r', '\n', '“', '规则', '当', '.', '..', '{{', '}}', '$', '`', '\ud800', '%', '#', '@'];

interface Mutator {
    name: string;
    mutate(text: string, r: Random): string;
}

/** 问题 17 的攻击片段：深的嵌套、超出范围与要舍入的字面量、不存在的日期、灾难性回溯的正则、超大的正则。 */
const PATHOLOGICAL: Array<(r: Random) => string> = [
    r => '('.repeat(r.int(30, 300)), r => ')'.repeat(r.int(30, 300)), r => ' + 就诊.总费用'.repeat(r.int(100, 400)), r => '非 '.repeat(r.int(50, 1500)),
    r => '-'.repeat(r.int(50, 1500)), r => '{'.repeat(r.int(30, 300)), r => '[1]'.repeat(r.int(30, 600)), r => '若 真 则 '.repeat(r.int(20, 300)),
    () => '2024-02-30', () => '2023-02-29T25:61', () => '10000000000元', () => '0.00000001元', () => '18.5岁', () => '0.0001天', () => '123456789012345678901234567890',
    () => '「^(a+)+$」', () => '「^(a|a)*$」', () => '「^(.*a){25}$」', r => '「' + '(a)'.repeat(r.int(40, 200)) + '」', r => '「' + 'x'.repeat(r.int(900, 2000)) + '」'
];

const MUTATORS: Mutator[] = [
    { name: '插入病态片段', mutate: (t, r) => { const i = r.int(0, t.length); return t.slice(0, i) + r.pick(PATHOLOGICAL)(r) + t.slice(i); } },
    { name: '删除词法单元', mutate: (t, r) => { const p = pieces(t); if (p.length) p.splice(r.int(0, p.length - 1), r.int(1, 3)); return join(p); } },
    { name: '重复词法单元', mutate: (t, r) => { const p = pieces(t); if (p.length) { const i = r.int(0, p.length - 1); p.splice(i, 0, ...p.slice(i, i + r.int(1, 4))); } return join(p); } },
    { name: '交换词法单元', mutate: (t, r) => { const p = pieces(t); if (p.length > 1) { const i = r.int(0, p.length - 1); const j = r.chance(0.5) ? Math.min(p.length - 1, i + 1) : r.int(0, p.length - 1); [p[i].token, p[j].token] = [p[j].token, p[i].token]; } return join(p); } },
    { name: '替换词法单元', mutate: (t, r) => { const p = pieces(t); if (p.length) p[r.int(0, p.length - 1)].token = r.pick(KEYWORDS); return join(p); } },
    { name: '插入垃圾', mutate: (t, r) => { const i = r.int(0, t.length); return t.slice(0, i) + Array.from({ length: r.int(1, 3) }, () => r.pick(JUNK)).join('') + t.slice(i); } },
    { name: '截断', mutate: (t, r) => t.slice(0, r.int(0, t.length)) },
    { name: '删除字符区间', mutate: (t, r) => { const i = r.int(0, t.length); return t.slice(0, i) + t.slice(Math.min(t.length, i + r.int(1, 40))); } },
    { name: '删除空白', mutate: (t, r) => { const p = pieces(t); for (const x of p) if (r.chance(0.2)) x.gap = ''; return join(p); } }
];

function randomTokens(r: Random): string {
    const n = r.int(1, 80);
    let text = '';
    for (let i = 0; i < n; i++) text += r.pick(KEYWORDS) + (r.chance(0.8) ? ' ' : '');
    return text;
}

interface Stats {
    documents: number;
    clean: number;
    compiled: number;
}

let kb: KnowledgeBase | undefined;
const stats: Stats = { documents: 0, clean: 0, compiled: 0 };

/** 构建一个文档；抛异常时带上复现信息。 */
async function check(label: string, text: string, useKb: boolean, tryCompile: boolean): Promise<void> {
    const doc = text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
    setKb(useKb ? kb : undefined);
    let errors = 0;
    try {
        const [document] = await build({ 'file:///fuzz/fuzz.zs': doc });
        stats.documents++;
        for (const d of document.diagnostics ?? []) {
            expect(typeof d.message).toBe('string');
            // 诊断是中文、有编码，不是溢出之类的内部错误（问题 17-2）
            expect(d.message, `${label}：${d.message}`).not.toMatch(/Maximum call stack|RangeError|内部错误/);
            expect(String(d.code ?? ''), `${label}：诊断没有编码`).toMatch(/^Z[SC]\d{4}$/);
            if ((d.severity ?? 1) === 1) errors++;
        }
    } catch (error) {
        throw new Error(`构建时抛出异常（种子 ${SEED}，${label}）：${(error as Error).stack}\n文档：\n${JSON.stringify(doc)}`);
    }
    if (errors === 0) {
        stats.clean++;
        if (!tryCompile) return;
        try {
            await compile({ services: zhishen(), sources: [{ uri: 'file:///fuzz/fuzz.zs', text: doc }], kb: useKb ? kb : undefined, root: '/fuzz' });
            stats.compiled++;
        } catch (error) {
            throw new Error(`编译时抛出异常（种子 ${SEED}，${label}）：${(error as Error).stack}\n文档：\n${JSON.stringify(doc)}`);
        }
    }
}

describe(`模糊测试（种子 ${SEED}，可用 ZHISHEN_SEED 复现）`, () => {
    const files = corpus();
    const random = new Random(SEED);

    afterAll(() => {
        setKb(undefined);
        console.log(`模糊测试 种子 ${SEED}：构建 ${stats.documents} 个文档，其中 ${stats.clean} 个没有错误，编译 ${stats.compiled} 个`);
    });

    it('语料：仓库中的规则文件', async () => {
        kb = await loadSampleKb();
        expect(files.length).toBeGreaterThan(10);
        for (const file of files) await check(`原文 ${file.name}`, file.text, true, true);
    });

    it('随机词法单元序列', async () => {
        const r = random.fork();
        for (let i = 0; i < 1200 * SCALE; i++) await check(`随机序列 #${i}`, randomTokens(r), r.chance(0.3), r.chance(0.2));
    });

    it('变异：删除 / 重复 / 交换 / 替换词法单元、插入垃圾、截断', async () => {
        const r = random.fork();
        for (let i = 0; i < 800 * SCALE; i++) {
            const file = r.pick(files);
            let text = file.text;
            const steps = r.int(1, 4);
            const applied: string[] = [];
            for (let s = 0; s < steps; s++) {
                const mutator = r.pick(MUTATORS);
                applied.push(mutator.name);
                text = mutator.mutate(text, r);
            }
            await check(`变异 #${i} ${file.name}：${applied.join(' → ')}`, text, r.chance(0.3), r.chance(0.3));
        }
    });

    it('在每个位置截断（逐个字符）', async () => {
        const small = files.filter(f => f.text.length < 800 && /规则/.test(f.text) && /测试/.test(f.text));
        const target = small.length > 0 ? small.reduce((a, b) => (a.text.length >= b.text.length ? a : b)) : files[0];
        const text = target.text.slice(0, 800);
        for (let i = 0; i <= text.length; i++) await check(`截断 ${target.name} @${i}`, text.slice(0, i), i % 5 === 0, false);
    });

    it('格式化：能解析的变异文档格式化后语法树不变、注释不丢、格式化两次 = 一次', async () => {
        const r = random.fork();
        const comments = (t: string) => [...t.matchAll(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g)].map(m => m[0].trim()).sort();
        let formatted = 0;
        for (let i = 0; i < 200 * SCALE; i++) {
            const file = r.pick(files);
            const lines = file.text.split('\n');
            const k = r.int(0, lines.length - 1);
            const op = r.int(0, 5);
            if (op === 0) lines.splice(k, 1);
            else if (op === 1) lines.splice(k, 0, `// 插入的注释 ${i}`);
            else if (op === 2) lines[k] = ' '.repeat(r.int(0, 9)) + lines[k].trim();
            else if (op === 3) lines.splice(k, 0, '');
            else if (op === 4) lines[k] = `${lines[k]}  /* 块注释 ${i} */`;
            else if (k + 1 < lines.length) lines.splice(k, 2, `${lines[k]} ${lines[k + 1].trim()}`);
            const text = lines.join('\n').slice(0, MAX_CHARS);
            const label = `格式化 #${i} ${file.name}（种子 ${SEED}）`;
            const [document] = await build({ 'file:///fuzz/fmt.zs': text });
            if (document.parseResult.lexerErrors.length > 0 || document.parseResult.parserErrors.length > 0) continue;
            const once = formatDocument(document);
            expect(once.ok, `${label}：${once.ok ? '' : once.reason}\n${JSON.stringify(text)}`).toBe(true);
            if (!once.ok) continue;
            const [again] = await build({ 'file:///fuzz/fmt.zs': once.text });
            expect([...again.parseResult.lexerErrors, ...again.parseResult.parserErrors].map(e => e.message), `${label}：格式化后解析出错\n${JSON.stringify(text)}`).toEqual([]);
            expect(astShape(again.parseResult.value), `${label}：格式化改变了语法树\n${JSON.stringify(text)}`).toBe(astShape(document.parseResult.value));
            expect(comments(once.text), `${label}：注释变了`).toEqual(comments(text));
            const twice = formatDocument(again);
            expect(twice.ok && twice.text, `${label}：格式化两次 ≠ 一次`).toBe(once.text);
            formatted++;
        }
        expect(formatted).toBeGreaterThan(80);
    });

    it('在每个词法单元处截断（语言导览）', async () => {
        const tour = files.find(f => f.name === '语言导览.zs') ?? files[0];
        const list = pieces(tour.text);
        let prefix = '';
        for (let i = 0; i < list.length; i++) {
            prefix += list[i].gap + list[i].token;
            if (i % 5 === 0) await check(`截断 ${tour.name} 第 ${i} 个词法单元`, prefix, false, false);
        }
    });
});
