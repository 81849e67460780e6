/**
 * LSP 的工作区：启动时把内置库放进文档集合、读 zhishen.json 并加载知识库；首次构建只跑快速校验，
 * 慢速校验（跨文件、知识库）由 ValidationScheduler 延后。
 */
import type { BuildOptions, LangiumDocument, LangiumSharedCoreServices, WorkspaceFolder } from 'langium';
import { DefaultWorkspaceManager, URI } from 'langium';
import { ensurePreludeDocument } from '../builtins/load-prelude.js';
import type { ZhishenProject } from './project.js';

export const FAST_CATEGORIES = ['built-in', 'fast'];
export const ALL_CATEGORIES = ['built-in', 'fast', 'slow'];

export class ZhishenWorkspaceManager extends DefaultWorkspaceManager {
    override initialBuildOptions: BuildOptions = { validation: { categories: FAST_CATEGORIES } };

    constructor(private readonly shared: LangiumSharedCoreServices & { zhishen: { Project: ZhishenProject } }) {
        super(shared);
    }

    protected override async loadAdditionalDocuments(folders: WorkspaceFolder[], collector: (document: LangiumDocument) => void): Promise<void> {
        collector(ensurePreludeDocument(this.shared));
        await this.shared.zhishen.Project.initialize(folders.map(folder => URI.parse(folder.uri)));
    }
}
