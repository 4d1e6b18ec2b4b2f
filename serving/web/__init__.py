"""The agents' and leadership's web pages: server-rendered, in Chinese, on the same services as the API."""
