/**
 * 从文件加载 zhishen build 生成的规则包（命令行 run 与服务的 worker 共用这一份）。
 * 规则包里的运行时导入改成本进程解析到的 @zhishen/runtime，规则包放在哪里都能运行。
 * 错误是 PackFileError（中文信息），调用者决定如何报告。
 */
import { readFileSync } from 'node:fs';
import type { RulePack } from '@zhishen/runtime';
import { PACK_FORMAT } from '@zhishen/runtime';

const IMPORT_LINE = /^import \* as rt from "([^"]+)";$/m;

export class PackFileError extends Error {}

export async function loadPackFile(file: string): Promise<RulePack> {
    let code: string;
    try {
        code = readFileSync(file, 'utf8');
    } catch {
        throw new PackFileError(`读不到规则包「${file}」`);
    }
    if (!IMPORT_LINE.test(code) || !code.includes('export default')) {
        throw new PackFileError(`「${file}」不是 zhishen build 生成的规则包（缺少运行时导入或默认导出）`);
    }
    const runtimeUrl = import.meta.resolve('@zhishen/runtime');
    const rewritten = code.replace(IMPORT_LINE, `import * as rt from ${JSON.stringify(runtimeUrl)};`).replace(/\/\/# sourceMappingURL=.*$/m, '');
    let module: { default?: RulePack };
    try {
        module = await import('data:text/javascript;base64,' + Buffer.from(rewritten).toString('base64'));
    } catch (error) {
        throw new PackFileError(`规则包「${file}」无法加载：${(error as Error).message}`);
    }
    const pack = module.default;
    if (!pack?.manifest || pack.manifest.format !== PACK_FORMAT) {
        throw new PackFileError(`「${file}」的规则包格式（${String(pack?.manifest?.format)}）不受支持：本程序读 ${PACK_FORMAT}，请用同一版本的 zhishen build 重新构建`);
    }
    return pack;
}
