//! The supervisors' reports page.

helpdesk_shared::messages! {
    /// The supervisors' reports page.
    pub enum Reports {
        Title =>
            "Отчёты"
            | "Reports",
        Lead =>
            "Как служба держит обещания: объём, сроки, решение с первого обращения, эскалации, удовлетворённость и чаты. Дни — по московскому времени."
            | "How the service keeps its promises: volume, times, first-contact resolution, escalations, satisfaction and chats. Days are Moscow days.",
        Filters =>
            "Период и фильтры"
            | "Range and filters",
        From =>
            "С"
            | "From",
        To =>
            "По"
            | "To",
        Channel =>
            "Канал"
            | "Channel",
        Department =>
            "Отдел"
            | "Department",
        Any =>
            "Все"
            | "All",
        ChannelForm =>
            "Форма обращения"
            | "Request form",
        ChannelChat =>
            "Чат"
            | "Chat",
        LevelBot =>
            "1 — бот"
            | "1 — bot",
        LevelOperator =>
            "2 — оператор"
            | "2 — operator",
        LevelSpecialist =>
            "3 — отдел"
            | "3 — department",
        Presets =>
            "Быстрый выбор периода"
            | "Quick ranges",
        Week =>
            "7 дней"
            | "7 days",
        Days30 =>
            "30 дней"
            | "30 days",
        Quarter =>
            "Квартал"
            | "Quarter",
        Year =>
            "Год"
            | "Year",
        Show =>
            "Показать"
            | "Show",
        Csv =>
            "Скачать CSV (Excel)"
            | "Download CSV (Excel)",
        Key =>
            "Главное за период"
            | "Key figures",
        Received =>
            "Получено"
            | "Received",
        Resolved =>
            "Решено"
            | "Resolved",
        Rejected =>
            "Отказано"
            | "Rejected",
        FirstResponse =>
            "Первый ответ"
            | "First response",
        Resolution =>
            "Решение"
            | "Resolution",
        Median =>
            "медиана"
            | "median",
        P90 =>
            "90 % — не дольше"
            | "90 % within",
        WorkTime =>
            "в рабочем времени"
            | "in working time",
        WallTime =>
            "в календарном времени"
            | "in calendar time",
        WithinLevel =>
            "в срок по уровню сервиса"
            | "within the service level",
        Fcr =>
            "Решено с первого обращения"
            | "First-contact resolution",
        Escalated =>
            "Передано в отдел (3-й уровень)"
            | "Escalated to a department (level 3)",
        EscalatedAuto =>
            "автоматически"
            | "automatically",
        EscalatedManual =>
            "вручную"
            | "by staff",
        Csat =>
            "Удовлетворённость (CSAT, оценки 4–5)"
            | "Satisfaction (CSAT, scores 4–5)",
        Nps =>
            "Индекс лояльности (NPS)"
            | "Net promoter score (NPS)",
        Answers =>
            "ответов"
            | "answers",
        Of =>
            "из"
            | "of",
        NoData =>
            "нет данных"
            | "no data",
        Chats =>
            "Чаты"
            | "Chats",
        ChatsStarted =>
            "Начато чатов"
            | "Chats started",
        ChatsBot =>
            "Решено ботом"
            | "Answered by the bot",
        ChatsHanded =>
            "Передано оператору"
            | "Handed to an operator",
        ChatsWait =>
            "Ожидание оператора"
            | "Wait for an operator",
        ChatsReply =>
            "Первый ответ оператора"
            | "Operator's first reply",
        PerDay =>
            "Обращения по дням"
            | "Requests per day",
        ByCategory =>
            "По темам"
            | "By topic",
        ByChannel =>
            "По каналам"
            | "By channel",
        NoTopic =>
            "Без темы"
            | "No topic",
        ByWeek =>
            "По неделям, с первого дня недели. "
            | "By week, from its first day. ",
        Table =>
            "Таблица"
            | "Table",
        Date =>
            "Дата"
            | "Date",
        Total =>
            "Итого"
            | "Total",
        Summary =>
            "Кратко"
            | "In short",
        Peak =>
            "Больше всего получено"
            | "Most received",
        Definitions =>
            "Как считаются показатели"
            | "How the figures are counted",
        DefVolume =>
            "Получено — обращения, поступившие в этот день; решено и отказано — закрытые в этот день с таким итогом. Обращение считается в группе, где оно сейчас: переданное в отдел — в отделе."
            | "Received: requests that arrived that day; resolved and rejected: closed that day with that outcome. A request counts in the group it is in now: one escalated to a department counts there.",
        DefFirst =>
            "Первый ответ — от поступления до первого ответа, который видит гражданин (ответ, вопрос или итог); считается в день ответа. В срок — если пришёл к сроку его уровня сервиса и срок не был пропущен раньше."
            | "First response: from arrival to the first answer the citizen sees (a reply, a question or the outcome), counted on the day of that answer. Within the level when it came by the date of its service level, which had not passed before.",
        DefResolution =>
            "Решение — от поступления до закрытия, без времени ожидания ответа гражданина; считается в день закрытия. Рабочее время — только часы работы операторов по производственному календарю. В срок — закрыто к дате, которую видел гражданин, и не передано в отдел из-за просрочки."
            | "Resolution: from arrival to closing, less the time spent waiting for the citizen, counted on the closing day. Working time counts the operators' hours of the business calendar only. Within the level: closed by the date the citizen was shown and not escalated for being late.",
        DefFcr =>
            "Решено с первого обращения — из решённых: не передавались в отдел, гражданин не отправлял повторный запрос и у него не запрашивали сведения. Закрытое обращение не открывается заново: гражданин пишет новое."
            | "First-contact resolution: of the requests resolved, those never escalated to a department, never the subject of a repeat request and never asked for more information. A closed request is never reopened: the citizen writes a new one.",
        DefEscalation =>
            "Эскалация — из закрытых обращений те, что передавались в отдел: автоматически (истёк срок) или сотрудником."
            | "Escalation: of the requests closed, those that went to a department, automatically (a date passed) or by staff.",
        DefCsat =>
            "CSAT — доля оценок 4 и 5 из всех оценок: опрос по закрытому обращению (в день его закрытия) и оценка чата (в день чата). NPS — доля оценок 9–10 минус доля 0–6, в пунктах."
            | "CSAT: the share of 4s and 5s among all scores, from the survey of a closed request (on its closing day) and the end-of-chat rating (on the chat's day). NPS: the share of 9–10 less the share of 0–6, in points.",
        DefChats =>
            "Чаты — по дню начала: переданные оператору и решённые ботом; ожидание — от передачи до того, как оператор взял чат; первый ответ — от передачи до первого сообщения оператора, в срок — не дольше времени, заданного для чата."
            | "Chats, by the day they started: handed to an operator or answered by the bot alone; the wait from the hand-off until an operator took the chat; the first reply from the hand-off to the operator's first message, within the level when no longer than the chat's first-reply time.",
        DefPercentiles =>
            "Медиана и 90-й процентиль берутся из гистограмм с четырьмя корзинами на каждое удвоение времени: погрешность не больше 9 %."
            | "Medians and 90th percentiles come from histograms with four buckets per doubling of time: within 9 % of the true value.",
        Failed =>
            "Не удалось получить отчёт. Проверьте даты и попробуйте ещё раз."
            | "The report could not be read. Check the dates and try again.",
        Forbidden =>
            "Отчёты доступны руководителям и администраторам."
            | "Reports are for supervisors and admins.",
        Open =>
            "Отчёты"
            | "Reports",
    }
}
