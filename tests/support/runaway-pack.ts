/**
 * 模拟一个失控的规则包（时间预算的测试用）：规则源里写无害的 `m.名称 匹配 「^(a+)$」` 并照常构建，再把生成代码里的这次匹配换成
 * “名称是一长串 a 加一个别的字符时空转 60 秒”。以前这里换成回溯失控的 ^(a+)+$；运行时改用线性时间的正则之后它不再卡住，
 * 所以直接空转——代表检查防不住的任何失控（旧版本构建的规则包、引擎的缺陷）。其余理赔照常匹配。
 */
/** 失控规则的源：无害的 `^(a+)$`，构建之后由 runawayPack 换掉这次匹配。 */
export const RUNAWAY_RULE = `规则 SLOW_001 "名称回溯（测试）" {
  分类 医疗类
  级别 提醒
  环节 事前, 事中, 事后
  依据 「测试」
  对每条 明细 m
    当 m.名称 匹配 「^(a+)$」
    违规 m
}
`;

export function runawayPack(code: string): string {
    const call = /matches\(([^()]*(?:\([^()]*\)[^()]*)*), "\^\(a\+\)\$"\)/g;
    let replaced = 0;
    const out = code.replace(call, (_, arg: string) => {
        replaced++;
        return `matches(${arg}, ((s) => { if (typeof s === "string" && /^a{20,}[^a]$/.test(s)) { const t = Date.now(); while (Date.now() - t < 60000); } return "^(a+)$"; })(${arg}))`;
    });
    if (replaced === 0) throw new Error('生成代码里找不到 matches(…, "^(a+)$")：测试的规则源变了？');
    return out;
}
