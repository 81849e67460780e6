/**
 * 声明一次、实现一次：内置库（language/src/builtins/prelude.ts）声明的每个函数在运行时 FUNCTIONS 中有实现
 * （或是编译期函数），反之亦然；每个记录字段的 `= 属性` 在对应的规范化记录上存在，全局名称在规范化理赔上存在。
 */
import { describe, expect, it } from 'vitest';
import { PRELUDE_TEXT } from '../../language/src/builtins/prelude.js';
import { kpRecord } from '../../compiler/src/interpret/evaluate.js';
import { COMPILE_TIME_FUNCTIONS, FUNCTIONS } from '../src/engine/functions.js';
import { normalizeRequest } from '../src/claim/normalize.js';
import { defaultRuntimeDictionaries, encounter, line, patient, request } from './claims.js';

/** 去掉文档注释与行注释后的内置库文本。 */
const prelude = PRELUDE_TEXT.replace(/\/\*\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');

function declaredFunctions(): Map<string, string> {
    const result = new Map<string, string>();
    for (const match of prelude.matchAll(/函数\s+([^\s(（]+)\s*[(（][^)）]*[)）]\s*[:：][^=\n]*=\s*([A-Za-z_][A-Za-z0-9_]*)/g)) result.set(match[1], match[2]);
    return result;
}

function declaredRecords(): Map<string, Array<{ field: string; source: string | undefined }>> {
    const result = new Map<string, Array<{ field: string; source: string | undefined }>>();
    for (const match of prelude.matchAll(/记录\s+(\S+)\s*\{([^}]*)\}/g)) {
        const fields = [...match[2].matchAll(/^\s*([^\s:：]+)\s*[:：]\s*[^=\n]+?(?:=\s*([A-Za-z_][A-Za-z0-9_]*))?\s*$/gm)].map(m => ({ field: m[1], source: m[2] }));
        result.set(match[1], fields);
    }
    return result;
}

function declaredGlobals(): Array<{ name: string; source: string | undefined }> {
    return [...prelude.matchAll(/^\s*全局\s+(\S+)\s*[:：][^=\n]+?(?:=\s*([A-Za-z_][A-Za-z0-9_]*))?\s*$/gm)].map(m => ({ name: m[1], source: m[2] }));
}

/** 一个字段齐全的理赔，规范化后取各种记录。 */
function richClaim() {
    const input = request([patient('P', [
        encounter('NOW', [
            line('R1', { rxno: 'X', feedetl_sn: 'F1', cnt: 3, sumamt: 30, fee_ocur_time: '2024-03-02 10:00', drug_trac_codg: ['T1'], prd_days: 3 }),
            line('R2', { rxno: 'X', init_feedetl_sn: 'F1', cnt: -1, sumamt: -10 })
        ], {
            fsi_diagnose_dtos: [{ dise_id: 'D1', dise_codg: 'E11.900', dise_name: '2型糖尿病', maindise_flag: '1', dias_srt_no: 1, dise_date: '2024-03-01', inout_dise_type: '2' }],
            fsi_operation_dtos: [{ setl_list_oprn_id: 'O1', oprn_code: '36.0601', oprn_name: '手术', main_oprn_flag: '1', oprn_date: '2024-03-02', anst_way: '1' }]
        }),
        encounter('OLD', [line('H1', { drord_begn_date: '2024-01-02' })], { adm_date: '2024-01-01', dscg_date: '2024-01-03' })
    ], { curr_mdtrt_id: 'NOW' })]);
    const r = normalizeRequest(input, defaultRuntimeDictionaries());
    expect(r.errors).toEqual([]);
    const claim = r.claims[0];
    expect([claim.lines.length, claim.history_lines.length, claim.diagnoses.length, claim.operations.length, claim.prescriptions.length]).toEqual([1, 1, 1, 1, 1]);
    return claim;
}

describe('内置函数：声明与实现一一对应', () => {
    const declared = declaredFunctions();
    const compileTime = new Set<string>(COMPILE_TIME_FUNCTIONS);

    it('内置库声明了函数（解析声明本身没有出错）', () => {
        expect(declared.size).toBeGreaterThan(15);
        expect(declared.get('提取数值')).toBe('extract_number');
        expect(declared.get('知识点表')).toBe('kp_table');
    });

    it('每个声明的函数都有运行时实现或是编译期函数', () => {
        const missing = [...declared].filter(([, symbol]) => !(symbol in FUNCTIONS) && !compileTime.has(symbol)).map(([name, symbol]) => `${name} = ${symbol}`);
        expect(missing).toEqual([]);
    });

    it('每个运行时实现 / 编译期函数都有声明', () => {
        const symbols = new Set(declared.values());
        expect(Object.keys(FUNCTIONS).filter(s => !symbols.has(s))).toEqual([]);
        expect([...compileTime].filter(s => !symbols.has(s))).toEqual([]);
    });

    it('运行时实现与编译期函数不重叠；符号不重复', () => {
        expect(Object.keys(FUNCTIONS).filter(s => compileTime.has(s))).toEqual([]);
        const symbols = [...declared.values()];
        expect(symbols.length).toBe(new Set(symbols).size);
    });
});

describe('记录字段：= 属性 在规范化记录上存在', () => {
    const records = declaredRecords();
    const claim = richClaim();
    const group = claim.prescriptions[0];
    const samples: Record<string, object> = {
        患者: claim.patient,
        就诊: claim.encounter,
        诊断: claim.diagnoses[0],
        手术: claim.operations[0],
        明细: claim.lines[0],
        处方: group,
        分组: group,
        知识点: kpRecord({ kp_id: 'K', rule_class: 'C', gz_code: 'G', med_codes: ['A', 'B'], item_name: 'N', constraint: 'X', detect_logic: 'L', batch_tag: 'B' }),
        目录条目: { code: 'A', name: 'N', spec: null, dosform: null, restriction: null }
    };

    it('内置库的每个记录都有样本（新增记录时在这里补上）', () => {
        expect([...records.keys()].sort()).toEqual(Object.keys(samples).sort());
    });

    for (const [record, fields] of records) {
        it(`记录 ${record}`, () => {
            expect(fields.length).toBeGreaterThan(0);
            const sample = samples[record];
            const missing = fields.filter(f => f.source === undefined || !(f.source in sample)).map(f => `${f.field} = ${f.source ?? '（未写来源）'}`);
            expect(missing).toEqual([]);
        });
    }

    it('历史就诊与历史明细也有同样的属性', () => {
        for (const f of records.get('就诊')!) expect(claim.history[0]).toHaveProperty(f.source!);
        for (const f of records.get('明细')!) expect(claim.history_lines[0]).toHaveProperty(f.source!);
    });
});

describe('全局名称：= 属性 在规范化理赔上存在', () => {
    it('每个全局名称', () => {
        const globals = declaredGlobals();
        expect(globals.length).toBeGreaterThan(5);
        const claim = richClaim();
        const missing = globals.filter(g => g.source === undefined || !(g.source in claim)).map(g => `${g.name} = ${g.source ?? '（未写来源）'}`);
        expect(missing).toEqual([]);
    });
});
