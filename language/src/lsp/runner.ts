/**
 * 运行测试 / 审核 / 构建规则包需要编译器；语言包不依赖编译器（编译器依赖语言包），所以由宿主注入：
 * 命令行的 `zhishen lsp`（cli/src/commands/lsp.ts）与 VS Code 扩展的服务器用编译器实现它；
 * 浏览器演练场可以在 worker 里自己实现并传给 startBrowserServer。
 */
import type { KnowledgeBase } from '../kb/types.js';
import type { BuildPackParams, BuildPackResult, EvaluateParams, EvaluateResult, RunTestsParams, RunTestsResult, WhyNotParams, WhyNotResult } from './protocol.js';

export interface RunnerInput {
    /** 工作区全部规则文件（编辑器中的最新内容） */
    sources: Array<{ uri: string; text: string }>;
    kb?: KnowledgeBase;
    /** zhishen.json 合并后的部署配置（参数覆盖等），原样 JSON */
    deploymentConfig?: Record<string, unknown>;
    /** 读一个文件（测试的理赔文件）；读不到时抛出中文错误 */
    readFile(uri: string): string;
    /** zhishen.json 所在目录的 URI */
    projectDir?: string;
}

export interface ZhishenRunner {
    runTests(input: RunnerInput, params: RunTestsParams): Promise<RunTestsResult>;
    evaluate(input: RunnerInput, params: EvaluateParams): Promise<EvaluateResult>;
    whyNot(input: RunnerInput, params: WhyNotParams): Promise<WhyNotResult>;
    buildPack(input: RunnerInput, params: BuildPackParams): Promise<BuildPackResult>;
}
