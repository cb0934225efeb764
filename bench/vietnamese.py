"""Plausible Vietnamese prose for synthetic thi đua sites, from word lists.

Everything is drawn from a `random.Random` handed in by the caller, so the same
seed always gives the same text. Words are counted as whitespace-separated
syllables, the way Vietnamese word counts are usually given.
"""

from __future__ import annotations

import random
import re
import unicodedata

PROVINCES = [
    "Lâm Đồng", "Đắk Lắk", "Cần Thơ", "Hậu Giang", "Sóc Trăng", "Phú Yên", "Đắk Nông",
    "Bình Thuận", "Khánh Hòa", "Ninh Thuận", "Gia Lai", "Kon Tum", "Quảng Nam", "Quảng Ngãi",
    "Bình Định", "Thừa Thiên Huế", "Quảng Trị", "Quảng Bình", "Hà Tĩnh", "Nghệ An",
    "Thanh Hóa", "Ninh Bình", "Nam Định", "Thái Bình", "Hà Nam", "Hưng Yên", "Hải Dương",
    "Hải Phòng", "Quảng Ninh", "Bắc Giang", "Bắc Ninh", "Lạng Sơn", "Cao Bằng", "Hà Giang",
    "Tuyên Quang", "Yên Bái", "Lào Cai", "Lai Châu", "Điện Biên", "Sơn La", "Hòa Bình",
    "Phú Thọ", "Vĩnh Phúc", "Thái Nguyên", "Bắc Kạn", "Đồng Nai", "Bình Dương", "Bình Phước",
    "Tây Ninh", "Long An", "Tiền Giang", "Bến Tre", "Vĩnh Long", "Trà Vinh", "Đồng Tháp",
    "An Giang", "Kiên Giang", "Bạc Liêu", "Cà Mau", "Bà Rịa – Vũng Tàu", "Đà Nẵng",
    "Hà Nội", "Thành phố Hồ Chí Minh",
]

# (name pattern, short name pattern, kind); {p} is the province name.
ORGANIZATION_PATTERNS = [
    ("Tỉnh ủy {p}", "Tỉnh ủy", "party-body"),
    ("Ủy ban nhân dân tỉnh {p}", "UBND tỉnh", "government"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh {p}", "Ủy ban MTTQ tỉnh", "mass-organization"),
    ("Ban Thi đua – Khen thưởng tỉnh {p}", "Ban TĐKT tỉnh", "government"),
    ("Văn phòng Tỉnh ủy {p}", "Văn phòng Tỉnh ủy", "party-body"),
    ("Ban Tổ chức Tỉnh ủy {p}", "Ban Tổ chức", "party-body"),
    ("Ban Tuyên giáo Tỉnh ủy {p}", "Ban Tuyên giáo", "party-body"),
    ("Ban Nội chính Tỉnh ủy {p}", "Ban Nội chính", "party-body"),
    ("Sở Tài chính tỉnh {p}", "Sở Tài chính", "government"),
    ("Sở Kế hoạch và Đầu tư tỉnh {p}", "Sở KH&ĐT", "government"),
    ("Sở Giáo dục và Đào tạo tỉnh {p}", "Sở GD&ĐT", "government"),
    ("Sở Y tế tỉnh {p}", "Sở Y tế", "government"),
    ("Sở Nội vụ tỉnh {p}", "Sở Nội vụ", "government"),
    ("Sở Xây dựng tỉnh {p}", "Sở Xây dựng", "government"),
    ("Sở Giao thông vận tải tỉnh {p}", "Sở GTVT", "government"),
    ("Sở Nông nghiệp và Phát triển nông thôn tỉnh {p}", "Sở NN&PTNT", "government"),
    ("Sở Tài nguyên và Môi trường tỉnh {p}", "Sở TN&MT", "government"),
    ("Sở Văn hóa, Thể thao và Du lịch tỉnh {p}", "Sở VHTTDL", "government"),
    ("Sở Công Thương tỉnh {p}", "Sở Công Thương", "government"),
    ("Sở Thông tin và Truyền thông tỉnh {p}", "Sở TT&TT", "government"),
    ("Sở Lao động – Thương binh và Xã hội tỉnh {p}", "Sở LĐTBXH", "government"),
    ("Sở Khoa học và Công nghệ tỉnh {p}", "Sở KH&CN", "government"),
    ("Sở Tư pháp tỉnh {p}", "Sở Tư pháp", "government"),
    ("Liên đoàn Lao động tỉnh {p}", "LĐLĐ tỉnh", "mass-organization"),
    ("Tỉnh đoàn {p}", "Tỉnh đoàn", "mass-organization"),
    ("Hội Liên hiệp Phụ nữ tỉnh {p}", "Hội LHPN tỉnh", "mass-organization"),
    ("Hội Nông dân tỉnh {p}", "Hội Nông dân tỉnh", "mass-organization"),
    ("Hội Cựu chiến binh tỉnh {p}", "Hội CCB tỉnh", "mass-organization"),
    ("Thành phố trực thuộc tỉnh {p}", "Thành phố", "locality"),
    ("Thị xã thuộc tỉnh {p}", "Thị xã", "locality"),
    ("Huyện miền núi tỉnh {p}", "Huyện miền núi", "locality"),
    ("Huyện đồng bằng tỉnh {p}", "Huyện đồng bằng", "locality"),
    ("Công ty Điện lực {p}", "Điện lực {p}", "enterprise"),
    ("Công ty Cấp thoát nước {p}", "Cấp thoát nước", "enterprise"),
    ("Quỹ Bảo vệ và Phát triển rừng tỉnh {p}", "Quỹ BV&PTR", "other"),
    ("Trường Chính trị tỉnh {p}", "Trường Chính trị", "other"),
]

MOVEMENTS = [
    ("ca-nuoc-chung-suc-xay-dung-nong-thon-moi", "Cả nước chung sức xây dựng nông thôn mới",
     2021, 2025),
    ("ca-nuoc-chung-tay-vi-nguoi-ngheo",
     "Cả nước chung tay vì người nghèo – Không để ai bị bỏ lại phía sau", 2016, 2025),
    ("cbccvc-thi-dua-thuc-hien-van-hoa-cong-so",
     "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở", 2019, 2025),
    ("doanh-nghiep-viet-nam-hoi-nhap-va-phat-trien", "Doanh nghiệp Việt Nam hội nhập và phát triển",
     2016, None),
    ("hoc-tap-va-lam-theo-hcm", "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
     2016, None),
    ("chuyen-doi-so-den-2025", "Chuyển đổi số trong cơ quan nhà nước đến năm 2025", 2021, 2025),
]

SUBJECTS = [
    "Ban Thường vụ Tỉnh ủy", "Ủy ban nhân dân tỉnh", "các cơ quan, đơn vị trong khối",
    "cán bộ, công chức, viên chức và người lao động", "các cụm, khối thi đua của tỉnh",
    "Mặt trận Tổ quốc và các đoàn thể chính trị – xã hội", "Hội đồng Thi đua – Khen thưởng tỉnh",
    "các địa phương trong cụm", "đồng chí Phó Chủ tịch UBND tỉnh", "Ban Thi đua – Khen thưởng tỉnh",
    "lãnh đạo các sở, ban, ngành", "đoàn viên, hội viên", "các doanh nghiệp trên địa bàn",
    "cấp ủy, chính quyền các cấp", "khối trưởng và khối phó", "các tổ chức cơ sở đảng",
    "lực lượng vũ trang tỉnh", "đội ngũ giáo viên và học sinh", "người dân ở các xã vùng sâu",
]

ADVERBS = [
    "đã", "tiếp tục", "tích cực", "khẩn trương", "chủ động", "kịp thời", "thường xuyên",
    "đồng loạt", "quyết liệt", "nghiêm túc", "sáng tạo", "bền bỉ",
]

VERBS = [
    "triển khai", "phát động", "hưởng ứng", "quán triệt", "tổ chức", "sơ kết", "đánh giá",
    "biểu dương", "nhân rộng", "đẩy mạnh", "cụ thể hóa", "lồng ghép", "theo dõi", "đôn đốc",
    "tuyên truyền", "thực hiện", "rà soát", "hoàn thành", "khen thưởng", "ký kết",
]

OBJECTS = [
    "phong trào thi đua yêu nước", "kế hoạch phát triển kinh tế – xã hội",
    "các chỉ tiêu của nghị quyết đại hội", "nội dung giao ước thi đua", "bảng điểm thi đua",
    "công tác cải cách hành chính", "chương trình chuyển đổi số", "mô hình dân vận khéo",
    "việc xây dựng nông thôn mới nâng cao", "các công trình, phần việc chào mừng đại hội",
    "công tác phát hiện điển hình tiên tiến", "những tập thể, cá nhân tiêu biểu",
    "nhiệm vụ chính trị của từng đơn vị", "đề án sắp xếp tổ chức bộ máy",
    "kế hoạch trồng cây xanh", "chương trình xóa nhà tạm, nhà dột nát",
    "công tác bảo đảm an sinh xã hội", "nội dung học tập và làm theo Bác",
]

COMPLEMENTS = [
    "trên địa bàn tỉnh", "trong toàn khối",
    "gắn với việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "nhằm hoàn thành thắng lợi các chỉ tiêu năm", "một cách thiết thực, hiệu quả",
    "với nhiều cách làm mới, sáng tạo", "hướng về cơ sở", "theo đúng tiến độ đề ra",
    "bảo đảm tiết kiệm, an toàn", "trong những tháng cuối năm", "từ tỉnh đến cơ sở",
    "chào mừng đại hội Đảng các cấp", "góp phần giữ vững ổn định chính trị",
    "để tạo khí thế thi đua sôi nổi", "với sự tham gia của hàng trăm đại biểu",
]

OPENERS = [
    "Bên cạnh đó,", "Theo kế hoạch,", "Phát biểu tại buổi lễ,", "Trong năm,", "Qua đó,",
    "Cũng tại hội nghị,", "Ngay sau lễ phát động,", "Đến nay,", "Cùng với đó,",
    "Theo báo cáo,", "Trong thời gian tới,", "Nhìn lại chặng đường đã qua,",
]

HEADINGS = [
    "Kết quả nổi bật", "Những cách làm hay", "Nhiệm vụ trong thời gian tới", "Khó khăn, vướng mắc",
    "Nội dung thi đua", "Phần việc cụ thể", "Lan tỏa điển hình tiên tiến", "Khen thưởng kịp thời",
    "Chỉ tiêu và giải pháp", "Ý kiến của các đơn vị", "Bài học kinh nghiệm", "Hướng về cơ sở",
]

TAGS = [
    "thi đua", "khen thưởng", "giao ước", "sơ kết", "tổng kết", "phát động", "cao điểm",
    "đại hội Đảng", "nông thôn mới", "chuyển đổi số", "cải cách hành chính", "an sinh xã hội",
]

EVENTS = [
    "đại hội Đảng bộ tỉnh", "kỷ niệm ngày thành lập tỉnh", "Đại hội đại biểu toàn quốc của Đảng",
    "ngày Quốc khánh 2/9", "ngày Giải phóng miền Nam 30/4", "Tết Nguyên đán", "năm mới",
    "kỷ niệm ngày Bác Hồ ra Lời kêu gọi thi đua ái quốc", "Đại hội Thi đua yêu nước",
]

CAMPAIGN_KINDS = {"peak": "cao điểm", "special": "đặc biệt", "regular": "thường xuyên",
                  "thematic": "chuyên đề"}

ANNOUNCEMENT_TITLES = {
    "launch": "{who} phát động đợt thi đua {what}",
    "signing": "{who} ký kết giao ước thi đua năm {year}",
    "review": "{who} sơ kết đợt thi đua {what}",
    "award": "Khen thưởng tập thể, cá nhân tiêu biểu trong đợt thi đua {what}",
    "plan": "Kế hoạch tổ chức đợt thi đua {what} của {who}",
    "news": "{who} đẩy mạnh thi đua {what}",
}


def slugify(text: str) -> str:
    """ASCII id of a Vietnamese text: `Phát động đợt 1` -> `phat-dong-dot-1`."""
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = "".join(c for c in unicodedata.normalize("NFKD", text)
                         if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def capitalize(text: str) -> str:
    """Upper-case the first letter only (keeps proper names as written)."""
    return text[:1].upper() + text[1:]


class Prose:
    """Sentences, paragraphs, lists and headings drawn from the word lists."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def sentence(self) -> str:
        """One sentence of 12 to 30 syllables."""
        pick = self.rng.choice
        parts = [pick(SUBJECTS), pick(ADVERBS), pick(VERBS), pick(OBJECTS), pick(COMPLEMENTS)]
        if self.rng.random() < 0.4:
            parts.insert(0, pick(OPENERS))
        if self.rng.random() < 0.3:
            parts.append(f"với {self.rng.randint(3, 120)} tập thể và {self.rng.randint(5, 400)} cá nhân")
        return capitalize(" ".join(parts)) + "."

    def paragraph(self, words: int) -> str:
        """Sentences until about `words` syllables (stops near, not past, the target)."""
        sentences, count = [], 0
        while count < words - 10:
            sentence = self.sentence()
            sentences.append(sentence)
            count += len(sentence.split())
        return " ".join(sentences)

    def bullets(self, items: int) -> str:
        """A Markdown bullet list of short clauses."""
        pick = self.rng.choice
        return "\n".join(f"- {capitalize(pick(VERBS))} {pick(OBJECTS)} {pick(COMPLEMENTS)};"
                         for _ in range(items))

    def heading(self) -> str:
        return self.rng.choice(HEADINGS)

    def summary(self) -> str:
        """One sentence for front matter and lists."""
        return self.sentence()

    def article(self, image: str, caption: str, words: int = 700) -> str:
        """A Markdown body of about `words` syllables: lead, image, three `##` sections, a list."""
        section_words = (words - 60 - 60 - 25) // 6  # lead, list, headings and image
        sections = [self.paragraph(60), f"![{caption}]({image})"]
        list_section = self.rng.randrange(3)
        for index, heading in enumerate(self.rng.sample(HEADINGS, 3)):
            sections.append(f"## {heading}")
            sections.append(self.paragraph(section_words))
            if index == list_section:
                sections.append(self.bullets(4))
            sections.append(self.paragraph(section_words))
        return "\n\n".join(sections) + "\n"
