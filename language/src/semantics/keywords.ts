/**
 * 关键字写法的含义：文法里一个概念有中文与英文两种写法（真 / true、同自然月 / same_month），含义只在这里决定一次，
 * 校验与降级都调这里，不各自比较关键字文本。
 */
import type { BooleanLiteral, Window } from '../generated/ast.js';

/** 布尔字面量的值：真 / true 为真，假 / false 为假。 */
export function booleanValue(node: BooleanLiteral): boolean {
    return node.value === '真' || node.value === 'true';
}

/** 日历时间窗：同自然月 / same_month → month，同医保年度 / same_year → year；不是日历窗（近 N天）为 undefined。 */
export function windowCalendar(node: Window): 'month' | 'year' | undefined {
    if (!node.calendar) return undefined;
    return node.calendar === '同自然月' || node.calendar === 'same_month' ? 'month' : 'year';
}
