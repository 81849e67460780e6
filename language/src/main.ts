/**
 * Node 语言服务器入口（@zhishen/language/node-server）。
 *
 *   node language/dist/main.js --stdio      任何编辑器都能这样启动（也支持 --node-ipc、--socket=端口）
 *   npx zhishen lsp --stdio                 命令行：同一个服务器，另带编译器（运行测试、审核样例理赔、构建规则包）
 *
 * 读 zhishen.json 找知识库目录与参数覆盖（见 lsp/project.ts），知识库文件夹用 kb-node 读盘。
 * 标准输入输出模式下 console.log 会被转发为 LSP 日志消息，不会弄乱协议流。
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { loadKnowledgeBaseFolders } from './kb/load-folder.js';
import type { ZhishenRunner } from './lsp/runner.js';
import type { ZhishenServer } from './lsp/server.js';
import { startZhishenServer } from './lsp/server.js';

export interface NodeServerOptions {
    /** 运行测试 / 审核 / 构建规则包（需要编译器，由命令行或 VS Code 扩展提供） */
    runner?: ZhishenRunner;
    /** 慢速校验延迟（毫秒） */
    slowValidationDelay?: number;
}

/** 在当前进程上启动语言服务器（连接方式由命令行参数 --stdio / --node-ipc / --socket= 决定）。 */
export function startNodeServer(options: NodeServerOptions = {}): ZhishenServer {
    const connection = createConnection(ProposedFeatures.all);
    return startZhishenServer({
        connection,
        fileSystem: NodeFileSystem,
        host: { loadKnowledgeBaseFolders: dirs => loadKnowledgeBaseFolders(dirs.map(dir => dir.fsPath)) },
        runner: options.runner,
        slowValidationDelay: options.slowValidationDelay
    });
}

/** 直接 `node dist/main.js --stdio` 运行时启动（被打包或被导入时不自动启动）。 */
function isEntryPoint(): boolean {
    try {
        const self = fileURLToPath(import.meta.url);
        return /[\\/]main\.js$/.test(self) && !!process.argv[1] && realpathSync(process.argv[1]) === realpathSync(self);
    } catch {
        return false;
    }
}

if (isEntryPoint()) startNodeServer();
