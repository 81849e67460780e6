/**
 * 「用户文本不成为代码」：把恶意载荷放进规则作者能写的每一处（规则标题、分类、说明、依据、提示与插值、正则、参数值与说明、
 * 代码集编码与前缀、知识点表名、测试名称、知识库的 kp_id / item_name / constraint / 编码 / 知识库名称、部署配置的参数值、
 * 源文件名、理赔数据），编译、写出规则包并导入（ESM 与 factory 两种格式）、审核一个让载荷出现在输出里的理赔，断言：
 * 没有副作用（globalThis 上没有多出标记、process.exit 没被调用）；生成的模块能被解析；载荷原样出现在 vola_cont、vola_evid、
 * rule_name、manifest 中；生成的代码里没有裸的 U+2028 / U+2029，也没有 `</script`。
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadKnowledgeBase } from '@zhishen/language';
import { emitPack, instantiateFactory, runTests } from '@zhishen/compiler';
import { createEngine } from '@zhishen/runtime';
import type { JudgeResult, RulePack } from '@zhishen/runtime';
import { collectTestsOf, compileText, loadGenerated } from '../../compiler/test/helpers.js';
import { interpretPack } from '@zhishen/compiler';

const PAYLOADS: Array<[string, string]> = [
    ['闭合字符串并退出进程', '"); process.exit(1); //'],
    ['单引号闭合', "'); globalThis.__zhishenPwned = 1; //"],
    ['反引号', '`'],
    ['模板插值', '${globalThis.__zhishenPwned=1}'],
    ['行分隔符 U+2028', 'a\u2028b'],
    ['段分隔符 U+2029', 'a\u2029b'],
    ['script 标签', '</script><script>alert(1)</script>'],
    ['注释结束符', '*/ globalThis.__zhishenPwned = 1; /*'],
    ['反斜杠', '\\'],
    ['反斜杠 u 转义文本', '\\u0022); globalThis.__zhishenPwned = 1; //'],
    ['换行与回车', 'x\n}); globalThis.__zhishenPwned = 1; ({\r'],
    ['NUL 与控制字符', 'a\u0000b\u0007c'],
    ['HTML 注释与 CDATA', '<!-- ]]> -->'],
    ['JSON 破坏', '"}]}); globalThis.__zhishenPwned = 1; //'],
    ['中文引号', '“”「'],
    ['花括号', '{m.名称}{{}}'],
    ['原型名', '__proto__'],
    ['组合', '"`${globalThis.__zhishenPwned=1}\u2028\u2029</script>*/\\\'']
];

/** 写成 "…" 字符串（转义 \ " “ ” { } 与换行）。 */
function quoted(text: string): string {
    return '"' + text.replace(/[\\"“”{}]/g, c => '\\' + c).replace(/\n/g, '\\n').replace(/\r/g, '\\r') + '"';
}

/** 写成 「…」 原样文本（载荷里有 」 时用 "…"）。 */
function raw(text: string): string {
    return text.includes('」') ? quoted(text) : `「${text}」`;
}

function regexLiteral(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** 知识库文本两端加上括号：加载器会修剪两端空白，载荷本身要原样保留（理赔里的编码与标识同样去首尾空白，所以编码也两端加字）。 */
const kpText = (p: string) => `〔${p}〕`;

function source(p: string): string {
    const table = `注入表${kpText(p)}`;
    return `
/** 文档注释 ${p.replace(/\*\//g, '* /')} */
参数 关键词 = ${quoted(p)} ${raw(p)}

代码集 注入码 = { ${quoted('码' + p + '码')}, ${quoted('族' + p)}* } ${raw(p)}

规则 R_INJ_1 ${quoted(p)} {
  分类 ${raw(p)}
  级别 明确违规
  环节 事后
  依据 ${raw(p)}
  说明 ${quoted(p)}
  对每条 明细 m 属于 注入码
    当 m.名称 包含 关键词 且 m.名称 匹配 ${raw(regexLiteral(p))}
    当 提取文本(m.名称, ${raw('(' + regexLiteral(p) + ')')}) = 关键词
    违规 m
    提示 ${quoted(`甲${p}乙`).slice(0, -1)}{m.名称}${quoted(p).slice(1, -1)}{关键词}"
    依据 关键词
}

模板 注入模板 ${quoted(p)} {
  知识点 k
  依据 k.限定条件
  对每条 明细 m 属于 k.编码
    违规 m
    提示 "{k.名称}|{k.编号}|{k.限定条件}|{k.检测逻辑}|{k.批次}"
}

规则 R_INJ_2 "知识点" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  套用 注入模板 于 ${quoted(table)}
}

测试 ${quoted(p)} {
  理赔 { "patient_dtos": [{ "patn_id": ${quoted(p)}, "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01",
    "fsi_order_dtos": [{ "rx_id": ${quoted(p)}, "hilist_code": ${quoted('码' + p + '码')}, "hilist_name": ${quoted(p)}, "cnt": 1, "pric": 1, "sumamt": 1 }] }] }] }
  期望 R_INJ_1 违规项 ${quoted(p)} 金额 1元
}
`;
}

function knowledgeBase(p: string) {
    const t = kpText(p);
    const points = [{
        kp_id: `KP${t}`, rule_class: `注入表${t}`, gz_code: t, level1: t, level2: t, med_codes: [`知识点码${t}`], item_name: t,
        constraint: t, detect_logic: t, batch_tag: t, supersedes: null
    }];
    return loadKnowledgeBase([
        { path: 'zhishen-kb.json', text: JSON.stringify({ name: `知识库${t}`, version: t }) },
        { path: 'liangku/注入.json', text: JSON.stringify(points) }
    ]);
}

function claim(p: string) {
    return {
        task_id: p,
        patient_dtos: [{
            patn_id: p, patn_name: p, curr_mdtrt_id: p,
            fsi_encounter_dtos: [{
                mdtrt_id: p, medins_name: p, adm_date: '2024-03-01',
                fsi_order_dtos: [
                    { rx_id: `明细${p}`, hilist_code: `码${p}码`, hilist_name: p, cnt: 1, pric: 12.5, sumamt: 12.5 },
                    { rx_id: `族明细${p}`, hilist_code: `族${p}后缀`, hilist_name: `前${p}后`, cnt: 2, pric: 1, sumamt: 2 },
                    { rx_id: `知识点明细${p}`, hilist_code: `知识点码${kpText(p)}`, hilist_name: p, cnt: 1, pric: 3, sumamt: 3 }
                ]
            }]
        }]
    };
}

function pwned(): boolean {
    return (globalThis as Record<string, unknown>).__zhishenPwned !== undefined || (globalThis as Record<string, unknown>).pwned !== undefined;
}

describe('生成的代码：用户文本不成为代码', () => {
    let exit: ReturnType<typeof vi.spyOn>;
    beforeAll(() => {
        exit = vi.spyOn(process, 'exit').mockImplementation(((code?: number) => { throw new Error(`process.exit(${code}) 被调用`); }) as never);
    });
    afterAll(() => exit.mockRestore());

    for (const [label, p] of PAYLOADS) {
        it(label, async () => {
            const kb = knowledgeBase(p);
            expect(kb.problems.filter(x => x.severity === 'error')).toEqual([]);
            const rawConfig = { 参数: { R_INJ_1: { 关键词: p } }, 说明: p };
            const fileName = `注入 ${label.replace(/[\\/]/g, '_')}.zs`;
            const output = await compileText({ [fileName]: source(p) }, { kb, rawConfig });
            expect(output.diagnostics.filter(d => d.severity === 'error').map(d => `${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual([]);
            const { code, manifest, sourceMap } = output.result!;

            // 生成的代码：没有裸的行 / 段分隔符，没有 </script
            expect(code.includes('\u2028')).toBe(false);
            expect(code.includes('\u2029')).toBe(false);
            expect(/<\/script/i.test(code)).toBe(false);
            expect(/<!--/.test(code)).toBe(false);
            // 源码映射是合法 JSON
            expect(() => JSON.parse(sourceMap)).not.toThrow();

            // ESM：导入（解析）成功，没有副作用
            const compiled = await loadGenerated(output);
            expect(pwned()).toBe(false);
            // factory 格式：new Function 实例化
            const factory = instantiateFactory(emitPack(output.ir!, { format: 'factory' }).code);
            expect(pwned()).toBe(false);
            const interpreted = interpretPack(output.ir!, compiled.manifest.id);

            // manifest 原样保留载荷
            const rule = compiled.manifest.rules.find(r => r.id === 'R_INJ_1')!;
            expect(rule.name).toBe(p);
            expect(rule.category).toBe(p);
            expect(rule.basis).toBe(p);
            expect(rule.notes).toEqual([p]);
            const keyword = rule.params.find(x => x.name === '关键词')!;
            expect(keyword.value).toBe(p);
            expect(keyword.description).toBe(p);
            const t = kpText(p);
            expect(manifest.rules.find(r => r.id === 'R_INJ_2')!.table).toBe(`注入表${t}`);
            expect(compiled.manifest.kb?.name).toBe(`知识库${t}`);
            expect(factory.manifest).toEqual(compiled.manifest);

            // 审核：三种规则包输出逐字节相同，载荷原样出现在输出里
            const input = claim(p);
            const outputs = [compiled, factory, interpreted].map((pack: RulePack) => JSON.stringify(createEngine(pack, { explain: true }).evaluate(input)));
            expect(outputs[1]).toBe(outputs[0]);
            expect(outputs[2]).toBe(outputs[0]);
            expect(pwned()).toBe(false);
            const response = createEngine(compiled, { explain: true }).evaluate(input).response;
            expect(response.task_id).toBe(p);
            const one = response.result.filter(r => r.rule_id === 'R_INJ_1');
            expect(one.map(r => r.judge_result_detail_dtos.map(d => d.rx_id))).toEqual([[`明细${p}`], [`族明细${p}`]]);
            const first = one[0] as JudgeResult;
            expect(first.rule_name).toBe(p);
            expect(first.vola_cont).toBe(`甲${p}乙${p}${p}${p}`);
            expect(first.vola_evid).toBe(p);
            expect(first.patn_id).toBe(p);
            expect(first.mdtrt_id).toBe(p);
            expect(one[1].vola_cont).toBe(`甲${p}乙前${p}后${p}${p}`);
            const two = response.result.find(r => r.rule_id === 'R_INJ_2')!;
            expect(two, '知识点规则应触发').toBeDefined();
            expect(two.vola_cont).toBe(`${t}|KP${t}|${t}|${t}|${t}`);
            expect(two.vola_evid).toBe(`测试；${t}`);
            expect(two.zhishen?.kp_id).toBe(`KP${t}`);
            expect(two.zhishen?.explanation?.instance).toEqual({ kp_id: `KP${t}`, item_name: t, constraint: t });

            // 测试块：测试名称与期望中的载荷
            const tests = await collectTestsOf({ [fileName]: source(p) }, kb);
            expect(tests.map(t => t.name)).toEqual([p]);
            const report = runTests(compiled, tests, { readClaimFile: () => { throw new Error('不读文件'); } });
            expect(report.results[0].error).toBeUndefined();
            expect(report.passed).toBe(1);
            expect(pwned()).toBe(false);
            expect(exit).not.toHaveBeenCalled();
        });
    }

    it('名称是 JS 关键字、生成代码里的变量名或中英混写：规则编号、参数、令、作用域、代码集', async () => {
        const names = ['return', 'eval', 'arguments', 'this', 'await', 'yield', 'var', 'class', 'constructor', '__proto__', 'prototype', 'undefined', 'NaN', 'globalThis', 'process', 'require', 'import', 'K', 'P', 'o', 'F', 'rt', 'ctx', 'el', 'tr', 'v0', 'e0', 't0', 'w0', '中文_ascii_混合123', '_'];
        const blocks = names.map((name, i) => `
代码集 集${name} = { "本院-${i}" }
规则 ${name} "规则 ${i}" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  参数 ${name}参 = ${i}次
  对每条 明细 ${name} 属于 集${name}
    令 ${name}令 = ${name}.数量 + ${name}参
    当 ${name}令 > 0
    违规 ${name}
    提示 "{${name}令}"
}`);
        const output = await compileText({ 'names.zs': blocks.join('\n') });
        expect(output.diagnostics.filter(d => d.severity === 'error').map(d => `${d.line} ${d.code} ${d.message}`)).toEqual([]);
        const compiled = await loadGenerated(output);
        const factory = instantiateFactory(emitPack(output.ir!, { format: 'factory' }).code);
        const interpreted = interpretPack(output.ir!, compiled.manifest.id);
        const input = { patient_dtos: [{ patn_id: 'P', fsi_encounter_dtos: [{ mdtrt_id: 'M', adm_date: '2024-01-01',
            fsi_order_dtos: names.map((_, i) => ({ rx_id: `R${i}`, hilist_code: `本院-${i}`, cnt: 1, pric: 1, sumamt: 1 })) }] }] };
        const outputs = [compiled, factory, interpreted].map(pack => JSON.stringify(createEngine(pack, { explain: true }).evaluate(input)));
        expect(outputs[1]).toBe(outputs[0]);
        expect(outputs[2]).toBe(outputs[0]);
        const result = createEngine(compiled).evaluate(input).response.result;
        expect(result.map(r => [r.rule_id, r.vola_cont])).toEqual(names.map((name, i) => [name, String(1 + i)]));
        expect(pwned()).toBe(false);
    });

    it('部署配置中的级别代码与违规行为代码（运行时）原样输出', async () => {
        const p = PAYLOADS[PAYLOADS.length - 1][1];
        const output = await compileText({ 'a.zs': source(p) }, { kb: knowledgeBase(p) });
        const pack = await loadGenerated(output);
        const engine = createEngine(pack, { config: { parameters: {}, levelCodes: { 明确违规: p }, behaviorCodes: { [p]: p }, disabled: [] } });
        const result = engine.evaluate(claim(p)).response.result.find(r => r.rule_id === 'R_INJ_1')!;
        expect(result.sev_deg).toBe(p);
        expect(result.vola_bhvr_type).toBe(p);
        expect(pwned()).toBe(false);
    });
});
