/**
 * 加载 zhishen build 生成的规则包文件：实现只有一份（@zhishen/service/pack-file，服务的 worker 也用它），这里把它的
 * PackFileError 换成命令行的 UserError。单独成模块：run 的工作线程只加载它与运行时，不加载语言服务与编译器。
 */
import type { PackManifest, RulePack } from '@zhishen/runtime';
import { loadPackFile as loadPack, loadPackManifest as loadManifest, PackFileError } from '@zhishen/service/pack-file';
import { UserError } from './errors.js';

export async function loadPackFile(file: string): Promise<RulePack> {
    try {
        return await loadPack(file);
    } catch (error) {
        if (error instanceof PackFileError) throw new UserError(error.message);
        throw error;
    }
}

/** 只读规则包的 manifest（不运行规则包的代码；见 @zhishen/service/pack-file 的 loadPackManifest）。 */
export async function loadPackManifest(file: string): Promise<PackManifest> {
    try {
        return await loadManifest(file);
    } catch (error) {
        if (error instanceof PackFileError) throw new UserError(error.message);
        throw error;
    }
}
