/**
 * 工作区项目：读 zhishen.json（知识库目录、参数覆盖、部署配置文件），加载知识库，并在它们变化时重读。
 *
 * zhishen.json（工作区根目录，或其上级目录；与命令行相同）：
 *   {
 *     "rules": ["rules"],                 // 命令行用；语言服务器读工作区里的全部 .zs
 *     "kb": ["kb", "../shared/kb-data"],  // 知识库目录（相对 zhishen.json）
 *     "config": "部署配置.json",           // 部署配置：其中的 参数 / parameters 是参数覆盖
 *     "参数": { "*": { "儿童年龄上限": "14岁" }, "GZ…": { … } },  // 也可直接写在这里（优先）
 *     "历史来源": ["已结算.ndjson"]         // 实时审核的历史来源：配置了时 事前 / 事中 规则可以读 全体就诊（ZS0222）
 *   }
 * 文件 IO 经 Langium 的 FileSystemProvider（Node 读盘；浏览器为空）；读知识库文件夹由宿主提供（Node：kb-node）。
 * 浏览器里没有文件系统：宿主发 zhishen/setKnowledgeBase 通知直接给出知识库文件。
 */
import type { FileSystemProvider, LangiumDocuments, LangiumSharedCoreServices } from 'langium';
import { URI, UriUtils } from 'langium';
import type { FileEvent } from 'vscode-languageserver-protocol';
import type { KnowledgeBaseProvider } from '../kb/provider.js';
import type { DeploymentSettings } from '../workspace/deployment.js';
import type { KbFile, KnowledgeBase } from '../kb/types.js';
import { loadKnowledgeBase } from '../kb/load.js';
import { codeUsageWeight } from '../kb/usage.js';
import type { ZhishenStatus } from './protocol.js';
import type { Document } from '../generated/ast.js';
import { isRule } from '../generated/ast.js';
import { isPreludeUri } from '../builtins/load-prelude.js';

export const CONFIG_FILE = 'zhishen.json';

/** 宿主能力：Node 服务器提供读知识库文件夹；浏览器没有。 */
export interface ZhishenHost {
    /** 读一组知识库文件夹（Node：@zhishen/language/kb-node 的 loadKnowledgeBaseFolders） */
    loadKnowledgeBaseFolders?(dirs: URI[]): Promise<KnowledgeBase>;
}

export interface ProjectSettings {
    /** 生效的 zhishen.json */
    configFile?: URI;
    kbDirs: URI[];
    /** 部署配置文件（config） */
    deploymentFile?: URI;
    /** 合并后的部署配置（原样 JSON，交给编译器校验） */
    deploymentConfig?: Record<string, unknown>;
    /** 规则编号（或 "*"）→ 参数名 → 原样的覆盖值 */
    parameterOverrides: Record<string, Record<string, unknown>>;
    /** 历史来源（"历史来源" / "history"，与命令行相同）：配置了时读筛查集合的实时规则不报 ZS0222 */
    history?: string[];
    /** 配置文件的问题（中文） */
    problems: string[];
}

export interface ParameterOverride {
    value: unknown;
    /** 显示用：如 14岁 */
    text: string;
    /** 出处：zhishen.json 或部署配置文件名 */
    source: string;
    /** 写在哪个键下（规则编号或 *） */
    scope: string;
}

type StatusListener = (status: ZhishenStatus) => void;

export class ZhishenProject {
    private readonly fileSystem: FileSystemProvider;
    private readonly kbProvider: () => KnowledgeBaseProvider;
    private settings: ProjectSettings = { kbDirs: [], parameterOverrides: {}, problems: [] };
    private folders: URI[] = [];
    private kbLoading = false;
    private kbError: string | undefined;
    /** 浏览器直接给出的知识库（优先于 zhishen.json） */
    private explicitKb = false;
    private readonly listeners = new Set<StatusListener>();
    /** 编辑器给出的参数覆盖（zhishen/setParameterOverrides），优先于 zhishen.json */
    private editorOverrides: { values: Record<string, Record<string, unknown>>; source: string } = { values: {}, source: '参数面板' };
    private reloadTimer: ReturnType<typeof setTimeout> | undefined;
    canRun = false;
    /** 《语言参考》的地址（initializationOptions.referenceUrl）：悬停内置声明时链接到它的一节 */
    referenceUrl: string | undefined;
    /** 重读配置或知识库后要求重建全部文档（由服务器接上） */
    onReloaded: () => Promise<void> = async () => undefined;

    private readonly documents: LangiumDocuments;

    constructor(shared: LangiumSharedCoreServices, kbProvider: () => KnowledgeBaseProvider, private readonly host: ZhishenHost = {},
        private readonly deployment?: () => DeploymentSettings) {
        this.fileSystem = shared.workspace.FileSystemProvider;
        this.documents = shared.workspace.LangiumDocuments;
        this.kbProvider = kbProvider;
    }

    get current(): ProjectSettings {
        return this.settings;
    }

    /** 工作区里的规则数与规则文件数（不含内置库） */
    private countRules(): { rules: number; files: number } {
        let rules = 0;
        let files = 0;
        for (const document of this.documents.all) {
            if (isPreludeUri(document.uri)) continue;
            files++;
            rules += ((document.parseResult.value as Document).elements ?? []).filter(isRule).length;
        }
        return { rules, files };
    }

    onStatus(listener: StatusListener): () => void {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }

    status(): ZhishenStatus {
        const kb = this.kbProvider().current;
        const counts = this.countRules();
        return {
            kbLoaded: !!kb,
            kbLoading: this.kbLoading,
            kbName: kb?.name,
            kbCodes: kb?.index.size,
            kbTables: kb?.kpTables.size,
            kbError: this.kbError,
            rules: counts.rules,
            files: counts.files,
            configFile: this.settings.configFile?.toString(),
            canRun: this.canRun
        };
    }

    fireStatus(): void {
        const status = this.status();
        for (const listener of this.listeners) listener(status);
    }

    /** 启动时：找 zhishen.json、读配置、加载知识库（在首次构建之前完成，首批诊断就带知识库）。 */
    async initialize(folders: URI[]): Promise<void> {
        this.folders = folders;
        await this.load();
    }

    private async load(): Promise<void> {
        this.settings = await this.readSettings();
        const deployment = this.deployment?.();
        if (deployment) deployment.historySource = this.settings.history?.join('、');
        if (this.explicitKb) return;
        if (!this.host.loadKnowledgeBaseFolders || this.settings.kbDirs.length === 0) {
            this.kbError = undefined;
            if (this.settings.kbDirs.length === 0) this.kbProvider().set(undefined);
            return;
        }
        this.kbLoading = true;
        this.fireStatus();
        try {
            const kb = await this.host.loadKnowledgeBaseFolders(this.settings.kbDirs);
            this.kbError = undefined;
            this.kbProvider().set(kb);
            warmUp(kb);
        } catch (error) {
            this.kbError = `知识库加载失败：${(error as Error).message}`;
            this.kbProvider().set(undefined);
        } finally {
            this.kbLoading = false;
        }
        this.fireStatus();
    }

    /** 浏览器：直接设置知识库文件（空数组为卸载）。 */
    async setKnowledgeBaseFiles(files: KbFile[], name?: string): Promise<void> {
        await this.useKnowledgeBase(files.length === 0 ? undefined : loadKnowledgeBase(files, name ? { name } : {}));
    }

    /**
     * 宿主直接给出已加载的知识库（undefined 为卸载）：演练场的 worker 只加载一次，语言服务与编译运行共用同一个对象。
     */
    async useKnowledgeBase(kb: KnowledgeBase | undefined): Promise<void> {
        this.explicitKb = kb !== undefined;
        this.kbProvider().set(kb);
        if (kb) warmUp(kb);
        this.kbError = undefined;
        this.fireStatus();
        await this.onReloaded();
    }

    /** 监视到的文件变化：涉及 zhishen.json、部署配置或知识库目录时（合并 300 ms 内的变化）重读。 */
    handleFileChanges(changes: FileEvent[]): boolean {
        const relevant = changes.some(change => this.isRelevant(URI.parse(change.uri)));
        if (relevant) this.scheduleReload();
        return relevant;
    }

    isRelevant(uri: URI): boolean {
        const path = uri.path;
        if (UriUtils.basename(uri) === CONFIG_FILE) return true;
        if (this.settings.deploymentFile && this.settings.deploymentFile.path === path) return true;
        return this.settings.kbDirs.some(dir => path === dir.path || path.startsWith(dir.path.replace(/\/$/, '') + '/'));
    }

    scheduleReload(delay = 300): void {
        if (this.reloadTimer) clearTimeout(this.reloadTimer);
        this.reloadTimer = setTimeout(() => {
            this.reloadTimer = undefined;
            void this.reload();
        }, delay);
    }

    async reload(): Promise<void> {
        await this.load();
        await this.onReloaded();
        this.fireStatus();
    }

    /** 参数的覆盖值：规则内参数看 规则编号 与 *，顶层参数看 *。 */
    overrideFor(parameterName: string, ruleId: string | undefined): ParameterOverride | undefined {
        const layers = [
            { overrides: this.editorOverrides.values, source: this.editorOverrides.source },
            { overrides: this.settings.parameterOverrides, source: this.overrideSource() }
        ];
        for (const { overrides, source } of layers) {
            for (const scope of ruleId ? [ruleId, '*'] : ['*']) {
                const values = overrides[scope];
                if (values && Object.prototype.hasOwnProperty.call(values, parameterName)) {
                    const value = values[parameterName];
                    if (value === '' || value === null || value === undefined) continue;
                    return { value, text: displayValue(value), source, scope };
                }
            }
        }
        return undefined;
    }

    /** 编辑器自己的参数覆盖（演练场的参数面板）：替换上一次给出的。 */
    setEditorOverrides(values: Record<string, Record<string, unknown>> | undefined, source = '参数面板'): void {
        const clean: Record<string, Record<string, unknown>> = {};
        for (const [scope, entries] of Object.entries(values ?? {})) {
            if (entries && typeof entries === 'object' && !Array.isArray(entries)) clean[scope] = { ...entries };
        }
        this.editorOverrides = { values: clean, source };
    }

    private overrideSource(): string {
        const file = this.settings.configFile;
        return file ? UriUtils.basename(file) : CONFIG_FILE;
    }

    private async readSettings(): Promise<ProjectSettings> {
        const settings: ProjectSettings = { kbDirs: [], parameterOverrides: {}, problems: [] };
        const configFile = await this.findConfigFile();
        if (!configFile) return settings;
        settings.configFile = configFile;
        const dir = UriUtils.dirname(configFile);
        let data: Record<string, unknown>;
        try {
            const raw = JSON.parse(stripBom(await this.fileSystem.readFile(configFile))) as unknown;
            if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('应是一个 JSON 对象');
            data = raw as Record<string, unknown>;
        } catch (error) {
            settings.problems.push(`${CONFIG_FILE} 无法读取：${(error as Error).message}`);
            return settings;
        }
        const list = (value: unknown): string[] => value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String);
        settings.kbDirs = list(data.kb ?? data['知识库']).map(p => resolvePath(dir, p));
        const history = data['历史来源'] ?? data.history;
        if (history !== undefined) settings.history = list(history);
        let deployment: Record<string, unknown> = {};
        const configPath = data.config ?? data['部署配置'];
        if (typeof configPath === 'string') {
            settings.deploymentFile = resolvePath(dir, configPath);
            try {
                const raw = JSON.parse(stripBom(await this.fileSystem.readFile(settings.deploymentFile))) as unknown;
                if (raw && typeof raw === 'object' && !Array.isArray(raw)) deployment = { ...(raw as Record<string, unknown>) };
            } catch (error) {
                settings.problems.push(`部署配置「${configPath}」无法读取：${(error as Error).message}`);
            }
        }
        const inline = data['参数'] ?? data.parameters;
        const fromDeployment = deployment['参数'] ?? deployment.parameters;
        const merged: Record<string, Record<string, unknown>> = {};
        for (const source of [fromDeployment, inline]) {
            if (!source || typeof source !== 'object' || Array.isArray(source)) continue;
            for (const [scope, values] of Object.entries(source as Record<string, unknown>)) {
                if (!values || typeof values !== 'object' || Array.isArray(values)) continue;
                merged[scope] = { ...(merged[scope] ?? {}), ...(values as Record<string, unknown>) };
            }
        }
        settings.parameterOverrides = merged;
        if (Object.keys(merged).length > 0 || Object.keys(deployment).length > 0) {
            delete deployment['参数'];
            settings.deploymentConfig = { ...deployment, ...(Object.keys(merged).length > 0 ? { '参数': merged } : {}) };
        }
        return settings;
    }

    /** 每个工作区文件夹：先看根目录，再向上找（与命令行相同）。第一个找到的生效。 */
    private async findConfigFile(): Promise<URI | undefined> {
        for (const folder of this.folders) {
            let dir: URI = folder;
            for (let depth = 0; depth < 32; depth++) {
                const candidate = UriUtils.joinPath(dir, CONFIG_FILE);
                try {
                    if (await this.fileSystem.exists(candidate)) return candidate;
                } catch {
                    // 浏览器里没有文件系统
                }
                const parent = UriUtils.dirname(dir);
                if (parent.path === dir.path) break;
                dir = parent;
            }
        }
        return undefined;
    }
}

function resolvePath(dir: URI, path: string): URI {
    if (/^[a-zA-Z][\w+.-]*:\/\//.test(path)) return URI.parse(path);
    if (path.startsWith('/')) return dir.with({ path });
    return UriUtils.resolvePath(dir, path);
}

function stripBom(text: string): string {
    return text.replace(/^\uFEFF/, '');
}

function displayValue(value: unknown): string {
    if (typeof value === 'string') return value;
    return JSON.stringify(value);
}

/** 知识库加载后预热编码索引（名称、拼音长串是首次查询时才建的），不阻塞调用者。 */
function warmUp(kb: KnowledgeBase): void {
    setTimeout(() => {
        try {
            kb.index.search('阿', { limit: 1 });
            kb.index.search('a', { limit: 1 });
            codeUsageWeight(kb);
        } catch {
            // 预热失败不影响功能
        }
    }, 0);
}
