/**
 * zhishen lsp --stdio：启动智审语言服务器（任何编辑器都能用；VS Code 扩展用的是同一个服务器）。
 *
 * 语言服务器本身在 @zhishen/language/node-server；运行测试、在样例理赔上运行、构建规则包用编译器的
 * createEditorRunner（compiler/src/editor-runner.ts，演练场的语言服务器 worker 用同一个）。
 */
import { startNodeServer } from '@zhishen/language/node-server';
import { createEditorRunner } from '@zhishen/compiler';

export interface LspOptions {
    stdio?: boolean;
    nodeIpc?: boolean;
    socket?: string;
}

/** 启动语言服务器（连接方式由 process.argv 中的 --stdio / --node-ipc / --socket= 决定）。 */
export function startLspServer(): ReturnType<typeof startNodeServer> {
    return startNodeServer({ runner: createEditorRunner() });
}

export async function lspCommand(options: LspOptions): Promise<number> {
    if (!options.stdio && !options.nodeIpc && !options.socket) {
        process.stderr.write('用法：zhishen lsp --stdio（由编辑器启动，经标准输入输出说 LSP）\n');
        return 2;
    }
    startLspServer();
    // 进程由连接保持；编辑器发 exit 通知或关闭输入时结束
    return 0;
}
