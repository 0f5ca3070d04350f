"""copkit: a toolkit for the gardeners of communities of practice in social work and social care."""

__version__ = "0.1.0"
