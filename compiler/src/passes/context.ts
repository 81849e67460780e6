/**
 * IR 阶段的共同输入：知识库、构建时的部署配置，以及收诊断的地方。每个阶段是 (IrPack, PassContext) → 新的 IrPack，不改输入。
 */
import type { KnowledgeBase } from '@zhishen/language';
import type { DeploymentConfig } from '@zhishen/runtime';
import type { CompileDiagnostic } from '../diagnostics.js';
import type { IrPack } from '../ir/ir.js';

export interface PassContext {
    kb?: KnowledgeBase;
    /** 已校验的部署配置 */
    config?: DeploymentConfig;
    /** 未校验的部署配置（JSON）：bindParams 对照规则包校验，错误作为诊断 */
    rawConfig?: unknown;
    /** 各阶段追加诊断；有错误时流水线在该阶段之后停止 */
    diagnostics: CompileDiagnostic[];
}

export interface IrPass {
    name: string;
    run(pack: IrPack, context: PassContext): IrPack;
}
