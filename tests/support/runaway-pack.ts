/**
 * 模拟一个失控的规则包（时间预算的测试用）：规则源里写无害的 `m.名称 匹配 「^(a+)$」` 并照常构建，再把生成代码里的这次匹配换成
 * “名称是一长串 a 加一个别的字符时空转 60 秒”。以前这里换成回溯失控的 ^(a+)+$；运行时改用线性时间的正则之后它不再卡住，
 * 所以直接空转——代表检查防不住的任何失控（旧版本构建的规则包、引擎的缺陷）。其余理赔照常匹配。
 */
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
