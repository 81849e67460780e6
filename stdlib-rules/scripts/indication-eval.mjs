// 适应症映射在标注样本上的精度（stdlib-rules/test/适应症标注样本.tsv）。report.mjs 写进 README，测试检查门槛。
// “相符”为正类：规则不报（诊断属于编码族，或知识点没有编码族而不生效）。
//   精确率 = 判为相符中真相符的比例（越低 → 漏掉的错误患者越多）；
//   召回率 = 真相符中判为相符的比例（越低 → 对编码正确的患者误报越多）。
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SAMPLE = join(ROOT, 'stdlib-rules', 'test', '适应症标注样本.tsv');

export function readSample(file = SAMPLE) {
    return readFileSync(file, 'utf8').split('\n').filter(l => l && !l.startsWith('#')).slice(1).map(l => {
        const [kp_id, drug, code, name, expected, note] = l.split('\t');
        return { kp_id, drug, code, name, expected, note };
    });
}

/** kb：国家知识库（loadKnowledgeBaseFolder 的结果）。返回混淆矩阵、指标与出错的行。 */
export async function evaluateIndications(kb, rows = readSample()) {
    const { mapIndication } = await import(pathToFileURL(join(ROOT, 'language/dist/kb/indications.js')).href);
    const { text } = await import(pathToFileURL(join(ROOT, 'runtime/dist/index.js')).href);
    const byId = new Map();
    for (const table of ['药品限适应症', '药品限二线使用']) for (const kp of kb.kpTables.get(table) ?? []) byId.set(kp.kp_id, kp);
    const diagnoses = kb.catalogues.get('诊断') ?? [];
    const m = { tp: 0, fp: 0, fn: 0, tn: 0, inactiveRight: 0, inactiveWrong: 0 };
    const errors = [];
    const points = new Set();
    for (const row of rows) {
        const kp = byId.get(row.kp_id);
        if (!kp) throw new Error(`标注样本里的知识点 ${row.kp_id} 不在国家数据中`);
        points.add(row.kp_id);
        const { set } = mapIndication(kp.constraint, diagnoses);
        if (row.expected === '不生效') {
            if (set.length === 0) m.inactiveRight++;
            else { m.inactiveWrong++; errors.push({ ...row, got: `生效：${set.join(' ')}` }); }
            continue;
        }
        const covered = set.length === 0 || text.indicationCovers(row.code, row.name, set) === true;
        const truth = row.expected === '相符';
        if (covered && truth) m.tp++;
        else if (covered && !truth) { m.fp++; errors.push({ ...row, got: set.length === 0 ? '不生效' : `相符（${set.slice(0, 8).join(' ')}）` }); }
        else if (!covered && truth) { m.fn++; errors.push({ ...row, got: `不符（${set.slice(0, 8).join(' ')}）` }); }
        else m.tn++;
    }
    const precision = m.tp / Math.max(1, m.tp + m.fp);
    const recall = m.tp / Math.max(1, m.tp + m.fn);
    return { ...m, points: points.size, pairs: m.tp + m.fp + m.fn + m.tn, precision, recall, errors };
}
