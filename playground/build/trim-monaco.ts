/**
 * Monaco 自带的 LSP 客户端顺带引入了几乎所有编辑器功能（相当于 editor.main 去掉语言）。演练场用不到的几项
 * （AI 内联补全、差异编辑器、取色器、拖放、CodeLens、GPU 渲染、粘性滚动…）换成空模块，包小一些。
 * 只替换 LSP 客户端入口里的“副作用导入”；其他模块真正用到的代码照常打包。
 */
import type { Plugin } from 'vite';

const UNUSED = [
    'editor/contrib/inlineCompletions/browser/inlineCompletions.contribution.js',
    'editor/contrib/suggest/browser/suggestInlineCompletions.js',
    'editor/browser/widget/diffEditor/diffEditor.contribution.js',
    'editor/contrib/diffEditorBreadcrumbs/browser/contribution.js',
    'editor/contrib/colorPicker/browser/colorPickerContribution.js',
    'editor/contrib/dnd/browser/dnd.js',
    'editor/contrib/dropOrPasteInto/browser/copyPasteContribution.js',
    'editor/contrib/dropOrPasteInto/browser/dropIntoEditorContribution.js',
    'editor/contrib/codelens/browser/codelensController.js',
    'editor/contrib/gpu/browser/gpuActions.js',
    'editor/contrib/middleScroll/browser/middleScroll.contribution.js',
    'editor/contrib/sectionHeaders/browser/sectionHeaders.js',
    'editor/contrib/stickyScroll/browser/stickyScrollContribution.js',
    'editor/contrib/floatingMenu/browser/floatingMenu.contribution.js',
    'editor/contrib/linkedEditing/browser/linkedEditing.js',
    'editor/contrib/inPlaceReplace/browser/inPlaceReplace.js',
    'editor/standalone/browser/iPadShowKeyboard/iPadShowKeyboard.js',
    'editor/standalone/browser/inspectTokens/inspectTokens.js'
];

const EMPTY = '\0zhishen-empty-contribution';

export function trimMonaco(): Plugin {
    return {
        name: 'zhishen-trim-monaco',
        enforce: 'pre',
        resolveId(source, importer) {
            if (!importer || !importer.replace(/\\/g, '/').endsWith('monaco-lsp-client/out/index.js')) return undefined;
            return UNUSED.some(u => source.endsWith(u)) ? EMPTY : undefined;
        },
        load(id) {
            return id === EMPTY ? 'export {};' : undefined;
        }
    };
}
