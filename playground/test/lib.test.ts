import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { diffChangeText, diffFindings, diffRowText, describeDiff, describePhase, findingRows, formatCents, toCents } from '../src/lib/findings.js';
import { CSV_COLUMNS, findingsCsv, findingsJson } from '../src/lib/export.js';
import { detectFormat, jsonSyntaxProblems, locateClaimItem, locatePath, parseJsonPath, positionAt, splitRequests, formatJsonPath } from '../src/lib/json-text.js';
import { SchemaValidator, shortLabel, type Schema } from '../src/lib/schema-validate.js';
import { checkOverride, configFromOverrides, paramModel, staleOverrides, withOverride } from '../src/lib/params.js';
import { cleanParams, defaultState, resolvePath, uniquePath } from '../src/lib/state.js';
import { decodeState, encodeState } from '../src/lib/share.js';
import { kbFilesFromPicked } from '../src/lib/kb-files.js';
import { claimObjects } from '../src/lib/why-not.js';
import { forwardToServer, normalizeUris, restrictCapabilities, softenCancellation } from '../src/lib/lsp-messages.js';
import type { RequestOutcome, RuleInfo } from '../src/lib/protocol.js';
import type { JudgeResult } from '@zhishen/runtime';
import { REPO, SAME_DAY_CLAIM, samples } from './helpers.js';

const schema = JSON.parse(readFileSync(`${REPO}/runtime/schema/3101-input.schema.json`, 'utf8')) as Schema;

function result(rule: string, amount: number, violating: string[], involved: string[] = [], extra: Partial<JudgeResult> = {}): JudgeResult {
    return {
        jr_id: `jr-${rule}-${amount}`,
        rule_id: rule,
        rule_name: `规则${rule}`,
        vola_cont: `提示${rule}`,
        patn_id: 'P1',
        mdtrt_id: 'M1',
        vola_amt: amount,
        vola_amt_stas: '1',
        sev_deg: '1',
        vola_evid: '依据',
        vola_bhvr_type: '',
        judge_result_detail_dtos: [
            ...violating.map((rx, i) => ({ jrd_id: `d${i}`, patn_id: 'P1', mdtrt_id: 'M1', rx_id: rx, vola_item_type: '1' as const, vola_amt: amount })),
            ...involved.map((rx, i) => ({ jrd_id: `i${i}`, patn_id: 'P1', mdtrt_id: 'M1', rx_id: rx, vola_item_type: '2' as const, vola_amt: 0 }))
        ],
        zhishen: { source: { file: 'a.zs', line: 3, column: 1 }, level: '明确违规', phases: ['事后'], category: null },
        ...extra
    };
}

function outcome(results: JudgeResult[], index = 0): RequestOutcome {
    return { index, line: index + 1, offset: 0, parseFailed: false, rejected: false, errors: [], results, task_id: 'T1', trig_scen: null, response: { task_id: 'T1', result: results } };
}

describe('金额与差异', () => {
    it('按分计算与格式化（无浮点误差）', () => {
        expect(toCents(0.1 + 0.2)).toBe(30);
        expect(formatCents(123456789)).toBe('1,234,567.89');
        expect(formatCents(-3000)).toBe('−30.00');
        expect(formatCents(3000, { sign: true })).toBe('+30.00');
        expect(formatCents(5)).toBe('0.05');
    });

    it('新增、消失、金额变化；键不含 jr_id', () => {
        const before = findingRows([outcome([result('A', 30, ['R2'], ['R1']), result('B', 10, ['R3'])])]);
        const after = findingRows([outcome([result('A', 20, ['R2'], ['R1'], { jr_id: 'other' }), result('C', 5.5, ['R4'])])]);
        const diff = diffFindings(before, after);
        expect(diff.added.map(r => r.ruleId)).toEqual(['C']);
        expect(diff.removed.map(r => r.ruleId)).toEqual(['B']);
        expect(diff.changed.map(c => [c.after.ruleId, c.delta])).toEqual([['A', -1000]]);
        expect(diff.deltaCents).toBe(2550 - 4000);
        expect(describeDiff(diff)).toContain('新增 1 条');
        expect(describeDiff(diff)).toContain('−14.50');
        expect(diffFindings(before, before).same).toBe(true);
        expect(describeDiff(diffFindings(before, before))).toContain('相同');
    });

    it('差异列表的每一行带明细编号：同一规则提示相同的几条结果分得清', () => {
        const before = findingRows([outcome([result('A', 30, ['R2'], ['R1']), result('A', 30, ['R5'], ['R1'])])]);
        const after = findingRows([outcome([result('A', 30, ['R2'], ['R1'])])]);
        const diff = diffFindings(before, after);
        expect(diff.removed.map(diffRowText)).toEqual([expect.stringContaining('［违规项 R5］')]);
        const changed = diffFindings(before, findingRows([outcome([result('A', 20, ['R2'], ['R1']), result('A', 30, ['R5'], ['R1'])])]));
        expect(changed.changed.map(diffChangeText)).toEqual([expect.stringMatching(/［违规项 R2］：金额 30\.00 → 20\.00 元/)]);
    });

    it('环节说明', () => {
        expect(describePhase('auto', ['8'])).toContain('事中');
        expect(describePhase('auto', ['3', '3'])).toContain('事前');
        expect(describePhase('auto', [null])).toContain('全部规则');
        expect(describePhase('all', ['8'])).toContain('全部规则');
        expect(describePhase('事后', ['8'])).toContain('事后');
    });

    it('结果行：违规项、涉及项、涉及的就诊', () => {
        const r = result('A', 30, ['R2'], ['R1']);
        r.judge_result_detail_dtos.push({ jrd_id: 'e', patn_id: 'P1', mdtrt_id: 'M0', rx_id: '', vola_item_type: '2', vola_amt: 0 });
        const [row] = findingRows([outcome([r])]);
        expect(row.violating).toEqual(['R2']);
        expect(row.involved).toEqual(['R1']);
        expect(row.involvedEncounters).toEqual(['M0']);
        expect(row.level).toBe('明确违规');
    });
});

describe('导出', () => {
    it('CSV：带 BOM、表头、金额按分，能被解析回来', () => {
        const rows = findingRows([outcome([result('A', 30, ['R2'], ['R1'], { vola_cont: '含,逗号与"引号"' })])]);
        const csv = findingsCsv(rows);
        expect(csv.charCodeAt(0)).toBe(0xfeff);
        const parsed = Papa.parse<string[]>(csv.slice(1).trim());
        expect(parsed.data[0]).toEqual([...CSV_COLUMNS]);
        expect(parsed.data[1][4]).toBe('含,逗号与"引号"');
        expect(parsed.data[1][5]).toBe('30.00');
        expect(parsed.data[1][6]).toBe('R2');
        expect(parsed.data[1][7]).toBe('R1');
    });

    it('JSON：一份请求时就是 3101 输出；多份时为数组', () => {
        const single = JSON.parse(findingsJson([outcome([result('A', 30, ['R2'])])], 'x.json'));
        expect(single.task_id).toBe('T1');
        expect(single.result[0].rule_id).toBe('A');
        const many = JSON.parse(findingsJson([outcome([], 0), { ...outcome([], 1), parseFailed: true }], 'b.ndjson'));
        expect(many).toHaveLength(2);
        expect(many[1].error).toContain('JSON');
    });
});

describe('理赔文本', () => {
    const claim = samples().claims.find(c => c.path === SAME_DAY_CLAIM)!.text;

    it('格式判断与 NDJSON 拆分', () => {
        expect(detectFormat('a.json', claim)).toBe('json');
        const nd = '{"a":1}\n\n{"b":2}\n';
        expect(detectFormat('a.ndjson', nd)).toBe('ndjson');
        expect(detectFormat('粘贴.json', nd)).toBe('ndjson');
        expect(splitRequests(nd, 'ndjson').map(r => [r.index, r.line, r.offset])).toEqual([[0, 1, 0], [1, 3, 9]]);
    });

    it('语法错误是中文，全角标点给出修改建议', () => {
        const [p] = jsonSyntaxProblems('{ "a": 1， "b": 2 }');
        expect(p.message).toContain('全角');
        expect(p.hint).toContain(',');
        expect(jsonSyntaxProblems('{ "a": 1, }')[0].message).toContain('多余的逗号');
        expect(jsonSyntaxProblems('')[0].message).toContain('空');
    });

    it('JSON 路径解析与定位', () => {
        expect(parseJsonPath('patient_dtos[0].fsi_encounter_dtos[1].cnt')).toEqual(['patient_dtos', 0, 'fsi_encounter_dtos', 1, 'cnt']);
        expect(formatJsonPath(['patient_dtos', 0, 'patn_id'])).toBe('patient_dtos[0].patn_id');
        const range = locatePath(claim, ['patient_dtos', 0, 'patn_id'])!;
        expect(claim.slice(range.offset, range.offset + range.length)).toBe('"patn_id": "P002"');
        // 缺少的字段：退到所在对象
        const missing = locatePath(claim, ['patient_dtos', 0, '不存在'])!;
        expect(claim.charAt(missing.offset)).toBe('{');
        expect(positionAt('a\nbc', 3)).toEqual({ line: 2, column: 2 });
    });

    it('按 患者 + 就诊 + rx_id 找明细', () => {
        const loc = locateClaimItem(claim, { patnId: 'P002', mdtrtId: 'M100', rxId: 'R2' })!;
        const text = claim.slice(loc.range.offset, loc.range.offset + loc.range.length);
        expect(JSON.parse(text).hilist_name).toBe('急诊诊查费');
        expect(claim.slice(loc.idRange.offset, loc.idRange.offset + loc.idRange.length)).toBe('"rx_id": "R2"');
        expect(locateClaimItem(claim, { patnId: 'P999', rxId: 'R2' })).toBeUndefined();
        const encounter = locateClaimItem(claim, { mdtrtId: 'M100' })!;
        expect(claim.slice(encounter.range.offset, encounter.range.offset + encounter.range.length)).toBe('"mdtrt_id": "M100"');
    });
});

describe('3101 入参 schema 校验（中文）', () => {
    const validator = new SchemaValidator(schema);
    const claim = JSON.parse(samples().claims.find(c => c.path === SAME_DAY_CLAIM)!.text);

    it('随附的样例理赔全部通过', () => {
        for (const sample of samples().claims) {
            const values = sample.path.endsWith('.ndjson') ? sample.text.split('\n').filter(l => l.trim()).map(l => JSON.parse(l)) : [JSON.parse(sample.text)];
            for (const value of values) expect(validator.validate(value), sample.path).toEqual([]);
        }
    });

    it('错误类型、数字文本、日期、必填字段、多次就诊须有 curr_mdtrt_id', () => {
        const bad = structuredClone(claim);
        const order = bad.patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos[0];
        order.cnt = 'abc';
        order.pric = '11.000000';
        order.sumamt = { x: 1 };
        order.fee_ocur_time = '2024-13-45x';
        delete bad.patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos[1].rx_id;
        const issues = validator.validate(bad);
        const by = (suffix: string) => issues.find(i => i.path.join('.').endsWith(suffix))?.message;
        expect(by('cnt')).toContain('不是数字');
        expect(issues.some(i => i.path.join('.').endsWith('pric'))).toBe(false);
        expect(by('sumamt')).toContain('应是数字或数字文本');
        expect(by('fee_ocur_time')).toContain('不是日期');
        expect(by('fsi_order_dtos.1')).toContain('缺少必填字段 rx_id');
        const two = structuredClone(claim);
        delete two.patient_dtos[0].curr_mdtrt_id;
        expect(validator.validate(two)).toEqual([]);
        two.patient_dtos[0].fsi_encounter_dtos.push({ mdtrt_id: 'M0' });
        expect(validator.validate(two).map(i => i.message).join()).toContain('curr_mdtrt_id');
        expect(validator.validate({})[0].message).toContain('patient_dtos');
        expect(validator.validate([])[0].message).toContain('应是对象');
    });

    it('字段说明的短标签', () => {
        expect(shortLabel('数量 cnt：为负表示退费')).toBe('数量');
        expect(shortLabel(undefined)).toBeUndefined();
    });
});

describe('参数', () => {
    const rules: RuleInfo[] = [{
        id: 'R1', name: '规则一', level: '明确违规', category: null, phases: [], source: { file: 'a.zs', line: 1, column: 1, endLine: 1, endColumn: 1 }, instances: 1, basis: '',
        params: [{ name: '上限', type: 'age', value: 18, display: '18岁' }, { name: '集合', type: 'set', value: { $set: [] }, display: '{…}' }]
    }];

    it('面板模型、逐项检查、生成部署配置', () => {
        const model = paramModel(rules, { R1: { 上限: '14天' } });
        expect(model[0].fields[0].error).toContain('单位');
        expect(model[0].fields[0].typeLabel).toBe('年龄');
        expect(model[0].fields[1].editable).toBe(false);
        expect(checkOverride({ type: 'age', display: '18岁' }, '14岁')).toBeUndefined();
        expect(checkOverride({ type: 'money', display: '10元' }, '十元')).toContain('不是数值');
        expect(configFromOverrides({})).toBeUndefined();
        expect(configFromOverrides({ R1: { 上限: '14岁', 空: ' ' } })).toEqual({ 参数: { R1: { 上限: '14岁' } } });
        expect(withOverride({ R1: { 上限: '14岁' } }, 'R1', '上限', '')).toEqual({});
        expect(staleOverrides(rules, { R1: { 没有: '1' }, R9: { x: '1' } })).toEqual([{ ruleId: 'R1', name: '没有' }, { ruleId: 'R9', name: 'x' }]);
    });
});

describe('状态与分享链接', () => {
    const s = () => ({ rules: samples().rules, claims: samples().claims });

    it('默认状态：标准规则（或语言导览）+ 一份样例理赔', () => {
        const state = defaultState(s());
        expect(state.rules.length).toBeGreaterThan(0);
        expect(state.activeRule).toBe(state.rules[0].path);
        expect(state.claims).toHaveLength(1);
        expect(state.phase).toBe('auto');
    });

    it('编码后解码得到同样的状态；未改动的样例只记路径与哈希', () => {
        const state = defaultState(s());
        state.rules.push({ path: '我的规则.zs', text: '规则 X "中文 ✓" {}\n' });
        state.claims.push({ path: '粘贴的理赔.json', text: '{"patient_dtos": []}' });
        state.activeClaim = '粘贴的理赔.json';
        state.params = { X: { 上限: '14岁' } };
        state.phase = '事后';
        const hash = encodeState(state, s());
        expect(hash.length).toBeLessThan(2000);
        const decoded = decodeState('#' + hash, s())!;
        expect(decoded.warnings).toEqual([]);
        expect(decoded.state).toEqual(state);
    });

    it('样例更新、链接损坏、用户知识库', () => {
        const state = defaultState(s());
        const hash = encodeState({ ...state, kb: { kind: 'custom', name: '本地库' } }, s());
        const changed = { rules: s().rules.map(r => ({ ...r, text: r.text + '\n// 改了' })), claims: s().claims };
        const decoded = decodeState(hash, changed)!;
        expect(decoded.warnings.some(w => w.includes('已更新'))).toBe(true);
        expect(decoded.warnings.some(w => w.includes('本地库'))).toBe(true);
        expect(decodeState('#other', s())).toBeUndefined();
        expect(() => decodeState('#z=garbage!!', s())).toThrow(/损坏/);
    });

    it('文件名与相对路径', () => {
        expect(uniquePath(['a.zs', 'a-2.zs'], 'a.zs')).toBe('a-3.zs');
        expect(uniquePath([], 'a.zs')).toBe('a.zs');
        expect(resolvePath('examples/语言导览.zs', 'claims/x.json')).toBe('examples/claims/x.json');
        expect(resolvePath('stdlib-rules/rules/a.zs', '../claims/x.json')).toBe('stdlib-rules/claims/x.json');
        expect(cleanParams({ A: { x: '' }, B: { y: '1' } })).toEqual({ B: { y: '1' } });
    });
});

describe('加载的知识库文件', () => {
    it('文件夹：去掉最外层文件夹名，跳过二进制与隐藏文件，名称取清单', () => {
        const { files, name } = kbFilesFromPicked([
            { name: 'zhishen-kb.json', relativePath: 'my-kb/zhishen-kb.json', text: '{"name":"某市知识库"}' },
            { name: '药品.tsv', relativePath: 'my-kb/catalogues/药品.tsv', text: 'code\tname\n' },
            { name: 'a.xlsx', relativePath: 'my-kb/a.xlsx', text: '' },
            { name: 'x', relativePath: 'my-kb/.git/x', text: '' }
        ]);
        expect(files.map(f => f.path)).toEqual(['zhishen-kb.json', 'catalogues/药品.tsv']);
        expect(name).toBe('某市知识库');
        expect(kbFilesFromPicked([{ name: 'a.json', relativePath: '', text: '[]' }]).name).toBe('a.json');
    });
});

describe('LSP 消息整理', () => {
    it('只转发 .zs 文档', () => {
        expect(forwardToServer({ method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///a.json', languageId: 'json' } } })).toBe(false);
        expect(forwardToServer({ method: 'textDocument/didChange', params: { textDocument: { uri: 'file:///a.json' } } })).toBe(false);
        expect(forwardToServer({ method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///规则.zs', languageId: 'zhishen' } } })).toBe(true);
        expect(forwardToServer({ method: 'initialize', params: {} })).toBe(true);
    });

    it('能力限定到智审语言；URI 规范化；取消的请求当作没有结果', () => {
        const caps = restrictCapabilities({ hoverProvider: true, completionProvider: { triggerCharacters: ['.'] }, renameProvider: false, textDocumentSync: 2 });
        expect(caps.hoverProvider).toEqual({ documentSelector: [{ language: 'zhishen' }] });
        expect(caps.completionProvider).toEqual({ triggerCharacters: ['.'], documentSelector: [{ language: 'zhishen' }] });
        expect(caps.renameProvider).toBe(false);
        expect(caps.textDocumentSync).toBe(2);
        const normalized = normalizeUris({ uri: 'A', items: [{ targetUri: 'B' }], changes: { C: [] } }, u => u.toLowerCase()) as Record<string, unknown>;
        expect(normalized).toEqual({ uri: 'a', items: [{ targetUri: 'b' }], changes: { c: [] } });
        expect(softenCancellation({ jsonrpc: '2.0', id: 3, error: { code: -32802, message: 'x' } })).toEqual({ jsonrpc: '2.0', id: 3, result: null });
        const other = { jsonrpc: '2.0', id: 3, error: { code: -32603, message: 'x' } };
        expect(softenCancellation(other)).toBe(other);
    });
});

describe('为什么没触发：理赔中的对象', () => {
    const request = (mdtrt: string, rx: string) => ({
        patient_dtos: [{ patn_id: 'P', curr_mdtrt_id: 'M1', fsi_encounter_dtos: [
            { mdtrt_id: 'M1', medins_name: '一院', fsi_order_dtos: [{ rx_id: rx, hilist_name: '阿莫西林' }, { rx_id: rx, hilist_name: '重复' }, { hilist_code: '无编号' }],
                fsi_diagnose_dtos: [{ dise_codg: 'I10', dise_name: '高血压' }], fsi_operation_dtos: [{ oprn_code: '36.06' }] },
            { mdtrt_id: mdtrt, fsi_order_dtos: [{ rx_id: 'H1', hilist_code: 'X' }] }
        ] }]
    });
    it('明细、就诊（历史标明）、诊断、手术；编号重复的只列一次；没有编号的不列', () => {
        expect(claimObjects('a.json', JSON.stringify(request('M0', 'R1')))).toEqual([
            { id: 'M1', kind: 'encounter', label: '就诊 M1 一院' },
            { id: 'R1', kind: 'line', label: '明细 R1 阿莫西林' },
            { id: 'I10', kind: 'diagnosis', label: '诊断 I10 高血压' },
            { id: '36.06', kind: 'operation', label: '手术 36.06' },
            { id: 'M0', kind: 'encounter', label: '就诊 M0（历史）' },
            { id: 'H1', kind: 'line', label: '明细 H1 X（历史）' }
        ]);
    });
    it('NDJSON 按请求；坏 JSON 为空', () => {
        const text = `${JSON.stringify(request('M0', 'R1'))}\n${JSON.stringify(request('M9', 'S1'))}\n`;
        expect(claimObjects('b.ndjson', text, 1).map(o => o.id)).toContain('S1');
        expect(claimObjects('b.ndjson', text, 1).map(o => o.id)).not.toContain('R1');
        expect(claimObjects('c.json', '{ "patient_dtos": [')).toEqual([]);
    });
});
