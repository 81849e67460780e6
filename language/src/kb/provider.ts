/**
 * 当前生效的知识库。宿主（CLI、语言服务器、浏览器 worker）加载后设置；校验、补全、编译只读。
 * 没有知识库时语言照常工作，只是不检查编码是否在目录中。
 */
import type { KnowledgeBase } from './types.js';

export type KnowledgeBaseListener = (kb: KnowledgeBase | undefined) => void;

export class KnowledgeBaseProvider {
    private kb: KnowledgeBase | undefined;
    private readonly listeners = new Set<KnowledgeBaseListener>();

    get current(): KnowledgeBase | undefined {
        return this.kb;
    }

    set(kb: KnowledgeBase | undefined): void {
        this.kb = kb;
        for (const listener of this.listeners) listener(kb);
    }

    onChange(listener: KnowledgeBaseListener): () => void {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }
}
