// 退费：cnt 为负是退费；先冲销（按 init_feedetl_sn，或同一编码最近的正向明细）再计数量、金额与频次。
参数 每日上限 = 2次

规则 EV_RF_001 "每日计费数量超过上限" {
  分类 医疗服务项目政策限定类
  级别 明确违规
  环节 事后
  依据 「测试：每日不超过 2 次」

  对每日 明细 d 属于 { "001102000010000" }
    当 d.数量 > 每日上限
    违规 d.明细
    金额 (d.数量 - 每日上限) × d.首条.单价
    提示 "{d.键} 计 {d.数量} 次，超过每日上限 {每日上限}"
}

规则 EV_RF_002 "限儿童药品（按净金额）" {
  分类 药品政策限定类
  级别 明确违规
  环节 事后
  依据 「测试：限儿童」

  对每条 明细 m 属于 { "XN05CCS273S003010101587" }
    当 患者.年龄 >= 18岁
    违规 m
    提示 "「{m.名称}」净数量 {m.数量}，净金额 {m.金额}，原始数量 {m.原始数量}"
}

测试 "没有退费：3 次超过上限，超出 1 次 × 单价" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "gend": "1", "brdy": "1980-01-01", "curr_mdtrt_id": "M1",
    "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01", "med_type": "21",
      "fsi_order_dtos": [
        { "rx_id": "A", "hilist_code": "001102000010000", "hilist_name": "诊查费", "cnt": 3, "pric": 12.5, "sumamt": 37.5, "feedetl_sn": "F1", "fee_ocur_time": "2024-03-02 09:00" }
      ] }] }] }
  期望 EV_RF_001 违规项 "A" 金额 12.5元
}

测试 "带 init_feedetl_sn 的退费冲销后不超量" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "gend": "1", "brdy": "1980-01-01", "curr_mdtrt_id": "M1",
    "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01", "med_type": "21",
      "fsi_order_dtos": [
        { "rx_id": "A", "hilist_code": "001102000010000", "hilist_name": "诊查费", "cnt": 3, "pric": 12.5, "sumamt": 37.5, "feedetl_sn": "F1", "fee_ocur_time": "2024-03-02 09:00" },
        { "rx_id": "A-退", "hilist_code": "001102000010000", "hilist_name": "诊查费", "cnt": -1, "pric": 12.5, "sumamt": -12.5, "feedetl_sn": "F2", "init_feedetl_sn": "F1", "fee_ocur_time": "2024-03-02 15:00" }
      ] }] }] }
  期望 不触发 EV_RF_001
  期望 无违规
}

测试 "没有 init_feedetl_sn 的退费冲销同一编码最近的一条" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "gend": "1", "brdy": "1980-01-01", "curr_mdtrt_id": "M1",
    "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01", "med_type": "21",
      "fsi_order_dtos": [
        { "rx_id": "A1", "hilist_code": "001102000010000", "hilist_name": "诊查费", "cnt": 2, "pric": 10, "sumamt": 20, "fee_ocur_time": "2024-03-02 09:00" },
        { "rx_id": "A2", "hilist_code": "001102000010000", "hilist_name": "诊查费", "cnt": 2, "pric": 10, "sumamt": 20, "fee_ocur_time": "2024-03-02 10:00" },
        { "rx_id": "A退", "hilist_code": "001102000010000", "hilist_name": "诊查费", "cnt": -1, "pric": 10, "sumamt": -10, "fee_ocur_time": "2024-03-02 11:00" },
        { "rx_id": "B1", "hilist_code": "001102000010000", "hilist_name": "诊查费", "cnt": 3, "pric": 10, "sumamt": 30, "fee_ocur_time": "2024-03-03 09:00" }
      ] }] }] }
  期望 EV_RF_001 次数 2
  // 指定了金额：从最后一条往前分摊，分到 0 的 A1 改为涉及项
  期望 EV_RF_001 违规项 "A2" 金额 10元 涉及项 "A1"
  期望 EV_RF_001 违规项 "B1" 金额 10元
}

测试 "退费把超量的一天冲回到合规" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "gend": "1", "brdy": "1980-01-01", "curr_mdtrt_id": "M1",
    "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01", "med_type": "21",
      "fsi_order_dtos": [
        { "rx_id": "A1", "hilist_code": "001102000010000", "hilist_name": "诊查费", "cnt": 1, "pric": 10, "sumamt": 10, "feedetl_sn": "S1", "fee_ocur_time": "2024-03-02 09:00" },
        { "rx_id": "A2", "hilist_code": "001102000010000", "hilist_name": "诊查费", "cnt": 1, "pric": 10, "sumamt": 10, "feedetl_sn": "S2", "fee_ocur_time": "2024-03-02 10:00" },
        { "rx_id": "A3", "hilist_code": "001102000010000", "hilist_name": "诊查费", "cnt": 1, "pric": 10, "sumamt": 10, "feedetl_sn": "S3", "fee_ocur_time": "2024-03-02 11:00" },
        { "rx_id": "A3退", "hilist_code": "001102000010000", "hilist_name": "诊查费", "cnt": -1, "pric": 10, "sumamt": -10, "init_feedetl_sn": "S3", "fee_ocur_time": "2024-03-02 12:00" }
      ] }] }] }
  期望 无违规
}

测试 "找不到原明细的退费被忽略，原明细照常审核" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "gend": "1", "brdy": "1980-01-01", "curr_mdtrt_id": "M1",
    "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01", "med_type": "21",
      "fsi_order_dtos": [
        { "rx_id": "A", "hilist_code": "001102000010000", "hilist_name": "诊查费", "cnt": 3, "pric": 10, "sumamt": 30, "fee_ocur_time": "2024-03-02 09:00" },
        { "rx_id": "X退", "hilist_code": "001102000010000", "hilist_name": "诊查费", "cnt": -1, "pric": 10, "sumamt": -10, "init_feedetl_sn": "不存在", "fee_ocur_time": "2024-03-01 08:00" }
      ] }] }] }
  期望 EV_RF_001 违规项 "A" 金额 10元
}

测试 "违规金额按冲销后的净金额" {
  理赔 { "patient_dtos": [{ "patn_id": "P2", "gend": "2", "brdy": "1990-06-01", "curr_mdtrt_id": "M1",
    "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01", "med_type": "11",
      "fsi_order_dtos": [
        { "rx_id": "D1", "hilist_code": "XN05CCS273S003010101587", "hilist_name": "水合氯醛灌肠剂", "cnt": 3, "pric": 12.5, "sumamt": 37.5, "feedetl_sn": "F1", "fee_ocur_time": "2024-03-01 09:00" },
        { "rx_id": "D1退", "hilist_code": "XN05CCS273S003010101587", "hilist_name": "水合氯醛灌肠剂", "cnt": -1, "pric": 12.5, "sumamt": -12.5, "init_feedetl_sn": "F1", "fee_ocur_time": "2024-03-01 10:00" }
      ] }] }] }
  期望 EV_RF_002 违规项 "D1" 金额 25元
}

测试 "全部退掉的药品不再审核" {
  理赔 { "patient_dtos": [{ "patn_id": "P2", "gend": "2", "brdy": "1990-06-01", "curr_mdtrt_id": "M1",
    "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01", "med_type": "11",
      "fsi_order_dtos": [
        { "rx_id": "D1", "hilist_code": "XN05CCS273S003010101587", "hilist_name": "水合氯醛灌肠剂", "cnt": 2, "pric": 12.5, "sumamt": 25, "feedetl_sn": "F1", "fee_ocur_time": "2024-03-01 09:00" },
        { "rx_id": "D1退", "hilist_code": "XN05CCS273S003010101587", "hilist_name": "水合氯醛灌肠剂", "cnt": -2, "pric": 12.5, "sumamt": -25, "init_feedetl_sn": "F1", "fee_ocur_time": "2024-03-01 10:00" }
      ] }] }] }
  期望 无违规
}
