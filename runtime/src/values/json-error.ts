/**
 * JSON 语法错误的中文说明。V8 的 SyntaxError 文本是英文、随 Node 版本变（"Unexpected token '}', ... is not valid JSON"、
 * "Expected ',' or '}' after property value in JSON at position 6"、"Unexpected end of JSON input"）；
 * 给用户看的错误一律用这里的说明：在哪（第几行第几列、第几个字符），是什么，怎么改。
 */

function lineColumn(text: string, position: number): { line: number; column: number } {
    let line = 1;
    let start = 0;
    for (let i = 0; i < position && i < text.length; i++) {
        if (text.charCodeAt(i) === 10) {
            line++;
            start = i + 1;
        }
    }
    return { line, column: position - start + 1 };
}

/** 出错的位置：V8 给了 position 时用它；原文在结尾中断时是结尾。 */
function positionOf(message: string, text: string | undefined): number | null {
    const at = /at position (\d+)/.exec(message);
    if (at) return Number(at[1]);
    if (/Unexpected end of JSON input/.test(message)) return text === undefined ? null : text.length;
    return null;
}

const EXPECTED: Array<[RegExp, string]> = [
    [/Expected ',' or '\}' after property value/, '属性值后面应为逗号或右花括号 }'],
    [/Expected ',' or '\]' after array element/, '数组元素后面应为逗号或右方括号 ]'],
    [/Expected ':' after property name/, '属性名后面应为冒号 :'],
    [/Expected property name or '\}'/, '应为带双引号的属性名或右花括号 }（JSON 的属性名必须用双引号，最后一项后面不能有逗号）'],
    [/Expected double-quoted property name/, '应为带双引号的属性名（最后一项后面不能有逗号）'],
    [/Unterminated string/, '字符串没有结束的双引号'],
    [/Bad control character in string literal/, '字符串里有未转义的控制字符（换行、制表符应写成 \\n、\\t）'],
    [/Bad escaped character/, '字符串里有无效的转义（反斜杠后只能是 " \\ / b f n r t u）'],
    [/Unexpected end of JSON input/, 'JSON 不完整，在结尾处中断（括号或引号没有配对）'],
    [/Unexpected non-whitespace character after JSON/, '一个完整的 JSON 值后面还有多余的内容（每行只能有一个 JSON 值）'],
    [/Exponent part is missing a number|No number after minus sign|Unterminated fractional number/, '数字写法不对'],
    [/Unexpected token/, '出现了不该出现的字符']
];

/**
 * 中文说明一个 JSON 语法错误。text 是被解析的原文（有它才能换算行列、点出字符）。
 * 返回如「第 1 行第 7 列（第 7 个字符）：属性值后面应为逗号或右花括号 }」。
 */
export function describeJsonError(error: unknown, text?: string): string {
    const message = error instanceof Error ? error.message : String(error);
    const what = EXPECTED.find(([pattern]) => pattern.test(message))?.[1] ?? '语法错误';
    const token = /Unexpected token '?(.)'?,/.exec(message)?.[1] ?? /Unexpected token (.) in JSON/.exec(message)?.[1];
    // V8 对“意外的字符”不给位置；不猜（原文里第一个同样的字符未必是出错处）
    const position = positionOf(message, text);
    const detail = token !== undefined && what === '出现了不该出现的字符' ? `${what}「${token}」` : what;
    if (position === null) return detail;
    if (text === undefined) return `第 ${position + 1} 个字符：${detail}`;
    const { line, column } = lineColumn(text, position);
    return `第 ${line} 行第 ${column} 列（第 ${position + 1} 个字符）：${detail}`;
}
