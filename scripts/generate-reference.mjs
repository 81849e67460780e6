#!/usr/bin/env node
/**
 * 生成 docs/语言参考.md（npm run docs:reference；需要先 npm run build）。内容见 language/src/reference/language-reference.ts。
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { languageReference, REFERENCE_PATH } from '@zhishen/language';
import { referenceSources } from './reference-sources.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const { markdown } = await languageReference(referenceSources(repo.replace(/\/$/, '')));
const out = join(repo, REFERENCE_PATH);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, markdown);
console.log(`写入 ${REFERENCE_PATH}（${markdown.length} 字符）`);
