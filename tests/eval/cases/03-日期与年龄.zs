// 日期、时长、年龄：缺少出院日期、当日入出院（住院天数 1 天）、生日当天满岁、2 月 29 日出生、明细计费日的年龄。
规则 EV_DT_001 "住院超过 3 天" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  适用 住院
  当 就诊.住院天数 > 3天
  违规 就诊
  提示 "住院 {就诊.住院天数}（{就诊.入院日期} 至 {就诊.出院日期}）"
}

规则 EV_DT_002 "当日入出院" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  当 就诊.住院天数 = 1天 且 就诊.出院日期 = 就诊.入院日期
  违规 就诊
  提示 "当日入出院，住院天数 {就诊.住院天数}"
}

规则 EV_DT_003 "出院日期缺失" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  适用 住院
  当 为空(就诊.出院日期) 且 为空(就诊.住院天数)
  违规 就诊
  提示 "出院日期（{就诊.出院日期}）缺失，住院天数为 {就诊.住院天数}"
}

参数 成人年龄 = 18岁

规则 EV_DT_004 "成人使用限儿童药品（按计费日年龄）" {
  分类 药品政策限定类
  级别 明确违规
  环节 事后
  依据 「限儿童」
  对每条 明细 m 属于 { "XN05CCS273S003010101587" }
    当 患者.年龄 >= 成人年龄
    违规 m
    提示 "{m.日期} 计费时患者 {患者.年龄}（出生 {患者.出生日期}）"
}

规则 EV_DT_005 "入院第 3 天起的检查" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  对每条 明细 m 属于 { "250101001" }
    令 第几天 = m.日期 - 就诊.入院日期 + 1天
    当 第几天 >= 3天 且 天数差(就诊.入院日期, m.日期) >= 2天
    当 月初(m.日期) = 2024-03-01 且 年初(m.日期) = 2024-01-01
    当 年龄于(m.日期) = 患者.年龄
    违规 m
    提示 "入院第 {第几天}（{m.计费时间}，{m.小时}），月初 {月初(m.日期)}"
}

测试 "缺少出院日期：住院天数为空，比较不成立" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "gend": "1", "brdy": "1980-01-01", "curr_mdtrt_id": "M1",
    "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01 08:00:00", "med_type": "21", "fsi_order_dtos": [] }] }] }
  期望 不触发 EV_DT_001
  期望 不触发 EV_DT_002
  期望 EV_DT_003 次数 1
}

测试 "当日入出院：住院天数为 1 天" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "gend": "1", "brdy": "1980-01-01", "curr_mdtrt_id": "M1",
    "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01 08:00:00", "dscg_date": "2024-03-01 17:30:00", "med_type": "21", "fsi_order_dtos": [] }] }] }
  期望 EV_DT_002 次数 1
  期望 不触发 EV_DT_001
  期望 不触发 EV_DT_003
}

测试 "住院 4 天" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "gend": "1", "brdy": "1980-01-01", "curr_mdtrt_id": "M1",
    "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-02-27", "dscg_date": "2024-03-02", "med_type": "21", "fsi_order_dtos": [] }] }] }
  期望 EV_DT_001 次数 1
  期望 不触发 EV_DT_002
}

测试 "门诊不适用住院规则" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "gend": "1", "brdy": "1980-01-01", "curr_mdtrt_id": "M1",
    "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-02-01", "dscg_date": "2024-03-02", "med_type": "11", "fsi_order_dtos": [] }] }] }
  期望 无违规
}

测试 "生日当天满 18 岁：当天计费触发，前一天不触发" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "gend": "1", "brdy": "2006-03-02", "curr_mdtrt_id": "M1",
    "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-02-28", "dscg_date": "2024-03-05", "med_type": "21",
      "fsi_order_dtos": [
        { "rx_id": "前一天", "hilist_code": "XN05CCS273S003010101587", "hilist_name": "水合氯醛灌肠剂", "cnt": 1, "pric": 12.5, "sumamt": 12.5, "fee_ocur_time": "2024-03-01 23:59:00" },
        { "rx_id": "生日", "hilist_code": "XN05CCS273S003010101587", "hilist_name": "水合氯醛灌肠剂", "cnt": 1, "pric": 12.5, "sumamt": 12.5, "fee_ocur_time": "2024-03-02 00:00:00" }
      ] }] }] }
  期望 EV_DT_004 次数 1
  期望 EV_DT_004 违规项 "生日" 金额 12.5元
}

测试 "2 月 29 日出生：平年 2 月 28 日未满，3 月 1 日满" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "gend": "2", "brdy": "2008-02-29", "curr_mdtrt_id": "M1",
    "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2026-02-27", "dscg_date": "2026-03-03", "med_type": "21",
      "fsi_order_dtos": [
        { "rx_id": "二月廿八", "hilist_code": "XN05CCS273S003010101587", "hilist_name": "水合氯醛灌肠剂", "cnt": 1, "pric": 12.5, "sumamt": 12.5, "fee_ocur_time": "2026-02-28 12:00:00" },
        { "rx_id": "三月一日", "hilist_code": "XN05CCS273S003010101587", "hilist_name": "水合氯醛灌肠剂", "cnt": 1, "pric": 12.5, "sumamt": 12.5, "fee_ocur_time": "2026-03-01 12:00:00" }
      ] }] }] }
  期望 EV_DT_004 次数 1
  期望 EV_DT_004 违规项 "三月一日"
}

测试 "设定成人年龄为 20 岁：不再触发" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "gend": "1", "brdy": "2006-03-02", "curr_mdtrt_id": "M1",
    "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-02", "med_type": "21",
      "fsi_order_dtos": [{ "rx_id": "R1", "hilist_code": "XN05CCS273S003010101587", "hilist_name": "水合氯醛灌肠剂", "cnt": 1, "pric": 12.5, "sumamt": 12.5, "fee_ocur_time": "2024-03-02 10:00:00" }] }] }] }
  设定 成人年龄 = 20岁
  期望 不触发 EV_DT_004
}

测试 "缺少出生日期：年龄为空，不触发" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1",
    "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-02", "med_type": "21",
      "fsi_order_dtos": [{ "rx_id": "R1", "hilist_code": "XN05CCS273S003010101587", "hilist_name": "水合氯醛灌肠剂", "cnt": 1, "pric": 12.5, "sumamt": 12.5, "fee_ocur_time": "2024-03-02 10:00:00" }] }] }] }
  期望 不触发 EV_DT_004
}

测试 "日期算术：入院第 3 天、天数差、月初、年初、年龄于" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "gend": "1", "brdy": "1980-01-01", "curr_mdtrt_id": "M1",
    "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-02-28 20:00", "dscg_date": "2024-03-05", "med_type": "21",
      "fsi_order_dtos": [
        { "rx_id": "第2天", "hilist_code": "250101001", "hilist_name": "血常规", "cnt": 1, "pric": 20, "sumamt": 20, "fee_ocur_time": "2024-02-29 09:15" },
        { "rx_id": "第3天", "hilist_code": "250101001", "hilist_name": "血常规", "cnt": 1, "pric": 20, "sumamt": 20, "fee_ocur_time": "2024-03-01 09:15" }
      ] }] }] }
  期望 EV_DT_005 次数 1
  期望 EV_DT_005 违规项 "第3天" 金额 20元
}
