//! The chat bot's decisions: pure functions over the knowledge base's engine, so they
//! are the same locally and on Lambda and are tested without a store. What the bot
//! says is written here in both languages; the service (`chat::Chats`) carries out the
//! decision (a hand-off, a status look-up).

use helpdesk_shared::chat::ArticleLink;
use helpdesk_shared::faq::Knowledge;
use helpdesk_shared::search::words;
use helpdesk_shared::{Category, Lang, TicketNumber};

/// What the bot does with a citizen's message.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// The best articles, and the topic recognised.
    Answer {
        articles: Vec<ArticleLink>,
        /// The best article's short answer.
        text: String,
        topic: Option<Category>,
    },
    /// Not sure what is asked: rephrase (a miss).
    Rephrase,
    /// A person was asked for, or this miss is the second.
    HandOff {
        asked: bool,
    },
    /// "What is the status of 123-456-789?"
    Status(TicketNumber),
    /// "Where is my request?" without a number: ask for it.
    AskNumber,
    Hello,
    Thanks,
}

/// Misses (answers not understood or marked unhelpful) after which the chat goes to
/// an operator by itself.
pub const MISSES_TO_HAND_OFF: u8 = 2;

/// Words that ask for a person, at the start of a word as folded (ё → е, lower case).
const PERSON: [&str; 9] = [
    "оператор",
    "человек",
    "живой",
    "живым",
    "сотрудник",
    "operator",
    "human",
    "person",
    "agent",
];

const HELLO: [&str; 7] = [
    "привет",
    "здравствуй",
    "добрый",
    "доброе",
    "hello",
    "hi",
    "здрасте",
];

/// A request (обращение, заявка) and a question of where or what status: with no
/// number in it, the bot asks for the number.
const REQUEST: [&str; 4] = ["обращени", "заявк", "request", "ticket"];
const WHERE: [&str; 5] = ["где", "статус", "status", "where", "когда"];

const THANKS: [&str; 4] = ["спасибо", "благодарю", "thanks", "thank"];

/// The questions offered as buttons at the start (each one the bot answers: tested).
pub fn quick_questions(lang: Lang) -> [&'static str; 4] {
    match lang {
        Lang::Ru => [
            "Как восстановить пароль?",
            "Как оплатить госпошлину?",
            "Где моё обращение?",
            "Не приходит СМС-код",
        ],
        Lang::En => [
            "How do I recover my password?",
            "How do I pay a state fee?",
            "Where is my request?",
            "The SMS code does not arrive",
        ],
    }
}

/// A request number written anywhere in the text (`123-456-789`, `123 456 789`,
/// `123456789`) whose check digit holds.
pub fn number_in(text: &str) -> Option<TicketNumber> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        let mut digits = 0;
        while end < chars.len() && (chars[end].is_ascii_digit() || matches!(chars[end], '-' | ' '))
        {
            if chars[end].is_ascii_digit() {
                digits += 1;
            }
            end += 1;
        }
        let run: String = chars[start..end].iter().collect();
        if digits == 9
            && let Ok(n) = TicketNumber::parse(run.trim_end_matches([' ', '-']))
        {
            return Some(n);
        }
        i = end;
    }
    None
}

/// What the bot does with `text`, having missed `misses` times before in this chat.
pub fn decide(knowledge: &Knowledge, text: &str, lang: Lang, misses: u8) -> Decision {
    if let Some(n) = number_in(text) {
        return Decision::Status(n);
    }
    let said = words(text);
    let has = |list: &[&str]| said.iter().any(|w| list.iter().any(|p| w.starts_with(p)));
    // A short message asking for a person (not "my mobile operator does not send
    // the SMS", which is a question).
    if said.len() <= 6 && has(&PERSON) {
        return Decision::HandOff { asked: true };
    }
    if said.len() <= 6 && has(&REQUEST) && has(&WHERE) {
        return Decision::AskNumber;
    }
    let found = knowledge.answer(text);
    if let Some(best) = found.first() {
        return Decision::Answer {
            text: best.text(lang).answer.clone(),
            articles: found
                .iter()
                .map(|a| ArticleLink {
                    slug: a.slug.clone(),
                    title: a.text(lang).title.clone(),
                })
                .collect(),
            topic: knowledge
                .topic(text)
                .filter(|(_, sure)| *sure >= helpdesk_shared::faq::TOPIC_SUGGEST_FROM)
                .map(|(c, _)| c)
                .or_else(|| best.category()),
        };
    }
    if said.len() <= 3 && has(&THANKS) {
        return Decision::Thanks;
    }
    if said.len() <= 3 && has(&HELLO) {
        return Decision::Hello;
    }
    if misses + 1 >= MISSES_TO_HAND_OFF {
        Decision::HandOff { asked: false }
    } else {
        Decision::Rephrase
    }
}

/// The bot's lines, in the chat's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    Greeting,
    Rephrase,
    Hello,
    Thanks,
    Helped,
    DidNotHelp,
    /// Out of hours or nobody online: leave a request.
    Away,
    /// Handed off: an operator will answer here.
    Waiting,
    AskNumber,
}

pub fn line(l: Line, lang: Lang) -> &'static str {
    match (lang, l) {
        (Lang::Ru, Line::Greeting) => {
            "Здравствуйте! Я бот поддержки портала. Задайте вопрос своими словами или выберите из списка. Связаться с оператором можно в любой момент."
        }
        (Lang::En, Line::Greeting) => {
            "Hello! I am the portal's support bot. Ask your question in your own words or pick one below. You can reach an operator at any time."
        }
        (Lang::Ru, Line::Rephrase) => {
            "Я не уверен, что понял вопрос. Попробуйте сказать иначе, например: «не приходит СМС-код». Или нажмите «Связаться с оператором»."
        }
        (Lang::En, Line::Rephrase) => {
            "I am not sure I understood. Try saying it another way, e.g. \"the SMS code does not arrive\". Or press \"Contact an operator\"."
        }
        (Lang::Ru, Line::Hello) => {
            "Здравствуйте! Чем помочь? Напишите вопрос или выберите из списка."
        }
        (Lang::En, Line::Hello) => "Hello! How can I help? Write your question or pick one below.",
        (Lang::Ru, Line::Thanks) => "Пожалуйста! Если появятся вопросы — пишите.",
        (Lang::En, Line::Thanks) => "You are welcome! Write if you have more questions.",
        (Lang::Ru, Line::Helped) => "Рад, что помог. Если есть ещё вопросы — пишите.",
        (Lang::En, Line::Helped) => "Glad it helped. Write if you have more questions.",
        (Lang::Ru, Line::DidNotHelp) => {
            "Жаль. Попробуйте спросить иначе или нажмите «Связаться с оператором»."
        }
        (Lang::En, Line::DidNotHelp) => {
            "Sorry. Try asking another way or press \"Contact an operator\"."
        }
        (Lang::Ru, Line::Away) => {
            "Вы можете оставить обращение: номер и код для проверки статуса вы получите сразу, а ответ придёт в рабочее время."
        }
        (Lang::En, Line::Away) => {
            "You can leave a request: you get its number and code at once, and the answer comes in working hours."
        }
        (Lang::Ru, Line::AskNumber) => {
            "Напишите номер обращения, например 123-456-789, — я покажу его статус. Номер есть в СМС или письме о регистрации обращения."
        }
        (Lang::En, Line::AskNumber) => {
            "Write the request's number, e.g. 123-456-789, and I will show its status. The number is in the SMS or e-mail sent when it was registered."
        }
        (Lang::Ru, Line::Waiting) => {
            "Передаю разговор оператору вместе со всей перепиской. Пишите здесь — оператор увидит."
        }
        (Lang::En, Line::Waiting) => {
            "I am handing the conversation to an operator with everything said so far. Keep writing here: the operator will see it."
        }
    }
}

/// "Ask for the code of 123-456-789".
pub fn ask_code(number: &str, lang: Lang) -> String {
    match lang {
        Lang::Ru => format!(
            "Чтобы показать статус обращения {number}, введите код доступа — его выдали при подаче обращения."
        ),
        Lang::En => format!(
            "To show the status of request {number}, enter its access code (given when it was sent)."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb() -> Knowledge {
        Knowledge::new(crate::faq::built_in().to_vec())
    }

    #[test]
    fn a_clear_question_gets_articles_and_its_topic() {
        let Decision::Answer {
            articles, topic, ..
        } = decide(&kb(), "как оплатить госпошлину со скидкой", Lang::Ru, 0)
        else {
            panic!("no answer");
        };
        assert_eq!(articles[0].slug, "pay-fee");
        assert_eq!(topic, Some(Category::Payments));
    }

    #[test]
    fn every_quick_question_is_answered() {
        let kb = kb();
        for lang in [Lang::Ru, Lang::En] {
            for q in quick_questions(lang) {
                let d = decide(&kb, q, lang, 0);
                assert!(
                    matches!(d, Decision::Answer { .. } | Decision::AskNumber),
                    "{q}: {d:?}"
                );
            }
        }
    }

    #[test]
    fn an_unclear_question_is_asked_again_then_handed_off() {
        let kb = kb();
        assert_eq!(decide(&kb, "рецепт борща", Lang::Ru, 0), Decision::Rephrase);
        assert_eq!(
            decide(&kb, "рецепт борща", Lang::Ru, 1),
            Decision::HandOff { asked: false }
        );
    }

    #[test]
    fn asking_for_a_person_hands_off_but_a_question_about_operators_does_not() {
        let kb = kb();
        for text in [
            "Позовите оператора",
            "хочу поговорить с живым человеком",
            "operator please",
        ] {
            assert_eq!(
                decide(&kb, text, Lang::Ru, 0),
                Decision::HandOff { asked: true },
                "{text}"
            );
        }
        assert!(matches!(
            decide(
                &kb,
                "мой оператор связи не доставляет смс с кодом подтверждения на телефон",
                Lang::Ru,
                0
            ),
            Decision::Answer { .. }
        ));
    }

    #[test]
    fn a_request_number_is_a_status_question() {
        let kb = kb();
        let n = helpdesk_shared::TicketNumber::from_random(123_456);
        let shown = n.display();
        let spaced = shown.replace('-', " ");
        for text in [
            format!("какой статус у обращения {shown}?"),
            format!("статус {spaced}"),
        ] {
            assert_eq!(
                decide(&kb, &text, Lang::Ru, 0),
                Decision::Status(n),
                "{text}"
            );
        }
        // Nine digits whose check digit fails are not a number (a phone's tail, a typo).
        let mut wrong = shown.clone().into_bytes();
        let last = wrong.len() - 1;
        wrong[last] = if wrong[last] == b'0' { b'1' } else { b'0' };
        let wrong = String::from_utf8(wrong).expect("ascii");
        assert_eq!(number_in(&format!("обращение {wrong}")), None);
    }

    #[test]
    fn where_is_my_request_asks_for_its_number() {
        let kb = kb();
        for text in [
            "Где моё обращение?",
            "какой статус заявки",
            "where is my request",
        ] {
            assert_eq!(
                decide(&kb, text, Lang::Ru, 0),
                Decision::AskNumber,
                "{text}"
            );
        }
    }

    #[test]
    fn small_talk_is_answered_without_counting_a_miss() {
        let kb = kb();
        assert_eq!(decide(&kb, "Спасибо!", Lang::Ru, 1), Decision::Thanks);
        assert_eq!(decide(&kb, "привет", Lang::Ru, 1), Decision::Hello);
    }
}
