// 标准规则的测试（由样例知识库运行：zhishen test stdlib-rules --kb stdlib-rules/sample-kb）。
// 每条规则：触发（违规项与金额）、最接近的合法理赔不触发、边界。

测试 "男性患者有产科诊断" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [{"dise_id": "D1", "inout_dise_type": "2", "maindise_flag": "1", "dias_srt_no": 1, "dise_codg": "O80.000", "dise_name": "头位顺产"}], "fsi_order_dtos": [], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000204006000 金额 0元
}

测试 "女性患者有前列腺诊断" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "2", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [{"dise_id": "D1", "inout_dise_type": "2", "maindise_flag": "1", "dias_srt_no": 1, "dise_codg": "N40.x00", "dise_name": "前列腺增生"}], "fsi_order_dtos": [], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000204006000
}

测试 "女性患者的产科诊断不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "2", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [{"dise_id": "D1", "inout_dise_type": "2", "maindise_flag": "1", "dias_srt_no": 1, "dise_codg": "O80.000", "dise_name": "头位顺产"}], "fsi_order_dtos": [], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000204006000
}

测试 "性别未知时诊断性别规则不判" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "0", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [{"dise_id": "D1", "inout_dise_type": "2", "maindise_flag": "1", "dias_srt_no": 1, "dise_codg": "O80.000", "dise_name": "头位顺产"}], "fsi_order_dtos": [], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000204006000
}

测试 "男性患者有子宫切除手术" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": [{"setl_list_oprn_id": "O1", "oprn_code": "68.4100", "oprn_name": "腹腔镜经腹全子宫切除术", "main_oprn_flag": "1", "oprn_date": "2024-03-03"}]}], "brdy": "1979-06-01"}]}
  期望 GZ10000201005000
}

测试 "女性患者的子宫手术不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "2", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": [{"setl_list_oprn_id": "O1", "oprn_code": "68.4100", "oprn_name": "腹腔镜经腹全子宫切除术", "main_oprn_flag": "1", "oprn_date": "2024-03-03"}]}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000201005000
}

测试 "床位费数量超住院天数：住 9 天计 10 天" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "001109000010000", "hilist_name": "普通病房床位费", "cnt": 10, "pric": 25, "sumamt": 250, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 ZSC0001 违规项 "R1" 金额 25元
}

测试 "床位费：当日入出院计 1 天，计 1 天不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "001109000010000", "hilist_name": "普通病房床位费", "cnt": 1, "pric": 25, "sumamt": 25, "fee_ocur_time": "2024-03-01 12:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 ZSC0001
}

测试 "床位费：当日入出院计 2 天违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "001109000010000", "hilist_name": "普通病房床位费", "cnt": 2, "pric": 25, "sumamt": 50, "fee_ocur_time": "2024-03-01 12:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 ZSC0001 违规项 "R1" 金额 25元
}

测试 "床位费：出院日期缺失不判" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "001109000010000", "hilist_name": "普通病房床位费", "cnt": 30, "pric": 25, "sumamt": 750, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 ZSC0001
}

测试 "等级护理与床位费分别计算" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "001109000010000", "hilist_name": "普通病房床位费", "cnt": 9, "pric": 25, "sumamt": 225, "fee_ocur_time": "2024-03-02 10:00:00"}, {"rx_id": "R2", "rxno": "X1", "hilist_code": "001201000030000", "hilist_name": "Ⅰ级护理", "cnt": 11, "pric": 18, "sumamt": 198, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 ZSC0001 违规项 "R2" 金额 36元
  期望 ZSC0001 次数 1
}

测试 "计费日期早于入院日期" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "001102000050000", "hilist_name": "住院诊查费", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-02-28 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000201008000 违规项 "R1" 金额 10元
}

测试 "计费日期晚于出院日期" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "001102000050000", "hilist_name": "住院诊查费", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-11 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000201008000 违规项 "R1"
}

测试 "出院日期缺失时只核对入院日期" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "001102000050000", "hilist_name": "住院诊查费", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-04-11 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000201008000
}

测试 "药品追溯码重复：第二条违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-02 09:00:00", "drug_trac_codg": ["81234567890123456789"]}, {"rx_id": "R2", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-03 09:00:00", "drug_trac_codg": ["81234567890123456789"]}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 ZSC0002 违规项 "R2" 金额 8元 涉及项 "R1"
  期望 ZSC0002 次数 1
}

测试 "药品追溯码各不相同不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-02 10:00:00", "drug_trac_codg": ["81234567890123456789"]}, {"rx_id": "R2", "rxno": "X1", "hilist_code": "XB01AXA223B002010100156", "hilist_name": "奥扎格雷钠注射液", "cnt": 1, "pric": 8, "sumamt": 8, "fee_ocur_time": "2024-03-02 10:00:00", "drug_trac_codg": ["81234567890123456790"]}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 ZSC0002
}

测试 "分解住院：同一医院出院 5 天后再次入院" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M0", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-02-10", "dscg_date": "2024-02-25", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000204001000 金额 0元
}

测试 "分解住院：间隔 29 天不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M0", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-01-20", "dscg_date": "2024-02-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000204001000
}

测试 "分解住院：不同医院不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M0", "medins_id": "H2", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-02-10", "dscg_date": "2024-02-25", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000204001000
}

测试 "分解住院：地区把间隔设为 3 天则不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M0", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-02-10", "dscg_date": "2024-02-25", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  设定 间隔天数 = 3天
  期望 不触发 GZ10000204001000
}

测试 "住院期间门诊结算" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M0", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-05", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "001102000030000", "hilist_name": "急诊诊查费", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-05 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 ZSC0003 金额 30元
}

测试 "住院当天的门诊不算住院期间" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M0", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 ZSC0003
}

测试 "重叠住院" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M0", "medins_id": "H2", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-08", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-05", "dscg_date": "2024-03-12", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 ZSC0004
}

测试 "前后相接的住院不算重叠" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M0", "medins_id": "H2", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-02-20", "dscg_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-12", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 ZSC0004
}

测试 "合法的住院理赔没有任何结果" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [{"dise_id": "D1", "inout_dise_type": "2", "maindise_flag": "1", "dias_srt_no": 1, "dise_codg": "I10.x00x002", "dise_name": "高血压"}], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "001102000050000", "hilist_name": "住院诊查费", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-02 10:00:00"}, {"rx_id": "R2", "rxno": "X1", "hilist_code": "001109000010000", "hilist_name": "普通病房床位费", "cnt": 1, "pric": 25, "sumamt": 25, "fee_ocur_time": "2024-03-02 10:00:00"}, {"rx_id": "R3", "rxno": "X1", "hilist_code": "001109000010000", "hilist_name": "普通病房床位费", "cnt": 1, "pric": 25, "sumamt": 25, "fee_ocur_time": "2024-03-03 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 无违规
}

测试 "结算明细金额与数量×单价不符" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "001102000050000", "hilist_name": "住院诊查费", "cnt": 2, "pric": 10, "sumamt": 25, "fee_ocur_time": "2024-03-02 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000201002000 违规项 "R1" 金额 0元
}

测试 "结算明细：部分退费后仍按原始数量核对，不误报" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "001102000050000", "hilist_name": "住院诊查费", "cnt": 2, "pric": 10, "sumamt": 20, "fee_ocur_time": "2024-03-02 10:00:00", "feedetl_sn": "F1"}, {"rx_id": "R2", "rxno": "X1", "hilist_code": "001102000050000", "hilist_name": "住院诊查费", "cnt": -1, "pric": 10, "sumamt": -10, "fee_ocur_time": "2024-03-02 10:00:00", "init_feedetl_sn": "F1"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000201002000
}

测试 "门诊处方 6 种药品超过 5 种" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "RX1", "hilist_code": "XLOCAL000000000000000001", "hilist_name": "本院药品1", "cnt": 1, "pric": 2, "sumamt": 2, "fee_ocur_time": "2024-03-02 10:00:00", "hilist_type": "101"}, {"rx_id": "R2", "rxno": "RX1", "hilist_code": "XLOCAL000000000000000002", "hilist_name": "本院药品2", "cnt": 1, "pric": 2, "sumamt": 2, "fee_ocur_time": "2024-03-02 10:00:00", "hilist_type": "101"}, {"rx_id": "R3", "rxno": "RX1", "hilist_code": "XLOCAL000000000000000003", "hilist_name": "本院药品3", "cnt": 1, "pric": 2, "sumamt": 2, "fee_ocur_time": "2024-03-02 10:00:00", "hilist_type": "101"}, {"rx_id": "R4", "rxno": "RX1", "hilist_code": "XLOCAL000000000000000004", "hilist_name": "本院药品4", "cnt": 1, "pric": 2, "sumamt": 2, "fee_ocur_time": "2024-03-02 10:00:00", "hilist_type": "101"}, {"rx_id": "R5", "rxno": "RX1", "hilist_code": "XLOCAL000000000000000005", "hilist_name": "本院药品5", "cnt": 1, "pric": 2, "sumamt": 2, "fee_ocur_time": "2024-03-02 10:00:00", "hilist_type": "101"}, {"rx_id": "R6", "rxno": "RX1", "hilist_code": "XLOCAL000000000000000006", "hilist_name": "本院药品6", "cnt": 1, "pric": 2, "sumamt": 2, "fee_ocur_time": "2024-03-02 10:00:00", "hilist_type": "101"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000202004000 违规项 "R1", "R2", "R3", "R4", "R5", "R6" 金额 0元
}

测试 "门诊处方 5 种药品不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "RX1", "hilist_code": "XLOCAL000000000000000001", "hilist_name": "本院药品1", "cnt": 1, "pric": 2, "sumamt": 2, "fee_ocur_time": "2024-03-02 10:00:00", "hilist_type": "101"}, {"rx_id": "R2", "rxno": "RX1", "hilist_code": "XLOCAL000000000000000002", "hilist_name": "本院药品2", "cnt": 1, "pric": 2, "sumamt": 2, "fee_ocur_time": "2024-03-02 10:00:00", "hilist_type": "101"}, {"rx_id": "R3", "rxno": "RX1", "hilist_code": "XLOCAL000000000000000003", "hilist_name": "本院药品3", "cnt": 1, "pric": 2, "sumamt": 2, "fee_ocur_time": "2024-03-02 10:00:00", "hilist_type": "101"}, {"rx_id": "R4", "rxno": "RX1", "hilist_code": "XLOCAL000000000000000004", "hilist_name": "本院药品4", "cnt": 1, "pric": 2, "sumamt": 2, "fee_ocur_time": "2024-03-02 10:00:00", "hilist_type": "101"}, {"rx_id": "R5", "rxno": "RX1", "hilist_code": "XLOCAL000000000000000005", "hilist_name": "本院药品5", "cnt": 1, "pric": 2, "sumamt": 2, "fee_ocur_time": "2024-03-02 10:00:00", "hilist_type": "101"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000202004000
}

测试 "住院处方不适用药品种类上限" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "RX1", "hilist_code": "XLOCAL000000000000000001", "hilist_name": "本院药品1", "cnt": 1, "pric": 2, "sumamt": 2, "fee_ocur_time": "2024-03-02 10:00:00", "hilist_type": "101"}, {"rx_id": "R2", "rxno": "RX1", "hilist_code": "XLOCAL000000000000000002", "hilist_name": "本院药品2", "cnt": 1, "pric": 2, "sumamt": 2, "fee_ocur_time": "2024-03-02 10:00:00", "hilist_type": "101"}, {"rx_id": "R3", "rxno": "RX1", "hilist_code": "XLOCAL000000000000000003", "hilist_name": "本院药品3", "cnt": 1, "pric": 2, "sumamt": 2, "fee_ocur_time": "2024-03-02 10:00:00", "hilist_type": "101"}, {"rx_id": "R4", "rxno": "RX1", "hilist_code": "XLOCAL000000000000000004", "hilist_name": "本院药品4", "cnt": 1, "pric": 2, "sumamt": 2, "fee_ocur_time": "2024-03-02 10:00:00", "hilist_type": "101"}, {"rx_id": "R5", "rxno": "RX1", "hilist_code": "XLOCAL000000000000000005", "hilist_name": "本院药品5", "cnt": 1, "pric": 2, "sumamt": 2, "fee_ocur_time": "2024-03-02 10:00:00", "hilist_type": "101"}, {"rx_id": "R6", "rxno": "RX1", "hilist_code": "XLOCAL000000000000000006", "hilist_name": "本院药品6", "cnt": 1, "pric": 2, "sumamt": 2, "fee_ocur_time": "2024-03-02 10:00:00", "hilist_type": "101"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000202004000
}

测试 "频繁住院：一年内第 7 次住院" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M01", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2023-06-01", "dscg_date": "2023-06-05", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M02", "medins_id": "H2", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2023-07-01", "dscg_date": "2023-07-05", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M03", "medins_id": "H3", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2023-08-01", "dscg_date": "2023-08-05", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M04", "medins_id": "H4", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2023-09-01", "dscg_date": "2023-09-05", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M05", "medins_id": "H5", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2023-10-01", "dscg_date": "2023-10-05", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M06", "medins_id": "H6", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2023-11-01", "dscg_date": "2023-11-05", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000204004000 金额 0元
}

测试 "频繁住院：一年内第 6 次住院不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M02", "medins_id": "H2", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2023-07-01", "dscg_date": "2023-07-05", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M03", "medins_id": "H3", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2023-08-01", "dscg_date": "2023-08-05", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M04", "medins_id": "H4", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2023-09-01", "dscg_date": "2023-09-05", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M05", "medins_id": "H5", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2023-10-01", "dscg_date": "2023-10-05", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M06", "medins_id": "H6", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2023-11-01", "dscg_date": "2023-11-05", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000204004000
}

测试 "频繁门诊：30 天内第 11 次门诊" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M01", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M02", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-02", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M03", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-03", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M04", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-04", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M05", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-05", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M06", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-06", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M07", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-07", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M08", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-08", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M09", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-09", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M010", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-20", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000204002000
}

测试 "频繁门诊：第 10 次不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M02", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-02", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M03", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-03", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M04", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-04", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M05", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-05", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M06", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-06", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M07", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-07", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M08", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-08", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M09", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-09", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M010", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-20", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000204002000
}

测试 "重复开药：上次开的 14 天用量未用完" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M0", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "H1", "rxno": "X1", "hilist_code": "XJ01CAA040A001010102699", "hilist_name": "阿莫西林胶囊", "cnt": 24, "pric": 0.35, "sumamt": 8.4, "fee_ocur_time": "2024-03-01 09:00:00", "hilist_type": "101", "prd_days": 14}], "fsi_operation_dtos": []}, {"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-08", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XJ01CAA040A001010102699", "hilist_name": "阿莫西林胶囊", "cnt": 24, "pric": 0.35, "sumamt": 8.4, "fee_ocur_time": "2024-03-08 09:00:00", "hilist_type": "101", "prd_days": 14}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000301006000 违规项 "R1" 金额 8.4元 涉及项 "H1"
}

测试 "重复开药：用量已用完不违规" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M0", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "H1", "rxno": "X1", "hilist_code": "XJ01CAA040A001010102699", "hilist_name": "阿莫西林胶囊", "cnt": 24, "pric": 0.35, "sumamt": 8.4, "fee_ocur_time": "2024-03-01 09:00:00", "hilist_type": "101", "prd_days": 7}], "fsi_operation_dtos": []}, {"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-08", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XJ01CAA040A001010102699", "hilist_name": "阿莫西林胶囊", "cnt": 24, "pric": 0.35, "sumamt": 8.4, "fee_ocur_time": "2024-03-08 09:00:00", "hilist_type": "101", "prd_days": 7}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000301006000
}

测试 "重复开药：没有用药天数时不判" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M0", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "H1", "rxno": "X1", "hilist_code": "XJ01CAA040A001010102699", "hilist_name": "阿莫西林胶囊", "cnt": 24, "pric": 0.35, "sumamt": 8.4, "fee_ocur_time": "2024-03-01 09:00:00", "hilist_type": "101"}], "fsi_operation_dtos": []}, {"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-02", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "rxno": "X1", "hilist_code": "XJ01CAA040A001010102699", "hilist_name": "阿莫西林胶囊", "cnt": 24, "pric": 0.35, "sumamt": 8.4, "fee_ocur_time": "2024-03-02 09:00:00", "hilist_type": "101"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000301006000
}

测试 "诊断与性别不符：男性患者的子宫颈原位癌（D06）" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [{"dise_id": "DD06.900", "dise_codg": "D06.900", "dise_name": "子宫颈原位癌"}], "fsi_order_dtos": [], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000204006000 次数 1
}

测试 "诊断与性别不符：gend 写成文字“女”也按女性判（前列腺原位癌 D07.5）" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "女", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [{"dise_id": "DD07.500", "dise_codg": "D07.500", "dise_name": "前列腺原位癌"}], "fsi_order_dtos": [], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 GZ10000204006000 次数 1
}

测试 "诊断与性别不符：有性发育异常诊断（Q56）时不判" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [{"dise_id": "DD06.900", "dise_codg": "D06.900", "dise_name": "子宫颈原位癌"}, {"dise_id": "DQ56.400", "dise_codg": "Q56.400", "dise_name": "性别不确定"}], "fsi_order_dtos": [], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 GZ10000204006000
}

测试 "追溯码占位写法（“—”“无”“0”）不算重复" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "hilist_code": "XA10BJA085B002010106474", "hilist_name": "艾塞那肽注射液", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-02 10:00:00", "drug_trac_codg": "—"}, {"rx_id": "R2", "hilist_code": "XA10BJA085B002010106474", "hilist_name": "艾塞那肽注射液", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-03 10:00:00", "drug_trac_codg": "—"}, {"rx_id": "R3", "hilist_code": "XA10BJA085B002010106474", "hilist_name": "艾塞那肽注射液", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-04 10:00:00", "drug_trac_codg": "无"}, {"rx_id": "R4", "hilist_code": "XA10BJA085B002010106474", "hilist_name": "艾塞那肽注射液", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-05 10:00:00", "drug_trac_codg": "无,0"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 ZSC0002
}

测试 "住院期间门诊：另一次住院尚未出院也算，违规项是门诊明细" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M0", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-05", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "hilist_code": "001102000030000", "hilist_name": "急诊诊查费", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-05 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 ZSC0003 违规项 "R1" 金额 30元
}

测试 "住院期间门诊：未出院的住院入院已超过 90 天不算" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M0", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2023-10-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "11", "insutype": "310", "adm_date": "2024-03-05", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "hilist_code": "001102000030000", "hilist_name": "急诊诊查费", "cnt": 1, "pric": 30, "sumamt": 30, "fee_ocur_time": "2024-03-05 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 不触发 ZSC0003
}

测试 "重叠住院：本次尚未出院，与另一次住院重叠" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M0", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "dscg_date": "2024-03-10", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-05", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "hilist_code": "001102000050000", "hilist_name": "住院诊查费", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-06 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 ZSC0004 次数 1
}

测试 "重叠住院：另一次尚未出院，本次在其后入院" {
  理赔 {"syscode": "TEST", "patient_dtos": [{"patn_id": "P1", "gend": "1", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{"mdtrt_id": "M0", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-01", "fsi_diagnose_dtos": [], "fsi_order_dtos": [], "fsi_operation_dtos": []}, {"mdtrt_id": "M1", "medins_id": "H1", "medins_lv": "05", "medins_type": "1", "med_type": "21", "insutype": "310", "adm_date": "2024-03-05", "dscg_date": "2024-03-08", "fsi_diagnose_dtos": [], "fsi_order_dtos": [{"rx_id": "R1", "hilist_code": "001102000050000", "hilist_name": "住院诊查费", "cnt": 1, "pric": 10, "sumamt": 10, "fee_ocur_time": "2024-03-06 10:00:00"}], "fsi_operation_dtos": []}], "brdy": "1979-06-01"}]}
  期望 ZSC0004 次数 1
}
