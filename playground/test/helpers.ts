/** 单元测试的公用数据：与演练场构建时收集的是同一份样例。 */
import { fileURLToPath } from 'node:url';
import { collectSamples } from '../build/samples-plugin.js';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));

let cached: ReturnType<typeof collectSamples> | undefined;
export function samples() {
    cached ??= collectSamples(REPO);
    return cached;
}

export const TOUR = 'examples/语言导览.zs';
export const SAME_DAY_CLAIM = 'examples/claims/同日重复收费.json';

/** README 中的同日重复收费规则，加一个参数（演练场的端到端测试也用它） */
export const PARAM_RULE = `规则 GZ10000102012000 "医疗服务项目重复收费" {
  分类 医疗服务项目政策限定类
  级别 明确违规
  环节 事中, 事后
  依据 「两库：项目A的内涵已包含项目B，同日同时收费的B项目不予支付」
  参数 起付金额 = 10元

  知识点 k 来自 "医疗服务项目重复收费"
  对每条 明细 b 属于 k.其余码
    令 同日A = 明细 其中 编码 = k.首码 且 日期 = b.日期
    当 存在(同日A) 且 b.金额 > 起付金额
    违规 b
    涉及 同日A
    提示 "「{b.名称}」与「{k.名称}」同日收费"
    依据 k.限定条件
}
`;
