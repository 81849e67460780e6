// 属于 / 不属于 记录列表[*].属性（令 贵 = 明细 其中 …；m.编码 属于 贵.编码）：投影的列表里没有空值；
// 左边为空时是未知，属于 与 不属于 都不成立；列表的来源条件对空值未知时那条明细不在列表里。
// SQL 后端在 DuckDB 上把它写成按值的 EXISTS（空床日规则在 100 万张上的临时文件），这里的结果与 JS 规则包逐字节相同（tests/store-sql）。
规则 EV_LM_001 "与贵的明细同编码" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  令 贵 = 明细 其中 单价 > 10元
  对每条 明细 m 其中 m.单价 <= 10元
    当 m.编码 属于 贵.编码
    违规 m
    提示 "「{m.名称}」与贵的明细同编码"
}

规则 EV_LM_002 "编码不在贵的明细里" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  令 贵 = 明细 其中 单价 > 10元
  对每条 明细 m 其中 m.单价 <= 10元
    当 m.编码 不属于 贵.编码
    违规 m
    提示 "「{m.名称}」的编码不在贵的明细里"
}

规则 EV_LM_003 "只有床位费的日期" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  令 床位 = 明细 其中 编码 = "B1"
  令 其他 = 明细 其中 编码 ≠ "B1"
  令 空床日 = 床位 其中 日期 不属于 其他.日期
  当 存在(空床日)
  违规 空床日
  提示 "{去重计数(空床日, 日期)} 天只有床位费"
}

测试 "属于 与 不属于 记录列表的属性：空值、同日、只有床位费的日期" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "gend": "1", "brdy": "1960-01-01", "curr_mdtrt_id": "M1",
    "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01", "dscg_date": "2024-03-05", "med_type": "21",
      "fsi_diagnose_dtos": [{ "dise_id": "D1", "dise_codg": "J18.900", "dise_name": "肺炎" }],
      "fsi_order_dtos": [
        { "rx_id": "L1", "hilist_code": "A", "hilist_name": "贵的甲", "cnt": 1, "pric": 20, "sumamt": 20, "fee_ocur_time": "2024-03-01 09:00" },
        { "rx_id": "L2", "hilist_code": "A", "hilist_name": "便宜的甲", "cnt": 1, "pric": 5, "sumamt": 5, "fee_ocur_time": "2024-03-01 10:00" },
        { "rx_id": "L3", "hilist_code": "C", "hilist_name": "丙", "cnt": 1, "pric": 5, "sumamt": 5, "fee_ocur_time": "2024-03-02 09:00" },
        { "rx_id": "L4", "hilist_name": "没有编码", "cnt": 1, "pric": 5, "sumamt": 5, "fee_ocur_time": "2024-03-02 10:00" },
        { "rx_id": "L5", "hilist_code": "B1", "hilist_name": "床位费", "cnt": 1, "pric": 50, "sumamt": 50, "fee_ocur_time": "2024-03-03 00:00" },
        { "rx_id": "L6", "hilist_code": "B1", "hilist_name": "床位费", "cnt": 1, "pric": 50, "sumamt": 50, "fee_ocur_time": "2024-03-01 00:00" },
        { "rx_id": "L7", "hilist_code": "B1", "hilist_name": "床位费", "cnt": 1, "pric": 50, "sumamt": 50, "fee_ocur_time": "2024-03-02 00:00" },
        { "rx_id": "L8", "hilist_code": "B1", "hilist_name": "床位费", "cnt": 1, "pric": 50, "sumamt": 50, "fee_ocur_time": "2024-03-04 00:00" },
        { "rx_id": "L9", "hilist_name": "没有编码的护理", "cnt": 1, "pric": 5, "sumamt": 5, "fee_ocur_time": "2024-03-04 08:00" }
      ] }] }] }
  // L2：编码 A 在贵的明细（L1）里；L4、L9 没有编码：属于 与 不属于 都未知
  期望 EV_LM_001 违规项 "L2"
  期望 EV_LM_001 次数 1
  期望 EV_LM_002 违规项 "L3"
  期望 EV_LM_002 次数 1
  // 3 月 3 日只有床位费；3 月 4 日另有一条没有编码的明细（编码 ≠ "B1" 未知，它不在 其他 里），也算只有床位费；1、2 日有别的明细
  期望 EV_LM_003 违规项 "L5"、"L8"
  期望 EV_LM_003 次数 1
}
