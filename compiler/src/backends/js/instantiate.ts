/**
 * 实例化 factory 格式的规则包（浏览器 worker、测试）：`new Function('rt', code)(runtime)`。
 * 生成的代码只引用参数 rt 与 JS 内置对象（JSON），不访问宿主环境。
 */
import * as runtime from '@zhishen/runtime';
import type { RulePack } from '@zhishen/runtime';

export function instantiateFactory(code: string, rt: typeof runtime = runtime): RulePack {
    const factory = new Function('rt', code) as (rt: typeof runtime) => RulePack;
    return factory(rt);
}
