// 规则逻辑：矛盾条件、正则、除以零
规则 L1 "逻辑" {
  分类 管理类
  级别 提醒
  环节 事后
  依据 「测试」
  对每条 明细 m
    当 患者.年龄 < 5岁 且 患者.年龄 > 10岁  //! ZS0502
    当 患者.性别 = 男
    当 患者.性别 = 女  //! ZS0502
    当 m.名称 匹配 「(注射」  //! ZS0504
    当 提取数值(m.名称, 「[0-9」) > 1  //! ZS0504
    当 m.名称 匹配 「^(\d+,)+$」  //! ZS0507
    当 提取数值(m.名称, 「((注射)+用)*」) > 1  //! ZS0507
    当 m.名称 匹配 「^(\d+,){1,10}$」
    当 m.名称 匹配 「^(a|a)*$」  //! ZS0507
    当 m.名称 匹配 「^(.*a){25}$」  //! ZS0507
    当 m.名称 匹配 「(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)」  //! ZS0508
    当 m.名称 匹配 「xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx」  //! ZS0508
    当 m.名称 匹配 「((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((x」  //! ZS0508
    当 m.名称 匹配 「[(+]+(a)」
    当 m.名称 匹配 「(a)\1」  //! ZS0509
    当 提取文本(m.名称, 「(?<=甲)乙」) = "乙"  //! ZS0509
    当 m.名称 匹配 「\p{Script=Han}+」  //! ZS0509
    当 m.数量 / 0 > 1  //! ZS0505
    当 m.数量 >= 2 且 m.数量 <= 2
    当 存在(明细 其中 数量 > 3 且 数量 < 1)  //! ZS0502
    违规 m
}

规则 L2 "恒定条件" {
  分类 管理类
  级别 提醒
  环节 事后
  依据 「测试」
  当 真  //! ZS0506
  当 假  //! ZS0502
  违规 就诊
}
