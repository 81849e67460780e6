/**
 * 测试用知识库：仓库自带的样例知识库（stdlib-rules/sample-kb）与国家数据（../shared/kb-data），各加载一次。
 */
import { fileURLToPath } from 'node:url';
import { loadKnowledgeBaseFolder } from '../src/kb/load-folder.js';
import type { KnowledgeBase } from '../src/kb/types.js';

export const SAMPLE_KB_DIR = fileURLToPath(new URL('../../stdlib-rules/sample-kb/', import.meta.url));
export const NATIONAL_KB_DIR = fileURLToPath(new URL('../../../shared/kb-data/', import.meta.url));

let sample: Promise<KnowledgeBase> | undefined;
let national: Promise<KnowledgeBase> | undefined;

export function loadSampleKb(): Promise<KnowledgeBase> {
    sample ??= loadKnowledgeBaseFolder(SAMPLE_KB_DIR);
    return sample;
}

export function loadNationalKb(): Promise<KnowledgeBase> {
    national ??= loadKnowledgeBaseFolder(NATIONAL_KB_DIR);
    return national;
}
