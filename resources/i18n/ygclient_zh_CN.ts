<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="zh_CN">
<context>
    <name>AppContext</name>
    <message>
        <location filename="../../ygclient/ui/context.py" line="+83"/>
        <source>尚未设置服务器：请先登录</source>
        <translation>尚未设置服务器：请先登录</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>同步未完成（%1），未发送的记录都已保留</source>
        <translation>同步未完成（%1），未发送的记录都已保留</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>同步已取消，未发送的记录都已保留</source>
        <translation>同步已取消，未发送的记录都已保留</translation>
    </message>
</context>
<context>
    <name>CatalogPage</name>
    <message>
        <location filename="../../ygclient/ui/pages.py" line="+168"/>
        <source>代码</source>
        <translation>代码</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>名称</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>提供方</source>
        <translation>提供方</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>覆盖范围</source>
        <translation>覆盖范围</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>信息类别</source>
        <translation>信息类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>更新周期</source>
        <translation>更新周期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>报送时限</source>
        <translation>报送时限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>共享属性</source>
        <translation>共享属性</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>开放属性</source>
        <translation>开放属性</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>公示期限</source>
        <translation>公示期限</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1&#x3000;版本 %2&#x3000;发布日期 %3&#x3000;%4</source>
        <translation>%1&#x3000;版本 %2&#x3000;发布日期 %3&#x3000;%4</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>、</source>
        <comment>between list entries</comment>
        <translation>、</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>长期</source>
        <translation>长期</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1～%2 个月</source>
        <translation>%1～%2 个月</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>见依据</source>
        <translation>见依据</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n 个工作日</source>
        <translation>
            <numerusform>%n 个工作日</numerusform>
        </translation>
    </message>
    <message>
        <location line="+11"/>
        <source>新建记录</source>
        <translation>新建记录</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>生成 Excel 模板…</source>
        <translation>生成 Excel 模板…</translation>
    </message>
</context>
<context>
    <name>ChangeTableModel</name>
    <message>
        <location filename="../../ygclient/ui/notices.py" line="+633"/>
        <source>类型</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状态</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>报送期限</source>
        <translation>报送期限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>主体名称</source>
        <translation>主体名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>文书号</source>
        <translation>文书号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>原因</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>法律依据</source>
        <translation>法律依据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>核查通知</source>
        <translation>核查通知</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>发起时间</source>
        <translation>发起时间</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>变更</source>
        <translation>变更</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>撤销</source>
        <translation>撤销</translation>
    </message>
</context>
<context>
    <name>ChangesPage</name>
    <message>
        <location line="+28"/>
        <source>变更与撤销</source>
        <translation>变更与撤销</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>信息依法变更或者撤销的，按条目的报送时限报送（办法第十一条），期限自发起变更或撤销之日起计算。</source>
        <translation>信息依法变更或者撤销的，按条目的报送时限报送（办法第十一条），期限自发起变更或撤销之日起计算。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>打开</source>
        <translation>打开</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>提交报送</source>
        <translation>提交报送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消变更或撤销</source>
        <translation>取消变更或撤销</translation>
    </message>
</context>
<context>
    <name>CodeEditor</name>
    <message>
        <location filename="../../ygclient/forms/qt.py" line="+204"/>
        <source>%1（%2）</source>
        <comment>a code list entry: its label, then its code</comment>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>ConfirmAnswerDialog</name>
    <message>
        <location filename="../../ygclient/ui/notices.py" line="-225"/>
        <source>答复核查通知：信息无误</source>
        <translation>答复核查通知：信息无误</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>核查通知 %1：%2</source>
        <translation>核查通知 %1：%2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>核查意见（必填）：</source>
        <translation>核查意见（必填）：</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>证明材料（必填；PDF、JPEG 或 PNG，每个不超过 20 MB）：决定书、复议决定书、判决书或认定机关的证明</source>
        <translation>证明材料（必填；PDF、JPEG 或 PNG，每个不超过 20 MB）：决定书、复议决定书、判决书或认定机关的证明</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>添加文件…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>移除</source>
        <translation>移除</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>选择证明材料</source>
        <translation>选择证明材料</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>证明材料 (*.pdf *.jpg *.jpeg *.png);;所有文件 (*)</source>
        <translation>证明材料 (*.pdf *.jpg *.jpeg *.png);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>无法读取“%1”：%2</source>
        <translation>无法读取“%1”：%2</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../ygclient/ui/pages.py" line="-147"/>
        <source>草稿</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>待报送</source>
        <translation>待报送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>被退回</source>
        <translation>被退回</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>核查通知待答复</source>
        <translation>核查通知待答复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已采纳</source>
        <translation>已采纳</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>变更与撤销</source>
        <translation>变更与撤销</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>查看</source>
        <translation>查看</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>报送期限已过或 3 个工作日内到期：</source>
        <translation>报送期限已过或 3 个工作日内到期：</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>您好，%1。待处理的记录 %2 条。</source>
        <translation>您好，%1。待处理的记录 %2 条。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>【%1】%2  %3  %4  %5  %6</source>
        <translation>【%1】%2  %3  %4  %5  %6</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>没有逾期或即将到期的记录</source>
        <translation>没有逾期或即将到期的记录</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>尚未同步过</source>
        <translation>尚未同步过</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>成功</source>
        <translation>成功</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>未完成</source>
        <translation>未完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>上次同步：%1，%2：%3</source>
        <translation>上次同步：%1，%2：%3</translation>
    </message>
</context>
<context>
    <name>DateEditor</name>
    <message>
        <location filename="../../ygclient/forms/qt.py" line="-48"/>
        <source>日历</source>
        <translation>日历</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <location filename="../../ygclient/ui/dialogs.py" line="+179"/>
        <source>信用信息目录：%1，版本 %2（%3）</source>
        <translation>信用信息目录：%1，版本 %2（%3）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>ygclient %1 — 阳江市公共信用信息报送客户端</source>
        <translation>ygclient %1 — 阳江市公共信用信息报送客户端</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qt %1，PySide6 %2，Python %3（%4）</source>
        <translation>Qt %1，PySide6 %2，Python %3（%4）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>依据《阳江市公共信用信息管理暂行办法》（阳府〔2018〕60号）第十条直接报送。</source>
        <translation>依据《阳江市公共信用信息管理暂行办法》（阳府〔2018〕60号）第十条直接报送。</translation>
    </message>
    <message>
        <location line="+164"/>
        <source>发起变更</source>
        <translation>发起变更</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>变更原因（办法第十一条，必填）：</source>
        <translation>变更原因（办法第十一条，必填）：</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>关于 ygclient</source>
        <translation>关于 ygclient</translation>
    </message>
</context>
<context>
    <name>ExtensionDialog</name>
    <message>
        <location filename="../../ygclient/ui/notices.py" line="+31"/>
        <source>申请延期</source>
        <translation>申请延期</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>核查通知 %1 现在的答复期限是 %2。情况复杂的，可申请延长至 20 个工作日，每件只能申请一次，须说明理由：</source>
        <translation>核查通知 %1 现在的答复期限是 %2。情况复杂的，可申请延长至 20 个工作日，每件只能申请一次，须说明理由：</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <location filename="../../ygclient/ui/import_wizard.py" line="+53"/>
        <source>批量导入 Excel 工作簿</source>
        <translation>批量导入 Excel 工作簿</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>① 选择文件&#x3000;② 核对条目和列&#x3000;③ 试导入（只检查）&#x3000;④ 导入&#x3000;⑤ 查看错误报告</source>
        <translation>① 选择文件&#x3000;② 核对条目和列&#x3000;③ 试导入（只检查）&#x3000;④ 导入&#x3000;⑤ 查看错误报告</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>① 选择文件…</source>
        <translation>① 选择文件…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>尚未选择文件</source>
        <translation>尚未选择文件</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>目录条目：</source>
        <translation>目录条目：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>有错误就全部不导入</source>
        <translation>有错误就全部不导入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>只导入无误的行</source>
        <translation>只导入无误的行</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>文件中的列</source>
        <translation>文件中的列</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>对应信息项</source>
        <translation>对应信息项</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>③ 试导入（只检查）</source>
        <translation>③ 试导入（只检查）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>④ 导入</source>
        <translation>④ 导入</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>取消</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>⑤ 打开错误报告</source>
        <translation>⑤ 打开错误报告</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>选择要导入的工作簿</source>
        <translation>选择要导入的工作簿</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>正在读取工作簿…</source>
        <translation>正在读取工作簿…</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>无法读取这个工作簿：%1</source>
        <translation>无法读取这个工作簿：%1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1（%2）</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>（未识别，将忽略）</source>
        <translation>（未识别，将忽略）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>工作表“%1”，约 %2 行。请核对条目和列，然后先试导入。</source>
        <translation>工作表“%1”，约 %2 行。请核对条目和列，然后先试导入。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1-错误报告.xlsx</source>
        <translation>%1-错误报告.xlsx</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>这个文件已于 %1 导入过（%2 条），没有重复导入。</source>
        <translation>这个文件已于 %1 导入过（%2 条），没有重复导入。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>试导入：共 %1 行，无误 %2 行，有错 %3 行，重复 %4 行；已保存 %5 条。</source>
        <translation>试导入：共 %1 行，无误 %2 行，有错 %3 行，重复 %4 行；已保存 %5 条。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>导入：共 %1 行，无误 %2 行，有错 %3 行，重复 %4 行；已保存 %5 条。</source>
        <translation>导入：共 %1 行，无误 %2 行，有错 %3 行，重复 %4 行；已保存 %5 条。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>因为有错误，按所选方式一条都没有保存。</source>
        <translation>因为有错误，按所选方式一条都没有保存。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>第 %1 行：%2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>已取消。已保存的部分会保留；再次导入同一文件会从中断处继续。</source>
        <translation>已取消。已保存的部分会保留；再次导入同一文件会从中断处继续。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>导入未完成：</source>
        <translation>导入未完成：</translation>
    </message>
</context>
<context>
    <name>ItemChooser</name>
    <message>
        <location filename="../../ygclient/ui/dialogs.py" line="-99"/>
        <source>新建记录</source>
        <translation>新建记录</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>选择信用信息目录条目：</source>
        <translation>选择信用信息目录条目：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1（%2）</source>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>LineEditor</name>
    <message>
        <location filename="../../ygclient/forms/qt.py" line="-66"/>
        <source>如 %1</source>
        <translation>如 %1</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <location filename="../../ygclient/ui/lock.py" line="+92"/>
        <source>已锁定</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>解锁</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>长时间无操作，程序已锁定。请输入 %1 在市信用信息系统的密码，联网验证后解锁。</source>
        <translation>长时间无操作，程序已锁定。请输入 %1 在市信用信息系统的密码，联网验证后解锁。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>长时间无操作，程序已锁定。请输入 %1 的登录密码解锁。</source>
        <translation>长时间无操作，程序已锁定。请输入 %1 的登录密码解锁。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>密码错误，还可再试 %1 次。</source>
        <translation>密码错误，还可再试 %1 次。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>密码连续错误 5 次，已退出登录：须联网重新登录才能解锁。</source>
        <translation>密码连续错误 5 次，已退出登录：须联网重新登录才能解锁。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>尚未设置服务器，无法验证密码。</source>
        <translation>尚未设置服务器，无法验证密码。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>正在联网验证…</source>
        <translation>正在联网验证…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>未能解锁：%1</source>
        <translation>未能解锁：%1</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ygclient/ui/dialogs.py" line="-209"/>
        <source>登录市信用信息系统</source>
        <translation>登录市信用信息系统</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>本单位的 18 位统一社会信用代码</source>
        <translation>本单位的 18 位统一社会信用代码</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>CA 证书 (*.pem *.crt *.cer)</source>
        <translation>CA 证书 (*.pem *.crt *.cer)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>服务器地址</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>单位代码</source>
        <translation>单位代码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>用户名</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>密码</source>
        <translation>密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>单位 CA 证书（可选）</source>
        <translation>单位 CA 证书（可选）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>密码只用于本次登录，不会保存。</source>
        <translation>密码只用于本次登录，不会保存。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ygclient/ui/main_window.py" line="+84"/>
        <source>阳江市公共信用信息报送 — ygclient</source>
        <translation>阳江市公共信用信息报送 — ygclient</translation>
    </message>
    <message>
        <location line="+138"/>
        <source>操作</source>
        <translation>操作</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>未连接</source>
        <translation>未连接</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>取消</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="-71"/>
        <location line="+132"/>
        <source>删除草稿</source>
        <translation>删除草稿</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>删除这条从未报送过的记录？此操作不能撤回。</source>
        <translation>删除这条从未报送过的记录？此操作不能撤回。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>操作未完成</source>
        <translation>操作未完成</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>保存导入模板</source>
        <translation>保存导入模板</translation>
    </message>
    <message>
        <location line="-298"/>
        <source>首页</source>
        <translation>首页</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>信用信息目录</source>
        <translation>信用信息目录</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+135"/>
        <source>草稿箱</source>
        <translation>草稿箱</translation>
    </message>
    <message>
        <location line="-134"/>
        <location line="+136"/>
        <source>待报送</source>
        <translation>待报送</translation>
    </message>
    <message>
        <location line="-135"/>
        <source>已报送</source>
        <translation>已报送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>变更与撤销</source>
        <translation>变更与撤销</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>异议核查</source>
        <translation>异议核查</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+176"/>
        <source>批量导入</source>
        <translation>批量导入</translation>
    </message>
    <message>
        <location line="-175"/>
        <source>同步记录</source>
        <translation>同步记录</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>正在打开本地数据…</source>
        <translation>正在打开本地数据…</translation>
    </message>
    <message>
        <location line="+86"/>
        <source>打开</source>
        <translation>打开</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>提交报送</source>
        <translation>提交报送</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>删除</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已报送（审核结果）</source>
        <translation>已报送（审核结果）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>修改被退回的记录</source>
        <translation>修改被退回的记录</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>重新报送</source>
        <translation>重新报送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>发起变更</source>
        <translation>发起变更</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>撤销</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>新建记录</source>
        <translation>新建记录</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>同步</source>
        <translation>同步</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>设置</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>关于</source>
        <translation>关于</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>此状态下不能修改：%1</source>
        <translation>此状态下不能修改：%1</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>%1-导入模板.xlsx</source>
        <translation>%1-导入模板.xlsx</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>已生成模板：%1</source>
        <translation>已生成模板：%1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>首次使用，请登录市信用信息系统。</source>
        <translation>首次使用，请登录市信用信息系统。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>登录已过期，请重新输入密码。</source>
        <translation>登录已过期，请重新输入密码。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>已登录</source>
        <translation>已登录</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>登录失败</source>
        <translation>登录失败</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>正在同步…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>收到新的核查通知 %1 件</source>
        <translation>收到新的核查通知 %1 件</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>核查通知待答复</source>
        <translation>核查通知待答复</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>成功</source>
        <translation>成功</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>未完成</source>
        <translation>未完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>上次同步 %1 %2</source>
        <translation>上次同步 %1 %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>在线</source>
        <translation>在线</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>离线</source>
        <translation>离线</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>待发送 %1 条</source>
        <translation>待发送 %1 条</translation>
    </message>
    <message>
        <location filename="../../ygclient/ui/app.py" line="+169"/>
        <source>、</source>
        <comment>between list entries</comment>
        <translation>、</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>恢复未完成的输入</source>
        <translation>恢复未完成的输入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>上次程序没有正常退出。找到 %1 条自动保存的记录（%2），现在打开继续编辑吗？</source>
        <translation>上次程序没有正常退出。找到 %1 条自动保存的记录（%2），现在打开继续编辑吗？</translation>
    </message>
    <message>
        <location line="+105"/>
        <source>无法读取信用信息目录</source>
        <translation>无法读取信用信息目录</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>数据库已损坏</source>
        <translation>数据库已损坏</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>无法打开数据</source>
        <translation>无法打开数据</translation>
    </message>
</context>
<context>
    <name>MultiCodeEditor</name>
    <message>
        <location filename="../../ygclient/forms/qt.py" line="+168"/>
        <source>其他（写明具体类别，如 %1…）</source>
        <translation>其他（写明具体类别，如 %1…）</translation>
    </message>
</context>
<context>
    <name>NoticeBanner</name>
    <message>
        <location filename="../../ygclient/ui/notices.py" line="+31"/>
        <source>查看</source>
        <translation>查看</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>有 %1 件核查通知待答复</source>
        <translation>有 %1 件核查通知待答复</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>：%1 件已逾期，%2 件 3 个工作日内到期</source>
        <translation>：%1 件已逾期，%2 件 3 个工作日内到期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>。最近的期限：%1。</source>
        <translation>。最近的期限：%1。</translation>
    </message>
</context>
<context>
    <name>NoticeTableModel</name>
    <message>
        <location line="-397"/>
        <source>通知编号</source>
        <translation>通知编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状态</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>收到日期</source>
        <translation>收到日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>答复期限</source>
        <translation>答复期限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>剩余</source>
        <translation>剩余</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>主体名称</source>
        <translation>主体名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>文书号</source>
        <translation>文书号</translation>
    </message>
</context>
<context>
    <name>NoticeText</name>
    <message>
        <location line="-121"/>
        <source>待答复</source>
        <translation>待答复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>答复待发送</source>
        <translation>答复待发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已答复，待中心办结</source>
        <translation>已答复，待中心办结</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已办结</source>
        <translation>已办结</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>已逾期</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>即将到期</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>延期申请待发送</source>
        <translation>延期申请待发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已申请延期</source>
        <translation>已申请延期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已延期</source>
        <translation>已延期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>延期未获批准</source>
        <translation>延期未获批准</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>无误（附证明材料）</source>
        <translation>无误（附证明材料）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>有误，已更正</source>
        <translation>有误，已更正</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>撤销记录</source>
        <translation>撤销记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已更正</source>
        <translation>已更正</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>维持原状</source>
        <translation>维持原状</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已撤销</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未报送</source>
        <translation>未报送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>待发送</source>
        <translation>待发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已报送待审核</source>
        <translation>已报送待审核</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已采纳</source>
        <translation>已采纳</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>被退回</source>
        <translation>被退回</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未采纳（已有后续版本）</source>
        <translation>未采纳（已有后续版本）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>（%1）</source>
        <translation>（%1）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>（预计）</source>
        <translation>（预计）</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>已逾期 %1 个工作日</source>
        <translation>已逾期 %1 个工作日</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>今天到期</source>
        <translation>今天到期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 个工作日</source>
        <translation>%1 个工作日</translation>
    </message>
</context>
<context>
    <name>NoticesPage</name>
    <message>
        <location line="+90"/>
        <source>异议核查：核查通知</source>
        <translation>异议核查：核查通知</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>显示已办结的</source>
        <translation>显示已办结的</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>收到核查通知起 10 个工作日内答复（情况复杂的可申请延长至 20 个工作日），《阳江市公共信用信息管理暂行办法》第二十六条。</source>
        <translation>收到核查通知起 10 个工作日内答复（情况复杂的可申请延长至 20 个工作日），《阳江市公共信用信息管理暂行办法》第二十六条。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>申请人材料（双击打开）：</source>
        <translation>申请人材料（双击打开）：</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>有误：更正记录…</source>
        <translation>有误：更正记录…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>无误：附证明材料…</source>
        <translation>无误：附证明材料…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>申请延期…</source>
        <translation>申请延期…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>撤销记录…</source>
        <translation>撤销记录…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>打开记录</source>
        <translation>打开记录</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>核查通知 %1：%2</source>
        <translation>核查通知 %1：%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>记录：%1 %2 %3</source>
        <translation>记录：%1 %2 %3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>本机没有这条记录（可能由其他电脑报送），只能答复“无误”或申请延期。</source>
        <translation>本机没有这条记录（可能由其他电脑报送），只能答复“无误”或申请延期。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>记录状态：%1</source>
        <translation>记录状态：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>收到日期：%1（本机接收于 %2）</source>
        <translation>收到日期：%1（本机接收于 %2）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>答复期限：%1，%2 个工作日；剩余：%3</source>
        <translation>答复期限：%1，%2 个工作日；剩余：%3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>期限按尚未公布的年度日历估算（标“预计”），以市信用中心公布的为准。</source>
        <translation>期限按尚未公布的年度日历估算（标“预计”），以市信用中心公布的为准。</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+14"/>
        <source>（%1）</source>
        <translation>（%1）</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>延期：%1</source>
        <translation>延期：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>异议内容：</source>
        <translation>异议内容：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>答复：%1</source>
        <translation>答复：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>核查意见：%1</source>
        <translation>核查意见：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>中心未接受答复：%1</source>
        <translation>中心未接受答复：%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>办结结果：%1</source>
        <translation>办结结果：%1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>材料尚未下载</source>
        <translation>材料尚未下载</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>联网同步后即可打开这份材料。</source>
        <translation>联网同步后即可打开这份材料。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>无法打开材料</source>
        <translation>无法打开材料</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>答复已保存，联网同步时发送</source>
        <translation>答复已保存，联网同步时发送</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>出现意外错误（%1），答复没有保存。请再试一次；仍不行请联系系统维护人员。</source>
        <translation>出现意外错误（%1），答复没有保存。请再试一次；仍不行请联系系统维护人员。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>答复未保存</source>
        <translation>答复未保存</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <location filename="../../ygclient/ui/dialogs.py" line="+92"/>
        <source>本地数据口令</source>
        <translation>本地数据口令</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>本机没有系统密钥库，本地数据将用口令加密。请设定一个口令（至少 8 个字符），以后每次启动时输入。口令遗失则数据无法恢复，请妥善保管。</source>
        <translation>本机没有系统密钥库，本地数据将用口令加密。请设定一个口令（至少 8 个字符），以后每次启动时输入。口令遗失则数据无法恢复，请妥善保管。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>本机数据已加密，请输入启用加密时设定的口令。</source>
        <translation>本机数据已加密，请输入启用加密时设定的口令。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>口令</source>
        <translation>口令</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>再输入一次</source>
        <translation>再输入一次</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>请输入口令</source>
        <translation>请输入口令</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>口令太短：至少需要 %1 个字符</source>
        <translation>口令太短：至少需要 %1 个字符</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>两次输入的口令不一致</source>
        <translation>两次输入的口令不一致</translation>
    </message>
</context>
<context>
    <name>RecordEditor</name>
    <message>
        <location filename="../../ygclient/ui/editor.py" line="+48"/>
        <source>%1（%2）：变更</source>
        <translation>%1（%2）：变更</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1（%2）</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>变更模式：与现行版本不同的信息项下方显示原值。</source>
        <translation>变更模式：与现行版本不同的信息项下方显示原值。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>变更原因（必填）</source>
        <translation>变更原因（必填）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>保存 (Ctrl+S)</source>
        <translation>保存 (Ctrl+S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>提交报送 (Ctrl+Enter)</source>
        <translation>提交报送 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>关闭</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>请填写变更原因</source>
        <translation>请填写变更原因</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>已保存为草稿：还有错误，改正后才能报送</source>
        <translation>已保存为草稿：还有错误，改正后才能报送</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>已保存：%1</source>
        <translation>已保存：%1</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>还有 %n 处错误，改正后才能报送</source>
        <translation>
            <numerusform>还有 %n 处错误，改正后才能报送</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>保存失败（%1），已输入的内容仍在窗口中</source>
        <translation>保存失败（%1），已输入的内容仍在窗口中</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <location filename="../../ygclient/forms/qt.py" line="+141"/>
        <source>（空）</source>
        <translation>（空）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>；</source>
        <comment>between the values of a multiple choice</comment>
        <translation>；</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>原值：%1&#x3000;%2</source>
        <comment>the old value, then the field&apos;s message</comment>
        <translation>原值：%1&#x3000;%2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>原值：%1</source>
        <translation>原值：%1</translation>
    </message>
</context>
<context>
    <name>RecordTableModel</name>
    <message>
        <location filename="../../ygclient/ui/models.py" line="+34"/>
        <source>已逾期</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>即将到期</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1（预计）</source>
        <translation>%1（预计）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>条目</source>
        <translation>条目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状态</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>版本</source>
        <translation>版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>主体名称</source>
        <translation>主体名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>主体代码</source>
        <translation>主体代码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>文书号</source>
        <translation>文书号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>决定日期</source>
        <translation>决定日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>报送期限</source>
        <translation>报送期限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>最后修改</source>
        <translation>最后修改</translation>
    </message>
    <message>
        <location line="+145"/>
        <source>；</source>
        <comment>between two reasons</comment>
        <translation>；</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>退回意见：%1</source>
        <translation>退回意见：%1</translation>
    </message>
</context>
<context>
    <name>RecordsPage</name>
    <message>
        <location filename="../../ygclient/ui/pages.py" line="+98"/>
        <source>按主体名称、统一社会信用代码、证件号码或文书号查找</source>
        <translation>按主体名称、统一社会信用代码、证件号码或文书号查找</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>全部条目</source>
        <translation>全部条目</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>只看已逾期</source>
        <translation>只看已逾期</translation>
    </message>
    <message>
        <location line="+94"/>
        <source>%1｜%2｜第 %3 版｜%4 %5</source>
        <translation>%1｜%2｜第 %3 版｜%4 %5</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>公示截止：%1</source>
        <translation>公示截止：%1</translation>
    </message>
</context>
<context>
    <name>RetractionDialog</name>
    <message>
        <location filename="../../ygclient/ui/dialogs.py" line="+20"/>
        <source>撤销记录</source>
        <translation>撤销记录</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>撤销：%1</source>
        <translation>撤销：%1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>如撤销决定书文号或所依据的条款</source>
        <translation>如撤销决定书文号或所依据的条款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>撤销原因</source>
        <translation>撤销原因</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>法律依据</source>
        <translation>法律依据</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location line="-145"/>
        <source>设置</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>证书 (*.pem *.crt *.cer)</source>
        <translation>证书 (*.pem *.crt *.cer)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>私钥 (*.pem *.key)</source>
        <translation>私钥 (*.pem *.key)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source> 分钟</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>服务器地址</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>单位代码</source>
        <translation>单位代码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>用户名</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>单位 CA 证书</source>
        <translation>单位 CA 证书</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>客户端证书（双向 TLS）</source>
        <translation>客户端证书（双向 TLS）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>客户端私钥</source>
        <translation>客户端私钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>界面语言</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>无操作自动锁定</source>
        <translation>无操作自动锁定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>数据文件夹</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>数据文件夹可用命令行参数 --data-dir 或环境变量 YGCLIENT_HOME 更改；界面语言在重新启动后生效。</source>
        <translation>数据文件夹可用命令行参数 --data-dir 或环境变量 YGCLIENT_HOME 更改；界面语言在重新启动后生效。</translation>
    </message>
</context>
<context>
    <name>StateLabel</name>
    <message>
        <location filename="../../ygclient/ui/display.py" line="+21"/>
        <source>草稿</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>待报送</source>
        <translation>待报送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>排队待发送</source>
        <translation>排队待发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>发送中</source>
        <translation>发送中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已报送待审核</source>
        <translation>已报送待审核</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已采纳</source>
        <translation>已采纳</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已退回</source>
        <translation>已退回</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>变更中</source>
        <translation>变更中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>撤销中</source>
        <translation>撤销中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已撤销</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>异议核查中</source>
        <translation>异议核查中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已答复核查</source>
        <translation>已答复核查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>异议已办结</source>
        <translation>异议已办结</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>公示期满（已归档）</source>
        <translation>公示期满（已归档）</translation>
    </message>
</context>
<context>
    <name>SyncLogPage</name>
    <message>
        <location filename="../../ygclient/ui/pages.py" line="+34"/>
        <source>立即同步 (F5)</source>
        <translation>立即同步 (F5)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>时间</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>结果</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>摘要</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>成功</source>
        <translation>成功</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>未完成</source>
        <translation>未完成</translation>
    </message>
</context>
<context>
    <name>_FileField</name>
    <message>
        <location filename="../../ygclient/ui/dialogs.py" line="+144"/>
        <source>选择…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>选择文件</source>
        <translation>选择文件</translation>
    </message>
</context>
</TS>
