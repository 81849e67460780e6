// 性别：gend 1 男、2 女，0 / 9 / 空 / 未登记的代码都是“未知”——任何性别规则都不触发。
代码集 女性专用诊断: 诊断 = { "O00" 至 "O99", "N70" 至 "N98" }
代码集 男性专用诊断: 诊断 = { "N40" 至 "N51" }

规则 EV_SX_001 "诊断与性别不符" {
  分类 管理类
  级别 明确违规
  环节 事前, 事中, 事后
  依据 「诊断与患者性别不符」
  对每个 诊断 x
    当 (患者.性别 = 男 且 x.编码 属于 女性专用诊断) 或 (患者.性别 = 女 且 x.编码 属于 男性专用诊断)
    违规 x
    提示 "诊断「{x.名称}」与患者性别（{患者.性别}）不符"
}

规则 EV_SX_002 "限女性项目用于非女性患者" {
  分类 医疗服务项目政策限定类
  级别 明确违规
  环节 事后
  依据 「限女性」
  对每条 明细 m 属于 { "250203066" }
    当 患者.性别 ≠ 女
    违规 m
    提示 "「{m.名称}」限女性，患者为{患者.性别}（代码 {患者.性别代码}）"
}

测试 "男性患者、女性专用诊断与限女性项目：都触发" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "gend": "1", "brdy": "1980-01-01", "curr_mdtrt_id": "M1",
    "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01", "med_type": "11",
      "fsi_diagnose_dtos": [{ "dise_id": "D1", "dise_codg": "O80.000", "dise_name": "自然分娩" }, { "dise_id": "D2", "dise_codg": "I10.x00x002", "dise_name": "高血压" }],
      "fsi_order_dtos": [{ "rx_id": "R1", "hilist_code": "250203066", "hilist_name": "雌二醇测定", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-01 10:00" }] }] }] }
  期望 EV_SX_001 次数 1
  期望 EV_SX_002 违规项 "R1" 金额 30元
}

测试 "女性患者、男性专用诊断：触发；限女性项目不触发" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "gend": "2", "brdy": "1980-01-01", "curr_mdtrt_id": "M1",
    "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01", "med_type": "11",
      "fsi_diagnose_dtos": [{ "dise_id": "D1", "dise_codg": "N40.x00", "dise_name": "前列腺增生" }],
      "fsi_order_dtos": [{ "rx_id": "R1", "hilist_code": "250203066", "hilist_name": "雌二醇测定", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-01 10:00" }] }] }] }
  期望 EV_SX_001 次数 1
  期望 不触发 EV_SX_002
}

测试 "gend 0（未知的性别）：都不触发" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "gend": "0", "brdy": "1980-01-01", "curr_mdtrt_id": "M1",
    "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01", "med_type": "11",
      "fsi_diagnose_dtos": [{ "dise_id": "D1", "dise_codg": "O80.000", "dise_name": "自然分娩" }, { "dise_id": "D2", "dise_codg": "N40.x00", "dise_name": "前列腺增生" }],
      "fsi_order_dtos": [{ "rx_id": "R1", "hilist_code": "250203066", "hilist_name": "雌二醇测定", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-01 10:00" }] }] }] }
  期望 无违规
}

测试 "gend 9（未说明的性别）：都不触发" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "gend": "9", "brdy": "1980-01-01", "curr_mdtrt_id": "M1",
    "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01", "med_type": "11",
      "fsi_diagnose_dtos": [{ "dise_id": "D1", "dise_codg": "O80.000", "dise_name": "自然分娩" }, { "dise_id": "D2", "dise_codg": "N40.x00", "dise_name": "前列腺增生" }],
      "fsi_order_dtos": [{ "rx_id": "R1", "hilist_code": "250203066", "hilist_name": "雌二醇测定", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-01 10:00" }] }] }] }
  期望 无违规
}

测试 "缺少 gend：都不触发" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "brdy": "1980-01-01", "curr_mdtrt_id": "M1",
    "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01", "med_type": "11",
      "fsi_diagnose_dtos": [{ "dise_id": "D1", "dise_codg": "O80.000", "dise_name": "自然分娩" }, { "dise_id": "D2", "dise_codg": "N40.x00", "dise_name": "前列腺增生" }],
      "fsi_order_dtos": [{ "rx_id": "R1", "hilist_code": "250203066", "hilist_name": "雌二醇测定", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-01 10:00" }] }] }] }
  期望 无违规
}

测试 "gend 为空串或未登记的代码：都不触发" {
  理赔 { "patient_dtos": [
    { "patn_id": "P1", "gend": "", "brdy": "1980-01-01", "curr_mdtrt_id": "M1",
      "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01", "med_type": "11",
        "fsi_diagnose_dtos": [{ "dise_id": "D1", "dise_codg": "O80.000", "dise_name": "自然分娩" }],
        "fsi_order_dtos": [{ "rx_id": "R1", "hilist_code": "250203066", "hilist_name": "雌二醇测定", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-01 10:00" }] }] },
    { "patn_id": "P2", "gend": "X", "brdy": "1980-01-01", "curr_mdtrt_id": "M2",
      "fsi_encounter_dtos": [{ "mdtrt_id": "M2", "adm_date": "2024-03-01", "med_type": "11",
        "fsi_diagnose_dtos": [{ "dise_id": "D1", "dise_codg": "N40.x00", "dise_name": "前列腺增生" }],
        "fsi_order_dtos": [{ "rx_id": "R1", "hilist_code": "250203066", "hilist_name": "雌二醇测定", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-01 10:00" }] }] }
  ] }
  期望 无违规
}
