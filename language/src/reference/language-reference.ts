/**
 * 语言参考（docs/语言参考.md）的生成：从内置库（builtins/prelude.ts，记录、字段、全局、枚举、函数及其文档注释）
 * 与语法（grammar/zhishen.langium，写法、关键字的英文别名、运算符、单位）生成，所以不会与语言本身脱节。
 * 例子取自给定的 .zs 源码（语言导览、标准规则）里第一次用到它的那一行；内置函数的文档注释里写了「例：`…`」的以它为准。
 * 3101 字段：字段的属性名若就是入参 schema 里的字段则照写；否则列出文档注释里提到的入参字段（派生值）。
 *
 * 纯函数：读文件由调用者做（scripts/generate-reference.mjs、tests/reference）。
 */
import type { AstNode, Grammar } from 'langium';
import { AstUtils, GrammarAST } from 'langium';
import type { Document, EnumDecl, FieldDecl, FunctionDecl, GlobalDecl, RecordDecl, TypeRef } from '../generated/ast.js';
import { isEnumDecl, isFunctionDecl, isGlobalDecl, isRecordDecl } from '../generated/ast.js';
import { ZhishenGrammar } from '../generated/grammar.js';
import { createZhishenCoreServices } from '../zhishen-module.js';
import { ensurePreludeDocument } from '../builtins/load-prelude.js';
import { canonicalOperator, unitKind } from '../typing/operators.js';
import { AGGREGATE_ALIASES, AGGREGATE_SIGNATURES, KEYWORD_DOCS } from '../lsp/keywords.js';

export interface ReferenceInput {
    /** 取例子的 .zs 源码（按优先顺序） */
    examples: ReadonlyArray<{ path: string; text: string }>;
    /** 3101 入参里的全部字段名（runtime/schema/3101-input.schema.json） */
    inputFields: ReadonlySet<string>;
}

/** 参考里列出的内置声明（测试据此检查没有遗漏）。 */
export interface ReferenceIndex {
    records: Array<{ name: string; fields: string[] }>;
    globals: string[];
    enums: string[];
    functions: string[];
}

export const REFERENCE_PATH = 'docs/语言参考.md';

const UNIT_KIND_LABEL: Record<ReturnType<typeof unitKind>, string> = {
    money: '金额（精确到分以下 6 位小数）', duration: '时长', age: '年龄（周岁）', quantity: '数量', number: '数值'
};

/** 表达式里的写法：语法规则名 → 标题与说明（其余关键字别名由语法自动列出）。 */
const EXPRESSION_RULES: Record<string, string> = {
    FilterExpression: '筛选',
    OrExpression: '逻辑',
    AndExpression: '逻辑',
    NotExpression: '逻辑',
    Postfix: '时间窗',
    Primary: '字面量与条件表达式',
    SetElement: '集合元素'
};

export async function languageReference(input: ReferenceInput): Promise<{ markdown: string; index: ReferenceIndex }> {
    const { shared, Zhishen } = createZhishenCoreServices();
    const prelude = ensurePreludeDocument(shared);
    await shared.workspace.DocumentBuilder.build([prelude]);
    const root = prelude.parseResult.value as Document;
    const docs = Zhishen.documentation.DocumentationProvider;
    const doc = (node: AstNode) => oneLine(docs.getDocumentation(node) ?? '');
    const grammar = ZhishenGrammar();
    const examples = new ExampleFinder(input.examples);
    const index: ReferenceIndex = { records: [], globals: [], enums: [], functions: [] };
    const out: string[] = [];

    out.push('# 智审语言参考', '');
    out.push('> 本文件由 `npm run docs:reference` 从内置库（`language/src/builtins/prelude.ts`）与语法（`language/src/grammar/zhishen.langium`）生成，',
        '> 不要手改；`tests/reference/reference.test.ts` 在它过时或缺项时失败。入门请先看 [写第一条规则](写第一条规则.md)。', '');
    out.push('目录：[写法](#写法) · [运算符与别名](#运算符与别名) · [单位](#单位) · [文本与正则](#文本与正则) · [记录与字段](#记录与字段) · ',
        '[全局名称](#全局名称) · [枚举](#枚举) · [函数](#函数) · [聚合](#聚合) · [同级比较](#同级比较)', '');

    // ── 写法（语法里以关键字开头的结构） ──
    out.push('## 写法', '', '每种写法都有中文关键字与英文别名（写哪个都一样）。关键字与名称之间要有空格。', '');
    out.push('| 写法 | 英文别名 | 说明 | 例 |', '|---|---|---|---|');
    for (const construct of constructs(grammar)) {
        out.push(`| \`${construct.keyword}\` | ${construct.aliases.map(a => `\`${a}\``).join(' ') || '—'} | ${cell(KEYWORD_DOCS[construct.keyword] ?? '')} | ${example(examples.clause(construct.keyword) ?? examples.operator(construct.keyword))} |`);
    }
    out.push('');

    // ── 运算符与别名 ──
    out.push('## 运算符与别名', '', '同一行的写法意思相同。比较的两边类型要相容（金额比金额、日期比日期…），与空值比较的结果是“未知”，条件不成立。', '');
    out.push('| 写法 | 同义写法 | 说明 | 例 |', '|---|---|---|---|');
    for (const group of operatorGroups(grammar)) {
        out.push(`| \`${group.main}\` | ${group.aliases.map(a => `\`${a}\``).join(' ') || '—'} | ${cell(KEYWORD_DOCS[group.main] ?? group.title)} | ${example([group.main, ...group.aliases].map(w => examples.operator(w)).find(Boolean))} |`);
    }
    out.push('');

    // ── 单位 ──
    out.push('## 单位', '', '数值后直接写单位（`18岁`、`30天`、`100元`）。单位决定值的种类，种类不同的值不能比较或相加（诊断 ZS0303 等）。', '');
    out.push('| 单位 | 值的种类 | 例 |', '|---|---|---|');
    for (const unit of keywordsOf(ruleNamed(grammar, 'Unit'))) {
        out.push(`| \`${unit}\` | ${UNIT_KIND_LABEL[unitKind(unit)]} | ${example(examples.unit(unit))} |`);
    }
    out.push('');

    // ── 文本与正则 ──
    out.push('## 文本与正则', '');
    out.push('- `"…"` 或 `“…”`：普通文本，可插值 `"{m.名称} 限儿童使用"`；`\\"` 转义引号。',
        '- `「…」`：原样文本，不转义、不插值，适合正则与政策原文：`名称 匹配 「片|胶囊」`、`依据 「限儿童使用」`。',
        '- 编码写在引号里：`"XJ01CAA040A001010405611"`；编码族（前缀）在引号后加 `*`：`"XJ01"*`；区间：`"N40" 至 "N51"`。', '');

    // ── 记录与字段 ──
    out.push('## 记录与字段', '', '`记录.字段` 读取字段；在 `其中`、聚合的条件、`对每…` 里可以直接写元素的字段名。', '');
    for (const record of root.elements.filter(isRecordDecl)) {
        index.records.push({ name: record.name, fields: record.fields.map(f => f.name) });
        out.push(`### ${record.name}`, '', doc(record), '');
        out.push('| 字段 | 类型 | 3101 字段 | 说明 |', '|---|---|---|---|');
        for (const field of record.fields) {
            out.push(`| \`${field.name}\` | ${typeText(field.type)} | ${inputFieldText(field, doc(field), input.inputFields)} | ${cell(doc(field))} |`);
        }
        out.push('');
    }

    // ── 全局名称 ──
    out.push('## 全局名称', '', '在任何规则里都能用的名称。', '');
    out.push('| 名称 | 类型 | 说明 |', '|---|---|---|');
    for (const global of root.elements.filter(isGlobalDecl)) {
        index.globals.push(global.name);
        out.push(`| \`${global.name}\` | ${typeText(global.type)} | ${cell(doc(global))} |`);
    }
    out.push('');

    // ── 枚举 ──
    out.push('## 枚举', '');
    for (const decl of root.elements.filter(isEnumDecl)) {
        index.enums.push(decl.name);
        out.push(`### ${decl.name}`, '', `取值${decl.ordered ? '（有序，可比较大小）' : ''}：${decl.members.map(m => `\`${m.name}\``).join('、')}`, '', doc(decl), '');
    }

    // ── 函数 ──
    out.push('## 函数', '');
    for (const fn of root.elements.filter(isFunctionDecl)) {
        index.functions.push(fn.name);
        const { text, example: docExample } = splitExample(doc(fn));
        out.push(`### ${fn.name}`, '', '```zhishen', signature(fn), '```', '', text, '', `例：${example(docExample ?? examples.call(fn.name))}`, '');
    }

    // ── 聚合 ──
    out.push('## 聚合', '', '聚合对集合求值；第二个参数里可直接写元素的字段名（`求和(明细 其中 本次, 金额)`）。', '');
    const aliases = Object.fromEntries(Object.entries(AGGREGATE_ALIASES).map(([en, zh]) => [zh, en]));
    for (const name of keywordsOf(ruleNamed(grammar, 'AggregateFunction')).filter(k => /[\u4e00-\u9fff]/.test(k))) {
        out.push(`### ${name}`, '', ...(AGGREGATE_SIGNATURES[name] ?? []).map(s => `- \`${s.label}\`：${s.doc}`), '',
            `英文别名：\`${aliases[name] ?? '—'}\`。例：${example(examples.call(name))}`, '');
    }

    // ── 同级比较（统计组规则，语法规则 PeerFunction：中文写法在前、英文别名按同样次序在后） ──
    out.push('## 同级比较', '', '只在 `对每组 全体就诊 g 按 …` 的统计组规则里：把本组的值与同级（同级键相同的其他统计组，不含自己）比较。',
        '写法：`同级 统计(值[, 参数]) 按(同级键…) 至少 n`；同级不足 n 个时为空，比较不成立。结果用 `指标 值 对比 同级值` 写进统计组结果。', '');
    const peer = keywordsOf(ruleNamed(grammar, 'PeerFunction'));
    const peerChinese = peer.filter(k => /[\u4e00-\u9fff]/.test(k));
    const peerEnglish = peer.filter(k => !/[\u4e00-\u9fff]/.test(k));
    const PEER_DOCS: Record<string, string> = {
        百分位: '同级值的第 p 百分位（最近秩：第 ⌈p·n/100⌉ 小的值），如 `同级 百分位(药占比, 90) 按(g.机构等级, g.机构类别) 至少 5`',
        均值: '同级值的平均', 标准差: '同级值的总体标准差（精确计算后向下取整到 micro）', 组数: '同级统计组的个数'
    };
    out.push('| 写法 | 英文别名 | 说明 |', '|---|---|---|');
    peerChinese.forEach((name, i) => out.push(`| \`${name}\` | \`${peerEnglish[i] ?? '—'}\` | ${cell(PEER_DOCS[name] ?? '')} |`));
    out.push('');
    return { markdown: out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n', index };
}

// ───────────── 语法 ─────────────

interface Construct { keyword: string; aliases: string[] }

function ruleNamed(grammar: Grammar, name: string): GrammarAST.ParserRule {
    const rule = grammar.rules.find(r => r.name === name);
    if (!rule || !GrammarAST.isParserRule(rule)) throw new Error(`语法里没有规则 ${name}`);
    return rule;
}

function keywordsOf(rule: GrammarAST.ParserRule): string[] {
    return AstUtils.streamAllContents(rule.definition).filter(GrammarAST.isKeyword).map(k => k.value).toArray();
}

/** 全是关键字的选择（'规则' | 'rule'）：第一个是中文写法，其余是别名。 */
function keywordChoice(node: AstNode | undefined): string[] | undefined {
    if (!node || !GrammarAST.isAlternatives(node)) return undefined;
    if (!node.elements.every(GrammarAST.isKeyword)) return undefined;
    const values = node.elements.map(e => (e as GrammarAST.Keyword).value);
    return /[\u4e00-\u9fff]/.test(values[0]) ? values : undefined;
}

/** 以关键字开头的语法结构（顶层声明、子句、测试项），以及 对每… 的各个关键字。内置库专用的声明不列。 */
function constructs(grammar: Grammar): Construct[] {
    const preludeOnly = new Set(['RecordDecl', 'FieldDecl', 'EnumDecl', 'EnumMember', 'FunctionDecl', 'FunctionParam', 'GlobalDecl']);
    const seen = new Set<string>();
    const result: Construct[] = [];
    const add = (keyword: string, aliases: string[]) => {
        if (seen.has(keyword)) return;
        seen.add(keyword);
        result.push({ keyword, aliases });
    };
    for (const rule of grammar.rules) {
        if (!GrammarAST.isParserRule(rule) || preludeOnly.has(rule.name) || EXPRESSION_RULES[rule.name] || rule.name.endsWith('Expression')) continue;
        if (rule.name === 'ForEachKeyword') {
            for (const keyword of keywordsOf(rule).filter(k => /[\u4e00-\u9fff]/.test(k))) add(keyword, ['foreach']);
            continue;
        }
        for (const node of AstUtils.streamAllContents(rule.definition)) {
            const choice = keywordChoice(node);
            if (choice && choice.length >= 2 && !/^[(（,，、:：)）]$/.test(choice[0])) add(choice[0], choice.slice(1));
        }
    }
    return result;
}

/** 表达式里的关键字：逻辑、筛选、时间窗、字面量、比较（按规范运算符归组）。 */
function operatorGroups(grammar: Grammar): Array<{ main: string; aliases: string[]; title: string }> {
    const groups: Array<{ main: string; aliases: string[]; title: string }> = [];
    for (const [name, title] of Object.entries(EXPRESSION_RULES)) {
        for (const node of AstUtils.streamAllContents(ruleNamed(grammar, name).definition)) {
            const choice = keywordChoice(node);
            if (!choice) continue;
            // 同自然月 | 同医保年度 | same_month | same_year：两个中文写法各有英文别名
            const chinese = choice.filter(c => /[\u4e00-\u9fff]/.test(c));
            const english = choice.filter(c => !/[\u4e00-\u9fff]/.test(c));
            if (chinese.length > 1 && chinese.length === english.length && choice.indexOf(english[0]) === chinese.length) {
                chinese.forEach((c, i) => groups.push({ main: c, aliases: [english[i]], title }));
            } else if (chinese.length > 1 && english.length === 0) {
                chinese.forEach(c => groups.push({ main: c, aliases: [], title }));
            } else {
                groups.push({ main: choice[0], aliases: choice.slice(1), title });
            }
        }
    }
    const byOperator = new Map<string, string[]>();
    for (const keyword of keywordsOf(ruleNamed(grammar, 'ComparisonOperator'))) {
        const op = canonicalOperator(keyword);
        byOperator.set(op, [...(byOperator.get(op) ?? []), keyword]);
    }
    for (const words of byOperator.values()) {
        const main = words.find(w => /[\u4e00-\u9fff]/.test(w)) ?? words[0];
        groups.push({ main, aliases: words.filter(w => w !== main), title: '比较' });
    }
    return groups;
}

// ───────────── 内置库 ─────────────

function typeText(type: TypeRef | undefined): string {
    if (!type) return '';
    return type.args.length ? `${type.name}<${type.args.map(typeText).join(', ')}>` : type.name;
}

function signature(fn: FunctionDecl): string {
    return `函数 ${fn.name}(${fn.params.map(p => `${p.name}${p.optional ? '?' : ''}: ${typeText(p.type)}`).join(', ')}): ${typeText(fn.returnType)}`;
}

/** 字段在 3101 入参里的名字：属性名本身是入参字段；否则是文档里提到的入参字段推得的（派生）。 */
function inputFieldText(field: FieldDecl, documentation: string, inputFields: ReadonlySet<string>): string {
    if (field.source && inputFields.has(field.source)) return `\`${field.source}\``;
    const mentioned = [...new Set(documentation.match(/[a-z][a-z0-9_]+/g) ?? [])].filter(w => inputFields.has(w));
    return mentioned.length ? `由 ${mentioned.map(m => `\`${m}\``).join('、')} 推得` : '（派生）';
}

function splitExample(text: string): { text: string; example?: string } {
    const match = /例：`([^`]+)`/.exec(text);
    return match ? { text: text.replace(match[0], '').replace(/[，。；\s]+$/, '。').trim(), example: match[1] } : { text };
}

// ───────────── 例子 ─────────────

class ExampleFinder {
    private readonly lines: string[];
    constructor(sources: ReadonlyArray<{ path: string; text: string }>) {
        this.lines = sources.flatMap(s => s.text.split(/\r?\n/)).map(l => l.trim()).filter(l => l && !l.startsWith('//') && !l.startsWith('/*') && !l.startsWith('*'));
    }
    private first(test: (line: string) => boolean): string | undefined {
        return this.lines.find(line => line.length <= 120 && test(line));
    }
    clause(keyword: string): string | undefined {
        return this.first(line => line.startsWith(keyword + ' ') || line === keyword);
    }
    operator(keyword: string): string | undefined {
        const escaped = keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const word = /^[a-z_]+$/i.test(keyword) ? `\\b${escaped}\\b` : /[\u4e00-\u9fff]/.test(keyword) ? `(?:^|\\s|\\()${escaped}(?:\\s|\\(|$)` : `\\s${escaped}\\s`;
        const pattern = new RegExp(word);
        return this.first(line => pattern.test(line) && !/^(?:提示|依据|说明)\s/.test(line));
    }
    call(name: string): string | undefined {
        return this.first(line => new RegExp(`(?:^|[^\\p{L}\\p{N}_])${name}[（(]`, 'u').test(line));
    }
    unit(unit: string): string | undefined {
        return this.first(line => new RegExp(`\\d${unit === '%' ? '%' : unit}(?![\\p{L}\\p{N}_])`, 'u').test(line));
    }
}

function example(line: string | undefined): string {
    return line ? `\`${line.replace(/\|/g, '\\|').replace(/`/g, '')}\`` : '—';
}

function oneLine(text: string): string {
    return text.replace(/\s*\n\s*/g, ' ').trim();
}

function cell(text: string): string {
    return oneLine(text).replace(/\|/g, '\\|');
}
