<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="zh_CN">
<context>
    <name>CatalogPage</name>
    <message>
        <location filename="../../ygclient/ui/pages.py" line="+160"/>
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
    <name>DashboardPage</name>
    <message>
        <location line="-84"/>
        <source>查看</source>
        <translation>查看</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>报送期限已过或 3 个工作日内到期：</source>
        <translation>报送期限已过或 3 个工作日内到期：</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>您好，%1。待处理的记录 %2 条。</source>
        <translation>您好，%1。待处理的记录 %2 条。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>没有逾期或即将到期的记录</source>
        <translation>没有逾期或即将到期的记录</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>尚未同步过</source>
        <translation>尚未同步过</translation>
    </message>
</context>
<context>
    <name>DateEditor</name>
    <message>
        <location filename="../../ygclient/forms/qt.py" line="+149"/>
        <source>日历</source>
        <translation>日历</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <location filename="../../ygclient/ui/import_wizard.py" line="+52"/>
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
        <location line="+11"/>
        <source>（未识别，将忽略）</source>
        <translation>（未识别，将忽略）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>工作表“%1”，约 %2 行。请核对条目和列，然后先试导入。</source>
        <translation>工作表“%1”，约 %2 行。请核对条目和列，然后先试导入。</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>这个文件已于 %1 导入过（%2 条），没有重复导入。</source>
        <translation>这个文件已于 %1 导入过（%2 条），没有重复导入。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>试导入</source>
        <translation>试导入</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>导入</source>
        <translation>导入</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>因为有错误，按所选方式一条都没有保存。</source>
        <translation>因为有错误，按所选方式一条都没有保存。</translation>
    </message>
    <message>
        <location line="+11"/>
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
        <location filename="../../ygclient/ui/dialogs.py" line="+211"/>
        <source>新建记录</source>
        <translation>新建记录</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>选择信用信息目录条目：</source>
        <translation>选择信用信息目录条目：</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location line="-147"/>
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
        <location filename="../../ygclient/ui/main_window.py" line="+52"/>
        <source>阳江市公共信用信息报送 — ygclient</source>
        <translation>阳江市公共信用信息报送 — ygclient</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>操作</source>
        <translation>操作</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>未连接</source>
        <translation>未连接</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>取消</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>此状态下不能修改：</source>
        <translation>此状态下不能修改：</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>删除草稿</source>
        <translation>删除草稿</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>删除这条从未报送过的记录？此操作不能撤回。</source>
        <translation>删除这条从未报送过的记录？此操作不能撤回。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>操作未完成</source>
        <translation>操作未完成</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>保存导入模板</source>
        <translation>保存导入模板</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>已生成模板：</source>
        <translation>已生成模板：</translation>
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
        <location line="+22"/>
        <source>正在同步…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location line="+23"/>
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
        <location filename="../../ygclient/ui/app.py" line="+109"/>
        <source>恢复未完成的输入</source>
        <translation>恢复未完成的输入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>上次程序没有正常退出。找到 %1 条自动保存的记录（%2），现在打开继续编辑吗？</source>
        <translation>上次程序没有正常退出。找到 %1 条自动保存的记录（%2），现在打开继续编辑吗？</translation>
    </message>
</context>
<context>
    <name>RecordEditor</name>
    <message>
        <location filename="../../ygclient/ui/editor.py" line="+52"/>
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
        <source>已保存：</source>
        <translation>已保存：</translation>
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
    <name>RecordsPage</name>
    <message>
        <location filename="../../ygclient/ui/pages.py" line="+81"/>
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
</context>
<context>
    <name>RetractionDialog</name>
    <message>
        <location filename="../../ygclient/ui/dialogs.py" line="+90"/>
        <source>撤销记录</source>
        <translation>撤销记录</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>撤销：</source>
        <translation>撤销：</translation>
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
        <location line="-78"/>
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
        <location line="+8"/>
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
    <name>SyncLogPage</name>
    <message>
        <location filename="../../ygclient/ui/pages.py" line="+128"/>
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
</context>
<context>
    <name>_FileField</name>
    <message>
        <location filename="../../ygclient/ui/dialogs.py" line="+86"/>
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
