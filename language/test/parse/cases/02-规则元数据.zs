// 规则元数据：分类（文本或名称）、级别、环节（带场景、全角括号与顿号）、适用、依据、说明
规则 GZ10000101007000 "药品限儿童使用" {
  分类 药品政策限定类
  级别 明确违规
  环节 事前, 事中(6, 8), 事后
  适用 门诊, 住院
  适用 三级
  依据 「《目录》凡例」
  说明 "示例"
  当 患者.年龄 >= 18岁
  违规 就诊
}

规则 R_全角 {
  分类 「医疗类」
  级别 提醒
  环节 事前（1，2、3）、事中（6）
  依据 "动态 {就诊.就诊号}"
  违规 就诊
}

规则 本地_规则_1 "没有子句也能解析" {
}

rule R_EN "English aliases" {
  category 「test」
  level 提醒
  phase 事后
  applies 住院
  basis 「basis」
  note "note"
  param limit = 3次
  foreach 明细 m in { "A" } where m.本次
    let x = m.数量
    when x > limit and not (x = 0) or x < 0
    violation m
    amount m.金额
    involved m
    message "m {m.名称}"
}
