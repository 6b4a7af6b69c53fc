//! The chat as HTML: the frame (built once: the log, the composer, the buttons) and each
//! message as a list item. Every text is escaped (it is what people typed); links are
//! plain same-site `<a href>`, which the SPA's router takes as in-app navigation.

use helpdesk_shared::Lang;
use helpdesk_shared::chat::{BotAsk, ChatEvent, ChatMessage, ChatState, QueuePlace, Speaker};
use helpdesk_shared::chat_words::{self as words, Words};
use helpdesk_shared::text::escape_html as esc;
use wasm_bindgen::JsCast;

helpdesk_shared::messages! {
    /// The chat's texts.
    pub enum Text {
        Log => "Переписка" | "Conversation",
        Message => "Сообщение" | "Message",
        Send => "Отправить" | "Send",
        SendHint => "Enter — отправить, Shift+Enter — новая строка" | "Enter sends, Shift+Enter starts a new line",
        ToOperator => "Связаться с оператором" | "Contact an operator",
        End => "Завершить чат" | "End the chat",
        Offer => "Предложить оформить обращение" | "Suggest a request",
        StateBot => "Отвечает бот. Оператор — по кнопке «Связаться с оператором»."
            | "The bot answers. For a person, press \"Contact an operator\".",
        StateWaiting => "Ждём оператора" | "Waiting for an operator",
        StateEnded => "Чат завершён" | "The chat has ended",
        Reconnecting => "Связь прервалась — переподключаемся…" | "Connection lost: reconnecting…",
        Typing => "печатает…" | "is typing…",
        Topic => "Тема" | "Topic",
        Helpful => "Ответ помог?" | "Did this help?",
        Yes => "Да" | "Yes",
        No => "Нет" | "No",
        LeaveRequest => "Оставить обращение" | "Leave a request",
        Code => "Код доступа" | "Access code",
        CodeHint => "Например, ABCD-EFGH. Код не попадёт в переписку." | "E.g. ABCD-EFGH. The code does not go into the conversation.",
        ShowStatus => "Показать статус" | "Show the status",
        WrongCode => "Номер и код не подходят друг к другу. Проверьте код из СМС или письма." | "This number and code do not match. Check the code in the SMS or e-mail.",
        RateTitle => "Оцените, пожалуйста, разговор" | "Please rate the conversation",
        Stars => "Оценка от 1 до 5" | "Rating from 1 to 5",
        Comment => "Комментарий (необязательно)" | "Comment (optional)",
        Rate => "Отправить оценку" | "Send the rating",
        PickStars => "Выберите оценку от 1 до 5." | "Pick a rating from 1 to 5.",
        Thanks => "Спасибо за оценку!" | "Thank you for the rating!",
        NewChat => "Начать новый чат" | "Start a new chat",
        Pending => "не отправлено — отправим, когда появится связь" | "not sent yet: it goes when the connection is back",
        Offline => "Нет связи с сервером. Проверьте подключение — всё, что вы написали, сохранено." | "No connection to the server. Check your connection: what you wrote is kept.",
        TooMany => "Слишком много сообщений подряд. Подождите минуту." | "Too many messages in a row. Please wait a minute.",
        TooLong => "Сообщение длиннее 2000 символов — сократите его или разбейте на несколько." | "The message is over 2000 characters: shorten it or split it.",
        Failed => "Не получилось. Попробуйте ещё раз чуть позже." | "That did not work. Please try again a little later.",
        Gone => "Этот чат больше недоступен — начните новый." | "This chat is no longer available: start a new one.",
        Taken => "Этот чат уже у другого оператора." | "Another operator has this chat.",
        RequestTitle => "Оставить обращение" | "Leave a request",
        RequestLead => "Тема — ваш первый вопрос, описание — эта переписка. Ответ придёт в рабочее время; номер и код для проверки статуса — сразу."
            | "The subject is your first question, the description this conversation. The answer comes in working hours; the number and the code to check its status, at once.",
        Category => "Тема обращения" | "Topic",
        PickCategory => "Выберите тему" | "Choose a topic",
        FullName => "ФИО" | "Full name",
        Phone => "Телефон" | "Phone",
        Email => "Электронная почта" | "E-mail",
        ContactHint => "Телефон или почта — хотя бы одно: туда придёт ответ." | "Phone or e-mail, at least one: the answer goes there.",
        Consent => "Согласен на обработку персональных данных (152-ФЗ)" | "I consent to the processing of my personal data (Federal Law 152-FZ)",
        Number => "Номер" | "Number",
        KeepCode => "Сохраните код: он показан только здесь и в сообщениях не присылается. По номеру и коду можно проверить статус; номер мы отправили и вам."
            | "Keep the code: it is shown only here and never sent in messages. With the number and the code you can check the status; we sent you the number too.",
        CheckStatus => "Проверить статус" | "Check the status",
    }
}

/// The frame: state line, log, typing line, extras (forms the bot asks for), composer,
/// error line and the buttons. `staff`: the operator's console (no bot buttons).
pub fn frame(lang: Lang, staff: bool) -> String {
    let t = |k: Text| k.text(lang);
    let operator_button = if staff {
        format!(
            r#"<button type="button" id="chat-offer" class="button button-secondary" hidden>{}</button>{}"#,
            t(Text::Offer),
            crate::transfer::button(lang)
        )
    } else {
        format!(
            r#"<button type="button" id="chat-operator" class="button button-secondary">{}</button>"#,
            t(Text::ToOperator)
        )
    };
    format!(
        r#"<p id="chat-state" class="chat-state" aria-live="polite"></p>
<div role="log" aria-live="polite" aria-label="{log}"><ol id="chat-log" class="chat-log"></ol></div>
<p id="chat-typing" class="chat-typing" aria-live="polite"></p>
<div id="chat-extra"></div>
<form id="chat-form" class="chat-form" novalidate>
<label for="chat-text" class="label">{message}</label>
<textarea id="chat-text" class="input" rows="2" maxlength="2000" aria-describedby="chat-hint chat-error"></textarea>
<p id="chat-hint" class="hint">{hint}</p>
<div class="chat-buttons"><button type="submit" class="button">{send}</button>{attach}{operator_button}<button type="button" id="chat-end" class="button button-secondary">{end}</button></div>
</form>
<p id="chat-error" class="chat-error" role="alert"></p>"#,
        log = t(Text::Log),
        message = t(Text::Message),
        hint = t(Text::SendHint),
        send = t(Text::Send),
        attach = crate::files::button(lang),
        end = t(Text::End),
    )
}

/// `HH:MM` in Moscow time.
fn clock(at: time::OffsetDateTime) -> String {
    let at = at.to_offset(helpdesk_shared::moscow::OFFSET);
    format!("{:02}:{:02}", at.hour(), at.minute())
}

/// The text with its line breaks.
fn lines(text: &str) -> String {
    esc(text).replace('\n', "<br>")
}

/// One message as a list item. `staff`: seen from the console (the citizen is
/// "Гражданин", the operator "Вы"). `last`: the newest (only its buttons are shown).
/// `marked`: the bot's answer was rated already.
pub fn message(m: &ChatMessage, lang: Lang, staff: bool, last: bool, marked: bool) -> String {
    let t = |k: Text| k.text(lang);
    let class = match m.from {
        Speaker::Citizen => "citizen",
        Speaker::Bot => "bot",
        Speaker::Operator => "operator",
        Speaker::System => "system",
    };
    let who = esc(&words::author(m, lang, staff));
    let mut body = String::new();
    if let Some(e) = &m.event {
        body.push_str(&event(e, lang, staff));
    }
    if !m.text.is_empty() {
        body.push_str(&format!("<p>{}</p>", lines(&m.text)));
    }
    body.push_str(&crate::files::list(&m.files, lang));
    if let Some(s) = &m.status {
        let (head, rest) = words::status(s, lang);
        body.push_str(&format!(
            "<p><strong>{}</strong>: {}</p>",
            esc(&head),
            esc(&rest)
        ));
    }
    if !m.articles.is_empty() {
        body.push_str("<ul class=\"chat-articles\">");
        for a in &m.articles {
            body.push_str(&format!(
                r#"<li><a href="/faq/{}">{}</a></li>"#,
                esc(&a.slug),
                esc(&a.title)
            ));
        }
        body.push_str("</ul>");
    }
    if let Some(c) = m.topic {
        body.push_str(&format!(
            r#"<p class="hint">{}: {}</p>"#,
            t(Text::Topic),
            esc(c.title(lang))
        ));
    }
    if last && !staff && !m.quick.is_empty() {
        body.push_str("<p class=\"chat-quick\">");
        for q in &m.quick {
            body.push_str(&format!(
                r#"<button type="button" class="button button-secondary" data-quick="{q}">{q}</button>"#,
                q = esc(q)
            ));
        }
        body.push_str("</p>");
    }
    if !staff && !marked && m.asks == Some(BotAsk::Helpful) {
        body.push_str(&format!(
            r#"<p class="chat-mark">{} <button type="button" class="button button-secondary" data-mark="{seq}" data-helpful="1">{}</button> <button type="button" class="button button-secondary" data-mark="{seq}" data-helpful="0">{}</button></p>"#,
            t(Text::Helpful),
            t(Text::Yes),
            t(Text::No),
            seq = m.seq
        ));
    }
    let head = if who.is_empty() {
        String::new()
    } else {
        format!(
            r#"<p class="chat-who">{who} <time>{}</time></p>"#,
            clock(m.at)
        )
    };
    format!(
        r#"<li class="msg msg-{class}" data-seq="{}">{head}{body}</li>"#,
        m.seq
    )
}

/// A system line in the reader's words (a request made links to the status page).
fn event(e: &ChatEvent, lang: Lang, staff: bool) -> String {
    let text = esc(&words::event(e, lang, staff));
    match e {
        ChatEvent::RequestMade { .. } => format!(
            r#"<p class="chat-event">{text} <a href="/status">{}</a></p>"#,
            Text::CheckStatus.text(lang)
        ),
        _ => format!(r#"<p class="chat-event">{text}</p>"#),
    }
}

/// The line above the log: who answers now.
pub fn state_line(
    state: ChatState,
    operator: Option<&str>,
    queue: Option<QueuePlace>,
    lang: Lang,
) -> String {
    let t = |k: Text| k.text(lang);
    match state {
        ChatState::Bot => t(Text::StateBot).to_owned(),
        ChatState::Waiting => match (queue, lang) {
            (Some(q), Lang::Ru) => format!(
                "{}: вы {}-й в очереди, примерно {} мин.",
                t(Text::StateWaiting),
                q.position,
                q.wait_minutes
            ),
            (Some(q), Lang::En) => format!(
                "{}: you are number {} in the queue, about {} min.",
                t(Text::StateWaiting),
                q.position,
                q.wait_minutes
            ),
            (None, _) => format!("{}…", t(Text::StateWaiting)),
        },
        ChatState::Operator => format!(
            "{} {}",
            Words::Joined.text(lang),
            esc(operator.unwrap_or_default())
        ),
        ChatState::Ended => t(Text::StateEnded).to_owned(),
    }
}

/// The access-code form the bot asked for.
pub fn code_form(number: &str, lang: Lang) -> String {
    let t = |k: Text| k.text(lang);
    format!(
        r#"<form id="chat-code-form" class="chat-box" novalidate data-number="{n}">
<label for="chat-code" class="label">{code} — {n}</label>
<input id="chat-code" class="input" autocomplete="off" autocapitalize="characters" maxlength="12" aria-describedby="chat-code-hint">
<p id="chat-code-hint" class="hint">{hint}</p>
<button type="submit" class="button">{show}</button></form>"#,
        n = esc(number),
        code = t(Text::Code),
        hint = t(Text::CodeHint),
        show = t(Text::ShowStatus),
    )
}

/// The rating at the end, or thanks after it, with "start a new chat".
pub fn rating(rated: bool, lang: Lang) -> String {
    let t = |k: Text| k.text(lang);
    let new_chat = format!(
        r#"<button type="button" id="chat-new" class="button button-secondary">{}</button>"#,
        t(Text::NewChat)
    );
    if rated {
        return format!(
            r#"<div class="chat-box"><p>{}</p>{new_chat}</div>"#,
            t(Text::Thanks)
        );
    }
    let stars: String = (1..=5)
        .map(|n| {
            format!(
                r#"<label class="chat-star"><input type="radio" name="stars" value="{n}"> {n}</label>"#
            )
        })
        .collect();
    format!(
        r#"<form id="chat-rate-form" class="chat-box" novalidate><h2>{title}</h2>
<fieldset><legend>{legend}</legend>{stars}</fieldset>
<label for="chat-comment" class="label">{comment}</label><textarea id="chat-comment" class="input" rows="2" maxlength="1000"></textarea>
<button type="submit" class="button">{rate}</button></form>{new_chat}"#,
        title = t(Text::RateTitle),
        legend = t(Text::Stars),
        comment = t(Text::Comment),
        rate = t(Text::Rate),
    )
}

/// Shows or hides every element of `root` matching `selector`.
pub fn show(root: &web_sys::Element, selector: &str, on: bool) {
    let Ok(all) = root.query_selector_all(selector) else {
        return;
    };
    for e in (0..all.length()).filter_map(|i| all.get(i)?.dyn_into::<web_sys::Element>().ok()) {
        let _ = if on {
            e.remove_attribute("hidden")
        } else {
            e.set_attribute("hidden", "")
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use helpdesk_shared::chat::ArticleLink;

    #[test]
    fn what_people_typed_is_escaped_and_the_bots_buttons_show_once() {
        let mut m = ChatMessage::new(4, time::OffsetDateTime::UNIX_EPOCH, Speaker::Citizen);
        m.text = "<script>alert(1)</script>\nвторая".into();
        let html = message(&m, Lang::Ru, false, true, false);
        assert!(
            html.contains("&lt;script&gt;") && !html.contains("<script>"),
            "{html}"
        );
        assert!(
            html.contains("<br>вторая") && html.contains("03:00"),
            "{html}"
        );
        let mut bot = ChatMessage::new(5, time::OffsetDateTime::UNIX_EPOCH, Speaker::Bot);
        bot.articles = vec![ArticleLink {
            slug: "pay-fee".into(),
            title: "Как \"оплатить\"".into(),
        }];
        bot.asks = Some(BotAsk::Helpful);
        let html = message(&bot, Lang::Ru, false, true, false);
        assert!(html.contains(r#"href="/faq/pay-fee""#) && html.contains("&quot;оплатить&quot;"));
        assert!(html.contains(r#"data-mark="5""#));
        assert!(!message(&bot, Lang::Ru, false, true, true).contains("data-mark"));
        assert!(!message(&bot, Lang::Ru, true, true, false).contains("data-mark"));
    }

    #[test]
    fn the_operators_hours_and_the_queue_read_as_sentences() {
        let away = ChatEvent::OperatorsAway {
            opens: "08:00".into(),
            tomorrow: true,
            nobody_online: false,
        };
        assert_eq!(
            event(&away, Lang::Ru, false),
            r#"<p class="chat-event">Операторы начнут работу завтра в 08:00 (по московскому времени)</p>"#
        );
        let q = QueuePlace {
            position: 2,
            wait_minutes: 6,
        };
        assert_eq!(
            state_line(ChatState::Waiting, None, Some(q), Lang::Ru),
            "Ждём оператора: вы 2-й в очереди, примерно 6 мин."
        );
    }
}
