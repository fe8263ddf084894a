"""The Scrapy side of bench/crawl_bench.cc: fetch /gen/0 .. /gen/N-1 from the replay server and
write every body to its own file, with the same concurrency as tradedig and politeness off.

    /usr/bin/python3 -m scrapy runspider bench_spider.py \
        -a base=http://127.0.0.1:PORT -a pages=20000 -a out=DIR -s CONCURRENT_REQUESTS=64
"""
import os

import scrapy


class CrawlBench(scrapy.Spider):
    name = "tradedig_crawl_bench"
    custom_settings = {
        "ROBOTSTXT_OBEY": False,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "INFO",
        "LOGSTATS_INTERVAL": 10,
    }

    def __init__(self, base="http://127.0.0.1:8089", pages="20000", out="scrapy_pages", **kw):
        super().__init__(**kw)
        self.base, self.pages, self.out = base.rstrip("/"), int(pages), out
        os.makedirs(self.out, exist_ok=True)

    def start_requests(self):
        for i in range(self.pages):
            yield scrapy.Request(f"{self.base}/gen/{i}", dont_filter=True)

    def parse(self, response):
        name = response.url.rsplit("/", 1)[1]
        with open(os.path.join(self.out, name), "wb") as f:
            f.write(response.body)
