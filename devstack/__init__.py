"""The whole system on one machine: moto in server mode standing in for AWS, the API,
the event pump, the mailbox and the web apps. `make run` starts it (python -m devstack)."""
