"""``ygclient demo``: the app against an embedded ygcentral, with a throwaway data folder.

The central server runs in this process (uvicorn on a thread, 127.0.0.1, development TLS);
a demo agency and user exist, the demo catalog is published, and a handful of records
have already been through review — some accepted, one rejected with reasons — and one has
an open verification notice. The app opens logged in.
"""

from __future__ import annotations

import socket
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ygclient.catalog import Catalog, bundled_catalog
from ygclient.store import Store
from ygclient.sync import CentralClient, Credentials, Session, SyncEngine, SyncSettings, ssl_context

DEMO_AGENCY_NAME = "阳江市市场监督管理局（演示）"
DEMO_USER = "demo"
DEMO_PASSWORD = "ygclient-demo"
# The applicant's material in the demo's objection: a one-page PDF.
DEMO_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")


@dataclass
class DemoServer:
    url: str
    ca_file: Path
    central: Any
    server: Any
    thread: threading.Thread

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.central.close()


def agency_code() -> str:
    from ygclient.catalog.checkdigits import uscc_check_char

    body = "11441700MB2C0000"
    return body + "1" + uscc_check_char(body + "1")


def start_central(folder: Path, catalog_file: bytes) -> DemoServer:
    import uvicorn

    from ygcentral.app import create_app
    from ygcentral.service import Central
    from ygcentral.tls import ensure_dev_tls

    central = Central.open(f"sqlite:///{folder / 'ygcentral.sqlite3'}")
    code = agency_code()
    central.create_agency(code, DEMO_AGENCY_NAME)
    central.create_user(code, DEMO_USER, DEMO_PASSWORD)
    central.publish_catalog(catalog_file)
    tls = ensure_dev_tls(folder / "tls")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(central), host="127.0.0.1", port=port,
                            ssl_certfile=str(tls.cert_file), ssl_keyfile=str(tls.key_file),
                            log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="ygcentral-demo", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    return DemoServer(f"https://127.0.0.1:{port}", tls.ca_file, central, server, thread)


def _records() -> list[tuple[str, dict[str, Any]]]:
    company = {
        "CF_XDR_LB": "法人及非法人组织", "CF_WFXW": "销售不符合食品安全标准的食品",
        "CF_SY": "当事人销售过期食品。", "CF_YJ": "《中华人民共和国食品安全法》第一百二十四条",
        "CF_CFLB": "警告;罚款", "CF_CFJG": "阳江市市场监督管理局",
        "CF_CFJGDM": "114417000070012332", "CF_SJLY": "阳江市市场监督管理局",
        "CF_SJLYDM": "114417000070012332",
    }
    rows = []
    names = ["阳江市江城区海韵贸易有限公司", "阳江市阳东区鸿达建材有限公司",
             "阳春市春湾镇百货商行", "阳西县海产品加工厂", "阳江市十八子刀具有限公司"]
    codes = ["91441700MA4W12346H", "91441704MA51ABCD4Y", "92441781L12345672X",
             "91441721MA52XYW12P", "91441700MA4UQ1234L"]
    from ygclient.catalog.checkdigits import uscc_check_char

    for n, (name, code) in enumerate(zip(names, codes, strict=True)):
        code = code[:17] + uscc_check_char(code[:17])
        fine = (n + 1) * 5000
        rows.append(("CF", company | {
            "CF_XDR_MC": name, "CF_XDR_SHXYM": code, "CF_FRDB": ["陈海", "黄伟", "林芳",
                                                                "梁强", "吴敏"][n],
            "CF_WSH": f"阳市监罚〔2026〕{101 + n}号", "CF_NR": f"警告，并处罚款{fine}元。",
            "CF_NR_FK": str(fine / 10000), "CF_JDRQ": f"2026-{n + 5:02d}-1{n}",
            "CF_YXQ": "2027-06-30", "CF_GSJZQ": f"2026-{n + 8:02d}-1{n}"}))
    rows.append(("CF", {
        "CF_XDR_MC": "林小梅", "CF_XDR_LB": "自然人", "CF_XDR_ZJLX": "身份证",
        "CF_XDR_ZJHM": "441702199506151231", "CF_WSH": "阳市监罚〔2026〕120号",
        "CF_WFXW": "无证经营", "CF_SY": "当事人未取得营业执照从事经营活动。",
        "CF_YJ": "《无证无照经营查处办法》第十三条", "CF_CFLB": "警告", "CF_NR": "警告。",
        "CF_JDRQ": "2026-11-20", "CF_YXQ": "2027-11-20", "CF_GSJZQ": "2027-02-20",
        "CF_CFJG": "阳江市市场监督管理局", "CF_CFJGDM": "114417000070012332",
        "CF_SJLY": "阳江市市场监督管理局", "CF_SJLYDM": "114417000070012332"}))
    return rows


def prepare(data_dir: Path, catalog: Catalog, demo: DemoServer) -> Session:
    """Seed the client, push, review on the centre, pull: the demo's starting point."""
    settings = SyncSettings(server=demo.url, agency=agency_code(), user=DEMO_USER,
                            device="demo-device-0001", ca_file=str(demo.ca_file))
    settings.save(data_dir)
    store = Store.open(data_dir, catalog, actor=DEMO_USER)
    try:
        ids = [store.create(code, raw).record.id for code, raw in _records()]
        store.create("CF", {"CF_XDR_MC": "阳江市江城区未填完商行",  # a draft still being written
                            "CF_WSH": "阳市监罚〔2026〕130号"})
        store.submit(ids[:5])
        client = CentralClient(settings.server, context=ssl_context(settings.ca_file))
        session = Session(client, settings, Credentials(settings))
        session.login(DEMO_PASSWORD)
        SyncEngine(store, client, data_dir).run()
        demo.central.review(ids[0], accept=True)
        demo.central.review(ids[1], accept=True)
        demo.central.review(ids[2], accept=True)
        demo.central.review(ids[3], accept=False,
                            reasons=["处罚决定日期与决定书不一致，请核对后重新报送"])
        # The subject of an accepted record objects (art. 23); the centre accepts the case and
        # refers it to the provider with a verification notice (art. 25), due in 10 working days.
        case = demo.central.file_objection(
            ids[2], "当事人称已于 2026 年 7 月缴清罚款并整改，申请核查公示内容",
            applicant="阳春市春湾镇百货商行", materials=[("缴款凭证.pdf", DEMO_PDF)])
        demo.central.accept_case(case)
        demo.central.refer_case(case)
        SyncEngine(store, client, data_dir).run()
        return session
    finally:
        store.close()


def demo_passphrase() -> None:
    """The demo's data folder is throwaway: where there is no keyring, its encryption uses a
    fixed passphrase rather than asking for one."""
    import os

    from ygclient.store import keys

    os.environ.setdefault(keys.PASSPHRASE_ENV, DEMO_PASSWORD)


def run_demo(argv: list[str] | None = None) -> int:
    from ygclient.ui.app import application, run_gui

    application(argv)
    demo_passphrase()
    root = Path(tempfile.mkdtemp(prefix="ygclient-demo-"))
    central_dir, client_dir = root / "central", root / "client"
    catalog = bundled_catalog()
    from importlib import resources

    raw = resources.files("ygclient.resources").joinpath(
        "catalog/yangjiang-demo.json").read_bytes()
    demo = start_central(central_dir, raw)
    print(f"演示：ygcentral {demo.url}；数据文件夹 {root}（退出后可删除）", flush=True)
    try:
        session = prepare(client_dir, catalog, demo)

        def logged_in(context: Any) -> None:
            context.session, context.client = session, session.client

        return run_gui(client_dir, catalog, actor=DEMO_USER, setup=logged_in)
    finally:
        demo.stop()
