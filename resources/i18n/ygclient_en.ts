<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AppContext</name>
    <message>
        <location filename="../../ygclient/ui/context.py" line="+83"/>
        <source>尚未设置服务器：请先登录</source>
        <translation>No server is set up yet: log in first</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>同步未完成（%1），未发送的记录都已保留</source>
        <translation>Sync did not finish (%1); every record not yet sent is kept</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>同步已取消，未发送的记录都已保留</source>
        <translation>Sync cancelled; every record not yet sent is kept</translation>
    </message>
</context>
<context>
    <name>CatalogPage</name>
    <message>
        <location filename="../../ygclient/ui/pages.py" line="+168"/>
        <source>代码</source>
        <translation>Code</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>提供方</source>
        <translation>Provider</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>覆盖范围</source>
        <translation>Coverage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>信息类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>更新周期</source>
        <translation>Update cycle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>报送时限</source>
        <translation>Reporting deadline</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>共享属性</source>
        <translation>Sharing</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>开放属性</source>
        <translation>Openness</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>公示期限</source>
        <translation>Disclosure period</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1&#x3000;版本 %2&#x3000;发布日期 %3&#x3000;%4</source>
        <translation>%1   version %2   published %3   %4</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>、</source>
        <comment>between list entries</comment>
        <translation>, </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>长期</source>
        <translation>Permanent</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1～%2 个月</source>
        <translation>%1–%2 months</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>见依据</source>
        <translation>See the legal basis</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n 个工作日</source>
        <translation>
            <numerusform>%n working day</numerusform>
            <numerusform>%n working days</numerusform>
        </translation>
    </message>
    <message>
        <location line="+11"/>
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
    <name>ChangeTableModel</name>
    <message>
        <location filename="../../ygclient/ui/notices.py" line="+633"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>报送期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>主体名称</source>
        <translation>Subject</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>文书号</source>
        <translation>Document no.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>法律依据</source>
        <translation>Legal basis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>核查通知</source>
        <translation>Notice</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>发起时间</source>
        <translation>Started</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>变更</source>
        <translation>Correction</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>撤销</source>
        <translation>Retraction</translation>
    </message>
</context>
<context>
    <name>ChangesPage</name>
    <message>
        <location line="+28"/>
        <source>变更与撤销</source>
        <translation>Corrections and retractions</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>信息依法变更或者撤销的，按条目的报送时限报送（办法第十一条），期限自发起变更或撤销之日起计算。</source>
        <translation>Information corrected or revoked by law is reported within the item&apos;s reporting period (art. 11 of the Measures), counted from the day the correction or retraction was started.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>打开</source>
        <translation>Open</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>提交报送</source>
        <translation>Submit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消变更或撤销</source>
        <translation>Cancel correction or retraction</translation>
    </message>
</context>
<context>
    <name>CodeEditor</name>
    <message>
        <location filename="../../ygclient/forms/qt.py" line="+204"/>
        <source>%1（%2）</source>
        <comment>a code list entry: its label, then its code</comment>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>ConfirmAnswerDialog</name>
    <message>
        <location filename="../../ygclient/ui/notices.py" line="-225"/>
        <source>答复核查通知：信息无误</source>
        <translation>Answer the verification notice: the information is correct</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>核查通知 %1：%2</source>
        <translation>Verification notice %1: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>核查意见（必填）：</source>
        <translation>Opinion (required):</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>证明材料（必填；PDF、JPEG 或 PNG，每个不超过 20 MB）：决定书、复议决定书、判决书或认定机关的证明</source>
        <translation>Evidence (required; PDF, JPEG or PNG, at most 20 MB each): the decision, a review decision, a judgment or a certificate from the deciding authority</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>添加文件…</source>
        <translation>Add files…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>移除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>选择证明材料</source>
        <translation>Choose evidence</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>证明材料 (*.pdf *.jpg *.jpeg *.png);;所有文件 (*)</source>
        <translation>Evidence (*.pdf *.jpg *.jpeg *.png);;All files (*)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>无法读取“%1”：%2</source>
        <translation>Cannot read &quot;%1&quot;: %2</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../ygclient/ui/pages.py" line="-147"/>
        <source>草稿</source>
        <translation>Drafts</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>待报送</source>
        <translation>To submit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>被退回</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>核查通知待答复</source>
        <translation>Notices to answer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已采纳</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>变更与撤销</source>
        <translation>Corrections and retractions</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>查看</source>
        <translation>View</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>报送期限已过或 3 个工作日内到期：</source>
        <translation>Overdue or due within 3 working days:</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>您好，%1。待处理的记录 %2 条。</source>
        <translation>Hello, %1. Records awaiting action: %2.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>【%1】%2  %3  %4  %5  %6</source>
        <translation>[%1] %2  %3  %4  %5  %6</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>没有逾期或即将到期的记录</source>
        <translation>No records are overdue or due soon</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>尚未同步过</source>
        <translation>Not synced yet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>成功</source>
        <translation>succeeded</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>未完成</source>
        <translation>not finished</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>上次同步：%1，%2：%3</source>
        <translation>Last sync: %1, %2: %3</translation>
    </message>
</context>
<context>
    <name>DateEditor</name>
    <message>
        <location filename="../../ygclient/forms/qt.py" line="-48"/>
        <source>日历</source>
        <translation>Calendar</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <location filename="../../ygclient/ui/dialogs.py" line="+179"/>
        <source>信用信息目录：%1，版本 %2（%3）</source>
        <translation>Credit information catalog: %1, version %2 (%3)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>ygclient %1 — 阳江市公共信用信息报送客户端</source>
        <translation>ygclient %1 — the Yangjiang public credit information reporting client</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qt %1，PySide6 %2，Python %3（%4）</source>
        <translation>Qt %1, PySide6 %2, Python %3 (%4)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>依据《阳江市公共信用信息管理暂行办法》（阳府〔2018〕60号）第十条直接报送。</source>
        <translation>Reports directly to the city under article 10 of the Interim Measures of Yangjiang for the Management of Public Credit Information (Yang Fu [2018] No. 60).</translation>
    </message>
    <message>
        <location line="+164"/>
        <source>发起变更</source>
        <translation>Start a correction</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>变更原因（办法第十一条，必填）：</source>
        <translation>Reason for the correction (article 11 of the Measures; required):</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>关于 ygclient</source>
        <translation>About ygclient</translation>
    </message>
</context>
<context>
    <name>ExtensionDialog</name>
    <message>
        <location filename="../../ygclient/ui/notices.py" line="+31"/>
        <source>申请延期</source>
        <translation>Request an extension</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>核查通知 %1 现在的答复期限是 %2。情况复杂的，可申请延长至 20 个工作日，每件只能申请一次，须说明理由：</source>
        <translation>Verification notice %1 is now due on %2. For a complex case the period can be extended to 20 working days, once per case; give the reason:</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <location filename="../../ygclient/ui/import_wizard.py" line="+53"/>
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
        <location line="+10"/>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>（未识别，将忽略）</source>
        <translation>(not recognised, will be ignored)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>工作表“%1”，约 %2 行。请核对条目和列，然后先试导入。</source>
        <translation>Sheet “%1”, about %2 rows. Check the item and columns, then do a dry run first.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1-错误报告.xlsx</source>
        <translation>%1-error-report.xlsx</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>这个文件已于 %1 导入过（%2 条），没有重复导入。</source>
        <translation>This file was already imported on %1 (%2 records); it was not imported again.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>试导入：共 %1 行，无误 %2 行，有错 %3 行，重复 %4 行；已保存 %5 条。</source>
        <translation>Dry run — rows: %1; without errors: %2; with errors: %3; duplicates: %4. Records saved: %5.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>导入：共 %1 行，无误 %2 行，有错 %3 行，重复 %4 行；已保存 %5 条。</source>
        <translation>Import — rows: %1; without errors: %2; with errors: %3; duplicates: %4. Records saved: %5.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>因为有错误，按所选方式一条都没有保存。</source>
        <translation>Because of the errors, nothing was saved, as the chosen mode requires.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>第 %1 行：%2</source>
        <translation>Row %1: %2</translation>
    </message>
    <message>
        <location line="+7"/>
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
        <location filename="../../ygclient/ui/dialogs.py" line="-99"/>
        <source>新建记录</source>
        <translation>New record</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>选择信用信息目录条目：</source>
        <translation>Choose a catalog item:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>LineEditor</name>
    <message>
        <location filename="../../ygclient/forms/qt.py" line="-66"/>
        <source>如 %1</source>
        <translation>e.g. %1</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <location filename="../../ygclient/ui/lock.py" line="+92"/>
        <source>已锁定</source>
        <translation>Locked</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>长时间无操作，程序已锁定。请输入 %1 在市信用信息系统的密码，联网验证后解锁。</source>
        <translation>Locked after a period without activity. Enter the password of %1 for the city credit information system; it is checked online.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>长时间无操作，程序已锁定。请输入 %1 的登录密码解锁。</source>
        <translation>Locked after a period without activity. Enter the login password of %1 to unlock.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>密码错误，还可再试 %1 次。</source>
        <translation>Wrong password; %1 tries left.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>密码连续错误 5 次，已退出登录：须联网重新登录才能解锁。</source>
        <translation>Five wrong passwords in a row: you have been logged out. Unlocking now needs an online login.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>尚未设置服务器，无法验证密码。</source>
        <translation>No server is set up, so the password cannot be checked.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>正在联网验证…</source>
        <translation>Checking online…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>未能解锁：%1</source>
        <translation>Not unlocked: %1</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ygclient/ui/dialogs.py" line="-209"/>
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
        <location filename="../../ygclient/ui/main_window.py" line="+84"/>
        <source>阳江市公共信用信息报送 — ygclient</source>
        <translation>Yangjiang Public Credit Information Reporting — ygclient</translation>
    </message>
    <message>
        <location line="+138"/>
        <source>操作</source>
        <translation>Actions</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>未连接</source>
        <translation>Not connected</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="-71"/>
        <location line="+132"/>
        <source>删除草稿</source>
        <translation>Delete draft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>删除这条从未报送过的记录？此操作不能撤回。</source>
        <translation>Delete this record? It has never been submitted. This cannot be undone.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>操作未完成</source>
        <translation>Action not completed</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>保存导入模板</source>
        <translation>Save import template</translation>
    </message>
    <message>
        <location line="-298"/>
        <source>首页</source>
        <translation>Home</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>信用信息目录</source>
        <translation>Credit information catalog</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+135"/>
        <source>草稿箱</source>
        <translation>Drafts</translation>
    </message>
    <message>
        <location line="-134"/>
        <location line="+136"/>
        <source>待报送</source>
        <translation>To submit</translation>
    </message>
    <message>
        <location line="-135"/>
        <source>已报送</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>变更与撤销</source>
        <translation>Corrections and retractions</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>异议核查</source>
        <translation>Objection verification</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+176"/>
        <source>批量导入</source>
        <translation>Batch import</translation>
    </message>
    <message>
        <location line="-175"/>
        <source>同步记录</source>
        <translation>Sync log</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>正在打开本地数据…</source>
        <translation>Opening the local data…</translation>
    </message>
    <message>
        <location line="+86"/>
        <source>打开</source>
        <translation>Open</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>提交报送</source>
        <translation>Submit</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已报送（审核结果）</source>
        <translation>Submitted (review results)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>修改被退回的记录</source>
        <translation>Edit the returned record</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>重新报送</source>
        <translation>Submit again</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>发起变更</source>
        <translation>Start a correction</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>撤销</source>
        <translation>Retract</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>新建记录</source>
        <translation>New record</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>此状态下不能修改：%1</source>
        <translation>Cannot be changed in this state: %1</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>%1-导入模板.xlsx</source>
        <translation>%1-import-template.xlsx</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>已生成模板：%1</source>
        <translation>Template created: %1</translation>
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
        <location line="+23"/>
        <source>正在同步…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>收到新的核查通知 %1 件</source>
        <translation>%1 new verification notice(s) received</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>核查通知待答复</source>
        <translation>Verification notices to answer</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>成功</source>
        <translation>succeeded</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>未完成</source>
        <translation>not finished</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>上次同步 %1 %2</source>
        <translation>Last sync %1 %2</translation>
    </message>
    <message>
        <location line="+3"/>
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
        <location filename="../../ygclient/ui/app.py" line="+169"/>
        <source>、</source>
        <comment>between list entries</comment>
        <translation>, </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>恢复未完成的输入</source>
        <translation>Restore unfinished input</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>上次程序没有正常退出。找到 %1 条自动保存的记录（%2），现在打开继续编辑吗？</source>
        <translation>ygclient did not close normally last time. Autosaved records found: %1 (%2). Open them now to continue editing?</translation>
    </message>
    <message>
        <location line="+105"/>
        <source>无法读取信用信息目录</source>
        <translation>Cannot read the credit information catalog</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>数据库已损坏</source>
        <translation>The database is damaged</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>无法打开数据</source>
        <translation>Cannot open the data</translation>
    </message>
</context>
<context>
    <name>MultiCodeEditor</name>
    <message>
        <location filename="../../ygclient/forms/qt.py" line="+168"/>
        <source>其他（写明具体类别，如 %1…）</source>
        <translation>Other (name the category, e.g. %1…)</translation>
    </message>
</context>
<context>
    <name>NoticeBanner</name>
    <message>
        <location filename="../../ygclient/ui/notices.py" line="+31"/>
        <source>查看</source>
        <translation>View</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>有 %1 件核查通知待答复</source>
        <translation>%1 verification notice(s) to answer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>：%1 件已逾期，%2 件 3 个工作日内到期</source>
        <translation>: %1 overdue, %2 due within 3 working days</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>。最近的期限：%1。</source>
        <translation>. Next deadline: %1.</translation>
    </message>
</context>
<context>
    <name>NoticeTableModel</name>
    <message>
        <location line="-397"/>
        <source>通知编号</source>
        <translation>Notice</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>收到日期</source>
        <translation>Received</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>答复期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>剩余</source>
        <translation>Left</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>主体名称</source>
        <translation>Subject</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>文书号</source>
        <translation>Document no.</translation>
    </message>
</context>
<context>
    <name>NoticeText</name>
    <message>
        <location line="-121"/>
        <source>待答复</source>
        <translation>To answer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>答复待发送</source>
        <translation>Answer waiting to be sent</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已答复，待中心办结</source>
        <translation>Answered, awaiting the centre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已办结</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>已逾期</source>
        <translation>overdue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>即将到期</source>
        <translation>due soon</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>延期申请待发送</source>
        <translation>extension request waiting to be sent</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已申请延期</source>
        <translation>extension requested</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已延期</source>
        <translation>extended</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>延期未获批准</source>
        <translation>extension refused</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>无误（附证明材料）</source>
        <translation>Correct (with evidence)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>有误，已更正</source>
        <translation>Incorrect, corrected</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>撤销记录</source>
        <translation>Record revoked</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已更正</source>
        <translation>corrected</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>维持原状</source>
        <translation>maintained</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已撤销</source>
        <translation>revoked</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未报送</source>
        <translation>not submitted</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>待发送</source>
        <translation>waiting to be sent</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已报送待审核</source>
        <translation>submitted, awaiting review</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已采纳</source>
        <translation>accepted</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>被退回</source>
        <translation>returned</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未采纳（已有后续版本）</source>
        <translation>not used (a later revision exists)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>（%1）</source>
        <translation> (%1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>（预计）</source>
        <translation> (estimated)</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>已逾期 %1 个工作日</source>
        <translation>%1 working day(s) overdue</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>今天到期</source>
        <translation>due today</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 个工作日</source>
        <translation>%1 working day(s)</translation>
    </message>
</context>
<context>
    <name>NoticesPage</name>
    <message>
        <location line="+90"/>
        <source>异议核查：核查通知</source>
        <translation>Objections: verification notices</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>显示已办结的</source>
        <translation>Show closed</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>收到核查通知起 10 个工作日内答复（情况复杂的可申请延长至 20 个工作日），《阳江市公共信用信息管理暂行办法》第二十六条。</source>
        <translation>Answer within 10 working days of receiving a verification notice (20 working days for a complex case on request), art. 26 of the Yangjiang Interim Measures on Public Credit Information.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>申请人材料（双击打开）：</source>
        <translation>Applicant&apos;s materials (double-click to open):</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>有误：更正记录…</source>
        <translation>Incorrect: correct the record…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>无误：附证明材料…</source>
        <translation>Correct: attach evidence…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>申请延期…</source>
        <translation>Request an extension…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>撤销记录…</source>
        <translation>Revoke the record…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>打开记录</source>
        <translation>Open record</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>核查通知 %1：%2</source>
        <translation>Verification notice %1: %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>记录：%1 %2 %3</source>
        <translation>Record: %1 %2 %3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>本机没有这条记录（可能由其他电脑报送），只能答复“无误”或申请延期。</source>
        <translation>This record is not on this computer (perhaps another computer submitted it): only &quot;correct&quot; or an extension request can be answered here.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>记录状态：%1</source>
        <translation>Record state: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>收到日期：%1（本机接收于 %2）</source>
        <translation>Received: %1 (arrived here %2)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>答复期限：%1，%2 个工作日；剩余：%3</source>
        <translation>Due: %1, %2 working days; left: %3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>期限按尚未公布的年度日历估算（标“预计”），以市信用中心公布的为准。</source>
        <translation>The deadline is estimated from a year whose calendar is not yet published (marked &quot;estimated&quot;); the credit centre&apos;s published calendar prevails.</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+14"/>
        <source>（%1）</source>
        <translation> (%1)</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>延期：%1</source>
        <translation>Extension: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>异议内容：</source>
        <translation>Objection:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>答复：%1</source>
        <translation>Answer: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>核查意见：%1</source>
        <translation>Opinion: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>中心未接受答复：%1</source>
        <translation>The centre did not accept the answer: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>办结结果：%1</source>
        <translation>Result: %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>材料尚未下载</source>
        <translation>Material not downloaded yet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>联网同步后即可打开这份材料。</source>
        <translation>Sync while online, then this material can be opened.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>无法打开材料</source>
        <translation>Cannot open the material</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>答复已保存，联网同步时发送</source>
        <translation>Answer saved; it is sent with the next sync</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>出现意外错误（%1），答复没有保存。请再试一次；仍不行请联系系统维护人员。</source>
        <translation>Unexpected error (%1): the answer was not saved. Please try again; if it keeps failing, contact your system administrator.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>答复未保存</source>
        <translation>Answer not saved</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <location filename="../../ygclient/ui/dialogs.py" line="+92"/>
        <source>本地数据口令</source>
        <translation>Passphrase for local data</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>本机没有系统密钥库，本地数据将用口令加密。请设定一个口令（至少 8 个字符），以后每次启动时输入。口令遗失则数据无法恢复，请妥善保管。</source>
        <translation>This computer has no system keyring, so the local data will be encrypted with a passphrase. Choose one (at least 8 characters); you will type it at every start. If it is lost, the data cannot be recovered: keep it safe.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>本机数据已加密，请输入启用加密时设定的口令。</source>
        <translation>The local data is encrypted. Enter the passphrase chosen when encryption was set up.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>口令</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>再输入一次</source>
        <translation>Once more</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>请输入口令</source>
        <translation>Enter the passphrase</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>口令太短：至少需要 %1 个字符</source>
        <translation>Passphrase too short: at least %1 characters</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>两次输入的口令不一致</source>
        <translation>The two passphrases differ</translation>
    </message>
</context>
<context>
    <name>RecordEditor</name>
    <message>
        <location filename="../../ygclient/ui/editor.py" line="+48"/>
        <source>%1（%2）：变更</source>
        <translation>%1 (%2): correction</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+6"/>
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
        <source>已保存：%1</source>
        <translation>Saved: %1</translation>
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
    <name>RecordForm</name>
    <message>
        <location filename="../../ygclient/forms/qt.py" line="+141"/>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>；</source>
        <comment>between the values of a multiple choice</comment>
        <translation>; </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>原值：%1&#x3000;%2</source>
        <comment>the old value, then the field&apos;s message</comment>
        <translation>Previous value: %1   %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>原值：%1</source>
        <translation>Previous value: %1</translation>
    </message>
</context>
<context>
    <name>RecordTableModel</name>
    <message>
        <location filename="../../ygclient/ui/models.py" line="+34"/>
        <source>已逾期</source>
        <translation>overdue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>即将到期</source>
        <translation>due soon</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1（预计）</source>
        <translation>%1 (estimated)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>条目</source>
        <translation>Item</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>主体名称</source>
        <translation>Subject name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>主体代码</source>
        <translation>Subject code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>文书号</source>
        <translation>Document no.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>决定日期</source>
        <translation>Decision date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>报送期限</source>
        <translation>Reporting deadline</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>最后修改</source>
        <translation>Last modified</translation>
    </message>
    <message>
        <location line="+145"/>
        <source>；</source>
        <comment>between two reasons</comment>
        <translation>; </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>退回意见：%1</source>
        <translation>Reasons for return: %1</translation>
    </message>
</context>
<context>
    <name>RecordsPage</name>
    <message>
        <location filename="../../ygclient/ui/pages.py" line="+98"/>
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
    <message>
        <location line="+94"/>
        <source>%1｜%2｜第 %3 版｜%4 %5</source>
        <translation>%1 | %2 | version %3 | %4 %5</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>公示截止：%1</source>
        <translation>Disclosure ends: %1</translation>
    </message>
</context>
<context>
    <name>RetractionDialog</name>
    <message>
        <location filename="../../ygclient/ui/dialogs.py" line="+20"/>
        <source>撤销记录</source>
        <translation>Retract record</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>撤销：%1</source>
        <translation>Retract: %1</translation>
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
        <location line="-145"/>
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
        <location line="+9"/>
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
    <name>StateLabel</name>
    <message>
        <location filename="../../ygclient/ui/display.py" line="+21"/>
        <source>草稿</source>
        <translation>Draft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>待报送</source>
        <translation>Ready to submit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>排队待发送</source>
        <translation>Queued for sending</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>发送中</source>
        <translation>Sending</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已报送待审核</source>
        <translation>Submitted, awaiting review</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已采纳</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已退回</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>变更中</source>
        <translation>Correction in progress</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>撤销中</source>
        <translation>Retraction in progress</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已撤销</source>
        <translation>Retracted</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>异议核查中</source>
        <translation>Under objection verification</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已答复核查</source>
        <translation>Verification answered</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>异议已办结</source>
        <translation>Objection resolved</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>公示期满（已归档）</source>
        <translation>Disclosure ended (archived)</translation>
    </message>
</context>
<context>
    <name>SyncLogPage</name>
    <message>
        <location filename="../../ygclient/ui/pages.py" line="+34"/>
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
    <message>
        <location line="+12"/>
        <source>成功</source>
        <translation>Succeeded</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>未完成</source>
        <translation>Not finished</translation>
    </message>
</context>
<context>
    <name>_FileField</name>
    <message>
        <location filename="../../ygclient/ui/dialogs.py" line="+144"/>
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
