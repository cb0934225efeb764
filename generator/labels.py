"""Interface strings of our own templates, in the site's language.

Material translates its own strings (search, navigation); these are the words
our templates add. `language: en` in site.yml switches both.
"""

from __future__ import annotations

__all__ = ["labels_for"]

VI = {
    "home": "Trang chủ", "campaigns": "Đợt thi đua", "timeline": "Lịch trình", "blocs": "Khối, cụm thi đua",
    "news": "Tin tức", "movements": "Phong trào", "organizations": "Đơn vị", "provinces": "Tỉnh, thành",
    "running": "Đang diễn ra", "upcoming": "Sắp diễn ra", "finished": "Đã kết thúc",
    "done": "Đã xong", "current": "Đang diễn ra", "phase_upcoming": "Sắp tới",
    "status_prefix": "Trạng thái", "today": "Hôm nay", "period": "Thời gian", "issuer": "Cơ quan phát động",
    "plan": "Văn bản kế hoạch", "issued": "ban hành ngày", "launched": "Lễ phát động",
    "slogan": "Khẩu hiệu", "theme": "Chủ đề", "phases": "Các đợt", "focus": "Trọng tâm",
    "milestones": "Mốc sự kiện", "objectives": "Mục đích, yêu cầu", "contents": "Nội dung thi đua",
    "participants": "Đối tượng tham gia", "reviews": "Sơ kết, tổng kết", "rewards": "Khen thưởng",
    "responds_to": "Hưởng ứng", "responses": "Các đợt thi đua hưởng ứng", "related_news": "Tin liên quan",
    "latest_news": "Tin mới", "all_news": "Tất cả tin tức", "upcoming_events": "Sự kiện sắp tới",
    "running_campaigns": "Các đợt thi đua đang diễn ra", "no_running": "Hiện không có đợt thi đua nào đang diễn ra.",
    "no_news": "Chưa có tin.", "no_events": "Chưa có sự kiện sắp tới.", "progress": "đã qua", "author": "Tác giả",
    "source": "Nguồn", "campaign": "Đợt thi đua", "phase": "Giai đoạn", "bloc_list": "Khối, cụm thi đua",
    "organization_list": "Đơn vị", "movement_list": "Phong trào", "tags": "Từ khóa",
    "archive": "Lưu trữ theo năm", "page_n": "Trang {n}", "newer": "Mới hơn", "older": "Cũ hơn",
    "year_news": "Tin tức năm {year}", "month_n": "Tháng {n}", "news_count": "{n} tin.",
    "members": "Thành viên", "terms": "Khối trưởng, khối phó theo năm",
    "year": "Năm", "leader": "Trưởng khối/cụm", "deputy": "Phó khối/cụm", "covenant": "Giao ước thi đua",
    "place": "Địa điểm", "commitments": "Nội dung cam kết", "awards": "Khen thưởng", "decision": "Quyết định",
    "recipient": "Đơn vị nhận", "category": "Loại", "scoring": "Bảng điểm thi đua", "criterion": "Tiêu chí",
    "points": "Điểm", "launched_by": "Cơ quan phát động", "until": "Hoạt động đến",
    "successor": "Đơn vị kế thừa", "predecessors": "Hợp nhất từ", "kind": "Loại hình",
    "campaigns_issued": "Đợt thi đua đã phát động", "campaigns_joined": "Đợt thi đua tham gia",
    "leader_years": "Năm làm trưởng khối/cụm", "deputy_years": "Năm làm phó khối/cụm",
    "interim": "Sơ kết", "final": "Tổng kết", "planned": "Dự kiến", "held": "Đã tổ chức",
    "cancelled": "Đã hủy", "not_found": "Không tìm thấy trang", "not_found_text": "Trang bạn tìm không có hoặc đã được chuyển đi.",
    "back_home": "Về trang chủ", "draft": "Bản nháp", "future": "Chưa đến ngày đăng",
    "timeline_text": "Các đợt theo thứ tự thời gian", "subscribe": "Theo dõi qua RSS",
    "subscribe_page": "Theo dõi", "feeds": "Nguồn tin RSS và Atom", "calendars": "Lịch (iCalendar)",
    "opml": "Tệp OPML của tất cả nguồn tin", "subscribe_intro": "Dán địa chỉ một nguồn tin vào trình đọc tin (Feedly, Thunderbird, Inoreader ...) hoặc địa chỉ một lịch vào Google Calendar, Outlook để nhận tin và các mốc thi đua mới.", "signed_on": "Ngày ký", "search": "Tìm kiếm",
    "skip": "Bỏ qua, đến nội dung chính",
    "this_year_leader": "Trưởng khối/cụm năm {year}", "aliases": "Tên gọi khác", "number": "Số",
    "bloc": "Khối thi đua", "cluster": "Cụm thi đua",
    "kind_peak": "Cao điểm", "kind_special": "Đặc biệt", "kind_regular": "Thường xuyên",
    "kind_thematic": "Chuyên đề", "news_kind_launch": "Phát động", "news_kind_signing": "Ký kết",
    "news_kind_review": "Sơ kết, tổng kết", "news_kind_award": "Khen thưởng", "news_kind_plan": "Kế hoạch",
    "news_kind_news": "Tin tức", "province": "Tỉnh", "all_campaigns": "Tất cả đợt thi đua",
    "title_category_title": "Danh hiệu thi đua", "title_category_commendation": "Hình thức khen thưởng",
}

EN = {
    **{key: key.replace("_", " ").capitalize() for key in VI},
    "home": "Home", "campaigns": "Campaigns", "timeline": "Timeline", "blocs": "Blocs and clusters",
    "news": "News", "running": "Running", "upcoming": "Upcoming", "finished": "Finished",
    "phase_upcoming": "Upcoming",
    "page_n": "Page {n}", "year_news": "News of {year}", "month_n": "Month {n}",
    "news_count": "{n} announcements.", "this_year_leader": "Leader in {year}",
    "progress": "elapsed", "leader": "Leader", "deputy": "Deputy", "subscribe_page": "Subscribe", "search": "Search",
    "skip": "Skip to the main content",
}


def labels_for(language: str) -> dict[str, str]:
    return EN if language == "en" else VI
