/**
 * zhishen build 生成的规则包与命令行用同一个运行时模块实例：命令行解码的代码集参数（CodeMatcher）在规则包的 属于 里照样成立。
 * 回归：命令行曾把运行时打进自己的包里，规则包却从 node_modules 导入另一份运行时——两个 CodeMatcher 类，instanceof 不认，
 * 参数里的代码集 属于 永远不成立（--rules 就地编译时正常，--pack 时静默地少了结果）。
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(root, 'cli/bin/zhishen.js');

const RULE = `规则 PR_001 "收费类别在参数的代码集里（测试）" {
  分类 医疗类
  级别 提醒
  环节 事前, 事中, 事后
  依据 「测试」
  参数 收费类别集 = { "05" } 「收费类别 chrg_type」
  对每条 明细 m 其中 m.收费类别 属于 收费类别集
    违规 m
}
`;

function zhishen(args: string[], cwd: string) {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('规则包与命令行共用运行时', () => {
    it('参数里的代码集：--pack 与 --rules 结果相同（都命中）', () => {
        const dir = mkdtempSync(join(tmpdir(), 'zhishen-pack-runtime-'));
        writeFileSync(join(dir, 'rule.zs'), RULE);
        copyFileSync(join(root, 'examples/claims/同日重复收费.json'), join(dir, 'claim.json'));
        const built = zhishen(['build', 'rule.zs', '-o', 'pack.mjs'], dir);
        expect(built.code, built.stderr).toBe(0);
        const fromPack = zhishen(['run', '--pack', 'pack.mjs', '--claims', 'claim.json', '--format', 'ndjson'], dir);
        const fromRules = zhishen(['run', '--rules', 'rule.zs', '--claims', 'claim.json', '--format', 'ndjson'], dir);
        expect(fromPack.code, fromPack.stderr).toBe(0);
        expect(fromRules.code, fromRules.stderr).toBe(0);
        const ids = (out: string) => (JSON.parse(out).result as Array<{ rule_id: string }>).map(r => r.rule_id);
        expect(ids(fromRules.stdout)).toContain('PR_001');
        expect(ids(fromPack.stdout)).toEqual(ids(fromRules.stdout));
    }, 120_000);
});
