/**
 * 命令行：启动构建好的 CLI（node cli/bin/zhishen.js …；npm test 会先构建），在临时目录里检查退出码与输出格式。
 * 需要 ../shared/kb-data 的用例只在该目录不存在时跳过（CI 中存在）。
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(root, 'cli/bin/zhishen.js');
const SAMPLE_KB = join(root, 'stdlib-rules/sample-kb');
const NATIONAL_KB = join(root, '../shared/kb-data');
const TOUR = join(root, 'examples/语言导览.zs');
const CLAIM = join(root, 'examples/claims/同日重复收费.json');

interface Result {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** 启动 CLI（异步：互不依赖的命令并发运行）。 */
function zhishen(args: string[], cwd: string, input?: string): Promise<Result> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [BIN, ...args], {
            cwd,
            env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, CI: undefined },
            stdio: ['pipe', 'pipe', 'pipe']
        });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
        child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
        child.on('error', reject);
        child.on('close', code => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
        child.stdin.end(input ?? '');
    });
}

function temp(): string {
    return mkdtempSync(join(tmpdir(), 'zhishen-cli-'));
}

/** 临时项目：语言导览（规则与测试）+ 理赔样例。 */
function project(): string {
    const dir = temp();
    cpSync(TOUR, join(dir, 'rules.zs'));
    cpSync(join(root, 'examples/claims'), join(dir, 'claims'), { recursive: true });
    return dir;
}

const claimJson = () => JSON.parse(readFileSync(CLAIM, 'utf8'));

let builtDir: Promise<string> | undefined;
/** 构建一次语言导览的规则包（build 与 run 的用例共用）。 */
function built(): Promise<string> {
    builtDir ??= (async () => {
        const dir = project();
        const r = await zhishen(['build', 'rules.zs', '--kb', SAMPLE_KB, '-o', 'pack.mjs'], dir);
        expect(r.code, r.stdout + r.stderr).toBe(0);
        expect(r.stdout).toContain('已生成规则包 pack.mjs');
        return dir;
    })();
    return builtDir;
}

beforeAll(() => {
    expect(existsSync(BIN), '先构建：npm run build').toBe(true);
    expect(existsSync(join(root, 'cli/dist/main.js')), '先构建：npm run build').toBe(true);
});

describe.concurrent('zhishen check', () => {
    it('好的文件：退出码 0，汇总一行', async () => {
        const r = await zhishen(['check', 'examples', '--kb', SAMPLE_KB], root);
        expect(r.code, r.stdout + r.stderr).toBe(0);
        expect(r.stdout).toMatch(/检查了 1 个文件、\d+ 条规则；0 个错误/);
    });

    it('坏的文件：退出码 1，文件:行:列、编码、中文信息与提示', async () => {
        const dir = temp();
        writeFileSync(join(dir, 'bad.zs'), '规则 R1 "坏" {\n  分类 管理类\n  级别 提醒\n  环节 事后\n  依据 「x」\n  对每条 明细 m\n    当 m.数量 > 上线\n    当 m.名字 = "甲"\n    违规 m\n}\n');
        const r = await zhishen(['check', 'bad.zs'], dir);
        expect(r.code).toBe(1);
        expect(r.stdout).toContain('错误[ZS0101]: 未知名称「上线」');
        expect(r.stdout).toContain('--> bad.zs:7:14');
        expect(r.stdout).toContain('错误[ZS0102]');
        expect(r.stdout).toContain('--> bad.zs:8:9');
        expect(r.stdout).toMatch(/= 提示：.+/);
        expect(r.stdout).toMatch(/2 个错误/);
        const json = await zhishen(['check', 'bad.zs', '--format', 'json'], dir);
        expect(json.code).toBe(1);
        const report = JSON.parse(json.stdout) as { errors: number; diagnostics: Array<{ file: string; line: number; column: number; code: string; message: string; hint?: string; severity: string }> };
        expect(report.errors).toBe(2);
        expect(report.diagnostics.map(d => `${d.file}:${d.line}:${d.column} ${d.code} ${d.severity}`)).toEqual(['bad.zs:7:14 ZS0101 error', 'bad.zs:8:9 ZS0102 error']);
        for (const d of report.diagnostics) {
            expect(d.message).toMatch(/[\u4e00-\u9fff]/);
            expect(d.hint).toMatch(/[\u4e00-\u9fff]/);
        }
    });

    it('语法错误也给出位置与编码，不崩溃', async () => {
        const dir = temp();
        writeFileSync(join(dir, 'syntax.zs'), '规则 R1 "坏" {\n  当 ¤ 真\n  对每条明细 m\n');
        const r = await zhishen(['check', 'syntax.zs'], dir);
        expect(r.code).toBe(1);
        expect(r.stdout).toMatch(/错误\[ZS0001\][^\n]*\n\s*--> syntax\.zs:2:5/);
        expect(r.stdout).toContain('ZS0004');
        expect(r.stderr).not.toMatch(/内部错误|at .*\.js:\d+/);
    });

    it('只有警告：退出码 0；--warnings-as-errors 时 1', async () => {
        const dir = temp();
        writeFileSync(join(dir, 'warn.zs'), '规则 R1 "警告" {\n  级别 提醒\n  环节 事后\n  违规 就诊\n}\n');
        expect((await zhishen(['check', 'warn.zs'], dir)).code).toBe(0);
        expect((await zhishen(['check', 'warn.zs', '--warnings-as-errors'], dir)).code).toBe(1);
    });
});

describe.concurrent('zhishen fmt', () => {
    it('--check：需要格式化时退出码 1 且不改文件；格式化后与黄金文件相同，--check 为 0', async () => {
        const dir = temp();
        const messy = readFileSync(join(root, 'language/test/formatting/cases/messy.input.zs'), 'utf8');
        writeFileSync(join(dir, 'm.zs'), messy);
        const check = await zhishen(['fmt', '--check', 'm.zs'], dir);
        expect(check.code).toBe(1);
        expect(check.stdout).toContain('m.zs');
        expect(readFileSync(join(dir, 'm.zs'), 'utf8')).toBe(messy);
        expect((await zhishen(['fmt', 'm.zs'], dir)).code).toBe(0);
        const once = readFileSync(join(dir, 'm.zs'), 'utf8');
        expect(once).toBe(readFileSync(join(root, 'language/test/formatting/cases/messy.output.zs'), 'utf8'));
        expect((await zhishen(['fmt', '--check', 'm.zs'], dir)).code).toBe(0);
    });

    it('有语法错误的文件不改写', async () => {
        const dir = temp();
        writeFileSync(join(dir, 'bad.zs'), '规则 X { 当 }\n');
        const r = await zhishen(['fmt', 'bad.zs'], dir);
        expect(r.code).not.toBe(0);
        expect(readFileSync(join(dir, 'bad.zs'), 'utf8')).toBe('规则 X { 当 }\n');
    });
});

describe.concurrent('zhishen build', () => {
    it('生成 pack.mjs + .map + .manifest.json', async () => {
        const dir = await built();
        for (const file of ['pack.mjs', 'pack.mjs.map', 'pack.manifest.json']) expect(existsSync(join(dir, file)), file).toBe(true);
        const code = readFileSync(join(dir, 'pack.mjs'), 'utf8');
        expect(code).toMatch(/^import \* as rt from "@zhishen\/runtime";$/m);
        expect(code).toContain('//# sourceMappingURL=pack.mjs.map');
        const manifest = JSON.parse(readFileSync(join(dir, 'pack.manifest.json'), 'utf8'));
        expect(manifest.format).toBe('zhishen-pack/2');
        expect(manifest.rules.map((x: { id: string }) => x.id)).toContain('ZS_DEMO_003');
        expect(manifest.kb.name).toBe('智审样例知识库');
        const map = JSON.parse(readFileSync(join(dir, 'pack.mjs.map'), 'utf8'));
        expect(map.version).toBe(3);
        expect(map.sources).toEqual(['rules.zs']);
    });

    it('--derived：逐知识点列出从限定条件推出的参数（TSV；- 为标准输出，汇总改写到标准错误）', async () => {
        const dir = await built();
        const r = await zhishen(['build', 'rules.zs', '--kb', SAMPLE_KB, '-o', 'derived/pack.mjs', '--derived', '-'], dir);
        expect(r.code, r.stderr).toBe(0);
        const lines = r.stdout.trimEnd().split('\n');
        expect(lines[0]).toBe('规则\t知识点\t名称\t生效\t推出的参数');
        const row = lines.find(l => /疗程上限=14天/.test(l));
        expect(row, r.stdout.slice(0, 500)).toMatch(/^\S+\tKP-[0-9a-f]+\t[^\t]+\t是\t/);
        expect(r.stderr).toContain('已生成规则包');
    });

    it('有错误的规则：退出码 1，不生成规则包', async () => {
        const dir = temp();
        writeFileSync(join(dir, 'bad.zs'), '规则 R1 "x" {\n  级别 提醒\n  环节 事后\n  当 不存在 > 1\n  违规 就诊\n}\n');
        const r = await zhishen(['build', 'bad.zs', '-o', 'out/pack.mjs'], dir);
        expect(r.code).toBe(1);
        expect(r.stdout + r.stderr).toContain('ZS0101');
        expect(existsSync(join(dir, 'out/pack.mjs'))).toBe(false);
    });

    it('部署配置单位不对：中文错误，退出码 1', async () => {
        const dir = project();
        writeFileSync(join(dir, 'bad-config.json'), JSON.stringify({ 参数: { '*': { 儿童年龄上限: '15天' } } }));
        const r = await zhishen(['build', 'rules.zs', '--kb', SAMPLE_KB, '-o', 'out/pack.mjs', '--config', 'bad-config.json'], dir);
        expect(r.code).toBe(1);
        expect(r.stdout + r.stderr).toContain('单位「天」不对，应写成如「18岁」');
        // 部署配置的错误没有源码位置：不打印「目录:0:0」这样的假位置
        expect(r.stdout + r.stderr).not.toMatch(/:0:0/);
    });
});

describe.concurrent('zhishen run', () => {
    let dir: string;
    beforeAll(async () => {
        dir = await built();
        const claim = claimJson();
        const lines = [
            JSON.stringify(claim),
            '{"patient_dtos": [',
            JSON.stringify({ task_id: 'T2', patient_dtos: [{ patn_id: 'X' }] }),
            '',
            JSON.stringify({ ...claim, task_id: 'T3' }),
            '[1, 2, 3]',
            JSON.stringify({ task_id: 'BIG', patient_dtos: [{ patn_id: 'BIG', fsi_encounter_dtos: [{ mdtrt_id: 'M', fsi_order_dtos: [{ rx_id: 'R', hilist_code: '001102000030000', cnt: 9e9, pric: 9e9 }] }] }] }),
            'null',
            JSON.stringify({ task_id: 'T4', patient_dtos: [] }),
            JSON.stringify({ ...claim, task_id: 'T5' })
        ];
        writeFileSync(join(dir, 'batch.ndjson'), lines.join('\n') + '\n');
    });

    it('.json：一个 3101 输出；再运行一次逐字节相同', async () => {
        const a = await zhishen(['run', '--pack', 'pack.mjs', '--claims', 'claims/同日重复收费.json'], dir);
        expect(a.code, a.stderr).toBe(0);
        const response = JSON.parse(a.stdout);
        expect(response.task_id).toBe('T-20240302-001');
        expect(response.result).toHaveLength(1);
        const finding = response.result[0];
        for (const key of ['jr_id', 'rule_id', 'rule_name', 'vola_cont', 'patn_id', 'mdtrt_id', 'vola_amt', 'vola_amt_stas', 'sev_deg', 'vola_evid', 'vola_bhvr_type', 'judge_result_detail_dtos']) {
            expect(finding, key).toHaveProperty(key);
        }
        expect(finding.judge_result_detail_dtos.map((d: { rx_id: string; vola_item_type: string }) => `${d.rx_id}:${d.vola_item_type}`)).toEqual(['R2:1', 'R1:2']);
        const b = await zhishen(['run', '--pack', 'pack.mjs', '--claims', 'claims/同日重复收费.json'], dir);
        expect(b.stdout).toBe(a.stdout);
    });

    it('.ndjson：每行输入一行输出、顺序不变；坏行输出错误行、批次继续；汇总 读取 = 审核 + 拒绝；再运行逐字节相同', async () => {
        const a = await zhishen(['run', '--pack', 'pack.mjs', '--claims', 'batch.ndjson'], dir);
        expect(a.code, a.stderr).toBe(0);
        const out = a.stdout.split('\n');
        expect(out.pop()).toBe('');
        expect(out).toHaveLength(10);
        const parsed = out.map(line => JSON.parse(line));
        const kinds = parsed.map(p => ('error' in p ? `错误@${p.line}:${p.error.code}` : `结果:${p.task_id}`));
        expect(kinds).toEqual(['结果:T-20240302-001', '错误@2:ZR0000', '错误@3:ZR0005', '错误@4:ZR0000', '结果:T3', '错误@6:ZR0001', '错误@7:ZR0012', '错误@8:ZR0001', '结果:T4', '结果:T5']);
        for (const p of parsed.filter(p => 'error' in p)) {
            expect(Object.keys(p).sort()).toEqual(['error', 'line']);
            expect(p.error.message).toMatch(/[\u4e00-\u9fff]/);
            expect(typeof p.error.path).toBe('string');
        }
        const summary = /读取 (\d+)，审核 (\d+)，拒绝 (\d+)/.exec(a.stderr);
        expect(summary, a.stderr).not.toBeNull();
        const [read, evaluated, rejected] = summary!.slice(1).map(Number);
        expect(read).toBe(10);
        expect(evaluated).toBe(4);
        expect(rejected).toBe(6);
        expect(evaluated + rejected).toBe(read);
        const b = await zhishen(['run', '--pack', 'pack.mjs', '--claims', 'batch.ndjson'], dir);
        expect(b.stdout).toBe(a.stdout);
    });

    it('读不出来的行（ZR0000）：带上能从坏文本读出的 task_id / patn_id / mdtrt_id，信息是中文的第几个字符与期望，没有 V8 的英文', async () => {
        const good = JSON.stringify({ ...claimJson(), task_id: 'OK' });
        const broken = [
            good.replace('"task_id":"OK"', '"task_id":"坏-1"').slice(0, -3),                       // 截断
            good.replace('"task_id":"OK"', '"task_id":"坏-2"').replace(/"cnt":(\d+)/, '"cnt":$1,,'),  // 多一个逗号
            `{'task_id': 'x'}`
        ];
        const file = join(dir, 'broken-ids.ndjson');
        writeFileSync(file, [broken[0], good, broken[1], broken[2]].join('\n') + '\n');
        const result = await zhishen(['run', '--pack', 'pack.mjs', '--claims', 'broken-ids.ndjson'], dir);
        const out = result.stdout.trim().split('\n').map(line => JSON.parse(line));
        expect(out).toHaveLength(4);
        expect(out[1].task_id).toBe('OK');
        const source = claimJson() as { patient_dtos: Array<{ patn_id: string; curr_mdtrt_id?: string; fsi_encounter_dtos: Array<{ mdtrt_id: string }> }> };
        const patn = source.patient_dtos[0].patn_id;
        const mdtrt = source.patient_dtos[0].curr_mdtrt_id ?? source.patient_dtos[0].fsi_encounter_dtos[0].mdtrt_id;
        expect(out[0].error).toMatchObject({ code: 'ZR0000', task_id: '坏-1', patn_id: patn, mdtrt_id: mdtrt });
        expect(out[2].error).toMatchObject({ code: 'ZR0000', task_id: '坏-2', patn_id: patn, mdtrt_id: mdtrt });
        expect(out[3].error.code).toBe('ZR0000');
        expect(out[3].error.task_id).toBeUndefined();
        expect(out[0].error.message).toMatch(/^不是有效的 JSON：第 \d+ 个字符处期望.+，实际是行尾$/);
        expect(out[2].error.message).toMatch(/^不是有效的 JSON：第 \d+ 个字符处期望属性名/);
        expect(out[3].error.message).toBe('不是有效的 JSON：第 2 个字符处期望属性名（带双引号的字符串）或 }，实际是「\'」');
        for (const line of [out[0], out[2], out[3]]) expect(line.error.message.replace('JSON', '')).not.toMatch(/[A-Za-z]{4,}/);
    });

    it('无效的 UTF-8 在任何字段（名称、键名）里都是这条理赔的错误 ZR0018，写明字段；其余行照常审核', async () => {
        const good = JSON.stringify({ ...claimJson(), task_id: 'OK' });
        const withName = Buffer.from(good.replace('"task_id":"OK"', '"task_id":"U1"').replace('"hilist_name":"', '"hilist_name":"@@'));
        const at = withName.indexOf('@@');
        withName[at] = 0xff; // 坏字节
        withName[at + 1] = 0x41;
        const withKey = Buffer.from(good.replace('"task_id":"OK"', '"task_id":"U2"').replace('"hilist_code"', '"hilist_c@de"'));
        withKey[withKey.indexOf('@')] = 0xc3; // 不完整的两字节序列
        writeFileSync(join(dir, 'utf8.ndjson'), Buffer.concat([withName, Buffer.from('\n'), Buffer.from(good + '\n'), withKey, Buffer.from('\n')]));
        const result = await zhishen(['run', '--pack', 'pack.mjs', '--claims', 'utf8.ndjson'], dir);
        const out = result.stdout.trim().split('\n').map(line => JSON.parse(line));
        expect(out).toHaveLength(3);
        expect(out[0].error).toMatchObject({ code: 'ZR0018', task_id: 'U1' });
        expect(out[0].error.path).toMatch(/^patient_dtos\[0\]\.fsi_encounter_dtos\[\d+\]\.fsi_order_dtos\[0\]\.hilist_name$/);
        expect(out[1].task_id).toBe('OK');
        expect(out[2].error).toMatchObject({ code: 'ZR0018', task_id: 'U2' });
        expect(out[2].error.path).toMatch(/hilist_c\uFFFDde$/);
        expect(out[2].error.message).toContain('字段名');
    });

    it('转义写的 U+FFFD（\\ufffd）在规则不读的字段里也是 ZR0018（与服务相同）', async () => {
        const good = JSON.stringify({ ...claimJson(), task_id: 'E1' });
        const escaped = good.replace('"hilist_name":"', '"hilist_name":"\\uFFFD');
        expect(escaped).not.toBe(good);
        writeFileSync(join(dir, 'escaped.ndjson'), `${escaped}\n${good}\n`);
        const out = (await zhishen(['run', '--pack', 'pack.mjs', '--claims', 'escaped.ndjson'], dir)).stdout.trim().split('\n').map(line => JSON.parse(line));
        expect(out).toHaveLength(2);
        expect(out[0].error).toMatchObject({ code: 'ZR0018', task_id: 'E1' });
        expect(out[0].error.path).toMatch(/hilist_name$/);
        expect(out[1].task_id).toBe('E1');
    });

    it('标准输入（-）按 NDJSON 处理', async () => {
        const input = readFileSync(join(dir, 'batch.ndjson'), 'utf8');
        const a = await zhishen(['run', '--pack', 'pack.mjs', '--claims', '-'], dir, input);
        expect(a.code).toBe(0);
        expect(a.stdout).toBe((await zhishen(['run', '--pack', 'pack.mjs', '--claims', 'batch.ndjson'], dir)).stdout);
    });

    it('文件开头的 UTF-8 BOM 与 CRLF 换行', async () => {
        const claim = JSON.stringify(claimJson());
        writeFileSync(join(dir, 'bom.ndjson'), '\uFEFF' + claim + '\r\n' + claim + '\r\n');
        const a = await zhishen(['run', '--pack', 'pack.mjs', '--claims', 'bom.ndjson'], dir);
        expect(a.stdout.split('\n').filter(Boolean).map(l => 'error' in JSON.parse(l))).toEqual([false, false]);
        writeFileSync(join(dir, 'bom.json'), '\uFEFF' + claim);
        const b = await zhishen(['run', '--pack', 'pack.mjs', '--claims', 'bom.json'], dir);
        expect(b.code, b.stderr).toBe(0);
        expect(JSON.parse(b.stdout).result).toHaveLength(1);
    });

    it('--format table：中文表头与每条结果一行', async () => {
        const r = await zhishen(['run', '--pack', 'pack.mjs', '--claims', 'batch.ndjson', '--format', 'table'], dir);
        expect(r.code).toBe(0);
        const lines = r.stdout.trimEnd().split('\n');
        expect(lines[0]).toMatch(/^规则\s+级别\s+患者\s+就诊\s+违规项\s+金额\s+信息$/);
        expect(lines.slice(1)).toHaveLength(3);
        for (const line of lines.slice(1)) expect(line).toMatch(/^ZS_DEMO_003\s+明确违规\s+P002\s+M100\s+R2\s+30\.00\s+/);
    });

    it('--format table --explain：每条结果下面是它的解释；信息列不截断；汇总有去重后与各规则金额之和', async () => {
        const r = await zhishen(['run', '--pack', 'pack.mjs', '--claims', 'claims/同日重复收费.json', '--format', 'table', '--explain'], dir);
        expect(r.code, r.stderr).toBe(0);
        const json = JSON.parse((await zhishen(['run', '--pack', 'pack.mjs', '--claims', 'claims/同日重复收费.json'], dir)).stdout);
        const message: string = json.result[0].vola_cont;
        expect(message.length).toBeGreaterThan(20);
        expect(r.stdout).toContain(message);
        expect(r.stdout).toContain('当 存在(同日A)');
        expect(r.stdout).toContain('存在(同日A) = 是');
        expect(r.stdout).toContain('依据：');
        expect(r.stderr).toMatch(/违规金额合计 \d+\.\d\d 元（去重后；各规则金额之和 \d+\.\d\d 元）/);
        expect(r.stderr).toMatch(/ZS_DEMO_003 .*：1 条，\d+\.\d\d 元/);
    });

    it('--explain 与 --config：每条结果带解释（各条件看到的值）；配置生效；单位不对时中文错误、非零退出码', async () => {
        writeFileSync(join(dir, 'good.json'), JSON.stringify({ 级别代码: { 明确违规: 'A' }, 停用: ['ZS_DEMO_001'] }));
        const r = await zhishen(['run', '--pack', 'pack.mjs', '--claims', 'claims/同日重复收费.json', '--explain', '--config', 'good.json'], dir);
        expect(r.code, r.stderr).toBe(0);
        const finding = JSON.parse(r.stdout).result[0];
        expect(finding.sev_deg).toBe('A');
        const explanation = finding.zhishen.explanation;
        expect(explanation.summary).toContain('ZS_DEMO_003');
        expect(explanation.instance.kp_id).toMatch(/^KP-/);
        expect(explanation.steps.find((s: { kind: string }) => s.kind === 'when').values[0]).toEqual({ expr: '存在(同日A)', value: '是' });
        writeFileSync(join(dir, 'bad.json'), JSON.stringify({ 参数: { '*': { 儿童年龄上限: '15天' } } }));
        const bad = await zhishen(['run', '--pack', 'pack.mjs', '--claims', 'claims/同日重复收费.json', '--config', 'bad.json'], dir);
        expect(bad.code).not.toBe(0);
        expect(bad.stderr).toContain('单位「天」不对，应写成如「18岁」');
        expect(bad.stdout).toBe('');
    });

    it('--why-not 规则[:对象]：结论、不成立的条件与看到的值；只作为涉及项时写明；--format json 输出报告；不认识的规则中文错误', async () => {
        const phase = await zhishen(['run', '--pack', 'pack.mjs', '--claims', 'claims/同日重复收费.json', '--why-not', 'ZS_DEMO_004'], dir);
        expect(phase.code, phase.stderr).toBe(0);
        expect(phase.stdout).toContain('规则 ZS_DEMO_004 没有运行：请求的 trig_scen = 8（事中），规则只在 事后 运行');
        const scope = await zhishen(['run', '--pack', 'pack.mjs', '--claims', 'claims/同日重复收费.json', '--why-not', 'ZS_DEMO_001'], dir);
        expect(scope.stdout).toContain('适用范围不含本次就诊：就医类别为「急诊」，规则只适用于 门诊、住院');
        const involved = await zhishen(['run', '--pack', 'pack.mjs', '--claims', 'claims/同日重复收费.json', '--why-not', 'ZS_DEMO_003:R1'], dir);
        expect(involved.stdout).toContain('对「R1」没有触发：不属于代码集 1 次；它是这条规则 1 条结果的涉及项');
        expect(involved.stdout).toContain('编码 001103000010000 不属于 40 个知识点行中任何一个的代码集');
        const fired = await zhishen(['run', '--pack', 'pack.mjs', '--claims', 'claims/同日重复收费.json', '--why-not', 'ZS_DEMO_003:R2', '--format', 'json'], dir);
        const report = JSON.parse(fired.stdout);
        expect(report.fired).toBe(true);
        expect(report.attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['fired']);
        expect(report.findings[0].judge_result_detail_dtos.map((d: { rx_id: string }) => d.rx_id)).toEqual(['R2', 'R1']);
        const unknown = await zhishen(['run', '--pack', 'pack.mjs', '--claims', 'claims/同日重复收费.json', '--why-not', 'ZS_DEMO_0'], dir);
        expect(unknown.code).not.toBe(0);
        expect(unknown.stderr).toContain('规则包里没有规则「ZS_DEMO_0」，是不是 ZS_DEMO_001');
        const batch = await zhishen(['run', '--pack', 'pack.mjs', '--claims', 'batch.ndjson', '--why-not', 'ZS_DEMO_003'], dir);
        expect(batch.code).not.toBe(0);
        expect(batch.stderr).toContain('--why-not 针对一个请求（.json 文件）');
    });

    it('--rules：就地编译规则源码，结果与规则包相同（除规则包 id 决定的 jr_id 外）', async () => {
        const fromPack = JSON.parse((await zhishen(['run', '--pack', 'pack.mjs', '--claims', 'claims/同日重复收费.json'], dir)).stdout);
        const r = await zhishen(['run', '--rules', 'rules.zs', '--kb', SAMPLE_KB, '--claims', 'claims/同日重复收费.json'], dir);
        expect(r.code, r.stderr).toBe(0);
        const fromRules = JSON.parse(r.stdout);
        const strip = (x: { result: Array<Record<string, unknown>> }) => x.result.map(({ jr_id: _a, judge_result_detail_dtos: d, ...rest }) => ({ ...rest, details: (d as Array<Record<string, unknown>>).map(({ jrd_id: _b, ...x }) => x) }));
        expect(strip(fromRules)).toEqual(strip(fromPack));
    });

    it('读不到理赔文件、整个 .json 不能审核：中文错误与非零退出码', async () => {
        const missing = await zhishen(['run', '--pack', 'pack.mjs', '--claims', 'no-such.json'], dir);
        expect(missing.code).not.toBe(0);
        expect(missing.stderr).toContain('读不到理赔文件');
        writeFileSync(join(dir, 'rejected.json'), JSON.stringify({ patient_dtos: [{ patn_id: 'X' }] }));
        const rejected = await zhishen(['run', '--pack', 'pack.mjs', '--claims', 'rejected.json'], dir);
        expect(rejected.code).toBe(1);
        expect(JSON.parse(rejected.stdout).error.code).toBe('ZR0005');
    });
});

describe.concurrent('zhishen test', () => {
    it('语言导览的测试全部通过：退出码 0', async () => {
        const r = await zhishen(['test', 'examples'], root);
        expect(r.code, r.stdout + r.stderr).toBe(0);
        expect(r.stdout).toMatch(/(\d+) passed, 0 failed/);
    });

    it('写错的期望：打印期望与实际的对照，退出码 1', async () => {
        const dir = project();
        const text = readFileSync(join(dir, 'rules.zs'), 'utf8');
        const wrong = text.replace('期望 ZS_DEMO_003 违规项 "R2" 金额 30元 涉及项 "R1"', '期望 ZS_DEMO_003 违规项 "R2" 金额 31元 涉及项 "R1"');
        expect(wrong).not.toBe(text);
        writeFileSync(join(dir, 'rules.zs'), wrong);
        const r = await zhishen(['test', 'rules.zs', '--kb', SAMPLE_KB], dir);
        expect(r.code).toBe(1);
        expect(r.stdout).toContain('✗ 同日急诊监护与急诊诊查');
        expect(r.stdout).toMatch(/- 期望 ZS_DEMO_003 违规项 \[R2\] 金额 31\.00元 涉及项 \[R1\]/);
        expect(r.stdout).toMatch(/\+ 实际 ZS_DEMO_003 违规项 \[R2\] 金额 30\.00元 涉及项 \[R1\]/);
        expect(r.stdout).toMatch(/rules\.zs:\d+/);
        expect(r.stdout).toContain('1 passed, 1 failed');
        const json = JSON.parse((await zhishen(['test', 'rules.zs', '--kb', SAMPLE_KB, '--reporter', 'json'], dir)).stdout);
        expect([json.passed, json.failed]).toEqual([1, 1]);
    });

    it('没有测试：退出码 1', async () => {
        const dir = temp();
        writeFileSync(join(dir, 'r.zs'), '规则 R1 "x" {\n  分类 管理类\n  级别 提醒\n  环节 事后\n  依据 「x」\n  违规 就诊\n}\n');
        const r = await zhishen(['test', 'r.zs'], dir);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain('一个测试都没有运行');
    });
});

(existsSync(NATIONAL_KB) ? describe.concurrent : describe.skip)('zhishen kb（国家数据 ../shared/kb-data）', () => {
    it('kb search 2型糖尿病 列出 E11.900', async () => {
        const r = await zhishen(['kb', 'search', '2型糖尿病', '--kb', NATIONAL_KB], root);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toMatch(/^E11\.900\s+2型糖尿病\s+诊断/m);
    });

    it('kb info 报告 33304 个诊断、13686 个手术、3899 个知识点', async () => {
        const r = await zhishen(['kb', 'info', NATIONAL_KB], root);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toMatch(/诊断\s+33304/);
        expect(r.stdout).toMatch(/手术\s+13686/);
        expect(r.stdout).toContain('读入 3899');
    });
});

describe('参数错误', () => {
    it('未知选项：中文错误，退出码 2', async () => {
        const o = await zhishen(['check', '--nope'], root);
        expect(o.code).toBe(2);
        expect(o.stderr).toContain('未知选项「--nope」');
    });

    // commander 的每种参数错误都译成中文：不留英文原句（拼写建议也译出）
    const CASES: Array<{ argv: string[]; says: string }> = [
        { argv: ['run'], says: '缺少必需的选项「--claims <文件>」' },
        { argv: ['check', '--formt', 'json'], says: '未知选项「--formt」；是不是要写 --format？' },
        { argv: ['check', '--format'], says: '选项「--format <格式>」缺少取值' },
        { argv: ['check', '--format', 'xml'], says: '选项「--format <格式>」的值「xml」无效' },
        { argv: ['chek'], says: '未知命令「chek」；是不是要写 check？' },
        { argv: ['kb', 'search', 'a', 'b', 'c'], says: '参数过多' }
    ];
    for (const { argv, says } of CASES) {
        it(`zhishen ${argv.join(' ')}：${says}`, async () => {
            const o = await zhishen(argv, root);
            expect(o.code).toBe(2);
            expect(o.stderr).toContain(says);
            expect(o.stderr).not.toMatch(/required|specified|argument|Did you mean|unknown|invalid|too many|cannot be used|error:/);
        });
    }
});

describe('zhishen screen', () => {
    // 标准规则包只构建一次，各用例用 --pack（就地编译另有 run --rules 的用例）
    let stdlibPack: string;
    beforeAll(async () => {
        const dir = temp();
        stdlibPack = join(dir, 'stdlib.mjs');
        const built = await zhishen(['build', join(root, 'stdlib-rules/rules'), '--kb', SAMPLE_KB, '-o', stdlibPack], dir);
        expect(built.code, built.stderr).toBe(0);
    }, 180_000);

    it('筛查 NDJSON：每条结果一行（3101 result[] 元素 + task_id）；坏行报告行号并跳过，重复的理赔不重复计；汇总的数目对得上；再运行逐字节相同', async () => {
        const dir = temp();
        const sample = readFileSync(join(root, 'stdlib-rules/claims/screening/跨机构行为.ndjson'), 'utf8').trimEnd().split('\n');
        const lines = [...sample, '{"patient_dtos": [', sample[0], '[1, 2, 3]', JSON.stringify({ task_id: 'X', patient_dtos: [{ patn_id: 'X' }] })];
        writeFileSync(join(dir, 'claims.ndjson'), lines.join('\n') + '\n');
        const args = ['screen', '--pack', stdlibPack, '--claims', 'claims.ndjson', '-o', 'out.ndjson'];
        const a = await zhishen(args, dir);
        expect(a.code, a.stderr).toBe(0);
        const out = readFileSync(join(dir, 'out.ndjson'), 'utf8');
        const findings = out.trimEnd().split('\n').map(line => JSON.parse(line));
        expect(findings.length).toBeGreaterThanOrEqual(8);
        for (const f of findings) {
            for (const key of ['task_id', 'jr_id', 'rule_id', 'vola_cont', 'patn_id', 'mdtrt_id', 'vola_amt', 'sev_deg', 'judge_result_detail_dtos']) expect(f, key).toHaveProperty(key);
        }
        // 患者级统计组结果（频繁门诊）带 population；逐张理赔的结果带所在请求的 task_id
        const frequent = findings.find(f => f.rule_id === 'ZSP0005');
        expect(frequent.population.level).toBe('患者');
        expect(frequent.patn_id).toBe('B-FREQ');
        expect(findings.find(f => f.rule_id === 'ZSP0002').task_id).toMatch(/^BT/);
        // 汇总：读取 44 行 = 请求 43 + 不是 JSON 1；理赔 = 载入 40 + 拒绝（不是 JSON、重复、不是对象、缺少就诊）
        const n = sample.length;
        expect(a.stderr).toContain(`读取 ${n + 4} 行：请求 ${n + 3}，不是 JSON 的坏行 1`);
        expect(a.stderr).toContain(`载入 ${n}，拒绝 4`);
        expect(a.stderr).toContain(`claims.ndjson:${n + 1}：不是有效的 JSON`);
        expect(a.stderr).toContain(`claims.ndjson:${n + 2}：`);
        expect(a.stderr).toMatch(/重复的理赔/);
        expect(a.stderr).toMatch(/ZSP0005 频繁门诊（自然月）：1 条/);
        const b = await zhishen(args, dir);
        expect(readFileSync(join(dir, 'out.ndjson'), 'utf8')).toBe(out);
        expect(b.code).toBe(0);
    });

    it('筛查期间：--from / --to 之外的理赔不载入；日期写错给出中文错误', async () => {
        const dir = temp();
        cpSync(join(root, 'stdlib-rules/claims/screening/跨机构行为.ndjson'), join(dir, 'claims.ndjson'));
        const rules = ['--pack', stdlibPack, '--claims', 'claims.ndjson'];
        const a = await zhishen(['screen', ...rules, '--from', '2024-07-01', '--to', '2024-07-31'], dir);
        expect(a.code, a.stderr).toBe(0);
        expect(a.stderr).toMatch(/拒绝：不在筛查期间内 \d+ 张/);
        const ids = a.stdout.trimEnd().split('\n').map(line => JSON.parse(line).rule_id);
        expect(ids).toEqual(['ZSP0005']);
        const bad = await zhishen(['screen', ...rules, '--from', '2024-13-01'], dir);
        expect(bad.code).not.toBe(0);
        expect(bad.stderr).toContain('--from 的值「2024-13-01」不是日期');
    });
});

describe('zhishen demo', () => {
    it('npm start 的演示包括事后全量筛查：追溯码重复、药占比畸高的机构', async () => {
        const result = await zhishen(['demo'], root);
        expect(result.code, result.stderr).toBe(0);
        expect(result.stdout).toContain('⑤ 事后全量筛查');
        expect(result.stdout).toMatch(/ZSP0001 药品追溯码跨理赔重复结算\s+8 条/);
        expect(result.stdout).toMatch(/机构 H2-106 药占比/);
    });
});
