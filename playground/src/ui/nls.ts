// 编辑器界面（右键菜单、查找、命令面板…）用简体中文。必须在任何 monaco 模块之前求值。
import 'monaco-editor/nls/lang/zh-cn';
