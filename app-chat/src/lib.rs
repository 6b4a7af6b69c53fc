//! The chat in the browser, as a wasm module of its own so the SPA's first load carries
//! none of it: the boot script's `helpdeskChat()` imports it when a chat is opened, and
//! the SPA hands `open` an element to fill. Plain DOM, no framework.
//!
//! The store is the truth: the module reads the chat (`GET …?after=N`) when it opens,
//! when the socket (re)connects and whenever a frame says it missed something, and keeps
//! messages by number, so each shows once. What the citizen typed is never lost: the
//! draft is kept as it is typed, and a message that could not be sent stays in the log
//! as "not sent yet" (and in localStorage) until the connection is back.

mod events;
mod files;
mod mine;
pub use mine::mine;
mod net;
mod request_view;
mod socket;
mod transcript;
mod transfer;
mod view;

use std::cell::RefCell;
use std::collections::BTreeMap;

use helpdesk_shared::chat::{
    BotAsk, ChatEvent, ChatMessage, ChatStarted, ChatState, ChatView, QueuePlace, Said, StartChat,
};
use helpdesk_shared::text::escape_html;
use helpdesk_shared::{Category, Lang, ProblemCode};
use net::{Auth, Failure};
use serde::{Deserialize, Serialize};
use view::Text;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlInputElement, HtmlTextAreaElement, WebSocket};

/// localStorage: the citizen's chat (`{"id","key"}`), the draft, unsent messages.
const SAVED: &str = "helpdesk.chat";
const DRAFT: &str = "helpdesk.chat.draft";
const PENDING: &str = "helpdesk.chat.pending";

/// The timer's beat, and how many beats between socket pings (API Gateway closes a
/// connection idle for 10 minutes) and before a reconnection (it closes any after 2 h).
const BEAT_MS: i32 = 5_000;
const PING_BEATS: u32 = 48;
const RENEW_BEATS: u32 = 1_300;

#[derive(Serialize, Deserialize)]
struct Saved {
    id: String,
    key: String,
}

/// A message sent but not confirmed: its client id and text.
#[derive(Clone, Serialize, Deserialize)]
struct Pending {
    client_id: String,
    text: String,
}

struct Session {
    root: Element,
    lang: Lang,
    staff: bool,
    id: String,
    auth: Auth,
    messages: BTreeMap<u64, ChatMessage>,
    state: ChatState,
    operator: Option<String>,
    queue: Option<QueuePlace>,
    topic: Option<Category>,
    rated: bool,
    socket: Option<WebSocket>,
    connected: bool,
    /// The wait before the next reconnection.
    retry_ms: i32,
    /// The socket's message handler, dropped with the socket it listens to.
    on_message: Option<Closure<dyn FnMut(web_sys::MessageEvent)>>,
    beats: u32,
    typing_sent: f64,
    typing_until: f64,
    /// The request form's values and refusals; the request made (number, code).
    request_form: request_view::RequestForm,
    made: Option<(String, String)>,
    /// What the extras area shows now.
    extra_html: String,
    /// Counts opened sessions: callbacks of an older one do nothing.
    generation: u32,
}

thread_local! {
    static SESSION: RefCell<Option<Session>> = const { RefCell::new(None) };
    static GENERATION: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

fn with<T>(f: impl FnOnce(&mut Session) -> T) -> Option<T> {
    SESSION.with_borrow_mut(|s| s.as_mut().map(f))
}

fn current(generation: u32) -> bool {
    with(|s| s.generation == generation).unwrap_or(false)
}

fn by_id<T: JsCast>(id: &str) -> Option<T> {
    web_sys::window()?
        .document()?
        .get_element_by_id(id)?
        .dyn_into()
        .ok()
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Fills `root` with a chat and makes it work: in the console (`staff`), the chat `chat`
/// as its operator; for a citizen, the chat `chat` (one of theirs, read by their
/// session or this browser's key) or, with `chat` empty, the one this browser has or a
/// new one.
#[wasm_bindgen]
pub fn open(root: JsValue, lang_code: &str, chat: &str, staff: bool) {
    let Ok(root) = root.dyn_into::<Element>() else {
        return;
    };
    close();
    let lang = Lang::from_code(lang_code).unwrap_or(Lang::Ru);
    root.set_inner_html(&view::frame(lang, staff));
    let generation = GENERATION.with(|g| {
        g.set(g.get() + 1);
        g.get()
    });
    SESSION.set(Some(Session {
        root: root.clone(),
        lang,
        staff,
        id: chat.to_owned(),
        auth: Auth::Session,
        messages: BTreeMap::new(),
        state: ChatState::Bot,
        operator: None,
        queue: None,
        topic: None,
        rated: false,
        socket: None,
        connected: false,
        retry_ms: 0,
        on_message: None,
        beats: 0,
        typing_sent: 0.0,
        typing_until: 0.0,
        request_form: request_view::RequestForm::default(),
        made: None,
        extra_html: String::new(),
        generation,
    }));
    if let Some(text) = by_id::<HtmlTextAreaElement>("chat-text") {
        text.set_value(&net::load(DRAFT).filter(|_| !staff).unwrap_or_default());
    }
    wire(&root);
    beat(generation);
    wasm_bindgen_futures::spawn_local(async move {
        begin(generation).await;
    });
}

/// Ends what `open` started (the SPA calls it when the page goes): the socket closes,
/// timers and callbacks stop.
#[wasm_bindgen]
pub fn close() {
    if let Some(Some(socket)) = with(|s| s.socket.take()) {
        socket.set_onclose(None);
        let _ = socket.close();
    }
    SESSION.set(None);
}

/// Reads the chat to show: the citizen's saved one (or a new one), the console's.
async fn begin(generation: u32) {
    let Some((staff, id, lang)) = with(|s| (s.staff, s.id.clone(), s.lang)) else {
        return;
    };
    if staff {
        match net::call::<ChatView>(
            "GET",
            &format!("/staff/chats/{id}"),
            None::<&()>,
            &Auth::Session,
        )
        .await
        {
            Ok(v) => apply(generation, v),
            Err(f) => return fail(&f),
        }
    } else {
        let saved = net::load(SAVED).and_then(|s| serde_json::from_str::<Saved>(&s).ok());
        // A chat asked for by id ("Мои обращения"): with this browser's key if it is the
        // one it has, otherwise by the citizen's session.
        let (wanted, auth) = match saved {
            Some(saved) if id.is_empty() || id == saved.id => (saved.id, Auth::Key(saved.key)),
            _ if !id.is_empty() => (id.clone(), Auth::Session),
            _ => (String::new(), Auth::Session),
        };
        let resumed = if wanted.is_empty() {
            false
        } else {
            match net::call::<ChatView>("GET", &format!("/chat/{wanted}"), None::<&()>, &auth).await
            {
                Ok(v) => {
                    with(|s| {
                        s.id.clone_from(&wanted);
                        s.auth = auth;
                    });
                    apply(generation, v);
                    true
                }
                Err(Failure::Problem(_, ProblemCode::ChatNotFound)) if id.is_empty() => false,
                Err(f) => return fail(&f),
            }
        };
        if !resumed && !start(generation, lang).await {
            return;
        }
    }
    connect(generation);
    resend(generation).await;
}

/// A new chat with the bot; its id and key kept in this browser.
async fn start(generation: u32, lang: Lang) -> bool {
    let body = StartChat { lang: Some(lang) };
    match net::call::<ChatStarted>("POST", "/chat", Some(&body), &Auth::Session).await {
        Ok(started) => {
            let saved = Saved {
                id: started.chat.id.clone(),
                key: started.key.clone(),
            };
            net::store(SAVED, &serde_json::to_string(&saved).unwrap_or_default());
            with(|s| {
                s.id = saved.id;
                s.auth = Auth::Key(saved.key);
            });
            apply(generation, started.chat);
            true
        }
        Err(f) => {
            fail(&f);
            false
        }
    }
}

/// Takes a view of the chat: its state and the messages in it.
fn apply(generation: u32, v: ChatView) {
    if !current(generation) {
        return;
    }
    let more = v.more;
    with(|s| {
        s.state = v.state;
        s.operator = v.operator;
        s.queue = v.queue;
        s.topic = v.topic;
        s.rated = v.rated;
    });
    merge(generation, v.messages, None);
    if more {
        wasm_bindgen_futures::spawn_local(catch_up(generation));
    }
}

/// The messages after the last this page has.
async fn catch_up(generation: u32) {
    let Some((path, auth)) = with(|s| (read_path(s), s.auth.clone())) else {
        return;
    };
    if let Ok(v) = net::call::<ChatView>("GET", &path, None::<&()>, &auth).await {
        apply(generation, v);
    }
}

fn read_path(s: &Session) -> String {
    let after = last_seq(s);
    if s.staff {
        format!("/staff/chats/{}?after={after}", s.id)
    } else {
        format!("/chat/{}?after={after}", s.id)
    }
}

/// The last message number with every one before it here.
fn last_seq(s: &Session) -> u64 {
    let mut n = 0;
    while s.messages.contains_key(&(n + 1)) {
        n += 1;
    }
    n
}

/// Adds messages not shown yet (each once, in number order) and updates what depends on
/// them; a gap before them is read from the store.
fn merge(generation: u32, messages: Vec<ChatMessage>, state: Option<ChatState>) {
    let gap = with(|s| {
        if let Some(st) = state {
            s.state = st;
        }
        let before_last = s.messages.keys().next_back().copied();
        let mut touched: Vec<u64> = Vec::new();
        for m in messages {
            if s.messages.contains_key(&m.seq) {
                continue;
            }
            match &m.event {
                Some(ChatEvent::Marked { of, .. }) => touched.push(*of),
                Some(ChatEvent::Joined { name } | ChatEvent::HandedOver { name }) => {
                    s.operator = Some(name.clone()); // who answers now
                }
                _ => {}
            }
            if let Some(id) = &m.client_id {
                drop_pending(id);
            }
            if m.topic.is_some() {
                s.topic = m.topic; // what the bot recognised, as the chat's view says
            }
            touched.push(m.seq);
            s.messages.insert(m.seq, m);
        }
        if let Some(prev) = before_last
            && s.messages.keys().next_back() != Some(&prev)
        {
            touched.push(prev); // no longer the last: its quick questions go
        }
        for seq in touched {
            render(s, seq);
        }
        chrome(s);
        s.messages.keys().next_back().copied().unwrap_or(0) > last_seq(s)
    });
    if gap == Some(true) {
        wasm_bindgen_futures::spawn_local(catch_up(generation));
    }
}

/// Shows message `seq` in its place in the log (or again, changed).
fn render(s: &Session, seq: u64) {
    let Some(m) = s.messages.get(&seq) else {
        return;
    };
    let Some(log) = by_id::<Element>("chat-log") else {
        return;
    };
    let last = s.messages.keys().next_back() == Some(&seq);
    let marked = s
        .messages
        .values()
        .any(|x| matches!(&x.event, Some(ChatEvent::Marked { of, .. }) if *of == seq));
    let html = view::message(m, s.lang, s.staff, last, marked);
    let selector = format!("li[data-seq=\"{seq}\"]");
    if let Ok(Some(old)) = log.query_selector(&selector) {
        old.set_outer_html(&html);
        return;
    }
    // Before the first shown message with a greater number, or the unsent ones.
    let children = log.children();
    for i in 0..children.length() {
        let Some(child) = children.item(i) else {
            continue;
        };
        let later = child
            .get_attribute("data-seq")
            .and_then(|v| v.parse::<u64>().ok())
            .is_none_or(|n| n > seq);
        if later {
            let _ = child.insert_adjacent_html("beforebegin", &html);
            return;
        }
    }
    let _ = log.insert_adjacent_html("beforeend", &html);
}

/// The state line, the forms the bot asks for, and which buttons apply.
fn chrome(s: &mut Session) {
    let t = |k: Text| k.text(s.lang);
    if let Some(line) = by_id::<Element>("chat-state") {
        let mut text = view::state_line(s.state, s.operator.as_deref(), s.queue, s.lang);
        if !s.connected && s.state != ChatState::Ended && s.socket.is_some() {
            text = format!("{text} {}", t(Text::Reconnecting));
        }
        line.set_inner_html(&text);
    }
    let ended = s.state == ChatState::Ended;
    let last = s.messages.values().next_back();
    let extra = if ended && !s.staff {
        format!(
            "{}{}",
            view::rating(s.rated, s.lang),
            transcript::view(s.lang)
        )
    } else if let Some(BotAsk::AccessCode { number }) = last.and_then(|m| m.asks.clone()) {
        if s.staff {
            String::new()
        } else {
            view::code_form(&number, s.lang)
        }
    } else if let Some((number, code)) = &s.made {
        request_view::request_done(number, code, s.lang)
    } else if !s.staff
        && s.messages.values().any(|m| match m.event {
            // Out of hours or nobody online, while the bot has the chat; or the operator
            // asked for a request.
            Some(ChatEvent::OperatorsAway { .. }) => s.state == ChatState::Bot,
            Some(ChatEvent::RequestOffered) => !ended,
            _ => false,
        })
        && !s
            .messages
            .values()
            .any(|m| matches!(m.event, Some(ChatEvent::RequestMade { .. })))
    {
        let mut form = s.request_form.clone();
        if form.category.is_empty() {
            form.category = s.topic.map(|c| c.code().to_owned()).unwrap_or_default();
        }
        request_view::request_form(&form, s.lang)
    } else {
        String::new()
    };
    if extra != s.extra_html
        && let Some(box_) = by_id::<Element>("chat-extra")
    {
        // Only when it changed, so a half-typed code is not wiped by a new message.
        box_.set_inner_html(&extra);
        s.extra_html = extra;
    }
    view::show(&s.root, "#chat-operator", s.state == ChatState::Bot);
    view::show(&s.root, "#chat-end", !ended);
    // The console's own buttons, while this operator has the chat.
    let has = s.staff && s.state == ChatState::Operator;
    view::show(&s.root, "#chat-offer", has);
    view::show(&s.root, "#chat-transfer", has);
    view::show(&s.root, "#chat-form", !ended);
    // "Ответ помог?" only while the bot has the chat.
    view::show(&s.root, ".chat-mark", s.state == ChatState::Bot);
}

/// Says a failure on the error line.
fn fail(f: &Failure) {
    let Some(lang) = with(|s| s.lang) else { return };
    let text = match f {
        Failure::Network => Text::Offline,
        Failure::Problem(_, ProblemCode::RateLimited) => Text::TooMany,
        Failure::Problem(_, ProblemCode::ChatNotFound) => Text::Gone,
        Failure::Problem(_, ProblemCode::ChatTaken) => Text::Taken,
        Failure::Problem(_, ProblemCode::Validation) => Text::TooLong,
        Failure::Problem(..) | Failure::Fields(_) => Text::Failed,
    };
    error(text.text(lang));
}

fn error(text: &str) {
    if let Some(e) = by_id::<Element>("chat-error") {
        e.set_text_content(Some(text));
    }
}

use events::{beat, drop_pending, resend, wire};
use socket::connect;

/// For `events`: the HTML of an unsent message.
fn pending_item(p: &Pending, lang: Lang) -> String {
    format!(
        r#"<li class="msg msg-citizen msg-pending" data-client="{id}"><p>{text}</p><p class="hint">{note}</p></li>"#,
        id = escape_html(&p.client_id),
        text = escape_html(&p.text),
        note = Text::Pending.text(lang)
    )
}

/// For `events`: what a call that changes the chat answers.
fn said(generation: u32, said: Said) {
    merge(generation, said.messages, Some(said.state));
}

/// For `events`: the input of a form by id.
fn input_value(id: &str) -> String {
    by_id::<HtmlInputElement>(id)
        .map(|i| i.value())
        .or_else(|| by_id::<HtmlTextAreaElement>(id).map(|t| t.value()))
        .unwrap_or_default()
}
