// 分组：每日、每小时、每张处方（rxno）、按键。
规则 EV_GR_DAY "每日超过 2 次" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  对每日 明细 d 属于 { "001103000010000" }
    当 d.数量 > 2
    违规 d.明细
    金额 (d.数量 - 2) × d.首条.单价
    提示 "{d.键}：{d.数量} 次，{计数(d.明细)} 条，{d.金额}"
}

规则 EV_GR_HOUR "每小时超过 1 次" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  对每小时 明细 h 属于 { "001103000010000" }
    当 h.数量 > 1
    违规 h.明细
    金额 (h.数量 - 1) × h.首条.单价
    提示 "{h.键}：{h.数量} 次"
}

规则 EV_GR_RX "处方全部是饮片" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  对每张 处方 p
    令 饮片 = p.明细 其中 项目类别 = 中药饮片
    当 存在(饮片) 且 全部(p.明细, 项目类别 = 中药饮片)
    违规 饮片
    提示 "处方 {p.处方号}：{计数(饮片)} 味，{p.金额}，数量 {p.数量}"
}

规则 EV_GR_KEY "同一医师同日同一药品超过 2 条" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  对每组 明细 g 按 医师, 编码, 日期 其中 项目类别 = 西药中成药
    当 计数(g.明细) > 2
    违规 g.明细
    提示 "{g.首条.医师} 于 {g.首条.日期} 开 {g.首条.名称} {计数(g.明细)} 条"
}

测试 "每日与每小时分组" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01", "med_type": "21",
    "fsi_order_dtos": [
      { "rx_id": "a1", "hilist_code": "001103000010000", "hilist_name": "监护", "cnt": 1, "pric": 11, "sumamt": 11, "fee_ocur_time": "2024-03-01 08:00" },
      { "rx_id": "a2", "hilist_code": "001103000010000", "hilist_name": "监护", "cnt": 1, "pric": 11, "sumamt": 11, "fee_ocur_time": "2024-03-01 08:59" },
      { "rx_id": "a3", "hilist_code": "001103000010000", "hilist_name": "监护", "cnt": 1, "pric": 11, "sumamt": 11, "fee_ocur_time": "2024-03-01 09:00" },
      { "rx_id": "b1", "hilist_code": "001103000010000", "hilist_name": "监护", "cnt": 2, "pric": 11, "sumamt": 22, "fee_ocur_time": "2024-03-02 23:30" },
      { "rx_id": "c1", "hilist_code": "001103000010000", "hilist_name": "监护", "cnt": 1, "pric": 11, "sumamt": 11, "fee_ocur_time": "2024-03-03 00:10" }
    ] }] }] }
  期望 EV_GR_DAY 次数 1
  期望 EV_GR_DAY 违规项 "a3" 金额 11元 涉及项 "a1", "a2"
  期望 EV_GR_HOUR 次数 2
  期望 EV_GR_HOUR 违规项 "a2" 金额 11元 涉及项 "a1"
  期望 EV_GR_HOUR 违规项 "b1" 金额 11元
}

测试 "处方分组：全饮片的处方触发，混合处方不触发" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01", "med_type": "11",
    "fsi_order_dtos": [
      { "rx_id": "p1a", "rxno": "RX1", "hilist_type": "102", "hilist_code": "T000700200", "hilist_name": "人参", "cnt": 10, "pric": 0.35, "sumamt": 3.5 },
      { "rx_id": "p1b", "rxno": "RX1", "hilist_type": "102", "hilist_code": "T001700643", "hilist_name": "甘草", "cnt": 12, "pric": 0.1, "sumamt": 1.2 },
      { "rx_id": "p2a", "rxno": "RX2", "hilist_type": "102", "hilist_code": "T000700200", "hilist_name": "人参", "cnt": 10, "pric": 0.35, "sumamt": 3.5 },
      { "rx_id": "p2b", "rxno": "RX2", "hilist_type": "101", "hilist_code": "XJ01CAA040A001010100102", "hilist_name": "阿莫西林", "cnt": 1, "pric": 5, "sumamt": 5 }
    ] }] }] }
  期望 EV_GR_RX 次数 1
  期望 EV_GR_RX 违规项 "p1a", "p1b" 金额 4.7元
}

测试 "按医师、编码、日期分组" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01", "med_type": "11",
    "fsi_order_dtos": [
      { "rx_id": "x1", "hilist_type": "101", "drord_dr_codg": "D1", "hilist_code": "XJ01CAA040A001010100102", "hilist_name": "阿莫西林", "cnt": 1, "pric": 5, "sumamt": 5, "fee_ocur_time": "2024-03-01 08:00" },
      { "rx_id": "x2", "hilist_type": "101", "drord_dr_codg": "D1", "hilist_code": "XJ01CAA040A001010100102", "hilist_name": "阿莫西林", "cnt": 1, "pric": 5, "sumamt": 5, "fee_ocur_time": "2024-03-01 12:00" },
      { "rx_id": "x3", "hilist_type": "101", "drord_dr_codg": "D1", "hilist_code": "XJ01CAA040A001010100102", "hilist_name": "阿莫西林", "cnt": 1, "pric": 5, "sumamt": 5, "fee_ocur_time": "2024-03-01 18:00" },
      { "rx_id": "y1", "hilist_type": "101", "drord_dr_codg": "D2", "hilist_code": "XJ01CAA040A001010100102", "hilist_name": "阿莫西林", "cnt": 1, "pric": 5, "sumamt": 5, "fee_ocur_time": "2024-03-01 18:00" },
      { "rx_id": "z1", "hilist_type": "101", "drord_dr_codg": "D1", "hilist_code": "XJ01CAA040A001010100102", "hilist_name": "阿莫西林", "cnt": 1, "pric": 5, "sumamt": 5, "fee_ocur_time": "2024-03-02 08:00" },
      { "rx_id": "w1", "hilist_type": "201", "drord_dr_codg": "D1", "hilist_code": "XJ01CAA040A001010100102", "hilist_name": "阿莫西林", "cnt": 1, "pric": 5, "sumamt": 5, "fee_ocur_time": "2024-03-01 19:00" }
    ] }] }] }
  期望 EV_GR_KEY 次数 1
  期望 EV_GR_KEY 违规项 "x1", "x2", "x3" 金额 15元
}
