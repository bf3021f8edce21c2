"""The audit log: logins and every staff command, readable by a manager."""
