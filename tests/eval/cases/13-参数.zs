// 参数：默认值、部署配置（13-参数.config.json，构建时绑定）、测试中的 设定（运行时覆盖，优先于部署配置）。
参数 年龄上限 = 18岁 「成人年龄」

规则 EV_PM_001 "成人使用限儿童药品" {
  分类 药品政策限定类
  级别 明确违规
  环节 事后
  依据 「限儿童」
  对每条 明细 m 属于 { "XN05CCS273S003010101587" }
    当 患者.年龄 >= 年龄上限
    违规 m
    提示 "患者 {患者.年龄}，上限 {年龄上限}"
}

规则 EV_PM_002 "短期再入院" {
  分类 管理类
  级别 高度可疑
  环节 事后
  依据 「测试」
  参数 间隔 = 15天
  参数 单价上限 = 100元
  参数 名单: 代码集<目录> = { "A", "B"* } 「重点监控编码」
  参数 关键词 = "注射" 「名称关键词」
  参数 起始日期 = 2024-01-01
  令 前次 = 历史就诊 近 间隔 其中 出院日期 <= 就诊.入院日期
  当 存在(前次) 且 就诊.入院日期 >= 起始日期
  当 存在(明细 其中 编码 属于 名单 且 单价 > 单价上限 且 名称 包含 关键词)
  违规 就诊
  涉及 前次
  提示 "间隔 {间隔}，单价上限 {单价上限}，关键词 {关键词}，起始 {起始日期}"
}

测试 "部署配置把年龄上限改为 14 岁：15 岁触发" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "brdy": "2009-01-01", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01",
    "fsi_order_dtos": [{ "rx_id": "R1", "hilist_code": "XN05CCS273S003010101587", "hilist_name": "水合氯醛灌肠剂", "cnt": 1, "pric": 12.5, "sumamt": 12.5 }] }] }] }
  期望 EV_PM_001 违规项 "R1" 金额 12.5元
}

测试 "设定优先于部署配置：16 岁不触发" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "brdy": "2009-01-01", "curr_mdtrt_id": "M1", "fsi_encounter_dtos": [{ "mdtrt_id": "M1", "adm_date": "2024-03-01",
    "fsi_order_dtos": [{ "rx_id": "R1", "hilist_code": "XN05CCS273S003010101587", "hilist_name": "水合氯醛灌肠剂", "cnt": 1, "pric": 12.5, "sumamt": 12.5 }] }] }] }
  设定 年龄上限 = 16岁
  期望 无违规
}

测试 "部署配置把间隔改为 30 天：25 天前出院触发" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "brdy": "1970-01-01", "curr_mdtrt_id": "NOW", "fsi_encounter_dtos": [
    { "mdtrt_id": "NOW", "adm_date": "2024-03-26",
      "fsi_order_dtos": [{ "rx_id": "R1", "hilist_code": "B-1", "hilist_name": "某注射液", "cnt": 1, "pric": 150, "sumamt": 150 }] },
    { "mdtrt_id": "OLD", "adm_date": "2024-02-25", "dscg_date": "2024-03-01" }
  ] }] }
  期望 EV_PM_002 金额 0元 涉及项 "OLD"
}

测试 "设定：代码集、金额、文本、日期、时长参数" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "brdy": "1970-01-01", "curr_mdtrt_id": "NOW", "fsi_encounter_dtos": [
    { "mdtrt_id": "NOW", "adm_date": "2024-03-26",
      "fsi_order_dtos": [{ "rx_id": "R1", "hilist_code": "C-1", "hilist_name": "某胶囊", "cnt": 1, "pric": 60, "sumamt": 60 }] },
    { "mdtrt_id": "OLD", "adm_date": "2024-03-01", "dscg_date": "2024-03-20" }
  ] }] }
  设定 名单 = { "C"* }
  设定 单价上限 = 50元
  设定 关键词 = "胶囊"
  设定 起始日期 = 2024-03-26
  设定 间隔 = 7天
  期望 EV_PM_002 涉及项 "OLD"
}

测试 "设定的起始日期晚于入院：不触发" {
  理赔 { "patient_dtos": [{ "patn_id": "P1", "brdy": "1970-01-01", "curr_mdtrt_id": "NOW", "fsi_encounter_dtos": [
    { "mdtrt_id": "NOW", "adm_date": "2024-03-26",
      "fsi_order_dtos": [{ "rx_id": "R1", "hilist_code": "B-1", "hilist_name": "某注射液", "cnt": 1, "pric": 150, "sumamt": 150 }] },
    { "mdtrt_id": "OLD", "adm_date": "2024-03-01", "dscg_date": "2024-03-20" }
  ] }] }
  设定 起始日期 = 2024-03-27
  期望 不触发 EV_PM_002
}
