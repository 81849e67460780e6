/**
 * 对照组的智审一方：标准规则里的三条（药品区分性别使用、医疗服务项目重复收费、药品儿童专用）连同它们套用的模板，
 * 原样取自 stdlib-rules/rules（不另写一份），在给定的知识库视图上编译成规则包。
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createZhishenCoreServices } from '../../language/dist/index.js';
import { compile } from '../../compiler/dist/index.js';
import { loadPackFile } from '../../cli/dist/packs.js';

export const PEER_RULES = [
    { id: 'GZ10000301004000', name: '药品区分性别使用', file: '政策类-药品.zs', template: '性别不符' },
    { id: 'GZ10000102012000', name: '医疗服务项目重复收费', file: '政策类-医疗服务项目.zs', template: '同日重复收费' },
    { id: 'GZ10000301002000', name: '药品儿童专用', file: '政策类-药品.zs', template: '超出儿童年龄' }
];
export const PEER_CLASSES = PEER_RULES.map(r => r.name);

/** 源码里以 head 开头、到行首的 } 为止的一块（连同紧挨着的文档注释）。 */
function block(text, head) {
    const start = text.indexOf(head);
    if (start < 0) throw new Error(`标准规则里找不到「${head}」`);
    const end = text.indexOf('\n}', start) + 2;
    const before = text.slice(0, start);
    const doc = before.match(/\/\*\*[\s\S]*?\*\/\s*$/);
    return (doc && !doc[0].slice(0, -1).includes('\n}') ? doc[0] : '') + text.slice(start, end);
}

export function peerSource(root) {
    const parts = [];
    for (const rule of PEER_RULES) {
        const text = readFileSync(join(root, 'stdlib-rules/rules', rule.file), 'utf8');
        if (rule.template) parts.push(block(text, `模板 ${rule.template} `));
        parts.push(block(text, `规则 ${rule.id} `));
    }
    return parts.join('\n\n') + '\n';
}

/** 编译三条规则（kbView 的知识点表决定实例数），写进 cacheDir 并按命令行的方式加载。 */
export async function buildPeerPack(root, kbView, name, cacheDir) {
    const text = peerSource(root);
    const dir = join(cacheDir, 'packs');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${name}.mjs`);
    const services = createZhishenCoreServices().Zhishen;
    const output = await compile({ services, sources: [{ uri: pathToFileURL(join(dir, `${name}.zs`)).href, text }], kb: kbView, root: dir, name, emit: { fileName: `${name}.mjs` } });
    if (!output.ok || !output.result) {
        const first = output.diagnostics.filter(d => d.severity === 'error').slice(0, 3).map(d => `${d.line}:${d.column} ${d.code} ${d.message}`);
        throw new Error(`对照组规则编译失败：${first.join('；')}`);
    }
    writeFileSync(join(dir, `${name}.zs`), text);
    writeFileSync(file, output.result.code);
    return { file, pack: await loadPackFile(file), manifest: output.result.manifest };
}
