// curr_drord_flag = "0" 的明细是既往医嘱：可以是涉及项，永远不是违规项（违规项全被移走时不产生结果）。
规则 EV_OD_001 "每条明细" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  对每条 明细 m 属于 { "XJ01CAA040A001010100102" }
    违规 m
}

规则 EV_OD_002 "同一药品开了 2 条以上" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  令 同药 = 明细 其中 编码 = "XJ01CAA040A001010100102"
  当 计数(同药) >= 2
  违规 同药
  金额 求和(同药, 金额)
  提示 "共 {计数(同药)} 条，合计 {求和(同药, 金额)}"
}

规则 EV_OD_003 "只选本次计费的" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  对每条 明细 m 其中 m.本次
    违规 m
}

测试 "既往医嘱不是违规项" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01",
    "fsi_order_dtos": [
      { "rx_id": "既往", "hilist_code": "XJ01CAA040A001010100102", "hilist_name": "阿莫西林", "cnt": 1, "pric": 5, "sumamt": 5, "curr_drord_flag": "0", "fee_ocur_time": "2024-03-01 08:00" },
      { "rx_id": "既往2", "hilist_code": "XJ01CAA040A001010100102", "hilist_name": "阿莫西林", "cnt": 1, "pric": 5, "sumamt": 5, "curr_drord_flag": 0, "fee_ocur_time": "2024-03-01 09:00" },
      { "rx_id": "本次", "hilist_code": "XJ01CAA040A001010100102", "hilist_name": "阿莫西林", "cnt": 1, "pric": 5, "sumamt": 5, "curr_drord_flag": "1", "fee_ocur_time": "2024-03-01 10:00" }
    ] }] }] }
  期望 EV_OD_001 次数 1
  期望 EV_OD_001 违规项 "本次" 金额 5元
  // 写了 金额 15元：全部分给唯一的违规项；但一条明细的违规金额合计不超过它的净金额（F8），EV_OD_001 同级且在包中更前，已取走 5元
  期望 EV_OD_002 违规项 "本次" 金额 0元 涉及项 "既往", "既往2"
  期望 EV_OD_003 次数 1
}

测试 "只有既往医嘱：不产生结果" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01",
    "fsi_order_dtos": [
      { "rx_id": "既往", "hilist_code": "XJ01CAA040A001010100102", "hilist_name": "阿莫西林", "cnt": 1, "pric": 5, "sumamt": 5, "curr_drord_flag": "0" },
      { "rx_id": "既往2", "hilist_code": "XJ01CAA040A001010100102", "hilist_name": "阿莫西林", "cnt": 1, "pric": 5, "sumamt": 5, "curr_drord_flag": "0" }
    ] }] }] }
  期望 无违规
}
