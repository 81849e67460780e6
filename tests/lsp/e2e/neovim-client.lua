-- 第三方 LSP 客户端：Debian 的 neovim（0.7，无界面）用自带的 vim.lsp 连接 `zhishen lsp --stdio`。
-- 打开规则文件 → 收到诊断 → 在字符串里按中文名请求知识库编码补全 → 重命名参数并应用编辑 → 结果写成 JSON。
-- 参数经环境变量：ZS_NODE、ZS_CLI、ZS_ROOT（工作区）、ZS_FILE（规则文件）、ZS_OUT（结果 JSON）。
local node = os.getenv('ZS_NODE')
local cli = os.getenv('ZS_CLI')
local root = os.getenv('ZS_ROOT')
local file = os.getenv('ZS_FILE')
local out_path = os.getenv('ZS_OUT')

local out = { steps = {} }

local function finish()
  local f = io.open(out_path, 'w')
  f:write(vim.fn.json_encode(out))
  f:close()
  vim.cmd('qa!')
end

local function step(name, fn)
  local ok, err = pcall(fn)
  table.insert(out.steps, { name = name, ok = ok, error = ok and nil or tostring(err) })
  if not ok then finish() end
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
vim.bo[bufnr].filetype = 'zhishen'

local client_id
step('start', function()
  client_id = vim.lsp.start_client({
    name = 'zhishen',
    cmd = { node, cli, 'lsp', '--stdio' },
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = 'ws' } },
    init_options = { slowValidationDelay = 50 },
  })
  assert(client_id, '语言服务器没有启动')
  vim.lsp.buf_attach_client(bufnr, client_id)
  assert(vim.wait(30000, function()
    local c = vim.lsp.get_client_by_id(client_id)
    return c ~= nil and c.initialized
  end, 50), 'initialize 超时')
  out.server_capabilities = vim.lsp.get_client_by_id(client_id).server_capabilities.completionProvider ~= nil
end)

step('diagnostics', function()
  assert(vim.wait(30000, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.code == 'ZS0101' then return true end
    end
    return false
  end, 50), '没有收到诊断')
  out.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(out.diagnostics, { message = d.message, code = d.code, lnum = d.lnum, severity = d.severity })
  end
end)

local function find_line(pattern)
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  for i, line in ipairs(lines) do
    local s, e = string.find(line, pattern, 1, true)
    if s then return i, s, e end
  end
  error('找不到 ' .. pattern)
end

step('completion', function()
  -- 光标放在 "阿莫 之后（列按字节）
  local row, s = find_line('"阿莫"')
  vim.api.nvim_win_set_cursor(0, { row, s - 1 + #'"阿莫' })
  local params = vim.lsp.util.make_position_params()
  out.completion_position = params.position
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/completion', params, 20000)
  assert(responses, '补全没有应答')
  out.completion = {}
  for _, response in pairs(responses) do
    local result = response.result or {}
    local items = result.items or result
    for _, item in ipairs(items) do
      table.insert(out.completion, { label = item.label, detail = item.detail, newText = item.textEdit and item.textEdit.newText })
    end
  end
  assert(#out.completion > 0, '补全为空')
end)

step('hover', function()
  local row, s = find_line('>= 儿童年龄上限')
  vim.api.nvim_win_set_cursor(0, { row, s - 1 + #'>= 儿童' })
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', vim.lsp.util.make_position_params(), 20000)
  for _, response in pairs(responses or {}) do
    if response.result then out.hover = response.result.contents.value end
  end
end)

step('rename', function()
  local row, s = find_line('参数 儿童年龄上限')
  vim.api.nvim_win_set_cursor(0, { row, s - 1 + #'参数 ' })
  local params = vim.lsp.util.make_position_params()
  params.newName = '年龄上限'
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/rename', params, 20000)
  local client = vim.lsp.get_client_by_id(client_id)
  for _, response in pairs(responses or {}) do
    if response.error then error(response.error.message) end
    if response.result then vim.lsp.util.apply_workspace_edit(response.result, client.offset_encoding) end
  end
  out.offset_encoding = client.offset_encoding
  out.lines_after_rename = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
end)

step('diagnostics after rename', function()
  -- 改名之后，坏掉的引用（未知名称）仍在，其余没有新错误
  vim.wait(2000, function() return false end, 100)
  out.diagnostics_after = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(out.diagnostics_after, { message = d.message, code = d.code })
  end
end)

step('stop', function()
  vim.lsp.stop_client(client_id)
  vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
end)

finish()
