/**
 * 生成代码用的 JS 语法树构造器（ESTree 子集），由 astring 打印成文本。
 *
 * 不变式「用户文本不成为代码」：规则作者写的任何文本（名称、提示、正则、知识库文本、参数值）只能经 literal() 进入语法树，
 * literal 的 raw 由 JSON.stringify 生成并再转义 U+2028 / U+2029 / < / >，因此不可能闭合字符串或注入语句；
 * 标识符只由生成器产生（identifier() 拒绝不合格的名字）。tests/codegen-injection 用恶意载荷验证。
 */
import { generate } from 'astring';

export type Node = Record<string, unknown> & { type: string };

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const RESERVED = new Set(['break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'export', 'extends',
    'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'return', 'super', 'switch', 'this', 'throw', 'try', 'typeof', 'var',
    'void', 'while', 'with', 'yield', 'let', 'static', 'enum', 'await', 'implements', 'package', 'protected', 'interface', 'private', 'public',
    'null', 'true', 'false', 'arguments', 'eval']);

export function identifier(name: string): Node {
    if (!IDENTIFIER.test(name) || RESERVED.has(name)) throw new Error(`生成器内部错误：不合格的标识符 ${JSON.stringify(name)}`);
    return { type: 'Identifier', name };
}

/** 安全的 JSON 文本：可直接作为 JS 字面量（也可放进 HTML 的 <script> 中）。 */
export function safeJson(value: unknown): string {
    return JSON.stringify(value).replace(/[\u2028\u2029<>]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function literal(value: string | number | boolean | null): Node {
    if (typeof value === 'number') {
        if (!Number.isFinite(value)) throw new Error('生成器内部错误：非有限数字');
        if (value < 0 || Object.is(value, -0)) return { type: 'UnaryExpression', operator: '-', prefix: true, argument: literal(-value) };
        return { type: 'Literal', value, raw: String(value) };
    }
    return { type: 'Literal', value, raw: safeJson(value) };
}

export const id = identifier;

export function member(object: Node, property: string | number): Node {
    if (typeof property === 'string' && IDENTIFIER.test(property) && !RESERVED.has(property)) {
        return { type: 'MemberExpression', object, property: identifier(property), computed: false, optional: false };
    }
    return { type: 'MemberExpression', object, property: literal(property), computed: true, optional: false };
}

/**
 * 记录的字段读取：`记录?.字段 ?? null`——记录为空、字段不存在（规则包没读到的可选字段）时为空。
 * 与运行时 ops.field 对记录与空值的结果相同（接收者只可能是记录或空：类型检查不允许对文本、数字取字段）；
 * 直接取属性让 V8 按对象形状内联，不经过一次按变量名的通用读取。字段名只来自内置库，仍按 member() 的规则转义。
 */
export function fieldRead(object: Node, property: string): Node {
    const read = { ...member(object, property), optional: true };
    return { type: 'LogicalExpression', operator: '??', left: { type: 'ChainExpression', expression: read }, right: literal(null) };
}

export function call(callee: Node, args: Node[]): Node {
    return { type: 'CallExpression', callee, arguments: args, optional: false };
}

export function arrow(params: string[], body: Node): Node {
    return { type: 'ArrowFunctionExpression', params: params.map(identifier), body, expression: body.type !== 'BlockStatement', async: false };
}

export function fn(params: string[], body: Node[]): Node {
    return { type: 'FunctionExpression', id: null, params: params.map(identifier), body: block(body), generator: false, async: false };
}

export function block(body: Node[]): Node {
    return { type: 'BlockStatement', body };
}

export function array(elements: Node[]): Node {
    return { type: 'ArrayExpression', elements };
}

export function object(properties: Array<[string, Node]>): Node {
    return {
        type: 'ObjectExpression',
        properties: properties.map(([key, value]) => ({
            type: 'Property', kind: 'init', method: false, shorthand: false, computed: false,
            key: IDENTIFIER.test(key) && !RESERVED.has(key) ? identifier(key) : literal(key), value
        }))
    };
}

export function conditional(test: Node, consequent: Node, alternate: Node): Node {
    return { type: 'ConditionalExpression', test, consequent, alternate };
}

export function binary(operator: string, left: Node, right: Node): Node {
    return { type: 'BinaryExpression', operator, left, right };
}

export function logical(operator: '&&' | '||', left: Node, right: Node): Node {
    return { type: 'LogicalExpression', operator, left, right };
}

export function assign(left: Node, right: Node): Node {
    return { type: 'AssignmentExpression', operator: '=', left, right };
}

export function sequence(expressions: Node[]): Node {
    return { type: 'SequenceExpression', expressions };
}

export function isTrue(expression: Node): Node {
    return binary('===', expression, literal(true));
}

export function statement(expression: Node): Node {
    return { type: 'ExpressionStatement', expression };
}

export function constDecl(name: string, init: Node, kind: 'const' | 'let' = 'const'): Node {
    return { type: 'VariableDeclaration', kind, declarations: [{ type: 'VariableDeclarator', id: identifier(name), init }] };
}

export function letDecl(names: string[]): Node {
    return { type: 'VariableDeclaration', kind: 'let', declarations: names.map(n => ({ type: 'VariableDeclarator', id: identifier(n), init: null })) };
}

export function ret(argument: Node | null): Node {
    return { type: 'ReturnStatement', argument };
}

export function ifStatement(test: Node, consequent: Node): Node {
    return { type: 'IfStatement', test, consequent: consequent.type === 'BlockStatement' ? consequent : block([consequent]), alternate: null };
}

export function newExpression(callee: Node, args: Node[]): Node {
    return { type: 'NewExpression', callee, arguments: args };
}

/** 打印语法树；indentLevel 为整段（含首行）的缩进层级。 */
export function print(node: Node, indentLevel = 0): string {
    return '  '.repeat(indentLevel) + generate(node as never, { indent: '  ', startingIndentLevel: indentLevel });
}
