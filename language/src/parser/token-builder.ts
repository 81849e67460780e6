/**
 * 词法：在 Langium 默认词法之上加入“插值字符串”模式。
 *
 * `"药品「{m.名称}」限儿童使用"` 被切成 TEMPLATE_START · 表达式 · TEMPLATE_END。
 * 难点在于 `}`：它既结束代码块，也可能开始字符串的后半段。我们用 Chevrotain 的多模式词法：
 * 只有在 TEMPLATE_START 之后（模板模式）才尝试 TEMPLATE_MIDDLE / TEMPLATE_END，
 * 因此普通代码里的 `} 规则 X {` 永远不会被误读为字符串片段。
 * 限制：插值表达式内部不能再出现花括号（集合字面量请先用 令 绑定）。
 */
import type { Grammar, TokenBuilderOptions } from 'langium';
import { DefaultTokenBuilder } from 'langium';
import type { IMultiModeLexerDefinition, TokenType, TokenVocabulary } from 'chevrotain';

const DEFAULT_MODE = 'code';
const TEMPLATE_MODE = 'template';

export class ZhishenTokenBuilder extends DefaultTokenBuilder {
    override buildTokens(grammar: Grammar, options?: TokenBuilderOptions): TokenVocabulary {
        const tokens = super.buildTokens(grammar, options) as TokenType[];
        const byName = (name: string) => {
            const token = tokens.find(t => t.name === name);
            if (!token) throw new Error(`词法定义缺少 ${name}`);
            return token;
        };
        const start = byName('TEMPLATE_START');
        const middle = byName('TEMPLATE_MIDDLE');
        const end = byName('TEMPLATE_END');
        // `}` 关键字会把 MIDDLE / END 当作“更长的候选”；它们不在代码模式中，去掉（模板模式里它们本来就排在最前）
        for (const token of tokens) {
            const alt = token.LONGER_ALT;
            if (Array.isArray(alt)) {
                const kept = alt.filter(t => t !== middle && t !== end);
                token.LONGER_ALT = kept.length > 0 ? kept : undefined;
            } else if (alt === middle || alt === end) {
                token.LONGER_ALT = undefined;
            }
        }
        start.PUSH_MODE = TEMPLATE_MODE;
        end.POP_MODE = true;
        const codeTokens = tokens.filter(t => t !== middle && t !== end);
        // 模板模式：先试 } … { 与 } … "，再试普通词法（表达式内部照常切分）
        const templateTokens = [middle, end, ...codeTokens];
        const definition: IMultiModeLexerDefinition = {
            modes: { [DEFAULT_MODE]: codeTokens, [TEMPLATE_MODE]: templateTokens },
            defaultMode: DEFAULT_MODE
        };
        return definition;
    }
}
