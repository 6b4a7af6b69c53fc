//! The operators' queue and a request as staff see it.

helpdesk_shared::messages! {
    /// The operators' queue and a request as staff see it.
    pub enum Workspace {
        QueueTitle =>
            "Очередь обращений"
            | "Request queue",
        QueueCounts =>
            "Сводка"
            | "Summary",
        QueueOpen =>
            "Открыто"
            | "Open",
        QueueOverdue =>
            "Просрочено"
            | "Overdue",
        QueueUnassigned =>
            "Без исполнителя"
            | "Unassigned",
        QueueMine =>
            "Мои"
            | "Mine",
        QueueFilters =>
            "Фильтры"
            | "Filters",
        QueueStatus =>
            "Статус"
            | "Status",
        QueueCategory =>
            "Тема"
            | "Topic",
        QueueLevel =>
            "Уровень"
            | "Level",
        QueueAssignee =>
            "Исполнитель"
            | "Assignee",
        QueueAny =>
            "Любой"
            | "Any",
        QueueAnyF =>
            "Любая"
            | "Any",
        QueueOpenOnly =>
            "Все открытые"
            | "All open",
        QueueAssigneeMe =>
            "Я"
            | "Me",
        QueueAssigneeNone =>
            "Не назначен"
            | "Unassigned",
        QueueLevelOperator =>
            "2 — оператор"
            | "2: operator",
        QueueLevelSpecialist =>
            "3 — специалисты"
            | "3: specialists",
        QueueOnlyOverdue =>
            "Только просроченные"
            | "Overdue only",
        QueueApply =>
            "Показать"
            | "Show",
        QueueMore =>
            "Показать ещё"
            | "Show more",
        QueueEmpty =>
            "Нет обращений по этим условиям."
            | "No requests match.",
        QueueNumber =>
            "Номер"
            | "Number",
        QueueSubject =>
            "Тема обращения"
            | "Subject",
        QueueDue =>
            "Ответить до"
            | "Answer by",
        QueueLateBy =>
            "просрочено на"
            | "overdue by",
        QueueDueIn =>
            "осталось"
            | "left:",
        QueueRepeat =>
            "повторный запрос заявителя"
            | "the citizen's repeat request",
        QueuePaused =>
            "срок остановлен: ждём заявителя"
            | "on hold: waiting for the citizen",
        QueueDueNote =>
            "Оставшееся время считается в рабочих часах операторов (с учётом выходных и праздников); пока обращение ждёт сведений заявителя, срок стоит."
            | "Time left counts the operators' working hours (weekends and holidays included); while a request waits for the citizen, its clock stands still.",
        QueueRefreshed =>
            "Обновляется каждые 30 секунд"
            | "Refreshes every 30 seconds",
        TicketBack =>
            "К очереди"
            | "Back to the queue",
        TicketName =>
            "ФИО"
            | "Full name",
        TicketPhone =>
            "Телефон"
            | "Phone",
        TicketEmail =>
            "Эл. почта"
            | "E-mail",
        TicketSnils =>
            "СНИЛС"
            | "SNILS",
        TicketInn =>
            "ИНН"
            | "INN",
        TicketApplication =>
            "Номер заявления"
            | "Application number",
        TicketDescription =>
            "Описание"
            | "Description",
        TicketLanguage =>
            "Язык уведомлений"
            | "Notification language",
        TicketLevel =>
            "Уровень"
            | "Level",
        TicketDepartment =>
            "Отдел"
            | "Department",
        TicketAssignee =>
            "Исполнитель"
            | "Assignee",
        TicketNobody =>
            "не назначен"
            | "nobody",
        TicketActions =>
            "Действия"
            | "Actions",
        TicketAction =>
            "Что сделать"
            | "What to do",
        TicketTake =>
            "Взять в работу"
            | "Take",
        TicketAssign =>
            "Назначить"
            | "Assign",
        TicketReply =>
            "Ответить"
            | "Reply",
        TicketAskInfo =>
            "Запросить информацию"
            | "Ask for information",
        TicketResolve =>
            "Завершить с ответом"
            | "Resolve with an answer",
        TicketReject =>
            "Отказать"
            | "Reject",
        TicketEscalate =>
            "Передать специалистам"
            | "Pass to specialists",
        TicketNote =>
            "Внутренняя заметка"
            | "Internal note",
        TicketText =>
            "Текст"
            | "Text",
        TicketTextHint =>
            "Видит гражданин, кроме внутренней заметки и причины передачи"
            | "The citizen sees it, except internal notes and escalation reasons",
        TicketAnswer =>
            "Ответ"
            | "Answer",
        TicketReason =>
            "Причина"
            | "Reason",
        TicketAlternatives =>
            "Что может сделать гражданин"
            | "What the citizen can do instead",
        TicketDays =>
            "Срок ответа гражданина, дней"
            | "Days the citizen has to answer",
        TicketLogin =>
            "Сотрудник"
            | "Staff member",
        TicketPeopleNone =>
            "Нет сотрудников, которым можно назначить это обращение."
            | "Nobody can be assigned this request.",
        TicketPeopleChoose =>
            "Выберите сотрудника"
            | "Choose a staff member",
        TicketCanned =>
            "Шаблон ответа"
            | "Canned response",
        TicketCannedNone =>
            "Без шаблона"
            | "None",
        TicketDo =>
            "Выполнить"
            | "Do it",
        TicketDone =>
            "Готово: обращение обновлено."
            | "Done: the request is updated.",
        TicketConflict =>
            "Обращение только что изменил другой сотрудник. Обновите его и решите заново — ваш текст сохранится."
            | "Someone else just changed this request. Reload it and decide again; your text is kept.",
        TicketReload =>
            "Обновить обращение"
            | "Reload the request",
        TicketClosed =>
            "Обращение закрыто — действия недоступны."
            | "The request is closed: no actions.",
        TicketNotAllowed =>
            "Это действие недоступно в текущем статусе обращения."
            | "This action is not possible in the request's current status.",
        TicketForbidden =>
            "Ваша роль не позволяет изменять это обращение."
            | "Your role cannot change this request.",
        TicketNotFound =>
            "Обращение не найдено или не относится к вашему отделу."
            | "No such request, or not your department's.",
        ChatsTitle =>
            "Чаты с гражданами"
            | "Chats with citizens",
        ChatsOnline =>
            "Сотрудников в сети"
            | "Staff online",
        ChatsWaiting =>
            "Ждут ответа"
            | "Waiting for an answer",
        ChatsDepartment =>
            "Передан в отдел"
            | "Transferred to",
        ChatsLate =>
            "ждёт дольше обещанного"
            | "waiting past the promise",
        ChatsLateCount =>
            "Чаты ждут ответа дольше обещанного времени первого ответа"
            | "Chats waiting longer than the promised first reply",
        ChatsSound =>
            "Звуковой сигнал, когда появляется новый чат"
            | "Play a sound when a new chat arrives",
        ChatsNoneWaiting =>
            "Сейчас никто не ждёт."
            | "Nobody is waiting now.",
        ChatsMine =>
            "Мои чаты"
            | "My chats",
        ChatsNoneMine =>
            "У вас нет открытых чатов."
            | "You have no open chats.",
        ChatsTake =>
            "Взять"
            | "Take",
        ChatsOpen =>
            "Открыть"
            | "Open",
        ChatsNote =>
            "Заметка коллеги"
            | "A colleague's note",
        ChatsWaitingMinutes =>
            "ждёт, мин"
            | "waiting, min",
        ChatsTaken =>
            "Этот чат уже взял другой оператор."
            | "Another operator has taken this chat.",
        ChatsRefreshed =>
            "Список обновляется каждые 10 секунд; пока страница открыта, вы в сети."
            | "The list refreshes every 10 seconds; while this page is open you are online.",
        ChatsLoading =>
            "Открываем чат…"
            | "Opening the chat…",
        DayTitle =>
            "Приём по записи"
            | "Booked visits",
        DayLead =>
            "Записи отделения на день по времени: отметьте, кто пришёл и кто нет; заметку видят коллеги."
            | "An office's bookings of a day by time: mark who came and who did not; colleagues see the note.",
        DayShow =>
            "Показать"
            | "Show",
        DayEmpty =>
            "На этот день записей нет."
            | "No bookings on this day.",
        DayNumber =>
            "Запись"
            | "Booking",
        DayContact =>
            "Контакт"
            | "Contact",
        DayStatus =>
            "Отметка"
            | "Mark",
        DayNote =>
            "Заметка"
            | "Note",
        DayCame =>
            "Пришёл"
            | "Came",
        DayNoShow =>
            "Не пришёл"
            | "Did not come",
        DayUndo =>
            "Снять отметку"
            | "Undo the mark",
        DayPrint =>
            "Распечатать список"
            | "Print the list",
        DayNotYet =>
            "Визит отмечают в его день."
            | "A visit is marked on its day.",
        DayMarked =>
            "Отметка сохранена."
            | "The mark is saved.",
    }
}
