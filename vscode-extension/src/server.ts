/**
 * 扩展自带的语言服务器进程入口（打包为 dist/server.mjs，由 vscode-languageclient 以 IPC 启动）。
 * 与 `zhishen lsp --stdio` 是同一个服务器：语言服务 + 编译器运行器（运行测试、审核样例理赔、构建规则包）。
 */
import { startLspServer } from 'zhishen/dist/commands/lsp.js';

startLspServer();
