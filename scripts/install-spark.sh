#!/usr/bin/env bash
# 安装 Spark 本地模式（pyspark 自带 Spark 的 jar 与 spark-submit）到虚拟环境；已装好时什么也不做。
# 位置：$ZHISHEN_SPARK_VENV，默认 ~/.cache/zhishen/spark-venv。需要 Python ≥ 3.9 与 JRE 17（缺 Java 时用 apt 装 openjdk-17-jre-headless）。
set -euo pipefail
PYSPARK_VERSION=3.5.3
VENV="${ZHISHEN_SPARK_VENV:-$HOME/.cache/zhishen/spark-venv}"

if ! command -v java >/dev/null 2>&1; then
  echo "== 没有 Java：安装 openjdk-17-jre-headless"
  if command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
  else
    echo "找不到 Java，也没有 apt-get：请安装 JRE 17（如 openjdk-17-jre-headless）后重试" >&2
    exit 1
  fi
fi

if [ -x "$VENV/bin/spark-submit" ] && "$VENV/bin/python" -c "import pyspark,sys; sys.exit(0 if pyspark.__version__=='$PYSPARK_VERSION' else 1)" 2>/dev/null; then
  echo "== Spark $PYSPARK_VERSION 已在 $VENV"
  exit 0
fi

PY="${PYTHON:-python3}"
echo "== 安装 pyspark==$PYSPARK_VERSION 到 $VENV（$("$PY" --version 2>&1)）"
mkdir -p "$(dirname "$VENV")"
"$PY" -m venv "$VENV"
"$VENV/bin/pip" install -q "pyspark==$PYSPARK_VERSION"
"$VENV/bin/python" -c "import pyspark; print('== pyspark', pyspark.__version__)"
