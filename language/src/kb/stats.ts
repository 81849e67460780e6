/**
 * 知识库概况（CLI `zhishen kb info`、编辑器状态栏用）。纯数据，不打印。
 */
import { CATALOGUE_KINDS, type CatalogueKind, type KbProblem, type KnowledgeBase } from './types.js';

export interface KbSummary {
    name: string;
    id: string;
    catalogues: Array<{
        kind: CatalogueKind;
        /** 条目总数 */
        entries: number;
        /** 其中来自目录文件的 */
        fromFiles: number;
        /** 其中由知识点 med_codes 推得的 */
        fromKnowledgePoints: number;
    }>;
    /** 全部目录条目数（同一编码在不同目录各算一条） */
    catalogueEntries: number;
    knowledgePoints: {
        /** 知识点文件里读到的记录数（含坏记录、被取代的） */
        read: number;
        /** 通过校验载入的（= 有效 + 被取代） */
        loaded: number;
        /** 坏记录、重复记录等被跳过的 */
        skipped: number;
        /** 被 supersedes 取代的旧点 */
        superseded: number;
        /** 有效知识点 */
        active: number;
        /** 各规则类的有效知识点数，按文件中首次出现的顺序 */
        byRuleClass: Array<{ ruleClass: string; count: number }>;
    };
    dictionaries: Array<{ name: string; description: string; entries: number; source: string; fallbackCategory?: string }>;
    codeSets: Array<{ name: string; description: string; codes: number; prefixes: number; source: string }>;
    files: { total: number; byRole: Record<KnowledgeBase['files'][number]['role'], number> };
    problems: { errors: number; warnings: number; list: KbProblem[] };
}

export function kbSummary(kb: KnowledgeBase): KbSummary {
    const kpFiles = new Set(kb.files.filter(f => f.role === 'knowledge-points').map(f => f.path));
    const catalogues = CATALOGUE_KINDS.map(kind => {
        const entries = kb.catalogues.get(kind) ?? [];
        let fromKnowledgePoints = 0;
        for (const e of entries) if (kpFiles.has(e.source)) fromKnowledgePoints++;
        return { kind, entries: entries.length, fromFiles: entries.length - fromKnowledgePoints, fromKnowledgePoints };
    });
    const byRuleClass = [...kb.kpTables].map(([ruleClass, points]) => ({ ruleClass, count: points.length }));
    const active = byRuleClass.reduce((n, r) => n + r.count, 0);
    const read = kb.files.filter(f => f.role === 'knowledge-points').reduce((n, f) => n + f.records, 0);
    const loaded = active + kb.supersededCount;
    const byRole: KbSummary['files']['byRole'] = { catalogue: 0, 'knowledge-points': 0, dictionary: 0, 'code-set': 0, manifest: 0, ignored: 0 };
    for (const f of kb.files) byRole[f.role]++;
    return {
        name: kb.name,
        id: kb.id,
        catalogues,
        catalogueEntries: catalogues.reduce((n, c) => n + c.entries, 0),
        knowledgePoints: {
            read,
            loaded,
            skipped: read - loaded,
            superseded: kb.supersededCount,
            active,
            byRuleClass
        },
        dictionaries: [...kb.dictionaries.values()].map(d => {
            const row: KbSummary['dictionaries'][number] = { name: d.name, description: d.description, entries: d.entries.size, source: d.source };
            if (d.fallbackCategory !== undefined) row.fallbackCategory = d.fallbackCategory;
            return row;
        }),
        codeSets: [...kb.codeSets.values()].map(s => ({ name: s.name, description: s.description, codes: s.codes.length, prefixes: s.prefixes.length, source: s.source })),
        files: { total: kb.files.length, byRole },
        problems: {
            errors: kb.problems.filter(p => p.severity === 'error').length,
            warnings: kb.problems.filter(p => p.severity === 'warning').length,
            list: kb.problems
        }
    };
}
