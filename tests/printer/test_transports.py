"""Printing through every transport that can run here: the simulator and its faults, a
real serial port (pty pair) and a real TCP socket to a virtual printer, a device file."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import tty
from pathlib import Path

import pytest

from device_drivers.printers.escpos_reader import parse
from device_drivers.printers.registry import open_printer
from device_drivers.printers.sim import SimPrinter
from queue_core.device_errors import (
    BadDeviceUrl,
    CoverOpen,
    DeviceError,
    DeviceOffline,
    DeviceState,
    PaperOut,
)
from testkit.servers import CENTRE
from testkit.virtual_printer import VirtualPrinter
from ticket_printer.printer import TicketPrinter, sample_ticket


def test_sim_keeps_bytes_and_preview(tmp_path: Path) -> None:
    sim = open_printer(f"sim://{tmp_path}")
    assert isinstance(sim, SimPrinter)
    printer = TicketPrinter(sim, CENTRE)
    ticket = sample_ticket(CENTRE)
    assert printer.print_ticket(ticket) is DeviceState.READY
    data = (tmp_path / "ticket-00001.bin").read_bytes()
    assert data == printer.ticket_bytes(ticket)
    assert (tmp_path / "ticket-00001.png").stat().st_size > 1000


@pytest.mark.parametrize(
    ("state", "error"),
    [
        (DeviceState.PAPER_OUT, PaperOut),
        (DeviceState.COVER_OPEN, CoverOpen),
        (DeviceState.OFFLINE, DeviceOffline),
        (DeviceState.ERROR, DeviceError),
    ],
)
def test_sim_faults_give_the_right_error(
    tmp_path: Path, state: DeviceState, error: type[DeviceError]
) -> None:
    sim = SimPrinter(tmp_path)
    sim.set_state(state)
    with pytest.raises(error) as e:
        TicketPrinter(sim, CENTRE).print_ticket(sample_ticket(CENTRE))
    assert type(e.value) is error and e.value.vi and e.value.en
    assert not list(tmp_path.glob("*.bin"))


def test_sim_paper_low_and_running_out_mid_ticket(tmp_path: Path) -> None:
    sim = SimPrinter(tmp_path, state=DeviceState.PAPER_LOW)
    printer = TicketPrinter(sim, CENTRE)
    assert printer.print_ticket(sample_ticket(CENTRE)) is DeviceState.PAPER_LOW
    sim.fail_next_write = True
    with pytest.raises(PaperOut):
        printer.print_ticket(sample_ticket(CENTRE))
    assert sim.status() is DeviceState.PAPER_OUT


def test_serial_printer_over_a_pty(tmp_path: Path) -> None:
    master, slave = os.openpty()
    tty.setraw(master)
    vp = VirtualPrinter()
    vp.serve_pty(master)
    try:
        transport = open_printer(f"escpos+serial://{os.ttyname(slave)}?baudrate=115200")
        printer = TicketPrinter(transport, CENTRE)
        ticket = sample_ticket(CENTRE)
        assert printer.print_ticket(ticket) is DeviceState.READY
        assert vp.queries >= 6  # status read before and after
        expected = printer.ticket_bytes(ticket)
        for _ in range(50):
            if len(vp.payload()) >= len(expected):
                break
            time.sleep(0.02)
        assert vp.payload() == expected
        parse(vp.payload())
        vp.state = DeviceState.PAPER_OUT
        with pytest.raises(PaperOut):
            printer.print_ticket(ticket)
        vp.state = DeviceState.PAPER_LOW
        assert transport.status() is DeviceState.PAPER_LOW
        vp.state = DeviceState.OFFLINE  # it stops answering
        assert transport.status() is DeviceState.OFFLINE
        transport.close()
    finally:
        os.close(slave)
        os.close(master)


def test_network_printer_over_loopback() -> None:
    vp = VirtualPrinter()
    host, port = vp.serve_tcp()
    transport = open_printer(f"escpos+tcp://{host}:{port}", profile="TM-T20II")
    printer = TicketPrinter(transport, CENTRE, 80, "TM-T20II")
    vp.state = DeviceState.COVER_OPEN
    with pytest.raises(CoverOpen):
        printer.print_ticket(sample_ticket(CENTRE))
    vp.state = DeviceState.READY
    assert printer.print_ticket(sample_ticket(CENTRE)) is DeviceState.READY
    transport.close()
    assert b"\x1dV" in vp.payload()


def test_file_printer_writes_the_bytes(tmp_path: Path) -> None:
    device = tmp_path / "lp0"
    device.touch()
    transport = open_printer(f"escpos+file://{device}")
    printer = TicketPrinter(transport, CENTRE)
    ticket = sample_ticket(CENTRE)
    assert printer.print_ticket(ticket) is DeviceState.UNKNOWN  # a file cannot report paper
    transport.close()
    assert device.read_bytes() == printer.ticket_bytes(ticket)


def test_unreachable_and_unknown_printers() -> None:
    with pytest.raises(DeviceOffline):
        open_printer("escpos+serial:///dev/ttyNOPE")
    with pytest.raises(BadDeviceUrl):
        open_printer("lpt://1")


def test_printer_test_command(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "xephang", "devices", "printer-test", f"sim://{tmp_path}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0 and "printed a test ticket" in run.stdout
    assert (tmp_path / "ticket-00001.png").exists()
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "xephang",
            "devices",
            "printer-test",
            f"sim://{tmp_path}?state=paper_out",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert bad.returncode == 2 and "hết giấy" in bad.stderr and "out of paper" in bad.stderr


def test_a_status_query_never_lands_inside_a_tickets_bytes(tmp_path: Path) -> None:
    """The kiosk asks the printer's state on a timer while a ticket may be printing:
    inside the ticket's image data a DLE EOT would be printed as dots."""
    import threading

    master, slave = os.openpty()
    tty.setraw(master)
    vp = VirtualPrinter()
    vp.serve_pty(master)
    stop = threading.Event()
    try:
        transport = open_printer(f"escpos+serial://{os.ttyname(slave)}?baudrate=115200")
        printer = TicketPrinter(transport, CENTRE)
        ticket = sample_ticket(CENTRE)
        asked = [0]

        def ask() -> None:
            while not stop.is_set():
                printer.status()
                asked[0] += 1

        threading.Thread(target=ask, daemon=True).start()
        for _ in range(5):
            printer.print_ticket(ticket)
        stop.set()
        expected = printer.ticket_bytes(ticket) * 5
        for _ in range(100):
            if len(vp.payload()) >= len(expected):
                break
            time.sleep(0.02)
        assert asked[0] > 5
        assert vp.payload() == expected  # not one status byte inside the tickets
        transport.close()
    finally:
        stop.set()
        os.close(slave)
        os.close(master)
