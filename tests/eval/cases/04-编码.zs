// 编码：各种长度（西药 23、中成药 20、服务项目 15、耗材 27、饮片 T…、ICD 带 x / + / *、医院本地编码），
// 精确编码、编码族（前缀）、类目区间；按编码分派与逐条 其中 过滤结果相同。编码从不因长度或格式被拒绝。
代码集 各种长度: 目录 = { "XN05CCS273S003010101587", "ZA01AAX0256010100839", "001103000010000", "C01010101001000000000000027", "T000700200", "本院-床位-01", "hosp/x y" }

规则 EV_CD_001 "精确编码（分派）" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  对每条 明细 m 属于 各种长度
    违规 m
    提示 "{m.编码}（{长度(m.编码)} 位）"
}

规则 EV_CD_002 "精确编码（逐条其中）" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  对每条 明细 m 其中 m.编码 属于 各种长度
    违规 m
}

规则 EV_CD_003 "编码族" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  对每条 明细 m 属于 { "XJ01"*, "0011090000101"*, "ZA01AAX0256010100839" }
    违规 m
    提示 "{m.编码} 以 XJ01 开头：{开头是(m.编码, "XJ01")}"
}

规则 EV_CD_004 "诊断类目区间与精确 ICD" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  对每个 诊断 x 属于 { "A01" 至 "A09", "I10.x00x002", "E11"* }
    违规 x
    提示 "诊断 {x.编码}"
}

规则 EV_CD_005 "手术编码族" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  对每个 手术 o 属于 { "36.06"* }
    违规 o
    提示 "手术 {o.编码} {o.名称}"
}

规则 EV_CD_006 "没有 属于：每条明细都检查" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  对每条 明细 m
    当 m.编码 = "本院-床位-01" 或 为空(m.编码)
    违规 m
    提示 "本地或空编码：{m.编码}"
}

规则 EV_CD_007 "明细区间" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  对每条 明细 m 属于 { "0012" 至 "0013" }
    违规 m
}

测试 "各种长度的编码都按原样匹配" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "gend": "1", "brdy": "1980-01-01", "curr_mdtrt_id": "M1",
    "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01", "med_type": "21",
      "fsi_diagnose_dtos": [
        { "dise_id": "D1", "dise_codg": "A01.000x005+J17.0*", "dise_name": "伤寒肺炎" },
        { "dise_id": "D2", "dise_codg": "I10.x00x002", "dise_name": "高血压 3 级" },
        { "dise_id": "D3", "dise_codg": "I10.x00", "dise_name": "高血压" },
        { "dise_id": "D4", "dise_codg": "E11.900", "dise_name": "2型糖尿病" },
        { "dise_id": "D5", "dise_codg": "A10", "dise_name": "区间外" }
      ],
      "fsi_operation_dtos": [
        { "setl_list_oprn_id": "O1", "oprn_code": "36.0601", "oprn_name": "冠状动脉支架置入" },
        { "setl_list_oprn_id": "O2", "oprn_code": "36.1", "oprn_name": "其他" }
      ],
      "fsi_order_dtos": [
        { "rx_id": "西药23", "hilist_code": "XN05CCS273S003010101587", "hilist_name": "水合氯醛灌肠剂", "cnt": 1, "pric": 1, "sumamt": 1, "fee_ocur_time": "2024-03-01 09:00" },
        { "rx_id": "中成药20", "hilist_code": "ZA01AAX0256010100839", "hilist_name": "感冒清热颗粒", "cnt": 1, "pric": 2, "sumamt": 2, "fee_ocur_time": "2024-03-01 09:01" },
        { "rx_id": "项目15", "hilist_code": "001103000010000", "hilist_name": "急诊监护费", "cnt": 1, "pric": 3, "sumamt": 3, "fee_ocur_time": "2024-03-01 09:02" },
        { "rx_id": "耗材27", "hilist_code": "C01010101001000000000000027", "hilist_name": "一次性耗材", "cnt": 1, "pric": 4, "sumamt": 4, "fee_ocur_time": "2024-03-01 09:03" },
        { "rx_id": "饮片", "hilist_code": "T000700200", "hilist_name": "人参", "cnt": 1, "pric": 5, "sumamt": 5, "fee_ocur_time": "2024-03-01 09:04" },
        { "rx_id": "本地", "hilist_code": "本院-床位-01", "hilist_name": "本院床位", "cnt": 1, "pric": 6, "sumamt": 6, "fee_ocur_time": "2024-03-01 09:05" },
        { "rx_id": "怪码", "hilist_code": "hosp/x y", "hilist_name": "怪编码", "cnt": 1, "pric": 7, "sumamt": 7, "fee_ocur_time": "2024-03-01 09:06" },
        { "rx_id": "截短", "hilist_code": "XN05CCS273S00301010158", "hilist_name": "少一位", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-01 09:07" },
        { "rx_id": "加长", "hilist_code": "001103000010000X", "hilist_name": "多一位", "cnt": 1, "pric": 9, "sumamt": 9, "fee_ocur_time": "2024-03-01 09:08" },
        { "rx_id": "抗菌", "hilist_code": "XJ01CAA040A001010100102", "hilist_name": "阿莫西林胶囊", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-01 09:09" },
        { "rx_id": "床位", "hilist_code": "001109000010100", "hilist_name": "床位费", "cnt": 1, "pric": 11, "sumamt": 11, "fee_ocur_time": "2024-03-01 09:10" },
        { "rx_id": "护理", "hilist_code": "001201000020000", "hilist_name": "护理费", "cnt": 1, "pric": 12, "sumamt": 12, "fee_ocur_time": "2024-03-01 09:11" },
        { "rx_id": "无编码", "hilist_name": "没有编码", "cnt": 1, "pric": 13, "sumamt": 13, "fee_ocur_time": "2024-03-01 09:12" }
      ] }] }] }
  期望 EV_CD_001 次数 7
  期望 EV_CD_001 违规项 "西药23"
  期望 EV_CD_001 违规项 "中成药20"
  期望 EV_CD_001 违规项 "项目15"
  期望 EV_CD_001 违规项 "耗材27"
  期望 EV_CD_001 违规项 "饮片"
  期望 EV_CD_001 违规项 "本地"
  期望 EV_CD_001 违规项 "怪码"
  期望 EV_CD_002 次数 7
  期望 EV_CD_003 次数 3
  期望 EV_CD_003 违规项 "抗菌"
  期望 EV_CD_003 违规项 "床位"
  期望 EV_CD_003 违规项 "中成药20"
  期望 EV_CD_004 次数 3
  期望 EV_CD_005 次数 1
  期望 EV_CD_006 次数 2
  期望 EV_CD_006 违规项 "本地"
  期望 EV_CD_006 违规项 "无编码"
  期望 EV_CD_007 次数 1
  期望 EV_CD_007 违规项 "护理"
}
