"""Open a printer from its device URL (DESIGN.md):

escpos+usb://0x0416:0x5011          escpos+serial:///dev/ttyUSB0?baudrate=115200
escpos+tcp://192.168.1.50:9100      escpos+file:///dev/usb/lp0
escpos+cups://TM-T20                escpos+win32://POS-80
sim:///var/lib/xephang/printer      (?state=paper_out to start with a fault)
"""

from __future__ import annotations

from queue_core.device_errors import BadDeviceUrl, DeviceOffline, DeviceState
from queue_core.paper import DOTS, PrinterTransport

from ..urls import parse_device_url
from .escpos_transport import EscposTransport
from .sim import SimPrinter


def open_printer(url: str, paper_mm: int = 80, profile: str | None = None) -> PrinterTransport:
    u = parse_device_url(url)
    if u.scheme == "sim":
        state = DeviceState(u.query.get("state", "ready"))
        return SimPrinter(u.path or "data/printer", DOTS.get(paper_mm, 576), state)
    kwargs = {"profile": profile} if profile else {}
    try:
        if u.scheme == "escpos+serial":
            from escpos.printer import Serial

            p = Serial(
                devfile=u.path,
                baudrate=u.int_option("baudrate", 9600),
                timeout=0.5,
                dsrdtr=u.query.get("dsrdtr", "0") == "1",
                **kwargs,
            )
            p.open()
        elif u.scheme == "escpos+tcp":
            from escpos.printer import Network

            host, _, port = u.host.partition(":")
            p = Network(host, port=int(port or 9100), timeout=5, **kwargs)
            p.open()
        elif u.scheme == "escpos+usb":
            from escpos.printer import Usb

            vid, _, pid = u.host.partition(":")
            p = Usb(int(vid, 16), int(pid, 16), **kwargs)
            p.open()
        elif u.scheme == "escpos+file":
            from escpos.printer import File

            p = File(devfile=u.path, **kwargs)
            p.open()
        elif u.scheme == "escpos+cups":
            from escpos.printer import CupsPrinter

            p = CupsPrinter(printer_name=u.host or u.path.strip("/"), **kwargs)
            p.open()
        elif u.scheme == "escpos+win32":
            from escpos.printer import Win32Raw

            p = Win32Raw(printer_name=u.host or u.path.strip("/"), **kwargs)
            p.open()
        else:
            raise BadDeviceUrl(
                f"Không có trình điều khiển máy in cho {u.scheme}:",
                f"no printer driver for {u.scheme}: (escpos+usb/serial/tcp/file/cups/win32 or sim:)",
            )
    except BadDeviceUrl:
        raise
    except Exception as e:  # noqa: BLE001 - every vendor/OS failure to open is "offline"
        raise DeviceOffline(
            f"Không mở được máy in {url}", f"cannot open printer {url}: {' '.join(str(e).split())}"
        ) from None
    return EscposTransport(p, url)
