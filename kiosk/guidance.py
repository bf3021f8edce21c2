"""What the kiosk says aloud for a citizen who cannot read the screen well: the screen's
question, then its buttons in the order they stand, and on the result screen the number
and where to go. Vietnamese by default (the words as espeak-ng reads them: numbers
spelled out, counters as "quầy 1, 2 và 5"), English on request."""

from __future__ import annotations

from typing import TYPE_CHECKING

from queue_core.speech import say_number

from .state import Language, Screen

if TYPE_CHECKING:
    from .presenter import KioskPresenter

SAY: dict[Language, dict[str, str]] = {
    "vi": {
        "home": "Xin chào Quý vị. Để lấy số thứ tự, chạm nút lớn ở giữa màn hình. "
        "Người cao tuổi, người khuyết tật và phụ nữ mang thai chạm nút Ưu tiên ngay bên "
        "dưới. Nút Tra cứu thủ tục ở dưới cùng. Chạm nút Nghe hướng dẫn ở góc trên để "
        "nghe lại.",
        "priority": "Quý vị thuộc nhóm ưu tiên nào? Các nút, từ trên xuống: {items}. "
        "Nút Quay lại ở cuối màn hình.",
        "services": "Quý vị cần làm thủ tục thuộc lĩnh vực nào? Các nút, từ trên xuống: "
        "{items}. Nút Quay lại ở cuối màn hình.",
        "procedures": "{service}. Chọn thủ tục. Các nút, từ trên xuống: {items}.",
        "confirm": "Quý vị đã chọn {service}, {counters}. Chạm nút lớn In số thứ tự ở "
        "cuối màn hình để nhận phiếu.",
        "result": "Số thứ tự của Quý vị là {number}. {where}. {ahead} Xin mời Quý vị "
        "nhận phiếu và theo dõi màn hình.",
        "ahead": "Có {n} người chờ trước Quý vị.",
        "lookup": "Gõ tên thủ tục trên bàn phím ở nửa dưới màn hình; kết quả hiện ở "
        "trên. Nút Trang chủ ở cuối màn hình.",
        "detail": "{procedure}. Hồ sơ cần chuẩn bị: {papers}. Chạm nút Lấy số thứ tự để "
        "lấy số cho thủ tục này.",
        "counters": "quầy {numbers}",
        "priority_counter": "Mời Quý vị đến quầy ưu tiên {numbers}",
        "and": "và",
        "printing": "Đang in số thứ tự, xin Quý vị chờ một chút.",
    },
    "en": {
        "home": "Welcome. To take a number, touch the large button in the middle of the "
        "screen. Older persons, people with disabilities and pregnant women touch the "
        "Priority button just below. Look up procedures is at the bottom. Touch Listen at "
        "the top to hear this again.",
        "priority": "Which priority group do you belong to? The buttons, from the top: "
        "{items}. Back is at the bottom.",
        "services": "Which service do you need? The buttons, from the top: {items}. Back "
        "is at the bottom.",
        "procedures": "{service}. Choose a procedure. The buttons, from the top: {items}.",
        "confirm": "You chose {service}, {counters}. Touch the large Print my number "
        "button at the bottom to get your ticket.",
        "result": "Your number is {number}. {where}. {ahead} Please take your ticket and "
        "watch the screen.",
        "ahead": "{n} people are ahead of you.",
        "lookup": "Type a procedure name on the keyboard in the lower half of the screen; "
        "results show above. Home is at the bottom.",
        "detail": "{procedure}. Documents to bring: {papers}. Touch Take a number to take "
        "a number for this procedure.",
        "counters": "counter {numbers}",
        "priority_counter": "Please go to priority counter {numbers}",
        "and": "and",
        "printing": "Printing your number, please wait a moment.",
    },
}


def spoken_list(items: list[str], joiner: str) -> str:
    """'1, 2 và 5'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {joiner} {items[-1]}"


def guidance(p: KioskPresenter) -> str:
    """The sentences for the screen the citizen sees now ('' for the staff screens)."""
    s = p.state
    say = SAY[s.language]
    service = p.service()
    items: list[str] = []
    if s.screen is Screen.HOME:
        return say["home"]
    if s.screen is Screen.PRIORITY:
        items = [name for _, name in p.priority_groups()]
    elif s.screen is Screen.SERVICES:
        items = [p.name_of(x) for x in p.services()]
    elif s.screen is Screen.PROCEDURES and service is not None:
        items = [p.name_of(x) for x in service.procedures]
        return say["procedures"].format(service=p.name_of(service), items="; ".join(items))
    elif s.screen is Screen.CONFIRM and service is not None:
        if s.busy:
            return say["printing"]
        where = _counters(p, service.id)
        return say["confirm"].format(service=p.name_of(service), counters=where)
    elif s.screen is Screen.RESULT and s.ticket is not None:
        return _result(p)
    elif s.screen is Screen.LOOKUP:
        return say["lookup"]
    elif s.screen is Screen.DETAIL and (found := p.detail()) is not None:
        _, proc = found
        return say["detail"].format(procedure=p.name_of(proc), papers="; ".join(proc.papers))
    else:
        return ""
    key = "priority" if s.screen is Screen.PRIORITY else "services"
    return say[key].format(items="; ".join(items))


def _numbers(numbers: list[int], joiner: str) -> str:
    return spoken_list([str(n) for n in numbers], joiner)


def _counters(p: KioskPresenter, service_id: str) -> str:
    say = SAY[p.state.language]
    numbers = [c.number for c in p.centre.counters if service_id in c.services]
    return say["counters"].format(numbers=_numbers(numbers, say["and"]))


def _result(p: KioskPresenter) -> str:
    s = p.state
    say = SAY[s.language]
    ticket = s.ticket
    assert ticket is not None
    number = say_number(ticket.number) if s.language == "vi" else " ".join(ticket.number)
    if ticket.priority_counters:
        where = say["priority_counter"].format(
            numbers=_numbers(list(ticket.priority_counters), say["and"])
        )
    else:
        where = _counters(p, ticket.service_id)
        where = where[0].upper() + where[1:]
    ahead = say["ahead"].format(n=ticket.waiting_ahead) if ticket.waiting_ahead else ""
    return " ".join(say["result"].format(number=number, where=where, ahead=ahead).split())
