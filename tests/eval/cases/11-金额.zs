// 金额精确：0.1 + 0.2 = 0.3，6 位小数单价 × 小数数量，按分四舍五入；写了 金额 时从最后一条往前分摊；无法计算的金额 vola_amt_stas = 0。
规则 EV_MN_001 "零点一加零点二" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  令 合计 = 求和(明细 其中 编码 = "P", 金额)
  当 合计 = 0.3元
  违规 明细 其中 编码 = "P"
  金额 合计
  提示 "合计 {合计}"
}

规则 EV_MN_002 "单价 × 数量" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  对每条 明细 m 属于 { "U" }
    令 应收 = m.单价 × m.数量
    违规 m
    金额 应收
    提示 "{m.单价} × {m.数量} = {应收}"
}

规则 EV_MN_003 "超出限价的部分（多条分摊）" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  参数 限额 = 10元
  令 药 = 明细 其中 编码 = "L"
  令 合计 = 求和(药, 金额)
  当 合计 > 限额
  违规 药
  金额 合计 - 限额
  提示 "合计 {合计}，超出 {合计 - 限额}"
}

规则 EV_MN_004 "金额为负：记 0，金额异常" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  对每条 明细 m 属于 { "N" }
    违规 m
    金额 m.金额 - 100元
}

规则 EV_MN_005 "金额为空：金额异常" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  对每条 明细 m 属于 { "E" }
    违规 m
    金额 m.单价 × m.数量
}

规则 EV_MN_006 "除法与百分比" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  对每条 明细 m 属于 { "D" }
    令 一半 = m.金额 / 2
    令 三分之一 = m.金额 ÷ 3
    违规 m
    金额 三分之一
    提示 "一半 {一半}，三分之一 {三分之一}，比例 {m.金额 / 就诊.总费用}"
}

测试 "金额计算" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01", "medfee_sumamt": 300,
    "fsi_order_dtos": [
      { "rx_id": "p1", "hilist_code": "P", "cnt": 1, "pric": 0.1, "sumamt": 0.1 },
      { "rx_id": "p2", "hilist_code": "P", "cnt": 1, "pric": 0.2, "sumamt": 0.2 },
      { "rx_id": "u1", "hilist_code": "U", "cnt": 2.5, "pric": 12.345678, "sumamt": 30.86 },
      { "rx_id": "u2", "hilist_code": "U", "cnt": 3, "pric": 0.333333, "sumamt": 1 },
      { "rx_id": "u3", "hilist_code": "U", "cnt": 0.5, "pric": 0.005, "sumamt": 0 },
      { "rx_id": "u4", "hilist_code": "U", "cnt": 1.5, "pric": 10.003333, "sumamt": 15 },
      { "rx_id": "u5", "hilist_code": "U", "cnt": 1, "pric": "15.0049995", "sumamt": 15 },
      { "rx_id": "l1", "hilist_code": "L", "cnt": 1, "pric": 6, "sumamt": 6 },
      { "rx_id": "l2", "hilist_code": "L", "cnt": 1, "pric": 4, "sumamt": 4 },
      { "rx_id": "l3", "hilist_code": "L", "cnt": 1, "pric": 3.5, "sumamt": 3.5 },
      { "rx_id": "n1", "hilist_code": "N", "cnt": 1, "pric": 5, "sumamt": 5 },
      { "rx_id": "e1", "hilist_code": "E", "cnt": 1, "sumamt": 5 },
      { "rx_id": "d1", "hilist_code": "D", "cnt": 1, "pric": 100, "sumamt": 100 },
      { "rx_id": "d2", "hilist_code": "D", "cnt": 1, "pric": 45.014999, "sumamt": 45.014999 }
    ] }] }] }
  期望 EV_MN_001 违规项 "p1", "p2" 金额 0.3元
  期望 EV_MN_002 违规项 "u1" 金额 30.86元
  期望 EV_MN_002 违规项 "u2" 金额 1元
  期望 EV_MN_002 违规项 "u3" 金额 0元
  // 只舍入一次（F9）：1.5 × 10.003333 = 15.0049995、单价 15.0049995（7 位小数）、45.014999 ÷ 3 = 15.004999666… 都是 15.00，不是 15.01
  期望 EV_MN_002 违规项 "u4" 金额 15元
  期望 EV_MN_002 违规项 "u5" 金额 15元
  期望 EV_MN_003 违规项 "l3" 金额 3.5元 涉及项 "l1", "l2"
  期望 EV_MN_004 违规项 "n1" 金额 0元
  期望 EV_MN_005 违规项 "e1" 金额 0元
  期望 EV_MN_006 违规项 "d1" 金额 33.33元
  期望 EV_MN_006 违规项 "d2" 金额 15元
}

测试 "超出部分跨越多条：从最后一条往前分摊" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01",
    "fsi_order_dtos": [
      { "rx_id": "l1", "hilist_code": "L", "cnt": 1, "pric": 6, "sumamt": 6, "fee_ocur_time": "2024-03-01 08:00" },
      { "rx_id": "l2", "hilist_code": "L", "cnt": 1, "pric": 4, "sumamt": 4, "fee_ocur_time": "2024-03-01 09:00" },
      { "rx_id": "l3", "hilist_code": "L", "cnt": 1, "pric": 3.5, "sumamt": 3.5, "fee_ocur_time": "2024-03-01 10:00" }
    ] }] }] }
  设定 限额 = 5元
  期望 EV_MN_003 违规项 "l1", "l2", "l3" 金额 8.5元
}

测试 "限额为 0：全部金额，分摊到每一条" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01",
    "fsi_order_dtos": [
      { "rx_id": "l1", "hilist_code": "L", "cnt": 1, "pric": 6, "sumamt": 6, "fee_ocur_time": "2024-03-01 08:00" },
      { "rx_id": "l2", "hilist_code": "L", "cnt": 1, "pric": 4, "sumamt": 4, "fee_ocur_time": "2024-03-01 09:00" },
      { "rx_id": "l3", "hilist_code": "L", "cnt": 1, "pric": 3.5, "sumamt": 3.5, "fee_ocur_time": "2024-03-01 10:00" }
    ] }] }] }
  设定 限额 = 0元
  期望 EV_MN_003 违规项 "l1", "l2", "l3" 金额 13.5元
}
