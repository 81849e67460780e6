/**
 * 知识库（两库之“知识库”）的数据模型。纯数据，不做 IO：加载器把文件文本变成这些结构，
 * 校验器、编辑器、编译器都只读它。浏览器与 Node 共用。
 */

/** 目录种类。前四种合称“医保目录”（明细编码的种类），诊断 / 手术是另外两个编码空间。 */
export type CatalogueKind = '药品' | '中药饮片' | '医疗服务项目' | '医用耗材' | '诊断' | '手术';

export const CATALOGUE_KINDS: readonly CatalogueKind[] = ['药品', '中药饮片', '医疗服务项目', '医用耗材', '诊断', '手术'];

/** 诊断目录（ICD-10 医保版）：诊断名称(…) 与适应症映射从这里取名称。 */
export const DIAGNOSIS_CATALOGUE: CatalogueKind = '诊断';

/** 目录中的一个条目。来自目录文件（TSV/CSV/JSON），或由知识点的 med_codes + item_name 推得。 */
export interface CatalogueEntry {
    code: string;
    name: string;
    kind: CatalogueKind;
    spec?: string;
    dosform?: string;
    /** 限定支付范围 / 备注原文 */
    restriction?: string;
    /** 出处：文件相对路径（知识点推得的条目为知识点文件） */
    source: string;
}

/** 国家“两库”知识点（liangku/*.json 的一行），字段保持国家结构。 */
export interface KnowledgePoint {
    kp_id: string;
    rule_class: string;
    gz_code: string;
    level1: string;
    level2: string;
    med_codes: string[];
    item_name: string;
    constraint: string;
    detect_logic: string;
    batch_tag: string;
    supersedes: string | null;
    /** 在知识库里的位置：知识点文件（相对路径）与数组中的序号（1 起） */
    source: { file: string; row: number };
    /** 国家发布日期（原样；多数批次为 null） */
    published_at?: string | null;
    /** 国家记录里的出处（原 source 字段：附件表格文件名、行号、公告地址、PDF 页码），原样保留 */
    origin?: { attachment_file?: string | null; row?: number | null; announcement_url?: string | null; pdf_page?: number | null };
}

/** 字典：代码 → 名称（与可选的归类，如 med_type 21 → 普通住院 / 住院）。 */
export interface DictionaryEntry {
    code: string;
    label: string;
    /** 归入的内置枚举值（性别 / 就医类别 / 机构等级 / 险种类别 / 机构类别 / 项目类别），没有则为空 */
    category?: string;
}

export interface Dictionary {
    /** 字典名，即理赔字段名：gend, med_type, medins_lv, insutype, medins_type, hilist_type, chrg_type … */
    name: string;
    description: string;
    entries: Map<string, DictionaryEntry>;
    /** 未登记代码的归类（文档化的默认值），如 hilist_type 未登记 → 其他项目 */
    fallbackCategory?: string;
    /** 出处：'内置默认' 或文件相对路径 */
    source: string;
}

export interface KbProblem {
    file: string;
    /** 1 起的行号（JSON 数组为元素序号）；整个文件的问题没有行号 */
    row?: number;
    severity: 'error' | 'warning';
    message: string;
}

/** 一个代码集：精确编码、前缀（编码族）。 */
export interface KbCodeSet {
    name: string;
    description: string;
    codes: string[];
    prefixes: string[];
    source: string;
}

export interface SearchHit {
    entry: CatalogueEntry;
    /** 命中方式：精确编码、编码前缀、名称包含、拼音首字母 */
    match: 'exact' | 'prefix' | 'name' | 'pinyin';
    /** 越小越靠前 */
    rank: number;
}

export interface SearchOptions {
    limit?: number;
    kinds?: readonly CatalogueKind[];
    /** 同一档位内按权重（大的在前）再按名称长短排：编辑器补全用知识点引用次数（kb/usage.ts），常用编码在前 */
    weight?: (entry: CatalogueEntry) => number;
}

/** 编码索引：编辑器补全、悬停、校验（未知编码 + 最近匹配）共用。 */
export interface CodeIndex {
    /** 条目总数（同一编码在不同目录各算一条） */
    readonly size: number;
    /** 精确查找；一个编码可能出现在多个目录来源中 */
    get(code: string): readonly CatalogueEntry[];
    has(code: string): boolean;
    /** 按编码前缀列出（按编码排序） */
    byPrefix(prefix: string, options?: SearchOptions): CatalogueEntry[];
    /** 综合搜索：编码（精确/前缀）、中文名称子串、拼音首字母（如 amxl → 阿莫西林），排好序 */
    search(query: string, options?: SearchOptions): SearchHit[];
    /** 与一个不存在的编码最接近的已知编码（用于“你是否想要”） */
    nearest(code: string, options?: SearchOptions): CatalogueEntry[];
}

export interface KbManifest {
    name?: string;
    version?: string;
    description?: string;
    catalogues?: Array<{ file: string; kind?: CatalogueKind; columns?: Partial<Record<'code' | 'name' | 'spec' | 'dosform' | 'restriction', string>> }>;
    codeSets?: Array<{ name: string; description?: string; file?: string; codes?: string[] }>;
    dictionaries?: Array<{ name: string; description?: string; file: string; fallbackCategory?: string }>;
    knowledgePoints?: string[];
}

export interface KnowledgeBase {
    /** 名称（manifest.name 或文件夹名） */
    name: string;
    /** 内容哈希：相同文件内容 → 相同 id（写入规则包 manifest 的 KB 版本） */
    id: string;
    catalogues: Map<CatalogueKind, CatalogueEntry[]>;
    /** 规则类（rule_class）→ 有效知识点（已去掉被 supersedes 取代的旧点），保持文件内顺序 */
    kpTables: Map<string, KnowledgePoint[]>;
    /** 被新知识点取代的旧点数量 */
    supersededCount: number;
    codeSets: Map<string, KbCodeSet>;
    /** 字典：知识库文件覆盖内置默认 */
    dictionaries: Map<string, Dictionary>;
    problems: KbProblem[];
    index: CodeIndex;
    /** 读入的文件（相对路径）与类别 */
    files: Array<{ path: string; role: 'catalogue' | 'knowledge-points' | 'dictionary' | 'code-set' | 'manifest' | 'ignored'; records: number }>;
}

/** 交给纯加载器的一个文件。path 为相对知识库根目录的路径（用 / 分隔）。 */
export interface KbFile {
    path: string;
    text: string;
}
