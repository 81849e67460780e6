/**
 * ZS0217：测试引用的理赔文件不存在（需要真实文件系统，所以不在数据驱动的用例里）。
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NodeFileSystem } from 'langium/node';
import { createZhishenCoreServices } from '../../src/zhishen-module.js';
import { buildSources } from '../../src/workspace/documents.js';

describe('测试的理赔文件', () => {
    it('文件不存在时警告 ZS0217，存在时不报', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'zhishen-claim-file-'));
        writeFileSync(join(dir, '有.json'), '{"patient_dtos": []}');
        const text = `测试 "有文件" {\n  理赔 文件 "有.json"\n  期望 无违规\n}\n\n测试 "没有文件" {\n  理赔 文件 "没有.json"\n  期望 无违规\n}\n`;
        const { Zhishen } = createZhishenCoreServices(NodeFileSystem);
        const [document] = await buildSources(Zhishen, [{ uri: pathToFileURL(join(dir, 'rules.zs')).href, text }]);
        const codes = (document.diagnostics ?? []).map(d => `${d.range.start.line + 1}:${String(d.code)}`);
        expect(codes).toEqual(['7:ZS0217']);
    });
});
