/**
 * 生成语言参考的输入（读文件）：取例子的 .zs（语言导览在前，再是标准规则），与 3101 入参 schema 里的全部字段名。
 * scripts/generate-reference.mjs 与 tests/reference/reference.test.ts 共用，两边算出同一份参考。
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function referenceSources(repo) {
    const examples = [join(repo, 'examples/语言导览.zs')];
    const rules = join(repo, 'stdlib-rules/rules');
    for (const name of readdirSync(rules).filter(n => n.endsWith('.zs')).sort()) examples.push(join(rules, name));
    const schema = JSON.parse(readFileSync(join(repo, 'runtime/schema/3101-input.schema.json'), 'utf8'));
    const inputFields = new Set();
    const walk = node => {
        if (!node || typeof node !== 'object') return;
        if (node.properties && typeof node.properties === 'object') for (const key of Object.keys(node.properties)) inputFields.add(key);
        for (const value of Object.values(node)) walk(value);
    };
    walk(schema);
    return {
        examples: examples.map(path => ({ path: path.slice(repo.length + 1), text: readFileSync(path, 'utf8') })),
        inputFields
    };
}
