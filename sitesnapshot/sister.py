"""A sister site in the bundled snapshot: egypt-today.com (مصر اليوم), as the group's CMS serves it.

It differs from the almaghribtoday snapshot where the real group differs (SITE.md, "The group"):
its own host and feed, clocks and date lines in **Cairo local time** (``توقيت القاهرة المحلي
00:12:44 آخر تحديث`` [real: its header]; the article date lines in the same local form are
[recon]), an **English edition** under ``/en/`` with English date lines (``GMT 11:43 2025
Thursday ,20 November``, ``Last Updated : GMT ...``, as emiratesvoice.com writes them) and English
labels, pages linked under the mirror subdomains ``android.``, ``mail.`` and ``autodiscover.``, and
the group's other URL forms: slug-only articles, a column, a blog post, an AMP copy, and a
Joomla-era alias (``/39/2012-10-24-19-21-06``) whose page shows no date of its own.

The text is newscrawl's own, written for the snapshot; every page says it is a reconstruction.
``python -m sitesnapshot build`` renders it into ``sitesnapshot/egypttoday/``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from sitesnapshot.render import (
    COMMENT_FORM,
    GREGORIAN,
    LEVANTINE,
    NOTICE,
    NOTICE_AR,
    WEEKDAYS,
    _paragraph,
    e,
)

KEY = "egypttoday"
LIVE = "www.egypt-today.com"
PUBLISHER = "مصر اليوم"
CAIRO = ZoneInfo("Africa/Cairo")
ROOT = Path(__file__).with_name("egypttoday")
#: the header clock [real form]: a time of day in Cairo local time
HEADER_CLOCK = "توقيت القاهرة المحلي 00:12:44 آخر تحديث"
EN_HEADER_CLOCK = "Last Updated : GMT 09:12:05"
EN_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
EN_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip

SECTIONS: list[dict[str, str]] = [
    {"id": "12", "slug": "أخبار-مصر", "name": "أخبار مصر", "lang": "ar"},
    {"id": "25", "slug": "اقتصاد-وأعمال", "name": "اقتصاد وأعمال", "lang": "ar"},
    {"id": "7", "slug": "egypt-news", "name": "Egypt News", "lang": "en"},
]

# "published"/"modified": the local time of the page's own clock (Cairo for Arabic pages, GMT
# for English ones); None: the page shows no date of its own
ARTICLES: list[dict[str, Any]] = [
    {
        "key": "nile-taxi",
        "lang": "ar",
        "path": "/12/143005-إطلاق-خط-جديد-للتاكسي-النهري-بين-حلوان-ووسط-القاهرة",
        "section": "12",
        "headline": "إطلاق خط جديد للتاكسي النهري بين حلوان ووسط القاهرة",
        "description": "بدأ تشغيل خط جديد للتاكسي النهري يربط حلوان بوسط القاهرة، في محاولة لتخفيف الزحام على الطرق وتقديم وسيلة نقل أسرع لسكان جنوب العاصمة.",
        "body": [
            "بدأت هيئة النقل النهري تشغيل خط جديد للتاكسي النهري يربط مدينة حلوان بمنطقة ماسبيرو في وسط القاهرة، بأربع رحلات في الساعة خلال أوقات الذروة الصباحية والمسائية.",
            "وتستغرق الرحلة نحو خمس وأربعين دقيقة، أي أقل من نصف الوقت الذي يقضيه الركاب على الطريق البري في أيام العمل، بحسب بيان الهيئة.",
            "وقال مسؤول في الهيئة إن المرحلة الأولى تشمل ست محطات على الضفة الشرقية للنيل، على أن تضاف محطات أخرى في الجيزة خلال العام المقبل إذا زاد الإقبال.",
        ],
        "keywords": ["النقل النهري", "القاهرة", "حلوان"],
        "city": "القاهرة",
        "reporter": "منى عبد الحميد",
        "published": "2025-11-20T14:30:00",
        "modified": "2025-11-20T18:10:00",
        "caption": "مركب للتاكسي النهري على كورنيش النيل",
        "image": "2025/11/nile-taxi.jpg",
        "related": ["metro-tickets"],
    },
    {
        "key": "metro-tickets",
        "lang": "ar",
        "path": "/12/تذاكر-إلكترونية-لمترو-الأنفاق-في-محطات-الخط-الثالث",
        "section": "12",
        "headline": "تذاكر إلكترونية لمترو الأنفاق في محطات الخط الثالث",
        "description": "بدأ العمل بالتذاكر الإلكترونية في محطات الخط الثالث لمترو الأنفاق، مع بطاقات مسبقة الدفع تشحن من الهاتف المحمول.",
        "body": [
            "بدأت الشركة المشغلة لمترو الأنفاق العمل بالتذاكر الإلكترونية في محطات الخط الثالث، حيث يمكن للركاب شحن بطاقات مسبقة الدفع من تطبيق على الهاتف المحمول.",
            "وأوضحت الشركة أن البوابات القديمة ستبقى في الخدمة حتى نهاية العام، إلى جانب شبابيك التذاكر الورقية، لإتاحة الوقت لكبار السن للتعود على النظام الجديد.",
        ],
        "keywords": ["مترو الأنفاق", "التذاكر الإلكترونية"],
        "city": "القاهرة",
        "reporter": None,
        "published": "2025-11-19T09:45:00",
        "modified": None,
        "caption": "بوابة دخول إلكترونية في إحدى محطات المترو",
        "image": "2025/11/metro-gates.jpg",
        "related": [],
    },
    {
        "key": "cotton-exports",
        "lang": "ar",
        "path": "/25/101500-صادرات-القطن-المصري-ترتفع-مع-بداية-الموسم-الجديد",
        "section": "25",
        "headline": "صادرات القطن المصري ترتفع مع بداية الموسم الجديد",
        "description": "ارتفعت صادرات القطن المصري في الأسابيع الأولى من الموسم الجديد مدفوعة بطلب من مصانع الغزل في آسيا وأوروبا.",
        "body": [
            "ارتفعت صادرات القطن المصري خلال الأسابيع الأولى من الموسم الجديد بنسبة ملحوظة مقارنة بالفترة نفسها من العام الماضي، مدفوعة بطلب متزايد من مصانع الغزل في آسيا وأوروبا.",
            "وقال مصدرون إن جودة المحصول هذا العام شجعت المشترين على التعاقد مبكرا، في حين ينتظر المزارعون إعلان أسعار الضمان للموسم المقبل.",
        ],
        "keywords": ["القطن", "الصادرات", "الزراعة"],
        "city": "الإسكندرية",
        "reporter": "أحمد سليمان",
        "published": "2025-07-24T10:15:00",
        "modified": None,
        "caption": "عمال في محلج للقطن بمحافظة كفر الشيخ",
        "image": "2025/07/cotton.jpg",
        "related": [],
    },
    {
        "key": "suez-tourism",
        "lang": "ar",
        "path": "/25/موسم-سياحي-نشط-في-مدن-قناة-السويس",
        "section": "25",
        "headline": "موسم سياحي نشط في مدن قناة السويس",
        "description": "تشهد مدن قناة السويس موسما سياحيا نشطا مع عودة الرحلات البحرية وزيادة حجوزات الفنادق في الإسماعيلية وبورسعيد.",
        "body": [
            "تشهد مدن قناة السويس موسما سياحيا نشطا هذا الصيف مع عودة الرحلات البحرية إلى موانئ بورسعيد، وزيادة حجوزات الفنادق في الإسماعيلية والسويس.",
            "وأشار مسؤولون محليون إلى أن المعارض المفتوحة على الممشى السياحي جذبت أعدادا كبيرة من الزوار، وأن خطة لترميم المباني التاريخية في حي الإفرنج ستبدأ الشهر المقبل.",
        ],
        "keywords": ["السياحة", "قناة السويس", "بورسعيد"],
        "city": "الإسماعيلية",
        "reporter": None,
        "published": "2025-07-20T21:05:00",
        "modified": "2025-07-21T08:40:00",
        "caption": "سفينة سياحية في ميناء بورسعيد",
        "image": "2025/07/port-said.jpg",
        "related": ["cotton-exports"],
    },
    {
        "key": "column-water",
        "lang": "ar",
        "path": "/w-501/090000-الماء-قبل-كل-شيء",
        "section": "12",
        "writer": {"id": "501", "name": "سامي الشريف"},
        "headline": "الماء قبل كل شيء",
        "description": "مقال رأي عن ترشيد استهلاك المياه في المدن المصرية ودور المواطن والبلديات.",
        "body": [
            "لم يعد الحديث عن ترشيد المياه ترفا، فكل أسرة في المدن الكبرى تعرف اليوم ساعات الانقطاع وتعرف معها قيمة كل لتر يصل إلى الصنبور.",
            "والحل لا يكون بالحملات وحدها، بل بإصلاح الشبكات القديمة التي تضيع فيها كميات كبيرة قبل أن تصل إلى البيوت، وبعدادات تجعل الاستهلاك مرئيا لصاحبه.",
        ],
        "keywords": ["المياه", "مقالات الرأي"],
        "city": None,
        "reporter": None,
        "published": "2025-11-18T09:00:00",
        "modified": None,
        "caption": "صنبور مياه في حي شعبي",
        "image": "2025/11/water.jpg",
        "related": [],
    },
    {
        "key": "blog-alex",
        "lang": "ar",
        "path": "/b-12/213005-يوميات-من-كورنيش-الإسكندرية",
        "section": "12",
        "writer": {"id": "12", "name": "ليلى منصور"},
        "headline": "يوميات من كورنيش الإسكندرية",
        "description": "تدوينة عن مساء الخريف على كورنيش الإسكندرية وباعة الذرة المشوية والصيادين.",
        "body": [
            "في مساء الخريف يهدأ كورنيش الإسكندرية قليلا، فيبقى الصيادون على الصخور وباعة الذرة المشوية عند المحطات، ويعود البحر إلى أصحابه الأوائل.",
            "أمشي من محطة الرمل إلى قلعة قايتباي كل أسبوع، وأعد المقاهي التي أغلقت والمقاهي التي فتحت، فأعرف منها ما تغير في المدينة أكثر مما تقوله الأرقام.",
        ],
        "keywords": ["الإسكندرية", "تدوينات"],
        "city": None,
        "reporter": None,
        "published": "2025-11-17T21:30:00",
        "modified": None,
        "caption": "الكورنيش عند محطة الرمل",
        "image": "2025/11/corniche.jpg",
        "related": [],
    },
    {
        "key": "joomla-archive",
        "lang": "ar",
        "path": "/39/2012-10-24-19-21-06",
        "section": "12",
        "headline": "افتتاح مكتبة عامة جديدة في حي شبرا",
        "description": "افتتحت في حي شبرا مكتبة عامة جديدة تضم قاعة للأطفال وأخرى للمطالعة.",
        "body": [
            "افتتحت في حي شبرا بالقاهرة مكتبة عامة جديدة تضم قاعة للأطفال وقاعة للمطالعة وأكثر من عشرين ألف كتاب، وتفتح أبوابها يوميا حتى التاسعة مساء.",
            "وقالت إدارة المكتبة إن برنامجها الأول يشمل ورشا للقراءة والكتابة لطلاب المدارس في عطلة نهاية الأسبوع.",
        ],
        "keywords": ["المكتبات", "شبرا"],
        "city": "القاهرة",
        "reporter": None,
        "published": None,
        "modified": None,
        "caption": "قاعة المطالعة في المكتبة الجديدة",
        "image": "2012/10/library.jpg",
        "related": [],
    },
    {
        "key": "en-metro",
        "lang": "en",
        "path": "/en/7/cairo-metro-line-three-gets-electronic-tickets",
        "section": "7",
        "headline": "Cairo metro line three gets electronic tickets",
        "description": "Electronic tickets are now accepted at the stations of Cairo's third metro line, with prepaid cards topped up from a phone.",
        "body": [
            "Passengers on the third line of the Cairo metro can now pay with prepaid electronic cards, topped up from a phone application, the operating company said on Thursday.",
            "The old gates and paper tickets will stay in service until the end of the year, so that older passengers have time to get used to the new system.",
        ],
        "keywords": ["Cairo metro", "transport"],
        "city": "Cairo",
        "reporter": None,
        "published": "2025-11-20T11:43:00",
        "modified": "2025-11-21T09:12:00",
        "caption": "An electronic gate at a metro station",
        "image": "2025/11/en-metro.jpg",
        "related": ["en-cotton"],
    },
    {
        "key": "en-cotton",
        "lang": "en",
        "path": "/en/7/101500-egyptian-cotton-exports-rise-as-the-season-opens",
        "section": "7",
        "headline": "Egyptian cotton exports rise as the season opens",
        "description": "Exports of Egyptian cotton rose in the first weeks of the season on demand from spinning mills in Asia and Europe.",
        "body": [
            "Exports of Egyptian cotton rose in the first weeks of the new season compared with the same period last year, driven by demand from spinning mills in Asia and Europe.",
            "Exporters said the quality of this year's crop encouraged buyers to sign contracts early, while farmers wait for the guaranteed prices of the next season.",
        ],
        "keywords": ["cotton", "exports"],
        "city": "Alexandria",
        "reporter": "Ahmed Soliman",
        "published": "2025-07-24T10:15:00",
        "modified": None,
        "caption": "Workers at a cotton gin",
        "image": "2025/07/en-cotton.jpg",
        "related": [],
    },
    {
        "key": "en-museum",
        "lang": "en",
        "path": "/en/7/grand-museum-welcomes-a-record-number-of-visitors",
        "section": "7",
        "headline": "Grand museum welcomes a record number of visitors",
        "description": "The museum near the Giza pyramids welcomed a record number of visitors in its first month of full opening.",
        "body": [
            "The museum near the Giza pyramids welcomed a record number of visitors in its first month of full opening, most of them on weekends and school holidays.",
            "Its director said timed entry tickets would be introduced for the main galleries next month to keep the halls from getting too crowded.",
        ],
        "keywords": ["museums", "tourism", "Giza"],
        "city": "Giza",
        "reporter": None,
        "published": "2025-11-16T18:20:00",
        "modified": None,
        "caption": "Visitors in the grand staircase hall",
        "image": "2025/11/en-museum.jpg",
        "related": [],
    },
]


def _local(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def ar_date_line(when: datetime) -> str:
    """The Arabic pages' date line in Cairo local time [recon, after the real header clock]:
    ``توقيت القاهرة المحلي 14:30 2025 الخميس ,20 تشرين الثاني / نوفمبر``."""
    months = f"{LEVANTINE[when.month - 1]} / {GREGORIAN[when.month - 1]}"
    return (
        f"توقيت القاهرة المحلي {when:%H:%M} {when.year} {WEEKDAYS[when.weekday()]} ,"
        f"{when.day:02d} {months}"
    )


def en_date_line(when: datetime) -> str:
    """The English edition's date line [real form]: ``GMT 11:43 2025 Thursday ,20 November``."""
    return (
        f"GMT {when:%H:%M} {when.year} {EN_WEEKDAYS[when.weekday()]} ,{when.day:02d} "
        f"{EN_MONTHS[when.month - 1]}"
    )


@dataclass
class Page:
    """One article of the sister site."""

    data: dict[str, Any]
    index: int

    @property
    def english(self) -> bool:
        return bool(self.data["lang"] == "en")

    @property
    def path(self) -> str:
        return str(self.data["path"])

    @property
    def article_id(self) -> str:
        return self.path[1:]

    @property
    def published(self) -> datetime | None:
        return _local(self.data["published"])

    @property
    def modified(self) -> datetime | None:
        return _local(self.data["modified"])

    def utc(self, when: datetime) -> datetime:
        """A page clock's time in UTC: Arabic pages write Cairo time, English ones GMT."""
        zone = timezone.utc if self.english else CAIRO
        return when.replace(tzinfo=zone).astimezone(timezone.utc)

    def date_line(self, when: datetime) -> str:
        return en_date_line(when) if self.english else ar_date_line(when)

    def update_line(self, when: datetime) -> str:
        if self.english:
            return f"Last Updated : {en_date_line(when)}"
        return f"آخر تحديث {ar_date_line(when)}"

    @property
    def file(self) -> str:
        return "articles/" + self.article_id.replace("/", "_") + ".html"

    def href(self, variant: int) -> str:
        """The link in one of the forms the group's pages use."""
        form = variant % 4
        if form == 0:
            return f"http://{LIVE}{self.path}"
        if form == 1:
            return f"https://{LIVE}{quote(self.path)}"
        if form == 2:
            return self.path
        return quote(self.path)

    def image(self, size: str = "large") -> str:
        year_month, name = self.data["image"].rsplit("/", 1)
        return f"http://img.egypt-today.com/{year_month}/{size}/{name}"

    def dateline(self) -> str:
        writer = self.data.get("writer")
        if writer:
            return f"بقلم : {writer['name']}"
        staff = "Egypt Today" if self.english else PUBLISHER
        return f"{self.data['city']} - {self.data['reporter'] or staff}"


class SisterSite:
    """Every page of the egypt-today.com snapshot."""

    def __init__(self, articles: list[dict[str, Any]] | None = None) -> None:
        self.articles = [
            Page(a, i) for i, a in enumerate(ARTICLES if articles is None else articles)
        ]
        self.by_key = {p.data["key"]: p for p in self.articles}
        self.sections = SECTIONS

    def dated(self, lang: str) -> list[Page]:
        """The pages of one edition with a date of their own, newest first."""
        pages = [p for p in self.articles if p.data["lang"] == lang and p.published]
        return sorted(pages, key=lambda p: p.utc(p.published or datetime.min), reverse=True)

    @staticmethod
    def section_path(section: dict[str, str]) -> str:
        prefix = "/en" if section["lang"] == "en" else ""
        return f"{prefix}/{section['id']}-{section['slug']}"

    # ---- shared parts ----------------------------------------------------------------------
    def head(self, title: str, lang: str, extra: str = "") -> str:
        code = "en-gb" if lang == "en" else "ar-aa"
        return (
            f'<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="{code}" lang="{code}">\n'
            "<head>\n"
            '<meta http-equiv="content-type" content="text/html; charset=utf-8" />\n'
            f"<!-- {NOTICE} (egypt-today.com) -->\n"
            f"<title>{e(title)}</title>\n{extra}"
            '<link rel="stylesheet" href="http://stat.egypt-today.com/css/egypttoday-main.css" type="text/css" />\n'
            "</head>\n<body>\n"
        )

    def header(self, lang: str) -> str:
        nav = "\n".join(
            f'<li><a href="http://{LIVE}{e(quote(self.section_path(s)))}">{e(s["name"])}</a></li>'
            for s in self.sections
            if s["lang"] == lang
        )
        clock = EN_HEADER_CLOCK if lang == "en" else HEADER_CLOCK
        other = (
            f'<li><a href="http://{LIVE}/">العربية</a></li>'
            if lang == "en"
            else f'<li><a href="http://{LIVE}/en/">English</a></li>'
        )
        return (
            f'<div class="snapshot-notice" lang="en">{e(NOTICE)}</div>\n'
            f'<div class="readmoregmttimeband">{clock}</div>\n'
            f'<div id="logo"><a href="http://{LIVE}/"><img src="http://stat.egypt-today.com/images/logo.png" alt="{PUBLISHER}" /></a></div>\n'
            f'<ul class="menu">\n<li><a href="http://{LIVE}/">الرئيسية</a></li>\n{nav}\n{other}\n</ul>\n'
        )

    def footer(self) -> str:
        return (
            '<div class="footer">\n'
            '<p class="copyright">egypttoday<br />جميع الحقوق محفوظة 2025 ©</p>\n'
            '<div class="vcard"><span class="locality">CAIRO</span> <span class="country-name">EGYPT</span></div>\n'
            f'<p class="snapshot-notice">{e(NOTICE_AR)}</p>\n'
            '<a href="https://twitter.com/egypttoday">twitter</a> <a href="mailto:info@egypt-today.com">اتصل بنا</a>\n'
            "</div>\n</body>\n</html>\n"
        )

    # ---- pages ---------------------------------------------------------------------------------
    def article_page(self, page: Page) -> str:
        data = page.data
        english = page.english
        lang = "en" if english else "ar"
        label = "Egypt Today" if english else PUBLISHER
        section = next(s for s in self.sections if s["id"] == data["section"])
        live_url = f"https://{LIVE}{quote(page.path)}"
        extra = (
            f'<meta name="description" content="{e(data["description"])}" />\n'
            f'<meta name="keywords" content="{e(",".join(data["keywords"]))}" />\n'
            f'<link rel="canonical" href="{live_url}" />\n<meta property="og:url" content="{live_url}" />\n'
            f'<meta property="og:title" content="{e(data["headline"])}" />\n<meta property="og:type" content="article" />\n'
            f'<meta property="og:description" content="{e(data["description"])}" />\n'
            f'<meta property="og:image" content="{page.image("exlarge")}" />\n'
            '<meta property="og:site_name" content="Egypttoday" />\n'
            f'<meta property="og:article:section" content="{e(section["name"])}" />\n'
        )
        parts = [self.head(f"{data['headline']} | {label}", lang, extra), self.header(lang)]
        parts.append(f'<div class="newsarticle">\n<div class="sitelabel">{e(label)} -</div>\n')
        parts.append(
            f'<h2 class="page-title"><a href="http://{LIVE}{e(quote(self.section_path(section)))}">{e(section["name"])}</a></h2>\n'
        )
        parts.append(f'<h1 class="newstitle">{e(data["headline"])}</h1>\n')
        if page.published:
            parts.append(f'<div class="newsdate">{page.date_line(page.published)}</div>\n')
        if page.modified:
            parts.append(f'<div class="newsdate">{page.update_line(page.modified)}</div>\n')
        parts.append(
            f'<div class=\'image_container\'><img src="{page.image()}" alt="{e(label)} - {e(data["headline"])}" />'
            f"<h3 class='caption'>{e(data['caption'])}</h3></div>\n"
        )
        parts.append(f'<div id="balmon">\n<h4 class="coring">{e(page.dateline())}</h4>\n')
        for position, text in enumerate(data["body"]):
            parts.append(_paragraph(text, page.index, position) + "\n")
        related = [self.by_key[k] for k in data["related"]]
        if related:
            heading = "Read also :" if english else "قد يهمك ايضا :"
            links = "\n".join(
                f'<li><a href="{e(r.href(page.index + i))}">{e(r.data["headline"])}</a></li>'
                for i, r in enumerate(related)
            )
            parts.append(
                f'<h3 class="alsointerest">{heading}</h3>\n<ul class="alsointerestlist">\n{links}\n</ul>\n'
            )
        parts.append("</div>\n")
        parts.append(
            '<div class="tagsbox"><a href="https://twitter.com/egypttoday">egypttoday</a></div>\n'
        )
        parts.append(COMMENT_FORM)
        parts.append("</div>\n")
        neighbours = [p for p in self.dated(lang) if p is not page][:3]
        entries = "\n".join(
            f'<div class="sideitem" id="ninezero"><div class="sidedate">{p.date_line(p.published)}</div>\n'
            f'<h3><a href="{e(p.href(p.index + 3))}">{e(p.data["headline"])}</a></h3></div>'
            for p in neighbours
            if p.published
        )
        parts.append(f'<div class="sidebar">\n{entries}\n</div>\n')
        parts.append(self.footer())
        return "".join(parts)

    def home_page(self, lang: str) -> str:
        pages = self.dated(lang)
        items = []
        for i, p in enumerate(pages):
            items.append(
                f'<li><h2 class="housemaintitle"><a href="{e(p.href(i))}">{e(p.data["headline"])}</a></h2>\n'
                f'<div class=\'introtext\' id="ninezero"><h4 class="coring"> {e(p.dateline())}</h4>\n'
                f"{e(p.data['body'][0][:120])}...</div></li>"
            )
        sections = "\n".join(
            f'<div class="newsbox"><h2><a href="http://{LIVE}{e(quote(self.section_path(s)))}/">{e(s["name"])}</a></h2></div>'
            for s in self.sections
            if s["lang"] == lang
        )
        if lang == "ar":
            # the same articles under the mirror subdomains, an AMP copy, and the Joomla-era
            # alias, which no listing dates [real forms: SITE.md]
            nile, metro, cotton, old = (
                self.by_key[k]
                for k in ("nile-taxi", "metro-tickets", "cotton-exports", "joomla-archive")
            )
            group = (
                '<div class="moduletable groupsites">\n'
                f'<a href="http://android.egypt-today.com{quote(nile.path)}">{e(nile.data["headline"])}</a>\n'
                f'<a href="https://mail.egypt-today.com{cotton.path}">{e(cotton.data["headline"])}</a>\n'
                f'<a href="https://{LIVE}/amp{quote(metro.path)}">{e(metro.data["headline"])} (AMP)</a>\n'
                f'<a href="http://{LIVE}{old.path}">{e(old.data["headline"])}</a>\n'
                f'<a href="http://{LIVE}/2013-09-13-14-42-41">مقالات الرأي</a>\n'
                "</div>\n"
            )
        else:
            en = self.by_key["en-museum"]
            group = (
                '<div class="moduletable groupsites">\n'
                f'<a href="http://autodiscover.egypt-today.com{en.path}">{e(en.data["headline"])}</a>\n'
                "</div>\n"
            )
        title = "Egypt Today | News from Egypt" if lang == "en" else "مصر اليوم | أخبار مصر والعالم"
        return (
            self.head(
                title,
                lang,
                f'<link rel="canonical" href="http://{LIVE}/{"en/" if lang == "en" else ""}" />\n',
            )
            + self.header(lang)
            + '<section class="slider"><ul class="slides">\n'
            + "\n".join(items)
            + "\n</ul></section>\n"
            + sections
            + "\n"
            + group
            + self.footer()
        )

    def section_page(self, section: dict[str, str]) -> str:
        lang = section["lang"]
        pages = [
            p
            for p in self.dated(lang)
            if p.data["section"] == section["id"] and not p.data.get("writer")
        ]
        items = "\n".join(
            f'<div class="sectionitem" id="ninezero">\n'
            f'<h3 class="housemaintitle"><a href="{e(p.href(p.index + 1))}">{e(p.data["headline"])}</a></h3>\n'
            f'<div class="sectiondate">{p.date_line(p.published)}</div>\n'
            + (
                f'<div class="sectiondate">{p.update_line(p.modified)}</div>\n'
                if p.modified
                else ""
            )
            + f'<p class="sectionteaser">{e(p.data["description"])}</p>\n</div>'
            for p in pages
            if p.published
        )
        return (
            self.head(section["name"], lang)
            + self.header(lang)
            + f'<h2 class="page-title">{e(section["name"])}</h2>\n<div class="sectionlist">\n{items}\n</div>\n'
            + self.footer()
        )

    def opinions_page(self) -> str:
        """The opinion section's own alias ``/2013-09-13-14-42-41``: a listing of the column and
        the blog post."""
        pages = [p for p in self.articles if p.data.get("writer")]
        items = "\n".join(
            f'<div class="sectionitem" id="ninezero"><h3 class="housemaintitle"><a href="{e(p.href(2))}">{e(p.data["headline"])}</a></h3>\n'
            f'<div class="sectiondate">{p.date_line(p.published)}</div></div>'
            for p in pages
            if p.published
        )
        return (
            self.head("مقالات الرأي", "ar")
            + self.header("ar")
            + f'<h2 class="page-title">مقالات الرأي</h2>\n<div class="sectionlist">\n{items}\n</div>\n'
            + self.footer()
        )

    def rss(self) -> str:
        items = "\n".join(
            "<item>\n"
            f"<title>{e(p.data['headline'])}</title>\n"
            f"<link>https://{LIVE}{quote(p.path)}</link>\n"
            f"<pubDate>{format_datetime(p.utc(p.published), usegmt=True)}</pubDate>\n"
            "</item>"
            for p in self.dated("ar")
            if p.published
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            f"<!-- {NOTICE} (egypt-today.com) -->\n"
            f'<rss version="2.0"><channel>\n<title>{PUBLISHER}</title>\n'
            f"<link>https://{LIVE}/</link>\n<language>ar</language>\n{items}\n</channel></rss>\n"
        )

    def pages(self) -> Iterable[tuple[str, str, str, str]]:
        """``(url path, file, content type, text)`` of every page."""
        html_type = "text/html; charset=utf-8"
        yield "/", "home.html", html_type, self.home_page("ar")
        yield "/en/", "home-en.html", html_type, self.home_page("en")
        yield "/rss", "rss.xml", "application/rss+xml; charset=utf-8", self.rss()
        yield "/robots.txt", "robots.txt", "text/plain; charset=utf-8", ROBOTS
        yield "/2013-09-13-14-42-41", "sections/opinions.html", html_type, self.opinions_page()
        for section in self.sections:
            yield (
                self.section_path(section),
                f"sections/{section['lang']}-{section['id']}.html",
                html_type,
                self.section_page(section),
            )
        for page in self.articles:
            yield page.path, page.file, html_type, self.article_page(page)


ROBOTS = """# newscrawl snapshot of egypt-today.com (a reconstruction)
User-agent: *
Disallow: /search
"""


def build(out: Path = ROOT, site: SisterSite | None = None) -> dict[str, dict[str, str]]:
    """Write every page of the sister site (or of ``site``, a variant of it) under ``out`` with
    its ``routes.json``."""
    routes: dict[str, dict[str, str]] = {}
    for path, file, content_type, text in (site or SisterSite()).pages():
        target = out / file
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        routes[path] = {"file": file, "type": content_type}
    (out / "routes.json").write_text(
        json.dumps(routes, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    return routes
