/**
 * 一次求值的上下文：被审核的患者（规范化理赔）与规则包数据。纯数据，规则求值只读它。
 */
import type { NClaim, NRequest } from '../claim/types.js';
import type { PackData } from '../contract/pack.js';

export interface EvalContext {
    claim: NClaim;
    request: NRequest;
    data: PackData;
}
