/**
 * 构建时把仓库里的样例装进演练场（新增的规则文件、样例理赔、知识库文件不需要改代码就会出现）：
 *
 *   virtual:zhishen-samples
 *     ruleSamples   examples/*.zs、stdlib-rules/rules/**\/*.zs（路径、分组、文本）
 *     claimSamples  examples/claims/**、stdlib-rules/claims/**（.json / .ndjson）
 *     sampleKb      样例知识库 stdlib-rules/sample-kb 打成一个 JSON 资源文件（{ name, files: [{path, text}] }），
 *                   两个 worker 按需 fetch（浏览器缓存，只下载一次）；这里只导出它的文件名与概况
 *     keywords      语法文件 language/src/grammar/zhishen.langium 中的关键字（编辑器的语法高亮用）
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Plugin } from 'vite';

const VIRTUAL_ID = 'virtual:zhishen-samples';
const RESOLVED_ID = '\0' + VIRTUAL_ID;

export interface SamplesOptions {
    /** 仓库根目录 */
    repo: string;
}

interface FileEntry {
    path: string;
    text: string;
}

function walk(dir: string, accept: (name: string) => boolean, out: string[] = []): string[] {
    if (!existsSync(dir)) return out;
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
        if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
        const full = join(dir, entry.name);
        if (entry.isDirectory()) walk(full, accept, out);
        else if (accept(entry.name)) out.push(full);
    }
    return out;
}

const posix = (p: string) => p.split(sep).join('/');

/** 收集样例（也给单元测试与基准用：与浏览器里看到的是同一份）。 */
export function collectSamples(repo: string) {
    const read = (file: string): FileEntry => ({ path: posix(relative(repo, file)), text: readFileSync(file, 'utf8') });
    const isRule = (name: string) => name.endsWith('.zs');
    const isClaim = (name: string) => name.endsWith('.json') || name.endsWith('.ndjson');
    const rules = [
        ...walk(join(repo, 'stdlib-rules', 'rules'), isRule).map(f => ({ ...read(f), group: '标准规则' })),
        ...walk(join(repo, 'examples'), isRule).map(f => ({ ...read(f), group: '语言导览' }))
    ];
    const claims = [
        ...walk(join(repo, 'stdlib-rules', 'claims'), isClaim).map(f => ({ ...read(f), group: '标准规则样例' })),
        ...walk(join(repo, 'examples', 'claims'), isClaim).map(f => ({ ...read(f), group: '语言导览样例' }))
    ].map(c => ({ ...c, title: claimTitle(c.path, c.text) }));
    const kbDir = join(repo, 'stdlib-rules', 'sample-kb');
    const kbFiles = walk(kbDir, name => /\.(json|tsv|csv|txt)$/i.test(name)).map(f => ({ path: posix(relative(kbDir, f)), text: readFileSync(f, 'utf8') }));
    let kbName = '样例知识库';
    const manifest = kbFiles.find(f => f.path === 'zhishen-kb.json');
    if (manifest) {
        try {
            kbName = (JSON.parse(manifest.text) as { name?: string }).name ?? kbName;
        } catch {
            // 清单坏了：知识库加载器会报告
        }
    }
    const grammarFile = join(repo, 'language', 'src', 'grammar', 'zhishen.langium');
    const keywords = existsSync(grammarFile) ? grammarKeywords(readFileSync(grammarFile, 'utf8')) : [];
    return { rules, claims, kb: { name: kbName, files: kbFiles }, keywords };
}

/** 样例理赔的标题：zhishen_demo 字段（npm start 的演示也用它），否则文件名。 */
function claimTitle(path: string, text: string): string {
    const base = path.split('/').pop()!.replace(/\.(nd)?json$/, '');
    try {
        const first = text.trimStart().startsWith('{') && path.endsWith('.json') ? JSON.parse(text) : undefined;
        if (first && typeof first.zhishen_demo === 'string') return first.zhishen_demo;
    } catch {
        // 坏 JSON 也列出来：演练场会报告错误
    }
    return base;
}

/** 语法中的关键字：引号内的词（中文或英文字母），不含标点与运算符。 */
export function grammarKeywords(grammar: string): string[] {
    const words = new Set<string>();
    for (const match of grammar.matchAll(/'([^'\\\s]+)'/g)) {
        const word = match[1];
        if (/^[A-Za-z_\u3400-\u4dbf\u4e00-\u9fff][A-Za-z0-9_\u3400-\u4dbf\u4e00-\u9fff]*$/.test(word)) words.add(word);
    }
    return [...words].sort();
}

export function zhishenSamples(options: SamplesOptions): Plugin {
    let isBuild = false;
    let cached: { module: string; kbJson: string; kbFile: string } | undefined;
    const prepare = () => {
        const samples = collectSamples(options.repo);
        const kbJson = JSON.stringify({ name: samples.kb.name, files: samples.kb.files });
        const hash = createHash('sha256').update(kbJson).digest('hex').slice(0, 10);
        const kbFile = `samples/sample-kb.${hash}.json`;
        const module = [
            `export const ruleSamples = ${JSON.stringify(samples.rules)};`,
            `export const claimSamples = ${JSON.stringify(samples.claims)};`,
            `export const sampleKb = ${JSON.stringify({ file: kbFile, name: samples.kb.name, files: samples.kb.files.length, bytes: kbJson.length })};`,
            `export const keywords = ${JSON.stringify(samples.keywords)};`
        ].join('\n');
        cached = { module, kbJson, kbFile };
        return cached;
    };
    return {
        name: 'zhishen-samples',
        configResolved(config) {
            isBuild = config.command === 'build';
        },
        resolveId(id) {
            return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
        },
        load(id) {
            if (id !== RESOLVED_ID) return undefined;
            return prepare().module;
        },
        generateBundle() {
            if (!isBuild) return;
            const { kbJson, kbFile } = cached ?? prepare();
            this.emitFile({ type: 'asset', fileName: kbFile, source: kbJson });
        },
        configureServer(server) {
            // 开发时样例变了：重新收集并整页刷新
            const dirs = ['stdlib-rules/rules', 'stdlib-rules/claims', 'stdlib-rules/sample-kb', 'examples'].map(d => join(options.repo, d)).filter(d => existsSync(d) && statSync(d).isDirectory());
            server.watcher.add(dirs);
            server.watcher.on('all', (_event, file) => {
                if (!dirs.some(d => file.startsWith(d))) return;
                cached = undefined;
                const module = server.moduleGraph.getModuleById(RESOLVED_ID);
                if (module) server.moduleGraph.invalidateModule(module);
                server.ws.send({ type: 'full-reload' });
            });
            server.middlewares.use((req, res, next) => {
                const url = (req.url ?? '').split('?')[0];
                const current = cached ?? prepare();
                if (url.endsWith('/' + current.kbFile)) {
                    res.setHeader('Content-Type', 'application/json; charset=utf-8');
                    res.end(current.kbJson);
                    return;
                }
                next();
            });
        }
    };
}
