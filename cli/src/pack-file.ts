/**
 * 加载 zhishen build 生成的规则包文件：实现只有一份（@zhishen/service/pack-file，服务的 worker 也用它），这里把它的
 * PackFileError 换成命令行的 UserError。单独成模块：run 的工作线程只加载它与运行时，不加载语言服务与编译器。
 */
import * as runtime from '@zhishen/runtime';
import type { PackManifest, RulePack } from '@zhishen/runtime';
import { loadPackFile as loadPack, loadPackManifest as loadManifest, PackFileError } from '@zhishen/service/pack-file';
import { UserError } from './errors.js';

export function loadPackFile(file: string): Promise<RulePack> {
    return asUserError(loadPack(file));
}

/** 只读规则包的 manifest（不运行规则包的代码；见 @zhishen/service/pack-file 的 loadPackManifest）。 */
export function loadPackManifest(file: string): Promise<PackManifest> {
    return asUserError(loadManifest(file));
}

/** 规则包文件的错误（中文）是用户的错误：UserError（退出码 2，没有堆栈） */
async function asUserError<T>(loading: Promise<T>): Promise<T> {
    try {
        return await loading;
    } catch (error) {
        if (error instanceof PackFileError) throw new UserError(error.message);
        throw error;
    }
}

/** 工作线程加载规则包的来源：zhishen build 的产物文件，或就地编译（--rules）得到的 factory 代码。 */
export type PackSource = { file: string } | { factory: string };

/** 按来源加载规则包（run 与 screen 的工作线程）。factory 与编译器的 instantiateFactory 相同：`new Function('rt', code)(runtime)`。 */
export function loadPackSource(source: PackSource): Promise<RulePack> {
    if ('file' in source) return loadPackFile(source.file);
    return Promise.resolve((new Function('rt', source.factory) as (rt: typeof runtime) => RulePack)(runtime));
}
