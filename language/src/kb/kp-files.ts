/** 知识点 JSON → 知识点表；由知识点推出目录条目。 */
import { guessCodeKind } from './code-shape.js';
import { compareStrings, error, isObject, nullableString, str, warning } from './files.js';
import { type Classified, parseJsonInto } from './manifest.js';
import { type CatalogueEntry, type CatalogueKind, type KbProblem, type KnowledgePoint } from './types.js';

export function readKnowledgePoints(c: Classified, loaded: KnowledgePoint[], byId: Map<string, KnowledgePoint>, problems: KbProblem[]): number {
    const path = c.file.path;
    if (c.json === undefined && c.jsonError === undefined) parseJsonInto(c);
    if (c.jsonError !== undefined) {
        problems.push(error(path, undefined, `不是合法的 JSON（${c.jsonError}），整个知识点文件已跳过。请修正 JSON 语法后重新加载。`));
        return 0;
    }
    if (!Array.isArray(c.json)) {
        problems.push(error(path, undefined, '知识点文件应是知识点对象的数组（[{ "kp_id": …, "rule_class": …, "med_codes": [ … ] }]），整个文件已跳过。'));
        return 0;
    }
    const arr: unknown[] = c.json;
    for (let i = 0; i < arr.length; i++) {
        const row = i + 1;
        const r = arr[i];
        if (!isObject(r)) {
            problems.push(error(path, row, '这一项不是知识点对象，已跳过。请删除它或改成 { "kp_id": …, "rule_class": …, "med_codes": [ … ] }。'));
            continue;
        }
        const label = describeRecord(r);
        const kpId = typeof r['kp_id'] === 'string' ? r['kp_id'].trim() : '';
        if (!kpId) {
            problems.push(error(path, row, `知识点${label}缺少 kp_id，已跳过。请为它补上唯一的 kp_id（如 KP-0123456789abcdef）。`));
            continue;
        }
        const ruleClass = typeof r['rule_class'] === 'string' ? r['rule_class'].trim() : '';
        if (!ruleClass) {
            problems.push(error(path, row, `知识点 ${kpId}${label}缺少 rule_class，已跳过。请写明它所属的规则类（如“药品限适应症”）。`));
            continue;
        }
        const rawCodes = r['med_codes'];
        const medCodes = Array.isArray(rawCodes)
            ? rawCodes.filter((x): x is string => typeof x === 'string').map(x => x.trim()).filter(x => x.length > 0)
            : [];
        if (medCodes.length === 0) {
            const what = Array.isArray(rawCodes) ? 'med_codes 为空' : 'med_codes 缺失或不是数组';
            problems.push(error(path, row, `知识点 ${kpId}${label}的 ${what}，已跳过。请补上它适用的医保编码（字符串数组），或删除这条记录（它可能是表格里的说明行）。`));
            continue;
        }
        if (Array.isArray(rawCodes) && medCodes.length !== rawCodes.length) {
            problems.push(warning(path, row, `知识点 ${kpId} 的 med_codes 里有空的或不是字符串的编码，已略去。请检查这条记录。`));
        }
        if (byId.has(kpId)) {
            const first = byId.get(kpId)!.source;
            problems.push(warning(path, row, `知识点 ${kpId} 与 ${first.file} 第 ${first.row} 项重复，已跳过这一条。若它是更新，请换新的 kp_id 并用 supersedes 指向旧点。`));
            continue;
        }
        const kp: KnowledgePoint = {
            kp_id: kpId,
            rule_class: ruleClass,
            gz_code: str(r['gz_code']),
            level1: str(r['level1']),
            level2: str(r['level2']),
            med_codes: medCodes,
            item_name: str(r['item_name']),
            constraint: str(r['constraint']),
            detect_logic: str(r['detect_logic']),
            batch_tag: str(r['batch_tag']),
            supersedes: typeof r['supersedes'] === 'string' && r['supersedes'].trim() ? r['supersedes'].trim() : null,
            source: { file: path, row }
        };
        if ('published_at' in r) kp.published_at = typeof r['published_at'] === 'string' ? r['published_at'] : null;
        const origin = r['source'];
        if (isObject(origin)) {
            kp.origin = {
                attachment_file: nullableString(origin['attachment_file']),
                row: typeof origin['row'] === 'number' ? origin['row'] : null,
                announcement_url: nullableString(origin['announcement_url']),
                pdf_page: typeof origin['pdf_page'] === 'number' ? origin['pdf_page'] : null
            };
        }
        loaded.push(kp);
        byId.set(kpId, kp);
    }
    return arr.length;
}

export function describeRecord(r: Record<string, unknown>): string {
    const name = typeof r['item_name'] === 'string' ? r['item_name'].trim() : '';
    if (!name) return '';
    return `（${name.length > 24 ? name.slice(0, 24) + '…' : name}）`;
}

/** 规则类名 → 编码种类（编码形状猜不出时用） */
export function kindFromRuleClass(ruleClass: string): CatalogueKind | undefined {
    if (ruleClass.includes('饮片')) return '中药饮片';
    if (ruleClass.includes('药品')) return '药品';
    if (ruleClass.includes('耗材')) return '医用耗材';
    if (ruleClass.includes('医疗服务项目') || ruleClass.includes('手术项目')) return '医疗服务项目';
    return undefined;
}

/** 知识点的 constraint 是不是该项目的支付限定文字（而不是“含监护、床位”、“日”、“胃肠手术组”这类参数） */
export function restrictionText(kp: KnowledgePoint): string | undefined {
    const text = kp.constraint.trim();
    if (!text) return undefined;
    if (kp.detect_logic.includes('同时收费') || kp.rule_class.includes('重复收费') || kp.rule_class.includes('折价')) return undefined;
    return /限|支付|不予|不得|专用|不超过/.test(text) ? text : undefined;
}

export function deriveFromKnowledgePoints(
    kpTables: Map<string, KnowledgePoint[]>,
    catalogueCodes: ReadonlySet<string>,
    catalogues: Map<CatalogueKind, CatalogueEntry[]>
): void {
    // 键：按形状猜得出种类的编码就用编码本身（种类由编码决定）；猜不出、按规则类定种类的加上种类前缀
    const derived = new Map<string, CatalogueEntry>();
    // 按文件顺序（而不是规则类顺序）推，使“第一次出现”的名称稳定
    const all: KnowledgePoint[] = [];
    for (const table of kpTables.values()) for (const kp of table) all.push(kp);
    all.sort((a, b) => compareStrings(a.source.file, b.source.file) || a.source.row - b.source.row);
    for (const kp of all) {
        const codes = kp.med_codes;
        const parts = kp.item_name.split('×');
        const pairNames = parts.length === codes.length && parts.length > 1 ? parts.map(p => p.trim()) : undefined;
        const restriction = restrictionText(kp);
        for (let j = 0; j < codes.length; j++) {
            const code = codes[j]!;
            if (catalogueCodes.has(code)) continue;
            const name = pairNames?.[j] ?? kp.item_name;
            let existing = derived.get(code);
            let kind: CatalogueKind | undefined;
            let key = code;
            if (!existing) {
                kind = guessCodeKind(code);
                if (!kind) {
                    kind = kindFromRuleClass(kp.rule_class);
                    if (!kind) continue;
                    key = kind + '\u0000' + code;
                    existing = derived.get(key);
                }
            }
            if (existing) {
                if (restriction && existing.restriction !== restriction && !(existing.restriction ?? '').split('\n').includes(restriction)) {
                    existing.restriction = existing.restriction ? existing.restriction + '\n' + restriction : restriction;
                }
                if (!existing.name && name) existing.name = name;
                continue;
            }
            const entry: CatalogueEntry = { code, name, kind: kind!, source: kp.source.file };
            if (restriction) entry.restriction = restriction;
            derived.set(key, entry);
            catalogues.get(kind!)!.push(entry);
        }
    }
}
