// 金额去重（semantics.ts F8）：一条明细在一个患者全部结果中的违规金额之和不超过它的净金额。分配次序：级别（明确违规 → 高度可疑 →
// 轻度可疑 → 提醒）、规则在包中的位置、jr_id。按知识点合并（F7，同名 .config.json 的「按知识点合并」）：同一实例一次就诊一条结果。
规则 EV_DD_001 "轻度可疑、在包中最先：最后分配" {
  分类 测试
  级别 轻度可疑
  环节 事后
  依据 「测试」
  对每条 明细 m 属于 { "A" }
    违规 m
}

规则 EV_DD_002 "明确违规：先分配，取一部分" {
  分类 测试
  级别 明确违规
  环节 事后
  依据 「测试」
  对每条 明细 m 属于 { "A" }
    违规 m
    金额 150元
}

规则 EV_DD_003 "高度可疑：取剩下的" {
  分类 测试
  级别 高度可疑
  环节 事后
  依据 「测试」
  对每条 明细 m 属于 { "A" }
    违规 m
    金额 50元
}

规则 EV_DD_004 "金额超过明细本身：按明细金额封顶" {
  分类 测试
  级别 明确违规
  环节 事后
  依据 「测试」
  对每条 明细 m 属于 { "B" }
    违规 m
    金额 m.金额 × 3
}

规则 EV_DD_005 "按知识点合并：同一就诊的几条合成一条" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  对每条 明细 m 属于 { "C" }
    违规 m
    提示 "「{m.名称}」"
}

规则 EV_DD_006 "不合并：每条明细一条" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  对每条 明细 m 属于 { "C" }
    违规 m
}

规则 EV_DD_007 "就诊级的结果不参与分配" {
  分类 测试
  级别 明确违规
  环节 事后
  依据 「测试」
  当 存在(明细 其中 编码 = "A")
  违规 就诊
  金额 500元
}

测试 "同一明细被几条规则选中" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01",
    "fsi_order_dtos": [
      { "rx_id": "a1", "hilist_code": "A", "hilist_name": "甲", "cnt": 1, "pric": 225, "sumamt": 225 },
      { "rx_id": "a2", "hilist_code": "A", "hilist_name": "甲", "cnt": 1, "pric": 100, "sumamt": 100 },
      { "rx_id": "b1", "hilist_code": "B", "hilist_name": "乙", "cnt": 2, "pric": 10.005, "sumamt": 20.01 }
    ] }] }] }
  期望 EV_DD_002 违规项 "a1" 金额 150元
  期望 EV_DD_003 违规项 "a1" 金额 50元
  期望 EV_DD_001 违规项 "a1" 金额 25元
  期望 EV_DD_002 违规项 "a2" 金额 100元
  期望 EV_DD_003 违规项 "a2" 金额 0元
  期望 EV_DD_001 违规项 "a2" 金额 0元
  期望 EV_DD_004 违规项 "b1" 金额 20.01元
  期望 EV_DD_007 金额 500元
}

测试 "按知识点合并" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01",
    "fsi_order_dtos": [
      { "rx_id": "c1", "hilist_code": "C", "hilist_name": "丙", "cnt": 1, "pric": 3, "sumamt": 3, "fee_ocur_time": "2024-03-01 08:00" },
      { "rx_id": "c2", "hilist_code": "C", "hilist_name": "丙", "cnt": 1, "pric": 4, "sumamt": 4, "fee_ocur_time": "2024-03-02 08:00" },
      { "rx_id": "c3", "hilist_code": "C", "hilist_name": "丙", "cnt": 1, "pric": 5, "sumamt": 5, "fee_ocur_time": "2024-03-03 08:00" }
    ] }] }] }
  期望 EV_DD_005 违规项 "c1", "c2", "c3" 金额 12元
  期望 EV_DD_006 违规项 "c1" 金额 0元
  期望 EV_DD_006 违规项 "c3" 金额 0元
}
