/**
 * 声明一次、实现一次：内置库（language/src/builtins/prelude.ts）声明的每个函数是契约运算表（contract/ops.ts）里的运算
 * 或编译期函数，每个内置函数的实现都有声明；每个记录写明契约里的记录种类（contract/records.ts），字段的 `= 属性` 是该种记录的属性；
 * 全局名称是契约的来源；规范化理赔（claim/normalize.ts）上确有契约列出的每个属性。
 */
import { describe, expect, it } from 'vitest';
import { PRELUDE_TEXT } from '../../language/src/builtins/prelude.js';
import { COMPILE_TIME_FUNCTIONS, OPS } from '../src/contract/ops.js';
import { CONTEXT_FUNCTIONS, PURE_FUNCTIONS } from '../src/engine/functions.js';
import { isPopulationSource, RECORDS, SOURCES } from '../src/contract/records.js';
import { Population } from '../src/engine/population.js';
import type { RecordKind } from '../src/contract/records.js';
import { normalizeRequest } from '../src/claim/normalize.js';
import { defaultRuntimeDictionaries, encounter, line, patient, request } from './claims.js';

/** 去掉文档注释与行注释后的内置库文本。 */
const prelude = PRELUDE_TEXT.replace(/\/\*\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');

function declaredFunctions(): Map<string, string> {
    const result = new Map<string, string>();
    for (const match of prelude.matchAll(/函数\s+([^\s(（]+)\s*[(（][^)）]*[)）]\s*[:：][^=\n]*=\s*([A-Za-z_][A-Za-z0-9_]*)/g)) result.set(match[1], match[2]);
    return result;
}

interface DeclaredRecord {
    kind: string | undefined;
    fields: Array<{ field: string; source: string | undefined }>;
}

function declaredRecords(): Map<string, DeclaredRecord> {
    const result = new Map<string, DeclaredRecord>();
    for (const match of prelude.matchAll(/记录\s+([^\s{=]+)\s*(?:=\s*([A-Za-z_][A-Za-z0-9_]*)\s*)?\{([^}]*)\}/g)) {
        const fields = [...match[3].matchAll(/^\s*([^\s:：]+)\s*[:：]\s*[^=\n]+?(?:=\s*([A-Za-z_][A-Za-z0-9_]*))?\s*$/gm)].map(m => ({ field: m[1], source: m[2] }));
        result.set(match[1], { kind: match[2], fields });
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
    const implemented = [...Object.keys(PURE_FUNCTIONS), ...Object.keys(CONTEXT_FUNCTIONS)];

    it('内置库声明了函数（解析声明本身没有出错）', () => {
        expect(declared.size).toBeGreaterThan(15);
        expect(declared.get('提取数值')).toBe('extract_number');
        expect(declared.get('知识点表')).toBe('kp_table');
    });

    it('每个声明的函数都是运算表里的运算或编译期函数', () => {
        const missing = [...declared].filter(([, symbol]) => !(symbol in OPS) && !compileTime.has(symbol)).map(([name, symbol]) => `${name} = ${symbol}`);
        expect(missing).toEqual([]);
    });

    it('每个内置函数的实现都登记在运算表里、都有声明；编译期函数也都有声明', () => {
        const symbols = new Set(declared.values());
        expect(implemented.filter(s => !(s in OPS))).toEqual([]);
        expect(implemented.filter(s => !symbols.has(s))).toEqual([]);
        expect([...compileTime].filter(s => !symbols.has(s))).toEqual([]);
    });

    it('运行时实现与编译期函数不重叠；符号不重复', () => {
        expect(implemented.filter(s => compileTime.has(s))).toEqual([]);
        const symbols = [...declared.values()];
        expect(symbols.length).toBe(new Set(symbols).size);
    });
});

describe('记录：内置库的种类与字段是契约里的', () => {
    const records = declaredRecords();

    it('内置库的每个记录都写明契约里的记录种类，种类不重复、契约的每种记录都有声明', () => {
        const kinds = [...records.values()].map(r => r.kind);
        expect([...records].filter(([, r]) => !r.kind || !(r.kind in RECORDS)).map(([name]) => name)).toEqual([]);
        expect(new Set(kinds).size).toBe(kinds.length);
        expect(Object.keys(RECORDS).filter(k => !kinds.includes(k)).sort()).toEqual([]);
    });

    for (const [name, record] of records) {
        it(`记录 ${name} = ${record.kind}`, () => {
            expect(record.fields.length).toBeGreaterThan(0);
            const props = RECORDS[record.kind as RecordKind].fields as Record<string, string>;
            const missing = record.fields.filter(f => f.source === undefined || !(f.source in props)).map(f => `${f.field} = ${f.source ?? '（未写来源）'}`);
            expect(missing).toEqual([]);
        });
    }
});

describe('规范化理赔：契约列出的属性都在', () => {
    const claim = richClaim();
    const samples: Partial<Record<RecordKind, object>> = {
        patient: claim.patient,
        encounter: claim.encounter,
        diagnosis: claim.diagnoses[0],
        operation: claim.operations[0],
        line: claim.lines[0],
        prescription: claim.prescriptions[0]
    };

    for (const [kind, sample] of Object.entries(samples)) {
        it(`记录种类 ${kind}`, () => {
            const props = Object.keys(RECORDS[kind as RecordKind].fields);
            expect(props.filter(p => !(p in sample))).toEqual([]);
        });
    }

    it('历史就诊与历史明细也有同样的属性', () => {
        for (const p of Object.keys(RECORDS.encounter.fields)) expect(claim.history[0]).toHaveProperty(p);
        for (const p of Object.keys(RECORDS.line.fields)) expect(claim.history_lines[0]).toHaveProperty(p);
    });
});

describe('全局名称：是契约的来源，在规范化理赔上存在', () => {
    it('每个全局名称', () => {
        const globals = declaredGlobals();
        expect(globals.length).toBeGreaterThan(5);
        const claim = richClaim();
        // 筛查集合的来源不在规范化理赔上，由筛查集合（engine/population.ts）提供
        const population = new Population();
        population.add(claim);
        const missing = globals.filter(g => g.source === undefined || !(g.source in SOURCES)
            || !(isPopulationSource(g.source) ? g.source in population : g.source in claim)).map(g => `${g.name} = ${g.source ?? '（未写来源）'}`);
        expect(missing).toEqual([]);
        expect(Object.keys(SOURCES).filter(s => !globals.some(g => g.source === s))).toEqual([]);
    });
});

describe('药品编码的显式匹配方式（通用名剂型、药理分类）', () => {
    const key = PURE_FUNCTIONS.drug_generic_key;
    const cls = PURE_FUNCTIONS.drug_class;
    it('不同企业的同一药品：去掉末 5 位企业码后相同；大小写与首尾空白不影响', () => {
        expect(key('XJ01CAA040A001010100102')).toBe('XJ01CAA040A0010101');
        expect(key('XJ01CAA040A001010100102')).toBe(key(' xj01caa040a001010102699 '));
        expect(key('XJ01CAA040A001010100102')).not.toBe(key('XJ01CAA040A001010405611'));
        expect(key('ZA01BAX0341010100166')).toBe(key('ZA01BAX0341010100960'));
    });
    it('不是国家药品编码结构（本地编码、服务项目）：原样（去空白、转大写），不会与别的编码混为一谈', () => {
        expect(key(' local-01 ')).toBe('LOCAL-01');
        expect(key('001103000010000')).toBe('001103000010000');
        expect(key(null)).toBeNull();
    });
    it('药理分类：第 2–6 位；非国家药品编码为空', () => {
        expect(cls('XJ01CAA040A001010100102')).toBe('J01CA');
        expect(cls('XJ01CAA040A001010405611')).toBe('J01CA');
        expect(cls('ZA01BAX0341010100166')).toBe('A01BA');
        expect(cls('LOCAL-01')).toBeNull();
    });
});
