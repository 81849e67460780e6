/**
 * 注释（隐藏记号）进语法树的两处线性化（问题 17-12：check 的用时随文件大小线性）。
 *
 * langium 4.2 在每个词法单元之前取出它前面的注释，两处的代价都随注释数增长：
 * - LangiumParser.extractHiddenTokens 每次从数组开头 splice，剩下的注释整体前移：n 个注释 O(n²)。
 *   这里改为游标：每次取 [游标, i) 的切片；游标过半时才把已取的删掉（均摊 O(1)）；解析结束（doParse 返回）时删掉
 *   已取的部分——langium 随后把数组里剩下的注释挂到根节点上，与原实现看到的数组相同。
 * - CstNodeBuilder.addHiddenNodes 为新建的空节点找插入位置时，用 indexOf 从父节点子节点的开头找：顶层有几万条声明时
 *   每个注释都扫一遍。新建的节点总是父节点最后加入的子节点，从后往前找（lastIndexOf）是 O(1)。
 * 建出的语法树与原实现相同：hidden-tokens.test.ts 逐节点对照。
 */
import type { IToken } from 'chevrotain';
import { CstNodeBuilder, CstUtils, LeafCstNodeImpl, type CompositeCstNode, type LangiumParser, type LexerResult } from 'langium';

/** 与 CstNodeBuilder.addHiddenNodes 的结果相同，找位置用 lastIndexOf。 */
export class LinearCstNodeBuilder extends CstNodeBuilder {
    override addHiddenNodes(tokens: IToken[]): void {
        const self = this as unknown as { current: CompositeCstNode; rootNode: CompositeCstNode };
        const nodes = tokens.map(token => {
            const leaf = new LeafCstNodeImpl(token.startOffset, token.image.length, CstUtils.tokenToRange(token), token.tokenType, true);
            leaf.root = self.rootNode as never;
            return leaf;
        });
        let current = self.current;
        // 在已有内容的组合节点里：追加在后面
        if (current.content.length > 0) {
            current.content.push(...nodes);
            return;
        }
        // 新建的空节点：插在第一个不是父节点首个子节点的祖先之前；都是首个子节点时插在根节点开头
        while (current.container) {
            const siblings = current.container.content;
            const index = siblings.lastIndexOf(current);
            if (index > 0) {
                siblings.splice(index, 0, ...nodes);
                return;
            }
            current = current.container;
        }
        self.rootNode.content.unshift(...nodes);
    }
}

interface HiddenCursor {
    hidden: IToken[];
    next: number;
}

/** 给解析器装上两处线性的实现（GuardedParser 的构造函数里调用）。 */
export function linearizeHiddenTokens(parser: LangiumParser): void {
    const p = parser as unknown as {
        nodeBuilder: CstNodeBuilder;
        lexerResult?: LexerResult;
        extractHiddenTokens(token: IToken): IToken[];
        doParse(rule: unknown): unknown;
    };
    p.nodeBuilder = new LinearCstNodeBuilder();
    let cursor: HiddenCursor | undefined;
    p.extractHiddenTokens = (token: IToken): IToken[] => {
        const hidden = p.lexerResult!.hidden;
        if (cursor === undefined || cursor.hidden !== hidden) cursor = { hidden, next: 0 };
        const from = cursor.next;
        if (from >= hidden.length) return [];
        const offset = token.startOffset;
        let i = from;
        while (i < hidden.length && hidden[i].startOffset <= offset) i++;
        if (i === from) return [];
        const taken = hidden.slice(from, i);
        cursor.next = i;
        if (i > 64 && i * 2 > hidden.length) {
            hidden.splice(0, i);
            cursor.next = 0;
        }
        return taken;
    };
    const doParse = p.doParse.bind(parser);
    p.doParse = (rule: unknown): unknown => {
        try {
            return doParse(rule);
        } finally {
            // langium 在 doParse 之后把数组里剩下的注释挂到根节点：删掉已经取走的
            if (cursor !== undefined && p.lexerResult && cursor.hidden === p.lexerResult.hidden) cursor.hidden.splice(0, cursor.next);
            cursor = undefined;
        }
    };
}
