#!/usr/bin/env bash
# 安装端到端测试所需的 Debian 软件包（已安装则跳过）。需要 root 或免密 sudo。
set -euo pipefail
# Chromium + 中文字体：演练场与 code-server 的浏览器测试；neovim：第三方 LSP 客户端测试；
# libkrb5-dev pkg-config libxkbfile-dev libsecret-1-dev：code-server 的原生模块。
# python3 make g++：下载不到预编译包时 npm ci 从源码编译 better-sqlite3（实时服务的库；Node 头文件随 Debian 的 nodejs 包）。
PACKAGES=(chromium fonts-wqy-microhei neovim libkrb5-dev pkg-config libxkbfile-dev libsecret-1-dev python3 make g++)
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
