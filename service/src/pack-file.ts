/**
 * 从文件加载 zhishen build 生成的规则包（命令行 run 与服务的 worker 共用这一份）。
 * 规则包里的运行时导入改成本进程解析到的 @zhishen/runtime，规则包放在哪里都能运行。
 * 错误是 PackFileError（中文信息），调用者决定如何报告。
 */
import { readFileSync } from 'node:fs';
import type { PackHeader, PackManifest, RulePack, RuleSpec } from '@zhishen/runtime';
import { manifestOf, PACK_FORMAT } from '@zhishen/runtime';

const IMPORT_LINE = /^import \* as rt from "([^"]+)";$/m;

export class PackFileError extends Error {}

function readPackCode(file: string): string {
    let code: string;
    try {
        code = readFileSync(file, 'utf8');
    } catch {
        throw new PackFileError(`读不到规则包「${file}」`);
    }
    if (!IMPORT_LINE.test(code) || !code.includes('export default')) {
        throw new PackFileError(`「${file}」不是 zhishen build 生成的规则包（缺少运行时导入或默认导出）`);
    }
    return code;
}

const DATA_START = 'const D = JSON.parse(';

/**
 * 只读规则包的 manifest，不运行规则包的代码：生成的模块把规则规格存成一段 JSON（`const D = JSON.parse("…")`），
 * 模块导出的 manifest 就是 manifestOf(D.header, D.rules)——这里对同一段 JSON 调同一个函数。zhishen run 的主线程只要 manifest
 * （规则名、部署配置的校验），规则包由每个工作线程加载，主线程不必再放一份（全国知识点规则包约 50 MB）。读不出这段 JSON 时完整加载。
 */
export async function loadPackManifest(file: string): Promise<PackManifest> {
    const code = readPackCode(file);
    const start = code.indexOf(DATA_START);
    const end = start < 0 ? -1 : code.indexOf(');\n', start);
    if (start >= 0 && end > start) {
        try {
            const data = JSON.parse(JSON.parse(code.slice(start + DATA_START.length, end)) as string) as { header?: PackHeader; rules?: RuleSpec[] };
            if (data.header?.format === PACK_FORMAT && Array.isArray(data.rules)) return manifestOf(data.header, data.rules);
        } catch {
            // 不是预期的形状：完整加载（下面），由它报告
        }
    }
    return (await loadPackFile(file)).manifest;
}

export async function loadPackFile(file: string): Promise<RulePack> {
    const code = readPackCode(file);
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
