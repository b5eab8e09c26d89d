<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>CatalogPage</name>
    <message>
        <location filename="../../ygclient/ui/pages.py" line="+160"/>
        <source>新建记录</source>
        <translation>New record</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>生成 Excel 模板…</source>
        <translation>Create Excel template…</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location line="-84"/>
        <source>查看</source>
        <translation>View</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>报送期限已过或 3 个工作日内到期：</source>
        <translation>Overdue or due within 3 working days:</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>您好，%1。待处理的记录 %2 条。</source>
        <translation>Hello, %1. Records awaiting action: %2.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>没有逾期或即将到期的记录</source>
        <translation>No records are overdue or due soon</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>尚未同步过</source>
        <translation>Not synced yet</translation>
    </message>
</context>
<context>
    <name>DateEditor</name>
    <message>
        <location filename="../../ygclient/forms/qt.py" line="+149"/>
        <source>日历</source>
        <translation>Calendar</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <location filename="../../ygclient/ui/import_wizard.py" line="+52"/>
        <source>批量导入 Excel 工作簿</source>
        <translation>Import an Excel workbook</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>① 选择文件&#x3000;② 核对条目和列&#x3000;③ 试导入（只检查）&#x3000;④ 导入&#x3000;⑤ 查看错误报告</source>
        <translation>① Choose a file   ② Check the item and columns   ③ Dry run (check only)   ④ Import   ⑤ View the error report</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>① 选择文件…</source>
        <translation>① Choose file…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>尚未选择文件</source>
        <translation>No file chosen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>目录条目：</source>
        <translation>Catalog item:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>有错误就全部不导入</source>
        <translation>Import nothing if any row has errors</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>只导入无误的行</source>
        <translation>Import only rows without errors</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>文件中的列</source>
        <translation>Column in file</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>对应信息项</source>
        <translation>Catalog field</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>③ 试导入（只检查）</source>
        <translation>③ Dry run (check only)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>④ 导入</source>
        <translation>④ Import</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>⑤ 打开错误报告</source>
        <translation>⑤ Open error report</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>选择要导入的工作簿</source>
        <translation>Choose a workbook to import</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>正在读取工作簿…</source>
        <translation>Reading the workbook…</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>无法读取这个工作簿：%1</source>
        <translation>Cannot read this workbook: %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>（未识别，将忽略）</source>
        <translation>(not recognised, will be ignored)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>工作表“%1”，约 %2 行。请核对条目和列，然后先试导入。</source>
        <translation>Sheet “%1”, about %2 rows. Check the item and columns, then do a dry run first.</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>这个文件已于 %1 导入过（%2 条），没有重复导入。</source>
        <translation>This file was already imported on %1 (%2 records); it was not imported again.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>试导入</source>
        <translation>Dry run</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>因为有错误，按所选方式一条都没有保存。</source>
        <translation> Because of the errors, nothing was saved, as the chosen mode requires.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>已取消。已保存的部分会保留；再次导入同一文件会从中断处继续。</source>
        <translation>Cancelled. Rows already saved are kept; importing the same file again resumes where it stopped.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>导入未完成：</source>
        <translation>Import not completed: </translation>
    </message>
</context>
<context>
    <name>ItemChooser</name>
    <message>
        <location filename="../../ygclient/ui/dialogs.py" line="+211"/>
        <source>新建记录</source>
        <translation>New record</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>选择信用信息目录条目：</source>
        <translation>Choose a catalog item:</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location line="-147"/>
        <source>登录市信用信息系统</source>
        <translation>Log in to the city credit information system</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>本单位的 18 位统一社会信用代码</source>
        <translation>Your agency&apos;s 18-character unified social credit code</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>CA 证书 (*.pem *.crt *.cer)</source>
        <translation>CA certificates (*.pem *.crt *.cer)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>服务器地址</source>
        <translation>Server address</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>单位代码</source>
        <translation>Agency code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>单位 CA 证书（可选）</source>
        <translation>Agency CA certificate (optional)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>密码只用于本次登录，不会保存。</source>
        <translation>The password is used for this login only and is never saved.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ygclient/ui/main_window.py" line="+52"/>
        <source>阳江市公共信用信息报送 — ygclient</source>
        <translation>Yangjiang Public Credit Information Reporting — ygclient</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>操作</source>
        <translation>Actions</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>未连接</source>
        <translation>Not connected</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>此状态下不能修改：</source>
        <translation>Cannot be changed in this state: </translation>
    </message>
    <message>
        <location line="+17"/>
        <source>删除草稿</source>
        <translation>Delete draft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>删除这条从未报送过的记录？此操作不能撤回。</source>
        <translation>Delete this record? It has never been submitted. This cannot be undone.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>操作未完成</source>
        <translation>Action not completed</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>保存导入模板</source>
        <translation>Save import template</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>已生成模板：</source>
        <translation>Template created: </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>首次使用，请登录市信用信息系统。</source>
        <translation>First time here: please log in to the city credit information system.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>登录已过期，请重新输入密码。</source>
        <translation>Your login has expired. Please enter your password again.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>已登录</source>
        <translation>Logged in</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>登录失败</source>
        <translation>Login failed</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>正在同步…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>在线</source>
        <translation>Online</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>离线</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>待发送 %1 条</source>
        <translation>To send: %1</translation>
    </message>
    <message>
        <location filename="../../ygclient/ui/app.py" line="+109"/>
        <source>恢复未完成的输入</source>
        <translation>Restore unfinished input</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>上次程序没有正常退出。找到 %1 条自动保存的记录（%2），现在打开继续编辑吗？</source>
        <translation>ygclient did not close normally last time. Autosaved records found: %1 (%2). Open them now to continue editing?</translation>
    </message>
</context>
<context>
    <name>RecordEditor</name>
    <message>
        <location filename="../../ygclient/ui/editor.py" line="+52"/>
        <source>变更模式：与现行版本不同的信息项下方显示原值。</source>
        <translation>Correction: fields that differ from the current version show the previous value below them.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>变更原因（必填）</source>
        <translation>Reason for the correction (required)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>保存 (Ctrl+S)</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>提交报送 (Ctrl+Enter)</source>
        <translation>Submit (Ctrl+Enter)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>请填写变更原因</source>
        <translation>Please enter the reason for the correction</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>已保存为草稿：还有错误，改正后才能报送</source>
        <translation>Saved as a draft: it still has errors, fix them before submitting</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>已保存：</source>
        <translation>Saved: </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>还有 %n 处错误，改正后才能报送</source>
        <translation>
            <numerusform>%n error left: fix it before submitting</numerusform>
            <numerusform>%n errors left: fix them before submitting</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>保存失败（%1），已输入的内容仍在窗口中</source>
        <translation>Could not save (%1); what you entered is still in the window</translation>
    </message>
</context>
<context>
    <name>RecordsPage</name>
    <message>
        <location filename="../../ygclient/ui/pages.py" line="+81"/>
        <source>按主体名称、统一社会信用代码、证件号码或文书号查找</source>
        <translation>Search by name, unified social credit code, ID number or document number</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>全部条目</source>
        <translation>All items</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>只看已逾期</source>
        <translation>Overdue only</translation>
    </message>
</context>
<context>
    <name>RetractionDialog</name>
    <message>
        <location filename="../../ygclient/ui/dialogs.py" line="+90"/>
        <source>撤销记录</source>
        <translation>Retract record</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>撤销：</source>
        <translation>Retract: </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>如撤销决定书文号或所依据的条款</source>
        <translation>e.g. the number of the revoking decision, or the provision relied on</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>撤销原因</source>
        <translation>Reason for retraction</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>法律依据</source>
        <translation>Legal basis</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location line="-78"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>证书 (*.pem *.crt *.cer)</source>
        <translation>Certificates (*.pem *.crt *.cer)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>私钥 (*.pem *.key)</source>
        <translation>Private keys (*.pem *.key)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>服务器地址</source>
        <translation>Server address</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>单位代码</source>
        <translation>Agency code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>单位 CA 证书</source>
        <translation>Agency CA certificate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>客户端证书（双向 TLS）</source>
        <translation>Client certificate (mutual TLS)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>客户端私钥</source>
        <translation>Client private key</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>无操作自动锁定</source>
        <translation>Lock after inactivity</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>数据文件夹</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>数据文件夹可用命令行参数 --data-dir 或环境变量 YGCLIENT_HOME 更改；界面语言在重新启动后生效。</source>
        <translation>The data folder can be changed with the --data-dir option or the YGCLIENT_HOME environment variable. A new language takes effect after a restart.</translation>
    </message>
</context>
<context>
    <name>SyncLogPage</name>
    <message>
        <location filename="../../ygclient/ui/pages.py" line="+128"/>
        <source>立即同步 (F5)</source>
        <translation>Sync now (F5)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>摘要</source>
        <translation>Summary</translation>
    </message>
</context>
<context>
    <name>_FileField</name>
    <message>
        <location filename="../../ygclient/ui/dialogs.py" line="+86"/>
        <source>选择…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>选择文件</source>
        <translation>Choose a file</translation>
    </message>
</context>
</TS>
