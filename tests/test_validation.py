"""Every validation rule, with its whole message, on small sites written here."""

from __future__ import annotations

import pytest

from generator import ContentError

CAMPAIGN = """
    title: Đợt thi đua cao điểm
    kind: peak
    province: lam-dong
    start: 27/9/2024
    end: năm 2025
    phases:
      - start: 2024-09-27
        end: 31/12/2024
      - start: 1/2025
        end: tháng 8/2025
"""

CASES = {
    "yaml syntax": (
        {"campaigns/x.yml": "title: [a\nkind: peak\n"},
        ["content/campaigns/x.yml:2: YAML syntax error: did not find expected ',' or ']' while "
         "parsing a flow sequence; check the indentation and quote values that contain ': ' or "
         "start with a special character"]),
    "tab indentation": (
        {"campaigns/x.yml": "title: x\nplan:\n\tnumber: 1\n"},
        ["content/campaigns/x.yml:3: a tab character in the indentation; YAML allows only spaces there"]),
    "duplicate key": (
        {"campaigns/x.yml": "title: a\nstart: 2024\nend: 2025\ntitle: b\n"},
        ["content/campaigns/x.yml:4: duplicate key 'title' (first given on line 1); YAML keeps "
         "only one of them, so remove or rename the other"]),
    "unknown field with suggestion": (
        {"campaigns/x.yml": "titel: a\nstart: 2024\nend: 2025\n"},
        ["content/campaigns/x.yml:1: titel: unknown field 'titel' Did you mean 'title'?",
         "content/campaigns/x.yml:1: title: required field is missing"]),
    "unknown kind value": (
        {"blocs/khoi-dang.yml": "name: Khối Đảng\nkind: khoi\n"},
        ["content/blocs/khoi-dang.yml:2: kind: 'khoi' is not one of 'bloc', 'cluster'"]),
    "impossible day": (
        {"campaigns/x.yml": "title: a\nstart: 31/2/2025\nend: 2025\n"},
        ["content/campaigns/x.yml:2: start: '31/2/2025' is not a date: 2/2025 has 28 days"]),
    "impossible month": (
        {"campaigns/x.yml": "title: a\nstart: 2025-13\nend: 2025\n"},
        ["content/campaigns/x.yml:2: start: '2025-13' is not a date: month 13 does not exist; "
         "write 27/9/2024, 9/2024, quý III/2024 or 2024 (or 2024-09-27, 2024-09, 2024-Q3)"]),
    "impossible quarter": (
        {"campaigns/x.yml": "title: a\nstart: quý V/2025\nend: 2025\n"},
        ["content/campaigns/x.yml:2: start: 'quý V/2025' is not a date: a year has quarters I to IV (1 to 4)"]),
    "range ends before it starts": (
        {"campaigns/x.yml": "title: a\nstart: 2025\nend: 6/2024\n"},
        ["content/campaigns/x.yml:3: end: tháng 6/2024 is before the start (năm 2025); a range "
         "must end on or after its start"]),
    "phase outside campaign": (
        {"campaigns/x.yml": "title: a\nstart: 2024-10-01\nend: 2024\nphases:\n  - start: 2024-09-27\n    end: 2024-12-31\n"},
        ["content/campaigns/x.yml:5: phases[0].start: Đợt 1 starts on 27/9/2024, before the "
         "campaign starts (1/10/2024)"]),
    "campaign without dates": (
        {"campaigns/x.yml": "title: a\n"},
        ["content/campaigns/x.yml:1: end: required field is missing (a campaign needs an end date, "
         "or phases that give one)",
         "content/campaigns/x.yml:1: start: required field is missing (a campaign needs a start "
         "date, or phases that give one)"]),
    "unknown province id": (
        {"campaigns/x.yml": "title: a\nstart: 2024\nend: 2025\nprovince: lam-dng\n"},
        ["content/campaigns/x.yml:4: province: no province 'lam-dng' Did you mean 'lam-dong'?"]),
    "responds to itself": (
        {"campaigns/x.yml": "title: a\nstart: 2024\nend: 2025\nresponds_to: x\n"},
        ["content/campaigns/x.yml:4: responds_to: a campaign cannot respond to itself"]),
    "responds in a circle": (
        {"campaigns/a.yml": "title: a\nstart: 2024\nend: 2025\nresponds_to: b\n",
         "campaigns/b.yml": "title: b\nstart: 2024\nend: 2025\nresponds_to: a\n"},
        ["content/campaigns/a.yml:4: responds_to: the campaigns respond to each other in a circle "
         "(a -> b -> a); one of them must respond to none",
         "content/campaigns/b.yml:4: responds_to: the campaigns respond to each other in a circle "
         "(b -> a -> b); one of them must respond to none"]),
    "milestone outside its phase": (
        {"campaigns/x.yml": "title: a\nphases:\n  - start: 2024-09-27\n    end: 2024-12-31\n"
                            "    milestones:\n      - {date: 1/2025, title: Tết}\n"},
        ["content/campaigns/x.yml:6: phases[0].milestones[0].date: tháng 1/2025 is outside Đợt 1 "
         "(27/9/2024 – 31/12/2024); move the milestone to the phase it falls in, or to the "
         "campaign's milestones"]),
    "leader not a member, deputy same as leader": (
        {"blocs/b.yml": "name: Khối\nkind: bloc\nmembers: [van-phong]\nterms:\n  - year: 2024\n"
                        "    leader: ban-noi-chinh\n  - year: 2025\n    leader: van-phong\n    deputy: van-phong\n"},
        ["content/blocs/b.yml:6: terms[0].leader: 'ban-noi-chinh' is not a member of this bloc "
         "Add it to 'members', or choose a member.",
         "content/blocs/b.yml:9: terms[1].deputy: the deputy must differ from the leader"]),
    "terms out of order and twice a year": (
        {"blocs/b.yml": "name: Khối\nkind: bloc\nterms:\n  - year: 2024\n  - year: 2023\n  - year: 2024\n"},
        ["content/blocs/b.yml:5: terms[1].year: 2023 comes after 2024; list terms from the oldest "
         "year to the newest",
         "content/blocs/b.yml:6: terms[2].year: 2024 already has a term (terms[0]); give one term per year"]),
    "award category and recipient": (
        {"blocs/b.yml": "name: Khối\nkind: bloc\nterms:\n  - year: 2024\n    awards:\n"
                        "      - {title: Cờ thi đua, category: flag, recipient: van-phong-x}\n"},
        ["content/blocs/b.yml:6: terms[0].awards[0].category: 'flag' is not one of 'title', 'commendation'"]),
    "announcement: unknown campaign with suggestion": (
        {"campaigns/lam-dong-cao-diem-2024-2025.yml": CAMPAIGN,
         "announcements/2024/phat-dong.md": "---\ntitle: Phát động\ndate: 2024-10-10 14:40\n"
                                            "campaigns: [lam-dong-cao-diem-2024]\n---\nBài.\n"},
        ["content/announcements/2024/phat-dong.md:4: campaigns[0]: no campaign "
         "'lam-dong-cao-diem-2024' Did you mean 'lam-dong-cao-diem-2024-2025'?"]),
    "announcement: phase that does not exist": (
        {"campaigns/c.yml": CAMPAIGN,
         "announcements/2024/a.md": "---\ntitle: A\ndate: 2024-10-10\ncampaign: c\nphase: 3\n---\n"},
        ["content/announcements/2024/a.md:5: phase: campaign 'c' has phases 1 to 2, not 3"]),
    "announcement: bad date": (
        {"announcements/2024/a.md": "---\ntitle: A\ndate: 10/13/2024\n---\n"},
        ["content/announcements/2024/a.md:3: date: '10/13/2024' is not a date and time; write "
         "2024-10-10 14:40, 10/10/2024 14:40 or 2024-10-10T14:40:00+07:00"]),
    "front matter never closes": (
        {"announcements/2024/a.md": "---\ntitle: A\ndate: 2024-10-10\n\nBody\n"},
        ["content/announcements/2024/a.md:1: the front matter opened on line 1 never closes; end "
         "it with a line '---' before the text"]),
    "no front matter": (
        {"announcements/2024/a.md": "Just text\n"},
        ["content/announcements/2024/a.md:1: the file must start with front matter: a line '---', "
         "the fields (title: ..., date: ...), and another line '---'"]),
    "file name that is not an id": (
        {"announcements/2024/Phát động.md": "---\ntitle: A\ndate: 2024-10-10\n---\n"},
        ["content/announcements/2024/Phát động.md:1: file name must be an id: lowercase letters "
         "a-z, digits and single hyphens Rename it to 'phat-dong.md'."]),
    "not utf-8": (
        {"campaigns/x.yml": "title: Thi \xf0ua\n".encode("latin-1")},
        ["content/campaigns/x.yml:1: the file is not UTF-8 text; save it as UTF-8 in your editor"]),
    "unknown file kind": (
        {"notes.txt": "hello"},
        ["content/notes.txt:1: thidua does not know this file; files go in site.yml, provinces.yml, "
         "organizations.yml, movements/<id>.yml, campaigns/<id>.yml, blocs/<id>.yml, "
         "announcements/<year>/<slug>.md, pages/<slug>.md or media/"]),
    "image outside media": (
        {"announcements/2024/a.md": "---\ntitle: A\ndate: 2024-10-10\nimage: ../secret.jpg\n---\n"},
        ["content/announcements/2024/a.md:4: image: '../secret.jpg' is not inside media/; write a "
         "path like media/2024/photo.jpg"]),
    "missing image": (
        {"announcements/2024/a.md": "---\ntitle: A\ndate: 2024-10-10\nimage: media/2024/x.jpg\n---\n"},
        ["content/announcements/2024/a.md:4: image: no file 'media/2024/x.jpg' in content/"]),
    "wrong type": (
        {"campaigns/x.yml": "title: [a, b]\nstart: 2024\nend: 2025\n"},
        ["content/campaigns/x.yml:1: title: expected text, found a list"]),
    "empty required text": (
        {"campaigns/x.yml": "title: ''\nstart: 2024\nend: 2025\n"},
        ["content/campaigns/x.yml:1: title: must not be empty"]),
    "bad id in provinces.yml and unknown successor": (
        {"provinces.yml": "lam-dong: {name: Lâm Đồng}\nHau Giang: {name: Hậu Giang}\n"
                          "dak-nong: {name: Đắk Nông, until: 2025-06-30, successor: lam-dongg}\n"},
        ["content/provinces.yml:2: 'Hau Giang' is not an id; write lowercase a-z, digits and "
         "hyphens, like 'lam-dong'",
         "content/provinces.yml:3: dak-nong.successor: no province 'lam-dongg' Did you mean 'lam-dong'?"]),
    "successor without until": (
        {"organizations.yml": "a-b: {name: A}\nc-d: {name: C, successor: a-b}\n"},
        ["content/organizations.yml:2: c-d.successor: a successor needs the day this one ended; add "
         "'until: <date>'"]),
    "two announcements with one URL": (
        {"announcements/2024/a.md": "---\ntitle: A\ndate: 2025-01-02\n---\n",
         "announcements/2025/a.md": "---\ntitle: B\ndate: 2025-01-03\n---\n"},
        ["content/announcements/2024/a.md:3: two pages would be written to /tin-tuc/2025/a/: "
         "content/announcements/2024/a.md, content/announcements/2025/a.md; rename one of the files",
         "content/announcements/2025/a.md:3: two pages would be written to /tin-tuc/2025/a/: "
         "content/announcements/2024/a.md, content/announcements/2025/a.md; rename one of the files"]),
    "yaml alias bomb": (
        {"campaigns/x.yml": "a: &a [x,x,x,x,x,x,x,x,x,x]\n" + "".join(
            f"{n}: &{n} [{', '.join(['*' + p] * 10)}]\n" for p, n in zip("abcdefg", "bcdefgh"))},
        ["content/campaigns/x.yml:1: the YAML expands to more than 200,000 values (aliases "
         "repeated inside aliases?); write the data out instead of nesting aliases"]),
    "announcement outside a year folder": (
        {"announcements/moi/a.md": "---\ntitle: A\ndate: 2024-10-10\n---\n"},
        ["content/announcements/moi/a.md:1: announcements go in a folder named for their year, "
         "like announcements/2024/, not announcements/moi/"]),
    "empty file": (
        {"campaigns/x.yml": "# nothing yet\n"},
        ["content/campaigns/x.yml:1: the file is empty; see the format for what it must hold"]),
    "front matter not fields": (
        {"announcements/2024/a.md": "---\n- a\n- b\n---\n"},
        ["content/announcements/2024/a.md:2: the front matter must be fields like 'title: ...', one per line"]),
    "site.yml not fields": (
        {"site.yml": "- a\n"},
        ["content/site.yml:1: site.yml must hold fields like 'title: ...'"]),
    "unknown time zone": (
        {"site.yml": "title: T\nbase_url: https://x.vn/\ntimezone: Asia/Hanoi\n"},
        ["content/site.yml:3: timezone: 'Asia/Hanoi' is not a time zone; write one like Asia/Ho_Chi_Minh"]),
    "campaign file is a list": (
        {"campaigns/x.yml": "- title: a\n"},
        ["content/campaigns/x.yml:1: expected fields like 'name: ...', one per line; found a single "
         "value or a list"]),
    "organization entry not fields": (
        {"organizations.yml": "van-phong: Văn phòng\n"},
        ["content/organizations.yml:1: van-phong: expected fields like 'name: ...' under the id"]),
    "both campaign and campaigns": (
        {"campaigns/c.yml": "title: c\nstart: 2024\nend: 2025\n",
         "announcements/2024/a.md": "---\ntitle: A\ndate: 2024-10-10\ncampaign: c\ncampaigns: [c]\n---\n"},
        ["content/announcements/2024/a.md:4: campaign: give either 'campaign' or 'campaigns', not both"]),
    "id in a list that is not an id": (
        {"blocs/b.yml": "name: B\nkind: bloc\nmembers: [Văn phòng]\n"},
        ["content/blocs/b.yml:3: members[0]: 'Văn phòng' is not an id; ids are lowercase a-z, "
         "digits and single hyphens Write 'van-phong'."]),
    "number out of range": (
        {"site.yml": "title: T\nbase_url: https://x.vn/\nfeeds: {items: 0}\n"},
        ["content/site.yml:3: feeds.items: 0 is out of range; input should be greater than or equal to 1"]),
    "listed twice": (
        {"blocs/b.yml": "name: B\nkind: bloc\nmembers: [van-phong, van-phong]\n"},
        ["content/blocs/b.yml:3: members[1]: 'van-phong' is listed twice"]),
    "issuer that looks like an unknown id": (
        {"campaigns/x.yml": "title: a\nstart: 2024\nend: 2025\nissuer: van-phog\n"},
        ["content/campaigns/x.yml:4: issuer: no organization 'van-phog' Did you mean 'van-phong'?"]),
    "own successor": (
        {"organizations.yml": "a-b: {name: A, until: 2025, successor: a-b}\n"},
        ["content/organizations.yml:1: a-b.successor: an organization cannot be its own successor"]),
    "phase ends after campaign": (
        {"campaigns/x.yml": "title: a\nstart: 2024\nend: 2024\nphases:\n  - start: 2024-10\n    end: 1/2025\n"},
        ["content/campaigns/x.yml:6: phases[0].end: Đợt 1 ends on tháng 1/2025, after the campaign "
         "ends (năm 2024)"]),
    "phases overlap": (
        {"campaigns/x.yml": "title: a\nphases:\n  - start: 2024-10\n    end: 12/2024\n"
                            "  - start: 15/12/2024\n    end: 2025\n"},
        ["content/campaigns/x.yml:5: phases[1].start: Đợt 2 starts on 15/12/2024, before the "
         "previous phase ends (tháng 12/2024)"]),
    "phase without one campaign": (
        {"announcements/2024/a.md": "---\ntitle: A\ndate: 2024-10-10\nphase: 1\n---\n"},
        ["content/announcements/2024/a.md:4: phase: a phase number needs exactly one campaign in "
         "'campaigns', found 0"]),
    "a date that does not exist": (
        {"announcements/2024/a.md": "---\ntitle: A\ndate: 2024-13-01\n---\n",
         "campaigns/x.yml": "title: X\nstart: 2024-02-30\nend: 2025\n"},
        ["content/announcements/2024/a.md:3: date: '2024-13-01' is not a date and time; write "
         "2024-10-10 14:40, 10/10/2024 14:40 or 2024-10-10T14:40:00+07:00",
         "content/campaigns/x.yml:2: start: '2024-02-30' is not a date: 2/2024 has 29 days"]),
    "free page on a section URL": (
        {"pages/tin-tuc.md": "---\ntitle: Tin\n---\n"},
        ["content/pages/tin-tuc.md:1: two pages would be written to /tin-tuc/: the news page, "
         "content/pages/tin-tuc.md; rename one of the files"]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_invalid_input_gives_exact_messages(make_site, name):
    files, expected = CASES[name]
    site = make_site(files)
    with pytest.raises(ContentError) as caught:
        site.build()
    assert [str(p) for p in caught.value.problems] == expected
    assert not site.output.exists(), "a failed build must write nothing"


def test_missing_site_yml(make_site):
    site = make_site({"campaigns/x.yml": "title: a\nstart: 2024\nend: 2025\n"}, base=False)
    with pytest.raises(ContentError) as caught:
        site.build()
    assert [str(p) for p in caught.value.problems] == [
        "content/site.yml:1: site.yml is missing; every site needs one with at least 'title' and "
        "'base_url'"]


def test_empty_site_yml(make_site):
    site = make_site({"site.yml": ""}, base=False)
    with pytest.raises(ContentError) as caught:
        site.build()
    assert [str(p) for p in caught.value.problems] == [
        "content/site.yml:1: the file is empty; see the format for what it must hold"]


def test_all_errors_of_all_files_at_once(make_site):
    site = make_site({"campaigns/a.yml": "title: a\nstart: 2025-13\nend: 2025\n",
                      "blocs/b.yml": "name: B\nkind: khoi\n",
                      "announcements/2024/c.md": "---\ntitle: C\ndate: 2024-10-10\nblocs: [bb]\n---\n"})
    with pytest.raises(ContentError) as caught:
        site.build()
    assert [p.path for p in caught.value.problems] == [
        "content/announcements/2024/c.md", "content/blocs/b.yml", "content/campaigns/a.yml"]
    assert caught.value.summary() == "3 errors in 3 files; nothing was written."


@pytest.mark.parametrize("target, message", [
    ("outside", "this link points outside the site folder; copy the file into content/ instead"),
    ("nothing", "this link leads to no file; remove it or point it at one inside the site folder"),
])
def test_symlinked_announcement_that_is_not_in_the_site(make_site, tmp_path, target, message):
    outside = tmp_path / "secret.md"
    outside.write_text("---\ntitle: Bí mật\ndate: 2024-10-10\n---\n", encoding="utf-8")
    site = make_site({})
    (site.root / "content/announcements/2024").mkdir(parents=True)
    (site.root / "content/announcements/2024/bi-mat.md").symlink_to(
        outside if target == "outside" else site.root / "content/khong-co.md")
    with pytest.raises(ContentError) as caught:
        site.build()
    assert [str(p) for p in caught.value.problems] == [
        f"content/announcements/2024/bi-mat.md:1: {message}"]
