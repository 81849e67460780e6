/**
 * Monaco：只带编辑器核心、JSON 语言与内置的 LSP 客户端（不引入 monaco-editor 总入口的几十种语言）。
 * 智审语言的高亮用 Monarch（关键字取自语法文件）；诊断、补全、悬停、格式化来自 worker 里的语言服务器。
 */
import * as monaco from 'monaco-editor/editor/editor.api';
import { jsonDefaults } from 'monaco-editor/languages/features/json/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker?worker';
import schema from '@zhishen/runtime/schema/3101-input.schema.json';
import { keywords } from 'virtual:zhishen-samples';

export { monaco };

export const ZHISHEN = 'zhishen';
export const SCHEMA_URI = 'https://zhishen.dev/schema/3101-input.schema.json';

let done = false;

export function setupMonaco(): typeof monaco {
    if (done) return monaco;
    done = true;
    self.MonacoEnvironment = {
        getWorker(_workerId: string, label: string) {
            return label === 'json' ? new JsonWorker() : new EditorWorker();
        }
    };

    monaco.languages.register({ id: ZHISHEN, extensions: ['.zs'], aliases: ['智审', 'Zhishen'] });
    monaco.languages.setLanguageConfiguration(ZHISHEN, {
        comments: { lineComment: '//', blockComment: ['/*', '*/'] },
        brackets: [['{', '}'], ['(', ')'], ['[', ']'], ['（', '）']],
        autoClosingPairs: [
            { open: '{', close: '}' },
            { open: '(', close: ')' },
            { open: '[', close: ']' },
            { open: '（', close: '）' },
            { open: '"', close: '"', notIn: ['string', 'comment'] },
            { open: '「', close: '」', notIn: ['string', 'comment'] },
            { open: '“', close: '”', notIn: ['string', 'comment'] }
        ],
        surroundingPairs: [
            { open: '{', close: '}' }, { open: '(', close: ')' }, { open: '"', close: '"' }, { open: '「', close: '」' }
        ],
        wordPattern: /[A-Za-z_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff][\w\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]*|\d+(\.\d+)?/,
        indentationRules: { increaseIndentPattern: /\{[^}]*$/, decreaseIndentPattern: /^\s*\}/ }
    });
    monaco.languages.setMonarchTokensProvider(ZHISHEN, zhishenMonarch(keywords));

    // 理赔：按 3101 入参的 schema 补全字段名、悬停看中文说明。错误由编译运行 worker 以中文给出（Monaco 自带的 JSON 校验信息是英文），
    // 所以这里关掉它的诊断，只留补全、悬停、格式化、折叠。
    jsonDefaults.setDiagnosticsOptions({
        validate: true,
        allowComments: false,
        enableSchemaRequest: false,
        schemaValidation: 'ignore',
        schemas: [{ uri: SCHEMA_URI, fileMatch: ['*.json', '*.ndjson', '*.jsonl'], schema: schema as object }]
    });
    jsonDefaults.setModeConfiguration({ ...jsonDefaults.modeConfiguration, diagnostics: false });
    return monaco;
}

const IDENT = /[A-Za-z_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff][\w\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]*/;

/** 与语法一致：半角与全角圆括号都是括号（语法里 '(' | '（'）。 */
export const MONARCH_BRACKETS: monaco.languages.IMonarchLanguageBracket[] = [
    { open: '{', close: '}', token: 'delimiter.curly' },
    { open: '[', close: ']', token: 'delimiter.square' },
    { open: '(', close: ')', token: 'delimiter.parenthesis' },
    { open: '（', close: '）', token: 'delimiter.parenthesis' }
];

export function zhishenMonarch(words: readonly string[]): monaco.languages.IMonarchLanguage {
    const expressionRules: monaco.languages.IMonarchLanguageRule[] = [
        [/\/\/.*$/, 'comment'],
        [/\/\*/, 'comment', '@comment'],
        [/「[^」]*」/, 'string.raw'],
        [/"/, 'string', '@string'],
        [/“[^”]*”/, 'string'],
        [/\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?/, 'number.date'],
        [/\d+(\.\d+)?(元|天|小时|岁|次|个|%)?/, 'number'],
        [IDENT, { cases: { '@keywords': 'keyword', '@default': 'identifier' } }],
        [/[{}()[\]（）]/, '@brackets'],
        [/[<>=!≠≤≥×÷+\-*/%&|?:：，,、.]+/, 'operator']
    ];
    return {
        defaultToken: '',
        keywords: [...words],
        // Monarch 的 @brackets 只认这里列出的括号（不看语言配置的 brackets）；全角括号与语法一样当括号
        brackets: MONARCH_BRACKETS,
        tokenizer: {
            root: expressionRules,
            string: [
                [/[^"\\{]+/, 'string'],
                [/\\./, 'string.escape'],
                [/\{/, { token: 'delimiter.bracket', next: '@interpolation' }],
                [/"/, 'string', '@pop']
            ],
            interpolation: [[/\}/, { token: 'delimiter.bracket', next: '@pop' }], ...expressionRules],
            comment: [
                [/[^*/]+/, 'comment'],
                [/\*\//, 'comment', '@pop'],
                [/[*/]/, 'comment']
            ]
        }
    };
}
