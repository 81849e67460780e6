#!/usr/bin/env node
/**
 * 从 Langium 语法（language/src/grammar/zhishen.langium 经 langium generate 序列化的语法对象）生成 TextMate 语法。
 *
 * langium-cli 自带的 TextMate 生成只认 ASCII 单词的关键字（\b…\b），中文关键字全部丢失，所以这里自己生成：
 * 关键字按所在的语法规则分类着色（声明、元数据、作用域与结果、运算词、聚合、字面量、测试），
 * 终结符（字符串与插值、「原样文本」、日期、数值与单位、注释）按语法里的正则写出。
 * 中文没有 \b 单词边界：关键字两侧用“不是标识符字符”的前后断言。
 *
 *   node scripts/generate-tmlanguage.mjs           写 syntaxes/zhishen.tmLanguage.json
 *   node scripts/generate-tmlanguage.mjs --check   只比较，不一致时退出码 1（测试用）
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AstUtils, GrammarAST } from 'langium';
import { createZhishenCoreServices } from '@zhishen/language';

const OUT = fileURLToPath(new URL('../syntaxes/zhishen.tmLanguage.json', import.meta.url));

/** 标识符字符（与语法里的 ID 终结符一致）；Oniguruma 写法。 */
const ID_CHAR = '_a-zA-Z0-9\\x{3400}-\\x{4dbf}\\x{4e00}-\\x{9fff}\\x{f900}-\\x{faff}';
const ID_START = '_a-zA-Z\\x{3400}-\\x{4dbf}\\x{4e00}-\\x{9fff}\\x{f900}-\\x{faff}';

/** 语法规则 → 关键字的作用域。 */
const CATEGORIES = [
    { scope: 'storage.type.declaration.zhishen', rules: ['Rule', 'Template', 'CodeSet', 'Parameter', 'TestCase', 'RecordDecl', 'EnumDecl', 'FunctionDecl', 'GlobalDecl'] },
    { scope: 'keyword.other.metadata.zhishen', rules: ['CategoryClause', 'LevelClause', 'PhaseClause', 'AppliesClause', 'BasisClause', 'NoteClause'] },
    { scope: 'keyword.control.zhishen', rules: ['ForEachKeyword', 'ForEachClause', 'WhenClause', 'OnlyIfClause', 'LetClause', 'KnowledgeClause', 'UseTemplateClause', 'ViolationClause', 'AmountClause', 'InvolvedClause', 'MessageClause', 'StatisticClause'] },
    { scope: 'keyword.other.test.zhishen', rules: ['ClaimSource', 'Expectation', 'TestParameter'] },
    { scope: 'keyword.operator.word.zhishen', rules: ['FilterExpression', 'OrExpression', 'AndExpression', 'NotExpression', 'ComparisonOperator', 'Postfix', 'Primary', 'SetElement'] },
    { scope: 'support.function.aggregate.zhishen', rules: ['AggregateFunction', 'PeerFunction'] }
];
const LITERALS = new Set(['真', '假', '空', 'true', 'false', 'null']);
const UNITS_RULE = 'Unit';

function escapeRegex(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function wordAlternation(words) {
    return [...words].sort((a, b) => b.length - a.length || a.localeCompare(b)).map(escapeRegex).join('|');
}

/** 两侧不是标识符字符的关键字。 */
function keywordPattern(words) {
    return `(?<![${ID_CHAR}])(?:${wordAlternation(words)})(?![${ID_CHAR}])`;
}

export function generateTmLanguage() {
    const grammar = createZhishenCoreServices().Zhishen.Grammar;
    const byRule = new Map();
    for (const rule of grammar.rules) {
        if (!GrammarAST.isParserRule(rule)) continue;
        const words = new Set();
        for (const node of AstUtils.streamAllContents(rule)) {
            if (GrammarAST.isKeyword(node) && /[\p{L}]/u.test(node.value)) words.add(node.value);
        }
        byRule.set(rule.name, words);
    }
    const assigned = new Set();
    const take = rules => {
        const words = new Set();
        for (const rule of rules) for (const w of byRule.get(rule) ?? []) {
            if (LITERALS.has(w) || assigned.has(w)) continue;
            words.add(w);
        }
        for (const w of words) assigned.add(w);
        return words;
    };
    const units = [...(byRule.get(UNITS_RULE) ?? [])];
    for (const u of units) assigned.add(u);
    // 名称规则（Name）里兼作字段名的关键字不单独归类：它们已在各自子句的规则里
    assigned.add('Name');
    const keywordRules = CATEGORIES.map(category => ({ ...category, words: take(category.rules) })).filter(c => c.words.size > 0);
    // 没归进任何一类的剩余关键字（防止漏网）：当作普通关键字
    const rest = new Set();
    for (const [rule, words] of byRule) {
        if (rule === 'Name' || rule === UNITS_RULE) continue;
        for (const w of words) if (!assigned.has(w) && !LITERALS.has(w)) rest.add(w);
    }
    if (rest.size > 0) keywordRules.push({ scope: 'keyword.other.zhishen', words: rest });

    const terminal = name => {
        const rule = grammar.rules.find(r => GrammarAST.isTerminalRule(r) && r.name === name);
        if (!rule || !GrammarAST.isRegexToken(rule.definition)) throw new Error(`语法中没有终结符 ${name}`);
        // 去掉斜杠；捕获组改为非捕获（外面要按组号取数值与单位）
        return rule.definition.regex.replace(/^\/|\/[a-z]*$/g, '').replace(/\((?!\?)/g, '(?:');
    };
    const number = terminal('NUMBER');
    const date = terminal('DATE');

    const expressionPatterns = [
        { include: '#comments' },
        { include: '#strings' },
        { include: '#raw-text' },
        { include: '#declarations' },
        { include: '#date' },
        { include: '#number' },
        { include: '#literals' },
        // `m.金额`：点之后是字段名（即使与关键字同形）
        { name: 'variable.other.property.zhishen', match: `(?<=\\.)[${ID_START}][${ID_CHAR}]*` },
        ...keywordRules.map(c => ({ name: c.scope, match: keywordPattern(c.words) })),
        { name: 'keyword.operator.zhishen', match: '==|!=|<=|>=|≠|≤|≥|&&|\\|\\||[=<>+\\-*/×÷!]' },
        { name: 'punctuation.separator.zhishen', match: '[,，、:：]' },
        { name: 'punctuation.accessor.zhishen', match: '\\.' }
    ];

    return {
        $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
        name: 'zhishen',
        scopeName: 'source.zhishen',
        fileTypes: ['zs'],
        comment: '由 vscode-extension/scripts/generate-tmlanguage.mjs 从 Langium 语法生成，不要手改',
        patterns: [{ include: '#expression' }],
        repository: {
            expression: { patterns: expressionPatterns },
            comments: {
                patterns: [
                    { name: 'comment.block.documentation.zhishen', begin: '/\\*\\*(?!/)', end: '\\*/', captures: { 0: { name: 'punctuation.definition.comment.zhishen' } } },
                    { name: 'comment.block.zhishen', begin: '/\\*', end: '\\*/', captures: { 0: { name: 'punctuation.definition.comment.zhishen' } } },
                    { name: 'comment.line.double-slash.zhishen', begin: '//', end: '$', beginCaptures: { 0: { name: 'punctuation.definition.comment.zhishen' } } }
                ]
            },
            strings: {
                patterns: [
                    {
                        name: 'string.quoted.double.zhishen',
                        begin: '"',
                        end: '"|$',
                        beginCaptures: { 0: { name: 'punctuation.definition.string.begin.zhishen' } },
                        endCaptures: { 0: { name: 'punctuation.definition.string.end.zhishen' } },
                        patterns: [{ include: '#string-escape' }, { include: '#interpolation' }]
                    },
                    {
                        name: 'string.quoted.double.chinese.zhishen',
                        begin: '“',
                        end: '[”"]|$',
                        beginCaptures: { 0: { name: 'punctuation.definition.string.begin.zhishen' } },
                        endCaptures: { 0: { name: 'punctuation.definition.string.end.zhishen' } },
                        patterns: [{ include: '#string-escape' }, { include: '#interpolation' }]
                    }
                ]
            },
            'string-escape': { name: 'constant.character.escape.zhishen', match: '\\\\.' },
            interpolation: {
                name: 'meta.interpolation.zhishen',
                begin: '\\{',
                end: '\\}',
                beginCaptures: { 0: { name: 'punctuation.section.interpolation.begin.zhishen' } },
                endCaptures: { 0: { name: 'punctuation.section.interpolation.end.zhishen' } },
                contentName: 'meta.embedded.expression.zhishen',
                patterns: [{ include: '#expression' }]
            },
            'raw-text': {
                name: 'string.quoted.other.raw.zhishen',
                begin: '「',
                end: '」',
                beginCaptures: { 0: { name: 'punctuation.definition.string.begin.zhishen' } },
                endCaptures: { 0: { name: 'punctuation.definition.string.end.zhishen' } }
            },
            declarations: {
                patterns: [
                    {
                        match: `(?<![${ID_CHAR}])(规则|rule)\\s+([${ID_START}][${ID_CHAR}]*)`,
                        captures: { 1: { name: 'storage.type.declaration.zhishen' }, 2: { name: 'entity.name.function.rule.zhishen' } }
                    },
                    {
                        match: `(?<![${ID_CHAR}])(模板|template)\\s+([${ID_START}][${ID_CHAR}]*)`,
                        captures: { 1: { name: 'storage.type.declaration.zhishen' }, 2: { name: 'entity.name.type.template.zhishen' } }
                    },
                    {
                        match: `(?<![${ID_CHAR}])(代码集|codeset)\\s+([${ID_START}][${ID_CHAR}]*)`,
                        captures: { 1: { name: 'storage.type.declaration.zhishen' }, 2: { name: 'entity.name.type.codeset.zhishen' } }
                    },
                    {
                        match: `(?<![${ID_CHAR}])(参数|param)\\s+([${ID_START}][${ID_CHAR}]*)`,
                        captures: { 1: { name: 'storage.type.declaration.zhishen' }, 2: { name: 'variable.other.constant.parameter.zhishen' } }
                    }
                ]
            },
            date: { name: 'constant.numeric.date.zhishen', match: `(?<![${ID_CHAR}])${date}` },
            number: {
                match: `(?<![${ID_CHAR}.])(${number})(${wordAlternation(units)})?`,
                captures: { 1: { name: 'constant.numeric.zhishen' }, 2: { name: 'keyword.other.unit.zhishen' } }
            },
            literals: { name: 'constant.language.zhishen', match: keywordPattern(LITERALS) }
        }
    };
}

function main() {
    const text = JSON.stringify(generateTmLanguage(), null, 2) + '\n';
    if (process.argv.includes('--check')) {
        let current = '';
        try {
            current = readFileSync(OUT, 'utf8');
        } catch {
            // 不存在
        }
        if (current !== text) {
            console.error('syntaxes/zhishen.tmLanguage.json 与语法不一致：运行 node scripts/generate-tmlanguage.mjs');
            process.exit(1);
        }
        return;
    }
    writeFileSync(OUT, text);
    console.log(`已生成 ${OUT}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
