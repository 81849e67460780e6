#!/usr/bin/env bash
# 安装端到端测试所需的 Debian 软件包（已安装则跳过）。需要 root 或免密 sudo。
set -euo pipefail
PACKAGES=(${ZHISHEN_SYSTEM_PACKAGES:-})
missing=()
for p in "${PACKAGES[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "== 系统软件包已就绪"
    exit 0
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "== 安装系统软件包：${missing[*]}"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
