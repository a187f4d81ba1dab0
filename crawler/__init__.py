"""The Scrapy project: spiders, extraction, pipelines (settings: crawler.settings)."""
