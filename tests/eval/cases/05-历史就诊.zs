// 历史就诊：近 N天（含边界）、同自然月、同医保年度；历史明细只能是涉及项。
规则 EV_HS_001 "分解住院" {
  分类 管理类
  级别 高度可疑
  环节 事后
  适用 住院
  依据 「出院后短期内再次入院」
  参数 间隔天数 = 15天
  令 前次住院 = 历史就诊 近 间隔天数 其中 就医类别 = 住院 且 机构编码 = 就诊.机构编码 且 出院日期 <= 就诊.入院日期
  当 存在(前次住院)
  违规 就诊
  涉及 前次住院
  提示 "出院后 {就诊.入院日期 - 最大(前次住院, 出院日期)} 内再次入院（{计数(前次住院)} 次）"
}

规则 EV_HS_002 "同月重复检查" {
  分类 医疗类
  级别 轻度可疑
  环节 事后
  依据 「同一检查同一自然月内重复」
  对每条 明细 m 属于 { "250101001" }
    令 本月之前 = 全部明细 同自然月 其中 编码 = m.编码 且 序号 < m.序号
    当 存在(本月之前)
    违规 m
    涉及 本月之前
    提示 "同月已做 {计数(本月之前)} 次"
}

规则 EV_HS_003 "医保年度内超过 3 次" {
  分类 医疗类
  级别 提醒
  环节 事后
  依据 「年度限次」
  对每条 明细 m 属于 { "250101001" }
    令 本年 = 全部明细 同医保年度 其中 编码 = m.编码 且 日期 <= m.日期
    当 计数(本年) > 3
    违规 m
    提示 "本年第 {计数(本年)} 次"
}

规则 EV_HS_004 "违规对象是历史明细：不产生结果" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  当 存在(历史明细)
  违规 历史明细
}

规则 EV_HS_005 "历史与本次都有的药（违规对象混合）" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  令 同药 = 全部明细 其中 编码 = "XJ01CAA040A001010100102"
  当 计数(同药) >= 2
  违规 同药
  提示 "{计数(同药)} 条：{同药}"
}

测试 "10 天前同院出院后再入院：触发，前次住院为涉及项" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "gend": "1", "brdy": "1970-01-01", "curr_mdtrt_id": "NOW",
    "fsi_encounter_dtos": [
      { "mdtrt_id": "NOW", "medins_id": "H1", "adm_date": "2024-03-20", "dscg_date": "2024-03-25", "med_type": "21", "fsi_order_dtos": [] },
      { "mdtrt_id": "OLD", "medins_id": "H1", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "med_type": "21", "fsi_order_dtos": [] }
    ] }] }
  期望 EV_HS_001 金额 0元 涉及项 "OLD"
}

测试 "恰好 15 天（含边界）触发；16 天不触发" {
  理赔 { "patient_dtos": [
    { "patn_id": "P1", "gend": "1", "brdy": "1970-01-01", "curr_mdtrt_id": "NOW",
      "fsi_encounter_dtos": [
        { "mdtrt_id": "NOW", "medins_id": "H1", "adm_date": "2024-03-20", "dscg_date": "2024-03-25", "med_type": "21", "fsi_order_dtos": [] },
        { "mdtrt_id": "OLD15", "medins_id": "H1", "adm_date": "2024-03-01", "dscg_date": "2024-03-05", "med_type": "21", "fsi_order_dtos": [] }
      ] },
    { "patn_id": "P2", "gend": "1", "brdy": "1970-01-01", "curr_mdtrt_id": "NOW",
      "fsi_encounter_dtos": [
        { "mdtrt_id": "NOW", "medins_id": "H1", "adm_date": "2024-03-20", "dscg_date": "2024-03-25", "med_type": "21", "fsi_order_dtos": [] },
        { "mdtrt_id": "OLD16", "medins_id": "H1", "adm_date": "2024-03-01", "dscg_date": "2024-03-04", "med_type": "21", "fsi_order_dtos": [] }
      ] }
  ] }
  期望 EV_HS_001 次数 1
  期望 EV_HS_001 涉及项 "OLD15"
}

测试 "不同机构、门诊、设定间隔为 30 天" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "gend": "1", "brdy": "1970-01-01", "curr_mdtrt_id": "NOW",
    "fsi_encounter_dtos": [
      { "mdtrt_id": "NOW", "medins_id": "H1", "adm_date": "2024-03-20", "dscg_date": "2024-03-25", "med_type": "21", "fsi_order_dtos": [] },
      { "mdtrt_id": "其他医院", "medins_id": "H2", "adm_date": "2024-03-10", "dscg_date": "2024-03-12", "med_type": "21", "fsi_order_dtos": [] },
      { "mdtrt_id": "门诊", "medins_id": "H1", "adm_date": "2024-03-15", "med_type": "11", "fsi_order_dtos": [] },
      { "mdtrt_id": "25天前", "medins_id": "H1", "adm_date": "2024-02-20", "dscg_date": "2024-02-24", "med_type": "21", "fsi_order_dtos": [] }
    ] }] }
  设定 间隔天数 = 30天
  期望 EV_HS_001 涉及项 "25天前"
}

测试 "同自然月重复检查；上月的不算" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "gend": "1", "brdy": "1970-01-01", "curr_mdtrt_id": "NOW",
    "fsi_encounter_dtos": [
      { "mdtrt_id": "NOW", "medins_id": "H1", "adm_date": "2024-03-20", "med_type": "11",
        "fsi_order_dtos": [{ "rx_id": "本次", "hilist_code": "250101001", "hilist_name": "血常规", "cnt": 1, "pric": 20, "sumamt": 20, "fee_ocur_time": "2024-03-20 09:00" }] },
      { "mdtrt_id": "三月初", "medins_id": "H1", "adm_date": "2024-03-02", "med_type": "11",
        "fsi_order_dtos": [{ "rx_id": "三月初的", "hilist_code": "250101001", "hilist_name": "血常规", "cnt": 1, "pric": 20, "sumamt": 20, "fee_ocur_time": "2024-03-02 09:00" }] },
      { "mdtrt_id": "二月底", "medins_id": "H1", "adm_date": "2024-02-29", "med_type": "11",
        "fsi_order_dtos": [{ "rx_id": "二月底的", "hilist_code": "250101001", "hilist_name": "血常规", "cnt": 1, "pric": 20, "sumamt": 20, "fee_ocur_time": "2024-02-29 09:00" }] },
      { "mdtrt_id": "去年", "medins_id": "H1", "adm_date": "2023-12-31", "med_type": "11",
        "fsi_order_dtos": [{ "rx_id": "去年的", "hilist_code": "250101001", "hilist_name": "血常规", "cnt": 1, "pric": 20, "sumamt": 20, "fee_ocur_time": "2023-12-31 09:00" }] }
    ] }] }
  期望 EV_HS_002 违规项 "本次" 金额 20元 涉及项 "三月初的"
  期望 不触发 EV_HS_003
}

测试 "医保年度内第 4 次" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "gend": "1", "brdy": "1970-01-01", "curr_mdtrt_id": "NOW",
    "fsi_encounter_dtos": [
      { "mdtrt_id": "NOW", "medins_id": "H1", "adm_date": "2024-06-20", "med_type": "11",
        "fsi_order_dtos": [{ "rx_id": "第4次", "hilist_code": "250101001", "hilist_name": "血常规", "cnt": 1, "pric": 20, "sumamt": 20, "fee_ocur_time": "2024-06-20 09:00" }] },
      { "mdtrt_id": "E1", "adm_date": "2024-01-01", "med_type": "11", "fsi_order_dtos": [{ "rx_id": "第1次", "hilist_code": "250101001", "cnt": 1, "pric": 20, "sumamt": 20, "fee_ocur_time": "2024-01-01 09:00" }] },
      { "mdtrt_id": "E2", "adm_date": "2024-02-01", "med_type": "11", "fsi_order_dtos": [{ "rx_id": "第2次", "hilist_code": "250101001", "cnt": 1, "pric": 20, "sumamt": 20, "fee_ocur_time": "2024-02-01 09:00" }] },
      { "mdtrt_id": "E3", "adm_date": "2024-04-01", "med_type": "11", "fsi_order_dtos": [{ "rx_id": "第3次", "hilist_code": "250101001", "cnt": 1, "pric": 20, "sumamt": 20, "fee_ocur_time": "2024-04-01 09:00" }] },
      { "mdtrt_id": "E0", "adm_date": "2023-12-31", "med_type": "11", "fsi_order_dtos": [{ "rx_id": "去年", "hilist_code": "250101001", "cnt": 1, "pric": 20, "sumamt": 20, "fee_ocur_time": "2023-12-31 09:00" }] }
    ] }] }
  期望 EV_HS_003 违规项 "第4次"
  期望 不触发 EV_HS_002
}

测试 "历史明细不能是违规项；混合时只有本次的是违规项" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "gend": "1", "brdy": "1970-01-01", "curr_mdtrt_id": "NOW",
    "fsi_encounter_dtos": [
      { "mdtrt_id": "NOW", "adm_date": "2024-03-20", "med_type": "11",
        "fsi_order_dtos": [{ "rx_id": "本次药", "hilist_code": "XJ01CAA040A001010100102", "hilist_name": "阿莫西林胶囊", "cnt": 2, "pric": 1.5, "sumamt": 3, "fee_ocur_time": "2024-03-20 09:00" }] },
      { "mdtrt_id": "OLD", "adm_date": "2024-03-02", "med_type": "11",
        "fsi_order_dtos": [{ "rx_id": "上次药", "hilist_code": "XJ01CAA040A001010100102", "hilist_name": "阿莫西林胶囊", "cnt": 2, "pric": 1.5, "sumamt": 3, "fee_ocur_time": "2024-03-02 09:00" }] }
    ] }] }
  期望 不触发 EV_HS_004
  期望 EV_HS_005 违规项 "本次药" 金额 3元 涉及项 "上次药"
}
