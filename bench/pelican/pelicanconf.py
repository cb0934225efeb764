"""Minimal Pelican project for the thidua benchmark (bench/run.py).

Article pages, the paginated news list, year archives and one RSS feed; every
other page kind is switched off. make_site.py appends NEWS_YEARS.
"""

AUTHOR = "Ban biên tập"
SITENAME = "Thi đua – Khen thưởng (trang thử tải)"
SITEURL = "https://thidua.example.gov.vn"
PATH = "content"
THEME = "theme"
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
DEFAULT_DATE_FORMAT = "%d/%m/%Y"

ARTICLE_PATHS = ["tin-tuc"]
PAGE_PATHS = []
STATIC_PATHS = ["media"]
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "tin-tuc"

ARTICLE_URL = "tin-tuc/{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = "tin-tuc/{date:%Y}/{slug}/index.html"
YEAR_ARCHIVE_URL = "tin-tuc/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "tin-tuc/{date:%Y}/index.html"
INDEX_SAVE_AS = "tin-tuc/index.html"
INDEX_URL = "tin-tuc/"
DIRECT_TEMPLATES = ["index"]
DEFAULT_PAGINATION = 10
PAGINATED_TEMPLATES = {"index": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/trang/{number}/", "{base_name}/trang/{number}/index.html"),
)
CATEGORY_SAVE_AS = ""
TAG_SAVE_AS = ""
AUTHOR_SAVE_AS = ""

FEED_ALL_RSS = "feed.xml"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
FEED_MAX_ITEMS = 50
RSS_FEED_SUMMARY_ONLY = False

CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
