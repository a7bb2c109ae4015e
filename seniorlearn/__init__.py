"""SeniorLearn: a learning kiosk for seniors at community study points."""

__version__ = "0.1.0"
