/**
 * 加载 zhishen build 生成的规则包文件。单独成模块：run 的工作线程只加载它与运行时，不加载语言服务与编译器。
 */
import { readFileSync } from 'node:fs';
import type { RulePack } from '@zhishen/runtime';
import { PACK_FORMAT } from '@zhishen/runtime';
import { UserError } from './errors.js';

const IMPORT_LINE = /^import \* as rt from "([^"]+)";$/m;

/** 加载 zhishen build 生成的规则包。运行时的导入改为本命令行自带的运行时，规则包放在哪里都能运行。 */
export async function loadPackFile(file: string): Promise<RulePack> {
    let code: string;
    try {
        code = readFileSync(file, 'utf8');
    } catch {
        throw new UserError(`读不到规则包「${file}」`);
    }
    if (!IMPORT_LINE.test(code) || !code.includes('export default')) {
        throw new UserError(`「${file}」不是 zhishen build 生成的规则包（缺少运行时导入或默认导出）`);
    }
    const runtimeUrl = import.meta.resolve('@zhishen/runtime');
    const rewritten = code.replace(IMPORT_LINE, `import * as rt from ${JSON.stringify(runtimeUrl)};`).replace(/\/\/# sourceMappingURL=.*$/m, '');
    const module = await import('data:text/javascript;base64,' + Buffer.from(rewritten).toString('base64'));
    const pack = module.default as RulePack;
    if (!pack?.manifest || pack.manifest.format !== PACK_FORMAT) {
        throw new UserError(`「${file}」的规则包格式（${String(pack?.manifest?.format)}）不受支持：本命令行读 ${PACK_FORMAT}，请用同一版本的 zhishen build 重新构建`);
    }
    return pack;
}
