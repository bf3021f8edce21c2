"""Receipt printers: transports (python-escpos), status, the simulator and a byte reader."""
