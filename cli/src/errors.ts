/** 用户可以自己改正的错误（路径不对、配置写错……）：打印中文信息，退出码 2，不打印堆栈。 */
export class UserError extends Error {}
