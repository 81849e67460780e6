// 提示插值：每种值的中文显示；转义的花括号；空值显示为（空）；长列表截断。
规则 EV_MS_001 "各种值的显示" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  对每条 明细 m 属于 { "A" }
    违规 m
    提示 "金额 {m.金额}｜单价 {m.单价}｜数量 {m.数量}｜数值 {m.数量 / 3}｜时长 {就诊.住院天数}｜小时 {m.计费时间 - 就诊.入院日期}｜年龄 {患者.年龄}｜日期 {m.日期}｜日期时间 {m.计费时间}｜布尔 {m.本次}｜文本 {m.名称}｜编码 {m.编码}｜性别 {患者.性别}｜等级 {就诊.机构等级}｜类别 {m.项目类别}｜空 {m.规格}｜花括号 \{原样\}｜引号 \"甲\""
}

规则 EV_MS_002 "记录与列表的显示" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  令 多 = 明细 其中 编码 = "B"
  当 计数(多) > 10
  违规 多
  提示 "诊断 {诊断}｜手术 {手术}｜处方 {处方}｜列表 {多}｜词 {拆分("甲、乙，丙；丁")}｜追溯码 {多[1].追溯码}"
}

规则 EV_MS_003 "依据拼接与没有提示时的默认信息" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「静态依据」
  依据 "动态依据：{就诊.就诊号}"
  对每条 明细 m 属于 { "C" }
    违规 m
}

测试 "显示格式" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "gend": "2", "brdy": "1990-05-01", "curr_mdtrt_id": "M1",
    "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "medins_lv": "05", "adm_date": "2024-03-01 06:30", "dscg_date": "2024-03-04", "med_type": "21",
      "fsi_diagnose_dtos": [{ "dise_id": "D1", "dise_codg": "E11.900", "dise_name": "2型糖尿病" }],
      "fsi_operation_dtos": [{ "setl_list_oprn_id": "O1", "oprn_code": "36.0601", "oprn_name": "支架" }],
      "fsi_order_dtos": [
        { "rx_id": "a", "rxno": "RX9", "hilist_type": "101", "hilist_code": "A", "hilist_name": "甲药", "cnt": 2.5, "pric": 1.234567, "sumamt": 3.09, "fee_ocur_time": "2024-03-02 08:05" },
        { "rx_id": "b1", "hilist_code": "B", "hilist_name": "乙", "cnt": 1, "pric": 1, "sumamt": 1, "drug_trac_codg": ["T1", "T2"] },
        { "rx_id": "b2", "hilist_code": "B", "hilist_name": "乙", "cnt": 1, "pric": 1, "sumamt": 1 },
        { "rx_id": "b3", "hilist_code": "B", "hilist_name": "乙", "cnt": 1, "pric": 1, "sumamt": 1 },
        { "rx_id": "b4", "hilist_code": "B", "hilist_name": "乙", "cnt": 1, "pric": 1, "sumamt": 1 },
        { "rx_id": "b5", "hilist_code": "B", "hilist_name": "乙", "cnt": 1, "pric": 1, "sumamt": 1 },
        { "rx_id": "b6", "hilist_code": "B", "hilist_name": "乙", "cnt": 1, "pric": 1, "sumamt": 1 },
        { "rx_id": "b7", "hilist_code": "B", "hilist_name": "乙", "cnt": 1, "pric": 1, "sumamt": 1 },
        { "rx_id": "b8", "hilist_code": "B", "hilist_name": "乙", "cnt": 1, "pric": 1, "sumamt": 1 },
        { "rx_id": "b9", "hilist_code": "B", "hilist_name": "乙", "cnt": 1, "pric": 1, "sumamt": 1 },
        { "rx_id": "b10", "hilist_code": "B", "hilist_name": "乙", "cnt": 1, "pric": 1, "sumamt": 1 },
        { "rx_id": "b11", "hilist_code": "B", "hilist_name": "乙", "cnt": 1, "pric": 1, "sumamt": 1 },
        { "rx_id": "c1", "hilist_code": "C", "hilist_name": "丙", "cnt": 1, "pric": 1, "sumamt": 1 }
      ] }] }] }
  期望 EV_MS_001 违规项 "a" 金额 3.09元
  期望 EV_MS_002 次数 1
  期望 EV_MS_003 违规项 "c1"
}
