/**
 * 解释器的求值环境与编译期上下文。
 */
import type { CodeMatcher, EvalContext, ParamValues } from '@zhishen/runtime';
import type { KnowledgeBase } from '@zhishen/language';
import type { CodeSetTable } from '../../ir/code-sets.js';

export class NotConstant extends Error {
    constructor(readonly reason: string) {
        super(reason);
    }
}

export interface CompileTimeContext {
    kb?: KnowledgeBase;
    matchers: CodeSetTable;
}

export interface EvalEnv {
    ctx: EvalContext | null;
    P: ParamValues | null;
    row: Record<string, unknown> | null;
    locals: Record<string, unknown>;
    /** 元素栈：最内层在末尾 */
    elems: unknown[];
    matcher(id: number): CodeMatcher;
    /** 编译期：知识点展开时的当前知识点记录 */
    kp?: Record<string, unknown>;
    compileTime?: CompileTimeContext;
}

