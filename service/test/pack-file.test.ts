/** 规则包文件：只读 manifest（不运行规则包的代码）与完整加载得到同一个 manifest；读不出那段 JSON 时退回完整加载；不是规则包时同样的错误。 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPackFile, loadPackManifest, PackFileError } from '../src/pack-file.js';
import { buildPack, tempDir } from './helpers.js';

describe('loadPackManifest', () => {
    it('与完整加载的 manifest 相同；改过形状的规则包退回完整加载；不是规则包、读不到时与 loadPackFile 同样的错误', async () => {
        const dir = tempDir();
        const file = await buildPack(dir);
        const full = (await loadPackFile(file)).manifest;
        expect(await loadPackManifest(file)).toEqual(full);
        expect(full.rules.length).toBeGreaterThan(2);
        // 规格 JSON 换了写法（不再是 const D = JSON.parse("…")）：完整加载，结果不变
        const reshaped = join(dir, 'reshaped.mjs');
        writeFileSync(reshaped, readFileSync(file, 'utf8').replace('const D = JSON.parse(', 'const D = (0, JSON.parse)('));
        expect(await loadPackManifest(reshaped)).toEqual(full);
        const notPack = join(dir, 'x.mjs');
        writeFileSync(notPack, 'export const x = 1;\n');
        await expect(loadPackManifest(notPack)).rejects.toThrow(PackFileError);
        await expect(loadPackManifest(notPack)).rejects.toThrow(/不是 zhishen build 生成的规则包/);
        await expect(loadPackManifest(join(dir, '没有.mjs'))).rejects.toThrow(/读不到规则包/);
    });
});
