/**
 * 部署环境里与校验有关的设置（宿主读项目配置 zhishen.json 后设置；校验只读）。
 *
 * 历史来源：实时审核（事前 / 事中）时除本次请求之外可查的已结算理赔——zhishen.json 的 "历史来源"（或 "history"）列出的
 * NDJSON 文件（每行一个 3101 入参），zhishen run 启动时载入筛查集合，每个请求与它们一起求值。配置了历史来源，
 * 读 全体就诊 / 全体明细 的规则才可以写 环节 事前 / 事中（否则 ZS0222）。
 */
export class DeploymentSettings {
    /** 历史来源的说明（诊断与悬停里显示，如文件名）；没有配置为 undefined */
    historySource: string | undefined;
}
