/**
 * 一次求值的上下文：被审核的患者（规范化理赔）与规则包数据。纯数据，规则求值只读它。
 */
import type { NClaim, NRequest } from '../claim/types.js';
import type { PackData } from '../contract/pack.js';
import type { Population } from './population.js';

export interface EvalContext {
    /** 被审核的患者。统计组规则（对每组 全体就诊 …）对整个筛查集合求值一次，没有“本次”患者：编译器保证它们不读 claim。 */
    claim: NClaim;
    request: NRequest;
    data: PackData;
    /** 筛查集合（规则包读到 全体就诊 / 全体明细 时由引擎提供；单个请求审核时是这个请求本身） */
    population?: Population;
    /** 统计组规则求值时：本规则本实例的全部统计组（同级 统计在其中比较） */
    cohorts?: readonly unknown[];
}
