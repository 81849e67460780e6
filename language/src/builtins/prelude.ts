/**
 * 内置库（prelude）：理赔数据模型、枚举、内置函数，用智审本身声明。
 *
 * `记录 明细 = line` 的 line 是运行时契约中的记录种类，字段的 `= 名称` 是该种记录的属性名，`全局 … = lines` 是来源名，
 * `函数 … = 符号` 是运算名（都在 runtime/src/contract/）。编译器只认这些英文名，从不比较中文名；
 * runtime/test/builtins.test.ts 检查两边一致（声明一次、实现一次）。文档注释即悬停提示。
 * 用户文件不能声明 记录 / 枚举 / 函数 / 全局（校验 ZS0205）。
 */
export const PRELUDE_URI = 'zhishen-builtin:///内置库.zs';

export const PRELUDE_TEXT = `// 智审内置库：由语言自带，只读。
// ───────────── 枚举 ─────────────

/** 患者性别。由字典 gend 映射：1 男，2 女；0 / 9 / 缺失 / 未登记时性别为空（不是一个取值），
    与空值比较的结果是“未知”，所以任何性别条件都不会成立。判断性别是否已知用 有值(患者.性别)。 */
枚举 性别 { 男, 女 }

/** 审核判断级别（由轻到重）。输出 sev_deg 时按部署配置映射为代码。 */
枚举 审核级别 有序 { 提醒, 轻度可疑, 高度可疑, 明确违规 }

/** 规则运行环节：事前提醒（开单时）、事中审核（结算时）、事后监管（结算后批量）。 */
枚举 审核环节 { 事前, 事中, 事后 }

/** 就医类别，由字典 med_type 映射（11 普通门诊 → 门诊，13 急诊 → 急诊，21 普通住院 → 住院，41 定点药店购药 → 购药 …）。 */
枚举 就医类别 { 门诊, 急诊, 住院, 购药 }

/** 医疗机构等级，由字典 medins_lv 映射（各地代码不同，默认见知识库 dictionaries）。 */
枚举 机构等级 有序 { 未定级, 一级, 二级, 三级 }

/** 险种类别，由字典 insutype 映射（310 职工 → 职工医保，390 居民 → 居民医保 …）。 */
枚举 险种类别 { 职工医保, 居民医保, 工伤保险, 生育保险, 其他险种 }

/** 医疗机构类别，由字典 medins_type 映射（各地代码不同）。 */
枚举 机构类别 { 医院, 基层医疗机构, 互联网医院, 定点药店, 其他机构 }

/** 医保目录项目类别，由 hilist_type 映射：101 西药中成药，102 中药饮片，201 医疗服务项目，301 医用耗材。 */
枚举 项目类别 { 西药中成药, 中药饮片, 医疗服务项目, 医用耗材, 其他项目 }

// ───────────── 记录 ─────────────

/** 参保患者（patient_dtos 中的一项）。 */
记录 患者 = patient {
  /** 人员编号 patn_id */
  编号: 文本 = patn_id
  /** 姓名 patn_name */
  姓名: 文本 = patn_name
  /** 性别（gend 经字典映射：男 / 女；未知时为空） */
  性别: 性别 = gend
  /** 原始性别代码 gend */
  性别代码: 文本 = gend_code
  /** 出生日期 brdy */
  出生日期: 日期 = brdy
  /** 年龄（周岁）。在逐条明细的规则中是该明细计费日期时的周岁，否则是本次入院日期时的周岁。出生日期缺失时为空。 */
  年龄: 年龄 = age
  /** 参保所属统筹区 poolarea */
  统筹区: 文本 = poolarea
}

/** 一次就诊（fsi_encounter_dtos 中的一项）。curr_mdtrt_id 指向的是被审核的本次就诊，其余为历史就诊。 */
记录 就诊 = encounter {
  /** 就诊编号 mdtrt_id */
  就诊号: 文本 = mdtrt_id
  /** 定点医药机构编号 medins_id */
  机构编码: 文本 = medins_id
  /** 定点医药机构名称 medins_name */
  机构名称: 文本 = medins_name
  /** 机构所在行政区划 medins_admdvs */
  机构区划: 文本 = medins_admdvs
  /** 机构类型原始代码 medins_type */
  机构类型: 文本 = medins_type
  /** 机构类别（medins_type 经字典映射） */
  机构类别: 机构类别 = medins_category
  /** 机构等级原始代码 medins_lv */
  机构等级代码: 文本 = medins_lv
  /** 机构等级（medins_lv 经字典映射：一级 / 二级 / 三级 / 未定级） */
  机构等级: 机构等级 = medins_grade
  /** 入院（就诊）日期 adm_date */
  入院日期: 日期 = adm_date
  /** 出院日期 dscg_date；门诊或尚未出院时可能为空 */
  出院日期: 日期 = dscg_date
  /** 住院天数：出院日期 − 入院日期，当日入出院计 1 天；出院日期缺失时为空 */
  住院天数: 时长 = los
  /** 出院主诊断编码 dscg_main_dise_codg */
  主诊断编码: 编码<诊断> = dscg_main_dise_codg
  /** 出院主诊断名称 dscg_main_dise_name */
  主诊断名称: 文本 = dscg_main_dise_name
  /** 主诊医师编码 dr_codg */
  医师编码: 文本 = dr_codg
  /** 入院科室编码 adm_dept_codg */
  入院科室: 文本 = adm_dept_codg
  /** 出院科室编码 dscg_dept_codg */
  出院科室: 文本 = dscg_dept_codg
  /** 就医类别（med_type 经字典映射：门诊 / 急诊 / 住院 / 购药） */
  就医类别: 就医类别 = med_category
  /** 医疗类别原始代码 med_type（11 普通门诊，14 门诊慢特病，21 普通住院 …） */
  医疗类别: 文本 = med_type
  /** 就诊方式 med_mdtrt_type */
  就诊方式: 文本 = med_mdtrt_type
  /** 险种类型原始代码 insutype（310 职工基本医疗保险，390 城乡居民基本医疗保险 …） */
  险种: 文本 = insutype
  /** 险种类别（insutype 经字典映射） */
  险种类别: 险种类别 = insu_category
  /** 生育状态 matn_stas */
  生育状态: 文本 = matn_stas
  /** 医疗费总额 medfee_sumamt */
  总费用: 金额 = medfee_sumamt
  /** 全自费金额 ownpay_amt */
  全自费金额: 金额 = ownpay_amt
  /** 先行自付金额 selfpay_amt */
  先行自付金额: 金额 = selfpay_amt
  /** 基本医疗保险统筹基金支出 hifp_payamt */
  统筹支付金额: 金额 = hifp_payamt
  /** 该次就诊的费用明细（退费已冲销） */
  明细: 列表<明细> = lines
  /** 该次就诊的诊断 */
  诊断: 列表<诊断> = diagnoses
  /** 该次就诊的手术操作 */
  手术: 列表<手术> = operations
  /** 是否为被审核的本次就诊 */
  是否本次: 布尔 = is_current
}

/** 诊断（fsi_diagnose_dtos 中的一项）。 */
记录 诊断 = diagnosis {
  /** 诊断标识 dise_id */
  编号: 文本 = dise_id
  /** 出入院诊断类别 inout_dise_type */
  出入院类别: 文本 = inout_dise_type
  /** 是否主诊断（maindise_flag = 1） */
  是否主诊断: 布尔 = maindise_flag
  /** 诊断排序号 dias_srt_no */
  序号: 数量 = dias_srt_no
  /** 诊断编码 dise_codg（ICD-10 医保版，如 E11.900、I10.x00x002、A01.000x005+J17.0*） */
  编码: 编码<诊断> = dise_codg
  /** 诊断名称 dise_name */
  名称: 文本 = dise_name
  /** 诊断日期 dise_date */
  日期: 日期 = dise_date
  /** 所属就诊号 */
  就诊号: 文本 = mdtrt_id
}

/** 手术操作（fsi_operation_dtos 中的一项）。 */
记录 手术 = operation {
  /** 手术操作标识 setl_list_oprn_id */
  编号: 文本 = setl_list_oprn_id
  /** 手术操作编码 oprn_code（ICD-9-CM-3 医保版，如 36.0601） */
  编码: 编码<手术> = oprn_code
  /** 手术操作名称 oprn_name */
  名称: 文本 = oprn_name
  /** 是否主手术（main_oprn_flag = 1） */
  是否主手术: 布尔 = main_oprn_flag
  /** 手术操作日期 oprn_date */
  日期: 日期 = oprn_date
  /** 麻醉方式 anst_way */
  麻醉方式: 文本 = anst_way
  /** 所属就诊号 */
  就诊号: 文本 = mdtrt_id
}

/** 费用明细（fsi_order_dtos 中的一项：医嘱 / 收费项目）。数量与金额均为冲销退费后的净值。 */
记录 明细 = line {
  /** 处方（医嘱）标识 rx_id，输出 judge_result_detail_dtos 时引用 */
  编号: 文本 = rx_id
  /** 处方号 rxno：同一张处方的明细处方号相同 */
  处方号: 文本 = rxno
  /** 组号 grpno */
  组号: 文本 = grpno
  /** 是否长期医嘱（long_drord_flag = 1） */
  长期医嘱: 布尔 = long_drord_flag
  /** 目录类别原始代码 hilist_type（101 西药中成药，102 中药饮片，201 医疗服务项目，301 医用耗材） */
  目录类别: 文本 = hilist_type
  /** 项目类别（hilist_type 映射） */
  项目类别: 项目类别 = item_category
  /** 收费类别 chrg_type（01 床位费 … 14 其他费） */
  收费类别: 文本 = chrg_type
  /** 医嘱行为 drord_bhvr */
  医嘱行为: 文本 = drord_bhvr
  /** 医保目录编码 hilist_code（西药 23 位、中成药 20 位、服务项目 15 位、耗材 27 位，也可能是医院本地编码） */
  编码: 编码<目录> = hilist_code
  /** 医保目录名称 hilist_name */
  名称: 文本 = hilist_name
  /** 剂型 hilist_dosform */
  剂型: 文本 = hilist_dosform
  /** 目录等级 hilist_lv（甲 / 乙 / 丙） */
  目录等级: 文本 = hilist_lv
  /** 目录价格 hilist_pric */
  目录价格: 金额 = hilist_pric
  /** 目录备注 hilist_memo */
  目录备注: 文本 = hilist_memo
  /** 一级医院项目限价 lv1_hosp_item_pric */
  一级限价: 金额 = lv1_hosp_item_pric
  /** 二级医院项目限价 lv2_hosp_item_pric */
  二级限价: 金额 = lv2_hosp_item_pric
  /** 三级医院项目限价 lv3_hosp_item_pric */
  三级限价: 金额 = lv3_hosp_item_pric
  /** 按本次就诊机构等级取的项目限价（一级 / 二级 / 三级限价之一；未定级或缺失时为空） */
  限价: 金额 = price_cap
  /** 医院目录编码 hosplist_code */
  院内编码: 文本 = hosplist_code
  /** 医院目录名称 hosplist_name */
  院内名称: 文本 = hosplist_name
  /** 数量：冲销退费后的净数量（cnt 为负表示退费） */
  数量: 数量 = cnt
  /** 原始数量 cnt（未冲销） */
  原始数量: 数量 = raw_cnt
  /** 单价 pric（最多 6 位小数） */
  单价: 金额 = pric
  /** 明细金额：冲销退费后的净金额（sumamt） */
  金额: 金额 = sumamt
  /** 原始金额 sumamt（未冲销） */
  原始金额: 金额 = raw_sumamt
  /** 全自费金额 ownpay_amt */
  全自费金额: 金额 = ownpay_amt
  /** 先行自付金额 selfpay_amt */
  先行自付金额: 金额 = selfpay_amt
  /** 规格 spec */
  规格: 文本 = spec
  /** 规格单位 spec_unt */
  规格单位: 文本 = spec_unt
  /** 医嘱开始日期 drord_begn_date */
  开始日期: 日期 = drord_begn_date
  /** 医嘱停止日期 drord_stop_date */
  停止日期: 日期 = drord_stop_date
  /** 开单科室编码 drord_dept_codg */
  科室: 文本 = drord_dept_codg
  /** 开单医师编码 drord_dr_codg */
  医师: 文本 = drord_dr_codg
  /** 开单医师职称 drord_dr_profttl */
  医师职称: 文本 = drord_dr_profttl
  /** 是否本次计费（curr_drord_flag ≠ 0）；为“否”的是既往医嘱，只作上下文，不会被判为违规项 */
  本次: 布尔 = curr_drord_flag
  /** 计费时间：fee_ocur_time，缺失时取 drord_begn_date */
  计费时间: 日期时间 = fee_time
  /** 计费日期（计费时间的日期部分） */
  日期: 日期 = fee_date
  /** 计费小时（计费时间截到整点），用于按小时分组 */
  小时: 日期时间 = fee_hour
  /** 药品追溯码 drug_trac_codg（可能多个） */
  追溯码: 集合<文本> = drug_trac_codg
  /** 用药天数 prd_days */
  用药天数: 时长 = prd_days
  /** 费用明细流水号 feedetl_sn */
  流水号: 文本 = feedetl_sn
  /** 原费用明细流水号 init_feedetl_sn（退费时指向被退的明细） */
  原流水号: 文本 = init_feedetl_sn
  /** 在本次请求全部明细中按计费时间排列的序号（从 1 开始；同一时间按输入顺序） */
  序号: 数量 = seq
  /** 所属就诊号 mdtrt_id */
  就诊号: 文本 = mdtrt_id
}

/** 同一张处方（相同 rxno）的明细。 */
记录 处方 = prescription {
  /** 处方号 rxno */
  处方号: 文本 = key
  /** 该处方的明细 */
  明细: 列表<明细> = lines
  /** 该处方明细净数量合计 */
  数量: 数量 = cnt
  /** 该处方明细净金额合计 */
  金额: 金额 = sumamt
}

/** 分组（对每日 / 对每小时 / 按 … 分组 得到的一组明细）。 */
记录 分组 = group {
  /** 分组键（按日期分组时为日期） */
  键: 任意 = key
  /** 组内明细 */
  明细: 列表<明细> = lines
  /** 组内明细净数量合计 */
  数量: 数量 = cnt
  /** 组内明细净金额合计 */
  金额: 金额 = sumamt
  /** 组内第一条明细 */
  首条: 明细 = first
}

/** 国家“两库”知识点（liangku/*.json 的一行）。 */
记录 知识点 = kp {
  /** 知识点编号 kp_id */
  编号: 文本 = kp_id
  /** 规则类 rule_class，如 医疗服务项目重复收费 */
  规则类: 文本 = rule_class
  /** 国家规则编码 gz_code，如 GZ10000102012000 */
  国家规则号: 文本 = gz_code
  /** 全部医保编码 med_codes */
  编码: 代码集<目录> = med_codes
  /** 第一个编码 med_codes[0]（重复收费中的项目 A） */
  首码: 编码<目录> = first_code
  /** 除第一个以外的编码（重复收费中的项目 B） */
  其余码: 代码集<目录> = rest_codes
  /** 项目名称 item_name */
  名称: 文本 = item_name
  /** 限定条件原文 constraint */
  限定条件: 文本 = constraint
  /** 检测逻辑 detect_logic */
  检测逻辑: 文本 = detect_logic
  /** 发布批次 batch_tag */
  批次: 文本 = batch_tag
}

/** 知识库目录中的一个条目（药品 / 服务项目 / 耗材 / 诊断 / 手术）。 */
记录 目录条目 = catalogue_entry {
  /** 编码 */
  编码: 编码<目录> = code
  /** 名称 */
  名称: 文本 = name
  /** 规格 */
  规格: 文本 = spec
  /** 剂型 */
  剂型: 文本 = dosform
  /** 限定支付范围等备注 */
  限定: 文本 = restriction
}

// ───────────── 全局名称（在任何规则中可用） ─────────────

/** 本次请求的患者 */
全局 患者: 患者 = patient
/** 被审核的本次就诊（curr_mdtrt_id 所指） */
全局 就诊: 就诊 = encounter
/** 本次就诊的全部明细（含既往医嘱；退费已冲销） */
全局 明细: 列表<明细> = lines
/** 本次就诊的诊断 */
全局 诊断: 列表<诊断> = diagnoses
/** 本次就诊的手术操作 */
全局 手术: 列表<手术> = operations
/** 本次就诊按处方号分组的处方 */
全局 处方: 列表<处方> = prescriptions
/** 同一患者在本次请求中的其他就诊（历史就诊），按入院日期排序 */
全局 历史就诊: 列表<就诊> = history
/** 历史就诊的全部明细 */
全局 历史明细: 列表<明细> = history_lines
/** 本次与历史就诊的全部明细 */
全局 全部明细: 列表<明细> = all_lines

// ───────────── 内置函数 ─────────────

/** 是否有值（不为空）。 */
函数 有值(值: 任意): 布尔 = has_value
/** 是否为空。 */
函数 为空(值: 任意): 布尔 = is_null
/** 用正则从文本中提取第一个捕获组（无捕获组时取整个匹配）并转成数值；未匹配时为空。 */
函数 提取数值(文本: 文本, 模式: 文本): 数值 = extract_number
/** 用正则从文本中提取第一个捕获组（无捕获组时取整个匹配）；未匹配时为空。 */
函数 提取文本(文本: 文本, 模式: 文本): 文本 = extract_text
/** 中文或阿拉伯数字转数值：二 → 2，十四 → 14，14 → 14；无法识别时为空。 */
函数 中文数字(文本: 文本): 数值 = chinese_number
/** 文本转机构等级：“一级”/“一” → 一级 …；无法识别时为空。 */
函数 转机构等级(文本: 文本): 机构等级 = to_grade
/** 文本是否以前缀开头。 */
函数 开头是(文本: 文本, 前缀: 文本): 布尔 = starts_with
/** 文本是否包含集合中任一词。 */
函数 包含任一(文本: 文本, 词: 集合<文本>): 布尔 = contains_any
/** 把文本按分隔符（默认 、，,；; 和“或”）拆成词的集合。 */
函数 拆分(文本: 文本, 分隔符?: 文本): 集合<文本> = split_words
/** 编译时：把适应症原文（“限2型糖尿病患者”）映射成 ICD-10 医保版编码族——前缀（"E11"、"O24.1"），以及 ICD-10 区分不了的亚型的
    名称排除词（"~小细胞"）。概念表（同义词、缩写、癌 ↔ 恶性肿瘤、1型 / 2型、CML / AML…）加知识库诊断目录的标准名称；
    “不包括 / 除外”中的病名不算；找不到病名时为空集合。见 language/src/kb/indications.ts 与 stdlib-rules/README.md。 */
函数 适应症编码(文本: 文本): 集合<文本> = indication_codes
/** 诊断是否符合适应症编码族：编码以族中某个前缀开头，且名称不含族中的排除词。编码缺失时为空（未知）。 */
函数 符合适应症(编码: 编码<诊断>, 名称: 文本, 编码族: 集合<文本>): 布尔 = indication_covers
/** 两个集合是否有共同元素。 */
函数 相交(甲: 集合<任意>, 乙: 集合<任意>): 布尔 = intersects
/** 文本长度（字符数）。 */
函数 长度(文本: 文本): 数值 = text_length
/** 患者在某日期时的周岁年龄。 */
函数 年龄于(日期: 日期): 年龄 = age_at
/** 两个日期相差的天数（乙 − 甲）。 */
函数 天数差(甲: 日期, 乙: 日期): 时长 = days_between
/** 日期所在的自然月第一天。 */
函数 月初(日期: 日期): 日期 = month_start
/** 日期所在的医保年度（自然年）第一天。 */
函数 年初(日期: 日期): 日期 = year_start
/** 日期加若干个自然月（可为负）；目标月没有那一天时取月末（1 月 31 日加 1 个月为 2 月末）。 */
函数 加月(日期: 日期, 月数: 数值): 日期 = add_months
/** 国家医保药品编码去掉末 5 位企业码（西药 X 开头 23 位、中成药 Z 开头 20 位），即 分类 + 通用名 + 剂型 + 规格包装：
    不同企业生产的同一药品得到同一个值。编码先去掉首尾空白、转大写；不是这两种结构的编码原样返回（只去空白、转大写）。
    这是显式的匹配方式：规则写 通用名剂型(m.编码) = 通用名剂型(x.编码) 时才按它比较，精确编码匹配不受影响。 */
函数 通用名剂型(编码: 编码<药品>): 文本 = drug_generic_key
/** 国家医保药品编码的第 2–6 位（西药为 ATC 化学亚组，如 J01CA 广谱青霉素；中成药为中成药分类）：药理作用相同的药品分类相同。
    不是国家药品编码结构时为空。 */
函数 药理分类(编码: 编码<药品>): 文本 = drug_class
/** 知识库中诊断编码的标准名称（ICD-10 医保版）；不在目录中时为空。 */
函数 诊断名称(编码: 编码<诊断>): 文本 = diagnosis_name
/** 知识库中一个知识点表（按规则类名称，如“医疗服务项目重复收费”）的全部行。 */
函数 知识点表(规则类: 文本): 列表<知识点> = kp_table
/** 知识库中的一个代码集（code-sets/ 下的文件，或清单中的 codeSets），如“床位费”。编译时展开。 */
函数 知识库代码集(名称: 文本): 代码集<目录> = kb_code_set
/** 知识库中的一个目录（药品 / 中药饮片 / 医疗服务项目 / 医用耗材 / 诊断 / 手术）的全部条目。 */
函数 目录(名称: 文本): 列表<目录条目> = catalogue
/** 知识库字典中代码对应的名称；未登记时返回代码本身。 */
函数 字典名称(字典: 文本, 代码: 文本): 文本 = dict_label
`;
