//! The self-service pages: the knowledge base (FAQ, search, "was this helpful?"), contacts and hours.

helpdesk_shared::messages! {
    /// The self-service pages: the knowledge base, contacts and hours.
    pub enum Faq {
        KnowledgeLead =>
            "Ответы на частые вопросы о портале. Напишите вопрос своими словами — поиск поймёт."
            | "Answers to common questions about the portal. Type your question in your own words.",
        TopicsTitle =>
            "Темы"
            | "Topics",
        ChatTitle =>
            "Чат с поддержкой"
            | "Support chat",
        ChatLead =>
            "Бот отвечает сразу, днём и ночью. В часы работы операторов разговор можно передать человеку; в другое время бот скажет, когда они вернутся, и поможет оставить обращение."
            | "The bot answers at once, day and night. In operators' hours you can hand the conversation to a person; at other times the bot says when they are back and helps you leave a request.",
        ChatLoading =>
            "Открываем чат…"
            | "Opening the chat…",
        ContactsTitle =>
            "Контакты и часы работы"
            | "Contacts and hours",
        ContactsLead =>
            "Как связаться со службой поддержки и когда вам ответит человек."
            | "How to reach the help desk, and when a person will answer.",
        ContactsOpen =>
            "Операторы сейчас работают, до"
            | "Operators are at work now, until",
        ContactsOpensToday =>
            "Операторы сейчас не работают. Начнут сегодня в"
            | "Operators are not at work now. They start today at",
        ContactsOpensTomorrow =>
            "Операторы сейчас не работают. Начнут завтра в"
            | "Operators are not at work now. They start tomorrow at",
        ContactsMsk =>
            "(МСК)"
            | "(Moscow time)",
        ContactsAlways =>
            "Круглосуточно"
            | "Around the clock",
        ContactsAlwaysHotline =>
            "горячая линия — звонок бесплатный по России;"
            | "the hotline, free to call within Russia;",
        ContactsAlwaysForm =>
            "подать обращение или жалобу через форму — его рассмотрят в ближайшие рабочие часы;"
            | "submitting a request or complaint with the form: it is handled in the next working hours;",
        ContactsAlwaysStatus =>
            "узнать статус обращения и дополнить его."
            | "checking a request's status and adding information to it.",
    }
}
