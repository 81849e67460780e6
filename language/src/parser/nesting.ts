/**
 * 嵌套深度的上限（问题 17-2）：解析、链接、类型推导、校验、格式化、降级都按语法树递归，深的表达式
 * （70 层括号、2,000 项的连加、1,000 个 非）曾让 check / fmt 栈溢出、让语言服务器崩溃；一次溢出后解析器的内部状态
 * 也坏了（同一进程随后把 9 条规则的文件解析成 0 条）。
 *
 * 所以在解析之前按词法单元估计语法树的深度——每层括号（含集合、下标、模板插值）与每个 若 计 BRACKET_COST，每个运算符
 * （且、或、非、+、.、属于……）按优先级层计 1；逗号与子句关键字（当、令、违规……）开始一个新的兄弟表达式，当前层的计数归零。
 * 这是深度的上界：通过估计的文本，语法树深度有界，后面每一步的递归都安全。
 * 超过 MAX_NESTING 的，从超限的词法单元到下一个子句关键字之间换成空白（保留换行，位置不变）再解析，
 * 并报告 ZS0005；剩下的文本照常解析与校验。解析器永远不会遇到过深的输入，也就不会溢出、不会坏掉。
 */
import type { ILexingError, IToken } from 'chevrotain';
import type { LangiumCoreServices, Lexer, LexerResult, TokenizeOptions } from 'langium';
import { createParser, LangiumCompletionParser, LangiumParser } from 'langium';
import { linearizeHiddenTokens } from './hidden-tokens.js';

/** 估计深度的上限：约 40 层括号，或一个表达式里约 400 个同级运算符。实测 60 层括号、1,000 项连加时各环节仍在栈内。 */
export const MAX_NESTING = 400;
/** 一层括号（或一个 若）在解析器里经过全部表达式规则，栈上的代价约是一个运算符的十倍 */
const BRACKET_COST = 10;

const OPEN = new Set(['(', '（', '[', '{']);
const CLOSE = new Set([')', '）', ']', '}']);
/** 运算符的优先级层（与语法 zhishen.langium 的表达式规则一致，数字越大结合越紧）。 */
const TIER: Record<string, number> = {};
const tiers: string[][] = [
    ['其中', 'where'],
    ['或', 'or', '||'],
    ['且', 'and', '&&'],
    ['非', 'not', '!'],
    ['=', '==', '≠', '!=', '<', '<=', '≤', '>', '>=', '≥', '等于', '不等于', '小于', '小于等于', '大于', '大于等于', '属于', '不属于', 'in', '包含', '不包含', 'contains', '匹配', 'matches'],
    ['+', '-'],
    ['*', '×', '/', '÷'],
    ['负号'],
    ['.', '近', 'within', '同自然月', '同医保年度', 'same_month', 'same_year']
];
tiers.forEach((ops, tier) => { for (const op of ops) TIER[op] = tier; });
const NEGATION_TIER = 7;
const POSTFIX_TIER = 8;
const SEPARATORS = new Set([',', '，', '、', '则', '否则', 'then', 'else', '至', 'to']);
/** 开始一个新子句或声明的关键字（其前后的表达式是兄弟，不是嵌套） */
const CLAUSES = new Set([
    '规则', '模板', '代码集', '参数', '测试', '令', '当', '仅当', '违规', '金额', '涉及', '提示', '依据', '说明', '分类', '级别', '环节', '适用', '知识点', '套用',
    '对每条', '对每个', '对每次', '对每张', '对每组', '对每日', '对每小时', '理赔', '期望', '设定', 'rule', 'when', 'let', 'test', 'expect', 'foreach'
]);

export interface NestingViolation {
    /** 换成空白后的文本（与原文等长，换行不变） */
    text: string;
    offset: number;
    length: number;
    line: number;
    column: number;
}

/** 一层：括号（含集合、下标、模板插值）或 若；每个优先级层一个计数。 */
interface Level {
    kind: 'bracket' | 'if';
    counts: number[];
}

const newLevel = (kind: Level['kind']): Level => ({ kind, counts: new Array<number>(tiers.length).fill(0) });

/**
 * 文本的嵌套估计超限时返回换掉超限部分的文本与位置；否则 undefined（常见情形，只多一次词法分析）。
 * 估计 = 层数 × BRACKET_COST + 每层当前路径上各优先级的运算符数：遇到低优先级的运算符，高优先级的计数归零
 * （左边已经是一棵完整的子树，深度检查过了），所以 `a > 1 或 b > 1 或 …` 按 或 的个数计，`a.b + c.d` 的 . 不累积。
 */
export function limitNesting(text: string, tokens: readonly IToken[]): NestingViolation | undefined {
    const stack: Level[] = [newLevel('bracket')];
    let depth = 0;
    const sumOf = (level: Level) => level.counts.reduce((a, b) => a + b, 0);
    const reset = (level: Level, fromTier: number) => {
        for (let t = fromTier; t < level.counts.length; t++) {
            depth -= level.counts[t];
            level.counts[t] = 0;
        }
    };
    const pop = () => {
        const level = stack.pop()!;
        depth -= BRACKET_COST + sumOf(level);
    };
    /** 前一个词法单元结束了一个操作数（决定 - 是减号还是负号） */
    let afterOperand = false;
    for (let i = 0; i < tokens.length; i++) {
        const token = tokens[i];
        const image = token.image;
        const name = token.tokenType.name;
        let operand = false;
        if (OPEN.has(image) || name === 'TEMPLATE_START') {
            stack.push(newLevel('bracket'));
            depth += BRACKET_COST;
        } else if (CLOSE.has(image) || name === 'TEMPLATE_END') {
            while (stack.length > 1 && stack[stack.length - 1].kind === 'if') pop();
            if (stack.length > 1) pop();
            // 闭合的括号是一个操作数；下标 a[1][2]… 是左深的后缀链，像 . 一样计数
            const level = stack[stack.length - 1];
            level.counts[POSTFIX_TIER]++;
            depth++;
            operand = true;
        } else if (name === 'TEMPLATE_MIDDLE' || SEPARATORS.has(image) || CLAUSES.has(image)) {
            if (!SEPARATORS.has(image) || (image !== '则' && image !== 'then' && image !== '否则' && image !== 'else')) {
                while (stack.length > 1 && stack[stack.length - 1].kind === 'if') pop();
            }
            reset(stack[stack.length - 1], 0);
        } else if (image === '若' || image === 'if') {
            stack.push(newLevel('if'));
            depth += BRACKET_COST;
        } else if (TIER[image] !== undefined) {
            const tier: number = image === '-' && !afterOperand ? NEGATION_TIER : TIER[image];
            const level = stack[stack.length - 1];
            reset(level, tier + 1);
            level.counts[tier]++;
            depth++;
            // 后缀（. 近 同自然月）之后仍是操作数
            operand = tier === TIER['.'] && image !== '.';
        } else {
            operand = true;
        }
        afterOperand = operand;
        if (depth > MAX_NESTING) {
            // 从这里到下一个子句关键字（或文本末尾）换成空白
            let end = i;
            while (end + 1 < tokens.length && !CLAUSES.has(tokens[end + 1].image)) end++;
            const start = token.startOffset;
            const stop = tokens[end].endOffset! + 1;
            const blanked = text.slice(0, start) + text.slice(start, stop).replace(/[^\r\n]/g, ' ') + text.slice(stop);
            return { text: blanked, offset: start, length: stop - start, line: token.startLine ?? 1, column: token.startColumn ?? 1 };
        }
    }
    return undefined;
}

/** 嵌套超限的词法错误：文档校验（document-validator.ts）认出 zhishenCode，报告 ZS0005 而不是“无法识别的字符”。 */
export interface NestingError extends ILexingError {
    zhishenCode: 'ZS0005';
}

export function nestingError(violation: NestingViolation): NestingError {
    return {
        zhishenCode: 'ZS0005', offset: violation.offset, length: Math.min(violation.length, 1), line: violation.line, column: violation.column,
        message: `嵌套过深（估计深度超过 ${MAX_NESTING}）`
    };
}

/** 词法分析之后估计嵌套深度；超限时把超限部分换成空白重新分析，并附上 ZS0005 的词法错误。只在超限时多分析一次。 */
function guardedLexer(lexer: Lexer): Lexer {
    const guarded = Object.create(lexer) as Lexer;
    guarded.tokenize = (text: string, options?: TokenizeOptions): LexerResult => {
        const result = lexer.tokenize(text, options);
        const violation = limitNesting(text, result.tokens);
        if (!violation) return result;
        const again = lexer.tokenize(violation.text, options);
        again.errors.push(nestingError(violation));
        return again;
    };
    return guarded;
}

/** 解析器（与补全用的解析器）：用带嵌套上限的词法分析器（见文件开头）；解析器的注释处理是线性的（hidden-tokens.ts）。 */
class GuardedParser extends LangiumParser {
    constructor(services: LangiumCoreServices) {
        super(services);
        (this as unknown as { lexer: Lexer }).lexer = guardedLexer(services.parser.Lexer);
        linearizeHiddenTokens(this);
    }
}

class GuardedCompletionParser extends LangiumCompletionParser {
    constructor(services: LangiumCoreServices) {
        super(services);
        (this as unknown as { lexer: Lexer }).lexer = guardedLexer(services.parser.Lexer);
    }
}

export function createGuardedParser(services: LangiumCoreServices): LangiumParser {
    const parser = createParser(services.Grammar, new GuardedParser(services), services.parser.Lexer.definition);
    parser.finalize();
    return parser;
}

export function createGuardedCompletionParser(services: LangiumCoreServices): LangiumCompletionParser {
    const parser = createParser(services.Grammar, new GuardedCompletionParser(services), services.parser.Lexer.definition);
    parser.finalize();
    return parser;
}
