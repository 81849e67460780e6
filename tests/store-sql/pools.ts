import type { IrPack } from '@zhishen/compiler';
import type { Random } from '../support/random.js';

/** 规则用到的编码（精确；前缀补随机尾巴；区间取下端），让生成的理赔常常触发规则。 */
export function pools(ir: IrPack, random: Random) {
    const line = new Set<string>();
    const diagnosis = new Set<string>();
    const add = (code: string) => (/^[A-Z]\d{2}(\.|$)/.test(code) && !/^[A-Z]\d{2}[A-Z]/.test(code) ? diagnosis : line).add(code);
    for (const set of [...ir.matchers, ...ir.rules.flatMap(r => r.instances.map(i => i.codes).filter((c): c is NonNullable<typeof c> => !!c))]) {
        for (const code of set.codes) add(code);
        for (const prefix of set.prefixes) add(prefix + random.digits(random.int(0, 6)));
        for (const [lo] of set.ranges) add(lo + (random.chance(0.5) ? '.' + random.digits(3) : ''));
    }
    const lineCodes = [...line].sort();
    return {
        ruleLineCodes: lineCodes, ruleDiagnosisCodes: [...diagnosis].sort(),
        drugs: lineCodes.filter(c => /^[A-Z]/.test(c)).slice(0, 200), services: lineCodes.filter(c => /^\d/.test(c)).slice(0, 200),
        herbs: lineCodes.filter(c => c.startsWith('T')).slice(0, 50), consumables: ['C0001', 'C0002'],
        diagnoses: ['I10.x00', 'E11.900', 'J18.900', 'O80.000', 'N40.x00', 'K35.800'], operations: ['65.2100', '60.2100', '47.0100']
    };
}

