/**
 * 契约的几处“只定义一次”：编译器与运行时按契约里的英文名工作；每个后端列齐了契约的全部运算；
 * 编译期的记录与契约一致；知识库函数留在规则里是诊断而不是崩溃。
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPS, RECORDS } from '@zhishen/runtime';
import { kpRecord } from '../src/backends/interpret/evaluate.js';
import { INTERPRET_OPS } from '../src/backends/interpret/ops.js';
import { JS_OPS } from '../src/backends/js/ops.js';
import { SQL_OPS } from '../src/backends/sql/ops.js';
import { compileText } from './helpers.js';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
    return readdirSync(dir).flatMap(name => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
    });
}

describe('契约', () => {
    it('每个后端列齐了运算表的全部运算（不多不少）', () => {
        const names = Object.keys(OPS).sort();
        expect(Object.keys(JS_OPS).sort()).toEqual(names);
        expect(Object.keys(INTERPRET_OPS).sort()).toEqual(names);
        // SQL 后端：不支持的运算也在表里（调用时抛 Unsupported，规则得到 ZC0301），不会缺席
        expect(Object.keys(SQL_OPS).sort()).toEqual(names);
    });

    it('编译期的知识点记录恰是契约里 kp 记录的属性', () => {
        const record = kpRecord({ kp_id: 'K', rule_class: 'C', gz_code: 'G', med_codes: ['A', 'B'], item_name: 'N', constraint: 'X', detect_logic: 'L', batch_tag: 'B' });
        expect(Object.keys(record).sort()).toEqual(Object.keys(RECORDS.kp.fields).sort());
    });

    it('编译器的源码不按内置库的中文名（记录、字段、全局名称）做决定', () => {
        // 内置库里的记录名、全局名称、常用字段名；出现在字符串字面量里就是按中文名分支
        const names = ['明细', '就诊', '诊断', '手术', '患者', '处方', '分组', '知识点', '目录条目', '年龄', '性别', '历史就诊', '历史明细', '全部明细'];
        const offenders: string[] = [];
        for (const file of sourceFiles(SRC)) {
            const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
            for (const name of names) {
                for (const quote of [`'${name}'`, `"${name}"`, `\`${name}\``]) {
                    if (text.includes(quote)) offenders.push(`${file.slice(SRC.length)}: ${quote}`);
                }
            }
        }
        expect(offenders).toEqual([]);
    });

    it('编译器的源码不比较中文关键字的写法（含义在语言包 semantics/keywords.ts 决定一次）', () => {
        const compare = /(?:===|!==)\s*['"`]\p{Script=Han}|['"`]\p{Script=Han}[^'"`]*['"`]\s*(?:===|!==)|case\s+['"`]\p{Script=Han}/u;
        const offenders: string[] = [];
        for (const file of sourceFiles(SRC)) {
            const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
            text.split('\n').forEach((line, i) => { if (compare.test(line)) offenders.push(`${file.slice(SRC.length)}:${i + 1}: ${line.trim()}`); });
        }
        expect(offenders).toEqual([]);
    });
});

describe('知识库函数只在编译时', () => {
    it('结果依赖理赔数据、折叠不掉时：诊断 ZC0103（不是编译器内部错误）', async () => {
        const { loadSampleKb } = await import('../../language/test/kb-fixture.js');
        const output = await compileText(`规则 R "t" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「t」
  对每条 明细 m
    当 存在(知识点表("药品限儿童使用") 其中 名称 = m.名称)
    违规 m
}`, { kb: await loadSampleKb() });
        expect(output.ok).toBe(false);
        expect(output.diagnostics.map(d => d.code)).toContain('ZC0103');
    });

    it('能在编译时算完的（计数、投影）折叠成常量', async () => {
        const output = await compileText(`规则 R "t" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「t」
  对每条 明细 m 属于 知识点表("没有的表").编码
    当 计数(知识点表("没有的表")) = 0
    违规 m
}`);
        expect(output.diagnostics.filter(d => d.severity === 'error')).toEqual([]);
        // 没有知识库：表为空，属于 的代码集为空 → 规则被删去并写明原因
        expect(output.result!.manifest.dropped).toEqual([{ rule: 'R', reason: '作用域 属于 的代码集为空' }]);
    });
});
